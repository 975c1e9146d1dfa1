#include "pdf/testing.h"

#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-page.h>

#include <memory>

namespace zwgk::pdf::testing {

std::vector<std::string> PageTexts(const std::string& pdf) {
  std::unique_ptr<poppler::document> doc(
      poppler::document::load_from_raw_data(pdf.data(), pdf.size()));
  if (!doc || doc->is_locked()) return {};
  std::vector<std::string> pages;
  for (int i = 0; i < doc->pages(); ++i) {
    std::unique_ptr<poppler::page> page(doc->create_page(i));
    if (!page) {
      pages.emplace_back();
      continue;
    }
    // In drawing order: each table cell's lines together, as written.
    poppler::byte_array utf8 =
        page->text(poppler::rectf(), poppler::page::raw_order_layout).to_utf8();
    pages.emplace_back(utf8.begin(), utf8.end());
  }
  return pages;
}

std::string Squeezed(const std::string& text) {
  std::string out;
  for (char c : text)
    if (c != ' ' && c != '\n' && c != '\r' && c != '\t' && c != '\f')
      out.push_back(c);
  return out;
}

}  // namespace zwgk::pdf::testing
