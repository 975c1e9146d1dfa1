// 办事指南 to and from XLSX in the layout counties use: sheet 办事指南 (one
// row per guide: 事项名称, 主管单位, 领域, then every element by its Chinese
// name, then 乡镇 and 生活事件), sheet 申请材料 (事项名称, 材料名称, 材料形式,
// 份数, 是否必需, 来源, 主管单位) and sheet 办理流程 (事项名称, 步骤, 说明,
// 时限, 主管单位). An element marked 不涉及 is written "不涉及：理由". Export →
// import gives the same guides back.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "catalog/xlsx_table.h"
#include "core/audit.h"
#include "core/status.h"
#include "guides/service.h"
#include "guides/service_internal.h"
#include "guides/store.h"
#include "xlsxwriter.h"

namespace zwgk::guides {
namespace {

constexpr absl::string_view kNotApplicable = "不涉及：";
constexpr int kMaxGuideRows = 5000;
constexpr int kMaxDetailRows = 100000;

using Key = std::pair<std::string, std::string>;  // service, unit ("" any)

bool IsBlank(const std::vector<std::string>& row) {
  for (const std::string& c : row)
    if (!absl::StripAsciiWhitespace(c).empty()) return false;
  return true;
}

// The messages of an InvalidFields status in a line.
std::string Problems(const absl::Status& s) {
  FieldErrors fields = GetFieldErrors(s);
  if (fields.empty()) return std::string(s.message());
  std::vector<std::string> parts;
  for (const auto& [field, message] : fields) parts.push_back(message);
  return absl::StrJoin(parts, "；");
}

bool Required(absl::string_view text) {
  return !(text == "否" || text == "非必需" || text == "非必要" ||
           text == "容缺" || text == "可选");
}

// Whether saving `fields` over `g` changes nothing people see.
bool SameContent(const Guide& g, const Guide& fields) {
  if (g.domain_id != fields.domain_id || g.town_id != fields.town_id ||
      g.elements != fields.elements ||
      g.not_applicable != fields.not_applicable ||
      g.life_events != fields.life_events ||
      g.materials.size() != fields.materials.size() ||
      g.steps.size() != fields.steps.size())
    return false;
  for (size_t i = 0; i < g.materials.size(); ++i) {
    const Material& a = g.materials[i];
    const Material& b = fields.materials[i];
    if (a.name != b.name || a.form != b.form || a.copies != b.copies ||
        a.required != b.required || a.source != b.source)
      return false;
  }
  for (size_t i = 0; i < g.steps.size(); ++i) {
    const Step& a = g.steps[i];
    const Step& b = fields.steps[i];
    if (a.name != b.name || a.description != b.description ||
        a.time_limit != b.time_limit)
      return false;
  }
  return true;
}

struct ParsedRow {
  int line = 0;
  GuideInput in;
  bool materials_given = false, steps_given = false;
};

}  // namespace

absl::StatusOr<ImportSummary> Service::ImportXlsx(const Actor& actor,
                                                  absl::string_view bytes) {
  if (!IsStaff(actor.role))
    return absl::PermissionDeniedError("需要工作人员账号");
  if (static_cast<int64_t>(bytes.size()) > options_.max_import_bytes)
    return InvalidFields(
        "文件过大",
        {{"file", absl::StrCat("文件不能超过 ", options_.max_import_bytes >> 20,
                               " MB")}});
  ZWGK_ASSIGN_OR_RETURN(
      catalog::xlsx::Table guides,
      catalog::xlsx::ReadTable(bytes, {.sheet = "办事指南",
                                       .first_if_missing = false,
                                       .max_rows = kMaxGuideRows}));
  if (!guides.found || guides.rows.empty())
    return InvalidFields("缺少工作表",
                         {{"file", "文件中没有名为“办事指南”的工作表"}});
  ZWGK_ASSIGN_OR_RETURN(
      catalog::xlsx::Table materials,
      catalog::xlsx::ReadTable(bytes, {.sheet = "申请材料",
                                       .first_if_missing = false,
                                       .max_rows = kMaxDetailRows}));
  ZWGK_ASSIGN_OR_RETURN(
      catalog::xlsx::Table steps,
      catalog::xlsx::ReadTable(bytes, {.sheet = "办理流程",
                                       .first_if_missing = false,
                                       .max_rows = kMaxDetailRows}));

  ImportSummary summary;
  const std::vector<std::string>& header = guides.rows[0];
  const int c_service = catalog::xlsx::ColumnOf(header, {"事项名称"});
  const int c_unit =
      catalog::xlsx::ColumnOf(header, {"主管单位", "实施单位", "单位"});
  const int c_domain = catalog::xlsx::ColumnOf(header, {"领域"});
  const int c_town = catalog::xlsx::ColumnOf(header, {"乡镇"});
  const int c_events = catalog::xlsx::ColumnOf(header, {"生活事件"});
  if (c_service < 0)
    return InvalidFields("表头不全",
                         {{"file", "办事指南表第1行（表头）缺少“事项名称”列"}});
  std::map<int, std::string> element_cols;
  for (size_t c = 0; c < header.size(); ++c) {
    const ElementInfo* e = FindElement(header[c]);
    if (e != nullptr && e->name != "事项名称")
      element_cols[static_cast<int>(c)] = std::string(e->name);
  }
  // A unit's staff may leave 主管单位 empty: their own unit.
  std::string own_unit;
  if (actor.unit_id) own_unit = absl::StrCat(*actor.unit_id);

  std::vector<ParsedRow> parsed;
  std::map<Key, size_t> by_key;
  for (size_t i = 1; i < guides.rows.size(); ++i) {
    const auto& row = guides.rows[i];
    if (IsBlank(row)) continue;
    ParsedRow p{.line = static_cast<int>(i + 1)};
    p.in.service = catalog::xlsx::CellAt(row, c_service);
    p.in.unit = catalog::xlsx::CellAt(row, c_unit);
    if (p.in.unit.empty()) p.in.unit = own_unit;
    p.in.domain = catalog::xlsx::CellAt(row, c_domain);
    p.in.town = catalog::xlsx::CellAt(row, c_town);
    // Multi-byte separators replaced whole (ByAnyChar splits bytes).
    const std::string events =
        absl::StrReplaceAll(catalog::xlsx::CellAt(row, c_events),
                            {{"、", ","}, {"，", ","}, {"；", ","}});
    for (absl::string_view ev :
         absl::StrSplit(events, absl::ByAnyChar(",; "), absl::SkipEmpty()))
      p.in.life_events.emplace_back(ev);
    for (const auto& [col, name] : element_cols) {
      std::string text = catalog::xlsx::CellAt(row, col);
      absl::string_view rest = text;
      if (absl::ConsumePrefix(&rest, kNotApplicable) ||
          absl::ConsumePrefix(&rest, "不涉及:") || rest == "不涉及") {
        p.in.not_applicable[name] = std::string(
            absl::StripAsciiWhitespace(rest == "不涉及" ? "" : rest));
      } else if (!text.empty()) {
        p.in.elements[name] = text;
      }
    }
    const Key key{p.in.service, p.in.unit};
    if (by_key.count(key)) {
      summary.problems.push_back(absl::StrCat("办事指南第", p.line, "行：事项“",
                                              p.in.service, "”重复"));
      continue;
    }
    by_key[key] = parsed.size();
    parsed.push_back(std::move(p));
  }
  // The guide a material or step row belongs to: by 事项名称 and, when
  // given, 主管单位 (towns often share service names).
  auto find = [&](const std::string& service,
                  const std::string& unit) -> std::optional<size_t> {
    if (!unit.empty()) {
      auto it = by_key.find({service, unit});
      if (it != by_key.end()) return it->second;
      return std::nullopt;
    }
    std::optional<size_t> found;
    for (const auto& [k, idx] : by_key) {
      if (k.first != service) continue;
      if (found) return std::nullopt;  // ambiguous without a unit
      found = idx;
    }
    return found;
  };
  if (materials.found && !materials.rows.empty()) {
    for (ParsedRow& p : parsed) p.materials_given = true;
    const auto& h = materials.rows[0];
    const int c_s = catalog::xlsx::ColumnOf(h, {"事项名称"});
    const int c_u = catalog::xlsx::ColumnOf(h, {"主管单位", "单位"});
    const int c_n = catalog::xlsx::ColumnOf(h, {"材料名称"});
    const int c_f = catalog::xlsx::ColumnOf(h, {"材料形式"});
    const int c_c = catalog::xlsx::ColumnOf(h, {"份数"});
    const int c_r = catalog::xlsx::ColumnOf(h, {"是否必需", "是否必要"});
    const int c_src = catalog::xlsx::ColumnOf(h, {"来源", "材料来源"});
    for (size_t i = 1; i < materials.rows.size(); ++i) {
      const auto& row = materials.rows[i];
      if (IsBlank(row)) continue;
      const std::string line = absl::StrCat("申请材料第", i + 1, "行：");
      const std::string service = catalog::xlsx::CellAt(row, c_s);
      std::optional<size_t> idx =
          find(service, catalog::xlsx::CellAt(row, c_u));
      if (!idx) {
        summary.problems.push_back(
            absl::StrCat(line, "办事指南表中没有事项“", service, "”"));
        continue;
      }
      Material m{.name = catalog::xlsx::CellAt(row, c_n),
                 .form = catalog::xlsx::CellAt(row, c_f),
                 .required = Required(catalog::xlsx::CellAt(row, c_r)),
                 .source = catalog::xlsx::CellAt(row, c_src)};
      const std::string copies = catalog::xlsx::CellAt(row, c_c);
      if (!copies.empty() && !absl::SimpleAtoi(copies, &m.copies)) {
        summary.problems.push_back(absl::StrCat(line, "份数应为整数"));
        continue;
      }
      if (m.name.empty()) {
        summary.problems.push_back(absl::StrCat(line, "缺少材料名称"));
        continue;
      }
      parsed[*idx].in.materials.push_back(std::move(m));
    }
  }
  if (steps.found && !steps.rows.empty()) {
    for (ParsedRow& p : parsed) p.steps_given = true;
    const auto& h = steps.rows[0];
    const int c_s = catalog::xlsx::ColumnOf(h, {"事项名称"});
    const int c_u = catalog::xlsx::ColumnOf(h, {"主管单位", "单位"});
    const int c_n = catalog::xlsx::ColumnOf(h, {"步骤", "环节"});
    const int c_d = catalog::xlsx::ColumnOf(h, {"说明", "办理说明"});
    const int c_t = catalog::xlsx::ColumnOf(h, {"时限", "办理时限"});
    for (size_t i = 1; i < steps.rows.size(); ++i) {
      const auto& row = steps.rows[i];
      if (IsBlank(row)) continue;
      const std::string line = absl::StrCat("办理流程第", i + 1, "行：");
      const std::string service = catalog::xlsx::CellAt(row, c_s);
      std::optional<size_t> idx =
          find(service, catalog::xlsx::CellAt(row, c_u));
      if (!idx) {
        summary.problems.push_back(
            absl::StrCat(line, "办事指南表中没有事项“", service, "”"));
        continue;
      }
      Step s{.name = catalog::xlsx::CellAt(row, c_n),
             .description = catalog::xlsx::CellAt(row, c_d),
             .time_limit = catalog::xlsx::CellAt(row, c_t)};
      if (s.name.empty()) {
        summary.problems.push_back(absl::StrCat(line, "缺少步骤名称"));
        continue;
      }
      parsed[*idx].in.steps.push_back(std::move(s));
    }
  }

  // Resolve and authorize every row before the transaction (org reads open
  // their own).
  struct Ready {
    int line;
    Guide fields;
    bool materials_given, steps_given;
  };
  std::vector<Ready> ready;
  for (ParsedRow& p : parsed) {
    const std::string line = absl::StrCat("办事指南第", p.line, "行：");
    absl::StatusOr<Guide> fields = internal::ResolveInput(org_, options_, p.in);
    if (!fields.ok()) {
      summary.problems.push_back(absl::StrCat(line, Problems(fields.status())));
      continue;
    }
    if (!internal::RequireEditor(actor, fields->unit_id).ok()) {
      summary.problems.push_back(absl::StrCat(
          line, "不能导入其他单位（", fields->unit_name, "）的办事指南"));
      continue;
    }
    ready.push_back(
        {p.line, std::move(*fields), p.materials_given, p.steps_given});
  }
  ZWGK_RETURN_IF_ERROR(db_.Transaction([&](db::Tx& tx) -> absl::Status {
    for (Ready& r : ready) {
      ZWGK_ASSIGN_OR_RETURN(
          std::optional<Guide> before,
          store::FindByService(tx, r.fields.unit_id, r.fields.service));
      if (before) {
        if (!r.materials_given) r.fields.materials = before->materials;
        if (!r.steps_given) r.fields.steps = before->steps;
        if (SameContent(*before, r.fields)) continue;
      }
      ZWGK_RETURN_IF_ERROR(
          internal::SaveDraft(tx, clock_, actor, before, r.fields).status());
      ++(before ? summary.updated : summary.created);
    }
    return audit::Record(
        tx, clock_, actor,
        {.action = "guide.import",
         .entity = "guide",
         .entity_id = "",
         .before = nullptr,
         .after = {{"items", summary.created + summary.updated},
                   {"skipped_rows", summary.problems.size()}}});
  }));
  return summary;
}

namespace {

// The first libxlsxwriter error.
class Trap {
 public:
  void Check(lxw_error err) {
    if (err != LXW_NO_ERROR && status_.ok())
      status_ = absl::InternalError(
          absl::StrCat("XLSX 写入失败：", lxw_strerror(err)));
  }
  const absl::Status& status() const { return status_; }

 private:
  absl::Status status_;
};

// Text only, never formulas (write_string stores "=…" as text).
void WriteRow(lxw_worksheet* ws, lxw_row_t row,
              const std::vector<std::string>& cells, lxw_format* format,
              Trap& trap) {
  for (size_t c = 0; c < cells.size(); ++c) {
    if (cells[c].empty() && format == nullptr) continue;
    trap.Check(worksheet_write_string(ws, row, static_cast<lxw_col_t>(c),
                                      cells[c].c_str(), format));
  }
}

absl::Status WriteGuides(lxw_workbook* wb, const std::vector<Guide>& guides) {
  Trap trap;
  lxw_format* head = workbook_add_format(wb);
  format_set_bold(head);
  format_set_bg_color(head, 0xD9D9D9);
  lxw_format* wrap = workbook_add_format(wb);
  format_set_text_wrap(wrap);

  lxw_worksheet* ws = workbook_add_worksheet(wb, "办事指南");
  std::vector<std::string> h = {"事项名称", "主管单位", "领域"};
  for (const ElementInfo& e : AllElements())
    if (e.name != "事项名称") h.emplace_back(e.name);
  h.push_back("乡镇");
  h.push_back("生活事件");
  WriteRow(ws, 0, h, head, trap);
  worksheet_set_column(ws, 0, static_cast<lxw_col_t>(h.size() - 1), 18,
                       nullptr);
  worksheet_freeze_panes(ws, 1, 1);
  lxw_row_t r = 1;
  for (const Guide& g : guides) {
    std::vector<std::string> row = {g.service, g.unit_name, g.domain_name};
    for (const ElementInfo& e : AllElements()) {
      if (e.name == "事项名称") continue;
      const std::string key(e.name);
      if (auto it = g.elements.find(key); it != g.elements.end()) {
        row.push_back(it->second);
      } else if (auto na = g.not_applicable.find(key);
                 na != g.not_applicable.end()) {
        row.push_back(absl::StrCat(kNotApplicable, na->second));
      } else {
        row.emplace_back();
      }
    }
    row.push_back(g.town_name);
    row.push_back(absl::StrJoin(g.life_events, "、"));
    WriteRow(ws, r++, row, nullptr, trap);
  }

  lxw_worksheet* mats = workbook_add_worksheet(wb, "申请材料");
  WriteRow(mats, 0,
           {"事项名称", "材料名称", "材料形式", "份数", "是否必需", "来源",
            "主管单位"},
           head, trap);
  worksheet_set_column(mats, 0, 6, 18, nullptr);
  r = 1;
  for (const Guide& g : guides) {
    for (const Material& m : g.materials) {
      WriteRow(mats, r++,
               {g.service, m.name, m.form, absl::StrCat(m.copies),
                m.required ? "是" : "否", m.source, g.unit_name},
               nullptr, trap);
    }
  }

  lxw_worksheet* st = workbook_add_worksheet(wb, "办理流程");
  WriteRow(st, 0, {"事项名称", "步骤", "说明", "时限", "主管单位"}, head, trap);
  worksheet_set_column(st, 0, 4, 18, nullptr);
  r = 1;
  for (const Guide& g : guides) {
    for (const Step& s : g.steps) {
      WriteRow(st, r++,
               {g.service, s.name, s.description, s.time_limit, g.unit_name},
               nullptr, trap);
    }
  }
  return trap.status();
}

}  // namespace

absl::StatusOr<std::string> Service::ExportXlsx(const Actor& actor,
                                                const Filter& f) {
  Filter all = f;
  all.offset = 0;
  all.limit = kMaxGuideRows;
  ZWGK_ASSIGN_OR_RETURN(std::vector<Guide> guides, List(actor, all));
  const internal::Names names = internal::LoadNames(org_);
  for (Guide& g : guides) {
    if (!g.town_id) continue;
    if (auto it = names.units.find(*g.town_id); it != names.units.end())
      g.town_name = it->second.name;
  }
  std::string path =
      (std::filesystem::temp_directory_path() / "zwgk-guides-XXXXXX").string();
  const int fd = mkstemp(path.data());
  if (fd < 0) return absl::UnavailableError("无法创建临时文件");
  close(fd);
  lxw_workbook* wb = workbook_new(path.c_str());
  if (wb == nullptr) {
    std::filesystem::remove(path);
    return absl::UnavailableError("无法创建导出文件");
  }
  absl::Status status = WriteGuides(wb, guides);
  const lxw_error closed = workbook_close(wb);
  if (status.ok() && closed != LXW_NO_ERROR)
    status = absl::UnavailableError("写入导出文件失败");
  std::string bytes;
  if (status.ok()) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    bytes = std::move(out).str();
  }
  std::filesystem::remove(path);
  if (!status.ok()) return status;
  return bytes;
}

}  // namespace zwgk::guides
