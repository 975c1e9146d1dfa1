// Pinyin for search: the toneless readings of CJK characters (from the npm
// package pinyin-pro, dumped into a table at build time by
// tools/gen_pinyin.mjs), the pinyin index terms of titles and keywords, and
// the reading of a query typed in Latin letters as pinyin.
//
// Index terms (titles and keywords only; bodies would double the index):
//   "XPY" + the full pinyin of two consecutive characters ("XPYshehui"), for
//          the first two readings of each character (银行: yinxing, yinhang);
//   "XPI" + the initial letters of every run of two to four consecutive
//          characters ("XPIshjz"), readings as above, at most four variants.
// A query "shehuijiuzhu" or "she hui jiu zhu" becomes the AND of its
// syllable pairs (like CJK bigrams: every two-syllable word is one exact
// term); "shjz" the initials term, and longer initials the AND of their
// four-letter windows.
#ifndef ZWGK_SEARCH_PINYIN_H_
#define ZWGK_SEARCH_PINYIN_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace zwgk::search {

inline constexpr char kPinyinPairPrefix[] = "XPY";
inline constexpr char kPinyinInitialsPrefix[] = "XPI";

// The readings of `c`, most common first; empty for a character without one.
std::vector<absl::string_view> PinyinReadings(char32_t c);
// The most common reading of each CJK character of `text` joined ("社会救助"
// → "shehuijiuzhu"); other characters are skipped. `initials` receives
// their first letters ("shjz") when not null.
std::string PinyinOf(absl::string_view text, std::string* initials = nullptr);
// Syllables of the most common readings, one per CJK character.
std::vector<std::string> PinyinSyllables(absl::string_view text);

// The pinyin terms of `text` (titles and keywords), without duplicates.
std::vector<std::string> PinyinTermsOf(absl::string_view text);

// A query typed as pinyin: pure ASCII letters and spaces, at least two
// letters. Each alternative is a set of terms that must all match; the
// query matches when any alternative does. Empty when `query` is not such.
std::vector<std::vector<std::string>> PinyinQueryTerms(absl::string_view query);

// The ways `letters` splits into pinyin syllables (at most `max`, fewest
// syllables first); spaces in `letters` must fall between syllables.
std::vector<std::vector<std::string>> SegmentPinyin(absl::string_view letters,
                                                    int max = 4);

// Levenshtein distance of `a` and `b` when it is at most 1, else 2.
int EditDistanceAtMostOne(absl::string_view a, absl::string_view b);

}  // namespace zwgk::search

#endif  // ZWGK_SEARCH_PINYIN_H_
