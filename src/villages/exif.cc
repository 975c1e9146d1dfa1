// The time a board photo was taken, from its EXIF block (libexif).
#include <libexif/exif-data.h>

#include <memory>
#include <optional>
#include <string>

#include "villages/model.h"

namespace zwgk::villages {
namespace {

struct ExifDataDeleter {
  void operator()(ExifData* d) const { exif_data_unref(d); }
};

// "YYYY:MM:DD HH:MM:SS" → "YYYY-MM-DD HH:MM:SS"; nullopt for anything else
// (cameras write "    :  :     :  :  " when the clock was never set).
std::optional<std::string> Normalize(absl::string_view raw) {
  if (raw.size() < 19) return std::nullopt;
  std::string out(raw.substr(0, 19));
  for (size_t i = 0; i < out.size(); ++i) {
    const bool digit = out[i] >= '0' && out[i] <= '9';
    switch (i) {
      case 4:
      case 7:
        if (out[i] != ':') return std::nullopt;
        out[i] = '-';
        break;
      case 10:
        if (out[i] != ' ') return std::nullopt;
        break;
      case 13:
      case 16:
        if (out[i] != ':') return std::nullopt;
        break;
      default:
        if (!digit) return std::nullopt;
    }
  }
  if (out.compare(0, 4, "0000") == 0) return std::nullopt;
  return out;
}

std::optional<std::string> TagValue(ExifData* data, ExifIfd ifd, ExifTag tag) {
  ExifEntry* entry = exif_content_get_entry(data->ifd[ifd], tag);
  if (entry == nullptr) return std::nullopt;
  char buf[64] = {};
  exif_entry_get_value(entry, buf, sizeof buf);
  return Normalize(buf);
}

}  // namespace

std::optional<std::string> ReadExifTime(absl::string_view jpeg) {
  if (jpeg.size() < 4 || static_cast<unsigned char>(jpeg[0]) != 0xFF ||
      static_cast<unsigned char>(jpeg[1]) != 0xD8)
    return std::nullopt;
  std::unique_ptr<ExifData, ExifDataDeleter> data(exif_data_new_from_data(
      reinterpret_cast<const unsigned char*>(jpeg.data()),
      static_cast<unsigned int>(jpeg.size())));
  if (data == nullptr) return std::nullopt;
  if (auto t = TagValue(data.get(), EXIF_IFD_EXIF, EXIF_TAG_DATE_TIME_ORIGINAL))
    return t;
  return TagValue(data.get(), EXIF_IFD_0, EXIF_TAG_DATE_TIME);
}

}  // namespace zwgk::villages
