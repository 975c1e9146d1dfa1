// The 办事一本通 read back from its PDF (text per page, by poppler): the
// cover shows the edition, every guide starts on the page its entry in the
// table of contents names, sections carry their running header and page
// numbers, A5 takes more pages than A4; and the printable HTML book.
#include "guides/book.h"

#include <map>
#include <optional>
#include <regex>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "pdf/testing.h"

namespace zwgk::guides {
namespace {

using pdf::testing::PageTexts;
using pdf::testing::Squeezed;
using ::testing::HasSubstr;
using ::testing::Not;

// Guide `i`'s marker: its 设定依据, found in no other guide.
std::string Marker(int i) { return absl::StrCat("《第", i, "号测试条例》"); }

Guide MakeGuide(int i, const std::string& domain, bool is_long) {
  Guide g;
  g.id = i;
  g.service = absl::StrCat("第", i, "项服务申请");
  g.domain_name = domain;
  g.unit_name = "县测试局";
  g.elements = {{"事项名称", g.service},
                {"事项类型", "行政确认"},
                {"实施主体", "县测试局"},
                {"设定依据", absl::StrCat(Marker(i), "第三条")},
                {"受理范围", "个人"},
                {"受理条件", "1.申请人为本县户籍居民；\n2.材料齐全。"},
                {"办理地点", "县政务服务中心二楼"},
                {"办理时间", "工作日上午9:00-12:00，下午14:00-17:00"},
                {"办件类型", "承诺件"},
                {"到现场次数", "1次"},
                {"法定办结时限", "20个工作日"},
                {"承诺办结时限", "5个工作日"},
                {"是否收费", "否"},
                {"收费标准", "不收费"},
                {"结果名称", "证明"},
                {"送达方式", "窗口领取或邮寄"},
                {"咨询电话", "0715-1234567"},
                {"监督投诉电话", "0715-12345"}};
  g.not_applicable = {{"收费依据", "本事项不收费"}};
  const int materials = is_long ? 45 : 3;
  for (int m = 0; m < materials; ++m)
    g.materials.push_back({.name = absl::StrCat("材料", m + 1, "：身份证明"),
                           .form = m % 2 ? "复印件" : "原件",
                           .copies = 1 + m % 2,
                           .required = m % 3 != 2,
                           .source = "申请人自备"});
  const int steps = is_long ? 12 : 4;
  for (int s = 0; s < steps; ++s)
    g.steps.push_back({.name = absl::StrCat("环节", s + 1),
                       .description =
                           "窗口工作人员审核申请材料，符合条件的予以受理，"
                           "不符合条件的一次性告知需要补正的全部内容。",
                       .time_limit = "1个工作日"});
  g.state = GuideState::kPublished;
  return g;
}

// Twelve guides in three domains; guides 3 and 8 long enough to span pages.
BookInput TwelveGuides(Paper paper) {
  BookInput in{.title = "嘉鱼县办事一本通",
               .subtitle = "全县",
               .issuer = "嘉鱼县人民政府办公室",
               .edition = absl::CivilDay(2026, 12, 3),
               .paper = paper};
  const char* domains[] = {"义务教育", "社会救助", "户籍管理"};
  for (int i = 1; i <= 12; ++i)
    in.guides.push_back(MakeGuide(i, domains[(i - 1) / 4], i == 3 || i == 8));
  return in;
}

// The page number in a page's footer ("— 12 —", drawn last); nullopt on
// the cover and the contents.
std::optional<int> FooterNumber(const std::string& squeezed) {
  static const std::regex footer("—([0-9]+)—$");
  std::smatch m;
  if (!std::regex_search(squeezed, m, footer)) return std::nullopt;
  return std::stoi(m[1]);
}

// What the contents print after `name`: the digits of its page number.
std::optional<int> ContentsNumber(const std::string& contents,
                                  const std::string& name) {
  size_t at = contents.find(name);
  if (at == std::string::npos) return std::nullopt;
  at += name.size();
  size_t end = at;
  while (end < contents.size() && absl::ascii_isdigit(contents[end])) ++end;
  int n = 0;
  if (!absl::SimpleAtoi(contents.substr(at, end - at), &n)) return std::nullopt;
  return n;
}

class BookPdfTest : public ::testing::TestWithParam<Paper> {};

TEST_P(BookPdfTest, TheContentsMatchThePages) {
  const BookInput in = TwelveGuides(GetParam());
  absl::StatusOr<std::string> pdf = RenderBookPdf(in);
  ASSERT_TRUE(pdf.ok()) << pdf.status();
  std::vector<std::string> pages = PageTexts(*pdf);
  ASSERT_GT(pages.size(), 2 + in.guides.size());  // long guides span pages

  // Cover and contents carry no number; the body counts from 1.
  std::vector<std::string> text;
  std::map<int, int> page_numbered;  // footer number → page index
  std::string contents;
  std::optional<size_t> body;
  for (size_t p = 0; p < pages.size(); ++p) {
    text.push_back(Squeezed(pages[p]));
    std::optional<int> n = FooterNumber(text[p]);
    if (!n) {
      EXPECT_FALSE(body) << "page " << p + 1 << " has no number";
      if (p > 0) contents += text[p];
      continue;
    }
    if (!body) body = p;
    EXPECT_EQ(*n, static_cast<int>(p - *body) + 1) << "page " << p + 1;
    page_numbered[*n] = static_cast<int>(p);
  }
  ASSERT_TRUE(body.has_value());
  ASSERT_GE(*body, 2u);  // a cover and at least one page of contents
  EXPECT_THAT(contents, HasSubstr("目录"));

  std::vector<int> starts;
  for (size_t i = 0; i < in.guides.size(); ++i) {
    const Guide& g = in.guides[i];
    std::optional<int> n = ContentsNumber(contents, g.service);
    ASSERT_TRUE(n.has_value()) << g.service << " not in the contents";
    ASSERT_TRUE(page_numbered.contains(*n)) << g.service << " → " << *n;
    const int p = page_numbered[*n];
    starts.push_back(p);
    // The guide begins on that page: its name as the heading, the start
    // of its element table, and nowhere in the body before it.
    EXPECT_THAT(text[p], HasSubstr(absl::StrCat(g.service, "所属领域：")))
        << g.service;
    EXPECT_THAT(text[p], HasSubstr(Marker(g.id))) << g.service;
    for (int q = static_cast<int>(*body); q < p; ++q)
      EXPECT_THAT(text[q], Not(HasSubstr(Marker(g.id))))
          << g.service << " already on page " << q + 1;
  }
  // In book order, each on its own page(s); every page of a guide carries
  // its running header, and no other guide's.
  for (size_t i = 0; i < starts.size(); ++i) {
    const int end =
        i + 1 < starts.size() ? starts[i + 1] : static_cast<int>(pages.size());
    ASSERT_LT(starts[i], end);
    const Guide& g = in.guides[i];
    const std::string header = absl::StrCat(g.domain_name, "·", g.service);
    for (int p = starts[i]; p < end; ++p) {
      EXPECT_THAT(text[p], HasSubstr(header)) << "page " << p + 1;
      for (size_t other = 0; other < in.guides.size(); ++other) {
        if (other == i) continue;
        EXPECT_THAT(
            text[p],
            Not(HasSubstr(absl::StrCat(in.guides[other].domain_name, "·",
                                       in.guides[other].service, "—"))))
            << "page " << p + 1;
      }
    }
  }
  // The long guides span pages: their successor starts two or more on.
  EXPECT_GE(starts[3] - starts[2], 2);
  EXPECT_GE(starts[8] - starts[7], 2);
  // Grouped by domain, in book order.
  EXPECT_LT(contents.find("义务教育"), contents.find(in.guides[0].service));
  EXPECT_LT(contents.find("社会救助"), contents.find(in.guides[4].service));
  EXPECT_GT(contents.find("社会救助"), contents.find(in.guides[3].service));
}

TEST_P(BookPdfTest, TheCoverShowsTitleScopeIssuerAndEdition) {
  absl::StatusOr<std::string> pdf = RenderBookPdf(TwelveGuides(GetParam()));
  ASSERT_TRUE(pdf.ok()) << pdf.status();
  const std::string cover = Squeezed(PageTexts(*pdf).at(0));
  EXPECT_THAT(cover, HasSubstr("嘉鱼县办事一本通"));
  EXPECT_THAT(cover, HasSubstr("全县"));
  EXPECT_THAT(cover, HasSubstr("嘉鱼县人民政府办公室"));
  EXPECT_THAT(cover, HasSubstr("编制日期：2026年12月"));
  EXPECT_THAT(cover, HasSubstr("共12项"));
  EXPECT_THAT(cover, Not(HasSubstr("目录")));
}

TEST_P(BookPdfTest, ElementsPrintInOrderWithNotApplicableReasons) {
  BookInput in = TwelveGuides(GetParam());
  in.guides.resize(1);
  absl::StatusOr<std::string> pdf = RenderBookPdf(in);
  ASSERT_TRUE(pdf.ok()) << pdf.status();
  std::string all;
  for (const std::string& p : PageTexts(*pdf)) all += Squeezed(p);
  EXPECT_THAT(all, HasSubstr("收费依据不涉及：本事项不收费"));
  // The printed order: 设定依据 before 受理条件 before 收费标准.
  const size_t basis = all.find("设定依据《第1号");
  const size_t conditions = all.find("受理条件1.");
  const size_t fee = all.find("收费标准不收费");
  ASSERT_NE(basis, std::string::npos);
  ASSERT_NE(conditions, std::string::npos);
  ASSERT_NE(fee, std::string::npos);
  EXPECT_LT(basis, conditions);
  EXPECT_LT(conditions, fee);
  for (const char* h : {"序号", "材料名称", "形式", "份数", "是否必需", "来源",
                        "办理流程", "环节1"})
    EXPECT_THAT(all, HasSubstr(h));
  // A one-domain book lists its guides without domain groups.
  EXPECT_THAT(all, HasSubstr("第1项服务申请1"));
}

INSTANTIATE_TEST_SUITE_P(Papers, BookPdfTest,
                         ::testing::Values(Paper::kA4, Paper::kA5),
                         [](const auto& info) {
                           return info.param == Paper::kA4 ? "A4" : "A5";
                         });

TEST(BookPdfSizeTest, A5TakesMorePagesThanA4) {
  absl::StatusOr<std::string> a4 = RenderBookPdf(TwelveGuides(Paper::kA4));
  absl::StatusOr<std::string> a5 = RenderBookPdf(TwelveGuides(Paper::kA5));
  ASSERT_TRUE(a4.ok() && a5.ok());
  EXPECT_GT(PageTexts(*a5).size(), PageTexts(*a4).size());
  // The page size itself (A5 is 420.94 × 595.28 pt).
  EXPECT_THAT(*a5, HasSubstr("/MediaBox [ 0 0 420.94 595.28 ]"));
  EXPECT_THAT(*a4, HasSubstr("/MediaBox [ 0 0 595.28 841.89 ]"));
}

TEST(BookPdfSizeTest, AnEmptyBookSaysSo) {
  BookInput in = TwelveGuides(Paper::kA4);
  in.guides.clear();
  absl::StatusOr<std::string> pdf = RenderBookPdf(in);
  ASSERT_TRUE(pdf.ok()) << pdf.status();
  std::vector<std::string> pages = PageTexts(*pdf);
  ASSERT_EQ(pages.size(), 2u);
  EXPECT_THAT(Squeezed(pages[1]), HasSubstr("暂无已发布的办事指南"));
}

TEST(BookHtmlTest, HasEveryGuideLinkedFromTheContentsAndEscapesMarkup) {
  BookInput in = TwelveGuides(Paper::kA5);
  in.guides[5].service = "<script>alert(1)</script>救助申请";
  in.guides[5].elements["受理条件"] = "收入低于\"低保\"标准 & 无房";
  const std::string html = RenderBookHtml(in);
  EXPECT_THAT(html, HasSubstr("<!DOCTYPE html>"));
  EXPECT_THAT(html, HasSubstr("编制日期：2026年12月"));
  EXPECT_THAT(html, HasSubstr("size:A5"));
  EXPECT_THAT(html, HasSubstr("page-break-before:always"));
  for (size_t i = 0; i < in.guides.size(); ++i) {
    const std::string id = absl::StrCat("guide-", i + 1);
    EXPECT_THAT(html, HasSubstr(absl::StrCat("href=\"#", id, "\"")));
    EXPECT_THAT(html, HasSubstr(absl::StrCat("id=\"", id, "\"")));
    if (i != 5) {
      EXPECT_THAT(
          html, HasSubstr(absl::StrCat("<h2>", in.guides[i].service, "</h2>")));
    }
  }
  EXPECT_THAT(html, Not(HasSubstr("<script>")));
  EXPECT_THAT(html, HasSubstr("&lt;script&gt;alert(1)&lt;/script&gt;救助申请"));
  EXPECT_THAT(html, HasSubstr("收入低于&quot;低保&quot;标准 &amp; 无房"));
  EXPECT_THAT(html, HasSubstr("不涉及：本事项不收费"));
  EXPECT_THAT(html, HasSubstr("<h3>社会救助</h3>"));
  EXPECT_THAT(RenderBookHtml(TwelveGuides(Paper::kA4)), HasSubstr("size:A4"));
}

}  // namespace
}  // namespace zwgk::guides
