#include "powers/service.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "calendar/calendar.h"
#include "catalog/xlsx_table.h"
#include "content/text.h"
#include "core/audit.h"
#include "core/csv.h"
#include "core/status.h"
#include "core/text.h"
#include "core/withholding.h"
#include "powers/store.h"

namespace zwgk::powers {
namespace {

constexpr char kNoPower[] = "没有这个事项";
constexpr size_t kMaxNotes = 50;
constexpr size_t kMaxErrors = 20;

// Staff of the unit, or the county office; anyone else sees nothing.
absl::Status Authorize(const Actor& actor, int64_t unit_id) {
  if (!IsStaff(actor.role) || !ActsForUnit(actor, unit_id))
    return absl::NotFoundError(kNoPower);
  return absl::OkStatus();
}

// A catalog item named in a cell: "一级/二级", "一级 / 二级" or a second-level
// name that is unique among the published items.
std::optional<catalog::DomainItem> MatchItem(
    const std::vector<catalog::DomainItem>& items, absl::string_view text) {
  if (text.empty()) return std::nullopt;
  std::vector<std::string> parts = absl::StrSplit(text, '/');
  for (std::string& p : parts) p = std::string(absl::StripAsciiWhitespace(p));
  const catalog::DomainItem* found = nullptr;
  int matches = 0;
  for (const catalog::DomainItem& d : items) {
    const bool hit = parts.size() >= 2 ? d.item.level1 == parts[0] &&
                                             d.item.level2 == parts[1]
                                       : d.item.level2 == parts[0];
    if (hit && (found == nullptr || d.item.id != found->item.id)) {
      found = &d;
      ++matches;
    }
  }
  if (matches != 1) return std::nullopt;
  return *found;
}

std::string ItemLabel(const catalog::CatalogItem& item) {
  return absl::StrCat(item.level1, "/", item.level2);
}

// A stage's attribute and ground as written; InvalidArgument naming what
// is wrong (the caller adds where).
absl::Status ReadAttribute(absl::string_view attribute,
                           absl::string_view ground, Attribute& out_attribute,
                           std::string& out_ground) {
  std::optional<Attribute> a = ParseAttribute(attribute);
  if (!a)
    return absl::InvalidArgumentError(absl::StrCat(
        "公开属性“", attribute, "”应为主动公开、依申请公开或不予公开"));
  out_attribute = *a;
  out_ground.clear();
  if (*a == Attribute::kActive || *a == Attribute::kUndecided)
    return absl::OkStatus();
  const WithholdingGround* g = FindWithholdingGround(ground);
  if (g == nullptr)
    return absl::InvalidArgumentError(
        ground.empty() ? "依申请公开或不予公开须写明依据（条例第十四至十六条）"
                       : absl::StrCat("不予公开依据“", ground,
                                      "”不是条例第十四至十六条的情形"));
  out_ground = std::string(g->code);
  return absl::OkStatus();
}

// A decision's attribute (not 未认定) and ground from a form, with the
// field each problem belongs to.
absl::Status ReadDecision(absl::string_view attribute_text,
                          absl::string_view ground_text, Attribute& attribute,
                          std::string& ground) {
  if (absl::Status a =
          ReadAttribute(attribute_text, ground_text, attribute, ground);
      !a.ok())
    return InvalidFields(
        a.message(), {{ParseAttribute(attribute_text) ? "ground" : "attribute",
                       std::string(a.message())}});
  if (attribute == Attribute::kUndecided)
    return InvalidFields(
        "请选择公开属性",
        {{"attribute", "请选择主动公开、依申请公开或不予公开"}});
  return absl::OkStatus();
}

// A draft's first text: the power's facts, for the editor to complete.
std::string StartingBody(const Power& p, const Stage& s) {
  std::string out;
  auto line = [&](absl::string_view label, absl::string_view value) {
    if (!value.empty())
      absl::StrAppend(&out, "<p>", label, "：", HtmlEscape(value), "</p>");
  };
  line("事项名称", p.name);
  line("事项类型", PowerTypeLabel(p.type));
  line("实施主体", p.implementer.empty() ? p.unit_name : p.implementer);
  line("设定依据", p.basis);
  line("办理环节", s.stage);
  line("产生的信息", s.info);
  return out;
}

// One power of an import and its stages (rows in file order).
struct PowerRows {
  Power power;
  std::vector<const ImportRow*> rows;
};

}  // namespace

Service::Service(db::Database& db, const Clock& clock, org::Service& org,
                 catalog::Service& catalog, publishing::Service& publishing,
                 ServiceOptions options)
    : db_(db),
      clock_(clock),
      org_(org),
      catalog_(catalog),
      publishing_(publishing),
      options_(options) {}

absl::StatusOr<std::vector<std::vector<std::string>>> Service::ReadTable(
    absl::string_view filename, absl::string_view bytes) const {
  return catalog::xlsx::ReadUploadedTable(
      filename, bytes, {.max_rows = options_.max_rows, .max_cols = 50},
      "权责清单");
}

absl::StatusOr<ImportSummary> Service::Import(const Actor& actor,
                                              absl::string_view unit,
                                              absl::string_view filename,
                                              absl::string_view bytes) {
  if (!IsStaff(actor.role)) return absl::NotFoundError(kNoPower);
  if (unit.empty())
    return InvalidFields("请选择单位",
                         {{"unit", "请选择导入哪个单位的权责清单"}});
  absl::StatusOr<org::Unit> u = org_.ResolveUnit(unit);
  if (!u.ok() || u->retired) return absl::NotFoundError("没有这个单位");
  ZWGK_RETURN_IF_ERROR(Authorize(actor, u->id));
  if (bytes.empty())
    return InvalidFields("请选择文件", {{"file", "请选择权责清单文件"}});
  if (bytes.size() > options_.max_file_bytes)
    return InvalidFields(
        "文件过大",
        {{"file",
          absl::StrCat("文件不能超过", options_.max_file_bytes >> 20, " MB")}});
  ZWGK_ASSIGN_OR_RETURN(auto table, ReadTable(filename, bytes));
  ZWGK_ASSIGN_OR_RETURN(std::vector<ImportRow> rows, RowsFromTable(table));

  // Check every row first: nothing is stored from a file with errors.
  std::vector<std::string> errors;
  std::vector<PowerRows> powers;
  std::map<std::string, size_t> by_name;
  for (const ImportRow& r : rows) {
    auto fail = [&](absl::string_view what) {
      if (errors.size() < kMaxErrors)
        errors.push_back(absl::StrCat("第", r.row, "行：", what));
    };
    for (const std::string* text :
         {&r.name, &r.basis, &r.stage, &r.info, &r.implementer})
      if (Utf8Length(*text) > static_cast<size_t>(options_.max_text_chars))
        fail(absl::StrCat("内容超过", options_.max_text_chars, "字"));
    std::optional<PowerType> type = r.type.empty()
                                        ? std::optional(PowerType::kOther)
                                        : ParsePowerType(r.type);
    if (!type)
      fail(absl::StrCat("事项类型“", r.type,
                        "”应为行政许可、行政处罚、行政强制等十类或公共服务"));
    Attribute attribute;
    std::string ground;
    if (absl::Status a =
            ReadAttribute(r.attribute, r.ground, attribute, ground);
        !a.ok())
      fail(a.message());
    if (!ParsePeriodDays(r.period))
      fail(
          absl::StrCat("公开时限“", r.period, "”应为工作日数，如“20个工作日”"));
    auto [it, added] = by_name.emplace(r.name, powers.size());
    if (added)
      powers.push_back({.power = {.unit_id = u->id,
                                  .unit_name = u->name,
                                  .code = r.code,
                                  .name = r.name,
                                  .type = type.value_or(PowerType::kOther),
                                  .implementer = r.implementer,
                                  .basis = r.basis}});
    powers[it->second].rows.push_back(&r);
  }
  if (!errors.empty())
    return InvalidFields(
        absl::StrCat("权责清单有", errors.size() >= kMaxErrors ? "多" : "",
                     errors.size(), "处需要修改，未导入"),
        {{"file", absl::StrJoin(errors, "；")}});

  const std::string now = FormatTimestamp(clock_.Now());
  return db_.InTransaction<ImportSummary>([&](db::Tx& tx)
                                              -> absl::StatusOr<ImportSummary> {
    ImportSummary sum;
    auto note = [&](std::string text) {
      if (sum.notes.size() < kMaxNotes) sum.notes.push_back(std::move(text));
    };
    ZWGK_ASSIGN_OR_RETURN(std::vector<catalog::DomainItem> items,
                          catalog_.PublishedItems(tx));
    for (PowerRows& pr : powers) {
      Power& p = pr.power;
      absl::StatusOr<Power> existing = store::FindPower(tx, u->id, p.name);
      if (existing.ok()) {
        p.id = existing->id;
        p.stages = existing->stages;
        ZWGK_RETURN_IF_ERROR(store::UpdatePower(tx, p, now));
        ++sum.powers_updated;
      } else if (absl::IsNotFound(existing.status())) {
        ZWGK_ASSIGN_OR_RETURN(p.id, store::InsertPower(tx, p, now));
        ++sum.powers_added;
      } else {
        return existing.status();
      }
      int position = 0;
      for (const ImportRow* r : pr.rows) {
        ++position;
        Stage in{.power_id = p.id,
                 .position = position,
                 .stage = r->stage,
                 .info = r->info,
                 .period_days = ParsePeriodDays(r->period).value_or(0)};
        if (std::optional<catalog::DomainItem> item =
                MatchItem(items, r->catalog_item)) {
          in.catalog_item_id = item->item.id;
          in.catalog_item = ItemLabel(item->item);
        } else if (!r->catalog_item.empty()) {
          note(absl::StrCat("第", r->row, "行：目录事项“", r->catalog_item,
                            "”在已发布的目录中找不到（或不止一个），未关联"));
        }
        Attribute attribute = Attribute::kUndecided;
        std::string ground;
        ZWGK_RETURN_IF_ERROR(
            ReadAttribute(r->attribute, r->ground, attribute, ground));
        auto same =
            std::find_if(p.stages.begin(), p.stages.end(), [&](const Stage& s) {
              return s.stage == in.stage && s.info == in.info;
            });
        if (same == p.stages.end()) {
          in.attribute = attribute;
          in.withheld_ground = ground;
          if (attribute != Attribute::kUndecided) {
            in.decided_by = actor.name;
            in.decided_at = now;
          }
          ZWGK_ASSIGN_OR_RETURN(in.id, store::InsertStage(tx, in));
          p.stages.push_back(in);
          ++sum.stages_added;
          if (attribute != Attribute::kUndecided) {
            ++sum.attributes_set;
            ZWGK_RETURN_IF_ERROR(
                store::InsertChange(tx, {.stage_id = in.id,
                                         .to = attribute,
                                         .to_ground = ground,
                                         .reason = "导入权责清单",
                                         .by = actor.name,
                                         .at = now}));
          }
          continue;
        }
        Stage& s = *same;
        s.position = position;
        if (in.catalog_item_id) {
          s.catalog_item_id = in.catalog_item_id;
          s.catalog_item = in.catalog_item;
        }
        if (!r->period.empty()) s.period_days = in.period_days;
        ZWGK_RETURN_IF_ERROR(store::UpdateStageFacts(tx, s));
        ++sum.stages_updated;
        if (attribute == Attribute::kUndecided) continue;
        if (s.attribute == Attribute::kUndecided) {
          Change c{.stage_id = s.id,
                   .from = s.attribute,
                   .to = attribute,
                   .to_ground = ground,
                   .reason = "导入权责清单",
                   .by = actor.name,
                   .at = now};
          s.attribute = attribute;
          s.withheld_ground = ground;
          s.decided_by = actor.name;
          s.decided_at = now;
          ZWGK_RETURN_IF_ERROR(store::UpdateStageAttribute(tx, s));
          ZWGK_RETURN_IF_ERROR(store::InsertChange(tx, c));
          ++sum.attributes_set;
        } else if (s.attribute != attribute || s.withheld_ground != ground) {
          // A decided attribute changes only with a reason, one by one.
          note(absl::StrCat("第", r->row, "行：", p.name, "（", s.stage,
                            "）已认定为", AttributeLabel(s.attribute),
                            "，与文件中的", AttributeLabel(attribute),
                            "不同，未改动；如需变更请在清单中逐项说明理由"));
        }
      }
    }
    ZWGK_RETURN_IF_ERROR(
        audit::Record(tx, clock_, actor,
                      {.action = "powers.import",
                       .entity = "unit",
                       .entity_id = absl::StrCat(u->id),
                       .after = {{"file", std::string(filename)},
                                 {"powers_added", sum.powers_added},
                                 {"powers_updated", sum.powers_updated},
                                 {"stages_added", sum.stages_added},
                                 {"stages_updated", sum.stages_updated},
                                 {"attributes_set", sum.attributes_set}}}));
    return sum;
  });
}

absl::StatusOr<std::vector<Power>> Service::List(
    const Actor& actor, std::optional<int64_t> unit_id) {
  if (!IsStaff(actor.role)) return absl::NotFoundError(kNoPower);
  if (!IsAdmin(actor)) {
    if (!actor.unit_id || (unit_id && *unit_id != *actor.unit_id))
      return absl::NotFoundError(kNoPower);
    unit_id = actor.unit_id;
  }
  return db_.InTransaction<std::vector<Power>>(
      [&](db::Tx& tx) { return store::ListPowers(tx, unit_id); });
}

absl::StatusOr<PowerView> Service::Get(const Actor& actor, int64_t power_id) {
  std::vector<std::pair<int64_t, int64_t>> links;  // stage id, record id
  ZWGK_ASSIGN_OR_RETURN(
      PowerView v,
      db_.InTransaction<PowerView>(
          [&](db::Tx& tx) -> absl::StatusOr<PowerView> {
            absl::StatusOr<Power> p = store::GetPower(tx, power_id);
            if (absl::IsNotFound(p.status()))
              return absl::NotFoundError(kNoPower);
            ZWGK_RETURN_IF_ERROR(p.status());
            ZWGK_RETURN_IF_ERROR(Authorize(actor, p->unit_id));
            PowerView v{.power = std::move(*p)};
            ZWGK_ASSIGN_OR_RETURN(links, store::RecordsOfPower(tx, power_id));
            ZWGK_ASSIGN_OR_RETURN(v.changes, store::Changes(tx, power_id));
            return v;
          }));
  if (links.empty()) return v;
  // The records in one read (publishing's own transaction, after ours).
  std::vector<int64_t> ids;
  for (const auto& [stage, record] : links) ids.push_back(record);
  ZWGK_ASSIGN_OR_RETURN(std::vector<publishing::Record> records,
                        publishing_.GetMany(ids));
  std::map<int64_t, const publishing::Record*> by_id;
  for (const publishing::Record& r : records) by_id[r.id] = &r;
  for (const auto& [stage, record] : links) {
    auto it = by_id.find(record);
    if (it == by_id.end()) continue;
    const publishing::Record& r = *it->second;
    v.records.push_back({.stage_id = stage,
                         .record_id = r.id,
                         .title = r.title,
                         .status = r.status,
                         .disclosure = r.disclosure,
                         .withheld_ground = r.withheld_ground});
  }
  return v;
}

absl::StatusOr<std::vector<Coverage>> Service::GetCoverage(const Actor& actor) {
  ZWGK_ASSIGN_OR_RETURN(std::vector<Power> powers, List(actor, std::nullopt));
  return CoverageOf(powers);
}

absl::StatusOr<int64_t> Service::PowerOfStage(const Actor& actor,
                                              int64_t stage_id) {
  return db_.InTransaction<int64_t>([&](db::Tx& tx) -> absl::StatusOr<int64_t> {
    absl::StatusOr<Stage> s = store::GetStage(tx, stage_id);
    if (absl::IsNotFound(s.status())) return absl::NotFoundError(kNoPower);
    ZWGK_RETURN_IF_ERROR(s.status());
    ZWGK_ASSIGN_OR_RETURN(Power p, store::GetPower(tx, s->power_id));
    ZWGK_RETURN_IF_ERROR(Authorize(actor, p.unit_id));
    return p.id;
  });
}

absl::StatusOr<Stage> Service::Decide(const Actor& actor, int64_t stage_id,
                                      const DecideInput& in) {
  Attribute attribute;
  std::string ground;
  ZWGK_RETURN_IF_ERROR(
      ReadDecision(in.attribute, in.ground, attribute, ground));
  std::optional<int> period = ParsePeriodDays(in.period);
  if (!period)
    return InvalidFields("公开时限格式不对",
                         {{"period", "公开时限应为工作日数，如“20个工作日”"}});
  const std::string reason(absl::StripAsciiWhitespace(in.reason));
  if (Utf8Length(reason) > static_cast<size_t>(options_.max_reason_chars))
    return InvalidFields(
        "理由过长",
        {{"reason",
          absl::StrCat("理由不能超过", options_.max_reason_chars, "字")}});
  const std::string now = FormatTimestamp(clock_.Now());
  return db_.InTransaction<Stage>([&](db::Tx& tx) -> absl::StatusOr<Stage> {
    absl::StatusOr<Stage> s = store::GetStage(tx, stage_id);
    if (absl::IsNotFound(s.status())) return absl::NotFoundError(kNoPower);
    ZWGK_RETURN_IF_ERROR(s.status());
    ZWGK_ASSIGN_OR_RETURN(Power p, store::GetPower(tx, s->power_id));
    ZWGK_RETURN_IF_ERROR(Authorize(actor, p.unit_id));
    const bool changes =
        s->attribute != attribute || s->withheld_ground != ground;
    if (changes && s->attribute != Attribute::kUndecided && reason.empty())
      return InvalidFields(
          "变更公开属性须说明理由",
          {{"reason",
            absl::StrCat("该环节已认定为", AttributeLabel(s->attribute),
                         "，变更须说明理由")}});
    if (!in.catalog_item.empty()) {
      ZWGK_ASSIGN_OR_RETURN(std::vector<catalog::DomainItem> items,
                            catalog_.PublishedItems(tx));
      std::optional<catalog::DomainItem> item =
          MatchItem(items, in.catalog_item);
      if (!item)
        return InvalidFields(
            "找不到目录事项",
            {{"catalog_item",
              absl::StrCat("已发布的目录中没有“", in.catalog_item,
                           "”（或不止一个），请写“一级事项/二级事项”")}});
      s->catalog_item_id = item->item.id;
      s->catalog_item = ItemLabel(item->item);
    }
    if (!in.period.empty()) s->period_days = *period;
    const Stage before = *s;
    s->attribute = attribute;
    s->withheld_ground = ground;
    if (changes) {
      s->decided_by = actor.name;
      s->decided_at = now;
    }
    ZWGK_RETURN_IF_ERROR(store::UpdateStageAttribute(tx, *s));
    if (changes)
      ZWGK_RETURN_IF_ERROR(
          store::InsertChange(tx, {.stage_id = s->id,
                                   .from = before.attribute,
                                   .to = attribute,
                                   .from_ground = before.withheld_ground,
                                   .to_ground = ground,
                                   .reason = reason,
                                   .by = actor.name,
                                   .at = now}));
    ZWGK_RETURN_IF_ERROR(audit::Record(
        tx, clock_, actor,
        {.action = "powers.decide",
         .entity = "power_stage",
         .entity_id = absl::StrCat(s->id),
         .before = {{"attribute", AttributeName(before.attribute)},
                    {"ground", before.withheld_ground},
                    {"catalog_item", before.catalog_item},
                    {"period_days", before.period_days}},
         .after = {{"attribute", AttributeName(s->attribute)},
                   {"ground", s->withheld_ground},
                   {"catalog_item", s->catalog_item},
                   {"period_days", s->period_days},
                   {"reason", reason}}}));
    return *s;
  });
}

absl::StatusOr<publishing::Record> Service::DraftRecord(const Actor& actor,
                                                        int64_t stage_id,
                                                        const DraftInput& in) {
  // Read first: publishing's write opens its own transaction, and the link
  // is made inside it (AlsoInWrite), so a failed link leaves no record.
  struct Found {
    Stage stage;
    Power power;
  };
  auto find = [&](db::Tx& tx) -> absl::StatusOr<Found> {
    absl::StatusOr<Stage> s = store::GetStage(tx, stage_id);
    if (absl::IsNotFound(s.status())) return absl::NotFoundError(kNoPower);
    ZWGK_RETURN_IF_ERROR(s.status());
    ZWGK_ASSIGN_OR_RETURN(Power p, store::GetPower(tx, s->power_id));
    ZWGK_RETURN_IF_ERROR(Authorize(actor, p.unit_id));
    return Found{.stage = std::move(*s), .power = std::move(p)};
  };
  ZWGK_ASSIGN_OR_RETURN(Found f, db_.InTransaction<Found>(find));
  if (f.stage.attribute == Attribute::kUndecided)
    return absl::FailedPreconditionError(
        "该环节尚未认定公开属性，请先认定再起草信息");
  std::string title(absl::StripAsciiWhitespace(in.title));
  if (title.empty())
    title = f.stage.info.empty() ? absl::StrCat(f.power.name, f.stage.stage)
                                 : absl::StrCat(f.power.name, f.stage.info);
  return publishing_.Create(
      actor,
      {.title = title,
       .unit = absl::StrCat(f.power.unit_id),
       .catalog_item_id = f.stage.catalog_item_id,
       .formed_on = in.formed_on.empty() ? calendar::FormatDate(Today(clock_))
                                         : in.formed_on,
       .topic = in.topic,
       .genre = in.genre,
       .disclosure = std::string(RecordDisclosure(f.stage.attribute)),
       .withheld_ground = f.stage.withheld_ground,
       .body_html = StartingBody(f.power, f.stage)},
      [&](db::Tx& tx, const publishing::Record&,
          const publishing::Record& r) -> absl::Status {
        // The stage still there and the actor's (read again in this
        // transaction).
        ZWGK_RETURN_IF_ERROR(find(tx).status());
        ZWGK_RETURN_IF_ERROR(store::LinkRecord(tx, stage_id, r.id));
        return audit::Record(
            tx, clock_, actor,
            {.action = "powers.draft",
             .entity = "power_stage",
             .entity_id = absl::StrCat(stage_id),
             .after = {{"record_id", r.id}, {"title", r.title}}});
      });
}

absl::StatusOr<std::pair<Stage, Power>> Service::StageOfRecord(
    db::Tx& tx, const Actor& actor, int64_t record_id) {
  constexpr char kNoRecord[] = "没有这条据权责清单起草的信息";
  ZWGK_ASSIGN_OR_RETURN(std::optional<int64_t> stage_id,
                        store::StageOfRecord(tx, record_id));
  if (!stage_id) return absl::NotFoundError(kNoRecord);
  ZWGK_ASSIGN_OR_RETURN(Stage s, store::GetStage(tx, *stage_id));
  ZWGK_ASSIGN_OR_RETURN(Power p, store::GetPower(tx, s.power_id));
  if (!IsStaff(actor.role) || !ActsForUnit(actor, p.unit_id))
    return absl::NotFoundError(kNoRecord);
  return std::pair<Stage, Power>(std::move(s), std::move(p));
}

absl::StatusOr<int64_t> Service::PowerOfRecord(const Actor& actor,
                                               int64_t record_id) {
  return db_.InTransaction<int64_t>([&](db::Tx& tx) -> absl::StatusOr<int64_t> {
    ZWGK_ASSIGN_OR_RETURN(auto found, StageOfRecord(tx, actor, record_id));
    return found.second.id;
  });
}

absl::StatusOr<publishing::Record> Service::ChangeRecordAttribute(
    const Actor& actor, int64_t record_id, const RecordAttributeInput& in) {
  Attribute attribute;
  std::string ground;
  ZWGK_RETURN_IF_ERROR(
      ReadDecision(in.attribute, in.ground, attribute, ground));
  const std::string reason(absl::StripAsciiWhitespace(in.reason));
  if (reason.empty())
    return InvalidFields("变更公开属性须说明理由",
                         {{"reason", "变更该信息的公开属性须说明理由"}});
  if (Utf8Length(reason) > static_cast<size_t>(options_.max_reason_chars))
    return InvalidFields(
        "理由过长",
        {{"reason",
          absl::StrCat("理由不能超过", options_.max_reason_chars, "字")}});
  // Whose it is, before publishing's transaction (and again inside it).
  ZWGK_RETURN_IF_ERROR(PowerOfRecord(actor, record_id).status());
  const std::string now = FormatTimestamp(clock_.Now());
  absl::StatusOr<publishing::Record> changed = publishing_.ChangeDisclosure(
      actor, record_id,
      {.disclosure = std::string(RecordDisclosure(attribute)),
       .withheld_ground = ground,
       .reason = reason},
      [&](db::Tx& tx, const publishing::Record& before,
          const publishing::Record& after) -> absl::Status {
        ZWGK_ASSIGN_OR_RETURN(auto found, StageOfRecord(tx, actor, record_id));
        const Change c{
            .stage_id = found.first.id,
            .record_id = record_id,
            .from =
                ParseAttribute(publishing::DisclosureName(before.disclosure))
                    .value_or(Attribute::kUndecided),
            .to = attribute,
            .from_ground = before.withheld_ground,
            .to_ground = after.withheld_ground,
            .reason = reason,
            .by = actor.name,
            .at = now};
        ZWGK_RETURN_IF_ERROR(store::InsertChange(tx, c));
        return audit::Record(tx, clock_, actor,
                             {.action = "powers.record_attribute",
                              .entity = "power_stage",
                              .entity_id = absl::StrCat(found.first.id),
                              .before = {{"record_id", record_id},
                                         {"attribute", AttributeName(c.from)},
                                         {"ground", c.from_ground}},
                              .after = {{"record_id", record_id},
                                        {"attribute", AttributeName(c.to)},
                                        {"ground", c.to_ground},
                                        {"reason", reason}}});
      });
  // Publishing names its own fields; the form here names attribute/ground.
  if (absl::IsInvalidArgument(changed.status())) {
    FieldErrors fields;
    for (const auto& [k, v] : GetFieldErrors(changed.status()))
      fields[k == "disclosure"        ? "attribute"
             : k == "withheld_ground" ? "ground"
                                      : k] = v;
    if (!fields.empty())
      return InvalidFields(changed.status().message(), fields);
  }
  return changed;
}

absl::StatusOr<Table2Figures> Service::Table2Counts(int64_t unit_id, int year) {
  if (year < 2000 || year > Today(clock_).year())
    return absl::InvalidArgumentError(
        absl::StrCat("年份", year, "不在2000年至今年之间"));
  using Links = std::vector<std::pair<int64_t, PowerType>>;
  ZWGK_ASSIGN_OR_RETURN(Links links, db_.InTransaction<Links>([&](db::Tx& tx) {
    return store::RecordsOfUnitByType(
        tx, unit_id,
        {PowerType::kLicense, PowerType::kPenalty, PowerType::kCoercion});
  }));
  Table2Figures out{.year = year, .unit_id = unit_id};
  const std::string prefix = absl::StrCat(year, "-");
  constexpr size_t kBatch = 500;
  for (size_t i = 0; i < links.size(); i += kBatch) {
    std::vector<int64_t> ids;
    std::map<int64_t, PowerType> type_of;
    for (size_t j = i; j < std::min(links.size(), i + kBatch); ++j) {
      ids.push_back(links[j].first);
      type_of[links[j].first] = links[j].second;
    }
    ZWGK_ASSIGN_OR_RETURN(std::vector<publishing::Record> records,
                          publishing_.GetMany(ids));
    for (const publishing::Record& r : records) {
      // first_published_on is the county's calendar day (Beijing time).
      if (!publishing::IsPublic(r) || r.unit_id != unit_id ||
          !absl::StartsWith(r.first_published_on, prefix))
        continue;
      switch (type_of[r.id]) {
        case PowerType::kLicense:
          ++out.licensing;
          break;
        case PowerType::kPenalty:
          ++out.penalty;
          break;
        case PowerType::kCoercion:
          ++out.coercion;
          break;
        default:
          break;
      }
    }
  }
  return out;
}

absl::StatusOr<std::vector<Power>> Service::PublicList(int64_t unit_id) {
  absl::StatusOr<org::Unit> u = org_.GetUnit(unit_id);
  if (!u.ok() || u->retired) return absl::NotFoundError("没有这个单位");
  ZWGK_ASSIGN_OR_RETURN(std::vector<Power> powers,
                        db_.InTransaction<std::vector<Power>>([&](db::Tx& tx) {
                          return store::ListPowers(tx, unit_id);
                        }));
  std::vector<Power> out;
  for (Power& p : powers) {
    std::erase_if(p.stages, [](const Stage& s) {
      return s.attribute != Attribute::kActive;
    });
    for (Stage& s : p.stages) s.decided_by.clear(), s.decided_at.clear();
    if (!p.stages.empty()) out.push_back(std::move(p));
  }
  return out;
}

}  // namespace zwgk::powers
