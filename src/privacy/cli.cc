// `zwgk privacy scan`: rescans every published record and attachment for
// personal data and prints, per unit, the records with open findings —
// index number, title, kinds with counts, places and masked previews (never
// a raw value). Exit code 0 when the site is clean, cli::kFindings (7) when
// open findings exist, the usual codes on errors.
#include "privacy/cli.h"

#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cli/exit_codes.h"
#include "core/clock.h"
#include "nlohmann/json.hpp"
#include "privacy/scan.h"

namespace zwgk::privacy {
namespace {

using Json = nlohmann::json;

struct ScanFlags {
  std::string unit;
  bool json = false;
};

// "身份证号码 1、手机号码 2" in the scanner's kind order.
std::string KindsText(const std::map<std::string, int64_t>& counts) {
  std::vector<std::string> parts;
  for (Kind k : kAllKinds) {
    auto it = counts.find(std::string(KindName(k)));
    if (it != counts.end())
      parts.push_back(absl::StrCat(KindLabel(k), " ", it->second));
  }
  return absl::StrJoin(parts, "、");
}

std::string KindLabelOf(const std::string& name) {
  std::optional<Kind> k = ParseKind(name);
  return k ? std::string(KindLabel(*k)) : name;
}

Json SummaryJson(const publishing::PrivacyScanSummary& s) {
  return {{"records", s.records},
          {"attachments", s.attachments},
          {"findings", s.findings},
          {"records_with_findings", s.records_with_findings},
          {"not_scanned", s.not_scanned}};
}

Json OverviewJson(const ScanRun& run, const Overview& o) {
  Json units = Json::array();
  std::map<std::string, int64_t> totals;
  for (const UnitFindings& u : o.units) {
    Json records = Json::array();
    for (const RecordFindings& r : u.records) {
      Json findings = Json::array();
      for (const publishing::PrivacyFinding& f : r.report.findings)
        findings.push_back({{"kind", f.kind},
                            {"source", f.source},
                            {"place", f.place},
                            {"preview", f.preview}});
      for (const auto& [k, n] : r.kind_counts) totals[k] += n;
      records.push_back({{"record_id", r.report.record_id},
                         {"index_number", r.index_number},
                         {"title", r.report.title},
                         {"kinds", r.kind_counts},
                         {"findings", findings}});
    }
    units.push_back({{"unit_id", u.unit_id},
                     {"unit_name", u.unit_name},
                     {"findings", u.findings},
                     {"records", records}});
  }
  return {
      {"run",
       {{"id", run.id},
        {"started_at", run.started_at},
        {"finished_at", run.finished_at},
        {"summary", SummaryJson(run.summary)}}},
      {"units", units},
      {"totals",
       {{"records", o.records}, {"findings", o.findings}, {"kinds", totals}}}};
}

void PrintText(const ScanRun& run, const Overview& o) {
  const publishing::PrivacyScanSummary& s = run.summary;
  std::cout << "扫描完成：公开信息 " << s.records << " 条，附件 "
            << s.attachments << " 个（未扫描 " << s.not_scanned << " 个）\n";
  std::map<std::string, int64_t> totals;
  for (const UnitFindings& u : o.units) {
    std::cout << "\n【" << u.unit_name << "】" << u.records.size()
              << " 条信息，" << u.findings << " 处个人信息\n";
    for (const RecordFindings& r : u.records) {
      for (const auto& [k, n] : r.kind_counts) totals[k] += n;
      std::cout << "  "
                << (r.index_number.empty() ? "（无索引号）" : r.index_number)
                << "  " << r.report.title << "  [" << KindsText(r.kind_counts)
                << "]\n";
      for (const publishing::PrivacyFinding& f : r.report.findings) {
        std::cout << "    " << f.source;
        if (!f.place.empty() && f.place != f.source)
          std::cout << " " << f.place;
        std::cout << "\t" << KindLabelOf(f.kind) << "\t" << f.preview << "\n";
      }
    }
  }
  if (o.records == 0) {
    std::cout << "未发现未脱敏的个人信息。\n";
    return;
  }
  std::cout << "\n合计：" << o.records << " 条信息，" << o.findings
            << " 处个人信息（" << KindsText(totals) << "）\n";
  // The list is capped (newest first); the run's own counts are complete.
  if (o.all_units && o.records < s.records_with_findings)
    std::cout << "本次扫描共发现 " << s.records_with_findings << " 条信息含 "
              << s.findings << " 处个人信息（含已说明理由的），以上列出最新的 "
              << o.records << " 条。\n";
}

}  // namespace

void RegisterCli(CliRegistry& cli, std::function<Service&()> service) {
  CLI::App* root = cli.root().add_subcommand("privacy", "保密审查：个人信息");
  root->require_subcommand(1);

  auto sf = std::make_shared<ScanFlags>();
  CLI::App* scan = root->add_subcommand(
      "scan",
      "扫描全站已公开信息及附件中的个人信息，按单位列出（只显示脱敏后的"
      "内容）。退出码：0 未发现，7 发现未处理的个人信息");
  scan->add_option("--unit", sf->unit, "只列出这个单位（id 或名称）");
  scan->add_flag("--json", sf->json, "以 JSON 输出");
  cli.OnRun(scan, [service, sf](AppContext&) {
    std::optional<int64_t> unit;
    if (!sf->unit.empty()) {
      auto u = service().org().ResolveUnit(sf->unit);
      if (!u.ok()) return cli::Fail(u.status());
      unit = u->id;
    }
    absl::StatusOr<ScanRun> run = service().ScanSite(nullptr);
    if (!run.ok()) return cli::Fail(run.status());
    absl::StatusOr<Overview> o = service().GetOverview(SystemActor(), unit);
    if (!o.ok()) return cli::Fail(o.status());
    if (sf->json) {
      std::cout << OverviewJson(*run, *o).dump(2) << "\n";
    } else {
      PrintText(*run, *o);
    }
    return o->records > 0 ? cli::kFindings : cli::kOk;
  });
}

}  // namespace zwgk::privacy
