// Issue 14, "say it in Chinese, in Beijing time": signed in as the county
// office after seeding records, an application and audited writes, every
// admin and public page reachable by links shows no UTC timestamp
// ("2026-03-02T01:00Z") and no English sentence in its text.
#include <deque>
#include <iostream>
#include <regex>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "app/testing.h"
#include "applications/module.h"
#include "applications/service.h"
#include "catalog/module.h"
#include "core/testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "org/module.h"
#include "publishing/generate.h"
#include "publishing/module.h"

namespace zwgk {
namespace {

// The page as a person reads it: no <script>, <style>, comments, tags or
// attributes; the common entities decoded. <code> holds literal names people
// type (CSV headers, commands), not sentences.
std::string VisibleText(const std::string& html) {
  static const std::regex kHidden(
      R"(<script[\s\S]*?</script>|<style[\s\S]*?</style>|<!--[\s\S]*?-->)"
      R"(|<code>[^<]*</code>)",
      std::regex::icase);
  static const std::regex kTag(R"(<[^>]*>)");
  std::string text = std::regex_replace(html, kHidden, " ");
  text = std::regex_replace(text, kTag, " ");
  return absl::StrReplaceAll(text, {{"&amp;", "&"},
                                    {"&lt;", "<"},
                                    {"&gt;", ">"},
                                    {"&quot;", "\""},
                                    {"&#39;", "'"},
                                    {"&nbsp;", " "}});
}

// Latin words a Chinese page may carry: names, formats and units
// (scripts/check-chinese keeps the same list for source strings).
const std::set<std::string>& AllowedWords() {
  static const auto* kWords = new std::set<std::string>{
      "API", "CSV", "XLSX",  "PDF",  "DOCX",          "DOC",   "XLS",
      "WPS", "RSS", "Atom",  "JSON", "ICS",           "MB",    "KB",
      "GB",  "URL", "HTTPS", "HTTP", "JavaScript",    "ID",    "IP",
      "PNG", "JPG", "OFD",   "ZIP",  "TXT",           "XML",   "YYYY",
      "MM",  "DD",  "HH",    "zwgk", "Authorization", "Bearer"};
  return *kWords;
}

// The first run of three or more Latin words (not all allowed ones) in
// `text`, or "".
std::string EnglishSentence(const std::string& text) {
  static const std::regex kRun(
      R"([A-Za-z][A-Za-z'’]*(?:[ ,.;:!?-]+[A-Za-z][A-Za-z'’]*){2,})");
  static const std::regex kWord(R"([A-Za-z][A-Za-z'’]*)");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), kRun);
       it != std::sregex_iterator(); ++it) {
    const std::string run = it->str();
    int foreign = 0;
    for (auto w = std::sregex_iterator(run.begin(), run.end(), kWord);
         w != std::sregex_iterator(); ++w) {
      if (!AllowedWords().contains(w->str())) ++foreign;
    }
    if (foreign >= 3) return run;
  }
  return "";
}

TEST(VisibleTextTest, DropsScriptsStylesAndAttributes) {
  EXPECT_EQ(
      EnglishSentence(VisibleText(
          R"(<p title="this is english">中文</p><script>var a = "no way here";</script>)")),
      "");
  EXPECT_EQ(EnglishSentence(VisibleText("<p>no holiday schedule for 2027</p>")),
            "no holiday schedule for");
  EXPECT_EQ(EnglishSentence("导出 PDF、DOCX 或 XLSX 文件"), "");
  EXPECT_EQ(EnglishSentence("下载 CSV API JSON"), "");
}

const std::regex& UtcStamp() {
  // "…Z" and any other RFC 3339 form ("…T09:00:00+08:00").
  static const std::regex kUtc(
      R"(\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?(\.\d+)?(Z|[+-]\d\d:\d\d))");
  return kUtc;
}

TEST(VisibleTextTest, FindsUtcTimestampsInTextOnly) {
  EXPECT_TRUE(std::regex_search(VisibleText("<td>2026-03-02T01:00:00Z</td>"),
                                UtcStamp()));
  EXPECT_TRUE(std::regex_search(VisibleText("<p>于 2026-03-02T01:00Z 提交</p>"),
                                UtcStamp()));
  EXPECT_TRUE(std::regex_search(VisibleText("<p>2026-03-02T09:00:00+08:00</p>"),
                                UtcStamp()));
  EXPECT_FALSE(std::regex_search(
      VisibleText(
          R"(<time datetime="2026-03-02T01:00:00Z">2026-03-02 09:00</time>)"),
      UtcStamp()));
}

// The configured zone is the one pages use, from the moment the app opens.
TEST(DisplayZoneTest, TheAppShowsTimesInTheConfiguredZone) {
  FakeClock clock(StartOfDay(absl::CivilDay(2026, 3, 2)));
  for (const auto& [zone, want] :
       {std::pair{"UTC", "2026-12-02 17:35"},
        std::pair{"Asia/Urumqi", "2026-12-02 23:35"},
        std::pair{"Asia/Shanghai", "2026-12-03 01:35"}}) {
    App app(Config{.data_dir = ::testing::TempDir(), .time_zone = zone}, clock);
    ASSERT_TRUE(app.OpenWith(testing::NewDatabase("sqlite")).ok());
    EXPECT_EQ(LocalMinute("2026-12-02T17:35:00Z"), want) << zone;
  }
}

// Links worth following: local pages, not files, feeds or downloads.
bool Crawlable(const std::string& url) {
  if (!absl::StartsWith(url, "/") || absl::StartsWith(url, "//")) return false;
  for (const char* skip : {"/static/", "/files/", "/attachments/", "/feed",
                           "/sitemap", "/api/", "/logout", "/healthz"}) {
    if (absl::StrContains(url, skip)) return false;
  }
  for (const char* ext : {".xlsx", ".csv", ".pdf", ".docx", ".xml", ".json",
                          ".ics", ".zip", ".txt", ".png", ".jpg"}) {
    if (absl::StrContains(url, ext)) return false;
  }
  return true;
}

std::vector<std::string> Links(const std::string& html) {
  static const std::regex kHref(R"(href="([^"#]*))");
  std::vector<std::string> out;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), kHref);
       it != std::sregex_iterator(); ++it) {
    out.push_back(absl::StrReplaceAll((*it)[1].str(), {{"&amp;", "&"}}));
  }
  return out;
}

class CrawlTest : public ::testing::TestWithParam<std::string> {
 protected:
  CrawlTest() : t_(GetParam()) {}

  // Published records, a draft under review, an application and audited
  // writes, so lists, detail pages and the audit log have rows.
  void SeedData() {
    auto* org = static_cast<org::OrgModule*>(t_.app().module("org"));
    auto* catalog =
        static_cast<catalog::CatalogModule*>(t_.app().module("catalog"));
    auto* publishing = static_cast<publishing::PublishingModule*>(
        t_.app().module("publishing"));
    auto* applications = static_cast<applications::ApplicationsModule*>(
        t_.app().module("applications"));
    ASSERT_TRUE(org && catalog && publishing && applications);
    absl::StatusOr<int64_t> generated = publishing::GenerateRecords(
        t_.app().db(), org->service(), catalog->service(),
        {.records = 12,
         .from = absl::CivilDay(2026, 1, 5),
         .to = absl::CivilDay(2026, 2, 27)});
    ASSERT_TRUE(generated.ok()) << generated.status();

    const Actor admin{.user_id = 1, .name = "张主任", .role = Role::kAdmin};
    absl::StatusOr<publishing::Record> draft = publishing->service().Create(
        admin, {.title = "关于开展冬季防火安全检查的通知",
                .unit = "县民政局",
                .formed_on = "2026-03-01",
                .topic = "民政、扶贫、救灾/社会福利",
                .genre = "通知",
                .doc_number = "嘉民发〔2026〕3号",
                .body_html = "<p>各镇人民政府：</p><p>请做好防火检查。</p>"});
    ASSERT_TRUE(draft.ok()) << draft.status();
    t_.clock().Advance(absl::Minutes(5));
    ASSERT_TRUE(publishing->service().Submit(admin, draft->id).ok());

    t_.clock().Advance(absl::Minutes(5));
    absl::StatusOr<applications::Submitted> submitted =
        applications->service().Submit(
            {.applicant_type = "natural_person",
             .name = "张三",
             .id_type = "resident_id",
             .id_number = "421221199003071238",
             .phone = "13812345678",
             .address = "嘉鱼县鱼岳镇人民大道1号",
             .email = "zhangsan@example.com",
             .unit = "县民政局",
             .description = "2025年度本县城乡低保资金发放情况",
             .delivery_form = "email"});
    ASSERT_TRUE(submitted.ok()) << submitted.status();
    t_.clock().Advance(absl::Minutes(5));
  }

  testing::TestApp t_;
};

TEST_P(CrawlTest, NoPageShowsUtcTimestampsOrEnglishSentences) {
  ASSERT_TRUE(t_.ok());
  ASSERT_NO_FATAL_FAILURE(SeedData());
  ASSERT_TRUE(t_.SignIn("gongkaiban", "admin"));
  // A write through the browser, so the log holds a signed-in user's entry.
  ASSERT_EQ(
      t_.PostForm("/admin/units", {{"name", "簰洲湾镇"}, {"kind", "town"}})
          .status,
      303);

  constexpr int kMaxPages = 400;
  constexpr int kMaxPerPath = 3;  // query variants of one path
  std::deque<std::string> queue = {"/",
                                   "/admin",
                                   "/admin/audit",
                                   "/admin/records",
                                   "/admin/applications",
                                   "/search?q=通知"};
  std::set<std::string> seen(queue.begin(), queue.end());
  std::map<std::string, int> per_path;
  int pages = 0;
  std::vector<std::string> problems;
  while (!queue.empty() && pages < kMaxPages) {
    const std::string url = queue.front();
    queue.pop_front();
    web::Response r = t_.Get(url);
    if (r.status != 200 || !absl::StartsWith(r.content_type, "text/html"))
      continue;
    ++pages;
    const std::string text = VisibleText(r.body);
    std::smatch m;
    if (std::regex_search(text, m, UtcStamp()))
      problems.push_back(absl::StrCat(url, ": UTC timestamp ", m.str()));
    if (std::string s = EnglishSentence(text); !s.empty())
      problems.push_back(absl::StrCat(url, ": English \"", s, "\""));
    for (const std::string& link : Links(r.body)) {
      if (!Crawlable(link) || seen.contains(link)) continue;
      const std::string path = link.substr(0, link.find('?'));
      if (++per_path[path] > kMaxPerPath) continue;
      seen.insert(link);
      queue.push_back(link);
    }
  }
  EXPECT_GT(pages, 40) << "the crawl reached too few pages";
  std::cout << "crawled " << pages << " pages\n";
  EXPECT_THAT(problems, ::testing::IsEmpty());
  // The audit log, in particular, reads in Chinese with a field diff.
  web::Response audit = t_.Get("/admin/audit");
  EXPECT_THAT(audit.body,
              ::testing::HasSubstr(
                  "张主任 将信息《关于开展冬季防火安全检查的通知》提交审核"));
  EXPECT_THAT(audit.body, ::testing::HasSubstr("新增了单位“簰洲湾镇”"));
}

INSTANTIATE_TEST_SUITE_P(Engines, CrawlTest,
                         ::testing::ValuesIn(testing::DatabaseKinds()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace zwgk
