// Chinese text for the index: normalisation, term generation and highlighted
// snippets. Nothing here touches Xapian, so it is cheap to test.
//
// Chinese has no spaces, and Debian has no segmenter we trust (stack notes:
// libfriso misses words such as 公示), so CJK runs are indexed as
// overlapping character bigrams: every two-character word is then a single
// exact term (100% recall for 招生, 低保, 预算), a longer word is the AND of
// its bigrams, and a lone character is a unigram. Latin letters and digits
// form words of their own ("5g", "2026").
#ifndef ZWGK_SEARCH_TEXT_H_
#define ZWGK_SEARCH_TEXT_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace zwgk::search {

// One run of indexable text: CJK ideographs, or ASCII letters and digits
// (lower-cased; full-width forms folded to ASCII).
struct Token {
  enum class Kind { kCjk, kWord };
  Kind kind;
  std::string text;
  // The run's CJK characters, one UTF-8 string each (kCjk only).
  std::vector<std::string> chars;
};

// Splits `text` into runs; punctuation and spaces separate them.
std::vector<Token> Tokenize(absl::string_view text);

// Calls `emit(term)` for every index term of `text`: bigrams of CJK runs
// (a one-character run gives its unigram, and `unigrams` adds every
// character as well) and lower-cased words.
template <typename Emit>
void ForEachTerm(absl::string_view text, bool unigrams, Emit&& emit);

// The terms of one query word (what the user typed between spaces): all
// must match. A one-character CJK word yields {"字"} with `single_char`
// set, which the engine widens to bigrams starting with it.
struct WordTerms {
  std::vector<std::string> terms;
  bool single_char = false;
};
std::vector<WordTerms> QueryWords(absl::string_view query);

// The text with every occurrence of `words` wrapped in <mark>…</mark>,
// HTML-escaped, cut to about `max_chars` characters around the first
// match (the start of the text when nothing matches).
std::string Snippet(absl::string_view text,
                    const std::vector<std::string>& words, size_t max_chars);

// The query split at spaces, with full-width forms folded and Latin lower
// case: the strings Snippet highlights.
std::vector<std::string> HighlightWords(absl::string_view query);

// Normalised 文号 / 索引号 for exact matching: brackets 〔〕［］[]（）() all
// become [], full-width forms fold to ASCII, spaces drop. Empty when `s`
// does not look like either (no digit).
std::string NormalizeIdentifier(absl::string_view s);

// --- implementation of the template ---
namespace internal {
// Decodes one code point at `i` (advancing it); invalid bytes give U+FFFD.
char32_t NextCodePoint(absl::string_view s, size_t& i);
bool IsCjk(char32_t c);
// Full-width ASCII folded, letters lower-cased; 0 when not alphanumeric.
char FoldAlnum(char32_t c);
}  // namespace internal

template <typename Emit>
void ForEachTerm(absl::string_view text, bool unigrams, Emit&& emit) {
  std::string prev;  // the previous CJK character, "" at a run boundary
  std::string cur, word;
  bool prev_alone = false;  // `prev` started a run and has no bigram yet
  auto end_cjk = [&] {
    if (prev_alone && !unigrams) emit(prev);
    prev.clear();
    prev_alone = false;
  };
  auto end_word = [&] {
    if (!word.empty()) emit(word);
    word.clear();
  };
  size_t i = 0;
  while (i < text.size()) {
    size_t start = i;
    char32_t c = internal::NextCodePoint(text, i);
    if (internal::IsCjk(c)) {
      end_word();
      cur.assign(text.data() + start, i - start);
      if (unigrams) emit(cur);
      if (prev.empty()) {
        prev_alone = true;
      } else {
        emit(prev + cur);
        prev_alone = false;
      }
      prev = cur;
    } else if (char a = internal::FoldAlnum(c)) {
      end_cjk();
      if (word.size() < 64) word.push_back(a);
    } else {
      end_cjk();
      end_word();
    }
  }
  end_cjk();
  end_word();
}

}  // namespace zwgk::search

#endif  // ZWGK_SEARCH_TEXT_H_
