// libFuzzer target for the privacy scanner's readers (privacy/scan.h): the
// documents an attachment can be (PDF through poppler, DOCX, XLSX, CSV,
// text) and record text and HTML.
//
// The first byte picks the mode; the rest is:
//   0: a PDF (at most 8 KB: poppler is slow and not ours to fuzz);
//   1: word/document.xml of a DOCX zipped here;
//   2: XLSX parts (see fuzz_util.h Xlsx) zipped here;
//   3: CSV (UTF-8 or GB18030);
//   4: plain text;
//   5: record body HTML.
// Invariants: a document is scanned or has a reason; at most
// kMaxListedPerKind findings of each kind are listed, every listed one has
// a place and a preview; a masked copy (text, HTML, CSV, XLSX, DOCX) scans
// clean of numbers (ID, phone, bank card, credit code).
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "fuzz_util.h"
#include "privacy/scan.h"

namespace {

using namespace zwgk::privacy;

// Addresses are masked up to the village, which may still read as an
// address next to a name, and a masked e-mail (z***@example.com) is still
// shaped like one; every number kind must be gone.
void CheckClean(const std::vector<Finding>& findings, absl::string_view what) {
  for (const Finding& f : findings)
    ZWGK_FUZZ_CHECK(f.kind == Kind::kAddress || f.kind == Kind::kEmail,
                    std::string(KindName(f.kind)) + " " + f.preview + "\n" +
                        std::string(what));
}

void CheckScan(const DocumentScan& scan, absl::string_view bytes) {
  ZWGK_FUZZ_CHECK(scan.scanned || !scan.not_scanned_reason.empty(), bytes);
  std::map<Kind, size_t> per_kind;
  for (const Finding& f : scan.findings) {
    ZWGK_FUZZ_CHECK(++per_kind[f.kind] <= kMaxListedPerKind, bytes);
    ZWGK_FUZZ_CHECK(!f.place.empty() && !f.preview.empty(), bytes);
  }
  for (const UnlistedCount& u : scan.unlisted) {
    ZWGK_FUZZ_CHECK(u.count > 0, bytes);
    ZWGK_FUZZ_CHECK(per_kind[u.kind] == kMaxListedPerKind, bytes);
  }
}

void FuzzDocument(absl::string_view bytes, absl::string_view content_type,
                  absl::string_view filename) {
  const DocumentScan scan = ScanDocument(bytes, content_type, filename);
  CheckScan(scan, bytes);
  if (!CanMaskDocument(content_type, filename)) return;
  absl::StatusOr<std::string> masked =
      MaskDocument(bytes, content_type, filename);
  if (!masked.ok()) return;
  const DocumentScan again = ScanDocument(*masked, content_type, filename);
  CheckScan(again, *masked);
  // The masked copy must hold no number the first scan would have found.
  if (scan.scanned && again.scanned) CheckClean(again.findings, bytes);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const absl::string_view rest = zwgk::fuzz::Bytes(data + 1, size - 1);
  switch (data[0] % 6) {
    case 0:
      if (rest.size() <= 8192)
        FuzzDocument(rest, "application/pdf", "公示.pdf");
      break;
    case 1:
      FuzzDocument(zwgk::fuzz::Docx(rest),
                   "application/vnd.openxmlformats-officedocument."
                   "wordprocessingml.document",
                   "名单.docx");
      break;
    case 2:
      FuzzDocument(zwgk::fuzz::Xlsx(rest),
                   "application/vnd.openxmlformats-officedocument."
                   "spreadsheetml.sheet",
                   "名单.xlsx");
      break;
    case 3:
      FuzzDocument(rest, "text/csv", "名单.csv");
      break;
    case 4: {
      (void)ScanText(rest, "正文");
      const std::string masked = MaskText(rest);
      CheckClean(ScanText(masked, "正文"), rest);
      (void)ScanDocument(rest, "text/plain", "说明.txt");
      break;
    }
    case 5: {
      (void)ScanHtml(rest);
      const std::string masked = MaskHtml(rest);
      CheckClean(ScanHtml(masked), rest);
      break;
    }
  }
  return 0;
}
