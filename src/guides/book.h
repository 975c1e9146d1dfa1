// The 办事一本通: published guides compiled into a book — a PDF (A4 or A5:
// cover with the edition date, table of contents with page numbers, one
// guide per section starting on a new page, running headers with the
// section's name, page numbers) and a printable HTML book. Pure over the
// guides given (no database): the service picks and orders them.
#ifndef ZWGK_GUIDES_BOOK_H_
#define ZWGK_GUIDES_BOOK_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "guides/model.h"

namespace zwgk::guides {

struct BookInput {
  std::string title;  // 嘉鱼县办事一本通
  std::string subtitle;  // the scope: 义务教育领域 | 县教育局 | 新街镇
  std::string issuer;  // 嘉鱼县人民政府办公室
  absl::CivilDay edition;
  std::vector<Guide> guides;  // in book order
  Paper paper = Paper::kA4;
};

// The PDF bytes. Internal on a cairo or font failure.
[[nodiscard]] absl::StatusOr<std::string> RenderBookPdf(const BookInput& in);
// A self-contained HTML page (print CSS: page breaks, running titles).
std::string RenderBookHtml(const BookInput& in);

}  // namespace zwgk::guides

#endif  // ZWGK_GUIDES_BOOK_H_
