#include "concerns/service.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "core/audit.h"
#include "core/status.h"
#include "core/text.h"

namespace zwgk::concerns {
namespace {

std::string Trim(absl::string_view s) {
  return std::string(absl::StripAsciiWhitespace(s));
}

absl::Status NotFound(int64_t id) {
  return absl::NotFoundError(absl::StrCat("关切 ", id, " 不存在"));
}

absl::Status RequireStaff(const Actor& actor) {
  if (!IsStaff(actor.role))
    return absl::PermissionDeniedError("需要工作人员账号");
  return absl::OkStatus();
}

// The concern as `actor` may see it; anyone else gets the answer an id that
// does not exist gets.
absl::StatusOr<Concern> Visible(db::Tx& tx, const Actor& actor, int64_t id) {
  ZWGK_RETURN_IF_ERROR(RequireStaff(actor));
  absl::StatusOr<Concern> c = store::Get(tx, id);
  if (!c.ok()) return absl::IsNotFound(c.status()) ? NotFound(id) : c.status();
  if (!ActsForUnit(actor, c->unit_id)) return NotFound(id);
  return c;
}

nlohmann::json AuditState(const Concern& c) {
  nlohmann::json due = nlohmann::json::object();
  for (const Due& d : c.due)
    due[std::string(ObligationName(d.obligation))] = FormatBeijingIso(d.due_at);
  return {{"title", c.title},
          {"unit_id", c.unit_id},
          {"source", std::string(SourceName(c.source))},
          {"kind", std::string(KindName(c.kind))},
          {"seen_at", FormatBeijingIso(c.seen_at)},
          {"due", due}};
}

absl::Time YearStart(int year) {
  return absl::FromCivil(absl::CivilMinute(year, 1, 1, 0, 0),
                         absl::FixedTimeZone(8 * 3600));
}

// The end of `day` in Beijing (24:00).
absl::Time EndOf(absl::CivilDay day) { return StartOfDay(day + 1); }

std::map<int64_t, std::string> UnitNames(org::Service& org) {
  std::map<int64_t, std::string> out;
  if (auto units = org.ListUnits({.include_retired = true}); units.ok())
    for (const org::Unit& u : *units) out[u.id] = u.name;
  return out;
}

}  // namespace

Service::Service(db::Database& db, const Clock& clock, org::Service& org,
                 publishing::Service& publishing, ServiceOptions options)
    : db_(db),
      clock_(clock),
      org_(org),
      publishing_(publishing),
      options_(std::move(options)) {}

absl::Status Service::Seed() {
  ZWGK_ASSIGN_OR_RETURN(std::vector<std::string> genres, publishing_.Genres());
  if (std::find(genres.begin(), genres.end(), kResponseGenre) != genres.end())
    return absl::OkStatus();
  absl::Status s = publishing_.AddGenre(SystemActor(), kResponseGenre);
  return absl::IsAlreadyExists(s) ? absl::OkStatus() : s;
}

void Service::Enrich(std::vector<Concern>& concerns) {
  const std::map<int64_t, std::string> names = UnitNames(org_);
  std::map<int64_t, std::optional<publishing::Record>> records;
  for (Concern& c : concerns) {
    if (auto it = names.find(c.unit_id); it != names.end())
      c.unit_name = it->second;
    for (Response& r : c.responses) {
      auto [it, fresh] = records.try_emplace(r.record_id);
      if (fresh) {
        absl::StatusOr<publishing::Record> rec = publishing_.Get(r.record_id);
        if (rec.ok()) it->second = std::move(*rec);
      }
      if (!it->second) continue;
      const publishing::Record& rec = *it->second;
      r.record_title = rec.title;
      r.record_public = publishing::IsPublic(rec);
      // The first publication meets the obligation (a later version is a
      // correction, not the answer).
      if (!r.record_public) continue;
      std::string first = rec.published_at;
      if (rec.version > 1) {
        if (auto versions = publishing_.Versions(rec.id);
            versions.ok() && !versions->empty())
          first = versions->front().published_at;
      }
      r.published_at = ParseTimestamp(first);
    }
  }
}

absl::StatusOr<std::vector<Concern>> Service::Load(const store::Filter& f) {
  ZWGK_ASSIGN_OR_RETURN(std::vector<Concern> concerns,
                        db_.InTransaction<std::vector<Concern>>(
                            [&](db::Tx& tx) { return store::List(tx, f); }));
  Enrich(concerns);
  return concerns;
}

namespace {
ConcernView MakeView(Concern c, absl::Time now) {
  ConcernView v;
  v.statuses = Statuses(c, now);
  v.state = StateOf(v.statuses);
  v.concern = std::move(c);
  return v;
}
}  // namespace

// ---------------------------------------------------------------------------
// Staff.

absl::StatusOr<ConcernView> Service::Create(const Actor& actor,
                                            const ConcernInput& in) {
  ZWGK_RETURN_IF_ERROR(RequireStaff(actor));
  const absl::Time now = clock_.Now();
  Validator v;
  Concern c;
  c.title = Trim(in.title);
  if (c.title.empty()) {
    v.Add("title", "请填写关切事项");
  } else if (Utf8Length(c.title) >
             static_cast<size_t>(options_.max_title_chars)) {
    v.Add("title", absl::StrCat("关切事项过长（最多", options_.max_title_chars,
                                "个字）"));
  }
  if (std::optional<Source> s = ParseSource(Trim(in.source))) {
    c.source = *s;
  } else {
    v.Add("source",
          "请选择来源：舆情监测、媒体报道、网民留言、12345 "
          "热线、人大建议/政协提案或其他");
  }
  if (std::optional<Kind> k = ParseKind(Trim(in.kind))) {
    c.kind = *k;
  } else {
    v.Add("kind", "请选择类型：重大突发事件（major）或一般政务舆情（general）");
  }
  const std::string seen = Trim(in.seen_at);
  if (std::optional<absl::Time> t = ParseSeenAt(seen)) {
    if (*t > now) {
      v.Add("seen_at", "首次发现时间不能晚于现在");
    } else if (*t < YearStart(2000)) {
      v.Add("seen_at", "首次发现时间应在2000年以后");
    } else {
      c.seen_at = *t;
    }
  } else {
    v.Add("seen_at", seen.empty()
                         ? "请填写首次发现时间"
                         : "首次发现时间格式应为 2026-12-02T22:30+08:00"
                           "（北京时间，精确到分钟）");
  }
  c.notes = Trim(in.notes);
  if (Utf8Length(c.notes) > static_cast<size_t>(options_.max_notes_chars))
    v.Add("notes", absl::StrCat("内部备注过长（最多", options_.max_notes_chars,
                                "个字）"));
  const std::string unit = Trim(in.unit);
  if (unit.empty()) {
    if (IsAdmin(actor) || !actor.unit_id) {
      v.Add("unit", "请选择责任单位");
    } else {
      c.unit_id = *actor.unit_id;
    }
  } else {
    absl::StatusOr<org::Unit> u = org_.ResolveUnit(unit.substr(0, 200));
    if (!u.ok() || u->retired) {
      v.Add("unit", absl::StrCat("没有名为“", unit.substr(0, 100), "”的单位"));
    } else if (!ActsForUnit(actor, u->id)) {
      v.Add("unit", "只能登记本单位负责的关切");
    } else {
      c.unit_id = u->id;
      c.unit_name = u->name;
    }
  }
  ZWGK_RETURN_IF_ERROR(v.ToStatus("关切信息有误"));
  c.created_by = actor.name;
  const std::string stamp = FormatTimestamp(now);
  c.created_at = stamp;
  ZWGK_ASSIGN_OR_RETURN(
      Concern saved,
      db_.InTransaction<Concern>([&](db::Tx& tx) -> absl::StatusOr<Concern> {
        ZWGK_ASSIGN_OR_RETURN(org::Unit u, org_.GetUnit(tx, c.unit_id));
        c.unit_name = u.name;
        ZWGK_ASSIGN_OR_RETURN(Hours hours, store::GetHours(tx));
        c.due = DueTimes(c.kind, c.seen_at, hours);
        ZWGK_ASSIGN_OR_RETURN(c.id, store::Insert(tx, c, stamp));
        ZWGK_RETURN_IF_ERROR(audit::Record(tx, clock_, actor,
                                           {.action = "concern.create",
                                            .entity = "concern",
                                            .entity_id = absl::StrCat(c.id),
                                            .after = AuditState(c)}));
        return c;
      }));
  return MakeView(std::move(saved), now);
}

absl::StatusOr<ConcernView> Service::Get(const Actor& actor, int64_t id) {
  ZWGK_ASSIGN_OR_RETURN(
      Concern c,
      db_.InTransaction<Concern>([&](db::Tx& tx) -> absl::StatusOr<Concern> {
        return Visible(tx, actor, id);
      }));
  std::vector<Concern> one{std::move(c)};
  Enrich(one);
  return MakeView(std::move(one.front()), clock_.Now());
}

absl::StatusOr<std::vector<ConcernView>> Service::List(const Actor& actor,
                                                       const ListFilter& f) {
  ZWGK_RETURN_IF_ERROR(RequireStaff(actor));
  store::Filter sf{.unit_id = f.unit_id, .limit = std::clamp(f.limit, 1, 500)};
  // Other staff see their own unit only: another unit's filter, or no unit
  // at all, leaves nothing to list.
  if (!IsAdmin(actor)) {
    if (!actor.unit_id || (sf.unit_id && *sf.unit_id != *actor.unit_id))
      return std::vector<ConcernView>{};
    sf.unit_id = actor.unit_id;
  }
  if (f.year) {
    if (*f.year < 2000 || *f.year > 2100)
      return InvalidFields("年份有误", {{"year", "年份应在2000–2100之间"}});
    sf.seen_from = YearStart(*f.year);
    sf.seen_before = YearStart(*f.year + 1);
  }
  // The state is derived, so the filter reads a wider window.
  if (f.state) sf.limit = 5000;
  ZWGK_ASSIGN_OR_RETURN(std::vector<Concern> rows, Load(sf));
  const absl::Time now = clock_.Now();
  std::vector<ConcernView> out;
  for (Concern& c : rows) {
    ConcernView v = MakeView(std::move(c), now);
    if (f.state && !Matches(v.state, *f.state)) continue;
    out.push_back(std::move(v));
    if (out.size() >= static_cast<size_t>(std::clamp(f.limit, 1, 500))) break;
  }
  return out;
}

absl::StatusOr<ConcernView> Service::Respond(const Actor& actor, int64_t id,
                                             const ResponseInput& in) {
  ZWGK_RETURN_IF_ERROR(RequireStaff(actor));
  // The concern first (another unit's: NotFound before anything else).
  ZWGK_ASSIGN_OR_RETURN(ConcernView before, Get(actor, id));
  if (in.record_id <= 0)
    return InvalidFields("回应信息有误", {{"record_id", "请选择回应信息"}});
  // The record as the actor may see it (publishing's own transaction).
  absl::StatusOr<publishing::Record> rec =
      publishing_.GetFor(&actor, in.record_id);
  if (!rec.ok()) {
    if (!absl::IsNotFound(rec.status())) return rec.status();
    return InvalidFields(
        "回应信息有误",
        {{"record_id", absl::StrCat("没有编号为 ", in.record_id,
                                    " 的信息，或无权使用该信息")}});
  }
  if (rec->genre != kResponseGenre)
    return InvalidFields(
        "回应信息有误",
        {{"record_id",
          absl::StrCat("“", rec->title.substr(0, 200),
                       "”的体裁不是“回应”，请选择体裁为回应的信息")}});
  const std::vector<Obligation> owed = ObligationsOf(before.concern.kind);
  Obligation obligation = owed.front();
  const std::string named = Trim(in.obligation);
  if (named.empty()) {
    // The first obligation not yet met.
    for (const ObligationStatus& s : before.statuses) {
      if (!s.met_at) {
        obligation = s.obligation;
        break;
      }
    }
  } else {
    std::optional<Obligation> o = ParseObligation(named);
    if (!o || std::find(owed.begin(), owed.end(), *o) == owed.end()) {
      std::string allowed;
      for (Obligation x : owed)
        absl::StrAppend(&allowed, allowed.empty() ? "" : "、",
                        ObligationName(x), "（", ObligationLabel(x), "）");
      return InvalidFields(
          "回应信息有误",
          {{"obligation", absl::StrCat(KindLabel(before.concern.kind),
                                       "的回应事项应为 ", allowed)}});
    }
    obligation = *o;
  }
  const std::string now = FormatTimestamp(clock_.Now());
  ZWGK_RETURN_IF_ERROR(db_.Transaction([&](db::Tx& tx) -> absl::Status {
    ZWGK_ASSIGN_OR_RETURN(Concern c, Visible(tx, actor, id));
    ZWGK_ASSIGN_OR_RETURN(bool exists,
                          store::ResponseExists(tx, c.id, rec->id, obligation));
    if (exists)
      return absl::AlreadyExistsError(
          absl::StrCat("该信息已关联为“", ObligationLabel(obligation), "”"));
    const Response r{.record_id = rec->id,
                     .obligation = obligation,
                     .linked_by = actor.name,
                     .linked_at = now};
    ZWGK_RETURN_IF_ERROR(store::InsertResponse(tx, c.id, r).status());
    return audit::Record(
        tx, clock_, actor,
        {.action = "concern.respond",
         .entity = "concern",
         .entity_id = absl::StrCat(c.id),
         .after = {{"record_id", rec->id},
                   {"obligation", std::string(ObligationName(obligation))},
                   {"record_published", publishing::IsPublic(*rec)}}});
  }));
  return Get(actor, id);
}

absl::StatusOr<std::vector<publishing::Record>> Service::Candidates(
    const Actor& actor, int64_t unit_id) {
  ZWGK_RETURN_IF_ERROR(RequireStaff(actor));
  publishing::ListQuery q;
  q.genre = std::string(kResponseGenre);
  q.unit_id = unit_id;
  q.per_page = 50;
  ZWGK_ASSIGN_OR_RETURN(publishing::RecordPage page,
                        publishing_.ListForStaff(actor, q));
  return std::move(page.records);
}

absl::StatusOr<Hours> Service::GetHours() {
  return db_.InTransaction<Hours>(
      [&](db::Tx& tx) { return store::GetHours(tx); });
}

absl::Status Service::SaveHours(const Actor& actor, const Hours& h) {
  if (!IsAdmin(actor))
    return absl::PermissionDeniedError("只有县政务公开办可以设置回应时限");
  Validator v;
  for (Obligation o : {Obligation::kFirstInformation,
                       Obligation::kPressConference, Obligation::kResponse}) {
    if (h.For(o) < 1 || h.For(o) > kMaxHours)
      v.Add(
          std::string(ObligationName(o)),
          absl::StrCat(ObligationLabel(o), "的时限应为1至", kMaxHours, "小时"));
  }
  if (v.ok() && h.first_information > h.press_conference)
    v.Add("press_conference", "召开新闻发布会的时限不能短于发布权威信息的时限");
  ZWGK_RETURN_IF_ERROR(v.ToStatus("回应时限有误"));
  const std::string now = FormatTimestamp(clock_.Now());
  return db_.Transaction([&](db::Tx& tx) -> absl::Status {
    ZWGK_ASSIGN_OR_RETURN(Hours old, store::GetHours(tx));
    ZWGK_RETURN_IF_ERROR(store::SaveHours(tx, h, actor.name, now));
    auto json = [](const Hours& x) {
      return nlohmann::json{{"first_information", x.first_information},
                            {"press_conference", x.press_conference},
                            {"response", x.response}};
    };
    return audit::Record(tx, clock_, actor,
                         {.action = "concern.hours",
                          .entity = "concern_hours",
                          .entity_id = "all",
                          .before = json(old),
                          .after = json(h)});
  });
}

// ---------------------------------------------------------------------------
// The public.

absl::StatusOr<std::vector<PublicConcern>> Service::ListPublic(int limit) {
  limit = std::clamp(limit, 1, 500);
  ZWGK_ASSIGN_OR_RETURN(std::vector<Concern> rows,
                        Load({.with_responses_only = true, .limit = 5000}));
  const absl::Time now = clock_.Now();
  std::vector<PublicConcern> out;
  for (const Concern& c : rows) {
    PublicConcern p{.id = c.id,
                    .title = c.title,
                    .unit_name = c.unit_name,
                    .source = c.source,
                    .kind = c.kind,
                    .seen_at = c.seen_at};
    for (const Response& r : c.responses) {
      if (!r.record_public || !r.published_at || *r.published_at > now)
        continue;
      p.responses.push_back({.record_id = r.record_id,
                             .title = r.record_title,
                             .obligation = r.obligation,
                             .published_at = *r.published_at});
    }
    if (p.responses.empty()) continue;
    std::sort(p.responses.begin(), p.responses.end(),
              [](const PublicResponse& a, const PublicResponse& b) {
                return a.published_at < b.published_at;
              });
    p.responded_at = p.responses.front().published_at;
    p.on_time = true;
    for (const ObligationStatus& s : Statuses(c, now))
      p.on_time = p.on_time && s.timeliness == Timeliness::kOnTime;
    out.push_back(std::move(p));
    if (out.size() >= static_cast<size_t>(limit)) break;
  }
  return out;
}

// ---------------------------------------------------------------------------
// The dashboard and the 年报.

absl::StatusOr<std::vector<LateObligation>> Service::Late(
    absl::CivilDay as_of, std::optional<int64_t> unit_id) {
  const absl::Time end = EndOf(as_of);
  const absl::Time year_start = YearStart(static_cast<int>(as_of.year()));
  // Open ones may have been seen in an earlier year; met-late ones count in
  // the year they were met.
  ZWGK_ASSIGN_OR_RETURN(
      std::vector<Concern> rows,
      Load({.unit_id = unit_id, .seen_before = end, .limit = 100000}));
  std::vector<LateObligation> out;
  for (const Concern& c : rows) {
    for (const ObligationStatus& s : Statuses(c, end)) {
      const bool overdue = s.timeliness == Timeliness::kOverdue;
      const bool late = s.timeliness == Timeliness::kLate && s.met_at &&
                        *s.met_at >= year_start;
      if (!overdue && !late) continue;
      out.push_back({.concern_id = c.id,
                     .unit_id = c.unit_id,
                     .title = c.title,
                     .obligation = s.obligation,
                     .due_at = s.due_at,
                     .met_at = overdue ? std::nullopt : s.met_at});
    }
  }
  std::sort(out.begin(), out.end(),
            [](const LateObligation& a, const LateObligation& b) {
              if (a.unit_id != b.unit_id) return a.unit_id < b.unit_id;
              if (a.due_at != b.due_at) return a.due_at < b.due_at;
              return a.concern_id < b.concern_id;
            });
  return out;
}

absl::StatusOr<YearCounts> Service::CountsForYear(
    int year, std::optional<int64_t> unit_id) {
  if (year < 2000 || year > 2100)
    return InvalidFields("年份有误", {{"year", "年份应在2000–2100之间"}});
  ZWGK_ASSIGN_OR_RETURN(std::vector<Concern> rows,
                        Load({.unit_id = unit_id,
                              .seen_from = YearStart(year),
                              .seen_before = YearStart(year + 1),
                              .limit = 100000}));
  const absl::Time now = clock_.Now();
  YearCounts out;
  for (const Concern& c : rows) {
    ++out.concerns;
    bool on_time = true;
    for (const ObligationStatus& s : Statuses(c, now)) {
      on_time = on_time && s.timeliness == Timeliness::kOnTime;
      if (s.obligation == Obligation::kPressConference && s.met_at)
        ++out.press_conferences;
    }
    if (on_time) ++out.answered_on_time;
  }
  return out;
}

}  // namespace zwgk::concerns
