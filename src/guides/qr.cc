#include "guides/qr.h"

#include <qrencode.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/text.h"

namespace zwgk::guides {
namespace {

constexpr size_t kMaxBytes = 1000;

struct QrFree {
  void operator()(QRcode* q) const { QRcode_free(q); }
};

}  // namespace

absl::StatusOr<std::vector<std::string>> QrModules(absl::string_view text) {
  if (text.empty()) return absl::InvalidArgumentError("二维码内容为空");
  if (text.size() > kMaxBytes)
    return absl::InvalidArgumentError(
        absl::StrCat("二维码内容过长（最多", kMaxBytes, "字节）"));
  const std::string data(text);
  std::unique_ptr<QRcode, QrFree> code(QRcode_encodeData(
      static_cast<int>(data.size()),
      reinterpret_cast<const unsigned char*>(data.data()), 0, QR_ECLEVEL_M));
  if (!code) return absl::InternalError("二维码生成失败");
  const int width = code->width;
  std::vector<std::string> rows(width, std::string(width, '.'));
  for (int y = 0; y < width; ++y)
    for (int x = 0; x < width; ++x)
      if (code->data[y * width + x] & 1) rows[y][x] = '#';
  return rows;
}

absl::StatusOr<std::string> QrSvg(absl::string_view text,
                                  const QrOptions& options) {
  absl::StatusOr<std::vector<std::string>> rows = QrModules(text);
  if (!rows.ok()) return rows.status();
  const int width = static_cast<int>(rows->size());
  const int q = options.quiet_zone;
  const int size = width + 2 * q;
  // One path: a horizontal run of black modules is one rectangle.
  std::string path;
  for (int y = 0; y < width; ++y) {
    const std::string& row = (*rows)[y];
    for (int x = 0; x < width;) {
      if (row[x] != '#') {
        ++x;
        continue;
      }
      int run = 1;
      while (x + run < width && row[x + run] == '#') ++run;
      absl::StrAppend(&path, "M", x + q, " ", y + q, "h", run, "v1h-", run,
                      "z");
      x += run;
    }
  }
  const std::string label = HtmlEscape(options.label);
  std::string svg = absl::StrCat(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\" viewBox=\"0 0 ",
      size, " ", size, "\" width=\"", size * options.module_px, "\" height=\"",
      size * options.module_px, "\" shape-rendering=\"crispEdges\"");
  if (!label.empty())
    absl::StrAppend(&svg, " role=\"img\" aria-label=\"", label, "\"><title>",
                    label, "</title>");
  else
    absl::StrAppend(&svg, " aria-hidden=\"true\">");
  absl::StrAppend(&svg, "<rect width=\"", size, "\" height=\"", size,
                  "\" fill=\"#fff\"/><path fill=\"#000\" d=\"", path,
                  "\"/></svg>");
  return svg;
}

}  // namespace zwgk::guides
