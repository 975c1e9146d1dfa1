#include "core/audit.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "core/audit_chain.h"

namespace zwgk::audit {
namespace {
db::Value JsonOrNull(const nlohmann::json& j) {
  if (j.is_null()) return nullptr;
  return j.dump();
}
}  // namespace

absl::Status Record(db::Tx& tx, const Clock& clock, const Actor& actor,
                    const Entry& e) {
  // The chain head is locked before the id is taken, so ids follow the
  // chain's order (core/audit_chain.h).
  absl::Status locked = LockHead(tx);
  if (!locked.ok()) return locked;
  absl::StatusOr<int64_t> id = tx.Insert(
      "INSERT INTO audit_log (at, user_id, user_name, action, entity, "
      "entity_id, "
      "before_json, after_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {FormatTimestamp(clock.Now()),
       actor.user_id ? db::Value(actor.user_id) : db::Value(nullptr),
       actor.name, e.action, e.entity, e.entity_id, JsonOrNull(e.before),
       JsonOrNull(e.after)});
  if (!id.ok()) return id.status();
  return ChainEntry(tx, *id);
}

absl::StatusOr<std::vector<LoggedEntry>> List(db::Database& db,
                                              const ListOptions& o) {
  int per_page = std::clamp(o.per_page, 1, 200);
  int64_t offset = static_cast<int64_t>(std::max(o.page, 1) - 1) * per_page;
  std::string sql =
      "SELECT id, at, user_name, action, entity, entity_id, before_json, "
      "after_json FROM "
      "audit_log";
  std::vector<db::Value> params;
  const char* glue = " WHERE ";
  auto where = [&](const char* clause, const std::optional<std::string>& v) {
    if (!v) return;
    sql += glue;
    sql += clause;
    glue = " AND ";
    params.push_back(*v);
  };
  where("entity = ?", o.entity);
  where("action = ?", o.action);
  where("user_name = ?", o.user_name);
  where("at >= ?", o.from);
  where("at < ?", o.to);
  sql += " ORDER BY id DESC LIMIT ? OFFSET ?";
  params.push_back(int64_t{per_page});
  params.push_back(offset);
  auto r = db.Query(sql, params);
  if (!r.ok()) return r.status();
  std::vector<LoggedEntry> out;
  for (const db::Row& row : r->rows) {
    out.push_back({row.Int(0), row.Text(1), row.Text(2), row.Text(3),
                   row.Text(4), row.Text(5), row.Text(6), row.Text(7)});
  }
  return out;
}

absl::StatusOr<Facets> ListFacets(db::Database& db, int limit) {
  Facets out;
  const std::pair<const char*, std::vector<std::string>*> columns[] = {
      {"user_name", &out.user_names},
      {"action", &out.actions},
      {"entity", &out.entities}};
  for (const auto& [column, values] : columns) {
    auto r =
        db.Query(absl::StrCat("SELECT DISTINCT ", column,
                              " FROM audit_log ORDER BY ", column, " LIMIT ?"),
                 {int64_t{limit}});
    if (!r.ok()) return r.status();
    for (const db::Row& row : r->rows) values->push_back(row.Text(0));
  }
  return out;
}

}  // namespace zwgk::audit
