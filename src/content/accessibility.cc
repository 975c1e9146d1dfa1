#include "content/accessibility.h"

#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "content/html_tokenizer.h"
#include "content/text.h"
#include "core/status.h"

namespace zwgk::content {
namespace {

// Words that say only that there is a picture.
constexpr absl::string_view kPlaceholders[] = {
    "图片",       "图像",     "照片", "截图",     "配图",    "插图",
    "图",         "image",    "img",  "photo",    "picture", "pic",
    "screenshot", "untitled", "null", "undefined"};

constexpr absl::string_view kImageExtensions[] = {
    ".jpg", ".jpeg", ".png", ".gif", ".bmp", ".webp", ".svg", ".tif", ".tiff"};

// Trims ASCII and full-width (U+3000) spaces.
absl::string_view TrimSpaces(absl::string_view s) {
  for (bool changed = true; changed;) {
    changed = false;
    s = absl::StripAsciiWhitespace(s);
    if (absl::ConsumePrefix(&s, "\u3000")) changed = true;
    if (absl::ConsumeSuffix(&s, "\u3000")) changed = true;
  }
  return s;
}

}  // namespace

bool IsMeaningfulAlt(absl::string_view alt) {
  const std::string decoded = text::DecodeEntities(
      text::CleanUtf8(alt).text, text::EntityContext::kAttribute);
  const std::string lower = absl::AsciiStrToLower(TrimSpaces(decoded));
  if (lower.empty()) return false;
  for (absl::string_view word : kPlaceholders) {
    if (lower == word) return false;
  }
  // A file name: "IMG_0012.JPG", "微信图片_2024.png".
  for (absl::string_view ext : kImageExtensions) {
    if (absl::EndsWith(lower, ext)) return false;
  }
  return true;
}

std::vector<int> ImagesWithoutAlt(absl::string_view html) {
  std::vector<int> missing;
  int n = 0;
  html::Tokenizer tokens(html);
  while (std::optional<html::Token> t = tokens.Next()) {
    if (t->kind != html::TokenKind::kStartTag || t->name != "img") continue;
    ++n;
    std::optional<std::string> alt;
    for (const html::Attribute& a : t->attributes) {
      if (a.name == "alt") {
        alt = a.value;
        break;  // HTML keeps the first of duplicated attributes
      }
    }
    if (!alt || !IsMeaningfulAlt(*alt)) missing.push_back(n);
  }
  return missing;
}

std::string ImageAltProblem(absl::string_view html) {
  const std::vector<int> missing = ImagesWithoutAlt(html);
  if (missing.empty()) return "";
  std::string message =
      absl::StrCat("第", missing.front(), "张图片缺少替代文字（alt）");
  if (missing.size() > 1) {
    absl::StrAppend(&message, "，另有", missing.size() - 1, "张图片也缺少");
  }
  absl::StrAppend(&message,
                  "：请为每张图片填写说明图片内容的文字，供读屏软件朗读");
  return message;
}

absl::Status CheckImageAlt(absl::string_view html, absl::string_view field) {
  std::string problem = ImageAltProblem(html);
  if (problem.empty()) return absl::OkStatus();
  return InvalidFields("正文图片缺少替代文字",
                       {{std::string(field), std::move(problem)}});
}

std::string ScrollableTables(absl::string_view html) {
  static constexpr absl::string_view kOpen =
      "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" "
      "aria-label=\"表格（可左右滚动）\">";
  std::string out;
  out.reserve(html.size());
  int depth = 0;
  size_t pos = 0;
  while (pos < html.size()) {
    const size_t lt = html.find('<', pos);
    if (lt == absl::string_view::npos) break;
    absl::string_view rest = html.substr(lt);
    const bool open =
        absl::StartsWith(rest, "<table>") || absl::StartsWith(rest, "<table ");
    const bool close = absl::StartsWith(rest, "</table>");
    if (open && depth++ == 0) {
      absl::StrAppend(&out, html.substr(pos, lt - pos), kOpen);
      pos = lt;
    } else if (close && depth > 0 && --depth == 0) {
      constexpr size_t kLen = sizeof("</table>") - 1;
      absl::StrAppend(&out, html.substr(pos, lt + kLen - pos), "</div>");
      pos = lt + kLen;
      continue;
    }
    absl::StrAppend(&out, html.substr(pos, lt + 1 - pos));
    pos = lt + 1;
  }
  absl::StrAppend(&out, html.substr(pos));
  if (depth > 0) out += "</div>";  // an unclosed table (not from the sanitizer)
  return out;
}

}  // namespace zwgk::content
