// Record bodies arrive as HTML from editors, Word/WPS pastes and
// integrations. They are reduced to a safe, well-formed subset before they
// are stored, and turned into plain text for search and feed summaries.
#ifndef ZWGK_CONTENT_SANITIZE_H_
#define ZWGK_CONTENT_SANITIZE_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace zwgk::content {

struct SanitizeResult {
  std::string html;
  // What was removed, in Chinese, each note once, in order of first
  // occurrence, e.g. "删除了 <script> 元素", "删除了 onclick 属性",
  // "删除了外部 iframe". Plain text: escape before showing it in HTML.
  std::vector<std::string> removed;
};

// Keeps a safe subset of HTML for record bodies:
//   p br h2-h6 strong b em i u s sub sup ul ol li table thead tbody tfoot tr
//   th td caption blockquote pre code hr a img div figure figcaption
// (h1 becomes h2: the page's title is its h1; span tags are dropped
// silently, their text kept, since only their styles made them differ).
// Word and WPS pastes reduce to the same subset: their conditional
// comments go with the Word-only content they wrap (typed list markers),
// paragraphs styled "mso-list:… levelN" become <ul>/<ol> items (ordered
// when the marker is a number, a Chinese numeral or a letter), nested by
// level; <o:p>, <font> and other unknown tags keep only their text.
// with the attributes a[href,title], img[src,alt,title,width,height],
// td/th[colspan,rowspan], ol[start]; class, style and on* are dropped.
// href may be http, https, mailto, relative or #fragment; img src http,
// https or relative. javascript:, data:, vbscript: and every other scheme
// are removed however they are cased, spaced or entity-encoded.
// script style iframe object embed form input button textarea select meta
// link base svg math (and title noscript template frame frameset applet
// noembed noframes param) are removed with their content; comments, CDATA,
// doctype and processing instructions are removed; unknown tags are dropped
// and their text kept.
// The output is well-formed XML as well as HTML: tags balanced (unclosed
// ones closed, stray closers dropped), void elements written "<br />",
// attributes double-quoted, text and attributes escaped (& < > "), character
// references decoded and re-escaped, so only those four appear. Chinese text
// is untouched; invalid UTF-8 becomes U+FFFD; control characters are
// removed. Nesting deeper than 128 elements is flattened. Idempotent.
// Never throws.
SanitizeResult SanitizeHtml(absl::string_view html);

// Plain text of HTML (sanitized or not) for search indexing and feed
// summaries: tags removed (script/style and the like with their content),
// block elements and <br> become line breaks, table cells are separated by
// a space, character references decoded, whitespace (including U+00A0 and
// U+3000) collapsed to single spaces, lines trimmed, empty lines dropped.
std::string HtmlToText(absl::string_view html);

// The first `max_chars` Unicode characters of `text` followed by "…" when
// the text is longer (trailing whitespace before the "…" is trimmed);
// `text` itself when it fits. Invalid UTF-8 becomes U+FFFD.
std::string Excerpt(absl::string_view text, size_t max_chars);

// Escapes & < > " ' for XML text and attributes (RSS, sitemaps) and removes
// characters XML 1.0 does not allow (control characters other than tab and
// line feed, U+FFFE/U+FFFF); invalid UTF-8 becomes U+FFFD.
std::string XmlEscape(absl::string_view s);

}  // namespace zwgk::content

#endif  // ZWGK_CONTENT_SANITIZE_H_
