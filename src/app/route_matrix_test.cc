// Issue 20, "access control": every route of the assembled app (every
// method the router knows) is requested as every kind of caller, and each
// answer's class must be the one src/app/route_matrix.tsv expects. A route
// without a row, or a row without a route, fails the test, so a new route
// cannot slip in without someone deciding who may use it. The callers are
// the public, each staff role of unit A (县民政局) and village A (城关村),
// an editor of another unit and a clerk of another village; the route
// parameters are real ids of unit A's draft record, application,
// attachments and village posting, so the other unit's staff must get 404.
//
// Every answer of the run also carries the security headers.
//
// To add rows for new routes: ZWGK_ROUTE_MATRIX_WRITE=/tmp/m.tsv
// build/src/app/app_route_matrix_test writes the table with the observed
// answers (existing targets kept); review each new cell before copying it.
#include <algorithm>
#include <array>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "app/testing.h"
#include "applications/module.h"
#include "applications/service.h"
#include "auth/module.h"
#include "core/config.h"
#include "gtest/gtest.h"
#include "guides/module.h"
#include "guides/service.h"
#include "messages/module.h"
#include "messages/service.h"
#include "org/module.h"
#include "publishing/module.h"
#include "publishing/service.h"
#include "villages/module.h"
#include "villages/service.h"

namespace zwgk {
namespace {

struct Caller {
  std::string column;  // the table's column
  std::string role;    // "" = anonymous
  std::string unit;
};

// In the table's column order.
const std::vector<Caller>& Callers() {
  static const auto* kCallers = new std::vector<Caller>{
      {"anon", "", ""},
      {"admin", "admin", ""},
      {"editor", "unit_editor", "县民政局"},
      {"reviewer", "unit_reviewer", "县民政局"},
      {"town_clerk", "clerk", "鱼岳镇人民政府"},
      {"clerk", "clerk", "城关村"},
      {"other_editor", "unit_editor", "县财政局"},
      {"other_clerk", "clerk", "石山村"},
  };
  return *kCallers;
}

// POSTs change things: the callers who must see nothing of unit A's go
// first, the owners and the office last.
const std::vector<std::string>& PostOrder() {
  static const auto* kOrder = new std::vector<std::string>{
      "anon",       "other_clerk", "other_editor", "clerk",
      "town_clerk", "reviewer",    "editor",       "admin"};
  return *kOrder;
}

std::string MethodText(web::Method m) {
  return std::string(web::MethodName(m));
}

// The class of an answer, as the table writes it.
std::string ClassOf(const web::Response& r) {
  std::string location = r.HeaderValue("Location");
  if ((r.status == 302 || r.status == 303) &&
      absl::StartsWith(location, "/admin/login"))
    return "login";
  switch (r.status) {
    case 200:
    case 204:
    case 303:
    case 302:
    case 304:
      return "ok";
    case 400:
    case 422:
      return "bad";
    default:
      return absl::StrCat(r.status);
  }
}

struct Row {
  std::string method, pattern, target;
  std::map<std::string, std::string> want;  // column → class
  int line = 0;
};

std::string TablePath() {
  return std::string(ZWGK_SOURCE_DIR) + "/src/app/route_matrix.tsv";
}

std::vector<Row> ReadTable(std::string* error) {
  std::ifstream in(TablePath());
  if (!in) {
    *error = "cannot read " + TablePath();
    return {};
  }
  std::vector<Row> rows;
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f = absl::StrSplit(line, '\t');
    if (f.size() != 3 + Callers().size()) {
      *error = absl::StrCat(TablePath(), ":", n, ": want ",
                            3 + Callers().size(), " tab-separated fields");
      return {};
    }
    Row row{.method = f[0], .pattern = f[1], .target = f[2], .line = n};
    for (size_t i = 0; i < Callers().size(); ++i)
      row.want[Callers()[i].column] = f[3 + i];
    rows.push_back(std::move(row));
  }
  return rows;
}

// A first guess at a concrete target for a route without a row: each
// parameter from the fixture by the segment before it, else a literal.
std::string GuessTarget(const std::string& pattern) {
  std::vector<std::string> seg = absl::StrSplit(pattern, '/');
  for (size_t i = 0; i < seg.size(); ++i) {
    if (seg[i].empty() || seg[i][0] != '{') continue;
    std::string prev = i > 0 ? seg[i - 1] : "";
    std::string param = seg[i];
    // {param, the segment before it ("" any), value}; first match wins.
    static const std::vector<std::array<std::string, 3>> kGuesses = {
        {"{id}", "records", "$record"},
        {"{aid}", "", "$record_attachment"},
        {"{id}", "applications", "$application"},
        {"{att}", "", "$application_attachment"},
        {"{pid}", "", "$posting"},
        {"{id}", "postings", "$posting"},
        {"{id}", "villages", "$village"},
        {"{id}", "messages", "$message"},
        {"{id}", "guides", "$guide"},
        {"{id}", "services", "$guide"},
        {"{id}", "units", "$unit"},
        {"{id}", "domains", "$domain"},
        {"{id}", "catalog", "$domain"},
        {"{town}", "", "$town"},
        {"{year}", "", "2025"},
        {"{n}", "", "1"},
        {"{version}", "", "1"},
        {"{index}", "", "1"},
    };
    std::string v = "999999";
    for (const auto& [name, before, value] : kGuesses) {
      if (param == name && (before.empty() || before == prev)) {
        v = value;
        break;
      }
    }
    if (v == "999999" && param != "{id}" && !absl::EndsWith(param, "id}"))
      v = "none";  // a name: {action}, {file}, {slug}, {kind}, {*path}
    seg[i] = v;
  }
  return absl::StrJoin(seg, "/");
}

class RouteMatrixTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(t_.ok());
    auto& org = static_cast<org::OrgModule*>(t_.app().module("org"))->service();
    ASSERT_TRUE(org.ImportVillages(SystemActor(),
                                   "乡镇,名称,类型,联系方式\n"
                                   "鱼岳镇人民政府,城关村,村,\n"
                                   "高铁岭镇人民政府,石山村,村,\n")
                    .ok());
    absl::StatusOr<org::Unit> unit = org.ResolveUnit("县民政局");
    absl::StatusOr<org::Unit> town = org.ResolveUnit("鱼岳镇人民政府");
    absl::StatusOr<org::Unit> village = org.ResolveUnit("城关村");
    ASSERT_TRUE(unit.ok() && town.ok() && village.ok());
    vars_["unit"] = absl::StrCat(unit->id);
    vars_["town"] = absl::StrCat(town->id);
    vars_["village"] = absl::StrCat(village->id);
    absl::StatusOr<std::vector<org::Domain>> domains = org.ListDomains();
    ASSERT_TRUE(domains.ok());
    for (const org::Domain& d : *domains) {
      if (d.name == "社会救助") vars_["domain"] = absl::StrCat(d.id);
    }
    const Actor office = SystemActor();
    const std::string pdf =
        "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";

    auto& publishing = static_cast<publishing::PublishingModule*>(
                           t_.app().module("publishing"))
                           ->service();
    absl::StatusOr<publishing::Record> draft =
        publishing.Create(office, {.title = "关于开展冬季防火安全检查的通知",
                                   .unit = "县民政局",
                                   .formed_on = "2026-03-01",
                                   .topic = "民政、扶贫、救灾/社会福利",
                                   .genre = "通知",
                                   .doc_number = "嘉民发〔2026〕3号",
                                   .body_html = "<p>请做好防火检查。</p>"});
    ASSERT_TRUE(draft.ok()) << draft.status();
    vars_["record"] = absl::StrCat(draft->id);
    absl::StatusOr<publishing::Attachment> att =
        publishing.AddAttachment(office, draft->id, "通知.pdf", pdf);
    ASSERT_TRUE(att.ok()) << att.status();
    vars_["record_attachment"] = absl::StrCat(att->id);

    auto& applications = static_cast<applications::ApplicationsModule*>(
                             t_.app().module("applications"))
                             ->service();
    absl::StatusOr<applications::Submitted> app =
        applications.Submit({.applicant_type = "natural_person",
                             .name = "张三",
                             .id_type = "resident_id",
                             .id_number = "421221199003071238",
                             .phone = "13812345678",
                             .address = "嘉鱼县鱼岳镇人民大道1号",
                             .email = "zhangsan@example.com",
                             .unit = "县民政局",
                             .description = "2025年度本县城乡低保资金发放情况",
                             .delivery_form = "email"});
    ASSERT_TRUE(app.ok()) << app.status();
    vars_["application"] = absl::StrCat(app->id);
    ASSERT_TRUE(applications.Attach(office, app->id, "答复.pdf", pdf).ok());
    auto full = applications.Get(office, app->id);
    ASSERT_TRUE(full.ok()) << full.status();
    ASSERT_FALSE(full->attachments.empty());
    vars_["application_attachment"] =
        absl::StrCat(full->attachments.front().id);

    auto& villages =
        static_cast<villages::VillagesModule*>(t_.app().module("villages"))
            ->service();
    absl::StatusOr<villages::Posting> posting =
        villages.Create(office, village->id,
                        {.kind = "村务",
                         .period = "2026-Q1",
                         .title = "城关村2026年第一季度村务公开",
                         .body = "第一段。"});
    ASSERT_TRUE(posting.ok()) << posting.status();
    vars_["posting"] = absl::StrCat(posting->id);

    auto& messages =
        static_cast<messages::MessagesModule*>(t_.app().module("messages"))
            ->service();
    absl::StatusOr<messages::Submitted> message =
        messages.Submit({.type = "咨询",
                         .unit = "县民政局",
                         .title = "低保申请需要哪些材料",
                         .text = "想咨询低保申请材料。",
                         .name = "张三",
                         .phone = "13812345678",
                         .email = "zhangsan@example.com",
                         .publish_consent = true,
                         .source_ip = "10.0.0.1"});
    ASSERT_TRUE(message.ok()) << message.status();
    vars_["message"] = absl::StrCat(message->id);

    auto& guides = static_cast<guides::GuidesModule*>(t_.app().module("guides"))
                       ->service();
    absl::StatusOr<guides::Guide> guide =
        guides.Create(office, {.service = "最低生活保障审核确认",
                               .unit = "县民政局",
                               .domain = "社会救助"});
    ASSERT_TRUE(guide.ok()) << guide.status();
    vars_["guide"] = absl::StrCat(guide->id);

    // Every caller signs in once; its cookies are swapped in per request.
    for (const Caller& c : Callers()) {
      t_.cookies().clear();
      if (!c.role.empty()) {
        ASSERT_TRUE(t_.SignIn(c.column, c.role, c.unit)) << c.column;
      }
      jars_[c.column] = t_.cookies();
    }
  }

  std::string Fill(const std::string& target) const {
    std::vector<std::pair<std::string, std::string>> repl;
    for (const auto& [k, v] : vars_) repl.emplace_back("$" + k, v);
    // Longer names first, so $record_attachment is not read as $record.
    std::sort(repl.begin(), repl.end(), [](const auto& a, const auto& b) {
      return a.first.size() > b.first.size();
    });
    std::string out = target;
    for (const auto& [k, v] : repl) out = absl::StrReplaceAll(out, {{k, v}});
    return out;
  }

  web::Response As(const std::string& column, const std::string& method,
                   const std::string& target) {
    t_.cookies() = jars_[column];
    // Each caller from its own address, so the public forms' rate limits
    // (per address) do not depend on how many rows came before.
    size_t index = 0;
    while (Callers()[index].column != column) ++index;
    web::Request req;
    if (method != "POST") {
      req = web::MakeRequest(web::Method::kGet, target);
    } else if (absl::StartsWith(target, "/api/")) {
      // An empty JSON object, with the session's token as a script sends it.
      req = web::MakeRequest(web::Method::kPost, target, "{}",
                             {{"content-type", "application/json"},
                              {"x-csrf-token", CsrfToken()}});
    } else {
      req = web::MakeRequest(
          web::Method::kPost, target, "_csrf=" + CsrfToken(),
          {{"content-type", "application/x-www-form-urlencoded"}});
    }
    req.remote_ip = absl::StrCat("198.51.100.", 10 + index);
    web::Response r = t_.Send(std::move(req));
    // A POST may end the session (/logout): sign in again for the next row.
    const Caller* caller = nullptr;
    for (const Caller& c : Callers())
      if (c.column == column) caller = &c;
    if (!caller->role.empty() && !t_.cookies().contains("zwgk_session")) {
      t_.cookies().clear();
      web::Response login = t_.PostForm(
          "/admin/login", {{"name", column},
                           {"password", testing::TestApp::kPassword},
                           {"next", "/admin"}});
      EXPECT_EQ(login.status, 303) << column << " could not sign in again";
    }
    jars_[column] = t_.cookies();
    return r;
  }

  // The current session's CSRF token, read from a form as a browser would.
  std::string CsrfToken() {
    web::Response page = t_.Get("/admin/login");
    const std::string marker = "name=\"_csrf\" value=\"";
    size_t at = page.body.find(marker);
    if (at == std::string::npos) return "";
    size_t start = at + marker.size();
    return page.body.substr(start, page.body.find('"', start) - start);
  }

  testing::TestApp t_;
  std::map<std::string, std::string> vars_;
  std::map<std::string, std::map<std::string, std::string>> jars_;
};

void CheckSecurityHeaders(const std::string& what, const web::Response& r) {
  std::string csp = r.HeaderValue("Content-Security-Policy");
  EXPECT_FALSE(csp.empty()) << what << ": no Content-Security-Policy";
  EXPECT_TRUE(absl::StrContains(csp, "frame-ancestors"))
      << what << ": CSP without frame-ancestors: " << csp;
  // script-src (or default-src when it is absent) never allows inline.
  for (absl::string_view directive : absl::StrSplit(csp, ';')) {
    directive = absl::StripAsciiWhitespace(directive);
    if (absl::StartsWith(directive, "script-src") ||
        absl::StartsWith(directive, "default-src")) {
      EXPECT_FALSE(absl::StrContains(directive, "'unsafe-inline'"))
          << what << ": " << directive;
    }
  }
  EXPECT_EQ(r.HeaderValue("X-Content-Type-Options"), "nosniff") << what;
  EXPECT_FALSE(r.HeaderValue("Referrer-Policy").empty()) << what;
}

TEST_F(RouteMatrixTest, EveryRouteAnswersEveryCallerAsTheTableSays) {
  std::string error;
  std::vector<Row> rows = ReadTable(&error);
  ASSERT_TRUE(error.empty()) << error;

  // The router's routes, each method once.
  std::set<std::pair<std::string, std::string>> routes;
  for (const web::Route& r : t_.app().router().routes())
    routes.insert({MethodText(r.method), r.pattern});
  std::set<std::pair<std::string, std::string>> covered;
  for (const Row& row : rows) {
    covered.insert({row.method, row.pattern});
    EXPECT_TRUE(routes.contains({row.method, row.pattern}))
        << TablePath() << ":" << row.line << ": no route " << row.method << " "
        << row.pattern << " — delete the row (or fix its pattern)";
  }
  std::vector<Row> missing;
  for (const auto& [method, pattern] : routes) {
    if (covered.contains({method, pattern})) continue;
    ADD_FAILURE() << "route " << method << " " << pattern << " has no row in "
                  << TablePath()
                  << ": add one saying what each caller gets (see the "
                     "comment at the top of route_matrix_test.cc)";
    missing.push_back(
        {.method = method, .pattern = pattern, .target = GuessTarget(pattern)});
  }

  // GETs first (they change nothing), then POSTs; each row as every caller.
  std::vector<Row*> order;
  for (Row& row : rows)
    if (row.method != "POST") order.push_back(&row);
  for (Row& row : missing)
    if (row.method != "POST") order.push_back(&row);
  for (Row& row : rows)
    if (row.method == "POST") order.push_back(&row);
  for (Row& row : missing)
    if (row.method == "POST") order.push_back(&row);

  std::map<const Row*, std::map<std::string, std::string>> got;
  for (Row* row : order) {
    const std::string target = Fill(row->target);
    std::vector<std::string> columns;
    if (row->method == "POST") {
      columns = PostOrder();
    } else {
      for (const Caller& c : Callers()) columns.push_back(c.column);
    }
    for (const std::string& column : columns) {
      web::Response r = As(column, row->method, target);
      std::string what = absl::StrCat(row->method, " ", target, " (",
                                      row->pattern, ") as ", column);
      CheckSecurityHeaders(what, r);
      std::string cls = ClassOf(r);
      if (const char* debug = std::getenv("ZWGK_ROUTE_MATRIX_DEBUG");
          debug && row->pattern == debug) {
        std::cerr << what << ": " << r.status << " "
                  << r.HeaderValue("Location") << "\n"
                  << r.body.substr(0, 2000) << "\n";
      }
      got[row][column] = cls;
      EXPECT_NE(r.status, 500) << what << ": " << r.body.substr(0, 300);
      if (!row->want.empty()) {
        EXPECT_EQ(cls, row->want[column])
            << what << ": table line " << row->line << " expects "
            << row->want[column] << ", got " << cls << " (" << r.status << " "
            << r.HeaderValue("Location") << ")";
      }
    }
  }

  if (const char* out = std::getenv("ZWGK_ROUTE_MATRIX_WRITE")) {
    std::ofstream f(out);
    f << "# method\tpattern\ttarget";
    for (const Caller& c : Callers()) f << "\t" << c.column;
    f << "\n";
    auto write = [&](const Row& row) {
      f << row.method << "\t" << row.pattern << "\t" << row.target;
      for (const Caller& c : Callers()) f << "\t" << got[&row][c.column];
      f << "\n";
    };
    std::vector<const Row*> all;
    for (const Row& r : rows) all.push_back(&r);
    for (const Row& r : missing) all.push_back(&r);
    std::stable_sort(all.begin(), all.end(), [](const Row* a, const Row* b) {
      return std::tie(a->pattern, a->method) < std::tie(b->pattern, b->method);
    });
    for (const Row* r : all) write(*r);
  }
}

// --- Sessions, cookies, lockout, password policy, trusted proxies ----------
// These exist in src/auth and src/core (unit-tested there); here they are
// checked on the assembled app, the way a browser meets them.

std::string SetCookieFor(const web::Response& r, absl::string_view name) {
  for (const auto& [k, v] : r.headers)
    if (absl::EqualsIgnoreCase(k, "Set-Cookie") &&
        absl::StartsWith(v, absl::StrCat(name, "=")))
      return v;
  return "";
}

// A login form post from `ip`, as the server would hand it to the router.
web::Response LoginFrom(testing::TestApp& t, const std::string& name,
                        const std::string& password, const std::string& ip) {
  t.cookies().clear();
  web::Response page = t.Get("/admin/login");
  const std::string marker = "name=\"_csrf\" value=\"";
  size_t at = page.body.find(marker) + marker.size();
  std::string token = page.body.substr(at, page.body.find('"', at) - at);
  web::Request req = web::MakeRequest(
      web::Method::kPost, "/admin/login",
      absl::StrCat("_csrf=", token, "&name=", web::UrlEncode(name),
                   "&password=", web::UrlEncode(password), "&next=%2Fadmin"),
      {{"content-type", "application/x-www-form-urlencoded"}});
  req.remote_ip = ip;
  return t.Send(std::move(req));
}

bool SignedIn(testing::TestApp& t) {
  web::Response r = t.Get("/admin");
  return r.status == 200;
}

TEST(SessionTest, CookieIsHttpOnlyAndSameSiteAndSecureWhenConfigured) {
  for (bool secure : {false, true}) {
    FakeClock clock(StartOfDay(absl::CivilDay(2026, 3, 2)) + absl::Hours(9));
    App app(Config{.data_dir = ::testing::TempDir(), .cookie_secure = secure},
            clock);
    ASSERT_TRUE(app.OpenWith(testing::NewDatabase("sqlite")).ok());
    ASSERT_TRUE(app.Seed().ok());
    auto* auth = static_cast<auth::AuthModule*>(app.module("auth"));
    ASSERT_TRUE(
        auth->service()
            .AddUser(SystemActor(), {.name = "zhang",
                                     .role = "admin",
                                     .password = testing::TestApp::kPassword})
            .ok());
    web::Request page = web::MakeRequest(web::Method::kGet, "/admin/login", "",
                                         {{"host", "localhost"}});
    web::Response form = app.router().Handle(page);
    std::string csrf_cookie = SetCookieFor(form, "zwgk_csrf");
    ASSERT_FALSE(csrf_cookie.empty());
    std::string token = csrf_cookie.substr(
        10, csrf_cookie.find(';') - 10);  // after "zwgk_csrf="
    web::Request login = web::MakeRequest(
        web::Method::kPost, "/admin/login",
        absl::StrCat("_csrf=", token,
                     "&name=zhang&password=", testing::TestApp::kPassword),
        {{"host", "localhost"},
         {"content-type", "application/x-www-form-urlencoded"},
         {"cookie", "zwgk_csrf=" + token}});
    login.cookies = {{"zwgk_csrf", token}};
    web::Response r = app.router().Handle(login);
    ASSERT_EQ(r.status, 303) << r.body;
    for (const std::string& cookie :
         {SetCookieFor(r, "zwgk_session"), csrf_cookie}) {
      SCOPED_TRACE(cookie);
      ASSERT_FALSE(cookie.empty());
      EXPECT_TRUE(absl::StrContains(cookie, "HttpOnly"));
      EXPECT_TRUE(absl::StrContains(cookie, "SameSite=Lax") ||
                  absl::StrContains(cookie, "SameSite=Strict"));
      EXPECT_EQ(absl::StrContains(cookie, "Secure"), secure);
    }
  }
}

TEST(SessionTest, EndsAfterIdleTimeAndAfterAbsoluteTime) {
  testing::TestApp t;
  ASSERT_TRUE(t.ok());
  ASSERT_TRUE(t.SignIn("zhang", "admin"));
  // Busy: a request every 20 minutes keeps the session (idle is 30).
  for (int i = 0; i < 3; ++i) {
    t.clock().Advance(absl::Minutes(20));
    ASSERT_TRUE(SignedIn(t)) << "after " << (i + 1) * 20 << " minutes";
  }
  // Idle for 30 minutes: signed out.
  t.clock().Advance(absl::Minutes(30));
  web::Response r = t.Get("/admin");
  EXPECT_EQ(ClassOf(r), "login");

  // However busy, a session ends 12 hours after sign-in.
  t.cookies().clear();
  web::Response again = LoginFrom(t, "zhang", testing::TestApp::kPassword, "");
  ASSERT_EQ(again.status, 303);
  absl::Duration busy;
  while (busy + absl::Minutes(20) < absl::Hours(12)) {
    t.clock().Advance(absl::Minutes(20));
    busy += absl::Minutes(20);
    ASSERT_TRUE(SignedIn(t)) << "after " << busy;
  }
  t.clock().Advance(absl::Hours(12) - busy);
  EXPECT_EQ(ClassOf(t.Get("/admin")), "login");
}

TEST(LoginTest, LocksOutAfterFiveWrongPasswordsForFifteenMinutes) {
  testing::TestApp t;
  ASSERT_TRUE(t.ok());
  ASSERT_TRUE(t.SignIn("zhang", "unit_editor", "县民政局"));
  for (int i = 0; i < 5; ++i) {
    web::Response r = LoginFrom(t, "zhang", "Wrong-Password-1", "198.51.100.7");
    EXPECT_TRUE(SetCookieFor(r, "zwgk_session").empty());
  }
  web::Response locked =
      LoginFrom(t, "zhang", testing::TestApp::kPassword, "198.51.100.7");
  EXPECT_TRUE(SetCookieFor(locked, "zwgk_session").empty());
  EXPECT_TRUE(absl::StrContains(locked.body, "锁定")) << locked.body;
  t.clock().Advance(absl::Minutes(15));
  web::Response later =
      LoginFrom(t, "zhang", testing::TestApp::kPassword, "198.51.100.7");
  EXPECT_EQ(later.status, 303) << later.body;
}

TEST(PasswordTest, ChangeFollowsThePolicy) {
  testing::TestApp t;
  ASSERT_TRUE(t.ok());
  ASSERT_TRUE(t.SignIn("zhang", "unit_editor", "县民政局"));
  for (const char* weak : {"short1A", "alllowercaseletters", "1234567890123"}) {
    web::Response r = t.PostForm(
        "/admin/password", {{"current_password", testing::TestApp::kPassword},
                            {"new_password", weak},
                            {"new_password_confirm", weak}});
    EXPECT_EQ(ClassOf(r), "bad") << weak;
    EXPECT_TRUE(absl::StrContains(r.body, "密码")) << weak;
  }
  web::Response ok = t.PostForm(
      "/admin/password", {{"current_password", testing::TestApp::kPassword},
                          {"new_password", "Neue-Kennung-2026"},
                          {"new_password_confirm", "Neue-Kennung-2026"}});
  EXPECT_EQ(ClassOf(ok), "ok") << ok.body;
  EXPECT_EQ(LoginFrom(t, "zhang", "Neue-Kennung-2026", "").status, 303);
}

// The server sets remote_ip with web::ClientAddress from the configured
// trusted_proxies; the login throttle (20 failures per address, 429) then
// counts by it. X-Forwarded-For from anyone else is ignored, so a client
// cannot spread its guesses over invented addresses.
TEST(TrustedProxyTest, RateLimitsUseForwardedForOnlyFromTrustedProxies) {
  absl::StatusOr<Config> config =
      LoadConfig({}, {{"ZWGK_TRUSTED_PROXIES", "10.0.0.5, 192.168.1.0/24"}});
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(
      web::ClientAddress("10.0.0.5", "203.0.113.1", config->trusted_proxies),
      "203.0.113.1");
  EXPECT_EQ(web::ClientAddress("192.168.1.9", "203.0.113.1, 10.0.0.5",
                               config->trusted_proxies),
            "203.0.113.1");
  EXPECT_EQ(web::ClientAddress("198.51.100.2", "203.0.113.1",
                               config->trusted_proxies),
            "198.51.100.2");

  // Sends 21 failed logins with a different forwarded address each, through
  // `peer`; true when the last one was throttled (429).
  auto throttled = [&](const std::string& peer) {
    testing::TestApp t;
    EXPECT_TRUE(t.ok());
    int status = 0;
    for (int i = 0; i < 21; ++i) {
      std::string ip = web::ClientAddress(
          peer, absl::StrCat("203.0.113.", i + 1), config->trusted_proxies);
      status =
          LoginFrom(t, absl::StrCat("guess", i), "Wrong-Password-1", ip).status;
    }
    return status == 429;
  };
  EXPECT_TRUE(throttled("198.51.100.2")) << "untrusted peer";
  EXPECT_FALSE(throttled("10.0.0.5")) << "trusted proxy";
}

}  // namespace
}  // namespace zwgk
