// libFuzzer target for record bodies: the HTML sanitizer (content/
// sanitize.h) and what runs on its output or on raw bodies (PrepareBody,
// HtmlToText, Excerpt, XmlEscape, the accessibility helpers).
//
// Invariants on SanitizeHtml's output, checked by a small tag reader of our
// own: valid UTF-8; well-formed XML (pugixml); every tag one of the allowed
// elements with only its allowed attributes; no on* attribute; href and src
// only http(s), mailto (href) or scheme-less, never javascript:/vbscript:
// anywhere; only the entities &amp; &lt; &gt; &quot; &#39; (core/text.h
// HtmlEscape's five, though sanitize.h names four); and sanitizing again
// changes nothing (idempotent).
#include <cstdint>
#include <set>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "content/accessibility.h"
#include "content/body.h"
#include "content/sanitize.h"
#include "fuzz_util.h"
#include "pugixml.hpp"

namespace {

using zwgk::content::SanitizeHtml;

const std::set<std::string, std::less<>> kElements = {
    "p",      "br", "h2", "h3",  "h4",      "h5",         "h6",
    "strong", "b",  "em", "i",   "u",       "s",          "sub",
    "sup",    "ul", "ol", "li",  "table",   "thead",      "tbody",
    "tfoot",  "tr", "th", "td",  "caption", "blockquote", "pre",
    "code",   "hr", "a",  "img", "div",     "figure",     "figcaption"};

bool AllowedAttribute(absl::string_view element, absl::string_view name) {
  if (element == "a") return name == "href" || name == "title";
  if (element == "img")
    return name == "src" || name == "alt" || name == "title" ||
           name == "width" || name == "height";
  if (element == "td" || element == "th")
    return name == "colspan" || name == "rowspan";
  if (element == "ol") return name == "start";
  return false;
}

void CheckUrl(absl::string_view attribute, absl::string_view value,
              absl::string_view html) {
  const std::string url = absl::AsciiStrToLower(absl::StrReplaceAll(
      value, {{"&quot;", "\""}, {"&lt;", "<"}, {"&gt;", ">"}, {"&amp;", "&"}}));
  ZWGK_FUZZ_CHECK(!absl::StrContains(url, "javascript:") &&
                      !absl::StrContains(url, "vbscript:"),
                  html);
  const size_t delimiter = url.find_first_of(":/?#");
  if (delimiter == std::string::npos || url[delimiter] != ':') return;
  const absl::string_view scheme = absl::string_view(url).substr(0, delimiter);
  ZWGK_FUZZ_CHECK(scheme == "http" || scheme == "https" ||
                      (attribute == "href" && scheme == "mailto"),
                  html);
}

// Reads the tags of sanitizer output (attributes double-quoted, values
// escaped) and checks each against the allow-list.
void CheckTags(const std::string& html) {
  size_t i = 0;
  while ((i = html.find_first_of("<&", i)) != std::string::npos) {
    if (html[i] == '&') {
      const absl::string_view rest = absl::string_view(html).substr(i);
      ZWGK_FUZZ_CHECK(absl::StartsWith(rest, "&amp;") ||
                          absl::StartsWith(rest, "&lt;") ||
                          absl::StartsWith(rest, "&gt;") ||
                          absl::StartsWith(rest, "&quot;") ||
                          absl::StartsWith(rest, "&#39;"),
                      html);
      ++i;
      continue;
    }
    const size_t end = html.find('>', i);
    ZWGK_FUZZ_CHECK(end != std::string::npos, html);
    absl::string_view tag = absl::string_view(html).substr(i + 1, end - i - 1);
    i = end + 1;
    if (absl::ConsumePrefix(&tag, "/")) {
      ZWGK_FUZZ_CHECK(kElements.count(tag) == 1, html);
      continue;
    }
    absl::ConsumeSuffix(&tag, " /");
    const size_t name_end = tag.find(' ');
    const absl::string_view name = tag.substr(0, name_end);
    ZWGK_FUZZ_CHECK(kElements.count(name) == 1, html);
    absl::string_view attributes =
        name_end == absl::string_view::npos ? "" : tag.substr(name_end);
    while (!attributes.empty()) {
      ZWGK_FUZZ_CHECK(absl::ConsumePrefix(&attributes, " "), html);
      const size_t eq = attributes.find("=\"");
      ZWGK_FUZZ_CHECK(eq != absl::string_view::npos, html);
      const absl::string_view attribute = attributes.substr(0, eq);
      ZWGK_FUZZ_CHECK(AllowedAttribute(name, attribute), html);
      attributes.remove_prefix(eq + 2);
      const size_t close = attributes.find('"');
      ZWGK_FUZZ_CHECK(close != absl::string_view::npos, html);
      const absl::string_view value = attributes.substr(0, close);
      ZWGK_FUZZ_CHECK(value.find('<') == absl::string_view::npos, html);
      if (attribute == "href" || attribute == "src")
        CheckUrl(attribute, value, html);
      attributes.remove_prefix(close + 1);
    }
  }
}

void CheckSanitized(const std::string& html, absl::string_view input,
                    const char* what) {
  zwgk::fuzz::Context() = what;
  ZWGK_FUZZ_CHECK(zwgk::fuzz::IsValidUtf8(html), html);
  CheckTags(html);
  const std::string lower = absl::AsciiStrToLower(html);
  ZWGK_FUZZ_CHECK(!absl::StrContains(lower, "<script"), html);
  pugi::xml_document doc;
  const std::string wrapped = "<r>" + html + "</r>";
  const pugi::xml_parse_result xml =
      doc.load_buffer(wrapped.data(), wrapped.size(), pugi::parse_default);
  ZWGK_FUZZ_CHECK(static_cast<bool>(xml), html);
  const std::string again = SanitizeHtml(html).html;
  ZWGK_FUZZ_CHECK(again == html, input);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view input = zwgk::fuzz::Bytes(data, size);
  const zwgk::content::SanitizeResult r = SanitizeHtml(input);
  CheckSanitized(r.html, input, "SanitizeHtml");
  for (const std::string& note : r.removed)
    ZWGK_FUZZ_CHECK(zwgk::fuzz::IsValidUtf8(note), note);

  const zwgk::content::SanitizeResult body = zwgk::content::PrepareBody(input);
  CheckSanitized(body.html, input, "PrepareBody");
  (void)zwgk::content::BodyForTextBox(body.html);
  (void)zwgk::content::ImagesWithoutAlt(r.html);
  (void)zwgk::content::ImageAltProblem(r.html);
  const std::string tables = zwgk::content::ScrollableTables(r.html);
  ZWGK_FUZZ_CHECK(!absl::StrContains(absl::AsciiStrToLower(tables), "<script"),
                  tables);

  const std::string text = zwgk::content::HtmlToText(input);
  ZWGK_FUZZ_CHECK(zwgk::fuzz::IsValidUtf8(text), text);
  const std::string excerpt = zwgk::content::Excerpt(text, 40);
  ZWGK_FUZZ_CHECK(zwgk::fuzz::IsValidUtf8(excerpt), excerpt);
  const std::string xml = zwgk::content::XmlEscape(input);
  ZWGK_FUZZ_CHECK(zwgk::fuzz::IsValidUtf8(xml), xml);
  ZWGK_FUZZ_CHECK(xml.find_first_of("<>\"'") == std::string::npos, xml);
  return 0;
}
