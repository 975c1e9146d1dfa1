#include "applications/letter.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "pdf/pdf.h"

namespace zwgk::applications {

nlohmann::json LetterJson(const ReplyLetter& l) {
  return {{"title", l.title},
          {"number", l.number},
          {"recipient", l.recipient},
          {"unit_name", l.unit_name},
          {"paragraphs", l.paragraphs},
          {"basis", absl::StrJoin(l.basis, "、")},
          {"has_basis", !l.basis.empty()},
          {"remedies", l.remedies},
          {"date", l.date}};
}

absl::StatusOr<std::string> LetterPdf(const ReplyLetter& l) {
  std::vector<pdf::Paragraph> ps = {
      {pdf::Style::kTitle, l.title},
      {pdf::Style::kSubtitle, l.number},
      {pdf::Style::kPlain, absl::StrCat(l.recipient, "：")},
  };
  for (const std::string& p : l.paragraphs)
    ps.push_back({pdf::Style::kBody, p});
  if (!l.basis.empty()) {
    ps.push_back({pdf::Style::kBody,
                  absl::StrCat("依据：", absl::StrJoin(l.basis, "、"), "。")});
  }
  ps.push_back({pdf::Style::kBody, l.remedies});
  ps.push_back({pdf::Style::kRight, absl::StrCat(l.unit_name, "\n", l.date)});
  return pdf::Render(ps, {.title = l.title});
}

}  // namespace zwgk::applications
