// Issue 17's benchmark: the 办事一本通 of 100 realistic guides (10 domains,
// 6–14 materials, 4–8 steps, multi-line 设定依据 and 受理条件) compiled to a
// PDF on A4 and on A5, and to the printable HTML book. One iteration is the
// whole book; the issue asks for under 5 s.
//
//   build/bench/guides_book_bench
//   ZWGK_BOOK_OUT=/tmp build/bench/guides_book_bench  # also keeps the PDFs and
//   HTML
#include <cstdlib>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"
#include "guides/book.h"

namespace zwgk::guides {
namespace {

constexpr int kGuides = 100;

Guide RealisticGuide(int i, std::mt19937& rng) {
  static const char* kDomains[] = {
      "义务教育", "社会救助", "户籍管理", "就业创业",   "养老服务",
      "医疗卫生", "住房保障", "婚姻登记", "残疾人服务", "农业农村"};
  static const char* kVerbs[] = {"申请", "办理", "变更", "注销", "补办"};
  static const char* kThings[] = {"最低生活保障",         "出生医学证明",
                                  "城乡居民养老保险待遇", "小学入学登记",
                                  "就业创业证",           "残疾人两项补贴",
                                  "公共租赁住房",         "结婚登记",
                                  "农村宅基地使用权",     "特困人员救助供养"};
  auto pick = [&](int n) {
    return std::uniform_int_distribution<int>(0, n - 1)(rng);
  };
  Guide g;
  g.id = i + 1;
  g.domain_name = kDomains[i / 10];
  g.unit_name = absl::StrCat("嘉鱼县", g.domain_name, "主管部门");
  g.service =
      absl::StrCat(kThings[pick(10)], kVerbs[pick(5)], "（", i + 1, "）");
  std::string basis;
  for (int l = 0; l < 2 + pick(3); ++l)
    absl::StrAppend(&basis, l ? "\n" : "", l + 1,
                    ".《中华人民共和国社会救助暂行办法》第", 10 + pick(60),
                    "条：县级人民政府民政部门负责本行政区域内的社会救助工作，"
                    "乡镇人民政府、街道办事处负责有关社会救助的申请受理、"
                    "调查审核。");
  std::string conditions;
  for (int l = 0; l < 2 + pick(4); ++l)
    absl::StrAppend(&conditions, l ? "\n" : "", l + 1,
                    ".申请人具有本县户籍，家庭人均收入低于当地最低生活保障"
                    "标准，且家庭财产状况符合规定；");
  g.elements = {
      {"事项名称", g.service},
      {"事项编码", absl::StrCat("11421221MB", 1000 + i, "-0", pick(9))},
      {"事项类型", pick(2) ? "行政给付" : "公共服务"},
      {"实施主体", absl::StrCat(g.unit_name, "（嘉鱼县鱼岳镇沙阳大道1号）")},
      {"设定依据", basis},
      {"受理范围", "个人"},
      {"受理条件", conditions},
      {"办理地点", "嘉鱼县政务服务中心一楼综合窗口"},
      {"办理时间",
       "周一至周五上午8:30-12:00，下午14:30-17:30（法定节假日除外）"},
      {"办件类型", "承诺件"},
      {"到现场次数", "1次"},
      {"法定办结时限", "30个工作日"},
      {"承诺办结时限", absl::StrCat(5 + pick(10), "个工作日")},
      {"是否收费", "否"},
      {"收费标准", "不收费"},
      {"结果名称", "审批决定书"},
      {"送达方式", "窗口领取、邮寄送达或电子证照"},
      {"网上办理地址", "https://zwfw.hubei.gov.cn/"},
      {"咨询电话", "0715-6321234"},
      {"监督投诉电话", "0715-12345"}};
  g.not_applicable = {{"收费依据", "本事项不收费"}};
  for (int m = 0, n = 6 + pick(9); m < n; ++m)
    g.materials.push_back(
        {.name = m % 3 ? "居民身份证、户口簿" : "家庭成员收入及财产状况申报表",
         .form = m % 2 ? "复印件" : "原件及复印件",
         .copies = 1 + pick(2),
         .required = m % 4 != 3,
         .source = m % 3 ? "申请人自备" : "政府部门核发"});
  for (int s = 0, n = 4 + pick(5); s < n; ++s)
    g.steps.push_back({.name = absl::StrCat("环节", s + 1),
                       .description =
                           "窗口工作人员审核申请材料，材料齐全、符合法定形式的"
                           "当场受理；材料不全的一次性告知需要补正的全部内容。",
                       .time_limit = s == 0 ? "即办" : "3个工作日"});
  g.state = GuideState::kPublished;
  return g;
}

BookInput HundredGuides(Paper paper) {
  BookInput in{.title = "嘉鱼县办事一本通",
               .subtitle = "全县",
               .issuer = "嘉鱼县人民政府办公室",
               .edition = absl::CivilDay(2026, 12, 3),
               .paper = paper};
  std::mt19937 rng(20261203);
  for (int i = 0; i < kGuides; ++i) in.guides.push_back(RealisticGuide(i, rng));
  return in;
}

// Page objects ("/Type /Page", not the "/Type /Pages" tree).
int CountPages(const std::string& pdf) {
  int n = 0;
  for (size_t at = pdf.find("/Type /Page"); at != std::string::npos;
       at = pdf.find("/Type /Page", at + 1))
    n += pdf.compare(at, 12, "/Type /Pages") != 0;
  return n;
}

void BM_BookPdf(benchmark::State& state) {
  const Paper paper = state.range(0) == 5 ? Paper::kA5 : Paper::kA4;
  const BookInput in = HundredGuides(paper);
  size_t bytes = 0;
  int pages = 0;
  for (auto _ : state) {
    absl::StatusOr<std::string> pdf = RenderBookPdf(in);
    if (!pdf.ok()) {
      state.SkipWithError(std::string(pdf.status().message()).c_str());
      return;
    }
    bytes = pdf->size();
    benchmark::DoNotOptimize(pdf->data());
    pages = CountPages(*pdf);
  }
  state.counters["bytes"] = static_cast<double>(bytes);
  // ZWGK_BOOK_OUT=dir keeps the books to look at (book-A4.pdf, book-A5.pdf).
  if (const char* dir = std::getenv("ZWGK_BOOK_OUT")) {
    absl::StatusOr<std::string> pdf = RenderBookPdf(in);
    std::ofstream(absl::StrCat(dir, "/book-A", state.range(0), ".pdf"),
                  std::ios::binary)
        << pdf.value_or("");
  }
  state.counters["pages"] = pages;
}
BENCHMARK(BM_BookPdf)
    ->Arg(4)
    ->Arg(5)
    ->ArgName("A")
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3);

void BM_BookHtml(benchmark::State& state) {
  const BookInput in = HundredGuides(Paper::kA4);
  for (auto _ : state) {
    std::string html = RenderBookHtml(in);
    benchmark::DoNotOptimize(html.data());
  }
  if (const char* dir = std::getenv("ZWGK_BOOK_OUT"))
    std::ofstream(absl::StrCat(dir, "/book.html")) << RenderBookHtml(in);
}
BENCHMARK(BM_BookHtml)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace zwgk::guides

BENCHMARK_MAIN();
