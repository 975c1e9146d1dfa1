// 保密审查 (issue 18): personal data in records, found by privacy/scan.h at
// Submit and Publish, masked in one action, and looked for in everything
// already published. Findings are stored and shown masked only; nothing
// here logs a scanned value.
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/audit.h"
#include "core/clock.h"
#include "core/status.h"
#include "core/text.h"
#include "nlohmann/json.hpp"
#include "privacy/scan.h"
#include "publishing/service.h"

namespace zwgk::publishing {
namespace {

constexpr int kMaxReasonChars = 500;
constexpr int kScanBatch = 100;
constexpr int kMaxOpenListed = 1000;
constexpr absl::string_view kMaskNote = "个人信息脱敏处理";
constexpr absl::string_view kMaskedSuffix = "（脱敏）";

// Staff acting for the record's unit (its editors, reviewers, clerks) and
// the county office: who may see findings. Everyone else gets NotFound.
bool MaySeeFindings(const Actor& actor, int64_t unit_id) {
  return IsStaff(actor.role) && ActsForUnit(actor, unit_id);
}

absl::Status NotFound() { return absl::NotFoundError("信息不存在"); }

// "名单.xlsx" → "名单（脱敏）.xlsx".
std::string MaskedName(absl::string_view filename) {
  if (absl::StrContains(filename, kMaskedSuffix)) return std::string(filename);
  size_t dot = filename.rfind('.');
  if (dot == absl::string_view::npos || dot == 0)
    return absl::StrCat(filename, kMaskedSuffix);
  return absl::StrCat(filename.substr(0, dot), kMaskedSuffix,
                      filename.substr(dot));
}

std::vector<PrivacyFinding> FromScan(const std::vector<privacy::Finding>& in,
                                     absl::string_view source,
                                     std::optional<int64_t> attachment_id) {
  std::vector<PrivacyFinding> out;
  out.reserve(in.size());
  for (const privacy::Finding& f : in)
    out.push_back({.kind = std::string(privacy::KindName(f.kind)),
                   .source = std::string(source),
                   .attachment_id = attachment_id,
                   .place = f.place,
                   .preview = f.preview});
  return out;
}

// An attachment's findings, with one row per kind standing for those the
// scan counted but did not list.
std::vector<PrivacyFinding> FromScan(const privacy::DocumentScan& doc,
                                     absl::string_view source,
                                     std::optional<int64_t> attachment_id) {
  std::vector<PrivacyFinding> out =
      FromScan(doc.findings, source, attachment_id);
  for (const privacy::UnlistedCount& u : doc.unlisted)
    out.push_back({.kind = std::string(privacy::KindName(u.kind)),
                   .source = std::string(source),
                   .attachment_id = attachment_id,
                   .place = absl::StrCat("另有", u.count, "处未逐一列出"),
                   .unlisted = u.count});
  return out;
}

int64_t Total(const std::vector<PrivacyFinding>& findings) {
  int64_t n = 0;
  for (const PrivacyFinding& f : findings) n += f.count();
  return n;
}

void Append(std::vector<PrivacyFinding>& to, std::vector<PrivacyFinding> from) {
  to.insert(to.end(), std::make_move_iterator(from.begin()),
            std::make_move_iterator(from.end()));
}

// Findings counted per kind, in the order of privacy::kAllKinds.
std::vector<std::pair<std::string, int64_t>> CountByKind(
    const std::vector<PrivacyFinding>& findings) {
  std::vector<std::pair<std::string, int64_t>> out;
  for (privacy::Kind k : privacy::kAllKinds) {
    std::string name(privacy::KindName(k));
    int64_t n = 0;
    for (const PrivacyFinding& f : findings)
      if (f.kind == name) n += f.count();
    if (n > 0) out.emplace_back(name, n);
  }
  return out;
}

std::string KindLabelOf(absl::string_view name) {
  std::optional<privacy::Kind> k = privacy::ParseKind(name);
  return k ? std::string(privacy::KindLabel(*k)) : std::string(name);
}

PrivacyReport BuildReport(const Record& r, const store::StoredPrivacy& s) {
  PrivacyReport rep{.record_id = r.id,
                    .title = privacy::MaskText(r.title),
                    .unit_id = r.unit_id,
                    .unit_name = r.unit_name,
                    .status = r.status,
                    .scanned_at = s.scanned_at,
                    .findings = s.findings,
                    .not_scanned = s.not_scanned};
  for (const auto& [kind, reason] : s.reasons)
    rep.reasons[kind] = reason.reason;
  for (const auto& [kind, n] : CountByKind(s.findings))
    if (!s.reasons.contains(kind)) rep.open_kinds.push_back(kind);
  std::set<int64_t> with_findings;
  for (const PrivacyFinding& f : s.findings)
    if (f.attachment_id) with_findings.insert(*f.attachment_id);
  for (const Attachment& a : r.attachments)
    if (a.is_public && with_findings.contains(a.id) &&
        !privacy::CanMaskDocument(a.content_type, a.filename))
      rep.unmaskable.push_back(a.filename);
  return rep;
}

}  // namespace

Service::PrivacyScan Service::ScanForPrivacy(const Record& r,
                                             absl::string_view title,
                                             absl::string_view body_html) {
  PrivacyScan scan{.scanned_at = FormatTimestamp(clock_.Now())};
  Append(scan.findings,
         FromScan(privacy::ScanText(title, "标题"), "标题", std::nullopt));
  Append(scan.findings,
         FromScan(privacy::ScanHtml(body_html), "正文", std::nullopt));
  // One blob in memory at a time: a record may carry many large files.
  for (const Attachment& a : r.attachments) {
    if (!a.is_public) continue;  // an 原件 kept for the unit only
    ++scan.attachments;
    absl::StatusOr<std::string> bytes = blobs_.Get(a.sha256);
    if (!bytes.ok()) {
      scan.not_scanned.emplace_back(a.filename, "文件缺失，无法读取");
      continue;
    }
    privacy::DocumentScan doc =
        privacy::ScanDocument(*bytes, a.content_type, a.filename);
    if (!doc.scanned)
      scan.not_scanned.emplace_back(a.filename, doc.not_scanned_reason);
    Append(scan.findings, FromScan(doc, a.filename, a.id));
  }
  return scan;
}

absl::Status Service::StorePrivacy(db::Tx& tx, int64_t id,
                                   const PrivacyScan& scan) {
  if (scan.scanned_at.empty()) return absl::OkStatus();  // not scanned
  return store::ReplacePrivacyScan(tx, id, scan.scanned_at, scan.findings,
                                   scan.not_scanned);
}

absl::Status Service::CheckPrivacy(
    db::Tx& tx, const Actor& actor, int64_t id, const PrivacyScan& scan,
    const std::map<std::string, std::string>& reasons, bool& refused) {
  FieldErrors errors;
  std::map<std::string, std::string> given;
  for (const auto& [kind, text] : reasons) {
    std::string reason(absl::StripAsciiWhitespace(text));
    if (reason.empty()) continue;
    std::string field = absl::StrCat("privacy_reasons[", kind, "]");
    if (!privacy::ParseKind(kind))
      errors[field] = "未知的个人信息类别";
    else if (Utf8Length(reason) > kMaxReasonChars)
      errors[field] = absl::StrCat(KindLabelOf(kind), "的公开理由应在",
                                   kMaxReasonChars, "字以内");
    else
      given[kind] = reason;
  }
  if (!errors.empty()) return InvalidFields("公开理由填写有误", errors);
  ZWGK_RETURN_IF_ERROR(StorePrivacy(tx, id, scan));
  ZWGK_ASSIGN_OR_RETURN(auto stored, store::PrivacyOf(tx, {id}));
  const std::map<std::string, store::PrivacyReason>& kept = stored[id].reasons;
  std::vector<std::string> open;
  for (const auto& [kind, n] : CountByKind(scan.findings)) {
    if (kept.contains(kind) && !given.contains(kind)) continue;
    auto it = given.find(kind);
    if (it == given.end()) {
      open.push_back(absl::StrCat(KindLabelOf(kind), n, "处"));
      continue;
    }
    store::PrivacyReason r{.reason = it->second,
                           .by = actor.name,
                           .at = FormatTimestamp(clock_.Now())};
    ZWGK_RETURN_IF_ERROR(store::SetPrivacyReason(tx, id, kind, r));
    ZWGK_RETURN_IF_ERROR(audit::Record(
        tx, clock_, actor,
        {"record.privacy_reason", "record", absl::StrCat(id), nullptr,
         nlohmann::json{{"kind", kind},
                        {"kind_label", KindLabelOf(kind)},
                        {"count", n},
                        {"reason", r.reason}}}));
  }
  if (open.empty()) return absl::OkStatus();
  refused = true;
  return absl::FailedPreconditionError(
      absl::StrCat("发现未脱敏的个人信息：", absl::StrJoin(open, "、"),
                   "。请脱敏，或逐类填写公开理由"));
}

absl::StatusOr<PrivacyReport> Service::Privacy(const Actor& actor, int64_t id) {
  ZWGK_ASSIGN_OR_RETURN(Record r, Get(id));
  if (!MaySeeFindings(actor, r.unit_id)) return NotFound();
  ZWGK_ASSIGN_OR_RETURN(
      auto stored,
      (db_.InTransaction<std::map<int64_t, store::StoredPrivacy>>(
          [&](db::Tx& tx) { return store::PrivacyOf(tx, {id}); })));
  return BuildReport(r, stored[id]);
}

absl::StatusOr<PrivacyReport> Service::ScanPrivacy(const Actor& actor,
                                                   int64_t id) {
  ZWGK_ASSIGN_OR_RETURN(Record r, Get(id));
  if (!MaySeeFindings(actor, r.unit_id)) return NotFound();
  const RecordInput* change = r.pending_change ? &*r.pending_change : nullptr;
  PrivacyScan scan = ScanForPrivacy(r, change ? change->title : r.title,
                                    change ? change->body_html : r.body_html);
  ZWGK_RETURN_IF_ERROR(
      db_.Transaction([&](db::Tx& tx) { return StorePrivacy(tx, id, scan); }));
  return Privacy(actor, id);
}

absl::StatusOr<Record> Service::MaskPrivacy(const Actor& actor, int64_t id) {
  ZWGK_ASSIGN_OR_RETURN(Record current, Get(id));
  if (!MaySeeFindings(actor, current.unit_id)) return NotFound();
  if (actor.role != Role::kAdmin && actor.role != Role::kUnitEditor &&
      actor.role != Role::kUnitReviewer && actor.role != Role::kClerk)
    return absl::PermissionDeniedError(
        "只有本单位编辑、审核人员或县政务公开办可以脱敏");

  // Everything is computed before the transaction: masked text, masked
  // copies of the attachments (stored content-addressed first, so a
  // rolled-back action leaves at most an unreferenced file), and the
  // rescan of what stays public.
  const std::string title = privacy::MaskText(current.title);
  const std::string body = privacy::MaskHtml(current.body_html);
  std::optional<RecordInput> change = current.pending_change;
  if (change) {
    change->title = privacy::MaskText(change->title);
    change->body_html = privacy::MaskHtml(change->body_html);
  }
  auto same_change = [](const std::optional<RecordInput>& a,
                        const std::optional<RecordInput>& b) {
    return a.has_value() == b.has_value() &&
           (!a || (a->title == b->title && a->body_html == b->body_html));
  };
  bool text_changed = title != current.title || body != current.body_html ||
                      !same_change(change, current.pending_change);
  struct Copy {
    int64_t original_id;
    Attachment attachment;
    privacy::DocumentScan scan;
  };
  std::vector<Copy> copies;
  std::vector<std::string> unmaskable;
  PrivacyScan rescan{.scanned_at = FormatTimestamp(clock_.Now())};
  for (const Attachment& a : current.attachments) {
    if (!a.is_public) continue;
    ++rescan.attachments;
    absl::StatusOr<std::string> bytes = blobs_.Get(a.sha256);
    if (!bytes.ok()) {
      rescan.not_scanned.emplace_back(a.filename, "文件缺失，无法读取");
      continue;
    }
    privacy::DocumentScan doc =
        privacy::ScanDocument(*bytes, a.content_type, a.filename);
    if (!doc.findings.empty() &&
        privacy::CanMaskDocument(a.content_type, a.filename)) {
      ZWGK_ASSIGN_OR_RETURN(
          std::string masked,
          privacy::MaskDocument(*bytes, a.content_type, a.filename));
      ZWGK_ASSIGN_OR_RETURN(std::string sha, blobs_.Put(masked));
      Attachment copy{.filename = MaskedName(a.filename),
                      .content_type = a.content_type,
                      .sha256 = sha,
                      .size = static_cast<int64_t>(masked.size())};
      copies.push_back(
          {a.id, copy,
           privacy::ScanDocument(masked, copy.content_type, copy.filename)});
      continue;
    }
    if (!doc.findings.empty()) unmaskable.push_back(a.filename);
    if (!doc.scanned)
      rescan.not_scanned.emplace_back(a.filename, doc.not_scanned_reason);
    Append(rescan.findings, FromScan(doc, a.filename, a.id));
  }
  if (!text_changed && copies.empty()) {
    if (!unmaskable.empty())
      return absl::FailedPreconditionError(absl::StrCat(
          "附件“", absl::StrJoin(unmaskable, "”“"),
          "”为图片或PDF，无法自动脱敏：请替换为已脱敏的文件，或在发布时逐类填写"
          "公开理由"));
    return absl::FailedPreconditionError("未发现可自动脱敏的个人信息");
  }
  Append(rescan.findings,
         FromScan(privacy::ScanText(change ? change->title : title, "标题"),
                  "标题", std::nullopt));
  Append(rescan.findings,
         FromScan(privacy::ScanHtml(change ? change->body_html : body), "正文",
                  std::nullopt));

  return Write([&](db::Tx& tx) -> absl::StatusOr<Record> {
    ZWGK_ASSIGN_OR_RETURN(Record r, Load(tx, id));
    // The files masked above must still be the record's.
    for (const Copy& c : copies) {
      auto it = std::find_if(
          r.attachments.begin(), r.attachments.end(),
          [&](const Attachment& a) { return a.id == c.original_id; });
      if (it == r.attachments.end() || !it->is_public)
        return absl::AbortedError("附件已被修改，请重新脱敏");
    }
    if (r.title != current.title || r.body_html != current.body_html ||
        !same_change(r.pending_change, current.pending_change))
      return absl::AbortedError("信息已被修改，请重新脱敏");
    std::vector<std::string> masked_files;
    for (Copy& c : copies) {
      ZWGK_ASSIGN_OR_RETURN(
          Attachment added,
          store::AddMaskedAttachment(tx, id, c.original_id, c.attachment));
      masked_files.push_back(added.filename);
      Append(rescan.findings, FromScan(c.scan, added.filename, added.id));
    }
    r.title = title;
    r.body_html = body;
    r.pending_change = change;
    bool public_changed = r.status == Status::kPublished &&
                          (title != current.title ||
                           body != current.body_html || !copies.empty());
    if (r.version > 0) {
      // Older versions stay public at /records/{id}/versions/{n}.
      ZWGK_ASSIGN_OR_RETURN(std::vector<Version> versions,
                            store::Versions(tx, id));
      for (const Version& v : versions) {
        std::string vt = privacy::MaskText(v.title);
        std::string vb = privacy::MaskHtml(v.body_html);
        if (vt != v.title || vb != v.body_html)
          ZWGK_RETURN_IF_ERROR(
              store::SetVersionText(tx, id, v.version, vt, vb));
      }
    }
    if (public_changed) {
      // A new public version; first_published_on and the lateness of the
      // publication stay as they were.
      r.version += 1;
      r.published_on = FormatDate(Today(clock_));
      r.published_at = FormatTimestamp(clock_.Now());
      ZWGK_RETURN_IF_ERROR(store::AddVersion(tx, id,
                                             {.version = r.version,
                                              .published_at = r.published_at,
                                              .changed_on = r.changed_on,
                                              .title = r.title,
                                              .doc_number = r.doc_number,
                                              .body_html = r.body_html,
                                              .note = std::string(kMaskNote)}));
    }
    r.updated_at = FormatTimestamp(clock_.Now());
    ZWGK_RETURN_IF_ERROR(store::Save(tx, r));
    ZWGK_RETURN_IF_ERROR(StorePrivacy(tx, id, rescan));
    nlohmann::json kinds = nlohmann::json::array();
    for (const auto& [kind, n] : CountByKind(rescan.findings))
      kinds.push_back({{"kind", kind}, {"remaining", n}});
    ZWGK_RETURN_IF_ERROR(audit::Record(
        tx, clock_, actor,
        {"record.privacy_mask", "record", absl::StrCat(id), nullptr,
         nlohmann::json{{"title", r.title},
                        {"text_masked", text_changed},
                        {"masked_attachments", masked_files},
                        {"unmaskable_attachments", unmaskable},
                        {"new_version", public_changed ? r.version : 0},
                        {"published_on", r.published_on},
                        {"published_at", r.published_at},
                        {"previous_published_on", current.published_on},
                        {"remaining", kinds}}}));
    return Load(tx, id);
  });
}

absl::StatusOr<PrivacyScanSummary> Service::ScanPublished(
    const std::function<void(int64_t, int64_t)>& progress) {
  ZWGK_ASSIGN_OR_RETURN(int64_t total,
                        db_.InTransaction<int64_t>([&](db::Tx& tx) {
                          return store::CountPublished(tx);
                        }));
  PrivacyScanSummary sum;
  int64_t after = 0;
  for (;;) {
    ZWGK_ASSIGN_OR_RETURN(
        std::vector<int64_t> ids,
        db_.InTransaction<std::vector<int64_t>>([&](db::Tx& tx) {
          return store::PublishedIds(tx, after, kScanBatch);
        }));
    if (ids.empty()) break;
    after = ids.back();
    ZWGK_ASSIGN_OR_RETURN(std::vector<Record> records, GetMany(ids));
    // What is public: the published text, not a pending change.
    std::vector<std::pair<int64_t, PrivacyScan>> scans;
    for (const Record& r : records) {
      PrivacyScan s = ScanForPrivacy(r, r.title, r.body_html);
      ++sum.records;
      sum.attachments += s.attachments;
      sum.findings += Total(s.findings);
      sum.not_scanned += static_cast<int64_t>(s.not_scanned.size());
      if (!s.findings.empty()) ++sum.records_with_findings;
      scans.emplace_back(r.id, std::move(s));
    }
    ZWGK_RETURN_IF_ERROR(db_.Transaction([&](db::Tx& tx) -> absl::Status {
      for (const auto& [id, s] : scans)
        ZWGK_RETURN_IF_ERROR(StorePrivacy(tx, id, s));
      return absl::OkStatus();
    }));
    if (progress) progress(sum.records, total);
  }
  return sum;
}

absl::StatusOr<std::vector<PrivacyReport>> Service::OpenPrivacy(
    const Actor& actor, std::optional<int64_t> unit_id) {
  if (!IsStaff(actor.role)) return NotFound();
  std::optional<int64_t> unit = unit_id;
  if (!IsAdmin(actor)) {
    if (unit_id && !ActsForUnit(actor, *unit_id))
      return absl::NotFoundError("单位不存在");
    if (!actor.unit_id) return std::vector<PrivacyReport>{};
    unit = unit_id.value_or(*actor.unit_id);
  }
  return db_.InTransaction<std::vector<PrivacyReport>>(
      [&](db::Tx& tx) -> absl::StatusOr<std::vector<PrivacyReport>> {
        ZWGK_ASSIGN_OR_RETURN(std::vector<int64_t> ids,
                              store::OpenPrivacyIds(tx, unit, kMaxOpenListed));
        ZWGK_ASSIGN_OR_RETURN(std::vector<Record> records,
                              Named(tx, store::LoadMany(tx, ids)));
        ZWGK_ASSIGN_OR_RETURN(auto stored, store::PrivacyOf(tx, ids));
        std::vector<PrivacyReport> out;
        out.reserve(records.size());
        for (const Record& r : records)
          out.push_back(BuildReport(r, stored[r.id]));
        return out;
      });
}

absl::StatusOr<std::map<int64_t, int64_t>> Service::OpenPrivacyCounts() {
  return db_.InTransaction<std::map<int64_t, int64_t>>(
      [&](db::Tx& tx) { return store::OpenPrivacyCounts(tx); });
}

}  // namespace zwgk::publishing
