#include "search/text.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "core/text.h"
#include "core/web.h"

namespace zwgk::search {
namespace internal {

char32_t NextCodePoint(absl::string_view s, size_t& i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char b = byte(i);
  int len = b < 0x80         ? 1
            : (b >> 5) == 6  ? 2
            : (b >> 4) == 14 ? 3
            : (b >> 3) == 30 ? 4
                             : 0;
  if (len == 0 || i + len > s.size()) {
    ++i;
    return 0xFFFD;
  }
  char32_t c = len == 1 ? b : b & (0x7F >> len);
  for (int k = 1; k < len; ++k) {
    unsigned char n = byte(i + k);
    if ((n & 0xC0) != 0x80) {
      ++i;
      return 0xFFFD;
    }
    c = (c << 6) | (n & 0x3F);
  }
  // Overlong forms (F0 88 88 88 is U+8888 spelled long), surrogates and
  // code points past U+10FFFF are invalid too: one byte, one U+FFFD.
  if ((len == 2 && c < 0x80) || (len == 3 && c < 0x800) ||
      (len == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
      (c >= 0xD800 && c <= 0xDFFF)) {
    ++i;
    return 0xFFFD;
  }
  i += len;
  return c;
}

bool IsCjk(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2FA1F);
}

char FoldAlnum(char32_t c) {
  if (c >= 0xFF01 && c <= 0xFF5E) c -= 0xFEE0;  // full-width ASCII
  if (c >= '0' && c <= '9') return static_cast<char>(c);
  if (c >= 'a' && c <= 'z') return static_cast<char>(c);
  if (c >= 'A' && c <= 'Z') return static_cast<char>(c - 'A' + 'a');
  return 0;
}

}  // namespace internal

namespace {

bool IsSpace(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x3000;
}

}  // namespace

std::vector<Token> Tokenize(absl::string_view text) {
  std::vector<Token> out;
  Token* cur = nullptr;
  size_t i = 0;
  while (i < text.size()) {
    size_t start = i;
    char32_t c = internal::NextCodePoint(text, i);
    if (internal::IsCjk(c)) {
      if (!cur || cur->kind != Token::Kind::kCjk) {
        out.push_back({.kind = Token::Kind::kCjk});
        cur = &out.back();
      }
      cur->chars.emplace_back(text.data() + start, i - start);
      cur->text += cur->chars.back();
    } else if (char a = internal::FoldAlnum(c)) {
      if (!cur || cur->kind != Token::Kind::kWord) {
        out.push_back({.kind = Token::Kind::kWord});
        cur = &out.back();
      }
      if (cur->text.size() < 64) cur->text.push_back(a);
    } else {
      cur = nullptr;
    }
  }
  return out;
}

std::vector<WordTerms> QueryWords(absl::string_view query) {
  std::vector<WordTerms> out;
  for (const Token& t : Tokenize(query)) {
    WordTerms w;
    if (t.kind == Token::Kind::kWord) {
      w.terms.push_back(t.text);
    } else if (t.chars.size() == 1) {
      w.terms.push_back(t.chars[0]);
      w.single_char = true;
    } else {
      for (size_t k = 0; k + 1 < t.chars.size(); ++k) {
        std::string bigram = t.chars[k] + t.chars[k + 1];
        if (std::find(w.terms.begin(), w.terms.end(), bigram) == w.terms.end())
          w.terms.push_back(std::move(bigram));
      }
    }
    out.push_back(std::move(w));
  }
  return out;
}

std::vector<std::string> HighlightWords(absl::string_view query) {
  std::vector<Token> tokens = Tokenize(query);
  std::vector<std::string> out;
  for (const Token& t : tokens) {
    // A lone digit or character would light up half the text; keep it only
    // when it is all the user asked for.
    bool tiny =
        t.kind == Token::Kind::kCjk ? t.chars.size() < 2 : t.text.size() < 2;
    if (tiny && tokens.size() > 1) continue;
    out.push_back(t.text);
  }
  return out;
}

std::string Snippet(absl::string_view text,
                    const std::vector<std::string>& words, size_t max_chars) {
  // ASCII lower-casing keeps byte offsets, so matches map back to `text`.
  std::string lower = absl::AsciiStrToLower(text);
  std::vector<std::pair<size_t, size_t>> spans;  // [begin, end) bytes
  for (const std::string& w : words) {
    if (w.empty()) continue;
    for (size_t p = lower.find(w); p != std::string::npos;
         p = lower.find(w, p + w.size())) {
      spans.emplace_back(p, p + w.size());
    }
  }
  std::sort(spans.begin(), spans.end());
  std::vector<std::pair<size_t, size_t>> merged;
  for (const auto& s : spans) {
    if (!merged.empty() && s.first <= merged.back().second) {
      merged.back().second = std::max(merged.back().second, s.second);
    } else {
      merged.push_back(s);
    }
  }
  // Code point boundaries, to cut the window without splitting a character.
  std::vector<size_t> starts;
  for (size_t i = 0; i < text.size();) {
    starts.push_back(i);
    internal::NextCodePoint(text, i);
  }
  starts.push_back(text.size());
  size_t n = starts.size() - 1;  // characters
  size_t first = 0;              // character index of the window start
  if (!merged.empty()) {
    size_t hit =
        std::lower_bound(starts.begin(), starts.end(), merged.front().first) -
        starts.begin();
    size_t lead = max_chars / 4;
    first = hit > lead ? hit - lead : 0;
  }
  size_t last = std::min(n, first + max_chars);
  if (last - first < max_chars && n > max_chars) first = n - max_chars;
  size_t begin = starts[first], end = starts[last];
  std::string out;
  if (first > 0) out += "…";
  size_t pos = begin;
  for (const auto& [b, e] : merged) {
    if (e <= begin || b >= end) continue;
    size_t mb = std::max(b, begin), me = std::min(e, end);
    AppendHtmlEscaped(out, text.substr(pos, mb - pos));
    out += "<mark>";
    AppendHtmlEscaped(out, text.substr(mb, me - mb));
    out += "</mark>";
    pos = me;
  }
  AppendHtmlEscaped(out, text.substr(pos, end - pos));
  if (last < n) out += "…";
  return out;
}

std::string NormalizeIdentifier(absl::string_view s) {
  std::string out;
  bool digit = false;
  size_t i = 0;
  while (i < s.size()) {
    size_t start = i;
    char32_t c = internal::NextCodePoint(s, i);
    if (IsSpace(c)) continue;
    switch (c) {
      case 0x3014:
      case 0xFF3B:
      case '[':
      case 0xFF08:
      case '(':
      case 0x3010:
        out.push_back('[');
        continue;
      case 0x3015:
      case 0xFF3D:
      case ']':
      case 0xFF09:
      case ')':
      case 0x3011:
        out.push_back(']');
        continue;
      default:
        break;
    }
    if (c >= 0xFF01 && c <= 0xFF5E) c -= 0xFEE0;
    if (c < 0x80) {
      char a = static_cast<char>(c);
      digit |= a >= '0' && a <= '9';
      out.push_back(absl::ascii_tolower(a));
    } else {
      out.append(s.data() + start, i - start);
    }
  }
  return digit ? out : std::string();
}

}  // namespace zwgk::search
