// Personal data in text and documents (保密审查, issue 18): what the 公示
// rules forbid publishing unmasked — 居民身份证 numbers, mobile and landline
// numbers, bank cards, individual businesses' 统一社会信用代码, e-mail
// addresses and detailed home addresses next to a person's name — found
// with their place and shown only masked. Pure: no database, no I/O beyond
// the bytes given.
//
// A finding never carries the unmasked value: callers store, log and show
// only `preview`. To mask, call the Mask* functions on the source again.
#ifndef ZWGK_PRIVACY_SCAN_H_
#define ZWGK_PRIVACY_SCAN_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace zwgk::privacy {

enum class Kind {
  kIdCard,    // 居民身份证号码: 18 digits with a valid checksum, or 15
  kMobile,    // 手机号码
  kLandline,  // 固定电话 (with its area code)
  kBankCard,  // 银行卡号 (Luhn)
  kCreditCode,  // 统一社会信用代码 of an individual business (个体工商户, 92…)
  kEmail,    // 电子邮箱
  kAddress,  // 详细住址 next to a person's name
};
inline constexpr Kind kAllKinds[] = {
    Kind::kIdCard,     Kind::kMobile, Kind::kLandline, Kind::kBankCard,
    Kind::kCreditCode, Kind::kEmail,  Kind::kAddress};
absl::string_view KindName(Kind k);   // id_card | mobile | landline | …
absl::string_view KindLabel(Kind k);  // 身份证号码 | 手机号码 | …
std::optional<Kind> ParseKind(absl::string_view name);  // names only

struct Finding {
  Kind kind = Kind::kIdCard;
  // Where: "标题", "正文第3段", "第2页", "Sheet1!C5", "第12行第3列".
  std::string place;
  // The value masked the 公示 way, with a few characters of (masked)
  // context: "身份证号：420***********1234".
  std::string preview;
};

// What the caller's own data is: an applicant's own ID number, phone or
// e-mail in a reply to that applicant is not a finding.
struct ScanOptions {
  std::vector<std::string> own_values;
};

// Findings in plain text, each with `place`.
std::vector<Finding> ScanText(absl::string_view text, absl::string_view place,
                              const ScanOptions& options = {});
// Findings in a sanitized record body, placed by paragraph ("正文第N段").
std::vector<Finding> ScanHtml(absl::string_view html,
                              const ScanOptions& options = {});

// The 公示 masks: ID 420***********1234, mobile 138****5678, bank card
// ************1234 (same length, last four kept), landline 027-****5678,
// e-mail z***@example.com, credit code 924212*********34X (first six and
// last three kept), address up to the village or street with the rest as
// ***. Separators in the value are kept. Names are left as they are.
std::string Mask(Kind kind, absl::string_view value);
// `text` (or the text nodes of `html`, tags and attributes untouched) with
// every finding replaced by its mask.
std::string MaskText(absl::string_view text, const ScanOptions& options = {});
std::string MaskHtml(absl::string_view html, const ScanOptions& options = {});

// --- Documents --------------------------------------------------------------

// A document lists at most this many findings of each kind with place and
// preview; the rest are counted. A 100,000-row 低保 roster holds 400,000,
// and a reviewer needs the kinds, a sample of places and the totals.
inline constexpr size_t kMaxListedPerKind = 50;

struct UnlistedCount {
  Kind kind = Kind::kIdCard;
  int64_t count = 0;
};

// The result for one attachment.
struct DocumentScan {
  bool scanned = false;  // false: a type without text (images, archives)
  // Why not scanned, for the reviewer: "图片未扫描", "文件已损坏，无法读取".
  std::string not_scanned_reason;
  // In document order, at most kMaxListedPerKind of each kind. Places:
  // 第N页, Sheet!A1, 第N段, 第N行第M列.
  std::vector<Finding> findings;
  // Findings beyond those listed, per kind (in kAllKinds order, none 0).
  std::vector<UnlistedCount> unlisted;
};

// PDF (poppler, per page), DOCX (per paragraph, tables included), XLSX
// (cell by cell, shared and inline strings and numbers), CSV (cell by cell,
// UTF-8 or GB18030), plain text. The type comes from the bytes, then
// `content_type`, then the extension of `filename`. Never fails: a corrupt
// file is reported as not scanned.
DocumentScan ScanDocument(absl::string_view bytes,
                          absl::string_view content_type,
                          absl::string_view filename,
                          const ScanOptions& options = {});

// Whether MaskDocument can make a masked copy of this type (XLSX, CSV,
// DOCX).
bool CanMaskDocument(absl::string_view content_type,
                     absl::string_view filename);
// A masked copy: every finding replaced by its mask, every other cell,
// paragraph, style and sheet kept.
absl::StatusOr<std::string> MaskDocument(absl::string_view bytes,
                                         absl::string_view content_type,
                                         absl::string_view filename,
                                         const ScanOptions& options = {});

}  // namespace zwgk::privacy

#endif  // ZWGK_PRIVACY_SCAN_H_
