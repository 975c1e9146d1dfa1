// Realistic generated records for benchmarks and demos (`zwgk dev generate
// --records N`): titles, ~300 characters of Chinese body text, 文号, 索引号
// in the default pattern, units, domains, catalog items, topics, genres and
// dates spread over 2020 to today; a few drafts, 依申请/不予公开 and 废止
// records so filters and 404s are exercised at scale.
// Document classes as in a real county: some 通知/决定/意见/办法/通告 are
// 行政规范性文件 with a 登记号 (嘉政规〔2025〕3号) and an 有效期, some of
// them repealed (已废止) or expired (已失效) in a later year, so Table 二 of
// the 年报 has issued, repealed and in-force figures across year ends; most
// 规范性文件 are followed by their 解读 (genre 解读, related "interprets",
// the same day or 1–5 working days later; the rest have none); no
// 规章 (a county government does not make them) unless `regulation_units`
// names a unit. Genres include 工作动态 (news), and some domains' 专栏 went
// quiet months or years before `to`, so stale-column rules have both fresh
// and stale columns to find.
#ifndef ZWGK_PUBLISHING_GENERATE_H_
#define ZWGK_PUBLISHING_GENERATE_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "catalog/service.h"
#include "core/db.h"
#include "org/service.h"

namespace zwgk::publishing {

struct GenerateOptions {
  int64_t records = 1000;
  uint64_t seed = 20261128;
  absl::CivilDay from = absl::CivilDay(2020, 1, 1);
  absl::CivilDay to = absl::CivilDay(2026, 11, 27);
  int batch = 20000;  // records per transaction
  std::string region_code = "421221";
  // Units (names) whose 规范性文件-like records are 规章 instead: none by
  // default, as only governments of cities with districts and above make
  // 规章 (立法法).
  std::vector<std::string> regulation_units;
  // The office that issues the county government's own 规范性文件
  // (嘉政规〔…〕); ignored when no unit has that name.
  std::string county_office = "县政府办";
  // Called after each batch with the records written so far.
  std::function<void(int64_t done, int64_t total)> progress;
};

// The text of one generated record (also used by the search benchmark).
struct GeneratedText {
  std::string title, body_html, body_text, doc_number, keywords;
};

// Deterministic: the same seed and index give the same text.
class TextGenerator {
 public:
  explicit TextGenerator(uint64_t seed) : seed_(seed) {}
  GeneratedText Make(int64_t index, absl::string_view unit,
                     absl::string_view domain, absl::string_view genre,
                     int year) const;

 private:
  uint64_t seed_;
};

// Appends records; returns how many were written.
// Items are taken from the latest published catalogs.
[[nodiscard]] absl::StatusOr<int64_t> GenerateRecords(
    db::Database& db, org::Service& org, const catalog::Service& catalog,
    const GenerateOptions& options);

}  // namespace zwgk::publishing

#endif  // ZWGK_PUBLISHING_GENERATE_H_
