// The 年报 module's logic: validate → authorize → act, one transaction per
// action, every write audited.
//
// Who does what: a unit's staff (editors, reviewers) draft, fill in and
// submit their unit's report; the county office (admin) drafts the county
// government's report, reviews every report (accept, or return to draft with
// a comment), publishes it — as a record of genre 年报 in the portal,
// through publishing::Service — and corrects a published report only as a
// new version with a note. Published versions are public; anything else is
// for the unit's staff and the county office only (NotFound for others).
//
// Figures: Table 三 from applications::Service::Statistics, Table 二 (一)
// from publishing's count of records by document class where publishing
// offers it (otherwise entered by hand), the rest of Table 二
// and Table 四 as entered. They are computed when read for a report that is
// not published, and frozen (stored JSON) in a published version. The
// county government's report adds up every unit's entered figures and its
// own.
#ifndef ZWGK_REPORTS_SERVICE_H_
#define ZWGK_REPORTS_SERVICE_H_

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "applications/service.h"
#include "concerns/service.h"
#include "core/actor.h"
#include "core/clock.h"
#include "core/db.h"
#include "org/service.h"
#include "powers/service.h"
#include "publishing/service.h"
#include "reports/model.h"

namespace zwgk::reports {

struct ServiceOptions {
  // The unit whose name the county government's report is published under.
  std::string county_record_unit = "县政府办";
  std::string record_topic = "综合政务/政务公开";
  std::string record_genre = "年报";
  // Bounds on what people type.
  size_t max_text_chars = 20000;
  size_t max_source_chars = 200;
  size_t max_csv_bytes = 64 << 10;
  int max_cases = 500;
};

// The reporting body: a unit, or the county government (nullopt).
struct Body {
  int year = 0;
  std::optional<int64_t> unit_id;
};

// One text section as the page shows it: this year's text beside last
// year's, and whether it repeats last year's (Similarity ≥ 0.8).
struct SectionView {
  Section section = Section::kOverview;
  std::string text;
  std::string last_text;  // "" when there is no report last year
  double similarity = 0;
  bool copied = false;
};

struct ReportView {
  Report report;
  Figures figures;  // live for a report not published, frozen otherwise
  bool live = true;
  std::optional<Figures> last_year;  // last year's, when it has a report
  std::vector<Check> checks;
  std::array<SectionView, 3> sections;
  std::string generated_overview;  // the first paragraph of 一
  std::string county_name;         // 嘉鱼县
  std::vector<Report> versions;    // every version, oldest first
  // What the viewer may do now.
  bool may_edit = false, may_submit = false, may_review = false,
       may_publish = false, may_correct = false;
};

// One report's deadline as of a day, for the dashboard.
struct DueReport {
  int year = 0;
  std::optional<int64_t> unit_id;  // nullopt: the county government
  std::string body_name;
  absl::CivilDay due_on;
  std::optional<State> state;  // nullopt: not started
  bool done = false;           // published
  bool overdue = false;        // not published after due_on
  int64_t days_left = 0;       // calendar days to due_on (negative: past)
  // A text section repeats last year's report (Similarity ≥ 0.8; inspectors
  // deduct for it), and which ones.
  bool copied = false;
  std::vector<std::string> copied_sections;  // 一、总体情况 …
  std::string url;                           // the staff page of the report
};

// Fields of the entry form (Table 二 entered figures, Table 四 numbers):
// field name → text, as typed. Names: kTable2Fields, "<field>_source", and
// "t4_<proceeding>_<outcome>" (e.g. t4_review_maintained, t4_review_total).
using EntryForm = std::map<std::string, std::string>;

// The formats a report is exported in (`--format`, the download links).
enum class ExportFormat { kHtml, kPdf, kDocx, kXlsx };
// "html" | "pdf" | "docx" | "xlsx".
std::optional<ExportFormat> ParseExportFormat(absl::string_view s);

struct ReportFile {
  std::string bytes;
  std::string content_type;
  std::string name;  // 嘉鱼县人民政府2025年政府信息公开工作年度报告.pdf
};

class Service {
 public:
  Service(db::Database& db, const Clock& clock, org::Service& org,
          applications::Service& applications, publishing::Service& publishing,
          ServiceOptions options = {}, concerns::Service* concerns = nullptr,
          powers::Service* powers = nullptr);

  // The report of `body`: its newest version, generated as a draft when
  // there is none yet (staff of the unit, or the county office).
  [[nodiscard]] absl::StatusOr<ReportView> Generate(const Actor& actor,
                                                    const Body& body);
  // What `viewer` may see of `body`: the newest version for the unit's
  // staff and the county office, the newest published version for everyone
  // else (nullptr: the public). NotFound when there is nothing to show.
  [[nodiscard]] absl::StatusOr<ReportView> View(const Actor* viewer,
                                                const Body& body);
  // A published version by number (public), or any version for staff.
  [[nodiscard]] absl::StatusOr<ReportView> ViewVersion(const Actor* viewer,
                                                       const Body& body,
                                                       int version);

  // --- Editing a draft -----------------------------------------------------
  // The text sections (absent: unchanged).
  [[nodiscard]] absl::StatusOr<Report> SaveTexts(
      const Actor& actor, const Body& body,
      const std::array<std::optional<std::string>, 3>& texts);
  // Table 二's entered figures and Table 四 numbers from a form; field
  // errors name the field. Fields not in the form are unchanged.
  [[nodiscard]] absl::StatusOr<Report> SaveEntries(const Actor& actor,
                                                   const Body& body,
                                                   const EntryForm& form);
  // The same from CSV: a header `field,value,source` (or 项目,数值,来源) and
  // one row per field (kTable2Fields or t4_… names, or their Chinese
  // labels). All or nothing,
  // errors name the data row.
  [[nodiscard]] absl::StatusOr<Report> ImportCsv(const Actor& actor,
                                                 const Body& body,
                                                 absl::string_view csv);
  // 从权责清单带入: the Table 二 figures named in `fields` (licensing,
  // penalty, coercion) set to the count of records drafted from the unit's
  // powers of that type and published in the year
  // (powers::Service::Table2Counts), each with its source. A figure already
  // entered otherwise (another value or source) is replaced only when
  // `replace`; else nothing changes and the field error says both. Unit
  // reports only (the county government's adds up the units').
  [[nodiscard]] absl::StatusOr<Report> CarryFromPowers(
      const Actor& actor, const Body& body,
      const std::vector<std::string>& fields, bool replace);
  // What CarryFromPowers would bring in, for the page; nullopt for the
  // county government's report or without the inventory.
  [[nodiscard]] absl::StatusOr<std::optional<powers::Table2Figures>>
  PowersFigures(const Body& body);
  // The source CarryFromPowers writes for `field` and `count`.
  static std::string PowersSource(absl::string_view field, int year,
                                  int64_t count);

  [[nodiscard]] absl::StatusOr<Report> AddCase(const Actor& actor,
                                               const Body& body, const Case& c);
  // Removes the case at `index` (0-based).
  [[nodiscard]] absl::StatusOr<Report> RemoveCase(const Actor& actor,
                                                  const Body& body, int index);

  // --- Workflow ---------------------------------------------------------
  // Draft → submitted; refused (FailedPrecondition, cells named) when a
  // check fails.
  [[nodiscard]] absl::StatusOr<Report> Submit(const Actor& actor,
                                              const Body& body);
  // The county office: submitted → reviewed (accept) or → draft with the
  // comment (return; a comment is required).
  [[nodiscard]] absl::StatusOr<Report> Review(const Actor& actor,
                                              const Body& body, bool accept,
                                              absl::string_view comment);
  // The county office: reviewed → published. Checks again, freezes the
  // figures and publishes the report as a 年报 record in the portal (a new
  // version of the same record for a correction).
  [[nodiscard]] absl::StatusOr<Report> Publish(const Actor& actor,
                                               const Body& body);
  // The county office: a published report becomes a new draft version with
  // `note` saying what is corrected (required).
  [[nodiscard]] absl::StatusOr<Report> Correct(const Actor& actor,
                                               const Body& body,
                                               absl::string_view note);

  // --- Reads for lists and the dashboard ---------------------------------
  // The newest version of every report of `year` the actor may see (the
  // county office: all; unit staff: their own).
  [[nodiscard]] absl::StatusOr<std::vector<Report>> List(const Actor& actor,
                                                         int year);
  // Published reports of every year, newest first (the public archive).
  [[nodiscard]] absl::StatusOr<std::vector<Report>> ListPublished();
  // Every report due for year `as_of.year() - 1` as of `as_of`: each unit
  // (31 January) and the county government (31 March), with its state.
  // The dashboard (issue 15) calls this.
  [[nodiscard]] absl::StatusOr<std::vector<DueReport>> Due(
      absl::CivilDay as_of);

  // The report as the portal publishes it (a sanitizable HTML fragment laid
  // out like the national format).
  std::string Html(const ReportView& v) const;
  // A standalone HTML document of the report (the HTML export), with the
  // title and print styles.
  std::string Document(const ReportView& v) const;
  // The report as a file to download or write: HTML (Document), PDF, Word,
  // or the workbook of its tables, with its content type and file name.
  [[nodiscard]] absl::StatusOr<ReportFile> Export(const ReportView& v,
                                                  ExportFormat format) const;
  // The API's JSON: year, body, state, version, table2, table3, table4,
  // checks.
  nlohmann::json ApiJson(const ReportView& v) const;

  // Resolves `?unit=ID|NAME` ("" → the county government).
  [[nodiscard]] absl::StatusOr<Body> ResolveBody(int year,
                                                 absl::string_view unit);

  const Clock& clock() const { return clock_; }
  org::Service& org() { return org_; }
  const ServiceOptions& options() const { return options_; }

 private:
  absl::StatusOr<std::string> BodyName(std::optional<int64_t> unit_id);
  // Table 三 and Table 二 (一) counted now, plus the entered figures.
  absl::StatusOr<Figures> Compute(const Report& r);
  absl::StatusOr<ReportView> Build(const Actor* viewer, Report r);
  // The portal record of `report` (a reviewed version) holding `in`, linked
  // to the version before it is published: created, the earlier versions'
  // changed, or the one an earlier attempt made reused.
  absl::StatusOr<int64_t> PrepareRecord(const Actor& actor,
                                        const Report& report,
                                        const std::vector<Report>& versions,
                                        publishing::RecordInput in);
  // Loads the newest version the actor may change, runs `act` on it and
  // saves it, audited as `action`.
  absl::StatusOr<Report> Change(
      const Actor& actor, const Body& body, absl::string_view action,
      const std::function<absl::Status(Report&)>& act);
  absl::Status MayChange(const Actor& actor, const Body& body) const;

  db::Database& db_;
  const Clock& clock_;
  org::Service& org_;
  applications::Service& applications_;
  publishing::Service& publishing_;
  ServiceOptions options_;
  // 回应关切's yearly counts for the 总体情况 (issue 23); nullptr: left out.
  concerns::Service* concerns_ = nullptr;
  // The 公开属性 inventory's Table 二 counts (从权责清单带入); nullptr: not
  // offered.
  powers::Service* powers_ = nullptr;
};

// Whether `actor` works on `body`'s report: the county office for every
// report, a unit's editors and reviewers for their unit's.
bool WorksOn(const Actor& actor, const Body& body);

// The report as a Word file (DOCX written with libzip and pugixml:
// sections 一 to 六, Tables 二, 三, 四 with merged and repeated header rows,
// A4; docx_export.cc) and its tables as a workbook (sheets 表二, 表三, 表四
// laid out like the national format; xlsx_export.cc).
[[nodiscard]] absl::StatusOr<std::string> DocxBytes(const ReportView& v);
[[nodiscard]] absl::StatusOr<std::string> XlsxBytes(const ReportView& v);
// The report as PDF (A4, CJK; Table 三 breaks across pages with its header
// repeated; pdf_export.cc).
[[nodiscard]] absl::StatusOr<std::string> PdfBytes(const ReportView& v);

}  // namespace zwgk::reports

#endif  // ZWGK_REPORTS_SERVICE_H_
