#include "search/pinyin.h"

#include <algorithm>
#include <cstdint>
#include <set>
#include <string>
#include <unordered_set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "search/text.h"

namespace zwgk::search {
namespace {

#include "search/pinyin_table.inc"

// Readings per character used for index terms: the most common and the
// next (银行 yinhang beside yinxing), which covers nearly every word.
constexpr size_t kReadingsPerChar = 2;
constexpr size_t kMaxInitialVariants = 4;
constexpr size_t kMaxInitialsGram = 4;
constexpr size_t kMaxQueryLetters = 48;

bool HasVowel(absl::string_view s) {
  return s.find_first_of("aeiouv") != absl::string_view::npos;
}

// Syllables a typed query may be split into: every reading with a vowel
// (not the interjections ng, m, hm).
const std::unordered_set<std::string>& Syllables() {
  static const auto* set = [] {
    auto* s = new std::unordered_set<std::string>();
    for (const char* p : kPinyinSyllables)
      if (*p && HasVowel(p)) s->insert(p);
    // 哦 would split bao into ba + o and every "…o" likewise.
    s->erase("o");
    return s;
  }();
  return *set;
}

char32_t CodePointOf(const std::string& utf8) {
  size_t i = 0;
  return internal::NextCodePoint(utf8, i);
}

std::vector<absl::string_view> RunReadings(const std::string& ch) {
  std::vector<absl::string_view> r = PinyinReadings(CodePointOf(ch));
  if (r.size() > kReadingsPerChar) r.resize(kReadingsPerChar);
  return r;
}

// CJK runs of `text` as characters with readings; a character without a
// reading ends a run.
std::vector<std::vector<std::vector<absl::string_view>>> ReadingRuns(
    absl::string_view text) {
  std::vector<std::vector<std::vector<absl::string_view>>> runs;
  for (const Token& t : Tokenize(text)) {
    if (t.kind != Token::Kind::kCjk) continue;
    runs.emplace_back();
    for (const std::string& ch : t.chars) {
      std::vector<absl::string_view> r = RunReadings(ch);
      if (r.empty()) {
        if (!runs.back().empty()) runs.emplace_back();
        continue;
      }
      runs.back().push_back(std::move(r));
    }
  }
  return runs;
}

void Segment(absl::string_view s, size_t at, std::vector<std::string>& cur,
             std::vector<std::vector<std::string>>& out, size_t limit) {
  if (out.size() >= limit) return;
  if (at == s.size()) {
    out.push_back(cur);
    return;
  }
  if (s[at] == ' ') {
    Segment(s, at + 1, cur, out, limit);
    return;
  }
  const auto& syllables = Syllables();
  // Longest first: the fewest syllables tend to come first.
  for (size_t len = std::min<size_t>(6, s.size() - at); len >= 1; --len) {
    std::string piece(s.substr(at, len));
    if (piece.find(' ') != std::string::npos) continue;
    if (!syllables.contains(piece)) continue;
    cur.push_back(piece);
    Segment(s, at + len, cur, out, limit);
    cur.pop_back();
  }
}

}  // namespace

std::vector<absl::string_view> PinyinReadings(char32_t c) {
  std::vector<absl::string_view> out;
  if (c < kPinyinFirst || c > kPinyinLast) return out;
  uint16_t primary = kPinyinPrimary[c - kPinyinFirst];
  if (primary == 0) return out;
  out.emplace_back(kPinyinSyllables[primary]);
  auto it = std::lower_bound(
      std::begin(kPinyinAlternates), std::end(kPinyinAlternates), c,
      [](const PinyinAlternate& a, char32_t v) { return a.cp < v; });
  for (; it != std::end(kPinyinAlternates) && it->cp == c; ++it)
    out.emplace_back(kPinyinSyllables[it->syllable]);
  return out;
}

std::vector<std::string> PinyinSyllables(absl::string_view text) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < text.size()) {
    char32_t c = internal::NextCodePoint(text, i);
    std::vector<absl::string_view> r = PinyinReadings(c);
    if (!r.empty()) out.emplace_back(r[0]);
  }
  return out;
}

std::string PinyinOf(absl::string_view text, std::string* initials) {
  std::string full;
  if (initials) initials->clear();
  for (const std::string& s : PinyinSyllables(text)) {
    full += s;
    if (initials) initials->push_back(s[0]);
  }
  return full;
}

std::vector<std::string> PinyinTermsOf(absl::string_view text) {
  std::set<std::string> terms;
  for (const auto& run : ReadingRuns(text)) {
    for (size_t k = 0; k + 1 < run.size(); ++k)
      for (absl::string_view a : run[k])
        for (absl::string_view b : run[k + 1])
          terms.insert(absl::StrCat(kPinyinPairPrefix, a, b));
    for (size_t k = 0; k + 1 < run.size(); ++k) {
      // Initials of run[k..k+n), n = 2..4, each character's distinct first
      // letters, at most kMaxInitialVariants spellings.
      std::vector<std::string> grams = {""};
      for (size_t n = 1; n <= kMaxInitialsGram && k + n <= run.size(); ++n) {
        std::vector<std::string> next;
        for (const std::string& g : grams) {
          std::string seen;
          for (absl::string_view r : run[k + n - 1]) {
            if (seen.find(r[0]) != std::string::npos) continue;
            seen.push_back(r[0]);
            if (next.size() < kMaxInitialVariants) next.push_back(g + r[0]);
          }
        }
        grams = std::move(next);
        if (n >= 2)
          for (const std::string& g : grams)
            terms.insert(absl::StrCat(kPinyinInitialsPrefix, g));
      }
    }
  }
  return {terms.begin(), terms.end()};
}

std::vector<std::vector<std::string>> SegmentPinyin(absl::string_view letters,
                                                    int max) {
  std::vector<std::vector<std::string>> all;
  std::vector<std::string> cur;
  Segment(letters, 0, cur, all, 64);
  std::stable_sort(all.begin(), all.end(), [](const auto& a, const auto& b) {
    return a.size() < b.size();
  });
  if (all.size() > static_cast<size_t>(max)) all.resize(max);
  return all;
}

std::vector<std::vector<std::string>> PinyinQueryTerms(
    absl::string_view query) {
  std::string spaced;  // lower-case letters, single spaces
  for (char c : query) {
    if (absl::ascii_isalpha(static_cast<unsigned char>(c))) {
      spaced.push_back(absl::ascii_tolower(static_cast<unsigned char>(c)));
    } else if (c == ' ') {
      if (!spaced.empty() && spaced.back() != ' ') spaced.push_back(' ');
    } else {
      return {};
    }
  }
  while (!spaced.empty() && spaced.back() == ' ') spaced.pop_back();
  std::string letters;
  for (char c : spaced)
    if (c != ' ') letters.push_back(c);
  if (letters.size() < 2 || letters.size() > kMaxQueryLetters) return {};

  std::vector<std::vector<std::string>> out;
  std::vector<std::vector<std::string>> segs = SegmentPinyin(spaced);
  for (const auto& seg : segs) {
    if (seg.size() < 2) continue;
    std::vector<std::string> terms;
    for (size_t k = 0; k + 1 < seg.size(); ++k) {
      std::string t = absl::StrCat(kPinyinPairPrefix, seg[k], seg[k + 1]);
      if (std::find(terms.begin(), terms.end(), t) == terms.end())
        terms.push_back(std::move(t));
    }
    out.push_back(std::move(terms));
  }
  // Initials: when the letters are no full pinyin, or short enough to be
  // either (xian: 西安 or 县乡…).
  if (segs.empty() || letters.size() <= kMaxInitialsGram) {
    std::vector<std::string> terms;
    if (letters.size() <= kMaxInitialsGram) {
      terms.push_back(absl::StrCat(kPinyinInitialsPrefix, letters));
    } else {
      for (size_t k = 0; k + kMaxInitialsGram <= letters.size(); ++k)
        terms.push_back(absl::StrCat(kPinyinInitialsPrefix,
                                     letters.substr(k, kMaxInitialsGram)));
    }
    out.push_back(std::move(terms));
  }
  return out;
}

int EditDistanceAtMostOne(absl::string_view a, absl::string_view b) {
  if (a == b) return 0;
  if (a.size() > b.size()) std::swap(a, b);
  if (b.size() - a.size() > 1) return 2;
  size_t i = 0;
  while (i < a.size() && a[i] == b[i]) ++i;
  // Substitution (same length) or insertion into `a` (b one longer).
  absl::string_view ra =
      a.size() == b.size() ? a.substr(std::min(i + 1, a.size())) : a.substr(i);
  absl::string_view rb = b.substr(i + 1);
  return ra == rb ? 1 : 2;
}

}  // namespace zwgk::search
