#include "content/sanitize.h"

#include <algorithm>
#include <initializer_list>
#include <optional>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "content/html_tokenizer.h"
#include "content/text.h"
#include "core/text.h"

namespace zwgk::content {
namespace {

using html::Attribute;
using html::Token;
using html::TokenKind;

// Deeper nesting is flattened: no real record body needs it, and it bounds
// the work per start tag.
constexpr size_t kMaxDepth = 128;
constexpr size_t kMaxNotes = 50;

constexpr absl::string_view kAllowedElements[] = {
    "p",      "br", "h2", "h3",  "h4",      "h5",         "h6",
    "strong", "b",  "em", "i",   "u",       "s",          "sub",
    "sup",    "ul", "ol", "li",  "table",   "thead",      "tbody",
    "tfoot",  "tr", "th", "td",  "caption", "blockquote", "pre",
    "code",   "hr", "a",  "img", "div",     "figure",     "figcaption"};

// Returns the canonical (static) name so the open-element stack can hold
// views.
std::optional<absl::string_view> AllowedElement(absl::string_view name) {
  for (absl::string_view allowed : kAllowedElements) {
    if (allowed == name) return allowed;
  }
  return std::nullopt;
}

bool IsIn(absl::string_view name,
          std::initializer_list<absl::string_view> set) {
  return std::find(set.begin(), set.end(), name) != set.end();
}

bool IsVoid(absl::string_view name) { return IsIn(name, {"br", "hr", "img"}); }

// Removed together with everything inside them.
bool IsRemovedWithContent(absl::string_view name) {
  return IsIn(name, {"script", "style", "iframe", "object", "form", "button",
                     "textarea", "select", "svg", "math", "title", "noscript",
                     "template", "frameset", "applet", "noembed", "noframes"});
}

// Removed; they have no content.
bool IsRemovedVoid(absl::string_view name) {
  return IsIn(name, {"embed", "input", "meta", "link", "base", "frame", "param",
                     "keygen"});
}

bool IsTablePart(absl::string_view name) {
  return IsIn(name, {"thead", "tbody", "tfoot", "tr", "th", "td", "caption"});
}

// Elements that close an open <p>, as in HTML's tree construction.
bool ClosesParagraph(absl::string_view name) {
  return IsIn(name,
              {"p", "div", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table",
               "blockquote", "pre", "hr", "figure", "figcaption"});
}

bool IsHeading(absl::string_view name) {
  return IsIn(name, {"h2", "h3", "h4", "h5", "h6"});
}

// Word names its top heading h1; the page's own title is the h1, so a
// pasted one becomes the first heading level a body may use.
absl::string_view BodyName(absl::string_view name) {
  return name == "h1" ? absl::string_view("h2") : name;
}

// The value of the `mso-list` property in a Word style attribute
// ("l0 level2 lfo1", "Ignore"), lower-cased; empty when there is none.
std::string MsoList(const std::vector<Attribute>& attributes) {
  for (const Attribute& a : attributes) {
    if (a.name != "style") continue;
    const std::string style = absl::AsciiStrToLower(
        text::DecodeEntities(a.value, text::EntityContext::kAttribute));
    const size_t at = style.find("mso-list:");
    if (at == std::string::npos) return "";
    const size_t from = at + 9;
    const size_t end = style.find(';', from);
    return std::string(
        absl::StripAsciiWhitespace(absl::string_view(style).substr(
            from, end == std::string::npos ? std::string::npos : end - from)));
  }
  return "";
}

// The nesting level of a Word list paragraph ("l0 level2 lfo1" → 2), 1..9.
int MsoListLevel(absl::string_view mso_list) {
  const size_t at = mso_list.find("level");
  if (at == absl::string_view::npos) return 1;
  const size_t digit = at + 5;
  if (digit >= mso_list.size() ||
      !absl::ascii_isdigit(static_cast<unsigned char>(mso_list[digit]))) {
    return 1;
  }
  return std::max(1, mso_list[digit] - '0');
}

// Whether Word's list marker ("1.", "（二）", "a)", "·", "§") numbers the
// items: digits, Chinese numerals, or a single Latin letter with a
// delimiter.
bool MarkerIsOrdered(absl::string_view marker) {
  std::string m = text::DecodeEntities(marker, text::EntityContext::kText);
  for (absl::string_view space : {"\xC2\xA0", "\xE3\x80\x80", " ", "\t"}) {
    m = absl::StrReplaceAll(m, {{space, ""}});
  }
  if (m.empty()) return false;
  for (char c : m) {
    if (absl::ascii_isdigit(static_cast<unsigned char>(c))) return true;
  }
  for (absl::string_view numeral :
       {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}) {
    if (absl::StrContains(m, numeral)) return true;
  }
  return m.size() == 2 &&
         absl::ascii_isalpha(static_cast<unsigned char>(m[0])) &&
         (m[1] == '.' || m[1] == ')');
}

// Word's "revealed" conditional comments ("[if !supportLists]") wrap
// what only Word shows: list markers typed as text, spacer paragraphs.
bool OpensWordOnlyRegion(absl::string_view comment) {
  return absl::StartsWith(comment, "[if !support") ||
         absl::StartsWith(comment, "[if !vml]");
}

bool ClosesWordOnlyRegion(absl::string_view comment) {
  return absl::StartsWith(comment, "[endif]");
}

bool IsScopeBoundary(absl::string_view name) {
  return IsIn(name, {"table", "td", "th", "caption"});
}

// Names are shown in notes only when they look like names, so that a
// crafted tag cannot put arbitrary text into the editor's messages.
std::optional<absl::string_view> PrintableName(absl::string_view name) {
  if (name.empty() || name.size() > 30) return std::nullopt;
  for (char c : name) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '-' &&
        c != '_' && c != ':' && c != '.') {
      return std::nullopt;
    }
  }
  return name;
}

std::string TrimUrl(absl::string_view decoded) {
  // Browsers ignore tab and line breaks anywhere in a URL and spaces and
  // control characters at both ends: "jav\tascript:" is javascript:.
  std::string url;
  for (char c : decoded) {
    if (c != '\t' && c != '\n' && c != '\r') url.push_back(c);
  }
  const auto is_trimmed = [](char c) {
    return static_cast<unsigned char>(c) <= 0x20;
  };
  while (!url.empty() && is_trimmed(url.back())) url.pop_back();
  size_t start = 0;
  while (start < url.size() && is_trimmed(url[start])) ++start;
  return url.substr(start);
}

struct UrlVerdict {
  std::optional<std::string> url;  // nullopt: refused
  std::string scheme;              // the refused scheme, if any
};

// Only an explicit allowed scheme or a scheme-less (relative, #fragment,
// //host) URL passes. Anything with a colon before the first / ? # is a
// scheme, so unknown and obfuscated schemes are refused too.
UrlVerdict CheckUrl(absl::string_view raw, bool allow_mailto) {
  std::string url =
      TrimUrl(text::DecodeEntities(raw, text::EntityContext::kAttribute));
  if (url.empty()) return {};
  // A script scheme anywhere ("/r?u=javascript:...") is refused too: such a
  // link has no legitimate use and may reach a naive redirector.
  const std::string lower = absl::AsciiStrToLower(url);
  for (absl::string_view script : {"javascript:", "vbscript:"}) {
    if (absl::StrContains(lower, script)) {
      script.remove_suffix(1);
      return {.scheme = std::string(script)};
    }
  }
  const size_t delimiter = url.find_first_of(":/?#");
  if (delimiter != std::string::npos && url[delimiter] == ':') {
    std::string scheme = absl::AsciiStrToLower(url.substr(0, delimiter));
    if (scheme != "http" && scheme != "https" &&
        !(allow_mailto && scheme == "mailto")) {
      return {.scheme = std::move(scheme)};
    }
  }
  return {.url = std::move(url)};
}

bool IsDigits(absl::string_view s, size_t max_digits) {
  if (s.empty() || s.size() > max_digits) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return absl::ascii_isdigit(static_cast<unsigned char>(c));
  });
}

// Validates numeric attributes; nullopt when the value is not acceptable.
std::optional<std::string> CheckNumber(absl::string_view attribute,
                                       absl::string_view raw) {
  std::string v(absl::StripAsciiWhitespace(
      text::DecodeEntities(raw, text::EntityContext::kAttribute)));
  absl::string_view digits = v;
  if (attribute == "width" || attribute == "height") {
    if (absl::EndsWith(digits, "%")) digits.remove_suffix(1);
    if (!IsDigits(digits, 5)) return std::nullopt;
  } else if (attribute == "start") {
    if (absl::StartsWith(digits, "-")) digits.remove_prefix(1);
    if (!IsDigits(digits, 9)) return std::nullopt;
  } else if (!IsDigits(digits, 4) ||
             digits.find_first_not_of('0') == absl::string_view::npos) {
    return std::nullopt;  // colspan, rowspan: 1..9999
  }
  return v;
}

enum class AttributeKind { kNone, kText, kNumber, kLink, kImageSource };

AttributeKind KindOf(absl::string_view element, absl::string_view attribute) {
  if (element == "a") {
    if (attribute == "href") return AttributeKind::kLink;
    if (attribute == "title") return AttributeKind::kText;
  } else if (element == "img") {
    if (attribute == "src") return AttributeKind::kImageSource;
    if (attribute == "alt" || attribute == "title") return AttributeKind::kText;
    if (attribute == "width" || attribute == "height") {
      return AttributeKind::kNumber;
    }
  } else if (element == "td" || element == "th") {
    if (attribute == "colspan" || attribute == "rowspan") {
      return AttributeKind::kNumber;
    }
  } else if (element == "ol" && attribute == "start") {
    return AttributeKind::kNumber;
  }
  return AttributeKind::kNone;
}

class Sanitizer {
 public:
  SanitizeResult Run(absl::string_view input);

 private:
  void OnStartTag(const Token& token);
  void OnEndTag(const Token& token);
  void OnText(const Token& token);
  void OnOther(TokenKind kind);
  // Applies HTML's implied end tags so the output nests as browsers would
  // read it; false when the element cannot be placed (table parts outside a
  // table, too deep).
  bool PrepareParent(absl::string_view name);
  bool PrepareTablePart(absl::string_view name);
  std::optional<size_t> FindNearest(
      std::initializer_list<absl::string_view> names) const;
  std::optional<size_t> FindInScope(absl::string_view name,
                                    bool list_scope) const;
  void PopTo(size_t depth);
  void Push(absl::string_view name);
  // The serialized attributes; nullopt when the element must go (an image
  // without an acceptable source).
  std::optional<std::string> FilterAttributes(
      absl::string_view element, const std::vector<Attribute>& attributes);
  void Note(std::string note);
  // Word list paragraphs (<p style="mso-list:l0 level1 lfo1">) become
  // <ul>/<ol> items: the paragraph starts a pending item whose marker text
  // (inside the Word-only region) decides the list kind; the item opens at
  // the next content.
  void OpenListItem();
  void CloseWordLists();
  void PruneWordLists();

  struct WordList {
    size_t depth;  // index of the <ul>/<ol> in stack_
    int level;
  };

  std::string out_;
  std::vector<absl::string_view> stack_;
  std::vector<std::string> notes_;
  std::string skip_;  // element whose content is being removed
  int skip_depth_ = 0;
  int word_only_depth_ = 0;  // inside <!--[if !supportLists]--> and the like
  std::optional<int> pending_item_;  // level of a list paragraph not yet open
  std::string marker_;               // its marker text ("1.", "·")
  bool in_word_item_ = false;        // between a list paragraph's tags
  std::vector<WordList> word_lists_;
};

SanitizeResult Sanitizer::Run(absl::string_view input) {
  text::CleanedText cleaned = text::CleanUtf8(input);
  if (cleaned.replaced_invalid) Note("替换了无效的 UTF-8 字节");
  if (cleaned.removed_controls) Note("删除了控制字符");
  out_.reserve(cleaned.text.size());
  html::Tokenizer tokenizer(cleaned.text);
  while (std::optional<Token> token = tokenizer.Next()) {
    if (!skip_.empty()) {
      if (token->name == skip_ && token->kind == TokenKind::kStartTag &&
          !token->self_closing) {
        ++skip_depth_;
      } else if (token->name == skip_ && token->kind == TokenKind::kEndTag &&
                 --skip_depth_ == 0) {
        skip_.clear();
      } else if (token->kind == TokenKind::kText && pending_item_) {
        absl::StrAppend(&marker_, token->text);
      }
      continue;
    }
    if (word_only_depth_ > 0) {
      if (token->kind == TokenKind::kComment) {
        if (ClosesWordOnlyRegion(token->text)) --word_only_depth_;
        if (OpensWordOnlyRegion(token->text)) ++word_only_depth_;
      } else if (token->kind == TokenKind::kText && pending_item_) {
        absl::StrAppend(&marker_, token->text);
      }
      continue;
    }
    if (token->kind == TokenKind::kComment &&
        OpensWordOnlyRegion(token->text)) {
      Note("删除了 Word 的列表符号等附加内容");
      word_only_depth_ = 1;
      continue;
    }
    const bool marker_span = token->kind == TokenKind::kStartTag &&
                             token->name == "span" &&
                             MsoList(token->attributes) == "ignore";
    if (pending_item_ && !marker_span &&
        (token->kind == TokenKind::kStartTag ||
         token->kind == TokenKind::kEndTag ||
         (token->kind == TokenKind::kText &&
          !absl::StripAsciiWhitespace(token->text).empty()))) {
      OpenListItem();
    }
    switch (token->kind) {
      case TokenKind::kText:
        OnText(*token);
        break;
      case TokenKind::kStartTag:
        OnStartTag(*token);
        break;
      case TokenKind::kEndTag:
        OnEndTag(*token);
        break;
      case TokenKind::kComment:
      case TokenKind::kCdata:
      case TokenKind::kDoctype:
      case TokenKind::kProcessingInstruction:
        OnOther(token->kind);
        break;
    }
  }
  PopTo(0);
  return {.html = std::move(out_), .removed = std::move(notes_)};
}

void Sanitizer::OnText(const Token& token) {
  if (!word_lists_.empty() && !in_word_item_) {
    // Line breaks between list paragraphs would land inside the items.
    if (absl::StripAsciiWhitespace(token.text).empty()) return;
    CloseWordLists();
  }
  if (token.raw) {
    AppendHtmlEscaped(out_, token.text);
  } else {
    AppendHtmlEscaped(
        out_, text::DecodeEntities(token.text, text::EntityContext::kText));
  }
}

void Sanitizer::OnOther(TokenKind kind) {
  switch (kind) {
    case TokenKind::kComment:
      Note("删除了 HTML 注释");
      break;
    case TokenKind::kCdata:
      Note("删除了 CDATA 段");
      break;
    case TokenKind::kDoctype:
      Note("删除了 DOCTYPE 声明");
      break;
    case TokenKind::kProcessingInstruction:
      Note("删除了处理指令");
      break;
    case TokenKind::kText:
    case TokenKind::kStartTag:
    case TokenKind::kEndTag:
      break;
  }
}

void Sanitizer::OnStartTag(const Token& token) {
  const absl::string_view name = BodyName(token.name);
  if (name == "p" || name == "span") {
    const std::string mso_list = MsoList(token.attributes);
    if (name == "span" && mso_list == "ignore" && !token.self_closing) {
      // The marker of a list paragraph when the conditional comments around
      // it are gone (pastes through some browsers).
      skip_ = "span";
      skip_depth_ = 1;
      return;
    }
    if (name == "p" && !mso_list.empty() && mso_list != "none" &&
        mso_list != "ignore") {
      Note("将 Word 列表段落转换为列表");
      pending_item_ = MsoListLevel(mso_list);
      marker_.clear();
      in_word_item_ = true;
      return;
    }
  }
  if (!in_word_item_ && !word_lists_.empty()) CloseWordLists();
  // Spans carry only styles, which are dropped: the tag goes silently.
  if (name == "span") return;
  if (IsRemovedWithContent(name) || IsRemovedVoid(name)) {
    Note(name == "iframe" ? std::string("删除了外部 iframe")
                          : absl::StrCat("删除了 <", name, "> 元素"));
    // HTML ignores "/>" except on foreign (svg, math) elements.
    const bool empty =
        IsRemovedVoid(name) ||
        (token.self_closing && (name == "svg" || name == "math"));
    if (!empty) {
      skip_ = std::string(name);
      skip_depth_ = 1;
    }
    return;
  }
  const std::optional<absl::string_view> allowed = AllowedElement(name);
  if (!allowed) {
    const std::optional<absl::string_view> printable = PrintableName(name);
    Note(printable
             ? absl::StrCat("删除了 <", *printable, "> 标签（保留其中文字）")
             : std::string("删除了无法识别的标签（保留其中文字）"));
    return;
  }
  if (!PrepareParent(*allowed)) return;
  std::optional<std::string> attributes =
      FilterAttributes(*allowed, token.attributes);
  if (!attributes) return;
  absl::StrAppend(&out_, "<", *allowed, *attributes);
  if (IsVoid(*allowed)) {
    out_ += " />";
  } else {
    out_ += ">";
    stack_.push_back(*allowed);
  }
}

void Sanitizer::OnEndTag(const Token& token) {
  if (token.name == "span") return;
  if (in_word_item_ && token.name == "p") {
    // The item stays open for a nested list; the next paragraph closes it.
    in_word_item_ = false;
    return;
  }
  const std::optional<absl::string_view> name =
      AllowedElement(BodyName(token.name));
  if (!name || IsVoid(*name)) return;  // unknown ones were noted at the start
  const bool table_element = *name == "table" || IsTablePart(*name);
  for (size_t i = stack_.size(); i-- > 0;) {
    if (stack_[i] == *name) {
      PopTo(i);
      return;
    }
    if (table_element ? stack_[i] == "table" : IsScopeBoundary(stack_[i])) {
      break;
    }
  }
  Note(absl::StrCat("删除了多余的 </", *name, "> 结束标签"));
}

bool Sanitizer::PrepareParent(absl::string_view name) {
  if (IsTablePart(name)) return PrepareTablePart(name);
  if (ClosesParagraph(name)) {
    if (std::optional<size_t> p = FindInScope("p", /*list_scope=*/false)) {
      PopTo(*p);
    }
  }
  if (IsHeading(name) && !stack_.empty() && IsHeading(stack_.back())) {
    PopTo(stack_.size() - 1);
  }
  if (name == "li") {
    if (std::optional<size_t> li = FindInScope("li", /*list_scope=*/true)) {
      PopTo(*li);
    }
  }
  if (name == "a") {  // links do not nest
    if (std::optional<size_t> a = FindInScope("a", /*list_scope=*/false)) {
      PopTo(*a);
    }
  }
  if (!IsVoid(name) && stack_.size() >= kMaxDepth) {
    Note("嵌套超过 128 层，忽略了更深的标签（保留其中文字）");
    return false;
  }
  return true;
}

bool Sanitizer::PrepareTablePart(absl::string_view name) {
  std::optional<size_t> parent;
  if (name == "tr") {
    parent = FindNearest({"table", "thead", "tbody", "tfoot"});
  } else if (name == "td" || name == "th") {
    parent = FindNearest({"tr", "table", "thead", "tbody", "tfoot"});
  } else {
    parent = FindNearest({"table"});
  }
  if (!parent) {
    Note(absl::StrCat("删除了表格之外的 <", name, "> 标签（保留其中文字）"));
    return false;
  }
  PopTo(*parent + 1);
  const bool needs_row =
      (name == "td" || name == "th") && stack_.back() != "tr";
  if (stack_.size() + (needs_row ? 1 : 0) >= kMaxDepth) {
    Note("嵌套超过 128 层，忽略了更深的标签（保留其中文字）");
    return false;
  }
  if (needs_row) {
    out_ += "<tr>";
    stack_.push_back(*AllowedElement("tr"));
  }
  return true;
}

std::optional<size_t> Sanitizer::FindNearest(
    std::initializer_list<absl::string_view> names) const {
  for (size_t i = stack_.size(); i-- > 0;) {
    if (IsIn(stack_[i], names)) return i;
  }
  return std::nullopt;
}

std::optional<size_t> Sanitizer::FindInScope(absl::string_view name,
                                             bool list_scope) const {
  for (size_t i = stack_.size(); i-- > 0;) {
    if (stack_[i] == name) return i;
    if (IsScopeBoundary(stack_[i])) return std::nullopt;
    if (list_scope && (stack_[i] == "ul" || stack_[i] == "ol")) {
      return std::nullopt;
    }
  }
  return std::nullopt;
}

void Sanitizer::PopTo(size_t depth) {
  while (stack_.size() > depth) {
    absl::StrAppend(&out_, "</", stack_.back(), ">");
    stack_.pop_back();
  }
}

std::optional<std::string> Sanitizer::FilterAttributes(
    absl::string_view element, const std::vector<Attribute>& attributes) {
  std::string out;
  std::vector<absl::string_view> seen;
  bool has_source = false;
  for (const Attribute& a : attributes) {
    const std::optional<absl::string_view> printable = PrintableName(a.name);
    const AttributeKind kind = KindOf(element, a.name);
    if (kind == AttributeKind::kNone) {
      Note(printable ? absl::StrCat("删除了 ", *printable, " 属性")
                     : std::string("删除了无法识别的属性"));
      continue;
    }
    // HTML keeps the first of duplicated attributes.
    if (std::find(seen.begin(), seen.end(), a.name) != seen.end()) continue;
    seen.push_back(a.name);
    std::optional<std::string> value;
    switch (kind) {
      case AttributeKind::kText:
        value = text::DecodeEntities(a.value, text::EntityContext::kAttribute);
        break;
      case AttributeKind::kNumber:
        value = CheckNumber(a.name, a.value);
        if (!value) Note(absl::StrCat("删除了无效的 ", a.name, " 属性值"));
        break;
      case AttributeKind::kLink:
      case AttributeKind::kImageSource: {
        UrlVerdict verdict =
            CheckUrl(a.value, /*allow_mailto=*/kind == AttributeKind::kLink);
        if (!verdict.url && !verdict.scheme.empty()) {
          const std::optional<absl::string_view> scheme =
              PrintableName(verdict.scheme);
          Note(absl::StrCat(kind == AttributeKind::kLink
                                ? "删除了不安全的链接地址"
                                : "删除了不安全的图片地址",
                            scheme ? absl::StrCat("（", *scheme, ":）") : ""));
        }
        value = std::move(verdict.url);
        if (value && kind == AttributeKind::kImageSource) has_source = true;
        break;
      }
      case AttributeKind::kNone:
        break;
    }
    if (!value) continue;
    absl::StrAppend(&out, " ", a.name, "=\"");
    AppendHtmlEscaped(out, *value);
    out += "\"";
  }
  if (element == "img" && !has_source) {
    Note("删除了没有有效地址的图片");
    return std::nullopt;
  }
  return out;
}

void Sanitizer::PruneWordLists() {
  while (!word_lists_.empty() &&
         (word_lists_.back().depth >= stack_.size() ||
          !IsIn(stack_[word_lists_.back().depth], {"ul", "ol"}))) {
    word_lists_.pop_back();
  }
}

void Sanitizer::CloseWordLists() {
  PruneWordLists();
  if (!word_lists_.empty()) PopTo(word_lists_.front().depth);
  word_lists_.clear();
}

void Sanitizer::OpenListItem() {
  const int level = *pending_item_;
  pending_item_.reset();
  PruneWordLists();
  while (!word_lists_.empty() && word_lists_.back().level > level) {
    PopTo(word_lists_.back().depth);
    word_lists_.pop_back();
  }
  if (!word_lists_.empty() && word_lists_.back().level == level) {
    PopTo(word_lists_.back().depth + 1);  // closes the previous item
  } else {
    // A new list: nested in the open item of its parent list, or a new
    // block at the top.
    if (!word_lists_.empty()) PopTo(word_lists_.back().depth + 2);
    const absl::string_view list = MarkerIsOrdered(marker_) ? "ol" : "ul";
    if (!PrepareParent(list)) return;
    absl::StrAppend(&out_, "<", list, ">");
    stack_.push_back(*AllowedElement(list));
    word_lists_.push_back({stack_.size() - 1, level});
  }
  if (!PrepareParent("li")) return;
  out_ += "<li>";
  stack_.push_back(*AllowedElement("li"));
}

void Sanitizer::Note(std::string note) {
  if (notes_.size() >= kMaxNotes) return;
  if (std::find(notes_.begin(), notes_.end(), note) != notes_.end()) return;
  notes_.push_back(std::move(note));
}

// ---- Plain text ----

bool BreaksLine(absl::string_view name) {
  return IsIn(
      name,
      {"p",       "div",    "h1",     "h2",         "h3",      "h4",
       "h5",      "h6",     "ul",     "ol",         "li",      "table",
       "thead",   "tbody",  "tfoot",  "tr",         "caption", "blockquote",
       "pre",     "hr",     "figure", "figcaption", "br",      "section",
       "article", "header", "footer", "nav",        "aside",   "address",
       "dl",      "dt",     "dd",     "main",       "center"});
}

bool IsSpaceChar(char32_t cp) {
  return cp == ' ' || cp == '\t' || cp == 0xA0 || cp == 0x3000 ||
         (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x205F;
}

// Collapses whitespace runs to one space, trims lines, drops empty ones.
std::string CollapseWhitespace(absl::string_view s) {
  std::string out;
  std::string line;
  bool pending_space = false;
  const auto flush_line = [&] {
    if (line.empty()) return;
    if (!out.empty()) out.push_back('\n');
    out += line;
    line.clear();
  };
  for (size_t i = 0; i < s.size();) {
    const text::DecodedChar d = text::DecodeUtf8At(s, i);
    if (d.cp == '\n') {
      flush_line();
      pending_space = false;
    } else if (IsSpaceChar(d.cp)) {
      pending_space = !line.empty();
    } else {
      if (pending_space) line.push_back(' ');
      pending_space = false;
      line.append(s.data() + i, d.length);
    }
    i += d.length;
  }
  flush_line();
  return out;
}

}  // namespace

SanitizeResult SanitizeHtml(absl::string_view html) {
  return Sanitizer().Run(html);
}

std::string HtmlToText(absl::string_view html) {
  const text::CleanedText cleaned = text::CleanUtf8(html);
  html::Tokenizer tokenizer(cleaned.text);
  std::string raw;
  std::string skip;
  int skip_depth = 0;
  while (std::optional<Token> token = tokenizer.Next()) {
    if (!skip.empty()) {
      if (token->name == skip && token->kind == TokenKind::kStartTag) {
        ++skip_depth;
      } else if (token->name == skip && token->kind == TokenKind::kEndTag &&
                 --skip_depth == 0) {
        skip.clear();
      }
      continue;
    }
    if (token->kind == TokenKind::kText) {
      raw += token->raw ? std::string(token->text)
                        : text::DecodeEntities(token->text,
                                               text::EntityContext::kText);
    } else if (token->kind == TokenKind::kStartTag ||
               token->kind == TokenKind::kEndTag) {
      if (token->kind == TokenKind::kStartTag &&
          IsRemovedWithContent(token->name) &&
          !(token->self_closing &&
            (token->name == "svg" || token->name == "math"))) {
        skip = token->name;
        skip_depth = 1;
      } else if (BreaksLine(token->name)) {
        raw.push_back('\n');
      } else if (token->name == "td" || token->name == "th") {
        raw.push_back(' ');
      }
    }
  }
  return CollapseWhitespace(raw);
}

std::string Excerpt(absl::string_view text, size_t max_chars) {
  std::string cleaned = text::CleanUtf8(text).text;
  const size_t cut = text::PrefixBytes(cleaned, max_chars);
  if (cut >= cleaned.size()) return cleaned;
  std::string out = cleaned.substr(0, cut);
  while (!out.empty() &&
         absl::ascii_isspace(static_cast<unsigned char>(out.back()))) {
    out.pop_back();
  }
  return out + "…";
}

std::string XmlEscape(absl::string_view s) {
  const std::string cleaned = text::CleanUtf8(s).text;
  std::string out;
  out.reserve(cleaned.size());
  for (char c : cleaned) {
    if (c == '\'') {
      out += "&apos;";
    } else {
      AppendHtmlEscaped(out, absl::string_view(&c, 1));
    }
  }
  return out;
}

}  // namespace zwgk::content
