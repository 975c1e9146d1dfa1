#include "content/html_tokenizer.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"

namespace zwgk::content::html {
namespace {

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

bool IsAsciiAlpha(char c) {
  return absl::ascii_isalpha(static_cast<unsigned char>(c));
}

}  // namespace

bool IsRawTextElement(absl::string_view name) {
  return name == "script" || name == "style" || name == "textarea" ||
         name == "title" || name == "xmp" || name == "iframe" ||
         name == "noembed" || name == "noframes" || name == "noscript";
}

std::optional<Token> Tokenizer::Next() {
  if (!raw_end_.empty()) return NextRawText();
  if (pos_ >= input_.size()) return std::nullopt;
  const absl::string_view rest = input_.substr(pos_);
  if (rest[0] != '<' || rest.size() < 2) {
    return Text(input_.find('<', pos_ + 1));
  }
  const char c = rest[1];
  if (IsAsciiAlpha(c)) return ParseTag(/*end_tag=*/false);
  if (c == '/') {
    if (rest.size() >= 3 && IsAsciiAlpha(rest[2])) {
      return ParseTag(/*end_tag=*/true);
    }
    if (rest.size() >= 3 && rest[2] == '>') {  // "</>" is ignored
      pos_ += 3;
      return Next();
    }
    if (rest.size() == 2) return Text(std::string::npos);
    return SkipTo(TokenKind::kComment, ">", pos_ + 2);  // bogus comment
  }
  if (c == '!') {
    if (absl::StartsWith(rest, "<!--")) {
      // "<!-->" and "<!--->" are complete (empty) comments.
      if (absl::StartsWith(rest.substr(4), ">")) {
        return SkipTo(TokenKind::kComment, ">", pos_ + 4);
      }
      if (absl::StartsWith(rest.substr(4), "->")) {
        return SkipTo(TokenKind::kComment, ">", pos_ + 5);
      }
      return SkipTo(TokenKind::kComment, "-->", pos_ + 4);
    }
    if (absl::StartsWith(rest, "<![CDATA[")) {
      return SkipTo(TokenKind::kCdata, "]]>", pos_ + 9);
    }
    if (absl::StartsWithIgnoreCase(rest, "<!doctype")) {
      return SkipTo(TokenKind::kDoctype, ">", pos_ + 2);
    }
    return SkipTo(TokenKind::kComment, ">", pos_ + 2);
  }
  if (c == '?') return SkipTo(TokenKind::kProcessingInstruction, ">", pos_ + 2);
  return Text(input_.find('<', pos_ + 1));  // a lone '<' is text
}

Token Tokenizer::Text(size_t end) {
  if (end == std::string::npos) end = input_.size();
  Token token;
  token.kind = TokenKind::kText;
  token.text = input_.substr(pos_, end - pos_);
  pos_ = end;
  return token;
}

Token Tokenizer::SkipTo(TokenKind kind, absl::string_view terminator,
                        size_t from) {
  const size_t end = input_.find(terminator, from);
  Token token;
  token.kind = kind;
  if (end == std::string::npos) {
    token.text = input_.substr(from);
    pos_ = input_.size();
  } else {
    token.text = input_.substr(from, end - from);
    pos_ = end + terminator.size();
  }
  return token;
}

std::optional<Token> Tokenizer::NextRawText() {
  // The content runs to "</name" followed by space, '/' or '>'.
  size_t search = pos_;
  size_t end = input_.size();
  while (true) {
    const size_t lt = input_.find("</", search);
    if (lt == std::string::npos) break;
    const size_t after = lt + 2 + raw_end_.size();
    if (after < input_.size() &&
        absl::EqualsIgnoreCase(input_.substr(lt + 2, raw_end_.size()),
                               raw_end_) &&
        (IsSpace(input_[after]) || input_[after] == '/' ||
         input_[after] == '>')) {
      end = lt;
      break;
    }
    search = lt + 2;
  }
  raw_end_.clear();
  if (end == pos_) return Next();
  Token token = Text(end);
  token.raw = true;
  return token;
}

std::optional<Token> Tokenizer::ParseTag(bool end_tag) {
  const absl::string_view s = input_;
  size_t i = pos_ + (end_tag ? 2 : 1);
  Token token;
  token.kind = end_tag ? TokenKind::kEndTag : TokenKind::kStartTag;
  const size_t name_start = i;
  while (i < s.size() && !IsSpace(s[i]) && s[i] != '/' && s[i] != '>') ++i;
  token.name = absl::AsciiStrToLower(s.substr(name_start, i - name_start));
  while (true) {
    while (i < s.size() && IsSpace(s[i])) ++i;
    if (i >= s.size()) break;
    if (s[i] == '>') {
      pos_ = i + 1;
      if (!end_tag && IsRawTextElement(token.name)) raw_end_ = token.name;
      if (end_tag) token.attributes.clear();
      return token;
    }
    if (s[i] == '/') {
      ++i;
      if (i < s.size() && s[i] == '>') token.self_closing = true;
      continue;
    }
    // An attribute name may start with '=' ("<p =x>"), never contain one.
    const size_t attr_start = i++;
    while (i < s.size() && !IsSpace(s[i]) && s[i] != '/' && s[i] != '>' &&
           s[i] != '=') {
      ++i;
    }
    Attribute attribute{
        .name = absl::AsciiStrToLower(s.substr(attr_start, i - attr_start))};
    size_t j = i;
    while (j < s.size() && IsSpace(s[j])) ++j;
    if (j < s.size() && s[j] == '=') {
      i = j + 1;
      while (i < s.size() && IsSpace(s[i])) ++i;
      if (i >= s.size()) break;
      if (s[i] == '"' || s[i] == '\'') {
        const size_t close = s.find(s[i], i + 1);
        if (close == std::string::npos) break;
        attribute.value = std::string(s.substr(i + 1, close - i - 1));
        i = close + 1;
      } else {
        const size_t value_start = i;
        while (i < s.size() && !IsSpace(s[i]) && s[i] != '>') ++i;
        attribute.value = std::string(s.substr(value_start, i - value_start));
      }
    }
    token.attributes.push_back(std::move(attribute));
  }
  pos_ = s.size();  // end of input inside a tag: the tag is dropped
  return std::nullopt;
}

}  // namespace zwgk::content::html
