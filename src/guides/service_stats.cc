// 办事统计: services received, handled and handled on time per unit and
// month, entered or imported (CSV or XLSX), and the dashboard's check for
// units whose statistics are older than three months.
#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "catalog/xlsx_table.h"
#include "core/audit.h"
#include "core/csv.h"
#include "core/status.h"
#include "guides/service.h"
#include "guides/service_internal.h"
#include "guides/store.h"

namespace zwgk::guides {
namespace {

constexpr int kMaxStatsRows = 20000;

// What is wrong with the figures ("" when nothing), for a message.
std::string StatsProblem(const MonthlyStats& s, absl::CivilDay today) {
  if (s.year < 2000 || s.year > 2100) return "年份应为四位数字";
  if (s.month < 1 || s.month > 12) return "月份应为1至12";
  if (absl::CivilMonth(s.year, s.month) > absl::CivilMonth(today))
    return "不能填报未来月份的统计";
  if (s.received < 0 || s.handled < 0 || s.on_time < 0)
    return "受理、办结、按时办结件数不能为负数";
  if (s.handled > s.received) return "办结件数不能多于受理件数";
  if (s.on_time > s.handled) return "按时办结件数不能多于办结件数";
  return "";
}

absl::Status CheckStatsActor(const Actor& actor, int64_t unit_id) {
  return internal::RequireEditor(actor, unit_id);
}

nlohmann::json AuditStats(const MonthlyStats& s) {
  return {{"unit_id", s.unit_id},
          {"year", s.year},
          {"day", absl::StrCat(s.year, "-", s.month)},
          {"items", s.received}};
}

std::optional<int64_t> Number(absl::string_view text) {
  int64_t n = 0;
  std::string t(absl::StripAsciiWhitespace(text));
  // Spreadsheets write whole numbers as "12" but sometimes "12.0".
  if (absl::EndsWith(t, ".0")) t.resize(t.size() - 2);
  if (!absl::SimpleAtoi(t, &n)) return std::nullopt;
  return n;
}

}  // namespace

absl::Status Service::SaveStats(const Actor& actor, const MonthlyStats& in) {
  ZWGK_RETURN_IF_ERROR(CheckStatsActor(actor, in.unit_id));
  if (std::string p = StatsProblem(in, Today(clock_)); !p.empty())
    return InvalidFields("办事统计有误", {{"stats", p}});
  ZWGK_RETURN_IF_ERROR(org_.GetUnit(in.unit_id).status());
  MonthlyStats s = in;
  s.entered_at = FormatTimestamp(clock_.Now());
  s.entered_by = actor.name;
  return db_.Transaction([&](db::Tx& tx) -> absl::Status {
    ZWGK_RETURN_IF_ERROR(store::UpsertStats(tx, s).status());
    return audit::Record(tx, clock_, actor,
                         {.action = "guide.stats_save",
                          .entity = "guide_stats",
                          .entity_id = absl::StrCat(s.unit_id),
                          .before = nullptr,
                          .after = AuditStats(s)});
  });
}

absl::StatusOr<ImportSummary> Service::ImportStats(
    const Actor& actor, absl::string_view bytes, absl::string_view file_name) {
  if (!IsStaff(actor.role))
    return absl::PermissionDeniedError("需要工作人员账号");
  if (static_cast<int64_t>(bytes.size()) > options_.max_import_bytes)
    return InvalidFields(
        "文件过大",
        {{"file", absl::StrCat("文件不能超过 ", options_.max_import_bytes >> 20,
                               " MB")}});
  const bool xlsx = absl::StartsWith(bytes, "PK\x03\x04") ||
                    absl::EndsWithIgnoreCase(file_name, ".xlsx");
  std::vector<std::vector<std::string>> rows;
  if (xlsx) {
    ZWGK_ASSIGN_OR_RETURN(
        catalog::xlsx::Table t,
        catalog::xlsx::ReadTable(bytes, {.sheet = "办事统计",
                                         .first_if_missing = true,
                                         .max_rows = kMaxStatsRows}));
    rows = std::move(t.rows);
  } else {
    ZWGK_ASSIGN_OR_RETURN(rows, ParseCsv(bytes));
    if (rows.size() > kMaxStatsRows + 1u)
      return InvalidFields(
          "行数过多",
          {{"file", absl::StrCat("不能超过", kMaxStatsRows, "行")}});
    for (auto& row : rows)
      for (std::string& cell : row) cell = UnguardCsvFormula(cell);
  }
  if (rows.empty())
    return InvalidFields("文件是空的", {{"file", "没有表头和数据行"}});
  const std::vector<std::string>& header = rows[0];
  const int c_unit = catalog::xlsx::ColumnOf(header, {"单位", "单位名称"});
  const int c_year = catalog::xlsx::ColumnOf(header, {"年", "年份", "年度"});
  const int c_month = catalog::xlsx::ColumnOf(header, {"月", "月份"});
  const int c_recv =
      catalog::xlsx::ColumnOf(header, {"受理", "受理件数", "受理量"});
  const int c_done =
      catalog::xlsx::ColumnOf(header, {"办结", "办结件数", "办结量"});
  const int c_ontime = catalog::xlsx::ColumnOf(
      header, {"按时办结", "按时办结件数", "按时办结量"});
  std::vector<std::string> absent;
  for (auto [col, name] : {std::pair{c_unit, "单位"},
                           {c_year, "年"},
                           {c_month, "月"},
                           {c_recv, "受理"},
                           {c_done, "办结"},
                           {c_ontime, "按时办结"}}) {
    if (col < 0) absent.push_back(name);
  }
  if (!absent.empty())
    return InvalidFields("表头不全",
                         {{"file", absl::StrCat("第1行（表头）缺少列：",
                                                absl::StrJoin(absent, "、"))}});

  const internal::Names names = internal::LoadNames(org_);
  const absl::CivilDay today = Today(clock_);
  ImportSummary summary;
  std::vector<MonthlyStats> good;
  for (size_t i = 1; i < rows.size(); ++i) {
    const auto& row = rows[i];
    const std::string line = absl::StrCat("第", i + 1, "行：");
    bool blank = true;
    for (const std::string& c : row)
      if (!absl::StripAsciiWhitespace(c).empty()) blank = false;
    if (blank) continue;
    const std::string unit = catalog::xlsx::CellAt(row, c_unit);
    std::optional<int64_t> unit_id;
    for (const auto& [id, u] : names.units) {
      if (u.name == unit || absl::StrCat(id) == unit) unit_id = id;
    }
    if (!unit_id) {
      summary.problems.push_back(absl::StrCat(line, "没有单位“", unit, "”"));
      continue;
    }
    if (!CheckStatsActor(actor, *unit_id).ok()) {
      summary.problems.push_back(
          absl::StrCat(line, "不能导入其他单位（", unit, "）的统计"));
      continue;
    }
    MonthlyStats s{.unit_id = *unit_id, .unit_name = unit};
    std::optional<int64_t> y = Number(catalog::xlsx::CellAt(row, c_year));
    std::optional<int64_t> m = Number(catalog::xlsx::CellAt(row, c_month));
    std::optional<int64_t> r = Number(catalog::xlsx::CellAt(row, c_recv));
    std::optional<int64_t> h = Number(catalog::xlsx::CellAt(row, c_done));
    std::optional<int64_t> o = Number(catalog::xlsx::CellAt(row, c_ontime));
    if (!y || !m || !r || !h || !o) {
      summary.problems.push_back(
          absl::StrCat(line, "年、月、受理、办结、按时办结应为整数"));
      continue;
    }
    s.year = static_cast<int>(std::clamp<int64_t>(*y, -1, 99999));
    s.month = static_cast<int>(std::clamp<int64_t>(*m, -1, 99));
    s.received = *r;
    s.handled = *h;
    s.on_time = *o;
    if (std::string p = StatsProblem(s, today); !p.empty()) {
      summary.problems.push_back(absl::StrCat(line, p));
      continue;
    }
    s.entered_at = FormatTimestamp(clock_.Now());
    s.entered_by = actor.name;
    good.push_back(std::move(s));
  }
  ZWGK_RETURN_IF_ERROR(db_.Transaction([&](db::Tx& tx) -> absl::Status {
    for (const MonthlyStats& s : good) {
      ZWGK_ASSIGN_OR_RETURN(bool created, store::UpsertStats(tx, s));
      ++(created ? summary.created : summary.updated);
    }
    if (good.empty()) return absl::OkStatus();
    return audit::Record(
        tx, clock_, actor,
        {.action = "guide.stats_import",
         .entity = "guide_stats",
         .entity_id = "",
         .before = nullptr,
         .after = {{"items", good.size()},
                   {"skipped_rows", summary.problems.size()}}});
  }));
  return summary;
}

absl::StatusOr<std::vector<MonthlyStats>> Service::ListStats(
    int year, std::optional<int64_t> unit_id) {
  const internal::Names names = internal::LoadNames(org_);
  ZWGK_ASSIGN_OR_RETURN(
      std::vector<MonthlyStats> rows,
      db_.InTransaction<std::vector<MonthlyStats>>(
          [&](db::Tx& tx) { return store::ListStats(tx, year, unit_id); }));
  for (MonthlyStats& s : rows) {
    if (auto it = names.units.find(s.unit_id); it != names.units.end())
      s.unit_name = it->second.name;
  }
  return rows;
}

absl::StatusOr<std::vector<StaleStats>> Service::StaleStatistics(
    absl::CivilDay as_of, std::optional<int64_t> unit_id) {
  using Newest = std::map<int64_t, std::pair<int, int>>;
  std::vector<int64_t> units;
  Newest newest;
  ZWGK_RETURN_IF_ERROR(db_.Transaction([&](db::Tx& tx) -> absl::Status {
    ZWGK_ASSIGN_OR_RETURN(units, store::UnitsWithPublicGuides(tx));
    ZWGK_ASSIGN_OR_RETURN(newest, store::NewestStatsMonths(tx));
    return absl::OkStatus();
  }));
  // "More than 3 months before as_of": the month's last day falls before
  // the same day three months earlier (clamped to that month's end).
  const absl::CivilMonth back = absl::CivilMonth(as_of) - 3;
  const absl::CivilDay back_end = absl::CivilDay(back + 1) - 1;
  const absl::CivilDay line = std::min(
      absl::CivilDay(back.year(), back.month(), as_of.day()), back_end);
  std::vector<StaleStats> out;
  for (int64_t u : units) {
    if (unit_id && u != *unit_id) continue;
    auto it = newest.find(u);
    if (it == newest.end()) {
      out.push_back({.unit_id = u});
      continue;
    }
    const absl::CivilMonth month(it->second.first, it->second.second);
    const absl::CivilDay month_end = absl::CivilDay(month + 1) - 1;
    if (month_end < line)
      out.push_back({.unit_id = u, .newest_month = absl::CivilDay(month)});
  }
  return out;
}

}  // namespace zwgk::guides
