// A QR code of a guide's address as inline SVG, for the service hall: the
// printed guide carries it so a visitor scans back to the current version.
#ifndef ZWGK_GUIDES_QR_H_
#define ZWGK_GUIDES_QR_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace zwgk::guides {

struct QrOptions {
  int module_px = 4;   // the drawn size of one module (width/height attrs)
  int quiet_zone = 4;  // modules of white border (the standard's minimum)
  std::string label;   // <title> and aria-label, e.g. "本页二维码"
};

// An <svg> element drawing `text` (8-bit mode, error correction M) with one
// path of black modules. InvalidArgument for empty text or more than 1000
// bytes (a URL, not a document); Internal if libqrencode fails.
[[nodiscard]] absl::StatusOr<std::string> QrSvg(absl::string_view text,
                                                const QrOptions& options = {});

// The modules of `text` as rows of '#' (black) and '.' (white), without the
// quiet zone: what QrSvg draws, for tests.
[[nodiscard]] absl::StatusOr<std::vector<std::string>> QrModules(
    absl::string_view text);

}  // namespace zwgk::guides

#endif  // ZWGK_GUIDES_QR_H_
