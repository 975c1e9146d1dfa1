// The body of a record or portal page as a clerk gives it: the editor's
// HTML, a paste, or plain text typed into the bare text box (no
// JavaScript). Plain text keeps its paragraphs; everything is sanitized.
#ifndef ZWGK_CONTENT_BODY_H_
#define ZWGK_CONTENT_BODY_H_

#include <string>

#include "absl/strings/string_view.h"
#include "content/sanitize.h"

namespace zwgk::content {

// Whether `body` is structured HTML: it has a tag of a block element (p,
// div, h1-h6, ul, ol, li, table, tr, td, th, blockquote, pre, hr, br) or a
// Word list paragraph. Inline tags alone (<b>, <a>) are not structure.
bool HasBlockMarkup(absl::string_view body);

// Text as paragraphs: every line with more than whitespace becomes a <p>
// (a blank line and a single line break both separate paragraphs), lines
// trimmed of ASCII and full-width spaces. When `body` has no tags at all
// the text is HTML-escaped ("a<b & c" stays readable text); when it has
// inline tags they are kept for the sanitizer. "" for blank input.
std::string TextToParagraphs(absl::string_view body);

// The body as stored: paragraphs made from text without block markup,
// then SanitizeHtml. A body with no text, image or table (an editor's
// empty "<p><br></p>") becomes "".
SanitizeResult PrepareBody(absl::string_view body);

// What the bare text box (no JavaScript) shows for a stored body: its
// paragraphs as plain text, separated by blank lines, when saving that text
// gives the body back unchanged; the body itself otherwise (lists, tables,
// bold — the clerk then edits the markup or uses the editor).
std::string BodyForTextBox(absl::string_view body);

}  // namespace zwgk::content

#endif  // ZWGK_CONTENT_BODY_H_
