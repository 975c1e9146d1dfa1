#include "privacy/scan.h"

#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace zwgk::privacy {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

std::vector<std::string> Kinds(const std::vector<Finding>& findings) {
  std::vector<std::string> out;
  for (const Finding& f : findings) out.emplace_back(KindName(f.kind));
  return out;
}

struct Case {
  std::string text;
  std::vector<std::string> kinds;
};

TEST(ScanTextTest, FindsExactlyTheseKinds) {
  const std::vector<Case> cases = {
      // 居民身份证
      {"身份证号：421221199003071238", {"id_card"}},
      {"身份证号：11010519491231002X。", {"id_card"}},
      {"身份证号：11010519491231002x", {"id_card"}},
      {"号码４２１２２１１９９００３０７１２３８", {"id_card"}},
      {"421221 19900307 1238", {"id_card"}},
      {"旧号码421221900307123", {"id_card"}},
      {"bad checksum 421221199003071237", {}},
      {"bad date 421221199002301238", {}},
      {"inside a longer run 54212211990030712381", {}},
      {"region 9: 921221199003071238", {}},
      {"15 digits bad date 421221901307123", {}},
      // 文号 and 索引号
      {"嘉政发〔2026〕12号", {}},
      {"索引号：11421221MB1234567X/2026-00012", {}},
      {"索引号：421221-000-2026-0001", {}},
      {"发布日期2026-03-01 文号嘉政办发〔2026〕3号", {}},
      // mobile
      {"电话13812345678", {"mobile"}},
      {"手机：138-1234-5678", {"mobile"}},
      {"手机：138 1234 5678。", {"mobile"}},
      {"+86 13812345678", {"mobile"}},
      {"+8613812345678", {"mobile"}},
      {"１３８１２３４５６７８", {"mobile"}},
      {"12812345678 is not a mobile", {}},
      {"138123456789 is too long", {}},
      {"金额13812345678.50元", {}},
      // landline
      // … a person's (a 姓名/户主 label nearby) …
      {"户主：张三，电话027-87654321", {"landline"}},
      {"姓名：李四 电话：(0715)8123456", {"landline"}},
      {"申请人王五，联系电话：（0715）8123456", {"landline"}},
      {"收款人赵六 0715－8123456", {"landline"}},
      // … not an office's published number, nor its staff contact's.
      {"联系电话：027-87654321", {}},
      {"联系人：张科长，联系电话：0715-6321234", {}},
      {"服务热线400-123-4567", {}},
      {"政务服务便民热线12345", {}},
      {"800-820-8820", {}},
      // bank card
      {"卡号6222021203001234565", {"bank_card"}},
      {"卡号6217 0012 3456 7893", {"bank_card"}},
      {"卡号6222021203001234566", {}},
      // 统一社会信用代码
      {"个体户92421221MA4FXY123L", {"credit_code"}},
      {"企业91421221MA4FXY123P", {}},
      {"个体户92421221MA4FXY123M", {}},
      // e-mail
      {"邮箱zhang.san@example.com。", {"email"}},
      {"邮箱ｚｈａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ", {"email"}},
      {"13812345678@qq.com", {"email"}},
      {"not@an-address", {}},
      // address
      {"户主：张三，住址：嘉鱼县东风村3组12号", {"address"}},
      {"申请人李四 家住嘉鱼县鱼岳镇阳光小区5栋2单元301室", {"address"}},
      {"联系人王五，地址：鱼岳镇沿江路18号3栋201室", {"address"}},
      {"地址：嘉鱼县东风村3组12号", {}},
      {"办公地址：县政府办公楼", {}},
      {"地址：沿江路1号 联系人：王五", {}},
      // several
      {"张三，身份证421221199003071238，手机13812345678，邮箱a@b.cn",
       {"id_card", "mobile", "email"}},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Kinds(ScanText(c.text, "正文")), c.kinds) << c.text;
  }
}

struct MaskCase {
  Kind kind;
  std::string value;
  std::string mask;
};

TEST(MaskTest, PublicNoticeMasks) {
  const std::vector<MaskCase> cases = {
      {Kind::kIdCard, "421221199003071238", "421***********1238"},
      {Kind::kIdCard, "11010519491231002X", "110***********002X"},
      {Kind::kIdCard, "421221900307123", "421********7123"},
      {Kind::kMobile, "13812345678", "138****5678"},
      {Kind::kMobile, "138-1234-5678", "138-****-5678"},
      {Kind::kLandline, "027-87654321", "027-****4321"},
      {Kind::kLandline, "(0715)8123456", "(0715)***3456"},
      {Kind::kBankCard, "6222021203001234565", "***************4565"},
      {Kind::kBankCard, "6217 0012 3456 7893", "**** **** **** 7893"},
      {Kind::kCreditCode, "92421221MA4FXY123L", "924212*********23L"},
      {Kind::kEmail, "zhang@example.com", "z***@example.com"},
      {Kind::kAddress, "嘉鱼县东风村3组12号", "嘉鱼县东风村***"},
      {Kind::kAddress, "鱼岳镇阳光小区5栋2单元301室", "鱼岳镇阳光小区***"},
  };
  for (const MaskCase& c : cases) {
    EXPECT_EQ(Mask(c.kind, c.value), c.mask) << c.value;
  }
}

TEST(ScanTextTest, PlaceAndMaskedPreview) {
  std::vector<Finding> f =
      ScanText("张三 身份证号：421221199003071238，电话13812345678", "标题");
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].place, "标题");
  EXPECT_EQ(f[0].preview, "张三 身份证号：421***********1238");
  EXPECT_EQ(f[1].preview, "*1238，电话138****5678");  // 8 characters before
  for (const Finding& x : f) {
    EXPECT_THAT(x.preview, Not(HasSubstr("421221199003071238")));
    EXPECT_THAT(x.preview, Not(HasSubstr("13812345678")));
  }
}

TEST(ScanTextTest, OwnValuesAreSkipped) {
  const std::string text =
      "申请人身份证421221199003071238，手机138-1234-5678，邮箱Zhang@Example."
      "com，"
      "他人13912345678";
  ScanOptions own{.own_values = {"421221199003071238", "+86 13812345678",
                                 "zhang@example.com"}};
  EXPECT_THAT(Kinds(ScanText(text, "x", own)), ElementsAre("mobile"));
  EXPECT_EQ(MaskText(text, own),
            "申请人身份证421221199003071238，手机138-1234-5678，邮箱Zhang@"
            "Example.com，他人139****5678");
}

TEST(MaskTextTest, MasksEverythingKeepsTheRest) {
  EXPECT_EQ(MaskText("户主：张三，住址：嘉鱼县东风村3组12号，电话027-87654321"),
            "户主：张三，住址：嘉鱼县东风村***，电话027-****4321");
  EXPECT_EQ(MaskText("没有个人信息。嘉政发〔2026〕12号"),
            "没有个人信息。嘉政发〔2026〕12号");
}

TEST(ScanHtmlTest, PlacesByParagraph) {
  const std::string html =
      "<h2>名单</h2><p>第一段没有</p><p>张三 "
      "<b>身份证</b>421221199003071238</p>"
      "<table><tr><td>李四</td><td>13812345678</td></tr></table>";
  std::vector<Finding> f = ScanHtml(html);
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].place, "正文第3段");
  EXPECT_EQ(f[0].kind, Kind::kIdCard);
  EXPECT_EQ(f[1].place, "正文第5段");
  EXPECT_EQ(f[1].kind, Kind::kMobile);
}

TEST(ScanHtmlTest, AddressInATableRowWithAName) {
  const std::string html =
      "<table><tr><th>姓名</th><th>住址</th></tr>"
      "<tr><td>王秀英</td><td>嘉鱼县东风村3组12号</td></tr>"
      "<tr><td>县民政局</td><td>沿江大道18号3栋</td></tr></table>"
      "<p>东风村3组12号</p>";
  std::vector<Finding> f = ScanHtml(html);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].kind, Kind::kAddress);
  EXPECT_EQ(f[0].place, "正文第4段");
  EXPECT_EQ(f[0].preview, "嘉鱼县东风村***");
  EXPECT_EQ(MaskHtml(html),
            "<table><tr><th>姓名</th><th>住址</th></tr>"
            "<tr><td>王秀英</td><td>嘉鱼县东风村***</td></tr>"
            "<tr><td>县民政局</td><td>沿江大道18号3栋</td></tr></table>"
            "<p>东风村3组12号</p>");
}

TEST(MaskHtmlTest, MasksTextNodesAndContactLinksOnly) {
  const std::string html =
      "<p class=\"x\" data-id=\"421221199003071238\">身份证421221199003071238"
      "</p><p><a href=\"mailto:zhang@example.com\">zhang@example.com</a> "
      "<a href=\"tel:13812345678\">13812345678</a> &amp; "
      "<a href=\"/a/13812345678\">链接</a></p>";
  EXPECT_EQ(MaskHtml(html),
            "<p class=\"x\" data-id=\"421221199003071238\">身份证421***********"
            "1238</p><p><a href=\"mailto:z***@example.com\">z***@example.com</"
            "a> <a href=\"tel:138****5678\">138****5678</a> &amp; "
            "<a href=\"/a/13812345678\">链接</a></p>");
  EXPECT_THAT(ScanHtml(MaskHtml(html)), IsEmpty());
}

// --- Property test: generated values in generated Chinese text -----------

std::string IdNumber(std::mt19937& rng) {
  static constexpr int kW[] = {7, 9, 10, 5,  8, 4, 2, 1, 6,
                               3, 7, 9,  10, 5, 8, 4, 2};
  std::uniform_int_distribution<int> digit(0, 9);
  std::string s = absl::StrCat(std::uniform_int_distribution<int>(1, 8)(rng));
  for (int i = 0; i < 5; ++i) s += static_cast<char>('0' + digit(rng));
  const int y = std::uniform_int_distribution<int>(1930, 2020)(rng);
  const int m = std::uniform_int_distribution<int>(1, 12)(rng);
  const int d = std::uniform_int_distribution<int>(1, 28)(rng);
  char date[9];
  snprintf(date, sizeof date, "%04d%02d%02d", y, m, d);
  s += date;
  for (int i = 0; i < 3; ++i) s += static_cast<char>('0' + digit(rng));
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (s[i] - '0') * kW[i];
  s += "10X98765432"[sum % 11];
  return s;
}

std::string MobileNumber(std::mt19937& rng) {
  std::string s = "1";
  s += static_cast<char>('3' + std::uniform_int_distribution<int>(0, 6)(rng));
  for (int i = 0; i < 9; ++i)
    s += static_cast<char>('0' + std::uniform_int_distribution<int>(0, 9)(rng));
  return s;
}

std::string BankCard(std::mt19937& rng) {
  std::string s = "6222";
  for (int i = 0; i < 14; ++i)
    s += static_cast<char>('0' + std::uniform_int_distribution<int>(0, 9)(rng));
  for (char last = '0'; last <= '9'; ++last) {
    std::string n = s + last;
    int sum = 0;
    bool dbl = false;
    for (size_t i = n.size(); i-- > 0;) {
      int d = n[i] - '0';
      if (dbl) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      sum += d;
      dbl = !dbl;
    }
    if (sum % 10 == 0) return n;
  }
  return s;
}

TEST(ScanPropertyTest, GeneratedValuesFoundOnceAndMasked) {
  std::mt19937 rng(20261203);
  static const std::vector<std::string> kWords = {
      "补贴",   "发放", "名单", "公示", "，", "。", "村民", "金额",   "元",
      "嘉鱼县", "第",   "批",   "低保", "户", "：", " ",    "2026年", "3月"};
  for (int round = 0; round < 300; ++round) {
    std::string text;
    std::vector<std::string> values;
    std::vector<Kind> kinds;
    for (int part = 0; part < 4; ++part) {
      for (int w = std::uniform_int_distribution<int>(1, 5)(rng); w > 0; --w)
        text += kWords[std::uniform_int_distribution<size_t>(
            0, kWords.size() - 1)(rng)];
      // Values are separated from the words' digits ("2026年") by a word.
      text += "号码";
      switch (std::uniform_int_distribution<int>(0, 2)(rng)) {
        case 0:
          values.push_back(IdNumber(rng));
          kinds.push_back(Kind::kIdCard);
          break;
        case 1:
          values.push_back(MobileNumber(rng));
          kinds.push_back(Kind::kMobile);
          break;
        default:
          values.push_back(BankCard(rng));
          kinds.push_back(Kind::kBankCard);
          break;
      }
      text += values.back();
      text += "，";
    }
    std::vector<Finding> f = ScanText(text, "p");
    ASSERT_EQ(f.size(), values.size()) << text;
    for (size_t i = 0; i < f.size(); ++i) {
      EXPECT_EQ(f[i].kind, kinds[i]) << text;
      EXPECT_THAT(f[i].preview, Not(HasSubstr(values[i])));
    }
    std::string masked = MaskText(text);
    for (const std::string& v : values)
      EXPECT_THAT(masked, Not(HasSubstr(v))) << text;
    EXPECT_THAT(ScanText(masked, "p"), IsEmpty()) << masked;
  }
}

TEST(ScanTextTest, OddInputIsSafe) {
  EXPECT_THAT(ScanText("", "p"), IsEmpty());
  EXPECT_EQ(MaskText(""), "");
  // Invalid UTF-8 around a value: found, and the bytes around it kept.
  const std::string bad =
      "\xFF\xFE"
      "13812345678\xE4\xB8";
  EXPECT_THAT(Kinds(ScanText(bad, "p")), ElementsAre("mobile"));
  EXPECT_EQ(MaskText(bad),
            "\xFF\xFE"
            "138****5678\xE4\xB8");
  EXPECT_THAT(ScanText("@@@ a@ @b.cn 1-2-3-4-5-6-7-8 ((0715)", "p"), IsEmpty());
  EXPECT_THAT(ScanHtml("<p>unclosed <b"), IsEmpty());
}

TEST(KindTest, NamesRoundTrip) {
  for (Kind k : kAllKinds) {
    EXPECT_EQ(ParseKind(KindName(k)), k);
    EXPECT_FALSE(KindLabel(k).empty());
  }
  EXPECT_EQ(ParseKind("nope"), std::nullopt);
}

}  // namespace
}  // namespace zwgk::privacy
