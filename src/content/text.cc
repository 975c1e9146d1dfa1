#include "content/text.h"

#include <cstdint>
#include <optional>

#include "absl/strings/ascii.h"

namespace zwgk::content::text {
namespace {

bool IsContinuation(unsigned char c) { return (c & 0xC0) == 0x80; }

struct NamedEntity {
  absl::string_view name;
  char32_t cp;
};

// The references that occur in real documents (Word, WPS, CMS editors) plus
// the HTML5 ones used to obfuscate URLs (&colon; &Tab; &NewLine;).
constexpr NamedEntity kNamedEntities[] = {
    {"amp", '&'},       {"lt", '<'},        {"gt", '>'},
    {"quot", '"'},      {"apos", '\''},     {"AMP", '&'},
    {"LT", '<'},        {"GT", '>'},        {"QUOT", '"'},
    {"nbsp", 0xA0},     {"ensp", 0x2002},   {"emsp", 0x2003},
    {"thinsp", 0x2009}, {"zwnj", 0x200C},   {"zwj", 0x200D},
    {"lrm", 0x200E},    {"rlm", 0x200F},    {"shy", 0xAD},
    {"copy", 0xA9},     {"reg", 0xAE},      {"trade", 0x2122},
    {"hellip", 0x2026}, {"mdash", 0x2014},  {"ndash", 0x2013},
    {"lsquo", 0x2018},  {"rsquo", 0x2019},  {"sbquo", 0x201A},
    {"ldquo", 0x201C},  {"rdquo", 0x201D},  {"bdquo", 0x201E},
    {"laquo", 0xAB},    {"raquo", 0xBB},    {"middot", 0xB7},
    {"bull", 0x2022},   {"deg", 0xB0},      {"plusmn", 0xB1},
    {"times", 0xD7},    {"divide", 0xF7},   {"micro", 0xB5},
    {"para", 0xB6},     {"sect", 0xA7},     {"cent", 0xA2},
    {"pound", 0xA3},    {"yen", 0xA5},      {"euro", 0x20AC},
    {"permil", 0x2030}, {"prime", 0x2032},  {"Prime", 0x2033},
    {"dagger", 0x2020}, {"Dagger", 0x2021}, {"larr", 0x2190},
    {"uarr", 0x2191},   {"rarr", 0x2192},   {"darr", 0x2193},
    {"harr", 0x2194},   {"le", 0x2264},     {"ge", 0x2265},
    {"ne", 0x2260},     {"asymp", 0x2248},  {"infin", 0x221E},
    {"frac12", 0xBD},   {"frac14", 0xBC},   {"frac34", 0xBE},
    {"sup1", 0xB9},     {"sup2", 0xB2},     {"sup3", 0xB3},
    {"ordm", 0xBA},     {"ordf", 0xAA},     {"iexcl", 0xA1},
    {"iquest", 0xBF},   {"acute", 0xB4},    {"uml", 0xA8},
    {"macr", 0xAF},     {"cedil", 0xB8},    {"loz", 0x25CA},
    {"colon", ':'},     {"Tab", '\t'},      {"NewLine", '\n'},
    {"lpar", '('},      {"rpar", ')'},      {"sol", '/'},
    {"bsol", '\\'},     {"num", '#'},       {"excl", '!'},
    {"comma", ','},     {"period", '.'},    {"semi", ';'},
    {"equals", '='},    {"quest", '?'},     {"commat", '@'},
    {"lsqb", '['},      {"rsqb", ']'},      {"lowbar", '_'},
    {"grave", '`'},     {"lcub", '{'},      {"rcub", '}'},
    {"verbar", '|'},    {"percnt", '%'},    {"plus", '+'},
    {"dollar", '$'},    {"ast", '*'},       {"hyphen", 0x2010},
};

// Legacy references browsers also accept without the semicolon, in text.
bool IsLegacyName(absl::string_view name) {
  return name == "amp" || name == "lt" || name == "gt" || name == "quot" ||
         name == "nbsp" || name == "copy" || name == "reg" || name == "AMP" ||
         name == "LT" || name == "GT" || name == "QUOT";
}

std::optional<char32_t> LookupNamed(absl::string_view name) {
  for (const NamedEntity& e : kNamedEntities) {
    if (e.name == name) return e.cp;
  }
  return std::nullopt;
}

// HTML maps numeric references 0x80–0x9F as windows-1252 (Word's smart
// quotes and dashes arrive as &#147; &#150; ...). Zero means undefined.
constexpr char32_t kWindows1252[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

// Maps a numeric reference's value to what it stands for (nullopt: drop).
std::optional<char32_t> NumericValue(uint64_t v) {
  if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
    return kReplacementChar;
  }
  if (v >= 0x80 && v <= 0x9F) {
    const char32_t mapped = kWindows1252[v - 0x80];
    if (mapped == 0) return std::nullopt;
    return mapped;
  }
  if (v == '\r') return '\n';
  const auto cp = static_cast<char32_t>(v);
  if (!IsAllowedChar(cp)) return std::nullopt;
  return cp;
}

// Parses a reference starting at s[pos] == '&'. On success appends the
// decoded character (if any) and returns the number of bytes consumed.
size_t DecodeReference(absl::string_view s, size_t pos, EntityContext context,
                       std::string& out) {
  size_t i = pos + 1;
  if (i < s.size() && s[i] == '#') {
    ++i;
    const bool hex = i < s.size() && (s[i] == 'x' || s[i] == 'X');
    if (hex) ++i;
    const size_t digits_start = i;
    uint64_t value = 0;
    while (i < s.size() &&
           (hex ? absl::ascii_isxdigit(static_cast<unsigned char>(s[i]))
                : absl::ascii_isdigit(static_cast<unsigned char>(s[i])))) {
      const char c = absl::ascii_tolower(static_cast<unsigned char>(s[i]));
      const int d = c <= '9' ? c - '0' : c - 'a' + 10;
      // Saturate: anything past 0x10FFFF is the replacement character.
      value = value > 0x10FFFF ? value : value * (hex ? 16 : 10) + d;
      ++i;
    }
    if (i == digits_start) return 0;
    if (i < s.size() && s[i] == ';') ++i;
    if (std::optional<char32_t> cp = NumericValue(value)) AppendUtf8(out, *cp);
    return i - pos;
  }
  while (i < s.size() && i - pos <= 32 &&
         absl::ascii_isalnum(static_cast<unsigned char>(s[i]))) {
    ++i;
  }
  const absl::string_view name = s.substr(pos + 1, i - pos - 1);
  if (name.empty()) return 0;
  const bool has_semicolon = i < s.size() && s[i] == ';';
  if (!has_semicolon) {
    // Without ';' only the legacy names, and not in attributes where
    // "?a=1&lt=2" must stay a query string.
    if (context == EntityContext::kAttribute || !IsLegacyName(name)) return 0;
  }
  std::optional<char32_t> cp = LookupNamed(name);
  if (!cp) return 0;
  AppendUtf8(out, *cp);
  return i - pos + (has_semicolon ? 1 : 0);
}

}  // namespace

DecodedChar DecodeUtf8At(absl::string_view s, size_t pos) {
  const auto b0 = static_cast<unsigned char>(s[pos]);
  if (b0 < 0x80) return {b0, 1, true};
  size_t length;
  char32_t cp;
  unsigned char lo = 0x80, hi = 0xBF;  // range of the second byte
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    length = 2;
    cp = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    length = 3;
    cp = b0 & 0x0F;
    if (b0 == 0xE0) lo = 0xA0;  // overlong
    if (b0 == 0xED) hi = 0x9F;  // surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    length = 4;
    cp = b0 & 0x07;
    if (b0 == 0xF0) lo = 0x90;  // overlong
    if (b0 == 0xF4) hi = 0x8F;  // > U+10FFFF
  } else {
    return {kReplacementChar, 1, false};
  }
  if (pos + length > s.size()) return {kReplacementChar, 1, false};
  const auto b1 = static_cast<unsigned char>(s[pos + 1]);
  if (b1 < lo || b1 > hi) return {kReplacementChar, 1, false};
  cp = (cp << 6) | (b1 & 0x3F);
  for (size_t k = 2; k < length; ++k) {
    const auto b = static_cast<unsigned char>(s[pos + k]);
    if (!IsContinuation(b)) return {kReplacementChar, 1, false};
    cp = (cp << 6) | (b & 0x3F);
  }
  return {cp, length, true};
}

void AppendUtf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

bool IsAllowedChar(char32_t cp) {
  if (cp == '\t' || cp == '\n') return true;
  if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) return false;
  if (cp >= 0xD800 && cp <= 0xDFFF) return false;
  if (cp == 0xFFFE || cp == 0xFFFF) return false;
  return cp <= 0x10FFFF;
}

CleanedText CleanUtf8(absl::string_view s) {
  CleanedText result;
  result.text.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const DecodedChar d = DecodeUtf8At(s, i);
    if (!d.valid) {
      result.replaced_invalid = true;
      AppendUtf8(result.text, kReplacementChar);
    } else if (d.cp == '\r') {
      result.text.push_back('\n');
      if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
    } else if (IsAllowedChar(d.cp)) {
      result.text.append(s.data() + i, d.length);
    } else {
      result.removed_controls = true;
    }
    i += d.length;
  }
  return result;
}

std::string DecodeEntities(absl::string_view s, EntityContext context) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    if (s[i] == '&') {
      if (size_t used = DecodeReference(s, i, context, out); used > 0) {
        i += used;
        continue;
      }
    }
    out.push_back(s[i++]);
  }
  return out;
}

size_t PrefixBytes(absl::string_view s, size_t n) {
  size_t i = 0;
  for (size_t k = 0; k < n && i < s.size(); ++k) {
    i += DecodeUtf8At(s, i).length;
  }
  return i;
}

}  // namespace zwgk::content::text
