#include "compliance/store.h"

#include <utility>

#include "core/status.h"

namespace zwgk::compliance::store {
namespace {

// The threshold kinds as stored, with their field in Thresholds.
struct ThresholdField {
  absl::string_view kind;
  int Thresholds::*days;
};
constexpr ThresholdField kThresholdFields[] = {
    {"news", &Thresholds::news_days},
    {"notices", &Thresholds::notices_days},
    {"policies", &Thresholds::policies_days},
    {"plans", &Thresholds::plans_days},
    {"special", &Thresholds::special_days},
};

}  // namespace

absl::StatusOr<Thresholds> GetThresholds(db::Tx& tx) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Result res, tx.Query("SELECT kind, days FROM compliance_thresholds"));
  Thresholds t;
  for (const db::Row& row : res.rows) {
    const std::string kind = row.Text(0);
    for (const ThresholdField& f : kThresholdFields) {
      if (f.kind == kind) t.*f.days = static_cast<int>(row.Int(1));
    }
  }
  return t;
}

absl::Status PutThresholds(db::Tx& tx, const Thresholds& t,
                           absl::string_view by, absl::string_view now) {
  for (const ThresholdField& f : kThresholdFields) {
    ZWGK_RETURN_IF_ERROR(
        tx.Exec("INSERT INTO compliance_thresholds (kind, days, updated_by, "
                "updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (kind) DO UPDATE "
                "SET days = excluded.days, updated_by = excluded.updated_by, "
                "updated_at = excluded.updated_at",
                {std::string(f.kind), int64_t{t.*f.days}, std::string(by),
                 std::string(now)})
            .status());
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<ScoreRule>> GetRules(db::Tx& tx) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Result res,
      tx.Query("SELECT code, label, points, enabled FROM compliance_rules"));
  std::vector<ScoreRule> rules = DefaultRules();
  for (const db::Row& row : res.rows) {
    std::optional<RuleCode> code = ParseRuleCode(row.Text(0));
    if (!code) continue;  // a rule this build no longer knows
    for (ScoreRule& r : rules) {
      if (r.code != *code) continue;
      if (!row.Text(1).empty()) r.label = row.Text(1);
      r.points = static_cast<int>(row.Int(2));
      r.enabled = row.Bool(3);
    }
  }
  return rules;
}

absl::Status PutRule(db::Tx& tx, const ScoreRule& r, absl::string_view by,
                     absl::string_view now) {
  return tx
      .Exec(
          "INSERT INTO compliance_rules (code, label, points, enabled, "
          "updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT "
          "(code) DO UPDATE SET label = excluded.label, points = "
          "excluded.points, enabled = excluded.enabled, updated_by = "
          "excluded.updated_by, updated_at = excluded.updated_at",
          {std::string(RuleCodeName(r.code)), r.label, int64_t{r.points},
           int64_t{r.enabled ? 1 : 0}, std::string(by), std::string(now)})
      .status();
}

}  // namespace zwgk::compliance::store
