// libFuzzer target for what the server reads from requests before any
// handler: query strings, application/x-www-form-urlencoded and
// multipart/form-data bodies, cookies, ids from paths, local redirect
// targets, Host and X-Forwarded-For.
//
// The first byte picks the mode; the rest is:
//   0: a request target or urlencoded body;
//   1: a Content-Type header, "\n----\n", a multipart body;
//   2: a Cookie header;
//   3: a string for ParseId / IsLocalPath / HostAllowed / ClientAddress.
// Invariants: encode → decode round-trips; a parsed form re-encoded parses
// to the same form; multipart parts are pieces of the body and re-encode to
// the same parts; accepted ids and local paths have the promised shape.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "core/web.h"
#include "fuzz_util.h"

namespace {

using namespace zwgk::web;
using zwgk::fuzz::Bytes;

std::string Encode(const std::multimap<std::string, std::string>& form) {
  std::string out;
  for (const auto& [k, v] : form) {
    if (!out.empty()) out.push_back('&');
    absl::StrAppend(&out, UrlEncode(k), "=", UrlEncode(v));
  }
  return out;
}

void FuzzUrlEncoded(absl::string_view s) {
  for (bool plus : {false, true}) {
    const std::string encoded = UrlEncode(s);
    ZWGK_FUZZ_CHECK(UrlDecode(encoded, plus) == s, encoded);
  }
  const std::multimap<std::string, std::string> form = ParseUrlEncoded(s);
  ZWGK_FUZZ_CHECK(form.size() <= s.size(), s);
  const std::string again = Encode(form);
  ZWGK_FUZZ_CHECK(ParseUrlEncoded(again) == form, again);

  const Request req = MakeRequest(Method::kGet, s);
  const size_t q = s.find('?');
  ZWGK_FUZZ_CHECK(req.query == (q == absl::string_view::npos
                                    ? std::multimap<std::string, std::string>{}
                                    : ParseUrlEncoded(s.substr(q + 1))),
                  s);
  for (const auto& [k, v] : req.query) {
    ZWGK_FUZZ_CHECK(req.QueryValue(k).has_value(), k);
    (void)v;
  }
}

// Field text that survives a Content-Disposition header unchanged.
bool Plain(absl::string_view s) {
  for (unsigned char c : s)
    if (c <= 0x20 || c == 0x7f || c == '"' || c == ';' || c == '=' || c == '\\')
      return false;
  return true;
}

void FuzzMultipart(absl::string_view input) {
  const std::vector<absl::string_view> parts = zwgk::fuzz::SplitParts(input);
  const absl::string_view content_type = zwgk::fuzz::Part(parts, 0);
  const absl::string_view body =
      parts.size() > 1
          ? input.substr(content_type.size() + zwgk::fuzz::kSeparator.size())
          : absl::string_view();
  const std::vector<FormPart> parsed = ParseMultipart(content_type, body);
  ZWGK_FUZZ_CHECK(parsed.size() <= body.size(), content_type);
  bool plain = true;
  for (const FormPart& p : parsed) {
    ZWGK_FUZZ_CHECK(body.find(p.data) != absl::string_view::npos, p.data);
    plain = plain && Plain(p.name) && Plain(p.filename) &&
            Plain(p.content_type) &&
            ("\r\n" + p.data).find("\r\n--zwgkfuzz") == std::string::npos;
  }
  if (!plain) return;
  // Re-encoded with a boundary of our own, the parts parse back the same.
  std::string again;
  for (const FormPart& p : parsed) {
    absl::StrAppend(&again, "--zwgkfuzz\r\nContent-Disposition: form-data",
                    "; name=\"", p.name, "\"");
    if (!p.filename.empty())
      absl::StrAppend(&again, "; filename=\"", p.filename, "\"");
    absl::StrAppend(&again, "\r\n");
    if (!p.content_type.empty())
      absl::StrAppend(&again, "Content-Type: ", p.content_type, "\r\n");
    absl::StrAppend(&again, "\r\n", p.data, "\r\n");
  }
  absl::StrAppend(&again, "--zwgkfuzz--\r\n");
  const std::vector<FormPart> reparsed =
      ParseMultipart("multipart/form-data; boundary=zwgkfuzz", again);
  ZWGK_FUZZ_CHECK(reparsed.size() == parsed.size(), again);
  for (size_t i = 0; i < parsed.size(); ++i) {
    ZWGK_FUZZ_CHECK(reparsed[i].name == parsed[i].name, again);
    ZWGK_FUZZ_CHECK(reparsed[i].filename == parsed[i].filename, again);
    ZWGK_FUZZ_CHECK(reparsed[i].content_type == parsed[i].content_type, again);
    ZWGK_FUZZ_CHECK(reparsed[i].data == parsed[i].data, again);
  }
}

void FuzzCookies(absl::string_view header) {
  const std::map<std::string, std::string> cookies = ParseCookies(header);
  for (const auto& [k, v] : cookies) {
    ZWGK_FUZZ_CHECK(k.find(';') == std::string::npos, k);
    ZWGK_FUZZ_CHECK(v.find(';') == std::string::npos, v);
  }
  const Request req = MakeRequest(
      Method::kPost, "/", std::string(header),
      {{"Cookie", std::string(header)}, {"Content-Type", std::string(header)}});
  ZWGK_FUZZ_CHECK(req.cookies == cookies, header);
  (void)req.Form();
  (void)req.Parts();
  (void)req.JsonBody();
  (void)req.WantsJson();
}

void FuzzMisc(absl::string_view s) {
  if (const std::optional<int64_t> id = ParseId(s)) {
    ZWGK_FUZZ_CHECK(*id > 0, s);
    for (char c : s) ZWGK_FUZZ_CHECK(c >= '0' && c <= '9', s);
  }
  if (IsLocalPath(s)) {
    ZWGK_FUZZ_CHECK(s.size() <= 2000 && s[0] == '/', s);
    ZWGK_FUZZ_CHECK(s.size() == 1 || s[1] != '/', s);
    for (char c : s) {
      const auto u = static_cast<unsigned char>(c);
      ZWGK_FUZZ_CHECK(u > 0x20 && u != 0x7f && c != '\\', s);
    }
  }
  (void)HostAllowed(s, {"gov.example.cn", "127.0.0.1"});
  const std::string client =
      ClientAddress("10.0.0.1", s, {"10.0.0.0/8", "192.168.1.1"});
  ZWGK_FUZZ_CHECK(client.find(',') == std::string::npos, client);
  ZWGK_FUZZ_CHECK(
      ClientAddress("203.0.113.9", s, {"10.0.0.0/8"}) == "203.0.113.9", s);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const absl::string_view rest = Bytes(data + 1, size - 1);
  switch (data[0] % 4) {
    case 0:
      FuzzUrlEncoded(rest);
      break;
    case 1:
      FuzzMultipart(rest);
      break;
    case 2:
      FuzzCookies(rest);
      break;
    case 3:
      FuzzMisc(rest);
      break;
  }
  return 0;
}
