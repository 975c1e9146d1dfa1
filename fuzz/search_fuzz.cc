// libFuzzer target for search query parsing (src/search/text.h and
// pinyin.h): what the engine does with the query box's text before it
// reaches Xapian, and the highlighted snippets built from it.
//
// The input is a query, optionally "\n----\n" and a document text.
// Invariants: query terms are non-empty valid UTF-8, a single-character
// word has one term; pinyin terms are ASCII letters; a normalised 文号
// holds a digit and no space; a snippet is HTML-escaped text whose only
// tags are balanced <mark> pairs, valid UTF-8 for valid input.
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "fuzz_util.h"
#include "search/pinyin.h"
#include "search/text.h"

namespace {

using namespace zwgk::search;

void CheckSnippet(absl::string_view text, const std::vector<std::string>& words,
                  size_t max_chars) {
  const std::string snippet = Snippet(text, words, max_chars);
  int open = 0;
  absl::string_view rest = snippet;
  while (!rest.empty()) {
    const size_t lt = rest.find('<');
    ZWGK_FUZZ_CHECK(
        rest.substr(0, lt).find_first_of(">\"") == absl::string_view::npos,
        snippet);
    if (lt == absl::string_view::npos) break;
    rest.remove_prefix(lt);
    if (absl::ConsumePrefix(&rest, "<mark>")) {
      ZWGK_FUZZ_CHECK(++open == 1, snippet);
    } else {
      ZWGK_FUZZ_CHECK(absl::ConsumePrefix(&rest, "</mark>"), snippet);
      ZWGK_FUZZ_CHECK(--open == 0, snippet);
    }
  }
  ZWGK_FUZZ_CHECK(open == 0, snippet);
  if (zwgk::fuzz::IsValidUtf8(text))
    ZWGK_FUZZ_CHECK(zwgk::fuzz::IsValidUtf8(snippet), snippet);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view input = zwgk::fuzz::Bytes(data, size);
  const std::vector<absl::string_view> parts = zwgk::fuzz::SplitParts(input);
  const absl::string_view query = parts[0];
  const absl::string_view text = zwgk::fuzz::Part(parts, 1, query);

  for (const WordTerms& w : QueryWords(query)) {
    ZWGK_FUZZ_CHECK(!w.terms.empty(), query);
    ZWGK_FUZZ_CHECK(!w.single_char || w.terms.size() == 1, query);
    for (const std::string& t : w.terms) {
      ZWGK_FUZZ_CHECK(!t.empty(), query);
      ZWGK_FUZZ_CHECK(zwgk::fuzz::IsValidUtf8(t), t);
    }
  }
  const std::vector<std::string> words = HighlightWords(query);
  for (const std::string& w : words) ZWGK_FUZZ_CHECK(!w.empty(), query);
  CheckSnippet(text, words, 80);
  CheckSnippet(text, words, 3);

  const std::string id = NormalizeIdentifier(query);
  if (!id.empty()) {
    ZWGK_FUZZ_CHECK(id.find(' ') == std::string::npos, id);
    ZWGK_FUZZ_CHECK(id.find_first_of("0123456789") != std::string::npos, id);
  }

  for (const std::vector<std::string>& alternative : PinyinQueryTerms(query))
    for (const std::string& term : alternative)
      for (char c : term)
        ZWGK_FUZZ_CHECK(static_cast<unsigned char>(c) < 0x80, term);
  for (const std::string& term : PinyinTermsOf(text))
    for (char c : term)
      ZWGK_FUZZ_CHECK(static_cast<unsigned char>(c) < 0x80, term);
  std::string initials;
  (void)PinyinOf(text, &initials);
  size_t terms = 0;
  ForEachTerm(text, true, [&](absl::string_view term) {
    ZWGK_FUZZ_CHECK(!term.empty(), text);
    ++terms;
  });
  ZWGK_FUZZ_CHECK(terms <= 2 * text.size() + 1, text);
  return 0;
}
