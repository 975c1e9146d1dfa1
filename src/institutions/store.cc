#include "institutions/store.h"

#include <map>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/status.h"

namespace zwgk::institutions::store {
namespace {

// Bound lists are chunked below SQLite's smallest parameter limit.
constexpr size_t kChunk = 500;

std::string Placeholders(size_t n) {
  std::vector<absl::string_view> q(n, "?");
  return absl::StrJoin(q, ", ");
}

SectionContent RowToSection(const db::Row& r) {
  return SectionContent{
      .institution_id = r.Int(0),
      .section = ParseSection(r.Text(1)).value_or(Section::kGuide),
      .body_html = r.Text(2),
      .published = r.Bool(3),
      .updated_by = r.Text(4),
      .updated_at = r.Text(5)};
}

constexpr char kSectionCols[] =
    "unit_id, section, body_html, published, updated_by, updated_at";

}  // namespace

absl::StatusOr<std::vector<Profile>> ListProfiles(db::Tx& tx) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Result r,
      tx.Query("SELECT unit_id, sector, town_id FROM inst_profiles ORDER BY "
               "unit_id"));
  std::vector<Profile> out;
  for (const db::Row& row : r.rows) {
    Profile p{.unit_id = row.Int(0), .sector = row.Text(1)};
    if (!row.IsNull(2)) p.town_id = row.Int(2);
    out.push_back(std::move(p));
  }
  return out;
}

absl::Status PutProfile(db::Tx& tx, const Profile& p, absl::string_view now) {
  return tx
      .Exec(
          "INSERT INTO inst_profiles (unit_id, sector, town_id, updated_at) "
          "VALUES (?, ?, ?, ?) ON CONFLICT (unit_id) DO UPDATE SET sector = "
          "excluded.sector, town_id = excluded.town_id, updated_at = "
          "excluded.updated_at",
          {p.unit_id, p.sector, db::OrNull(p.town_id), std::string(now)})
      .status();
}

absl::StatusOr<std::vector<Template>> ListTemplates(db::Tx& tx) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Result r,
      tx.Query("SELECT department_id, sector, section, required, period_days, "
               "updated_by, updated_at FROM inst_templates ORDER BY "
               "department_id, sector"));
  std::map<std::pair<int64_t, std::string>, Template> by_key;
  for (const db::Row& row : r.rows) {
    std::optional<Section> s = ParseSection(row.Text(2));
    if (!s) continue;
    auto key = std::make_pair(row.Int(0), row.Text(1));
    auto [it, fresh] = by_key.try_emplace(key);
    Template& t = it->second;
    if (fresh) {
      t.department_id = key.first;
      t.sector = key.second;
      t.rules = DefaultRules();
      t.is_default = false;
    }
    for (SectionRule& rule : t.rules) {
      if (rule.section != *s) continue;
      rule.required = row.Bool(3);
      rule.period_days = static_cast<int>(row.Int(4));
    }
    if (row.Text(6) > t.updated_at) {
      t.updated_at = row.Text(6);
      t.updated_by = row.Text(5);
    }
  }
  std::vector<Template> out;
  for (auto& [k, t] : by_key) out.push_back(std::move(t));
  return out;
}

absl::StatusOr<std::optional<Template>> GetTemplate(db::Tx& tx,
                                                    int64_t department_id,
                                                    absl::string_view sector) {
  ZWGK_ASSIGN_OR_RETURN(std::vector<Template> all, ListTemplates(tx));
  for (Template& t : all)
    if (t.department_id == department_id && t.sector == sector)
      return std::optional<Template>(std::move(t));
  return std::optional<Template>();
}

absl::Status PutTemplate(db::Tx& tx, const Template& t) {
  for (const SectionRule& r : t.rules) {
    ZWGK_RETURN_IF_ERROR(
        tx.Exec("INSERT INTO inst_templates (department_id, sector, section, "
                "required, period_days, updated_by, updated_at) VALUES (?, ?, "
                "?, ?, ?, ?, ?) ON CONFLICT (department_id, sector, section) "
                "DO UPDATE SET required = excluded.required, period_days = "
                "excluded.period_days, updated_by = excluded.updated_by, "
                "updated_at = excluded.updated_at",
                {t.department_id, t.sector, std::string(SectionName(r.section)),
                 int64_t{r.required ? 1 : 0}, int64_t{r.period_days},
                 t.updated_by, t.updated_at})
            .status());
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<SectionContent>> ListSections(
    db::Tx& tx, const std::vector<int64_t>& unit_ids) {
  std::vector<SectionContent> out;
  if (unit_ids.empty()) {
    ZWGK_ASSIGN_OR_RETURN(
        db::Result r,
        tx.Query(absl::StrCat("SELECT ", kSectionCols,
                              " FROM inst_sections ORDER BY unit_id")));
    for (const db::Row& row : r.rows) out.push_back(RowToSection(row));
    return out;
  }
  for (size_t i = 0; i < unit_ids.size(); i += kChunk) {
    const size_t n = std::min(kChunk, unit_ids.size() - i);
    std::vector<db::Value> args;
    for (size_t j = 0; j < n; ++j) args.push_back(unit_ids[i + j]);
    ZWGK_ASSIGN_OR_RETURN(
        db::Result r,
        tx.Query(absl::StrCat("SELECT ", kSectionCols,
                              " FROM inst_sections WHERE unit_id IN (",
                              Placeholders(n), ") ORDER BY unit_id"),
                 args));
    for (const db::Row& row : r.rows) out.push_back(RowToSection(row));
  }
  return out;
}

absl::Status PutSection(db::Tx& tx, const SectionContent& s) {
  return tx
      .Exec(
          "INSERT INTO inst_sections (unit_id, section, body_html, published, "
          "updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT "
          "(unit_id, section) DO UPDATE SET body_html = excluded.body_html, "
          "published = excluded.published, updated_by = excluded.updated_by, "
          "updated_at = excluded.updated_at",
          {s.institution_id, std::string(SectionName(s.section)), s.body_html,
           int64_t{s.published ? 1 : 0}, s.updated_by, s.updated_at})
      .status();
}

}  // namespace zwgk::institutions::store
