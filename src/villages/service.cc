#include "villages/service.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "content/blob_store.h"
#include "content/filetype.h"
#include "core/audit.h"
#include "core/date.h"
#include "core/status.h"
#include "core/text.h"
#include "nlohmann/json.hpp"
#include "villages/store.h"

namespace zwgk::villages {
namespace {

constexpr int kMaxReasonChars = 500;
constexpr int kMinDueDays = 1, kMaxDueDays = 60;

absl::Status NoVillage(int64_t id) {
  return absl::NotFoundError(absl::StrCat("村（社区）#", id, " 不存在"));
}
absl::Status NoPosting(int64_t id) {
  return absl::NotFoundError(absl::StrCat("公开事项 #", id, " 不存在"));
}

nlohmann::json ToJson(const Posting& p) {
  return {{"id", p.id},
          {"village_id", p.village_id},
          {"kind", KindName(p.kind)},
          {"period", p.period ? PeriodLabel(*p.period) : "重大事项"},
          {"title", p.title},
          {"state", PostingStateLabel(p.state)},
          {"posted_on", p.posted_on ? FormatDate(*p.posted_on) : ""}};
}

// The village (a 村 or 社区 unit) if `actor` acts for it; NotFound for
// everything else.
absl::StatusOr<org::Unit> ActedVillage(db::Tx& tx, const org::Service& org,
                                       const Actor& actor, int64_t id) {
  absl::StatusOr<org::Unit> v = org.RequireActsFor(tx, actor, id);
  if (!v.ok()) {
    if (v.status().code() == absl::StatusCode::kNotFound) return NoVillage(id);
    return v.status();
  }
  if (!org::IsVillageKind(v->kind)) return NoVillage(id);
  return v;
}

// The village of any visitor (public reads).
absl::StatusOr<org::Unit> AnyVillage(db::Tx& tx, const org::Service& org,
                                     int64_t id) {
  absl::StatusOr<org::Unit> v = org.GetUnit(tx, id);
  if (!v.ok() || !org::IsVillageKind(v->kind) || v->retired)
    return v.ok() || v.status().code() == absl::StatusCode::kNotFound
               ? NoVillage(id)
               : v.status();
  return v;
}

// Names and photos of a posting read from the store.
absl::Status Fill(db::Tx& tx, const org::Service& org, Posting& p) {
  absl::StatusOr<org::Unit> v = org.GetUnit(tx, p.village_id);
  if (v.ok()) {
    p.village_name = v->name;
    if (v->parent_id) {
      if (auto t = org.GetUnit(tx, *v->parent_id); t.ok())
        p.town_name = t->name;
    }
  }
  ZWGK_ASSIGN_OR_RETURN(p.photos, store::ListPhotos(tx, p.id));
  return absl::OkStatus();
}

struct Checked {
  Kind kind = Kind::kVillage;
  std::optional<Period> period;
  std::string title, body;
};

absl::StatusOr<Checked> Validate(const PostingInput& in,
                                 const ServiceOptions& o) {
  Validator v;
  Checked c;
  std::optional<Kind> kind = ParseKind(absl::StripAsciiWhitespace(in.kind));
  if (!kind)
    v.Add("kind", "公开类别应为 党务、村务 或 财务");
  else
    c.kind = *kind;
  std::string period(absl::StripAsciiWhitespace(in.period));
  if (!period.empty()) {
    c.period = ParsePeriod(period);
    if (!c.period)
      v.Add("period",
            absl::StrCat("公开期间“", period,
                         "”无效，应写作 2026-Q1（季度）或 2026-03（月份）；"
                         "重大事项留空"));
  }
  c.title = std::string(absl::StripAsciiWhitespace(in.title));
  c.body = in.body;
  if (c.title.empty()) v.Add("title", "标题不能为空");
  if (static_cast<int>(Utf8Length(c.title)) > o.max_title_chars)
    v.Add("title", absl::StrCat("标题最多 ", o.max_title_chars, " 个字"));
  if (absl::StripAsciiWhitespace(c.body).empty())
    v.Add("body", "公开内容不能为空");
  if (static_cast<int>(Utf8Length(c.body)) > o.max_body_chars)
    v.Add("body", absl::StrCat("公开内容最多 ", o.max_body_chars, " 个字"));
  ZWGK_RETURN_IF_ERROR(v.ToStatus("公开事项有误"));
  return c;
}

// The period must follow the village's cadence for the kind, so postings
// meet the obligations they answer.
absl::Status CheckCadence(db::Tx& tx, int64_t village_id, const Checked& c) {
  if (!c.period) return absl::OkStatus();
  ZWGK_ASSIGN_OR_RETURN(auto monthly, store::GetFinanceMonthly(tx));
  auto it = monthly.find(village_id);
  const Cadence want = CadenceFor(c.kind, it != monthly.end() && it->second);
  if (c.period->cadence == want) return absl::OkStatus();
  return InvalidFields(
      "公开事项有误",
      {{"period",
        want == Cadence::kMonthly
            ? absl::StrCat("本村", KindLabel(c.kind),
                           "按月公开，期间应为月份，例如 2026-03")
            : absl::StrCat(KindLabel(c.kind),
                           "按季度公开，期间应为季度，例如 2026-Q1")}});
}

// One published posting per village, kind and period.
absl::Status CheckUnique(db::Tx& tx, int64_t village_id, Kind kind,
                         const std::optional<Period>& period,
                         int64_t except_id) {
  if (!period) return absl::OkStatus();
  ZWGK_ASSIGN_OR_RETURN(
      std::optional<Posting> other,
      store::FindPublished(tx, village_id, kind, *period, except_id));
  if (!other) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat(
      PeriodLabel(*period), "的", KindLabel(kind), "公开已有“", other->title,
      "”（#", other->id, "），如需更正请先撤回该公开事项"));
}

absl::StatusOr<int> DueDays(db::Tx& tx) {
  ZWGK_ASSIGN_OR_RETURN(std::optional<int> days, store::GetDueDays(tx));
  return days.value_or(Settings{}.due_working_days);
}

}  // namespace

Service::Service(db::Database& db, const Clock& clock, org::Service& org,
                 calendar::Service& calendar, ServiceOptions options)
    : db_(db),
      clock_(clock),
      org_(org),
      calendar_(calendar),
      options_(std::move(options)) {}

absl::StatusOr<Posting> Service::Create(const Actor& actor, int64_t village_id,
                                        const PostingInput& in) {
  ZWGK_ASSIGN_OR_RETURN(Checked c, Validate(in, options_));
  const std::string now = FormatTimestamp(clock_.Now());
  return db_.InTransaction<Posting>([&](db::Tx& tx) -> absl::StatusOr<Posting> {
    ZWGK_RETURN_IF_ERROR(ActedVillage(tx, org_, actor, village_id).status());
    ZWGK_RETURN_IF_ERROR(CheckCadence(tx, village_id, c));
    ZWGK_RETURN_IF_ERROR(CheckUnique(tx, village_id, c.kind, c.period, 0));
    Posting p{.village_id = village_id,
              .kind = c.kind,
              .period = c.period,
              .title = c.title,
              .body = c.body,
              .created_by = actor.name,
              .created_at = now,
              .updated_at = now};
    ZWGK_ASSIGN_OR_RETURN(p.id, store::InsertPosting(tx, p));
    ZWGK_RETURN_IF_ERROR(
        audit::Record(tx, clock_, actor,
                      {"village_posting.create", "village_posting",
                       absl::StrCat(p.id), nullptr, ToJson(p)}));
    ZWGK_RETURN_IF_ERROR(Fill(tx, org_, p));
    return p;
  });
}

absl::StatusOr<Posting> Service::Update(const Actor& actor, int64_t id,
                                        const PostingInput& in) {
  ZWGK_ASSIGN_OR_RETURN(Checked c, Validate(in, options_));
  const std::string now = FormatTimestamp(clock_.Now());
  return db_.InTransaction<Posting>([&](db::Tx& tx) -> absl::StatusOr<Posting> {
    absl::StatusOr<Posting> before = store::GetPosting(tx, id);
    if (!before.ok()) return NoPosting(id);
    if (!ActedVillage(tx, org_, actor, before->village_id).ok())
      return NoPosting(id);
    if (before->state != PostingState::kDraft)
      return absl::FailedPreconditionError(
          absl::StrCat("公开事项 #", id, " ", PostingStateLabel(before->state),
                       "，只有草稿可以修改；如需更正请撤回后重新编写"));
    ZWGK_RETURN_IF_ERROR(CheckCadence(tx, before->village_id, c));
    ZWGK_RETURN_IF_ERROR(
        CheckUnique(tx, before->village_id, c.kind, c.period, id));
    Posting after = *before;
    after.kind = c.kind;
    after.period = c.period;
    after.title = c.title;
    after.body = c.body;
    after.updated_at = now;
    ZWGK_RETURN_IF_ERROR(store::UpdatePosting(tx, after));
    ZWGK_RETURN_IF_ERROR(
        audit::Record(tx, clock_, actor,
                      {"village_posting.update", "village_posting",
                       absl::StrCat(id), ToJson(*before), ToJson(after)}));
    ZWGK_RETURN_IF_ERROR(Fill(tx, org_, after));
    return after;
  });
}

absl::StatusOr<Posting> Service::Publish(const Actor& actor, int64_t id,
                                         absl::string_view posted_on) {
  const absl::CivilDay today = Today(clock_);
  absl::CivilDay day = today;
  if (std::string text(absl::StripAsciiWhitespace(posted_on)); !text.empty()) {
    absl::StatusOr<absl::CivilDay> parsed = ParseDate(text);
    if (!parsed.ok())
      return InvalidFields("公开日期有误",
                           {{"posted_on", "公开日期应写作 2026-03-05"}});
    day = *parsed;
  }
  if (day > today)
    return InvalidFields("公开日期有误",
                         {{"posted_on", "公开日期不能晚于今天"}});
  const std::string now = FormatTimestamp(clock_.Now());
  return db_.InTransaction<Posting>([&](db::Tx& tx) -> absl::StatusOr<Posting> {
    absl::StatusOr<Posting> p = store::GetPosting(tx, id);
    if (!p.ok()) return NoPosting(id);
    if (!ActedVillage(tx, org_, actor, p->village_id).ok())
      return NoPosting(id);
    if (p->state != PostingState::kDraft)
      return absl::FailedPreconditionError(
          absl::StrCat("公开事项 #", id, " ", PostingStateLabel(p->state),
                       "，只有草稿可以公开"));
    if (p->period && day < PeriodStart(*p->period))
      return InvalidFields(
          "公开日期有误",
          {{"posted_on",
            absl::StrCat("公开日期不能早于", PeriodLabel(*p->period),
                         "的开始（", FormatDate(PeriodStart(*p->period)),
                         "）")}});
    ZWGK_RETURN_IF_ERROR(
        CheckUnique(tx, p->village_id, p->kind, p->period, id));
    Posting before = *p;
    ZWGK_RETURN_IF_ERROR(
        store::SetState(tx, id, PostingState::kPublished, day, "", now));
    p->state = PostingState::kPublished;
    p->posted_on = day;
    p->updated_at = now;
    ZWGK_RETURN_IF_ERROR(
        audit::Record(tx, clock_, actor,
                      {"village_posting.publish", "village_posting",
                       absl::StrCat(id), ToJson(before), ToJson(*p)}));
    ZWGK_RETURN_IF_ERROR(Fill(tx, org_, *p));
    return *p;
  });
}

absl::Status Service::Withdraw(const Actor& actor, int64_t id,
                               absl::string_view reason) {
  std::string why(absl::StripAsciiWhitespace(reason));
  const std::string now = FormatTimestamp(clock_.Now());
  return db_.Transaction([&](db::Tx& tx) -> absl::Status {
    absl::StatusOr<Posting> p = store::GetPosting(tx, id);
    if (!p.ok()) return NoPosting(id);
    if (!ActedVillage(tx, org_, actor, p->village_id).ok())
      return NoPosting(id);
    // The reason is checked after access (issue 20): another village's
    // posting answers 404 whatever the form says.
    if (why.empty())
      return InvalidFields("撤回原因有误", {{"reason", "请写明撤回原因"}});
    if (static_cast<int>(Utf8Length(why)) > kMaxReasonChars)
      return InvalidFields(
          "撤回原因有误", {{"reason", absl::StrCat("撤回原因最多 ",
                                                   kMaxReasonChars, " 个字")}});
    if (p->state != PostingState::kPublished)
      return absl::FailedPreconditionError(
          absl::StrCat("公开事项 #", id, " ", PostingStateLabel(p->state),
                       "，只有已公开的事项可以撤回"));
    ZWGK_RETURN_IF_ERROR(store::SetState(tx, id, PostingState::kWithdrawn,
                                         p->posted_on, why, now));
    nlohmann::json after = ToJson(*p);
    after["state"] = PostingStateLabel(PostingState::kWithdrawn);
    after["reason"] = why;
    return audit::Record(tx, clock_, actor,
                         {"village_posting.withdraw", "village_posting",
                          absl::StrCat(id), ToJson(*p), after});
  });
}

absl::StatusOr<Posting> Service::AddPhoto(const Actor& actor, int64_t id,
                                          const PhotoUpload& photo) {
  // A photo of the board: JPEG or PNG only, said in the photo's own words
  // (CheckUpload's message lists every document type).
  const content::FileType detected = content::DetectFileType(photo.bytes).type;
  if (!photo.bytes.empty() && detected != content::FileType::kJpeg &&
      detected != content::FileType::kPng)
    return InvalidFields(
        "照片有误", {{"photo", "上传的文件不是照片，请上传 JPEG 或 PNG 图片"}});
  ZWGK_ASSIGN_OR_RETURN(content::CheckedUpload up,
                        content::CheckUpload(photo.file_name, photo.bytes,
                                             options_.max_photo_bytes));
  Photo p{.blob_key = up.sha256_hex,
          .file_name = up.display_name,
          .content_type = up.type.mime,
          .size = up.size,
          .uploaded_at = FormatTimestamp(clock_.Now()),
          .uploaded_by = actor.name};
  if (up.type.type == content::FileType::kJpeg)
    p.taken_at = ReadExifTime(photo.bytes);
  // Nothing is stored for a posting the actor may not touch.
  ZWGK_RETURN_IF_ERROR(db_.Transaction([&](db::Tx& tx) -> absl::Status {
    absl::StatusOr<Posting> posting = store::GetPosting(tx, id);
    if (!posting.ok()) return NoPosting(id);
    if (!ActedVillage(tx, org_, actor, posting->village_id).ok())
      return NoPosting(id);
    return absl::OkStatus();
  }));
  // Stored by hash before the transaction: a rolled-back upload leaves at
  // most an unused file.
  content::BlobStore blobs(
      (std::filesystem::path(options_.data_dir) / "blobs").string());
  ZWGK_RETURN_IF_ERROR(blobs.Put(photo.bytes).status());
  return db_.InTransaction<Posting>([&](db::Tx& tx) -> absl::StatusOr<Posting> {
    absl::StatusOr<Posting> posting = store::GetPosting(tx, id);
    if (!posting.ok()) return NoPosting(id);
    if (!ActedVillage(tx, org_, actor, posting->village_id).ok())
      return NoPosting(id);
    if (posting->state == PostingState::kWithdrawn)
      return absl::FailedPreconditionError("已撤回的公开事项不能再上传照片");
    ZWGK_ASSIGN_OR_RETURN(std::vector<Photo> photos, store::ListPhotos(tx, id));
    if (static_cast<int>(photos.size()) >= options_.max_photos)
      return InvalidFields(
          "照片有误",
          {{"photo", absl::StrCat("每个公开事项最多上传 ", options_.max_photos,
                                  " 张照片")}});
    ZWGK_RETURN_IF_ERROR(store::InsertPhoto(tx, id, p));
    ZWGK_RETURN_IF_ERROR(audit::Record(
        tx, clock_, actor,
        {"village_posting.photo", "village_posting", absl::StrCat(id), nullptr,
         nlohmann::json{{"file", p.file_name},
                        {"sha256", p.blob_key},
                        {"taken_at", p.taken_at.value_or("")}}}));
    ZWGK_RETURN_IF_ERROR(Fill(tx, org_, *posting));
    return *posting;
  });
}

absl::StatusOr<Posting> Service::Get(const Actor& actor, int64_t id) {
  return db_.InTransaction<Posting>([&](db::Tx& tx) -> absl::StatusOr<Posting> {
    absl::StatusOr<Posting> p = store::GetPosting(tx, id);
    if (!p.ok()) return NoPosting(id);
    // Staff of the village see every state; everyone else published ones.
    if (p->state != PostingState::kPublished &&
        !ActedVillage(tx, org_, actor, p->village_id).ok())
      return NoPosting(id);
    if (!AnyVillage(tx, org_, p->village_id).ok()) return NoPosting(id);
    ZWGK_RETURN_IF_ERROR(Fill(tx, org_, *p));
    return *p;
  });
}

absl::StatusOr<std::vector<Posting>> Service::ListForVillage(
    const Actor& actor, int64_t village_id) {
  return db_.InTransaction<std::vector<Posting>>(
      [&](db::Tx& tx) -> absl::StatusOr<std::vector<Posting>> {
        ZWGK_RETURN_IF_ERROR(AnyVillage(tx, org_, village_id).status());
        const bool staff = ActedVillage(tx, org_, actor, village_id).ok();
        ZWGK_ASSIGN_OR_RETURN(std::vector<Posting> list,
                              store::ListPostings(tx, village_id, !staff));
        for (Posting& p : list) ZWGK_RETURN_IF_ERROR(Fill(tx, org_, p));
        return list;
      });
}

absl::StatusOr<std::pair<Photo, std::string>> Service::PhotoBytes(
    const Actor& actor, int64_t id, int index) {
  ZWGK_ASSIGN_OR_RETURN(Posting p, Get(actor, id));
  if (index < 0 || index >= static_cast<int>(p.photos.size()))
    return absl::NotFoundError("照片不存在");
  const Photo& photo = p.photos[static_cast<size_t>(index)];
  content::BlobStore blobs(
      (std::filesystem::path(options_.data_dir) / "blobs").string());
  ZWGK_ASSIGN_OR_RETURN(std::string bytes, blobs.Get(photo.blob_key));
  return std::make_pair(photo, std::move(bytes));
}

// --- Obligations -------------------------------------------------------------

namespace {

// The periods of `cadence` judged on `as_of`: those of as_of's year ending
// before as_of + 1 month, and the last one of the year before.
std::vector<Period> PeriodsFor(Cadence cadence, absl::CivilDay as_of) {
  const int year = static_cast<int>(as_of.year());
  const absl::CivilDay horizon(as_of.year(), as_of.month() + 1, as_of.day());
  const int n = cadence == Cadence::kMonthly ? 12 : 4;
  std::vector<Period> out = {{year - 1, cadence, n}};
  for (int i = 1; i <= n; ++i) {
    Period p{year, cadence, i};
    if (PeriodEnd(p) < horizon) out.push_back(p);
  }
  return out;
}

struct Key {
  int64_t village;
  Kind kind;
  int year, index;
  Cadence cadence;
  auto operator<=>(const Key&) const = default;
};

}  // namespace

// The obligations of `villages`, judged on as_of, in the caller's
// transaction (the calendar was read before it).
static absl::StatusOr<std::vector<Obligation>> ObligationsOf(
    db::Tx& tx, const calendar::Calendar& cal,
    const std::vector<org::Unit>& villages, absl::CivilDay as_of) {
  std::vector<Obligation> out;
  if (villages.empty()) return out;
  ZWGK_ASSIGN_OR_RETURN(int due_days, DueDays(tx));
  ZWGK_ASSIGN_OR_RETURN(auto monthly, store::GetFinanceMonthly(tx));
  std::vector<int64_t> ids;
  for (const org::Unit& v : villages) ids.push_back(v.id);
  ZWGK_ASSIGN_OR_RETURN(
      std::vector<Posting> published,
      store::ListPublishedSince(tx, ids, static_cast<int>(as_of.year()) - 1));
  std::map<Key, const Posting*> by_key;
  std::vector<int64_t> posting_ids;
  for (const Posting& p : published) {
    if (!p.period) continue;
    Key k{p.village_id, p.kind, p.period->year, p.period->index,
          p.period->cadence};
    auto [it, fresh] = by_key.emplace(k, &p);
    if (!fresh && p.posted_on < it->second->posted_on) it->second = &p;
    posting_ids.push_back(p.id);
  }
  ZWGK_ASSIGN_OR_RETURN(auto photos, store::CountPhotos(tx, posting_ids));
  for (const org::Unit& v : villages) {
    auto m = monthly.find(v.id);
    const bool finance_monthly = m != monthly.end() && m->second;
    for (Kind kind : kAllKinds) {
      const Cadence cadence = CadenceFor(kind, finance_monthly);
      for (const Period& period : PeriodsFor(cadence, as_of)) {
        Obligation o{.village_id = v.id,
                     .village_name = v.name,
                     .town_id = v.parent_id.value_or(0),
                     .kind = kind,
                     .period = period,
                     .due_on = DueDate(cal, period, due_days)};
        auto it = by_key.find(
            {v.id, kind, period.year, period.index, period.cadence});
        // A posting that went up after as_of did not exist yet then.
        if (it != by_key.end() && it->second->posted_on <= as_of) {
          o.posting_id = it->second->id;
          o.posted_on = it->second->posted_on;
          o.photo_missing = !photos.contains(it->second->id);
        }
        o.timeliness = Judge(o.due_on, o.posted_on, as_of);
        out.push_back(std::move(o));
      }
    }
  }
  return out;
}

absl::StatusOr<std::vector<Obligation>> Service::Obligations(
    const Actor& actor, absl::CivilDay as_of, std::optional<int64_t> unit_id) {
  if (!IsStaff(actor.role)) return absl::PermissionDeniedError("请先登录");
  std::shared_ptr<const calendar::Calendar> cal = calendar_.calendar();
  return db_.InTransaction<std::vector<Obligation>>(
      [&](db::Tx& tx) -> absl::StatusOr<std::vector<Obligation>> {
        std::optional<int64_t> scope = unit_id;
        if (!scope && !IsAdmin(actor)) scope = actor.unit_id;
        std::vector<org::Unit> villages;
        if (!scope) {
          ZWGK_ASSIGN_OR_RETURN(villages, org_.ListVillages(tx));
        } else {
          ZWGK_ASSIGN_OR_RETURN(org::Unit unit,
                                org_.RequireActsFor(tx, actor, *scope));
          if (unit.kind == org::UnitKind::kTown) {
            ZWGK_ASSIGN_OR_RETURN(villages, org_.ListVillages(tx, unit.id));
          } else if (org::IsVillageKind(unit.kind)) {
            villages.push_back(unit);
          } else {
            return absl::NotFoundError("乡镇或村（社区）不存在");
          }
        }
        return ObligationsOf(tx, *cal, villages, as_of);
      });
}

absl::StatusOr<std::vector<TownSummary>> Service::TownSummaries(
    absl::CivilDay as_of, std::optional<int64_t> town_id) {
  std::shared_ptr<const calendar::Calendar> cal = calendar_.calendar();
  return db_.InTransaction<std::vector<TownSummary>>(
      [&](db::Tx& tx) -> absl::StatusOr<std::vector<TownSummary>> {
        ZWGK_ASSIGN_OR_RETURN(std::vector<org::Unit> units, org_.ListUnits(tx));
        ZWGK_ASSIGN_OR_RETURN(std::vector<org::Unit> villages,
                              org_.ListVillages(tx, town_id));
        ZWGK_ASSIGN_OR_RETURN(std::vector<Obligation> all,
                              ObligationsOf(tx, *cal, villages, as_of));
        std::vector<TownSummary> out;
        std::map<int64_t, size_t> index;
        for (const org::Unit& u : units) {
          if (u.kind != org::UnitKind::kTown) continue;
          if (town_id && u.id != *town_id) continue;
          index[u.id] = out.size();
          out.push_back({.town_id = u.id, .town_name = u.name});
        }
        for (const org::Unit& v : villages) {
          auto it = index.find(v.parent_id.value_or(0));
          if (it != index.end()) ++out[it->second].villages;
        }
        for (Obligation& o : all) {
          auto it = index.find(o.town_id);
          if (it == index.end()) continue;
          TownSummary& s = out[it->second];
          bool problem = false;
          switch (o.timeliness) {
            case Timeliness::kDueSoon:
              ++s.due_soon;
              break;
            case Timeliness::kLate:
              ++s.late;
              problem = true;
              break;
            case Timeliness::kMissing:
              ++s.missing;
              problem = true;
              break;
            default:
              break;
          }
          if (o.photo_missing) {
            ++s.photos_missing;
            problem = true;
          }
          if (problem) s.problems.push_back(std::move(o));
        }
        return out;
      });
}

absl::StatusOr<Settings> Service::GetSettings() {
  return db_.InTransaction<Settings>(
      [&](db::Tx& tx) -> absl::StatusOr<Settings> {
        Settings s;
        ZWGK_ASSIGN_OR_RETURN(s.due_working_days, DueDays(tx));
        ZWGK_ASSIGN_OR_RETURN(auto monthly, store::GetFinanceMonthly(tx));
        for (const auto& [id, m] : monthly)
          s.finance_monthly.push_back({id, m});
        return s;
      });
}

absl::Status Service::SaveSettings(const Actor& actor, const Settings& s) {
  if (!IsStaff(actor.role))
    return absl::PermissionDeniedError("只有县政务公开办或乡镇可以修改设置");
  if (s.due_working_days < kMinDueDays || s.due_working_days > kMaxDueDays)
    return InvalidFields(
        "设置有误",
        {{"due_working_days", absl::StrCat("公开时限应为 ", kMinDueDays, " 至 ",
                                           kMaxDueDays, " 个工作日")}});
  return db_.Transaction([&](db::Tx& tx) -> absl::Status {
    ZWGK_ASSIGN_OR_RETURN(int before_days, DueDays(tx));
    if (s.due_working_days != before_days) {
      if (!IsAdmin(actor))
        return absl::PermissionDeniedError("只有县政务公开办可以修改公开时限");
      ZWGK_RETURN_IF_ERROR(store::PutDueDays(tx, s.due_working_days));
    }
    if (!IsAdmin(actor)) {
      // Town staff set their own villages' cadence; a village's clerk none.
      ZWGK_ASSIGN_OR_RETURN(org::Unit own,
                            org_.GetUnit(tx, actor.unit_id.value_or(0)));
      if (own.kind != org::UnitKind::kTown)
        return absl::PermissionDeniedError(
            "只有县政务公开办或乡镇可以设置财务公开周期");
    }
    nlohmann::json changed = nlohmann::json::array();
    for (const auto& [village_id, monthly] : s.finance_monthly) {
      ZWGK_RETURN_IF_ERROR(ActedVillage(tx, org_, actor, village_id).status());
      ZWGK_RETURN_IF_ERROR(store::PutFinanceMonthly(tx, village_id, monthly));
      changed.push_back({{"village_id", village_id}, {"monthly", monthly}});
    }
    return audit::Record(
        tx, clock_, actor,
        {"village.settings", "village_settings", "1",
         nlohmann::json{{"due_working_days", before_days}},
         nlohmann::json{{"due_working_days", s.due_working_days},
                        {"finance_monthly", changed}}});
  });
}

}  // namespace zwgk::villages
