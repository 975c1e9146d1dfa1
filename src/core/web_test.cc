#include "core/web.h"

#include "core/json.h"
#include "core/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace zwgk::web {
namespace {

using ::testing::HasSubstr;

Router TestRouter() {
  Router r;
  r.Get("/domains/{id}",
        [](Request& req) { return Text("domain " + req.Param("id")); });
  r.Get("/files/{*rest}",
        [](Request& req) { return Text("rest " + req.Param("rest")); });
  r.Post("/api/v1/echo", [](Request& req) {
    auto j = req.JsonBody();
    if (!j.ok()) return Error(j.status());
    return Json(*j);
  });
  r.Get("/api/v1/invalid", [](Request&) {
    return Error(InvalidFields("输入有误", {{"name", "不能为空"}}));
  });
  r.Get("/boom", [](Request&) -> Response {
    throw std::runtime_error("SELECT secret FROM users");
  });
  r.Get("/locked", [](Request&) {
    return Error(absl::UnavailableError(
        "database is locked: UPDATE applications SET state = ?"));
  });
  // A handler that reads a field the old way (throws on a wrong type).
  r.Post("/api/v1/typed", [](Request& req) {
    auto j = req.JsonBody();
    if (!j.ok()) return Error(j.status());
    return Text(j->value("title", std::string()));
  });
  r.Post("/api/v1/fields", [](Request& req) {
    auto j = req.JsonBody();
    if (!j.ok()) return Error(j.status());
    JsonFields f(*j);
    std::string title = f.String("title", "标题");
    std::optional<int64_t> to = f.Int("to", "关联信息");
    if (!f.status().ok()) return Error(f.status());
    return Text(title + (to ? std::to_string(*to) : ""));
  });
  r.Post("/upload",
         [](Request& req) { return Text(std::to_string(req.body.size())); },
         {.max_body_bytes = 4096});
  r.SetDefaultBodyLimit(1024);
  return r;
}

std::string Nested(int depth) {
  return std::string(depth, '[') + std::string(depth, ']');
}

TEST(Router, MatchesAndDecodesPathParameters) {
  Router r = TestRouter();
  Request req = MakeRequest(Method::kGet, "/domains/%E8%B4%A2%E6%94%BF");
  EXPECT_EQ(r.Handle(req).body, "domain 财政");
  Request rest = MakeRequest(Method::kGet, "/files/a/b.css");
  EXPECT_EQ(r.Handle(rest).body, "rest a/b.css");
}

TEST(Router, UnknownPathIs404AndWrongMethodIs405) {
  Router r = TestRouter();
  Request a = MakeRequest(Method::kGet, "/nope");
  EXPECT_EQ(r.Handle(a).status, 404);
  Request b = MakeRequest(Method::kPost, "/domains/1");
  EXPECT_EQ(r.Handle(b).status, 405);
}

// Issue 20: a 405 lists the methods the path's routes really allow (GET
// implies HEAD), not a fixed guess.
TEST(Router, WrongMethodListsTheRoutesMethodsInAllow) {
  Router r;
  r.Post("/only-post", [](Request&) { return Text("p"); });
  r.Get("/both", [](Request&) { return Text("g"); });
  r.Post("/both", [](Request&) { return Text("p"); });
  r.Get("/items/{id}", [](Request&) { return Text("g"); });
  r.Add(Method::kDelete, "/items/{id}", [](Request&) { return Text("d"); });
  struct Case {
    Method method;
    const char* path;
    const char* allow;
  };
  for (const Case& c : {Case{Method::kGet, "/only-post", "POST"},
                        Case{Method::kPut, "/both", "GET, POST, HEAD"},
                        Case{Method::kPost, "/items/7", "GET, DELETE, HEAD"}}) {
    Request req = MakeRequest(c.method, c.path);
    Response resp = r.Handle(req);
    EXPECT_EQ(resp.status, 405) << c.path;
    EXPECT_EQ(resp.HeaderValue("Allow"), c.allow) << c.path;
  }
  Request ok = MakeRequest(Method::kGet, "/both");
  EXPECT_EQ(r.Handle(ok).HeaderValue("Allow"), "");
}

// Issue 20: every answer names its request id; a 500's HTML page shows the
// id in a generic Chinese message and none of the detail.
TEST(Router, EveryAnswerCarriesTheRequestId) {
  Router r = TestRouter();
  r.SetErrorPageRenderer([](const Request&, const absl::Status& s) {
    return Html("<p>" + std::string(s.message()) + "</p>");
  });
  Request fine = MakeRequest(Method::kGet, "/domains/1");
  fine.request_id = "id-ok";
  EXPECT_EQ(r.Handle(fine).HeaderValue("X-Request-Id"), "id-ok");
  Request boom = MakeRequest(Method::kGet, "/boom");
  boom.request_id = "id-boom";
  Response page = r.Handle(boom);
  EXPECT_EQ(page.status, 500);
  EXPECT_EQ(page.HeaderValue("X-Request-Id"), "id-boom");
  EXPECT_THAT(page.body, HasSubstr("服务器内部错误"));
  EXPECT_THAT(page.body, HasSubstr("id-boom"));
  EXPECT_THAT(page.body, ::testing::Not(HasSubstr("secret")));
  Request fresh = MakeRequest(Method::kGet, "/nope");
  Response missing = r.Handle(fresh);
  EXPECT_EQ(missing.HeaderValue("X-Request-Id"), fresh.request_id);
  EXPECT_EQ(fresh.request_id.size(), 12u);
}

TEST(Router, MalformedJsonIs400WithMessage) {
  Router r = TestRouter();
  Request req = MakeRequest(Method::kPost, "/api/v1/echo", "{\"a\": ");
  Response resp = r.Handle(req);
  EXPECT_EQ(resp.status, 400);
  auto j = nlohmann::json::parse(resp.body);
  EXPECT_EQ(j["error"]["code"], "invalid_argument");
  EXPECT_THAT(j["error"]["message"].get<std::string>(), HasSubstr("JSON"));
}

TEST(Router, FieldErrorsReachTheJson) {
  Router r = TestRouter();
  Request req = MakeRequest(Method::kGet, "/api/v1/invalid");
  auto j = nlohmann::json::parse(r.Handle(req).body);
  EXPECT_EQ(j["error"]["fields"]["name"], "不能为空");
}

TEST(Router, ExceptionsBecome500) {
  Router r = TestRouter();
  Request req = MakeRequest(Method::kGet, "/boom");
  EXPECT_EQ(r.Handle(req).status, 500);
}

// Issue 12.10: internal detail (exception text, SQL) is logged, never sent;
// the client gets the request id to quote.
TEST(Router, ServerErrorsShowOnlyTheRequestId) {
  Router r = TestRouter();
  for (const char* path : {"/boom", "/locked"}) {
    Request req = MakeRequest(Method::kGet, path);
    req.request_id = "abc123";
    Response resp = r.Handle(req);
    EXPECT_GE(resp.status, 500) << path;
    EXPECT_THAT(resp.body, HasSubstr("abc123")) << path;
    EXPECT_THAT(resp.body, ::testing::Not(HasSubstr("SELECT"))) << path;
    EXPECT_THAT(resp.body, ::testing::Not(HasSubstr("UPDATE"))) << path;
  }
  Request fresh = MakeRequest(Method::kGet, "/boom");
  r.Handle(fresh);
  EXPECT_EQ(fresh.request_id.size(), 12u);
}

// Issue 12.10: a JSON field of the wrong type is the client's mistake.
TEST(Router, WrongJsonTypesAre400WithoutLibraryText) {
  Router r = TestRouter();
  Request old_style =
      MakeRequest(Method::kPost, "/api/v1/typed", R"({"title": [1]})");
  Response a = r.Handle(old_style);
  EXPECT_EQ(a.status, 400);
  EXPECT_THAT(a.body, ::testing::Not(HasSubstr("type_error")));
  EXPECT_THAT(a.body, ::testing::Not(HasSubstr("[json.exception")));

  Request fields = MakeRequest(Method::kPost, "/api/v1/fields",
                               R"({"title": 5, "to": "x"})");
  Response b = r.Handle(fields);
  EXPECT_EQ(b.status, 400);
  auto j = nlohmann::json::parse(b.body);
  EXPECT_THAT(j["error"]["fields"]["title"].get<std::string>(),
              HasSubstr("标题"));
  EXPECT_THAT(j["error"]["fields"]["to"].get<std::string>(),
              HasSubstr("关联信息"));
  Request good = MakeRequest(Method::kPost, "/api/v1/fields",
                             R"({"title": "通知", "to": 7})");
  EXPECT_EQ(r.Handle(good).body, "通知7");
}

// Issue 12.1: 60,000 nested arrays crashed the process when copied.
TEST(Router, DeeplyNestedJsonIs400) {
  Router r = TestRouter();
  r.SetDefaultBodyLimit(1 << 20);
  Request req = MakeRequest(Method::kPost, "/api/v1/echo",
                            R"({"applicant": )" + Nested(60000) + "}");
  Response resp = r.Handle(req);
  EXPECT_EQ(resp.status, 400);
  EXPECT_THAT(resp.body, HasSubstr("嵌套"));
  Request ok = MakeRequest(Method::kPost, "/api/v1/echo",
                           R"({"a": )" + Nested(20) + "}");
  EXPECT_EQ(r.Handle(ok).status, 200);
}

// Issue 12.1: each route has a body limit; the default covers the rest.
TEST(Router, BodiesOverTheRouteLimitAre413) {
  Router r = TestRouter();
  EXPECT_EQ(r.BodyLimit(Method::kPost, "/upload"), 4096u);
  EXPECT_EQ(r.BodyLimit(Method::kPost, "/api/v1/echo"), 1024u);
  EXPECT_EQ(r.BodyLimit(Method::kPost, "/no/such/route"), 1024u);
  Request big = MakeRequest(Method::kPost, "/upload", std::string(5000, 'x'));
  EXPECT_EQ(r.Handle(big).status, 413);
  Request fits = MakeRequest(Method::kPost, "/upload", std::string(3000, 'x'));
  EXPECT_EQ(r.Handle(fits).body, "3000");
  Request json = MakeRequest(Method::kPost, "/api/v1/echo",
                             R"({"a":")" + std::string(2000, 'x') + R"("})");
  EXPECT_EQ(r.Handle(json).status, 413);
}

TEST(Json, DepthIgnoresBracketsInStrings) {
  EXPECT_EQ(JsonNestingDepth(R"({"a": "[[[[", "b": [1, {"c": "]]"}]})", 99), 3);
  EXPECT_EQ(JsonNestingDepth(R"(["\"[", [[]]])", 99), 3);
  EXPECT_EQ(JsonNestingDepth(Nested(100000), 32), 33);  // stops early
  EXPECT_FALSE(ParseJson(Nested(33)).ok());
  EXPECT_TRUE(ParseJson(Nested(32)).ok());
  EXPECT_FALSE(ParseJson("{\"a\":1", {}).ok());
  EXPECT_FALSE(ParseJson(std::string(100, ' '), {.max_bytes = 10}).ok());
}

// Issue 12.11: X-Forwarded-For counts only from a trusted proxy.
TEST(ClientAddress, TrustsForwardedForOnlyFromConfiguredProxies) {
  const std::vector<std::string> proxies = {"10.0.0.0/8", "192.168.1.5"};
  struct Case {
    const char* peer;
    const char* xff;
    const char* want;
  } cases[] = {
      {"203.0.113.9", "1.2.3.4", "203.0.113.9"},  // not a proxy: ignored
      {"10.1.2.3", "1.2.3.4", "1.2.3.4"},
      {"192.168.1.5", "1.2.3.4", "1.2.3.4"},
      {"192.168.1.6", "1.2.3.4", "192.168.1.6"},
      {"10.1.2.3", "6.6.6.6, 1.2.3.4", "1.2.3.4"},   // client-claimed left
      {"10.1.2.3", "1.2.3.4, 10.9.9.9", "1.2.3.4"},  // proxy chain
      {"10.1.2.3", "", "10.1.2.3"},
      {"10.1.2.3", " , ", "10.1.2.3"},
  };
  for (const Case& c : cases)
    EXPECT_EQ(ClientAddress(c.peer, c.xff, proxies), c.want)
        << c.peer << " / " << c.xff;
  EXPECT_EQ(ClientAddress("10.1.2.3", "1.2.3.4", {}), "10.1.2.3");
}

TEST(HostAllowed, NamesWithAndWithoutPorts) {
  const std::vector<std::string> allowed = {"www.county.gov.cn", "127.0.0.1",
                                            "[::1]"};
  EXPECT_TRUE(HostAllowed("www.county.gov.cn", allowed));
  EXPECT_TRUE(HostAllowed("WWW.County.gov.cn:8443", allowed));
  EXPECT_TRUE(HostAllowed("127.0.0.1:8080", allowed));
  EXPECT_TRUE(HostAllowed("[::1]:8080", allowed));
  EXPECT_FALSE(HostAllowed("evil.example", allowed));
  EXPECT_FALSE(HostAllowed("www.county.gov.cn.evil.example", allowed));
  EXPECT_FALSE(HostAllowed("", allowed));
  EXPECT_TRUE(HostAllowed("anything", {"*"}));
}

// Issue 12.9.
TEST(SecurityHeaders, EveryAnswerCarriesThem) {
  Router r = TestRouter();
  r.AddAfterHook(AddSecurityHeaders);
  Request pub = MakeRequest(Method::kGet, "/domains/1");
  Response p = r.Handle(pub);
  EXPECT_THAT(p.HeaderValue("Content-Security-Policy"),
              HasSubstr("script-src 'self'"));
  EXPECT_THAT(p.HeaderValue("Content-Security-Policy"),
              ::testing::Not(HasSubstr("unsafe-inline")));
  EXPECT_THAT(p.HeaderValue("Content-Security-Policy"),
              HasSubstr("frame-ancestors 'self'"));
  EXPECT_EQ(p.HeaderValue("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(p.HeaderValue("Referrer-Policy"),
            "strict-origin-when-cross-origin");
  Request admin = MakeRequest(Method::kGet, "/admin/x");
  Response a = r.Handle(admin);
  EXPECT_EQ(a.status, 404);
  EXPECT_THAT(a.HeaderValue("Content-Security-Policy"),
              HasSubstr("frame-ancestors 'none'"));
}

TEST(Router, HeadDropsTheBody) {
  Router r = TestRouter();
  Request req = MakeRequest(Method::kHead, "/domains/1");
  Response resp = r.Handle(req);
  EXPECT_EQ(resp.status, 200);
  EXPECT_TRUE(resp.body.empty());
}

TEST(Url, DecodeEncodeRoundTrip) {
  EXPECT_EQ(UrlDecode("a+b%20c%zz", true), "a b c%zz");
  EXPECT_EQ(UrlDecode(UrlEncode("县民政局 /?&"), false), "县民政局 /?&");
  auto form = ParseUrlEncoded("name=%E5%8E%BF&x=1&x=2");
  EXPECT_EQ(form.find("name")->second, "县");
  EXPECT_EQ(form.count("x"), 2u);
}

// Issue 20: invalid UTF-8 in a form field or file name becomes U+FFFD at
// the parser, so no JSON dump downstream throws on it; files stay bytes.
TEST(Url, InvalidUtf8InFormsBecomesReplacementCharacters) {
  const std::string kBad = "\xEF\xBF\xBD";
  struct Case {
    const char* encoded;
    std::string decoded;
  };
  for (const Case& c :
       {Case{"%FF%FEA", kBad + kBad + "A"},
        Case{"%C0%AF..", kBad + kBad + ".."},
        Case{"%ED%A0%80%E6%B5%8B", kBad + kBad + kBad + "测"},
        Case{"%E6%B5", kBad + kBad}, Case{"%E5%8E%BF%F0%9F%98%80", "县😀"}}) {
    auto form = ParseUrlEncoded(absl::StrCat("v=", c.encoded));
    EXPECT_EQ(form.find("v")->second, c.decoded) << c.encoded;
  }
  std::string body =
      "--B\r\nContent-Disposition: form-data; name=\"t\"\r\n\r\na\xFF"
      "b\r\n"
      "--B\r\nContent-Disposition: form-data; name=\"f\"; "
      "filename=\"x\xC0.pdf\"\r\n\r\n\xFF\xFE\r\n--B--\r\n";
  Request req =
      MakeRequest(Method::kPost, "/x", body,
                  {{"Content-Type", "multipart/form-data; boundary=B"}});
  std::vector<FormPart> parts = req.Parts();
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].data, "a" + kBad + "b");
  EXPECT_EQ(parts[1].filename, "x" + kBad + ".pdf");
  EXPECT_EQ(parts[1].data, "\xFF\xFE");
}

TEST(Multipart, FieldsAndFiles) {
  std::string body =
      "--XyZ\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\ntok\r\n"
      "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; "
      "filename=\"目录.xlsx\"\r\n"
      "Content-Type: "
      "application/octet-stream\r\n\r\nPK\x03\x04\r\n--\r\nbin\r\n"
      "--XyZ--\r\n";
  Request req =
      MakeRequest(Method::kPost, "/x", body,
                  {{"Content-Type", "multipart/form-data; boundary=XyZ"}});
  std::vector<FormPart> parts = req.Parts();
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[1].filename, "目录.xlsx");
  EXPECT_EQ(parts[1].data, std::string("PK\x03\x04\r\n--\r\nbin"));
  auto form = req.Form();
  EXPECT_EQ(form.size(), 1u);
  EXPECT_EQ(form.find("_csrf")->second, "tok");
  // A truncated body yields the complete parts only.
  Request cut =
      MakeRequest(Method::kPost, "/x", body.substr(0, 80),
                  {{"Content-Type", "multipart/form-data; boundary=XyZ"}});
  EXPECT_EQ(cut.Parts().size(), 1u);
}

TEST(Status, EveryCodeMapsToAnHttpStatus) {
  for (int c = 0; c <= 16; ++c) {
    int s = HttpStatus(static_cast<absl::StatusCode>(c));
    EXPECT_GE(s, 200);
    EXPECT_LT(s, 600);
  }
  EXPECT_EQ(HttpStatus(absl::StatusCode::kNotFound), 404);
  EXPECT_EQ(HttpStatus(absl::StatusCode::kPermissionDenied), 403);
}

}  // namespace
TEST(IsLocalPathTest, OnlyPathsOfThisSite) {
  struct Case {
    const char* url;
    bool local;
  } cases[] = {
      {"/records/77", true},
      {"/", true},
      {"/records/77?from=apply#top", true},
      {"/a:b", true},
      {"", false},
      {"records/77", false},
      {"//evil.example", false},
      {"///evil.example", false},
      {"/\\evil.example", false},
      {"/records\\..\\x", false},
      {"/\t/evil.example", false},
      {"/\n/evil.example", false},
      {"/ /evil.example", false},
      {"javascript:alert(1)", false},
      {"data:text/html,x", false},
      {"https://evil.example/", false},
      {" /records/77", false},
  };
  for (const Case& c : cases) EXPECT_EQ(IsLocalPath(c.url), c.local) << c.url;
}

}  // namespace zwgk::web
