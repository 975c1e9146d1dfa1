// The reply letter (政府信息公开申请答复书) for the printable HTML template
// and as PDF.
#ifndef ZWGK_APPLICATIONS_LETTER_H_
#define ZWGK_APPLICATIONS_LETTER_H_

#include <string>

#include "absl/status/statusor.h"
#include "applications/service.h"
#include "nlohmann/json.hpp"

namespace zwgk::applications {

// The template context of applications/letter.mustache (and the letter
// section of the applicant's status page).
nlohmann::json LetterJson(const ReplyLetter& letter);

// The letter as A4 PDF bytes.
[[nodiscard]] absl::StatusOr<std::string> LetterPdf(const ReplyLetter& letter);

}  // namespace zwgk::applications

#endif  // ZWGK_APPLICATIONS_LETTER_H_
