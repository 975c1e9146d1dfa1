#include "publishing/service.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "calendar/calendar.h"
#include "calendar/statutory_clock.h"
#include "catalog/time_limit.h"
#include "content/accessibility.h"
#include "content/body.h"
#include "content/filetype.h"
#include "content/sanitize.h"
#include "core/audit.h"
#include "core/resources.h"
#include "core/status.h"
#include "core/text.h"
#include "core/web.h"
#include "core/withholding.h"
#include "nlohmann/json.hpp"
#include "publishing/index_number.h"

namespace zwgk::publishing {
namespace {

constexpr int kMaxTitleChars = 200;
constexpr int kMaxKeywords = 10;

bool IsEditorRole(const Actor& a) {
  return IsAdmin(a) || a.role == Role::kUnitEditor || a.role == Role::kClerk;
}
bool IsReviewerRole(const Actor& a) {
  return IsAdmin(a) || a.role == Role::kUnitReviewer;
}

calendar::Period ToCalendar(const StoredPeriod& p) {
  if (p.kind == "calendar_days") return calendar::Period::CalendarDays(p.days);
  if (p.kind == "realtime") return calendar::Period::Realtime();
  if (p.kind == "timely") return calendar::Period::Timely(p.days);
  return calendar::Period::WorkingDays(p.days);
}

// The catalog item's 公开时限 as a stored clock period. Unparsed text and
// 及时 fall back to the default 20 working days (Art 26), flagged in the
// label.
std::pair<StoredPeriod, std::string> FromCatalog(const catalog::Period& p) {
  switch (p.kind) {
    case catalog::PeriodKind::kWorkingDays:
      return {{"working_days", p.days}, catalog::PeriodLabel(p)};
    case catalog::PeriodKind::kCalendarDays:
      return {{"calendar_days", p.days}, catalog::PeriodLabel(p)};
    case catalog::PeriodKind::kRealtime:
      return {{"realtime", 0}, "实时"};
    case catalog::PeriodKind::kTimely:
      return {{"working_days", 20}, "及时（最迟20个工作日）"};
    case catalog::PeriodKind::kUnparsed:
      break;
  }
  return {{"working_days", 20}, "20个工作日（默认）"};
}

std::vector<std::string> SplitKeywords(absl::string_view text) {
  std::string s(text);
  for (absl::string_view sep : {"，", "、", "；", "　"})
    s = absl::StrReplaceAll(s, {{sep, " "}});
  std::vector<std::string> out;
  for (absl::string_view k :
       absl::StrSplit(s, absl::ByAnyChar(" ,;\t\n"), absl::SkipEmpty())) {
    if (std::find(out.begin(), out.end(), k) == out.end()) out.emplace_back(k);
  }
  return out;
}

nlohmann::json AuditJson(const Record& r) {
  nlohmann::json j = {{"title", r.title},
                      {"status", StatusName(r.status)},
                      {"disclosure", DisclosureName(r.disclosure)},
                      {"validity", ValidityName(r.validity)},
                      {"doc_class", DocClassLabel(r.doc_class)},
                      {"version", r.version},
                      {"publish_by", r.publish_by}};
  if (!r.index_number.empty()) j["index_number"] = r.index_number;
  if (r.pending_change) j["pending_status"] = StatusName(r.pending_status);
  if (!r.review_outcome.empty()) j["review_outcome"] = r.review_outcome;
  if (!r.registration_number.empty())
    j["registration_number"] = r.registration_number;
  if (!r.valid_until.empty()) j["valid_until"] = r.valid_until;
  // The dates the public sees (issue 20): any change to them is audited with
  // before and after, e.g. a correction's new 发布日期 / 更新日期.
  for (const auto& [key, value] :
       {std::pair<const char*, const std::string*>{"published_on",
                                                   &r.published_on},
        {"published_at", &r.published_at},
        {"first_published_on", &r.first_published_on},
        {"changed_on", &r.changed_on}}) {
    if (!value->empty()) j[key] = *value;
  }
  return j;
}

// The status the workflow acts on: a published record's pending change, or
// the record itself.
Status WorkflowStatus(const Record& r) {
  return r.pending_change ? r.pending_status : r.status;
}
void SetWorkflowStatus(Record& r, Status s) {
  if (r.pending_change)
    r.pending_status = s;
  else
    r.status = s;
}

// The fields of a pending change (resolved) written over the record.
void ApplyChange(const Record& f, Record& r) {
  r.title = f.title;
  r.domain_id = f.domain_id;
  r.domain_name = f.domain_name;
  r.catalog_item_id = f.catalog_item_id;
  r.item_level1 = f.item_level1;
  r.item_level2 = f.item_level2;
  r.period_label = f.period_label;
  r.doc_number = f.doc_number;
  r.topic = f.topic;
  r.subtopic = f.subtopic;
  r.genre = f.genre;
  r.doc_class = f.doc_class;
  r.registration_number = f.registration_number;
  r.valid_until = f.valid_until;
  r.keywords = f.keywords;
  r.body_html = f.body_html;
  r.formed_on = f.formed_on;
  r.changed_on = f.changed_on;
}

absl::Status Illegal(const Record& r, absl::string_view action) {
  return absl::FailedPreconditionError(
      absl::StrCat("信息当前为“", std::string(StatusLabel(WorkflowStatus(r))),
                   "”，不能", action));
}

// 替代, 修改 and 附件 state something about the other record and show on its
// page: only its unit (or the county office) records them.
absl::Status ForeignMark(const Record& other, RelationKind kind) {
  return absl::PermissionDeniedError(
      absl::StrCat("“", other.title, "”由", other.unit_name, "发布，“",
                   std::string(RelationLabel(kind)), "”关系须由",
                   other.unit_name, "或县政务公开办登记"));
}

// 公文类别 with its 登记号 and 有效期 into `r`. A 登记号 belongs to a
// 行政规范性文件 only; an 有效期 to a 规章 or 规范性文件 (其他 has none).
void ResolveDocClass(const RecordInput& in, Record& r, Validator& v) {
  std::string name(absl::StripAsciiWhitespace(in.doc_class));
  std::optional<DocClass> c =
      name.empty() ? std::optional(DocClass::kOther) : ParseDocClass(name);
  if (!c) {
    v.Add("doc_class", "文件类别应为规章、行政规范性文件或其他");
    return;
  }
  r.doc_class = *c;
  r.registration_number =
      std::string(absl::StripAsciiWhitespace(in.registration_number));
  if (!r.registration_number.empty() && *c != DocClass::kNormative)
    v.Add("registration_number", "只有行政规范性文件填写登记号");
  else if (Utf8Length(r.registration_number) > kMaxRegistrationNumberChars)
    v.Add("registration_number",
          absl::StrCat("登记号不能超过", kMaxRegistrationNumberChars, "个字"));
  std::string until(absl::StripAsciiWhitespace(in.valid_until));
  if (until.empty()) return;
  if (*c == DocClass::kOther) {
    v.Add("valid_until", "只有规章和行政规范性文件填写有效期");
    return;
  }
  if (until == kValidLongTerm) {
    r.valid_until = until;
    return;
  }
  std::optional<absl::CivilDay> day = ParseDay(until);
  if (!day || day->year() < 1949 || day->year() > 2200)
    v.Add("valid_until", "有效期应为截止日期（YYYY-MM-DD）或“长期”");
  else if (!r.formed_on.empty() && calendar::FormatDate(*day) < r.formed_on)
    v.Add("valid_until", "有效期不能早于成文日期");
  else
    r.valid_until = calendar::FormatDate(*day);
}

// 政策解读 三同步: a policy goes out with its interpretation related to it
// (drafted and reviewed with it), or with the reviewer's reason for none,
// stored and audited (`extra`). A reason given before stands.
absl::Status CheckInterpretation(
    db::Tx& tx, const Actor& actor, const Record& r, const std::string& waiver,
    const std::string& now,
    std::vector<std::pair<std::string, std::string>>& extra) {
  bool needs = r.doc_class == DocClass::kNormative;
  if (!needs) {
    ZWGK_ASSIGN_OR_RETURN(std::vector<std::string> marked,
                          store::InterpretedGenres(tx));
    needs = std::find(marked.begin(), marked.end(), r.genre) != marked.end();
  }
  if (!needs) return absl::OkStatus();
  ZWGK_ASSIGN_OR_RETURN(bool interpreted, store::HasInterpretation(tx, r.id));
  if (interpreted) return absl::OkStatus();
  if (!waiver.empty()) {
    extra.push_back({"interpretation_waiver", waiver});
    return store::SetWaiver(tx, r.id,
                            {.reason = waiver, .by = actor.name, .at = now});
  }
  ZWGK_ASSIGN_OR_RETURN(std::optional<store::Waiver> before,
                        store::GetWaiver(tx, r.id));
  if (before) return absl::OkStatus();
  const std::string what = r.doc_class == DocClass::kNormative
                               ? std::string("行政规范性文件")
                               : absl::StrCat("体裁为“", r.genre, "”的信息");
  const std::string msg = absl::StrCat(
      "“", r.title, "”是", what,
      "，缺少政策解读：请先起草体裁为“解读”的信息并关联“解读”本文件，"
      "或写明不作解读的理由");
  return InvalidFields(msg, {{"interpretation_waiver", msg}});
}

}  // namespace

std::string BodyText(absl::string_view body_html) {
  return content::HtmlToText(body_html);
}

DueInfo ComputeDue(const Record& r, const calendar::Calendar& cal,
                   absl::CivilDay today, int due_soon_within) {
  if (r.disclosure != Disclosure::kActive) return {};
  bool open = r.status == Status::kDraft || r.status == Status::kSubmitted ||
              r.status == Status::kReviewed ||
              (r.status == Status::kPublished && r.pending_change);
  if (r.status == Status::kPublished && !open) {
    if (r.days_late && *r.days_late > 0)
      return {.state = DueState::kLate, .days = *r.days_late};
    return {.state = DueState::kOnTime};
  }
  std::optional<absl::CivilDay> due = ParseDay(r.publish_by);
  if (!open || !due) return {};
  if (*due < today) {
    int64_t late = cal.CountWorkdays(*due + 1, today);
    if (late > 0) return {.state = DueState::kOverdue, .days = late};
    return {.state = DueState::kDueSoon};  // only rest days since
  }
  int64_t left = *due == today ? 0 : cal.CountWorkdays(today + 1, *due);
  return {.state = left <= std::max(1, due_soon_within) ? DueState::kDueSoon
                                                        : DueState::kRunning,
          .days = left};
}

bool MayPublish(const Actor& actor, const Record& r) {
  return IsReviewerRole(actor) && ActsForUnit(actor, r.unit_id);
}

bool MayReview(const Actor& actor, const Record& r) {
  if (!IsReviewerRole(actor) || !ActsForUnit(actor, r.unit_id)) return false;
  if (IsAdmin(actor)) return true;
  return actor.name != r.created_by && actor.name != r.drafted_by &&
         actor.name != r.submitted_by;
}

Service::Service(db::Database& db, const Clock& clock, org::Service& org,
                 catalog::Service& catalog, calendar::Service& calendar,
                 ServiceOptions options)
    : db_(db),
      clock_(clock),
      org_(org),
      catalog_(catalog),
      calendar_(calendar),
      options_(std::move(options)),
      blobs_((std::filesystem::path(options_.data_dir) / "blobs").string()),
      topics_(TopicRegistry::Embedded()) {}

absl::Status Service::Seed() {
  std::optional<absl::string_view> genres =
      resources::Find("src/publishing/data/genres.json");
  nlohmann::json j = genres
                         ? nlohmann::json::parse(genres->begin(), genres->end(),
                                                 nullptr, false)
                         : nlohmann::json();
  return db_.Transaction([&](db::Tx& tx) -> absl::Status {
    ZWGK_ASSIGN_OR_RETURN(std::vector<std::string> known, store::Genres(tx));
    if (known.empty() && j.is_object()) {
      for (const auto& g : j.value("genres", nlohmann::json::array()))
        ZWGK_RETURN_IF_ERROR(store::AddGenre(tx, g.get<std::string>()));
    }
    for (const resources::Entry& e :
         resources::Under("src/publishing/data/pages/")) {
      std::string slug(e.path.substr(e.path.rfind('/') + 1));
      slug = slug.substr(0, slug.find('.'));
      ZWGK_ASSIGN_OR_RETURN(std::optional<PortalPage> page,
                            store::Page(tx, slug));
      if (page) continue;
      // The first line is the title (an HTML comment keeps it out of view).
      absl::string_view data = e.data;
      size_t nl = data.find('\n');
      std::string title(absl::StripAsciiWhitespace(data.substr(0, nl)));
      title = absl::StrReplaceAll(title, {{"<!--", ""}, {"-->", ""}});
      ZWGK_RETURN_IF_ERROR(store::SavePage(
          tx, {.slug = slug,
               .title = std::string(absl::StripAsciiWhitespace(title)),
               .body_html = content::SanitizeHtml(data.substr(nl + 1)).html,
               .updated_at = FormatTimestamp(clock_.Now()),
               .updated_by = "system"}));
    }
    return absl::OkStatus();
  });
}

std::string Service::OrgCode(const org::Unit& unit) const {
  if (!unit.credit_code.empty()) return unit.credit_code;
  // No 统一社会信用代码 recorded yet: the county's region code and the
  // unit's number, stable and unique within the installation.
  return absl::StrFormat("%s-%03d", options_.region_code, unit.id);
}

absl::StatusOr<std::string> Service::ComputePublishBy(
    const calendar::Calendar& cal, const StoredPeriod& p,
    absl::string_view start) {
  std::optional<absl::CivilDay> day = ParseDay(start);
  if (!day) return absl::InvalidArgumentError("日期格式应为 YYYY-MM-DD");
  calendar::ClockEvent ev = calendar::ClockEvent::Start(*day);
  ZWGK_ASSIGN_OR_RETURN(
      calendar::ClockResult r,
      calendar::ComputeClock(cal, ToCalendar(p), {&ev, 1}, {.trace = false}));
  if (r.due) return calendar::FormatDate(*r.due);
  if (r.flag_date) return calendar::FormatDate(*r.flag_date);
  return std::string(start);
}

absl::StatusOr<Service::Resolved> Service::Resolve(const RecordInput& in,
                                                   bool is_change) {
  Validator v;
  Resolved out;
  Record& r = out.fields;
  r.title = std::string(absl::StripAsciiWhitespace(in.title));
  if (r.title.empty())
    v.Add("title", "请填写标题");
  else if (Utf8Length(r.title) > kMaxTitleChars)
    v.Add("title", absl::StrCat("标题不能超过", kMaxTitleChars, "个字"));

  absl::StatusOr<org::Unit> unit = org_.ResolveUnit(in.unit);
  if (in.unit.empty()) {
    v.Add("unit", "请选择发布机构");
  } else if (!unit.ok()) {
    v.Add("unit", absl::StrCat("没有名为“", in.unit, "”的单位"));
  } else if (unit->retired) {
    v.Add("unit", absl::StrCat("“", unit->name, "”已撤销"));
  } else {
    r.unit_id = unit->id;
    r.unit_name = unit->name;
  }

  std::optional<catalog::CatalogItem> item;
  if (in.catalog_item_id) {
    auto got = catalog_.GetItem(*in.catalog_item_id);
    if (!got.ok()) {
      v.Add("catalog_item_id",
            absl::StrCat("目录事项 ", *in.catalog_item_id, " 不存在"));
    } else {
      item = got->second;
      r.domain_id = got->first.domain_id;
      r.catalog_item_id = got->second.id;
      r.item_level1 = got->second.level1;
      r.item_level2 = got->second.level2;
    }
  }
  if (!in.domain.empty()) {
    absl::StatusOr<org::Domain> d = org_.ResolveDomain(in.domain);
    if (!d.ok()) {
      v.Add("domain", absl::StrCat("没有名为“", in.domain, "”的试点领域"));
    } else if (r.domain_id && *r.domain_id != d->id) {
      v.Add("catalog_item_id", "目录事项不属于所选领域");
    } else {
      r.domain_id = d->id;
      r.domain_name = d->name;
    }
  }
  std::tie(out.period, r.period_label) =
      item ? FromCatalog(item->time_limit.period)
           : std::pair<StoredPeriod, std::string>{{"working_days", 20},
                                                  "20个工作日（默认）"};

  absl::CivilDay today = Today(clock_);
  std::optional<absl::CivilDay> formed = ParseDay(in.formed_on);
  if (in.formed_on.empty())
    v.Add("formed_on", "请填写成文日期");
  else if (!formed)
    v.Add("formed_on", "成文日期格式应为 YYYY-MM-DD");
  else if (*formed > today)
    v.Add("formed_on", "成文日期不能晚于今天");
  else
    r.formed_on = calendar::FormatDate(*formed);
  if (!in.changed_on.empty() || is_change) {
    std::optional<absl::CivilDay> changed =
        in.changed_on.empty() ? std::optional(today) : ParseDay(in.changed_on);
    if (!changed)
      v.Add("changed_on", "变更日期格式应为 YYYY-MM-DD");
    else if (*changed > today)
      v.Add("changed_on", "变更日期不能晚于今天");
    else if (formed && *changed < *formed)
      v.Add("changed_on", "变更日期不能早于成文日期");
    else
      r.changed_on = calendar::FormatDate(*changed);
  }

  absl::StatusOr<TopicChoice> topic = topics_.Resolve(in.topic);
  if (!topic.ok())
    v.Add("topic", std::string(topic.status().message()));
  else
    r.topic = topic->topic, r.subtopic = topic->subtopic;

  ZWGK_ASSIGN_OR_RETURN(std::vector<std::string> genres, Genres());
  std::string genre(absl::StripAsciiWhitespace(in.genre));
  if (genre.empty())
    v.Add("genre", "请选择体裁");
  else if (std::find(genres.begin(), genres.end(), genre) == genres.end())
    v.Add("genre", absl::StrCat("“", genre, "”不是已设置的体裁"));
  else
    r.genre = genre;

  r.doc_number = std::string(absl::StripAsciiWhitespace(in.doc_number));
  if (Utf8Length(r.doc_number) > 60) v.Add("doc_number", "文号过长");

  ResolveDocClass(in, r, v);

  std::optional<Disclosure> disclosure =
      ParseDisclosure(in.disclosure.empty() ? "active" : in.disclosure);
  if (!disclosure) {
    v.Add("disclosure", "公开属性应为主动公开、依申请公开或不予公开");
  } else {
    r.disclosure = *disclosure;
    if (*disclosure != Disclosure::kActive) {
      // Former codes are accepted and stored as the current one.
      const WithholdingGround* g = FindWithholdingGround(in.withheld_ground);
      if (!g)
        v.Add("withheld_ground",
              "依申请公开或不予公开须选择依据（条例第十四至十六条）");
      else
        r.withheld_ground = std::string(g->code);
    }
  }

  r.keywords = SplitKeywords(in.keywords);
  if (r.keywords.size() > kMaxKeywords)
    v.Add("keywords", absl::StrCat("关键词最多", kMaxKeywords, "个"));
  for (const std::string& k : r.keywords) {
    if (Utf8Length(k) > 20)
      v.Add("keywords", absl::StrCat("关键词“", k, "”过长"));
  }

  r.body_html = content::PrepareBody(in.body_html).html;
  if (absl::StripAsciiWhitespace(content::HtmlToText(r.body_html)).empty())
    v.Add("body_html", "请填写正文");
  else if (std::string alt = content::ImageAltProblem(r.body_html);
           !alt.empty())
    v.Add("body_html", std::move(alt));

  ZWGK_RETURN_IF_ERROR(v.ToStatus("信息填写有误"));
  std::shared_ptr<const calendar::Calendar> cal = calendar_.calendar();
  ZWGK_ASSIGN_OR_RETURN(
      r.publish_by,
      ComputePublishBy(*cal, out.period,
                       r.changed_on.empty() ? r.formed_on : r.changed_on));
  return out;
}

absl::StatusOr<Record> Service::Write(
    const std::function<absl::StatusOr<Record>(db::Tx&)>& fn) {
  ZWGK_ASSIGN_OR_RETURN(
      Record r,
      db_.InTransaction<Record>([&](db::Tx& tx) -> absl::StatusOr<Record> {
        ZWGK_ASSIGN_OR_RETURN(Record rec, fn(tx));
        for (const auto& l : change_listeners_)
          ZWGK_RETURN_IF_ERROR(l(tx, rec.id));
        return rec;
      }));
  for (const auto& l : commit_listeners_) l(r.id);
  return r;
}

absl::StatusOr<Record> Service::Load(db::Tx& tx, int64_t id) {
  ZWGK_ASSIGN_OR_RETURN(Record r, store::Load(tx, id));
  ZWGK_RETURN_IF_ERROR(AddNames(tx, absl::MakeSpan(&r, 1)));
  return r;
}

absl::Status Service::AddNames(db::Tx& tx, absl::Span<Record> records) const {
  std::set<int64_t> unit_ids, domain_ids;
  for (const Record& r : records) {
    unit_ids.insert(r.unit_id);
    if (r.domain_id) domain_ids.insert(*r.domain_id);
  }
  // A few rows by key for one record; the whole (small) table for a list.
  constexpr size_t kByKey = 3;
  std::map<int64_t, std::string> units, domains;
  if (unit_ids.size() <= kByKey) {
    for (int64_t id : unit_ids) {
      absl::StatusOr<org::Unit> u = org_.GetUnit(tx, id);
      if (!u.ok() && !absl::IsNotFound(u.status())) return u.status();
      if (u.ok()) units[id] = u->name;
    }
  } else {
    ZWGK_ASSIGN_OR_RETURN(std::vector<org::Unit> all,
                          org_.ListUnits(tx, {.include_retired = true}));
    for (const org::Unit& u : all) units[u.id] = u.name;
  }
  if (domain_ids.size() <= kByKey) {
    for (int64_t id : domain_ids) {
      absl::StatusOr<org::Domain> d = org_.GetDomain(tx, id);
      if (!d.ok() && !absl::IsNotFound(d.status())) return d.status();
      if (d.ok()) domains[id] = d->name;
    }
  } else {
    ZWGK_ASSIGN_OR_RETURN(std::vector<org::Domain> all,
                          org_.ListDomains(tx, {.include_retired = true}));
    for (const org::Domain& d : all) domains[d.id] = d.name;
  }
  for (Record& r : records) {
    r.unit_name = units[r.unit_id];
    r.domain_name = r.domain_id ? domains[*r.domain_id] : "";
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Record>> Service::Named(
    db::Tx& tx, absl::StatusOr<std::vector<Record>> records) const {
  if (!records.ok()) return records.status();
  ZWGK_RETURN_IF_ERROR(AddNames(tx, absl::MakeSpan(*records)));
  return records;
}

absl::StatusOr<Record> Service::LinkTarget(db::Tx& tx, const Actor& actor,
                                           int64_t id) {
  absl::StatusOr<Record> r = Load(tx, id);
  if (r.ok() && (IsPublic(*r) || ActsForUnit(actor, r->unit_id))) return r;
  if (!r.ok() && !absl::IsNotFound(r.status())) return r.status();
  return absl::NotFoundError(absl::StrCat("编号为", id, "的信息不存在"));
}

absl::StatusOr<Record> Service::Create(const Actor& actor,
                                       const RecordInput& in) {
  return Create(actor, in, AlsoInWrite());
}

absl::StatusOr<Record> Service::Create(const Actor& actor,
                                       const RecordInput& in,
                                       const AlsoInWrite& also) {
  ZWGK_ASSIGN_OR_RETURN(Resolved res, Resolve(in, /*is_change=*/false));
  if (!IsEditorRole(actor) || !ActsForUnit(actor, res.fields.unit_id))
    return absl::PermissionDeniedError(
        absl::StrCat("您不能以“", res.fields.unit_name, "”的名义起草信息"));
  return Write([&](db::Tx& tx) -> absl::StatusOr<Record> {
    Record r = res.fields;
    r.status = Status::kDraft;
    r.created_at = r.updated_at = FormatTimestamp(clock_.Now());
    r.created_by = r.drafted_by = actor.name;
    ZWGK_ASSIGN_OR_RETURN(r.id, store::Insert(tx, r, res.period));
    ZWGK_RETURN_IF_ERROR(
        audit::Record(tx, clock_, actor,
                      {"record.create", "record", absl::StrCat(r.id), nullptr,
                       AuditJson(r)}));
    ZWGK_ASSIGN_OR_RETURN(Record created, Load(tx, r.id));
    if (also) ZWGK_RETURN_IF_ERROR(also(tx, Record{}, created));
    return created;
  });
}

absl::StatusOr<Record> Service::ChangeDisclosure(const Actor& actor, int64_t id,
                                                 const DisclosureInput& in,
                                                 const AlsoInWrite& also) {
  Validator v;
  std::optional<Disclosure> disclosure = ParseDisclosure(in.disclosure);
  std::string ground;
  if (!disclosure) {
    v.Add("disclosure", "公开属性应为主动公开、依申请公开或不予公开");
  } else if (*disclosure != Disclosure::kActive) {
    const WithholdingGround* g = FindWithholdingGround(in.withheld_ground);
    if (g == nullptr)
      v.Add("withheld_ground",
            "依申请公开或不予公开须选择依据（条例第十四至十六条）");
    else
      ground = std::string(g->code);
  }
  const std::string reason(absl::StripAsciiWhitespace(in.reason));
  if (reason.empty())
    v.Add("reason", "变更公开属性须说明理由");
  else if (Utf8Length(reason) > 500)
    v.Add("reason", "理由不能超过500字");
  ZWGK_RETURN_IF_ERROR(v.ToStatus("公开属性变更有误"));
  AuditExtra extra = {{"reason", reason}, {"withheld_ground", ground}};
  return Transition(
      actor, id, "record.disclosure",
      [&](db::Tx& tx, Record& r) -> absl::Status {
        if (!IsEditorRole(actor) && !IsReviewerRole(actor))
          return absl::NotFoundError("信息不存在");
        if (r.status == Status::kPublished)
          return absl::FailedPreconditionError(
              "已发布信息的公开属性不能更改，请先撤回");
        if (r.disclosure == *disclosure && r.withheld_ground == ground)
          return InvalidFields("公开属性未改变",
                               {{"disclosure", "所选公开属性与现在相同"}});
        const Record before = r;
        r.disclosure = *disclosure;
        r.withheld_ground = ground;
        // What review approved no longer holds: reviewed again, and not by
        // the one who changed it (four eyes).
        if (r.status == Status::kSubmitted || r.status == Status::kReviewed) {
          r.status = Status::kDraft;
          r.review_outcome.clear();
        }
        r.drafted_by = actor.name;
        if (also) ZWGK_RETURN_IF_ERROR(also(tx, before, r));
        return absl::OkStatus();
      },
      &extra);
}

absl::StatusOr<Record> Service::Transition(
    const Actor& actor, int64_t id, absl::string_view action,
    const std::function<absl::Status(db::Tx&, Record&)>& act,
    const AuditExtra* audit_extra) {
  return Write([&](db::Tx& tx) -> absl::StatusOr<Record> {
    ZWGK_ASSIGN_OR_RETURN(Record r, Load(tx, id));
    // Staff of other units do not learn that the record exists.
    if (!IsStaff(actor.role) || !ActsForUnit(actor, r.unit_id))
      return absl::NotFoundError("信息不存在");
    nlohmann::json before = AuditJson(r);
    ZWGK_RETURN_IF_ERROR(act(tx, r));
    r.updated_at = FormatTimestamp(clock_.Now());
    ZWGK_RETURN_IF_ERROR(store::Save(tx, r));
    nlohmann::json after = AuditJson(r);
    if (audit_extra)
      for (const auto& [k, v] : *audit_extra) after[k] = v;
    ZWGK_RETURN_IF_ERROR(audit::Record(
        tx, clock_, actor,
        {std::string(action), "record", absl::StrCat(id), before, after}));
    return Load(tx, id);
  });
}

absl::StatusOr<Record> Service::Update(const Actor& actor, int64_t id,
                                       const RecordInput& in) {
  ZWGK_ASSIGN_OR_RETURN(Record current, Get(id));
  if (!IsStaff(actor.role) || !ActsForUnit(actor, current.unit_id))
    return absl::NotFoundError("信息不存在");
  if (!IsEditorRole(actor))
    return absl::PermissionDeniedError("只有编辑人员可以修改信息");
  bool is_change = current.status == Status::kPublished;
  ZWGK_ASSIGN_OR_RETURN(Resolved res, Resolve(in, is_change));
  if (!ActsForUnit(actor, res.fields.unit_id))
    return absl::PermissionDeniedError(
        absl::StrCat("您不能以“", res.fields.unit_name, "”的名义起草信息"));
  if (res.fields.unit_id != current.unit_id && current.version > 0)
    return InvalidFields("信息填写有误",
                         {{"unit", "已发布信息的发布机构不能更改"}});
  return Transition(actor, id, "record.update", [&](db::Tx& tx, Record& r) {
    if (r.status == Status::kPublished) {
      if (r.pending_change && r.pending_status != Status::kDraft)
        return Illegal(r, "修改（变更正在审查流程中）");
      if (res.fields.disclosure != r.disclosure)
        return InvalidFields(
            "信息填写有误",
            {{"disclosure", "已发布信息的公开属性不能更改，请先撤回"}});
      RecordInput pending = in;
      pending.changed_on = res.fields.changed_on;
      pending.body_html = res.fields.body_html;
      r.pending_change = pending;
      r.pending_status = Status::kDraft;
      r.drafted_by = actor.name;
      r.publish_by = res.fields.publish_by;
      r.period_label = res.fields.period_label;  // the change's obligation
      return store::SetPeriod(tx, r.id, res.period, res.fields.period_label,
                              r.publish_by);
    }
    if (r.status == Status::kSubmitted || r.status == Status::kReviewed)
      return Illegal(r, "修改（请先退回草稿）");
    Record f = res.fields;
    f.id = r.id;
    f.status = r.status == Status::kUnpublished ? Status::kDraft : r.status;
    f.version = r.version;
    f.index_number = r.index_number;
    f.published_on = r.published_on;
    f.published_at = r.published_at;
    f.first_published_on = r.first_published_on;
    f.days_late = r.days_late;
    f.validity = r.validity;
    f.validity_on = r.validity_on;
    f.replaced_by = r.replaced_by;
    f.created_at = r.created_at;
    f.created_by = r.created_by;
    f.drafted_by = actor.name;
    f.submitted_by = r.submitted_by;
    f.review_outcome = r.review_outcome;
    f.review_remarks = r.review_remarks;
    f.reviewed_by = r.reviewed_by;
    f.reviewed_at = r.reviewed_at;
    r = f;
    return store::SetPeriod(tx, r.id, res.period, r.period_label, r.publish_by);
  });
}

absl::StatusOr<Record> Service::Submit(const Actor& actor, int64_t id) {
  ZWGK_ASSIGN_OR_RETURN(Record current, Get(id));
  if (!IsStaff(actor.role) || !ActsForUnit(actor, current.unit_id))
    return absl::NotFoundError("信息不存在");
  // 保密审查: what the change (or the record) will publish, scanned before
  // the transaction.
  const RecordInput* change =
      current.pending_change ? &*current.pending_change : nullptr;
  PrivacyScan scan =
      ScanForPrivacy(current, change ? change->title : current.title,
                     change ? change->body_html : current.body_html);
  return Transition(actor, id, "record.submit", [&](db::Tx& tx, Record& r) {
    if (!IsEditorRole(actor))
      return absl::PermissionDeniedError("只有编辑人员可以提交审查");
    Status s = WorkflowStatus(r);
    if (s != Status::kDraft && s != Status::kUnpublished)
      return Illegal(r, "提交审查");
    SetWorkflowStatus(r, Status::kSubmitted);
    r.review_outcome.clear();
    r.submitted_by = actor.name;
    return StorePrivacy(tx, r.id, scan);
  });
}

absl::StatusOr<Record> Service::Review(const Actor& actor, int64_t id,
                                       const ReviewInput& in) {
  if (in.outcome != "approved" && in.outcome != "rejected")
    return InvalidFields("审查结果有误",
                         {{"outcome", "审查结果应为“通过”或“退回”"}});
  std::string remarks(absl::StripAsciiWhitespace(in.remarks));
  if (in.outcome == "rejected" && remarks.empty())
    return InvalidFields("审查结果有误", {{"remarks", "退回时请写明理由"}});
  // The comment shows in the audit entry of the review, approvals too.
  AuditExtra extra = {{"review_remarks", remarks}, {"reviewed_by", actor.name}};
  return Transition(
      actor, id, "record.review",
      [&](db::Tx& tx, Record& r) {
        if (!IsReviewerRole(actor))
          return absl::PermissionDeniedError("只有审核人员可以进行保密审查");
        if (WorkflowStatus(r) != Status::kSubmitted) return Illegal(r, "审查");
        // Four eyes: nobody reviews what they drafted or submitted.
        if (!MayReview(actor, r))
          return absl::PermissionDeniedError(
              "不能审查本人起草或提交的信息，请由本单位其他审核人员审查");
        bool of_change = r.pending_change.has_value();
        SetWorkflowStatus(
            r, in.outcome == "approved" ? Status::kReviewed : Status::kDraft);
        r.review_outcome = in.outcome;
        r.review_remarks = remarks;
        r.reviewed_by = actor.name;
        r.reviewed_at = FormatTimestamp(clock_.Now());
        return store::AddReview(tx, r.id,
                                {.outcome = in.outcome,
                                 .remarks = remarks,
                                 .reviewer = actor.name,
                                 .at = r.reviewed_at,
                                 .of_change = of_change});
      },
      &extra);
}

absl::StatusOr<Record> Service::Publish(const Actor& actor, int64_t id) {
  return Publish(actor, id, PublishInput{});
}

absl::StatusOr<Record> Service::Publish(const Actor& actor, int64_t id,
                                        const PublishInput& in) {
  const std::string waiver(
      absl::StripAsciiWhitespace(in.interpretation_waiver));
  if (Utf8Length(waiver) > 500)
    return InvalidFields("不解读理由过长", {{"interpretation_waiver",
                                             "不解读理由应在500字以内"}});
  AuditExtra extra;
  std::shared_ptr<const calendar::Calendar> cal = calendar_.calendar();
  ZWGK_ASSIGN_OR_RETURN(Record current, Get(id));
  std::optional<Resolved> change;
  if (current.pending_change) {
    // Re-resolved at publication so names, topic and genre are current.
    ZWGK_ASSIGN_OR_RETURN(change, Resolve(*current.pending_change, true));
  }
  ZWGK_ASSIGN_OR_RETURN(org::Unit unit, org_.GetUnit(current.unit_id));
  absl::CivilDay today = Today(clock_);
  // 保密审查 again, on what will be published (blobs read before the
  // transaction); a refusal keeps this scan for the page that shows it.
  PrivacyScan scan;
  if (IsStaff(actor.role) && ActsForUnit(actor, current.unit_id))
    scan =
        ScanForPrivacy(current, change ? change->fields.title : current.title,
                       change ? change->fields.body_html : current.body_html);
  bool privacy_refused = false;
  absl::StatusOr<Record> published = Transition(
      actor, id, "record.publish",
      [&](db::Tx& tx, Record& r) {
        if (!IsReviewerRole(actor))
          return absl::PermissionDeniedError("只有审核人员可以发布信息");
        if (WorkflowStatus(r) != Status::kReviewed)
          return Illegal(r, "发布（须先通过保密审查）");
        if (r.disclosure != Disclosure::kActive)
          return absl::FailedPreconditionError(absl::StrCat(
              "公开属性为“", std::string(DisclosureLabel(r.disclosure)),
              "”的信息不在门户发布"));
        ZWGK_RETURN_IF_ERROR(CheckPrivacy(tx, actor, r.id, scan,
                                          in.privacy_reasons, privacy_refused));
        std::string note = "首次发布";
        if (change) {
          ApplyChange(change->fields, r);
          note = r.pending_change->change_note.empty()
                     ? "内容变更"
                     : r.pending_change->change_note;
          r.pending_change.reset();
        } else if (r.version > 0) {
          note = "重新发布";
        }
        if (r.index_number.empty()) {
          ZWGK_ASSIGN_OR_RETURN(r.index_number,
                                NextIndexNumber(tx, unit.id, today));
        }
        ZWGK_RETURN_IF_ERROR(CheckInterpretation(
            tx, actor, r, waiver, FormatTimestamp(clock_.Now()), extra));
        r.status = Status::kPublished;
        r.version += 1;
        r.published_on = calendar::FormatDate(today);
        r.published_at = FormatTimestamp(clock_.Now());
        if (r.first_published_on.empty()) r.first_published_on = r.published_on;
        r.unpublish_reason.clear();
        std::optional<absl::CivilDay> due = ParseDay(r.publish_by);
        r.days_late.reset();
        if (due && today > *due) {
          int64_t late = cal->CountWorkdays(*due + 1, today);
          if (late > 0) r.days_late = static_cast<int>(late);
        }
        return store::AddVersion(tx, r.id,
                                 {.version = r.version,
                                  .published_at = r.published_at,
                                  .changed_on = r.changed_on,
                                  .title = r.title,
                                  .doc_number = r.doc_number,
                                  .body_html = r.body_html,
                                  .note = note});
      },
      &extra);
  if (privacy_refused) {
    absl::Status stored =
        db_.Transaction([&](db::Tx& tx) { return StorePrivacy(tx, id, scan); });
    if (!stored.ok()) return stored;
  }
  return published;
}

absl::StatusOr<std::string> Service::NextIndexNumber(db::Tx& tx,
                                                     int64_t unit_id,
                                                     absl::CivilDay on) {
  ZWGK_ASSIGN_OR_RETURN(std::optional<std::string> own,
                        store::IndexPattern(tx, unit_id));
  ZWGK_ASSIGN_OR_RETURN(
      IndexNumberPattern pattern,
      ParseIndexPattern(own.value_or(options_.default_index_pattern)));
  absl::StatusOr<org::Unit> unit = org_.GetUnit(tx, unit_id);
  if (absl::IsNotFound(unit.status())) return absl::NotFoundError("单位不存在");
  if (!unit.ok()) return unit.status();
  ZWGK_ASSIGN_OR_RETURN(
      int64_t serial, store::NextSerial(tx, unit_id, IndexPeriod(pattern, on)));
  return FormatIndexNumber(pattern, OrgCode(*unit), on, serial);
}

absl::StatusOr<Record> Service::Unpublish(const Actor& actor, int64_t id,
                                          absl::string_view reason) {
  std::string why(absl::StripAsciiWhitespace(reason));
  if (why.empty())
    return InvalidFields("请写明撤回理由", {{"reason", "请写明撤回理由"}});
  return Transition(actor, id, "record.unpublish", [&](db::Tx&, Record& r) {
    if (!IsReviewerRole(actor))
      return absl::PermissionDeniedError("只有审核人员可以撤回信息");
    if (r.status != Status::kPublished)
      return absl::FailedPreconditionError(absl::StrCat(
          "信息当前为“", std::string(StatusLabel(r.status)), "”，不能撤回"));
    r.status = Status::kUnpublished;
    r.unpublish_reason = why;
    r.pending_change.reset();
    return absl::OkStatus();
  });
}

absl::StatusOr<Record> Service::DiscardChange(const Actor& actor, int64_t id) {
  return Transition(
      actor, id, "record.discard_change", [&](db::Tx&, Record& r) {
        if (!r.pending_change)
          return absl::FailedPreconditionError("该信息没有待发布的变更");
        r.pending_change.reset();
        return absl::OkStatus();
      });
}

absl::StatusOr<Record> Service::SetValidity(const Actor& actor, int64_t id,
                                            const ValidityInput& in) {
  std::optional<Validity> validity = ParseValidity(in.validity);
  if (!validity)
    return InvalidFields("有效性有误",
                         {{"validity", "应为有效、已修改、已废止或已失效"}});
  std::optional<absl::CivilDay> on =
      in.on.empty() ? std::optional(Today(clock_)) : ParseDay(in.on);
  if (!on)
    return InvalidFields("日期有误", {{"on", "日期格式应为 YYYY-MM-DD"}});
  if (in.replaced_by && *in.replaced_by == id)
    return InvalidFields("替代文件有误", {{"replaced_by", "不能由自身替代"}});
  return Transition(actor, id, "record.validity", [&](db::Tx& tx, Record& r) {
    if (r.version == 0)
      return absl::FailedPreconditionError("尚未发布的信息没有有效性");
    if (r.formed_on > calendar::FormatDate(*on))
      return InvalidFields("日期有误", {{"on", "日期不能早于成文日期"}});
    if (in.replaced_by && r.replaced_by != in.replaced_by) {
      // The successor's page lists what it replaces, so another unit's
      // successor is named by that unit or the county office.
      ZWGK_ASSIGN_OR_RETURN(Record by, LinkTarget(tx, actor, *in.replaced_by));
      if (!ActsForUnit(actor, by.unit_id))
        return ForeignMark(by, RelationKind::kReplaces);
    }
    r.validity = *validity;
    r.validity_on =
        *validity == Validity::kValid ? "" : calendar::FormatDate(*on);
    if (in.replaced_by && r.replaced_by != in.replaced_by) {
      r.replaced_by = in.replaced_by;
      absl::Status s =
          store::AddRelation(tx, *in.replaced_by, RelationKind::kReplaces, id,
                             FormatTimestamp(clock_.Now()));
      if (!s.ok() && !absl::IsAlreadyExists(s)) return s;
    }
    if (*validity == Validity::kValid) r.replaced_by.reset();
    return absl::OkStatus();
  });
}

absl::StatusOr<Attachment> Service::AddAttachment(const Actor& actor,
                                                  int64_t id,
                                                  absl::string_view filename,
                                                  absl::string_view bytes) {
  ZWGK_ASSIGN_OR_RETURN(
      content::CheckedUpload up,
      content::CheckUpload(filename, bytes, options_.max_attachment_bytes));
  // Stored before the transaction: content-addressed, so a rolled-back
  // action leaves at most an unreferenced file, never a missing one.
  ZWGK_RETURN_IF_ERROR(blobs_.Put(bytes).status());
  Attachment added;
  ZWGK_RETURN_IF_ERROR(
      Transition(actor, id, "record.attach", [&](db::Tx& tx, Record& r) {
        if (!IsEditorRole(actor))
          return absl::PermissionDeniedError("只有编辑人员可以上传附件");
        if (r.status != Status::kDraft && r.status != Status::kUnpublished)
          return absl::FailedPreconditionError(
              absl::StrCat("信息当前为“", std::string(StatusLabel(r.status)),
                           "”，附件不能修改（已发布的信息请先撤回）"));
        if (static_cast<int>(r.attachments.size()) >= options_.max_attachments)
          return absl::FailedPreconditionError(
              absl::StrCat("每条信息最多", options_.max_attachments, "个附件"));
        ZWGK_ASSIGN_OR_RETURN(
            added, store::AddAttachment(tx, id,
                                        {.filename = up.display_name,
                                         .content_type = up.type.mime,
                                         .sha256 = up.sha256_hex,
                                         .size = up.size}));
        return absl::OkStatus();
      }).status());
  return added;
}

absl::Status Service::RemoveAttachment(const Actor& actor, int64_t id,
                                       int64_t attachment_id) {
  return Transition(
             actor, id, "record.detach",
             [&](db::Tx& tx, Record& r) {
               if (!IsEditorRole(actor))
                 return absl::PermissionDeniedError("只有编辑人员可以删除附件");
               if (r.status != Status::kDraft &&
                   r.status != Status::kUnpublished)
                 return absl::FailedPreconditionError(absl::StrCat(
                     "信息当前为“", std::string(StatusLabel(r.status)),
                     "”，附件不能修改"));
               return store::RemoveAttachment(tx, id, attachment_id);
             })
      .status();
}

absl::Status Service::Relate(const Actor& actor, int64_t from_id,
                             absl::string_view kind, int64_t to_id) {
  std::optional<RelationKind> k = ParseRelation(kind);
  if (!k)
    return InvalidFields(
        "关联类型有误",
        {{"kind", "应为 interprets、replaces、amends 或 attachment_of"}});
  if (from_id == to_id)
    return InvalidFields("关联有误", {{"to", "不能关联自身"}});
  return Transition(
             actor, from_id, "record.relate",
             [&](db::Tx& tx, Record&) -> absl::Status {
               ZWGK_ASSIGN_OR_RETURN(Record to, LinkTarget(tx, actor, to_id));
               // Another unit's record takes only an interpretation:
               // its inverse (相关解读) is the plain link a county
               // expects on a policy's page, and Relations shows it
               // there only once the interpretation itself is public.
               // 替代/修改/附件 change what the target is, so its
               // unit or the county office records them.
               if (*k != RelationKind::kInterprets &&
                   !ActsForUnit(actor, to.unit_id))
                 return ForeignMark(to, *k);
               absl::Status s = store::AddRelation(
                   tx, from_id, *k, to_id, FormatTimestamp(clock_.Now()));
               if (absl::IsAlreadyExists(s))
                 return absl::AlreadyExistsError("该关联已存在");
               return s;
             })
      .status();
}

absl::Status Service::Unrelate(const Actor& actor, int64_t from_id,
                               absl::string_view kind, int64_t to_id) {
  std::optional<RelationKind> k = ParseRelation(kind);
  if (!k) return absl::NotFoundError("关联不存在");
  return Transition(actor, from_id, "record.unrelate",
                    [&](db::Tx& tx, Record&) {
                      return store::RemoveRelation(tx, from_id, *k, to_id);
                    })
      .status();
}

absl::Status Service::MarkChannel(const Actor& actor, int64_t id,
                                  absl::string_view channel,
                                  absl::string_view on) {
  std::string name = catalog_.channels().Canonical(channel);
  if (name.empty())
    return InvalidFields("渠道有误", {{"channel", "请选择公开渠道"}});
  std::optional<absl::CivilDay> day =
      on.empty() ? std::optional(Today(clock_)) : ParseDay(on);
  if (!day)
    return InvalidFields("日期有误", {{"on", "日期格式应为 YYYY-MM-DD"}});
  return Transition(actor, id, "record.channel",
                    [&](db::Tx& tx, Record& r) {
                      if (r.version == 0)
                        return absl::FailedPreconditionError("信息尚未发布");
                      if (calendar::FormatDate(*day) < r.first_published_on)
                        return InvalidFields(
                            "日期有误",
                            {{"on", "日期不能早于门户首次发布日期"}});
                      return store::MarkChannel(
                          tx, id, name, calendar::FormatDate(*day), actor.name);
                    })
      .status();
}

absl::StatusOr<Record> Service::Get(int64_t id) {
  return db_.InTransaction<Record>([&](db::Tx& tx) { return Load(tx, id); });
}

absl::StatusOr<Record> Service::GetFor(const Actor* actor, int64_t id) {
  ZWGK_ASSIGN_OR_RETURN(Record r, Get(id));
  if (IsPublic(r)) return r;
  if (actor && IsStaff(actor->role) && ActsForUnit(*actor, r.unit_id)) return r;
  return absl::NotFoundError("信息不存在或未公开");
}

absl::StatusOr<std::vector<Version>> Service::Versions(int64_t id) {
  return db_.InTransaction<std::vector<Version>>(
      [&](db::Tx& tx) { return store::Versions(tx, id); });
}

absl::StatusOr<std::vector<Relation>> Service::Relations(const Actor* viewer,
                                                         int64_t id) {
  ZWGK_ASSIGN_OR_RETURN(
      std::vector<Relation> all,
      db_.InTransaction<std::vector<Relation>>(
          [&](db::Tx& tx) { return store::Relations(tx, id); }));
  std::erase_if(all, [&](const Relation& r) {
    return !r.other_public && !(viewer && IsStaff(viewer->role) &&
                                ActsForUnit(*viewer, r.other_unit_id));
  });
  return all;
}

absl::StatusOr<std::vector<ChannelStatus>> Service::Channels(int64_t id) {
  ZWGK_ASSIGN_OR_RETURN(Record r, Get(id));
  ZWGK_ASSIGN_OR_RETURN(
      std::vector<ChannelStatus> done,
      db_.InTransaction<std::vector<ChannelStatus>>(
          [&](db::Tx& tx) { return store::Channels(tx, id); }));
  std::vector<ChannelStatus> out;
  // The portal is the first platform: a published record is on it.
  out.push_back({.channel = "政府网站",
                 .required = true,
                 .done_on = r.first_published_on,
                 .done_by = r.first_published_on.empty() ? "" : "自动"});
  std::vector<std::string> required;
  if (r.catalog_item_id) {
    auto item = catalog_.GetItem(*r.catalog_item_id);
    if (item.ok()) required = item->second.channels;
  }
  for (const std::string& c : required) {
    if (c == "政府网站") continue;
    ChannelStatus s{.channel = c, .required = true};
    for (const ChannelStatus& d : done)
      if (d.channel == c) s.done_on = d.done_on, s.done_by = d.done_by;
    out.push_back(s);
  }
  for (const ChannelStatus& d : done) {
    if (std::find(required.begin(), required.end(), d.channel) ==
            required.end() &&
        d.channel != "政府网站")
      out.push_back(d);
  }
  return out;
}

std::string Service::PublishByEstimate(const Record& r) {
  if (r.disclosure != Disclosure::kActive || r.publish_by.empty()) return "";
  return calendar_.EstimateNote(
      r.changed_on.empty() ? r.formed_on : r.changed_on, r.publish_by);
}

absl::StatusOr<Timeliness> Service::PublishBy(int64_t id) {
  ZWGK_ASSIGN_OR_RETURN(Record r, Get(id));
  ZWGK_ASSIGN_OR_RETURN(StoredPeriod p,
                        db_.InTransaction<StoredPeriod>(
                            [&](db::Tx& tx) { return store::Period(tx, id); }));
  Timeliness t{.period = ToCalendar(p),
               .period_label = r.period_label,
               .start = r.changed_on.empty() ? r.formed_on : r.changed_on};
  std::optional<absl::CivilDay> start = ParseDay(t.start);
  if (!start) return absl::InternalError("stored start date unreadable");
  std::vector<calendar::ClockEvent> events = {
      calendar::ClockEvent::Start(*start)};
  if (!r.published_on.empty() && !r.pending_change) {
    std::optional<absl::CivilDay> pub = ParseDay(r.published_on);
    if (pub && *pub >= *start)
      events.push_back(calendar::ClockEvent::Stop(*pub, "门户发布"));
  }
  std::shared_ptr<const calendar::Calendar> cal = calendar_.calendar();
  ZWGK_ASSIGN_OR_RETURN(
      t.clock,
      calendar::ComputeClock(*cal, t.period, events,
                             {.today = Today(clock_),
                              .due_soon_within = options_.due_soon_within}));
  return t;
}

absl::StatusOr<std::vector<ReviewEntry>> Service::Reviews(int64_t id) {
  return db_.InTransaction<std::vector<ReviewEntry>>(
      [&](db::Tx& tx) { return store::Reviews(tx, id); });
}

absl::StatusOr<Record> Service::Preview(const Actor& actor, int64_t id) {
  ZWGK_ASSIGN_OR_RETURN(Record r, Get(id));
  if (!IsStaff(actor.role) || !ActsForUnit(actor, r.unit_id))
    return absl::NotFoundError("信息不存在");
  if (!r.pending_change) return r;
  ZWGK_ASSIGN_OR_RETURN(Resolved change,
                        Resolve(*r.pending_change, /*is_change=*/true));
  ApplyChange(change.fields, r);
  if (r.domain_id && r.domain_name.empty()) {
    absl::StatusOr<org::Domain> d = org_.GetDomain(*r.domain_id);
    if (d.ok()) r.domain_name = d->name;
  }
  return r;
}

absl::StatusOr<std::vector<Placement>> Service::Placements(
    const Record& preview) {
  std::vector<Placement> out;
  if (preview.disclosure != Disclosure::kActive) return out;
  const Record& r = preview;
  absl::CivilDay today = Today(clock_);
  auto column = [&](std::string name, std::string url) {
    out.push_back({"栏目", std::move(name), std::move(url)});
  };
  column("信息公开目录（全部信息）", "/records");
  column(absl::StrCat("信息公开目录 › 按发布机构 › ", r.unit_name),
         absl::StrCat("/records?unit=", r.unit_id));
  column(absl::StrCat("信息公开目录 › 按主题分类 › ", r.topic),
         absl::StrCat("/records?topic=", web::UrlEncode(r.topic)));
  column(absl::StrCat("信息公开目录 › 按体裁 › ", r.genre),
         absl::StrCat("/records?genre=", web::UrlEncode(r.genre)));
  column(absl::StrCat("信息公开目录 › ", today.year(), "年"),
         absl::StrCat("/records?year=", today.year()));
  if (r.domain_id) {
    column(absl::StrCat(r.domain_name, "专栏"),
           absl::StrCat("/domains/", *r.domain_id));
    if (!r.item_level1.empty())
      column(absl::StrCat(r.domain_name, "专栏 › ", r.item_level1, " › ",
                          r.item_level2),
             absl::StrCat("/records?domain=", *r.domain_id,
                          "&item1=", web::UrlEncode(r.item_level1),
                          "&item2=", web::UrlEncode(r.item_level2)));
  }
  // The latest lists are newest first by 发布日期 (today), ties by id: the
  // record reaches one unless as many records published today with a
  // higher id already fill it.
  std::string on = calendar::FormatDate(today);
  auto reaches = [&](const ListQuery& q) -> absl::StatusOr<bool> {
    ZWGK_ASSIGN_OR_RETURN(RecordPage page, ListPublic(q));
    int64_t ahead = 0;
    for (const Record& o : page.records)
      if (o.id != r.id &&
          (o.published_on > on || (o.published_on == on && o.id > r.id)))
        ++ahead;
    return ahead < q.per_page;
  };
  ZWGK_ASSIGN_OR_RETURN(bool home, reaches({.per_page = kLatestOnPortal}));
  if (home) column("政务公开首页 › 最新信息", "/xxgk");
  if (r.domain_id) {
    ZWGK_ASSIGN_OR_RETURN(
        bool section,
        reaches({.domain_id = r.domain_id, .per_page = kLatestInSection}));
    if (section)
      column(absl::StrCat(r.domain_name, "专栏 › 最新信息"),
             absl::StrCat("/domains/", *r.domain_id));
  }
  auto feed = [&](std::string name, std::string url) {
    out.push_back({"订阅", std::move(name), std::move(url)});
  };
  feed("全站信息订阅（RSS、JSON Feed）", "/feeds/records.rss");
  feed(absl::StrCat(r.unit_name, "信息订阅"),
       absl::StrCat("/feeds/units/", r.unit_id, ".rss"));
  if (r.domain_id)
    feed(absl::StrCat(r.domain_name, "信息订阅"),
         absl::StrCat("/feeds/domains/", *r.domain_id, ".rss"));
  out.push_back({"索引", "网站地图（sitemap.xml）", "/sitemap.xml"});
  out.push_back({"索引", "站内搜索", "/search"});
  return out;
}

DueInfo Service::DueOf(const Record& r) const {
  std::shared_ptr<const calendar::Calendar> cal = calendar_.calendar();
  return ComputeDue(r, *cal, Today(clock_), options_.due_soon_within);
}

absl::StatusOr<RecordPage> Service::ListPublic(const ListQuery& q) {
  constexpr size_t kMaxCachedCounts = 4096;
  int64_t generation = db_.RecentSiteGeneration(clock_.Now());
  std::string key = store::FilterKey(q, /*public_only=*/true);
  std::optional<int64_t> known;
  {
    std::lock_guard<std::mutex> lock(counts_mu_);
    auto it = counts_.find(key);
    if (it != counts_.end() && generation >= 0 &&
        it->second.first == generation)
      known = it->second.second;
  }
  ZWGK_ASSIGN_OR_RETURN(
      RecordPage page,
      db_.InTransaction<RecordPage>(
          [&](db::Tx& tx) -> absl::StatusOr<RecordPage> {
            ZWGK_ASSIGN_OR_RETURN(
                RecordPage p, store::List(tx, q, /*public_only=*/true, known));
            ZWGK_RETURN_IF_ERROR(AddNames(tx, absl::MakeSpan(p.records)));
            return p;
          }));
  if (!known && generation >= 0) {
    std::lock_guard<std::mutex> lock(counts_mu_);
    if (counts_.size() >= kMaxCachedCounts) counts_.clear();
    counts_[key] = {generation, page.total};
  }
  return page;
}

absl::StatusOr<RecordPage> Service::ListForStaff(const Actor& actor,
                                                 ListQuery q) {
  if (!IsStaff(actor.role)) return absl::PermissionDeniedError("仅限工作人员");
  if (!IsAdmin(actor)) {
    if (!actor.unit_id) return RecordPage{};
    q.unit_id = actor.unit_id;
  }
  if (q.due) {
    // Overdue: at least one working day past publish-by, that is before the
    // last working day up to today; due soon: up to a few working days on.
    std::shared_ptr<const calendar::Calendar> cal = calendar_.calendar();
    absl::CivilDay today = Today(clock_), last = today;
    for (int i = 0; i < 60 && !cal->IsWorkdayFast(last); ++i) last -= 1;
    q.overdue_before = calendar::FormatDate(last);
    q.soon_until = calendar::FormatDate(
        cal->NthWorkdayAfter(today, std::max(1, options_.due_soon_within)));
  }
  return db_.InTransaction<RecordPage>(
      [&](db::Tx& tx) -> absl::StatusOr<RecordPage> {
        ZWGK_ASSIGN_OR_RETURN(RecordPage p,
                              store::List(tx, q, /*public_only=*/false));
        ZWGK_RETURN_IF_ERROR(AddNames(tx, absl::MakeSpan(p.records)));
        return p;
      });
}

absl::StatusOr<std::vector<DueRecord>> Service::Due(const Actor& actor) {
  if (!IsStaff(actor.role)) return absl::PermissionDeniedError("仅限工作人员");
  std::optional<int64_t> unit;
  if (!IsAdmin(actor)) {
    if (!actor.unit_id) return std::vector<DueRecord>{};
    unit = actor.unit_id;
  }
  std::shared_ptr<const calendar::Calendar> cal = calendar_.calendar();
  absl::CivilDay today = Today(clock_);
  // Due soon: publish-by within the next few working days.
  absl::CivilDay horizon =
      cal->NthWorkdayAfter(today, std::max(1, options_.due_soon_within));
  ZWGK_ASSIGN_OR_RETURN(
      std::vector<Record> records,
      db_.InTransaction<std::vector<Record>>([&](db::Tx& tx) {
        return Named(
            tx, store::Unpublished(tx, unit, calendar::FormatDate(horizon)));
      }));
  std::vector<DueRecord> out;
  for (Record& r : records) {
    DueInfo info = ComputeDue(r, *cal, today, options_.due_soon_within);
    if (info.state != DueState::kOverdue && info.state != DueState::kDueSoon)
      continue;
    DueRecord d{.record = std::move(r)};
    if (info.state == DueState::kOverdue) {
      d.state = calendar::ClockState::kOverdue;
      d.overdue_by = info.days;
    } else {
      d.state = calendar::ClockState::kDueSoon;
      d.remaining = info.days;
    }
    out.push_back(std::move(d));
  }
  return out;
}

absl::StatusOr<Table2Records> Service::Table2Counts(
    int year, std::optional<int64_t> unit_id) {
  return db_.InTransaction<Table2Records>(
      [&](db::Tx& tx) { return Table2Counts(tx, year, unit_id); });
}

absl::StatusOr<Table2Records> Service::Table2Counts(
    db::Tx& tx, int year, std::optional<int64_t> unit_id) {
  absl::CivilDay today = Today(clock_);
  if (year < 2000 || year > today.year())
    return InvalidFields(
        "年度有误",
        {{"year", absl::StrCat("年度应在2000年至", today.year(), "年之间")}});
  std::string as_of =
      calendar::FormatDate(std::min(absl::CivilDay(year, 12, 31), today));
  ZWGK_ASSIGN_OR_RETURN(std::vector<DocClassFacts> rows,
                        store::DocClassRows(tx, unit_id, as_of));
  return CountTable2(rows, year, as_of);
}

absl::StatusOr<PublishingCompliance> Service::Compliance(
    absl::CivilDay as_of, std::optional<int64_t> unit_id) {
  std::shared_ptr<const calendar::Calendar> cal = calendar_.calendar();
  return db_.InTransaction<PublishingCompliance>(
      [&](db::Tx& tx) { return Compliance(tx, *cal, as_of, unit_id); });
}

absl::StatusOr<PublishingCompliance> Service::Compliance(
    db::Tx& tx, const calendar::Calendar& cal, absl::CivilDay as_of,
    std::optional<int64_t> unit_id) {
  PublishingCompliance out{.as_of = calendar::FormatDate(as_of),
                           .year = static_cast<int>(as_of.year())};
  std::map<int64_t, UnitCompliance> by_unit;
  if (unit_id) {
    absl::StatusOr<org::Unit> u = org_.GetUnit(tx, *unit_id);
    if (absl::IsNotFound(u.status())) return absl::NotFoundError("单位不存在");
    if (!u.ok()) return u.status();
    by_unit[u->id] = {.unit_id = u->id, .unit_name = u->name};
  }
  ZWGK_ASSIGN_OR_RETURN(std::vector<org::Unit> units,
                        org_.ListUnits(tx, {.include_retired = true}));
  std::map<int64_t, const org::Unit*> known;
  for (const org::Unit& u : units) {
    known[u.id] = &u;
    if (!unit_id && !u.retired)
      by_unit[u.id] = {.unit_id = u.id, .unit_name = u.name};
  }
  auto unit = [&](int64_t id) -> UnitCompliance& {
    UnitCompliance& c = by_unit[id];
    c.unit_id = id;
    if (c.unit_name.empty() && known.count(id)) c.unit_name = known[id]->name;
    return c;
  };

  std::string day = out.as_of;
  absl::CivilDay horizon = cal.NthWorkdayAfter(as_of, kComplianceDueSoonDays);
  ZWGK_ASSIGN_OR_RETURN(
      std::vector<Record> open,
      store::OpenAt(tx, unit_id, day, calendar::FormatDate(horizon)));
  for (Record& r : open) {
    bool first_open =
        r.first_published_on.empty() || r.first_published_on > day;
    // A pending change counts from its 变更日期; the published text before.
    if (!first_open &&
        !(r.pending_change && r.pending_change->changed_on <= day))
      continue;
    // As it stood on as_of: waiting for publication.
    r.status = Status::kDraft;
    r.pending_change.reset();
    DueInfo due = ComputeDue(r, cal, as_of, kComplianceDueSoonDays);
    // Listed in publish-by order (OpenAt's), counted as listed.
    ComplianceItem item{.record_id = r.id,
                        .title = r.title,
                        .index_number = r.index_number,
                        .publish_by = r.publish_by,
                        .days = due.days};
    if (due.state == DueState::kOverdue) {
      UnitCompliance& c = unit(r.unit_id);
      c.overdue_items.push_back(std::move(item));
      c.overdue = static_cast<int64_t>(c.overdue_items.size());
    } else if (due.state == DueState::kDueSoon) {
      UnitCompliance& c = unit(r.unit_id);
      c.due_soon_items.push_back(std::move(item));
      c.due_soon = static_cast<int64_t>(c.due_soon_items.size());
    }
  }
  std::string jan1 = calendar::FormatDate(absl::CivilDay(as_of.year(), 1, 1));
  ZWGK_ASSIGN_OR_RETURN(std::vector<store::LateRecord> late,
                        store::PublishedLateRecords(tx, unit_id, jan1, day));
  for (store::LateRecord& l : late) {
    UnitCompliance& c = unit(l.unit_id);
    c.late_items.push_back({.record_id = l.id,
                            .title = std::move(l.title),
                            .index_number = std::move(l.index_number),
                            .publish_by = std::move(l.publish_by),
                            .published_on = std::move(l.published_on),
                            .days = l.days_late});
    c.published_late = static_cast<int64_t>(c.late_items.size());
  }
  ZWGK_ASSIGN_OR_RETURN(std::vector<store::UnitMonthCount> months,
                        store::FirstPublishedByMonth(tx, unit_id, jan1, day));
  for (const store::UnitMonthCount& m : months)
    if (m.month >= 1 && m.month <= 12)
      unit(m.unit_id).per_month[m.month - 1] = m.count;
  for (auto& [id, c] : by_unit) out.units.push_back(std::move(c));
  return out;
}

absl::StatusOr<std::vector<ItemCount>> Service::CountsByItem(
    int64_t domain_id) {
  return db_.InTransaction<std::vector<ItemCount>>(
      [&](db::Tx& tx) { return store::CountsByItem(tx, domain_id); });
}

absl::StatusOr<std::vector<RecordKey>> Service::ListRecordKeys(int64_t after_id,
                                                               int limit) {
  return db_.InTransaction<std::vector<RecordKey>>(
      [&](db::Tx& tx) { return store::Keys(tx, after_id, limit); });
}

absl::StatusOr<std::vector<Record>> Service::GetMany(
    const std::vector<int64_t>& ids) {
  return db_.InTransaction<std::vector<Record>>(
      [&](db::Tx& tx) { return Named(tx, store::LoadMany(tx, ids)); });
}

absl::StatusOr<std::vector<SitemapEntry>> Service::SitemapEntries(
    int64_t after_id, int limit) {
  return db_.InTransaction<std::vector<SitemapEntry>>(
      [&](db::Tx& tx) { return store::PublicIds(tx, after_id, limit); });
}

absl::StatusOr<std::vector<SitemapChunk>> Service::SitemapChunks(int per_map) {
  return db_.InTransaction<std::vector<SitemapChunk>>(
      [&](db::Tx& tx) -> absl::StatusOr<std::vector<SitemapChunk>> {
        std::vector<SitemapChunk> out;
        int64_t after = 0;
        while (true) {
          ZWGK_ASSIGN_OR_RETURN(std::optional<SitemapChunk> chunk,
                                store::PublicIdChunk(tx, after, per_map));
          if (!chunk) break;
          out.push_back(*chunk);
          after = chunk->last_id;
          if (chunk->count < per_map) break;
        }
        return out;
      });
}

std::string Service::AttachmentPath(const Attachment& a) const {
  return blobs_.PathFor(a.sha256);
}

absl::StatusOr<std::pair<Attachment, std::string>> Service::AttachmentFor(
    const Actor* actor, int64_t record_id, int64_t attachment_id) {
  ZWGK_ASSIGN_OR_RETURN(Record r, GetFor(actor, record_id));
  for (const Attachment& a : r.attachments) {
    if (a.id != attachment_id) continue;
    // An 原件 replaced by its masked copy is for the unit's staff only.
    if (!a.is_public &&
        !(actor && IsStaff(actor->role) && ActsForUnit(*actor, r.unit_id)))
      break;
    ZWGK_ASSIGN_OR_RETURN(std::string bytes, blobs_.Get(a.sha256));
    return std::make_pair(a, std::move(bytes));
  }
  return absl::NotFoundError("附件不存在");
}

absl::StatusOr<PortalPage> Service::GetPage(absl::string_view slug) {
  ZWGK_ASSIGN_OR_RETURN(std::optional<PortalPage> page,
                        db_.InTransaction<std::optional<PortalPage>>(
                            [&](db::Tx& tx) { return store::Page(tx, slug); }));
  if (!page) return absl::NotFoundError("页面不存在");
  return *page;
}

absl::StatusOr<std::vector<PortalPage>> Service::ListPages() {
  return db_.InTransaction<std::vector<PortalPage>>(
      [&](db::Tx& tx) { return store::Pages(tx); });
}

absl::StatusOr<PortalPage> Service::SavePage(const Actor& actor,
                                             absl::string_view slug,
                                             absl::string_view title,
                                             absl::string_view body) {
  if (!IsAdmin(actor))
    return absl::PermissionDeniedError("只有县政务公开办可以修改此页面");
  Validator v;
  std::string t(absl::StripAsciiWhitespace(title));
  if (t.empty()) v.Add("title", "请填写标题");
  PortalPage page{.slug = std::string(slug),
                  .title = t,
                  .body_html = content::PrepareBody(body).html,
                  .updated_at = FormatTimestamp(clock_.Now()),
                  .updated_by = actor.name};
  if (absl::StripAsciiWhitespace(content::HtmlToText(page.body_html)).empty())
    v.Add("body_html", "请填写正文");
  else if (std::string alt = content::ImageAltProblem(page.body_html);
           !alt.empty())
    v.Add("body_html", std::move(alt));
  ZWGK_RETURN_IF_ERROR(v.ToStatus("页面填写有误"));
  ZWGK_RETURN_IF_ERROR(db_.Transaction([&](db::Tx& tx) -> absl::Status {
    ZWGK_ASSIGN_OR_RETURN(std::optional<PortalPage> before,
                          store::Page(tx, slug));
    if (!before) return absl::NotFoundError("页面不存在");
    ZWGK_RETURN_IF_ERROR(store::SavePage(tx, page));
    return audit::Record(tx, clock_, actor,
                         {"page.update",
                          "page",
                          page.slug,
                          {{"title", before->title}},
                          {{"title", page.title}}});
  }));
  return page;
}

absl::StatusOr<std::string> Service::IndexPattern(int64_t unit_id) {
  ZWGK_ASSIGN_OR_RETURN(
      std::optional<std::string> own,
      db_.InTransaction<std::optional<std::string>>(
          [&](db::Tx& tx) { return store::IndexPattern(tx, unit_id); }));
  return own.value_or(options_.default_index_pattern);
}

absl::Status Service::SetIndexPattern(const Actor& actor, int64_t unit_id,
                                      absl::string_view pattern) {
  if (!IsAdmin(actor))
    return absl::PermissionDeniedError("只有县政务公开办可以设置索引号格式");
  absl::StatusOr<IndexNumberPattern> parsed = ParseIndexPattern(pattern);
  if (!parsed.ok())
    return InvalidFields("索引号格式有误",
                         {{"pattern", std::string(parsed.status().message())}});
  ZWGK_RETURN_IF_ERROR(org_.GetUnit(unit_id).status());
  return db_.Transaction([&](db::Tx& tx) -> absl::Status {
    ZWGK_RETURN_IF_ERROR(store::SetIndexPattern(tx, unit_id, pattern));
    return audit::Record(tx, clock_, actor,
                         {"unit.index_pattern",
                          "unit",
                          absl::StrCat(unit_id),
                          nullptr,
                          {{"pattern", std::string(pattern)}}});
  });
}

absl::StatusOr<std::vector<PolicyInterpretation>> Service::JudgePolicies(
    absl::CivilDay as_of, std::optional<int64_t> unit_id,
    std::optional<int64_t> only_id) {
  std::shared_ptr<const calendar::Calendar> cal = calendar_.calendar();
  return db_.InTransaction<std::vector<PolicyInterpretation>>(
      [&](db::Tx& tx) -> absl::StatusOr<std::vector<PolicyInterpretation>> {
        ZWGK_ASSIGN_OR_RETURN(std::optional<int> days,
                              store::InterpretationDays(tx));
        ZWGK_ASSIGN_OR_RETURN(
            std::vector<store::PolicyRow> rows,
            store::PublishedPolicies(tx, calendar::FormatDate(as_of), unit_id,
                                     only_id));
        std::vector<PolicyInterpretation> out;
        for (store::PolicyRow& row : rows) {
          InterpretationJudgement j = JudgeInterpretation(
              {.policy_published_on = row.first_published_on,
               .interpretations_published_on =
                   std::move(row.interpretations_published_on),
               .waived = row.waived},
              *cal, days.value_or(kDefaultInterpretationDays), as_of);
          out.push_back({.record_id = row.id,
                         .unit_id = row.unit_id,
                         .title = std::move(row.title),
                         .index_number = std::move(row.index_number),
                         .published_on = std::move(row.first_published_on),
                         .judgement = std::move(j)});
        }
        return out;
      });
}

absl::StatusOr<std::vector<PolicyInterpretation>>
Service::PoliciesWithoutInterpretation(absl::CivilDay as_of,
                                       std::optional<int64_t> unit_id) {
  ZWGK_ASSIGN_OR_RETURN(std::vector<PolicyInterpretation> all,
                        JudgePolicies(as_of, unit_id, std::nullopt));
  std::vector<PolicyInterpretation> out;
  for (PolicyInterpretation& p : all)
    if (Flagged(p.judgement)) out.push_back(std::move(p));
  return out;
}

absl::StatusOr<std::optional<PolicyInterpretation>> Service::InterpretationOf(
    int64_t id) {
  ZWGK_ASSIGN_OR_RETURN(std::vector<PolicyInterpretation> one,
                        JudgePolicies(Today(clock_), std::nullopt, id));
  if (one.empty()) return std::nullopt;
  PolicyInterpretation p = std::move(one.front());
  ZWGK_ASSIGN_OR_RETURN(
      std::optional<store::Waiver> w,
      db_.InTransaction<std::optional<store::Waiver>>(
          [&](db::Tx& tx) { return store::GetWaiver(tx, id); }));
  if (w) {
    p.waiver_reason = w->reason;
    p.waived_by = w->by;
    p.waived_at = w->at;
  }
  return p;
}

absl::StatusOr<bool> Service::NeedsWaiver(int64_t id) {
  ZWGK_ASSIGN_OR_RETURN(Record r, Get(id));
  return db_.InTransaction<bool>([&](db::Tx& tx) -> absl::StatusOr<bool> {
    std::vector<std::pair<std::string, std::string>> unused;
    absl::Status s = CheckInterpretation(tx, Actor{}, r, "", "", unused);
    if (absl::IsInvalidArgument(s)) return true;
    ZWGK_RETURN_IF_ERROR(s);
    return false;
  });
}

absl::StatusOr<InterpretationSettings> Service::GetInterpretationSettings() {
  return db_.InTransaction<InterpretationSettings>(
      [&](db::Tx& tx) -> absl::StatusOr<InterpretationSettings> {
        InterpretationSettings out;
        ZWGK_ASSIGN_OR_RETURN(std::optional<int> days,
                              store::InterpretationDays(tx));
        out.late_after_days = days.value_or(kDefaultInterpretationDays);
        ZWGK_ASSIGN_OR_RETURN(out.genres, store::InterpretedGenres(tx));
        return out;
      });
}

absl::Status Service::SetInterpretationDays(const Actor& actor, int days) {
  if (!IsAdmin(actor))
    return absl::PermissionDeniedError("只有县政务公开办可以设置解读时限");
  if (days < 1 || days > kMaxInterpretationDays)
    return InvalidFields("解读时限有误",
                         {{"late_after_days",
                           absl::StrCat("解读时限应为1至",
                                        kMaxInterpretationDays, "个工作日")}});
  return db_.Transaction([&](db::Tx& tx) -> absl::Status {
    ZWGK_RETURN_IF_ERROR(store::SetInterpretationDays(tx, days));
    return audit::Record(tx, clock_, actor,
                         {"interpretation.days",
                          "setting",
                          "interpretation",
                          nullptr,
                          {{"late_after_days", days}}});
  });
}

absl::Status Service::SetGenreNeedsInterpretation(const Actor& actor,
                                                  absl::string_view genre,
                                                  bool needs) {
  if (!IsAdmin(actor))
    return absl::PermissionDeniedError("只有县政务公开办可以设置须解读的体裁");
  std::string name(absl::StripAsciiWhitespace(genre));
  if (name == kInterpretationGenre && needs)
    return InvalidFields("体裁有误", {{"genre", "“解读”本身不需要解读"}});
  return db_.Transaction([&](db::Tx& tx) -> absl::Status {
    absl::Status s = store::SetGenreNeedsInterpretation(tx, name, needs);
    if (absl::IsNotFound(s))
      return InvalidFields("体裁有误",
                           {{"genre", absl::StrCat("体裁“", name, "”不存在")}});
    ZWGK_RETURN_IF_ERROR(s);
    return audit::Record(tx, clock_, actor,
                         {"genre.interpretation",
                          "genre",
                          name,
                          nullptr,
                          {{"name", name}, {"needs_interpretation", needs}}});
  });
}

absl::StatusOr<std::vector<std::string>> Service::Genres() {
  return db_.InTransaction<std::vector<std::string>>(
      [&](db::Tx& tx) { return store::Genres(tx); });
}

absl::Status Service::AddGenre(const Actor& actor, absl::string_view name) {
  if (!IsAdmin(actor))
    return absl::PermissionDeniedError("只有县政务公开办可以增加体裁");
  std::string n(absl::StripAsciiWhitespace(name));
  if (n.empty() || Utf8Length(n) > 10)
    return InvalidFields("体裁有误", {{"name", "体裁名称应为1至10个字"}});
  return db_.Transaction([&](db::Tx& tx) -> absl::Status {
    absl::Status s = store::AddGenre(tx, n);
    if (absl::IsAlreadyExists(s))
      return absl::AlreadyExistsError(absl::StrCat("体裁“", n, "”已存在"));
    ZWGK_RETURN_IF_ERROR(s);
    return audit::Record(tx, clock_, actor,
                         {"genre.create", "genre", n, nullptr, {{"name", n}}});
  });
}

absl::StatusOr<calendar::RecomputeCount> Service::Recompute(
    const calendar::Calendar& cal) {
  calendar::RecomputeCount count;
  ZWGK_RETURN_IF_ERROR(db_.Transaction([&](db::Tx& tx) -> absl::Status {
    ZWGK_ASSIGN_OR_RETURN(std::vector<store::Clocked> all,
                          store::AllClocked(tx));
    for (const store::Clocked& c : all) {
      ++count.checked;
      ZWGK_ASSIGN_OR_RETURN(std::string by,
                            ComputePublishBy(cal, c.period, c.start));
      if (by == c.publish_by) continue;
      ++count.moved;
      ZWGK_RETURN_IF_ERROR(store::SetPublishBy(tx, c.id, by));
      // For the calendar's list of what moved (old date → new date).
      ZWGK_ASSIGN_OR_RETURN(Record moved, store::Load(tx, c.id));
      count.moved_items.push_back({.kind = "信息发布时限",
                                   .label = moved.title,
                                   .url = absl::StrCat("/admin/records/", c.id),
                                   .before = c.publish_by,
                                   .after = by});
    }
    return absl::OkStatus();
  }));
  return count;
}

absl::StatusOr<std::vector<CatalogChoice>> Service::CatalogChoices(
    std::optional<int64_t> domain_id) {
  ZWGK_ASSIGN_OR_RETURN(std::vector<org::Domain> domains, org_.ListDomains());
  std::map<int64_t, std::string> names;
  for (const org::Domain& d : domains) names[d.id] = d.name;
  ZWGK_ASSIGN_OR_RETURN(
      std::vector<catalog::DomainItem> items,
      db_.InTransaction<std::vector<catalog::DomainItem>>(
          [&](db::Tx& tx) { return catalog_.PublishedItems(tx); }));
  std::vector<CatalogChoice> out;
  bool has_domain = false;
  for (const catalog::DomainItem& i : items) {
    auto name = names.find(i.domain_id);
    if (name == names.end()) continue;  // a retired domain
    has_domain = has_domain || i.domain_id == domain_id;
    out.push_back({.domain_id = i.domain_id,
                   .domain = name->second,
                   .item_id = i.item.id,
                   .seq = i.item.seq,
                   .level1 = i.item.level1,
                   .level2 = i.item.level2});
  }
  if (domain_id && !has_domain && names.contains(*domain_id)) {
    absl::StatusOr<catalog::StoredCatalog> draft =
        catalog_.Get(*domain_id, catalog::VersionRef::Draft());
    if (!draft.ok() && !absl::IsNotFound(draft.status())) return draft.status();
    if (draft.ok())
      for (const catalog::CatalogItem& item : draft->catalog.items)
        out.push_back({.domain_id = *domain_id,
                       .domain = names[*domain_id],
                       .item_id = item.id,
                       .seq = item.seq,
                       .level1 = item.level1,
                       .level2 = item.level2,
                       .draft = true});
  }
  return out;
}

absl::StatusOr<std::vector<Record>> Service::Lookup(const Actor& actor,
                                                    absl::string_view q,
                                                    int limit) {
  if (!IsStaff(actor.role)) return absl::PermissionDeniedError("请先登录");
  std::string text(absl::StripAsciiWhitespace(q));
  if (Utf8Length(text) > kMaxLookupChars)
    return InvalidFields(
        "查找内容过长",
        {{"q", absl::StrCat("查找内容不能超过", kMaxLookupChars, "个字")}});
  if (text.empty()) return std::vector<Record>{};
  std::optional<int64_t> id;
  if (int64_t n = 0; absl::SimpleAtoi(text, &n) && n > 0) id = n;
  std::optional<int64_t> unit =
      IsAdmin(actor) ? std::nullopt
                     : std::optional<int64_t>(actor.unit_id.value_or(-1));
  return db_.InTransaction<std::vector<Record>>(
      [&](db::Tx& tx) -> absl::StatusOr<std::vector<Record>> {
        return Named(
            tx, store::Lookup(tx, text, id, unit, std::clamp(limit, 1, 50)));
      });
}

}  // namespace zwgk::publishing
