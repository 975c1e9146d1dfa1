#include "content/body.h"

#include <algorithm>
#include <optional>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "content/html_tokenizer.h"
#include "core/text.h"

namespace zwgk::content {
namespace {

constexpr absl::string_view kBlockElements[] = {
    "p",  "div",   "h1", "h2", "h3", "h4",         "h5",  "h6", "ul", "ol",
    "li", "table", "tr", "td", "th", "blockquote", "pre", "hr", "br"};

bool IsBlock(absl::string_view name) {
  return std::find(std::begin(kBlockElements), std::end(kBlockElements),
                   name) != std::end(kBlockElements);
}

bool HasTags(absl::string_view body) {
  html::Tokenizer tokenizer(body);
  while (std::optional<html::Token> token = tokenizer.Next()) {
    if (token->kind != html::TokenKind::kText) return true;
  }
  return false;
}

// Trims ASCII whitespace, no-break spaces and full-width spaces (the
// indent clerks type before a paragraph).
absl::string_view TrimLine(absl::string_view line) {
  bool changed = true;
  while (changed && !line.empty()) {
    changed = false;
    for (absl::string_view space :
         {" ", "\t", "\r", "\xC2\xA0", "\xE3\x80\x80"}) {
      if (absl::ConsumePrefix(&line, space)) changed = true;
      if (absl::ConsumeSuffix(&line, space)) changed = true;
    }
  }
  return line;
}

}  // namespace

bool HasBlockMarkup(absl::string_view body) {
  html::Tokenizer tokenizer(body);
  while (std::optional<html::Token> token = tokenizer.Next()) {
    if ((token->kind == html::TokenKind::kStartTag ||
         token->kind == html::TokenKind::kEndTag) &&
        IsBlock(token->name)) {
      return true;
    }
  }
  return false;
}

std::string TextToParagraphs(absl::string_view body) {
  const bool escape = !HasTags(body);
  std::string out;
  for (absl::string_view line : absl::StrSplit(body, '\n')) {
    line = TrimLine(line);
    if (line.empty()) continue;
    out += "<p>";
    if (escape) {
      AppendHtmlEscaped(out, line);
    } else {
      out.append(line.data(), line.size());
    }
    out += "</p>";
  }
  return out;
}

SanitizeResult PrepareBody(absl::string_view body) {
  SanitizeResult result = SanitizeHtml(
      HasBlockMarkup(body) ? std::string(body) : TextToParagraphs(body));
  if (HtmlToText(result.html).empty() &&
      !absl::StrContains(result.html, "<img") &&
      !absl::StrContains(result.html, "<table")) {
    result.html.clear();
  }
  return result;
}

std::string BodyForTextBox(absl::string_view body) {
  if (!HasBlockMarkup(body)) return std::string(body);
  std::string text = absl::StrJoin(
      absl::StrSplit(HtmlToText(body), '\n', absl::SkipEmpty()), "\n\n");
  if (PrepareBody(text).html == body) return text;
  return std::string(body);
}

}  // namespace zwgk::content
