#include "core/web.h"

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
  r.Get("/boom", [](Request&) -> Response { throw std::runtime_error("x"); });
  return r;
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
}  // namespace zwgk::web
