// The 村务公开 pages and API in-process, on the seeded app (SQLite and
// PostgreSQL) with a fake clock: a clerk prepares and publishes a posting,
// the public sees only published ones, another village's clerk gets 404,
// the board PDF, the overdue filter, upload limits and CSRF.
#include <map>
#include <optional>
#include <regex>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "app/testing.h"
#include "core/testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "org/module.h"

namespace zwgk::villages {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using zwgk::testing::TestApp;
using Json = nlohmann::json;
using Headers = std::map<std::string, std::string>;

constexpr char kTown[] = "鱼岳镇人民政府";
constexpr char kVillage[] = "城关村";
constexpr char kOther[] = "江滨社区";

std::string Capture(const std::string& body, const std::string& pattern) {
  std::smatch m;
  if (!std::regex_search(body, m, std::regex(pattern))) return "";
  return m[1];
}

class VillagesHttpTest : public ::testing::TestWithParam<std::string> {
 protected:
  // 20 May 2026: the first quarter's postings were due in April.
  VillagesHttpTest()
      : t_(GetParam(), absl::FromCivil(absl::CivilSecond(2026, 5, 20, 9, 0, 0),
                                       absl::FixedTimeZone(8 * 3600))) {}

  void SetUp() override {
    ASSERT_TRUE(t_.ok());
    auto* org = static_cast<org::OrgModule*>(t_.app().module("org"));
    ASSERT_NE(org, nullptr);
    auto done = org->service().ImportVillages(
        SystemActor(),
        absl::StrCat("乡镇,名称,类型,联系方式\n", kTown, ",", kVillage,
                     ",村,0715-6321234\n", kTown, ",", kOther, ",社区,\n"));
    ASSERT_TRUE(done.ok()) << done.status();
    auto v = org->service().FindUnitByName(kVillage);
    auto o = org->service().FindUnitByName(kOther);
    auto town = org->service().FindUnitByName(kTown);
    ASSERT_TRUE(v.ok() && o.ok() && town.ok());
    village_ = v->id;
    other_ = o->id;
    town_ = town->id;
  }

  web::Response Send(web::Method method, const std::string& target,
                     const std::string& body, const Headers& headers) {
    web::Request req = web::MakeRequest(method, target, body, headers);
    for (const auto& [k, v] : headers)
      req.headers[absl::AsciiStrToLower(k)] = v;
    return t_.Send(req);
  }
  web::Response GetWith(const std::string& target, const Headers& headers) {
    return Send(web::Method::kGet, target, "", headers);
  }
  web::Response PostJsonWith(const std::string& target, const Json& body,
                             Headers headers) {
    headers["Content-Type"] = "application/json";
    return Send(web::Method::kPost, target, body.dump(), headers);
  }

  // A 村务 posting of 2026 Q1 through the API; its id.
  int64_t CreateByApi(const Headers& who, int64_t village) {
    web::Response r = PostJsonWith(
        absl::StrCat("/api/v1/villages/", village, "/postings"),
        {{"kind", "村务"},
         {"period", "2026-Q1"},
         {"title", "2026年第一季度村务公开"},
         {"body", "一、村级道路硬化工程已完工。\n二、低保户名单复核完毕。"}},
        who);
    EXPECT_EQ(r.status, 201) << r.body;
    std::optional<Json> j = Json::parse(r.body, nullptr, false);
    if (!j || j->is_discarded() || !j->contains("id")) return 0;
    return (*j)["id"].get<int64_t>();
  }

  std::string Multipart(const std::string& boundary, const std::string& csrf,
                        const std::string& file_name, const std::string& type,
                        const std::string& bytes) {
    return "--" + boundary +
           "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + csrf +
           "\r\n--" + boundary +
           "\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"" +
           file_name + "\"\r\nContent-Type: " + type + "\r\n\r\n" + bytes +
           "\r\n--" + boundary + "--\r\n";
  }

  TestApp t_;
  int64_t village_ = 0, other_ = 0, town_ = 0;
};

TEST_P(VillagesHttpTest, ClerkPreparesAndPublishesThePublicSeesIt) {
  ASSERT_TRUE(t_.SignIn("clerk1", "clerk", kVillage));
  // The obligation list offers to prepare the overdue 村务 of Q1.
  web::Response list = t_.Get("/admin/villages");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_THAT(list.body, HasSubstr(kVillage));
  EXPECT_THAT(list.body, Not(HasSubstr(kOther)));
  web::Response prepare = t_.Get(absl::StrCat("/admin/villages/", village_,
                                              "?kind=village&period=2026-Q1"));
  ASSERT_EQ(prepare.status, 200) << prepare.body;
  EXPECT_THAT(prepare.body, HasSubstr("value=\"2026-Q1\""));
  // A form without a title is refused with the message next to the field.
  web::Response bad =
      t_.PostForm(absl::StrCat("/admin/villages/", village_, "/postings"),
                  {{"kind", "village"},
                   {"period", "2026-Q1"},
                   {"title", ""},
                   {"body", "内容"}});
  EXPECT_EQ(bad.status, 400) << bad.body.substr(0, 300);
  EXPECT_THAT(bad.body, HasSubstr("field-error"));
  web::Response created =
      t_.PostForm(absl::StrCat("/admin/villages/", village_, "/postings"),
                  {{"kind", "village"},
                   {"period", "2026-Q1"},
                   {"title", "2026年第一季度村务公开"},
                   {"body", "一、村级道路硬化工程已完工。"}});
  ASSERT_EQ(created.status, 303) << created.body;
  const std::string loc = created.HeaderValue("Location");
  const std::string pid = Capture(loc, "/postings/(\\d+)");
  ASSERT_FALSE(pid.empty()) << loc;
  // A draft: not public.
  EXPECT_EQ(t_.Get(absl::StrCat("/villages/postings/", pid)).status, 404);
  EXPECT_EQ(
      t_.Get(absl::StrCat("/villages/postings/", pid, "/board.pdf")).status,
      404);
  EXPECT_THAT(t_.Get(absl::StrCat("/villages/", village_)).body,
              Not(HasSubstr("2026年第一季度村务公开")));
  // The draft board prints for the clerk.
  web::Response draft_pdf = t_.Get(
      absl::StrCat("/admin/villages/postings/", pid, "/board.pdf?paper=a3"));
  ASSERT_EQ(draft_pdf.status, 200) << draft_pdf.body.substr(0, 200);
  EXPECT_EQ(draft_pdf.content_type, "application/pdf");
  web::Response published =
      t_.PostForm(absl::StrCat("/admin/villages/postings/", pid, "/publish"),
                  {{"posted_on", "2026-05-20"}});
  ASSERT_EQ(published.status, 303) << published.body;
  web::Response page = t_.Get(absl::StrCat("/villages/", village_));
  ASSERT_EQ(page.status, 200);
  EXPECT_THAT(page.body, HasSubstr("2026年第一季度村务公开"));
  EXPECT_THAT(page.body, HasSubstr("2026-05-20"));
  EXPECT_THAT(page.body, HasSubstr(absl::StrCat("/messages/new?unit=", town_)));
  web::Response pdf =
      t_.Get(absl::StrCat("/villages/postings/", pid, "/board.pdf?paper=a4"));
  ASSERT_EQ(pdf.status, 200);
  EXPECT_EQ(pdf.content_type, "application/pdf");
  EXPECT_EQ(pdf.body.substr(0, 5), "%PDF-");
  EXPECT_EQ(t_.Get(absl::StrCat("/villages/postings/", pid,
                                "/board.pdf?paper=letter"))
                .status,
            400);
  // The index lists the town with its villages.
  web::Response index = t_.Get("/villages");
  EXPECT_THAT(index.body, HasSubstr(kTown));
  EXPECT_THAT(index.body, HasSubstr(absl::StrCat("/villages/", village_)));
}

TEST_P(VillagesHttpTest, AnotherVillagesClerkGets404) {
  const Headers mine = t_.BearerToken("clerk1", "clerk", kVillage);
  const Headers theirs = t_.BearerToken("clerk2", "clerk", kOther);
  const Headers town = t_.BearerToken("town1", "unit_editor", kTown);
  const Headers dept = t_.BearerToken("civil", "unit_editor", "县民政局");
  const int64_t pid = CreateByApi(mine, village_);
  ASSERT_GT(pid, 0);
  const std::string page = absl::StrCat("/admin/villages/postings/", pid);
  EXPECT_EQ(GetWith(page, mine).status, 200);
  EXPECT_EQ(GetWith(page, town).status, 200);  // the town's staff
  for (const Headers* who : {&theirs, &dept}) {
    EXPECT_EQ(GetWith(page, *who).status, 404);
    EXPECT_EQ(GetWith(page + "/board.pdf", *who).status, 404);
    EXPECT_EQ(GetWith(absl::StrCat("/admin/villages/", village_), *who).status,
              404);
    EXPECT_EQ(
        PostJsonWith(absl::StrCat("/api/v1/villages/", village_, "/postings"),
                     {{"kind", "党务"},
                      {"period", "2026-Q1"},
                      {"title", "t"},
                      {"body", "b"}},
                     *who)
            .status,
        404);
  }
  // Not signed in: the API asks for a token.
  EXPECT_EQ(
      PostJsonWith(absl::StrCat("/api/v1/villages/", village_, "/postings"),
                   {{"kind", "党务"},
                    {"period", "2026-Q1"},
                    {"title", "t"},
                    {"body", "b"}},
                   {})
          .status,
      401);
  // A kind the issue does not name is refused, naming the field.
  web::Response bad = PostJsonWith(
      absl::StrCat("/api/v1/villages/", village_, "/postings"),
      {{"kind", "其他"}, {"period", "2026-Q1"}, {"title", "t"}, {"body", "b"}},
      mine);
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_THAT(bad.body, HasSubstr("kind"));
}

TEST_P(VillagesHttpTest, OverdueFilter) {
  const Headers clerk = t_.BearerToken("clerk1", "clerk", kVillage);
  const std::string url =
      absl::StrCat("/api/v1/villages/", village_, "/postings?due=overdue");
  web::Response before = GetWith(url, clerk);
  ASSERT_EQ(before.status, 200) << before.body;
  Json b = Json::parse(before.body);
  // Q1 of 党务, 村务 and 财务 were due in April and are not posted.
  auto of_q1 = [](const Json& list) {
    int n = 0;
    for (const Json& o : list) {
      EXPECT_EQ(o["timeliness"], "逾期未公开");
      n += o["period"] == "2026-Q1";
    }
    return n;
  };
  EXPECT_EQ(of_q1(b["overdue"]), 3) << before.body;
  const int64_t pid = CreateByApi(clerk, village_);
  ASSERT_GT(pid, 0);
  ASSERT_EQ(
      PostJsonWith(absl::StrCat("/api/v1/villages/", village_, "/postings"),
                   {{"kind", "村务"},
                    {"period", "2026-Q2"},
                    {"title", "草稿"},
                    {"body", "b"}},
                   clerk)
          .status,
      201);
  ASSERT_TRUE(t_.SignIn("clerk1b", "clerk", kVillage));
  ASSERT_EQ(
      t_.PostForm(absl::StrCat("/admin/villages/postings/", pid, "/publish"),
                  {{"posted_on", ""}})
          .status,
      303);
  Json after = Json::parse(GetWith(url, clerk).body);
  EXPECT_EQ(of_q1(after["overdue"]), 2);
  EXPECT_EQ(after["overdue"].size(), b["overdue"].size() - 1);
  for (const Json& o : after["overdue"])
    if (o["period"] == "2026-Q1") {
      EXPECT_NE(o["kind"], "village");
    }
  // The public may not read obligations, only published postings.
  t_.cookies().clear();
  EXPECT_EQ(GetWith(url, {}).status, 401);
  web::Response pub =
      GetWith(absl::StrCat("/api/v1/villages/", village_, "/postings"), {});
  ASSERT_EQ(pub.status, 200);
  Json p = Json::parse(pub.body);
  ASSERT_EQ(p["postings"].size(), 1u) << pub.body;  // not the Q2 draft
  EXPECT_EQ(p["postings"][0]["kind_label"], "村务");
  EXPECT_FALSE(p["postings"][0].contains("created_by"));
  EXPECT_EQ(
      GetWith(absl::StrCat("/api/v1/villages/", village_, "/postings?due=soon"),
              clerk)
          .status,
      400);
}

TEST_P(VillagesHttpTest, UploadsAreBoundedAndChecked) {
  ASSERT_TRUE(t_.SignIn("clerk1", "clerk", kVillage));
  const Headers clerk = t_.BearerToken("clerk1t", "clerk", kVillage);
  const int64_t pid = CreateByApi(clerk, village_);
  ASSERT_GT(pid, 0);
  const std::string target =
      absl::StrCat("/admin/villages/postings/", pid, "/photos");
  // The CSRF token of this browser's session, from the page's form.
  const std::string csrf =
      Capture(t_.Get(absl::StrCat("/admin/villages/postings/", pid)).body,
              "name=\"_csrf\" value=\"([^\"]+)\"");
  ASSERT_FALSE(csrf.empty());
  const std::string boundary = "zwgkBoundary";
  const Headers multipart = {
      {"content-type", "multipart/form-data; boundary=" + boundary}};
  // Not an image by its bytes: refused next to the field.
  web::Response text = Send(
      web::Method::kPost, target,
      Multipart(boundary, csrf, "board.jpg", "image/jpeg", "not a picture"),
      multipart);
  EXPECT_EQ(text.status, 400) << text.body.substr(0, 300);
  EXPECT_THAT(text.body, HasSubstr("field-error"));
  // A PNG is accepted and shown.
  // Only the magic bytes decide the type.
  const std::string png =
      std::string("\x89PNG\r\n\x1a\n", 8) + std::string(56, '\x01');
  web::Response ok =
      Send(web::Method::kPost, target,
           Multipart(boundary, csrf, "board.png", "image/png", png), multipart);
  ASSERT_EQ(ok.status, 303) << ok.body.substr(0, 300);
  web::Response photo =
      t_.Get(absl::StrCat("/admin/villages/postings/", pid, "/photos/0"));
  ASSERT_EQ(photo.status, 200);
  EXPECT_EQ(photo.body, png);
  // A draft's photo is not public.
  EXPECT_EQ(
      t_.Get(absl::StrCat("/villages/postings/", pid, "/photos/0")).status,
      404);
  // Over the route's limit: refused before the body is read.
  web::Response big =
      Send(web::Method::kPost, target,
           Multipart(boundary, csrf, "board.jpg", "image/jpeg",
                     "\xFF\xD8\xFF" + std::string(16 << 20, 'x')),
           multipart);
  EXPECT_EQ(big.status, 413);
}

TEST_P(VillagesHttpTest, FormsNeedTheCsrfToken) {
  ASSERT_TRUE(t_.SignIn("clerk1", "clerk", kVillage));
  web::Response r =
      t_.PostForm(absl::StrCat("/admin/villages/", village_, "/postings"),
                  {{"kind", "village"},
                   {"period", "2026-Q1"},
                   {"title", "t"},
                   {"body", "b"}},
                  /*with_csrf=*/false);
  EXPECT_EQ(r.status, 403);
  // Nothing was created.
  Json list = Json::parse(
      t_.Get(absl::StrCat("/api/v1/villages/", village_, "/postings")).body);
  EXPECT_EQ(list["postings"].size(), 0u);
  // The settings are the county office's.
  EXPECT_EQ(t_.Get("/admin/villages/settings").status, 403);
}

TEST_P(VillagesHttpTest, OfficeSettings) {
  ASSERT_TRUE(t_.SignIn("office", "admin"));
  web::Response bad =
      t_.PostForm("/admin/villages/settings", {{"due_working_days", "0"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_THAT(bad.body, HasSubstr("field-error"));
  web::Response saved = t_.PostForm(
      "/admin/villages/settings",
      {{"due_working_days", "7"}, {"monthly", absl::StrCat(village_)}});
  ASSERT_EQ(saved.status, 303) << saved.body;
  web::Response page = t_.Get("/admin/villages/settings");
  EXPECT_THAT(page.body, HasSubstr("value=\"7\""));
  EXPECT_THAT(page.body,
              HasSubstr(absl::StrCat("value=\"", village_, "\" checked")));
}

INSTANTIATE_TEST_SUITE_P(Engines, VillagesHttpTest,
                         ::testing::ValuesIn(zwgk::testing::DatabaseKinds()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace zwgk::villages
