// Reading a PDF back in tests: the text of each page, extracted by poppler
// (the same library the search module indexes attachments with), so tests
// can check what a reader would find on which page.
#ifndef ZWGK_PDF_TESTING_H_
#define ZWGK_PDF_TESTING_H_

#include <string>
#include <vector>

namespace zwgk::pdf::testing {

// The text of every page, in order; empty when the bytes are no PDF. Text
// comes in drawing order, so a wrapped table cell reads as one phrase.
std::vector<std::string> PageTexts(const std::string& pdf);

// The text with spaces and line breaks dropped (poppler puts them between
// table cells and wrapped lines), for looking up phrases.
std::string Squeezed(const std::string& text);

}  // namespace zwgk::pdf::testing

#endif  // ZWGK_PDF_TESTING_H_
