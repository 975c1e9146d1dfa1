// A small HTML tokenizer after the HTML5 tokenizer states that matter for
// sanitizing: tags with quoted/unquoted attributes, comments, CDATA,
// doctype, processing instructions, and raw-text elements (script, style,
// ...) whose content is not markup. Internal to the content module.
#ifndef ZWGK_CONTENT_HTML_TOKENIZER_H_
#define ZWGK_CONTENT_HTML_TOKENIZER_H_

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace zwgk::content::html {

struct Attribute {
  std::string name;   // ASCII-lowercased
  std::string value;  // as written, character references not decoded
};

enum class TokenKind {
  kText,
  kStartTag,
  kEndTag,
  kComment,
  kCdata,
  kDoctype,
  kProcessingInstruction,
};

struct Token {
  TokenKind kind = TokenKind::kText;
  std::string name;  // tags only, ASCII-lowercased
  std::vector<Attribute> attributes;
  bool self_closing = false;
  // kText: the text as written (a view into the input).
  absl::string_view text;
  // kText inside a raw-text element: character references are not decoded.
  bool raw = false;
};

// Elements whose content the HTML tokenizer does not parse as markup.
bool IsRawTextElement(absl::string_view name);

class Tokenizer {
 public:
  // `input` must outlive the tokenizer and its tokens.
  explicit Tokenizer(absl::string_view input) : input_(input) {}

  // The next token, nullopt at the end. A tag cut off by the end of input is
  // dropped, as browsers do.
  std::optional<Token> Next();

 private:
  std::optional<Token> NextRawText();
  std::optional<Token> ParseTag(bool end_tag);
  Token SkipTo(TokenKind kind, absl::string_view terminator, size_t from);
  Token Text(size_t end);

  absl::string_view input_;
  size_t pos_ = 0;
  std::string raw_end_;  // set after a raw-text start tag
};

}  // namespace zwgk::content::html

#endif  // ZWGK_CONTENT_HTML_TOKENIZER_H_
