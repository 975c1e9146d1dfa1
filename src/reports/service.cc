#include "reports/service.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "core/audit.h"
#include "core/csv.h"
#include "core/status.h"
#include "core/text.h"
#include "reports/store.h"

namespace zwgk::reports {
namespace {

constexpr int kMinYear = 2000, kMaxYear = 2100;
constexpr int64_t kMaxCount = 1000000000;

int64_t UnitKey(const Body& b) { return b.unit_id.value_or(kCountyBody); }

nlohmann::json Snapshot(const Report& r) {
  return {{"year", r.year},       {"unit_id", r.unit_id},
          {"version", r.version}, {"state", StateName(r.state)},
          {"note", r.note},       {"review_comment", r.review_comment}};
}

// The Table 三 of applications in the national row order.
Table3 FromStatistics(const applications::Table3& s) {
  Table3 t;
  t.cells[kRowNew] = s.new_received;
  t.cells[kRowCarriedIn] = s.carried_in;
  for (int i = 0; i < applications::kResultRowCount; ++i)
    t.cells[kFirstResultRow + i] = s.results[i];
  t.cells[kRowConcluded] = s.concluded;
  t.cells[kRowCarriedOut] = s.carried_out;
  return t;
}

void AddEntered(Entered& sum, const Entered& e) {
  auto add = [](EnteredFigure& a, const EnteredFigure& b) {
    a.value += b.value;
  };
  add(sum.table2.licensing, e.table2.licensing);
  add(sum.table2.penalty, e.table2.penalty);
  add(sum.table2.coercion, e.table2.coercion);
  add(sum.table2.fees, e.table2.fees);
  auto add_doc = [](DocFigures& a, const DocFigures& b) {
    a.issued += b.issued;
    a.repealed += b.repealed;
    a.in_force += b.in_force;
  };
  add_doc(sum.table2.regulations, e.table2.regulations);
  add_doc(sum.table2.normative, e.table2.normative);
  const Table4 t4 = e.cases.empty() ? e.table4 : CountCases(e.cases);
  for (int b = 0; b < 3; ++b)
    for (int c = 0; c < 5; ++c) sum.table4.blocks[b][c] += t4.blocks[b][c];
}

std::optional<int64_t> ParseCount(absl::string_view s) {
  s = absl::StripAsciiWhitespace(s);
  if (s.empty() || s.size() > 10) return std::nullopt;
  for (char c : s)
    if (!absl::ascii_isdigit(c)) return std::nullopt;
  int64_t n = 0;
  if (!absl::SimpleAtoi(s, &n) || n > kMaxCount) return std::nullopt;
  return n;
}

// The Table 四 field "t4_review_maintained" → its cell, or nullopt.
std::optional<std::pair<int, int>> Table4Field(absl::string_view f) {
  if (!absl::ConsumePrefix(&f, "t4_")) return std::nullopt;
  constexpr std::array<absl::string_view, 5> kCols = {
      "maintained", "corrected", "other", "pending", "total"};
  for (int b = 0; b < 3; ++b) {
    absl::string_view rest = f;
    if (!absl::ConsumePrefix(&rest, ProceedingName(Proceeding(b))) ||
        !absl::ConsumePrefix(&rest, "_"))
      continue;
    for (int c = 0; c < 5; ++c)
      if (rest == kCols[c]) return std::pair{b, c};
  }
  return std::nullopt;
}

std::string Table4FieldLabel(int b, int c) {
  return absl::StrCat("表四 ", kProceedingLabels[b], " ", kOutcomeLabels[c]);
}

// A field name from its name or Chinese label (CSV rows).
std::string CanonicalField(absl::string_view f) {
  f = absl::StripAsciiWhitespace(f);
  for (absl::string_view name : kTable2Fields)
    if (f == name || f == Table2FieldLabel(name)) return std::string(name);
  for (int b = 0; b < 3; ++b)
    for (int c = 0; c < 5; ++c) {
      constexpr std::array<absl::string_view, 5> kCols = {
          "maintained", "corrected", "other", "pending", "total"};
      std::string name =
          absl::StrCat("t4_", ProceedingName(Proceeding(b)), "_", kCols[c]);
      if (f == name || f == Table4FieldLabel(b, c)) return name;
    }
  return std::string(f);
}

// The Table 二 (一) cell a field names ("normative_issued"), or nullptr.
int64_t* DocCell(Table2& t, absl::string_view f) {
  DocFigures* d = nullptr;
  if (absl::ConsumePrefix(&f, "regulations_")) d = &t.regulations;
  if (absl::ConsumePrefix(&f, "normative_")) d = &t.normative;
  if (!d) return nullptr;
  if (f == "issued") return &d->issued;
  if (f == "repealed") return &d->repealed;
  if (f == "in_force") return &d->in_force;
  return nullptr;
}

EnteredFigure* EnteredField(Table2& t, absl::string_view f) {
  if (f == "licensing") return &t.licensing;
  if (f == "penalty") return &t.penalty;
  if (f == "coercion") return &t.coercion;
  if (f == "fees") return &t.fees;
  return nullptr;
}

// Sets one entered field from text; errors go to `v` under `key`.
void ApplyField(Entered& e, absl::string_view field, absl::string_view value,
                const std::optional<std::string>& source, size_t max_source,
                Validator& v, const std::string& key) {
  const std::string label(Table2FieldLabel(field));
  if (auto cell = Table4Field(field)) {
    auto n = ParseCount(value);
    if (!n) {
      v.Add(key, absl::StrCat(Table4FieldLabel(cell->first, cell->second),
                              "应为0至10亿之间的整数"));
      return;
    }
    e.table4.blocks[cell->first][cell->second] = *n;
    return;
  }
  if (int64_t* doc_cell = DocCell(e.table2, field)) {
    auto n = ParseCount(value);
    if (!n) {
      v.Add(key, absl::StrCat(label, "应为0至10亿之间的整数"));
      return;
    }
    *doc_cell = *n;
    return;
  }
  if (EnteredFigure* f = EnteredField(e.table2, field)) {
    std::optional<int64_t> n =
        field == "fees" ? ParseFeesWan(value) : ParseCount(value);
    if (!n) {
      v.Add(key, field == "fees"
                     ? absl::StrCat(label, "应为不小于0的金额，最多6位小数")
                     : absl::StrCat(label, "应为0至10亿之间的整数"));
      return;
    }
    f->value = *n;
    if (source) {
      std::string s(absl::StripAsciiWhitespace(*source));
      if (Utf8Length(s) > max_source) {
        v.Add(absl::StrCat(field, "_source"),
              absl::StrCat(label, "的数据来源最多", max_source, "个字"));
        return;
      }
      f->source = s;
    }
    return;
  }
  v.Add(key, absl::StrCat("没有名为“", field, "”的填报项"));
}

std::string FailureMessage(const std::vector<Check>& checks) {
  std::vector<std::string> lines;
  for (const Check& c : checks)
    if (!c.ok) lines.push_back(absl::StrCat(c.cell, "：", c.message));
  return absl::StrCat("年报表格校验未通过：", absl::StrJoin(lines, "；"));
}

// A failing check refuses the step, each failing cell named (400 with the
// cells as fields).
absl::Status ChecksStatus(const std::vector<Check>& checks) {
  if (AllPass(checks)) return absl::OkStatus();
  FieldErrors fields;
  for (const Check& c : checks)
    if (!c.ok) fields.emplace(c.cell, c.message);
  return InvalidFields(FailureMessage(checks), fields);
}

// The text sections of `r` beside last year's (`last`, if any): how alike
// and whether copied. The one place the copied rule is applied (the page,
// the dashboard).
std::array<SectionView, 3> CompareSections(const Report& r,
                                           const Report* last) {
  std::array<SectionView, 3> out;
  for (int s = 0; s < 3; ++s) {
    SectionView& sv = out[s];
    sv.section = kSections[s];
    sv.text = r.texts[s];
    if (last) sv.last_text = last->texts[s];
    sv.similarity = Similarity(sv.text, sv.last_text);
    sv.copied = sv.similarity >= kCopiedThreshold;
  }
  return out;
}

}  // namespace

bool WorksOn(const Actor& actor, const Body& body) {
  if (IsAdmin(actor)) return true;
  if (!body.unit_id || !actor.unit_id || *actor.unit_id != *body.unit_id)
    return false;
  return actor.role == Role::kUnitEditor || actor.role == Role::kUnitReviewer;
}

Service::Service(db::Database& db, const Clock& clock, org::Service& org,
                 applications::Service& applications,
                 publishing::Service& publishing, ServiceOptions options,
                 concerns::Service* concerns, powers::Service* powers)
    : db_(db),
      clock_(clock),
      org_(org),
      applications_(applications),
      publishing_(publishing),
      options_(std::move(options)),
      concerns_(concerns),
      powers_(powers) {}

absl::StatusOr<Body> Service::ResolveBody(int year, absl::string_view unit) {
  if (year < kMinYear || year > kMaxYear)
    return InvalidFields("年份有误", {{"year", "年份应为2000–2100之间的整数"}});
  Body b{.year = year};
  unit = absl::StripAsciiWhitespace(unit);
  if (unit.empty()) return b;
  if (unit.size() > 200) return absl::NotFoundError("单位不存在");
  ZWGK_ASSIGN_OR_RETURN(org::Unit u, org_.ResolveUnit(unit));
  b.unit_id = u.id;
  return b;
}

absl::StatusOr<std::string> Service::BodyName(std::optional<int64_t> unit_id) {
  if (unit_id) {
    ZWGK_ASSIGN_OR_RETURN(org::Unit u, org_.GetUnit(*unit_id));
    return u.name;
  }
  ZWGK_ASSIGN_OR_RETURN(org::County c, org_.GetCounty());
  return absl::StrCat(c.name, "人民政府");
}

absl::StatusOr<Figures> Service::Compute(const Report& r) {
  std::optional<int64_t> unit;
  if (!r.county()) unit = r.unit_id;
  ZWGK_ASSIGN_OR_RETURN(applications::Table3 stats,
                        applications_.Statistics(SystemActor(), r.year, unit));
  Figures f;
  f.table3 = FromStatistics(stats);
  Entered entered = r.entered;
  if (r.county()) {
    // The county government's report adds up the units' entered figures.
    ZWGK_ASSIGN_OR_RETURN(
        std::vector<Report> all,
        db_.InTransaction<std::vector<Report>>(
            [&](db::Tx& tx) { return store::ListYear(tx, r.year); }));
    Entered sum;
    sum.table2.licensing.source = sum.table2.penalty.source =
        sum.table2.coercion.source = sum.table2.fees.source = "各单位年报汇总";
    for (const Report& u : all)
      if (!u.county()) AddEntered(sum, u.entered);
    AddEntered(sum, r.entered);
    sum.cases.clear();
    entered = sum;
  }
  f.table2 = entered.table2;
  f.table2.doc_source = "manual";
  // Table 二 (一) is counted from the records by document class; a year
  // publishing cannot count (after this one) keeps the entered figures.
  absl::StatusOr<publishing::Table2Records> counted =
      publishing_.Table2Counts(r.year, unit);
  if (counted.ok()) {
    f.table2.regulations = {counted->regulation.issued,
                            counted->regulation.repealed,
                            counted->regulation.in_force};
    f.table2.normative = {counted->normative.issued,
                          counted->normative.repealed,
                          counted->normative.in_force};
    f.table2.doc_source = "records";
  } else if (!absl::IsInvalidArgument(counted.status())) {
    return counted.status();
  }
  f.table4 = entered.cases.empty() || r.county() ? entered.table4
                                                 : CountCases(entered.cases);
  return f;
}

absl::StatusOr<ReportView> Service::Build(const Actor* viewer, Report r) {
  ReportView v;
  const Body body{
      .year = r.year,
      .unit_id = r.county() ? std::nullopt : std::optional<int64_t>(r.unit_id)};
  ZWGK_ASSIGN_OR_RETURN(r.body_name, BodyName(body.unit_id));
  ZWGK_ASSIGN_OR_RETURN(org::County county, org_.GetCounty());
  v.county_name = county.name;
  const bool published = r.state == State::kPublished;
  if (published && r.frozen) {
    v.figures = *r.frozen;
    v.live = false;
    v.checks = RunChecks(v.figures);
  } else if (published) {
    // The stored table does not read back in the national shape.
    v.live = false;
    v.checks = {{.rule = "存储的表格完整",
                 .ok = false,
                 .cell = "figures",
                 .message = "已发布年报的表格数据已损坏，请联系县政务公开办"}};
  } else {
    ZWGK_ASSIGN_OR_RETURN(v.figures, Compute(r));
    v.checks = RunChecks(v.figures);
  }
  // Last year's report, published or not, for the side-by-side view.
  std::optional<Report> last, last_published;
  std::vector<Report> versions;
  ZWGK_RETURN_IF_ERROR(db_.Transaction([&](db::Tx& tx) -> absl::Status {
    ZWGK_ASSIGN_OR_RETURN(last, store::Latest(tx, r.year - 1, r.unit_id));
    ZWGK_ASSIGN_OR_RETURN(last_published,
                          store::LatestPublished(tx, r.year - 1, r.unit_id));
    ZWGK_ASSIGN_OR_RETURN(versions, store::Versions(tx, r.year, r.unit_id));
    return absl::OkStatus();
  }));
  if (last_published && last_published->frozen) {
    v.last_year = last_published->frozen;
  } else {
    Report prior =
        last.value_or(Report{.year = r.year - 1, .unit_id = r.unit_id});
    ZWGK_ASSIGN_OR_RETURN(v.last_year, Compute(prior));
  }
  const Report* texts_from = last_published ? &*last_published
                             : last         ? &*last
                                            : nullptr;
  v.sections = CompareSections(r, texts_from);
  v.generated_overview = OverviewParagraph(
      r.year, r.county() ? "全县" : "本机关", v.figures, v.last_year);
  // 回应关切 (issue 23): the year's concerns, answered on time, press
  // conferences held; read live (the text is stored once generated).
  if (concerns_ != nullptr) {
    absl::StatusOr<concerns::YearCounts> counted =
        concerns_->CountsForYear(r.year, body.unit_id);
    if (counted.ok() && counted->concerns > 0)
      absl::StrAppend(&v.generated_overview, "全年回应社会关切",
                      counted->concerns, "件，其中按时回应",
                      counted->answered_on_time, "件，召开新闻发布会",
                      counted->press_conferences, "场。");
  }
  for (Report& old : versions) old.body_name = r.body_name;
  v.versions = std::move(versions);
  if (viewer && WorksOn(*viewer, body)) {
    const bool draft = r.state == State::kDraft;
    v.may_edit = v.may_submit = draft;
    v.may_review = IsAdmin(*viewer) && r.state == State::kSubmitted;
    v.may_publish = IsAdmin(*viewer) && r.state == State::kReviewed;
    v.may_correct = IsAdmin(*viewer) && published;
  }
  v.report = std::move(r);
  return v;
}

absl::Status Service::MayChange(const Actor& actor, const Body& body) const {
  if (!WorksOn(actor, body)) return absl::NotFoundError("年报不存在");
  return absl::OkStatus();
}

absl::StatusOr<ReportView> Service::Generate(const Actor& actor,
                                             const Body& body) {
  ZWGK_RETURN_IF_ERROR(MayChange(actor, body));
  if (body.year < kMinYear || body.year > kMaxYear)
    return InvalidFields("年份有误", {{"year", "年份应为2000–2100之间的整数"}});
  ZWGK_ASSIGN_OR_RETURN(std::string name, BodyName(body.unit_id));
  // Figures are counted once a request: an existing report is shown as it
  // is, a new one from the view its first paragraph was generated from.
  std::optional<Report> existing;
  ZWGK_RETURN_IF_ERROR(db_.Transaction([&](db::Tx& tx) -> absl::Status {
    ZWGK_ASSIGN_OR_RETURN(existing,
                          store::Latest(tx, body.year, UnitKey(body)));
    return absl::OkStatus();
  }));
  if (existing) return Build(&actor, std::move(*existing));
  // The first paragraph of 一 is generated; units write on from it.
  Report seed{.year = body.year, .unit_id = UnitKey(body)};
  ZWGK_ASSIGN_OR_RETURN(ReportView preview, Build(&actor, seed));
  const std::string now = FormatTimestamp(clock_.Now());
  bool raced = false;
  ZWGK_ASSIGN_OR_RETURN(
      Report r,
      db_.InTransaction<Report>([&](db::Tx& tx) -> absl::StatusOr<Report> {
        ZWGK_ASSIGN_OR_RETURN(std::optional<Report> existing,
                              store::Latest(tx, body.year, UnitKey(body)));
        raced = existing.has_value();
        if (existing) return *existing;
        Report r = seed;
        r.texts[0] = preview.generated_overview;
        r.created_by = r.updated_by = actor.name;
        r.created_at = r.updated_at = now;
        ZWGK_ASSIGN_OR_RETURN(r.id, store::Insert(tx, r));
        ZWGK_RETURN_IF_ERROR(
            audit::Record(tx, clock_, actor,
                          {"report.generate", "report", absl::StrCat(r.id),
                           nullptr, Snapshot(r)}));
        return r;
      }));
  // Generated by someone else meanwhile: theirs, as it is.
  if (raced) return Build(&actor, std::move(r));
  // The preview is the new draft's view but for its first text.
  Report last;
  for (int s = 0; s < 3; ++s) last.texts[s] = preview.sections[s].last_text;
  r.body_name = preview.report.body_name;
  preview.sections = CompareSections(r, &last);
  preview.versions = {r};
  preview.report = std::move(r);
  return preview;
}

absl::StatusOr<ReportView> Service::View(const Actor* viewer,
                                         const Body& body) {
  const bool staff = viewer && WorksOn(*viewer, body);
  ZWGK_ASSIGN_OR_RETURN(
      std::optional<Report> r,
      db_.InTransaction<std::optional<Report>>(
          [&](db::Tx& tx) -> absl::StatusOr<std::optional<Report>> {
            if (staff) return store::Latest(tx, body.year, UnitKey(body));
            return store::LatestPublished(tx, body.year, UnitKey(body));
          }));
  if (!r) return absl::NotFoundError("年报不存在");
  return Build(viewer, std::move(*r));
}

absl::StatusOr<ReportView> Service::ViewVersion(const Actor* viewer,
                                                const Body& body, int version) {
  const bool staff = viewer && WorksOn(*viewer, body);
  ZWGK_ASSIGN_OR_RETURN(std::vector<Report> all,
                        db_.InTransaction<std::vector<Report>>([&](db::Tx& tx) {
                          return store::Versions(tx, body.year, UnitKey(body));
                        }));
  for (Report& r : all) {
    if (r.version != version) continue;
    if (!staff && r.state != State::kPublished) break;
    return Build(viewer, std::move(r));
  }
  return absl::NotFoundError("年报不存在");
}

absl::StatusOr<Report> Service::Change(
    const Actor& actor, const Body& body, absl::string_view action,
    const std::function<absl::Status(Report&)>& act) {
  ZWGK_RETURN_IF_ERROR(MayChange(actor, body));
  const std::string now = FormatTimestamp(clock_.Now());
  return db_.InTransaction<Report>([&](db::Tx& tx) -> absl::StatusOr<Report> {
    ZWGK_ASSIGN_OR_RETURN(std::optional<Report> r,
                          store::Latest(tx, body.year, UnitKey(body)));
    if (!r) return absl::NotFoundError("年报不存在，请先生成年报草稿");
    const nlohmann::json before = Snapshot(*r);
    ZWGK_RETURN_IF_ERROR(act(*r));
    r->updated_by = actor.name;
    r->updated_at = now;
    ZWGK_RETURN_IF_ERROR(store::Update(tx, *r));
    ZWGK_RETURN_IF_ERROR(
        audit::Record(tx, clock_, actor,
                      {std::string(action), "report", absl::StrCat(r->id),
                       before, Snapshot(*r)}));
    return *r;
  });
}

namespace {
absl::Status RequireDraft(const Report& r) {
  if (r.state != State::kDraft)
    return absl::FailedPreconditionError(absl::StrCat(
        "年报当前为「", StateLabel(r.state), "」，只有草稿可以修改"));
  return absl::OkStatus();
}
}  // namespace

absl::StatusOr<Report> Service::SaveTexts(
    const Actor& actor, const Body& body,
    const std::array<std::optional<std::string>, 3>& texts) {
  Validator v;
  for (int s = 0; s < 3; ++s)
    if (texts[s] && Utf8Length(*texts[s]) > options_.max_text_chars)
      v.Add(std::string(SectionName(kSections[s])),
            absl::StrCat(SectionTitle(kSections[s]), "最多",
                         options_.max_text_chars, "个字"));
  ZWGK_RETURN_IF_ERROR(v.ToStatus("年报内容有误"));
  return Change(actor, body, "report.texts", [&](Report& r) -> absl::Status {
    ZWGK_RETURN_IF_ERROR(RequireDraft(r));
    for (int s = 0; s < 3; ++s)
      if (texts[s]) r.texts[s] = *texts[s];
    return absl::OkStatus();
  });
}

absl::StatusOr<Report> Service::SaveEntries(const Actor& actor,
                                            const Body& body,
                                            const EntryForm& form) {
  if (form.size() > 100) return absl::InvalidArgumentError("填报项过多");
  return Change(actor, body, "report.entries", [&](Report& r) -> absl::Status {
    ZWGK_RETURN_IF_ERROR(RequireDraft(r));
    Validator v;
    Entered e = r.entered;
    for (const auto& [field, value] : form) {
      if (absl::EndsWith(field, "_source")) continue;
      auto src = form.find(absl::StrCat(field, "_source"));
      ApplyField(e, field, value,
                 src == form.end() ? std::nullopt
                                   : std::optional<std::string>(src->second),
                 options_.max_source_chars, v, field);
    }
    ZWGK_RETURN_IF_ERROR(v.ToStatus("填报数据有误"));
    r.entered = e;
    return absl::OkStatus();
  });
}

std::string Service::PowersSource(absl::string_view field, int year,
                                  int64_t count) {
  absl::string_view type = field == "licensing" ? "行政许可"
                           : field == "penalty" ? "行政处罚"
                                                : "行政强制";
  return absl::StrCat("从权责清单带入：", year, "年发布的据", type,
                      "事项起草的信息", count, "条");
}

absl::StatusOr<std::optional<powers::Table2Figures>> Service::PowersFigures(
    const Body& body) {
  if (powers_ == nullptr || !body.unit_id)
    return std::optional<powers::Table2Figures>();
  ZWGK_ASSIGN_OR_RETURN(powers::Table2Figures f,
                        powers_->Table2Counts(*body.unit_id, body.year));
  return std::optional<powers::Table2Figures>(f);
}

absl::StatusOr<Report> Service::CarryFromPowers(
    const Actor& actor, const Body& body,
    const std::vector<std::string>& fields, bool replace) {
  if (powers_ == nullptr)
    return absl::FailedPreconditionError("未启用权责清单，无法带入");
  ZWGK_RETURN_IF_ERROR(MayChange(actor, body));
  if (!body.unit_id)
    return InvalidFields(
        "县人民政府年报不从权责清单带入",
        {{"from_powers",
          "县人民政府年报汇总各单位填报的数字，请在各单位年报中带入"}});
  Validator v;
  if (fields.empty()) v.Add("from_powers", "请勾选要从权责清单带入的项目");
  for (const std::string& f : fields)
    if (f != "licensing" && f != "penalty" && f != "coercion")
      v.Add("from_powers", absl::StrCat("“", f, "”不能从权责清单带入"));
  ZWGK_RETURN_IF_ERROR(v.ToStatus("请选择要带入的项目"));
  // Counted before the report's transaction (publishing reads in its own).
  ZWGK_ASSIGN_OR_RETURN(powers::Table2Figures counts,
                        powers_->Table2Counts(*body.unit_id, body.year));
  return Change(
      actor, body, "report.from_powers", [&](Report& r) -> absl::Status {
        ZWGK_RETURN_IF_ERROR(RequireDraft(r));
        Table2& t = r.entered.table2;
        auto figure =
            [&](absl::string_view f) -> std::pair<EnteredFigure*, int64_t> {
          if (f == "licensing") return {&t.licensing, counts.licensing};
          if (f == "penalty") return {&t.penalty, counts.penalty};
          return {&t.coercion, counts.coercion};
        };
        Validator conflicts;
        for (const std::string& f : fields) {
          auto [e, count] = figure(f);
          const std::string source = PowersSource(f, body.year, count);
          const bool entered = e->value != 0 || !e->source.empty();
          if (replace || !entered || (e->value == count && e->source == source))
            continue;
          conflicts.Add(
              f, absl::StrCat(Table2FieldLabel(f), "已填报", e->value,
                              e->source.empty()
                                  ? ""
                                  : absl::StrCat("（来源：", e->source, "）"),
                              "，权责清单统计为", count,
                              "；如需替换请勾选“替换已填的数字”后再带入"));
        }
        ZWGK_RETURN_IF_ERROR(
            conflicts.ToStatus("已填报的数字与权责清单统计不同，未带入"));
        for (const std::string& f : fields) {
          auto [e, count] = figure(f);
          e->value = count;
          e->source = PowersSource(f, body.year, count);
        }
        return absl::OkStatus();
      });
}

absl::StatusOr<Report> Service::ImportCsv(const Actor& actor, const Body& body,
                                          absl::string_view csv) {
  if (csv.size() > options_.max_csv_bytes)
    return InvalidFields("文件过大", {{"file", "CSV 文件最大64KB"}});
  ZWGK_ASSIGN_OR_RETURN(std::vector<std::vector<std::string>> rows,
                        ParseCsv(csv));
  // The header in English (field,value,source) or Chinese (项目,数值,来源).
  auto header = [&](size_t col, absl::string_view en, absl::string_view zh) {
    absl::string_view h = absl::StripAsciiWhitespace(rows[0][col]);
    return h == en || h == zh;
  };
  if (rows.empty() || rows[0].size() < 2 || !header(0, "field", "项目") ||
      !header(1, "value", "数值"))
    return InvalidFields("CSV 表头有误",
                         {{"file", "第一行应为表头：项目,数值,来源"}});
  if (rows.size() > 101)
    return InvalidFields("CSV 行数过多", {{"file", "最多100行数据"}});
  return Change(actor, body, "report.import", [&](Report& r) -> absl::Status {
    ZWGK_RETURN_IF_ERROR(RequireDraft(r));
    Validator v;
    Entered e = r.entered;
    for (size_t i = 1; i < rows.size(); ++i) {
      const std::vector<std::string>& row = rows[i];
      const std::string key = absl::StrCat("数据第", i, "行");
      if (row.size() < 2) {
        v.Add(key, "应有 field 和 value 两列");
        continue;
      }
      std::optional<std::string> source;
      if (row.size() >= 3) source = UnguardCsvFormula(row[2]);
      ApplyField(e, CanonicalField(UnguardCsvFormula(row[0])),
                 UnguardCsvFormula(row[1]), source, options_.max_source_chars,
                 v, key);
    }
    ZWGK_RETURN_IF_ERROR(v.ToStatus("CSV 数据有误，未导入任何数据"));
    r.entered = e;
    return absl::OkStatus();
  });
}

absl::StatusOr<Report> Service::AddCase(const Actor& actor, const Body& body,
                                        const Case& c) {
  if (Utf8Length(c.number) > 60)
    return InvalidFields("案件信息有误", {{"number", "案号最多60个字"}});
  return Change(actor, body, "report.case_add", [&](Report& r) -> absl::Status {
    ZWGK_RETURN_IF_ERROR(RequireDraft(r));
    if (static_cast<int>(r.entered.cases.size()) >= options_.max_cases)
      return InvalidFields(
          "案件过多",
          {{"number", absl::StrCat("最多", options_.max_cases, "件")}});
    r.entered.cases.push_back(c);
    return absl::OkStatus();
  });
}

absl::StatusOr<Report> Service::RemoveCase(const Actor& actor, const Body& body,
                                           int index) {
  return Change(
      actor, body, "report.case_remove", [&](Report& r) -> absl::Status {
        ZWGK_RETURN_IF_ERROR(RequireDraft(r));
        if (index < 0 || index >= static_cast<int>(r.entered.cases.size()))
          return absl::NotFoundError("案件不存在");
        r.entered.cases.erase(r.entered.cases.begin() + index);
        return absl::OkStatus();
      });
}

absl::StatusOr<Report> Service::Submit(const Actor& actor, const Body& body) {
  ZWGK_RETURN_IF_ERROR(MayChange(actor, body));
  ZWGK_ASSIGN_OR_RETURN(ReportView v, View(&actor, body));
  if (v.report.state != State::kDraft) return RequireDraft(v.report);
  ZWGK_RETURN_IF_ERROR(ChecksStatus(v.checks));
  const std::string now = FormatTimestamp(clock_.Now());
  return Change(actor, body, "report.submit", [&](Report& r) -> absl::Status {
    ZWGK_RETURN_IF_ERROR(RequireDraft(r));
    r.state = State::kSubmitted;
    r.submitted_at = now;
    r.review_comment.clear();
    return absl::OkStatus();
  });
}

absl::StatusOr<Report> Service::Review(const Actor& actor, const Body& body,
                                       bool accept, absl::string_view comment) {
  if (!IsAdmin(actor)) {
    ZWGK_RETURN_IF_ERROR(MayChange(actor, body));
    return absl::PermissionDeniedError("只有县政务公开办可以审核年报");
  }
  std::string c(absl::StripAsciiWhitespace(comment));
  if (!accept && c.empty())
    return InvalidFields("请填写退回意见",
                         {{"comment", "退回时请说明需要修改的内容"}});
  if (Utf8Length(c) > 2000)
    return InvalidFields("意见过长", {{"comment", "意见最多2000个字"}});
  return Change(actor, body, accept ? "report.accept" : "report.return",
                [&](Report& r) -> absl::Status {
                  if (r.state != State::kSubmitted)
                    return absl::FailedPreconditionError(
                        absl::StrCat("年报当前为「", StateLabel(r.state),
                                     "」，只有已提交的年报可以审核"));
                  r.state = accept ? State::kReviewed : State::kDraft;
                  r.review_comment = c;
                  return absl::OkStatus();
                });
}

namespace {

// Submits, reviews and publishes the 年报 record from whatever step it is at
// (its pending change's, for a correction); nothing when it is published.
absl::Status AdvanceRecord(publishing::Service& publishing, const Actor& actor,
                           int64_t id) {
  using publishing::Status;
  ZWGK_ASSIGN_OR_RETURN(publishing::Record r, publishing.Get(id));
  Status at = r.pending_change ? r.pending_status : r.status;
  if (at == Status::kDraft || at == Status::kUnpublished) {
    ZWGK_RETURN_IF_ERROR(publishing.Submit(actor, id).status());
    at = Status::kSubmitted;
  }
  if (at == Status::kSubmitted) {
    ZWGK_RETURN_IF_ERROR(publishing
                             .Review(actor, id,
                                     {.outcome = "approved",
                                      .remarks = "年报经县政务公开办审核"})
                             .status());
    at = Status::kReviewed;
  }
  if (at == Status::kReviewed)
    ZWGK_RETURN_IF_ERROR(publishing.Publish(actor, id).status());
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<int64_t> Service::PrepareRecord(
    const Actor& actor, const Report& report,
    const std::vector<Report>& versions, publishing::RecordInput in) {
  using publishing::Status;
  // Linked by an earlier attempt at this version: refreshed while it is
  // still a draft, else carried on as it is.
  if (report.record_id) {
    ZWGK_ASSIGN_OR_RETURN(publishing::Record r,
                          publishing_.Get(*report.record_id));
    const Status at = r.pending_change ? r.pending_status : r.status;
    if (at == Status::kDraft || at == Status::kUnpublished) {
      if (r.version > 0) in.changed_on = in.formed_on;
      in.formed_on = r.formed_on;
      ZWGK_RETURN_IF_ERROR(
          publishing_.Update(actor, *report.record_id, in).status());
    }
    return *report.record_id;
  }
  // A correction changes the record of the versions before it.
  std::optional<int64_t> id;
  for (const Report& old : versions)
    if (old.record_id && old.version < report.version) id = old.record_id;
  if (id) {
    ZWGK_ASSIGN_OR_RETURN(publishing::Record existing, publishing_.Get(*id));
    if (existing.version > 0) in.changed_on = in.formed_on;
    in.formed_on = existing.formed_on;
    ZWGK_RETURN_IF_ERROR(publishing_.Update(actor, *id, in).status());
  } else {
    // A draft of this title and genre left by an attempt that failed before
    // it could link it.
    ZWGK_ASSIGN_OR_RETURN(std::vector<publishing::Record> found,
                          publishing_.Lookup(actor, in.title, 50));
    for (const publishing::Record& r : found)
      if (r.title == in.title && r.genre == in.genre &&
          r.status == Status::kDraft && r.version == 0)
        id = r.id;
    if (id) {
      ZWGK_RETURN_IF_ERROR(publishing_.Update(actor, *id, in).status());
    } else {
      ZWGK_ASSIGN_OR_RETURN(publishing::Record created,
                            publishing_.Create(actor, in));
      id = created.id;
    }
  }
  ZWGK_RETURN_IF_ERROR(db_.Transaction([&](db::Tx& tx) -> absl::Status {
    ZWGK_ASSIGN_OR_RETURN(std::optional<Report> r,
                          store::Latest(tx, report.year, report.unit_id));
    if (!r || r->version != report.version || r->state != State::kReviewed)
      return absl::AbortedError("年报已被他人修改，请刷新后重试");
    r->record_id = id;
    return store::Update(tx, *r);
  }));
  return *id;
}

absl::StatusOr<Report> Service::Publish(const Actor& actor, const Body& body) {
  if (!IsAdmin(actor)) {
    ZWGK_RETURN_IF_ERROR(MayChange(actor, body));
    return absl::PermissionDeniedError("只有县政务公开办可以发布年报");
  }
  ZWGK_ASSIGN_OR_RETURN(ReportView v, View(&actor, body));
  if (v.report.state != State::kReviewed)
    return absl::FailedPreconditionError(
        absl::StrCat("年报当前为「", StateLabel(v.report.state),
                     "」，须先经县政务公开办审核通过才能发布"));
  ZWGK_RETURN_IF_ERROR(ChecksStatus(v.checks));
  // The record the portal shows: the frozen figures rendered as HTML.
  v.report.state = State::kPublished;
  v.live = false;
  const std::string html = Html(v);
  ZWGK_ASSIGN_OR_RETURN(std::vector<std::string> genres, publishing_.Genres());
  if (std::find(genres.begin(), genres.end(), options_.record_genre) ==
      genres.end())
    ZWGK_RETURN_IF_ERROR(publishing_.AddGenre(actor, options_.record_genre));
  publishing::RecordInput in{
      .title = absl::StrCat(v.report.body_name, v.report.year,
                            "年政府信息公开工作年度报告"),
      .unit = body.unit_id ? absl::StrCat(*body.unit_id)
                           : options_.county_record_unit,
      .formed_on = FormatDate(Today(clock_)),
      .topic = options_.record_topic,
      .genre = options_.record_genre,
      .body_html = html,
      .change_note = v.report.note};
  // Publishing the record takes several steps, each publishing's own
  // transaction, before this report is stored as published. So that a
  // retry after a failure in between reuses the record rather than making a
  // second one, the record is linked to this version before it goes through
  // review, a retry carries on from the step it reached, and a record
  // created but never linked (a crash just after Create) is found by its
  // title.
  ZWGK_ASSIGN_OR_RETURN(
      int64_t record_id,
      PrepareRecord(actor, v.report, v.versions, std::move(in)));
  ZWGK_RETURN_IF_ERROR(AdvanceRecord(publishing_, actor, record_id));
  const std::string now = FormatTimestamp(clock_.Now());
  return Change(actor, body, "report.publish", [&](Report& r) -> absl::Status {
    if (r.state != State::kReviewed || r.version != v.report.version)
      return absl::AbortedError("年报已被他人修改，请刷新后重试");
    r.state = State::kPublished;
    r.frozen = v.figures;
    r.record_id = record_id;
    r.published_at = now;
    return absl::OkStatus();
  });
}

absl::StatusOr<Report> Service::Correct(const Actor& actor, const Body& body,
                                        absl::string_view note) {
  if (!IsAdmin(actor)) {
    ZWGK_RETURN_IF_ERROR(MayChange(actor, body));
    return absl::PermissionDeniedError("只有县政务公开办可以更正已发布的年报");
  }
  std::string n(absl::StripAsciiWhitespace(note));
  if (n.empty() || Utf8Length(n) > 500)
    return InvalidFields("请填写更正说明",
                         {{"note", "更正说明为1至500个字，写明更正了什么"}});
  const std::string now = FormatTimestamp(clock_.Now());
  return db_.InTransaction<Report>([&](db::Tx& tx) -> absl::StatusOr<Report> {
    ZWGK_ASSIGN_OR_RETURN(std::optional<Report> r,
                          store::Latest(tx, body.year, UnitKey(body)));
    if (!r) return absl::NotFoundError("年报不存在");
    if (r->state != State::kPublished)
      return absl::FailedPreconditionError(
          "只有已发布的年报可以更正；未发布的年报请直接修改");
    Report next = *r;
    next.version = r->version + 1;
    next.state = State::kDraft;
    next.frozen.reset();
    // Linked again when this version is published (see PrepareRecord).
    next.record_id.reset();
    next.note = n;
    next.review_comment.clear();
    next.submitted_at.clear();
    next.published_at.clear();
    next.created_by = next.updated_by = actor.name;
    next.created_at = next.updated_at = now;
    ZWGK_ASSIGN_OR_RETURN(next.id, store::Insert(tx, next));
    ZWGK_RETURN_IF_ERROR(
        audit::Record(tx, clock_, actor,
                      {"report.correct", "report", absl::StrCat(next.id),
                       Snapshot(*r), Snapshot(next)}));
    return next;
  });
}

absl::StatusOr<std::vector<Report>> Service::List(const Actor& actor,
                                                  int year) {
  if (!IsStaff(actor.role)) return absl::NotFoundError("年报不存在");
  ZWGK_ASSIGN_OR_RETURN(std::vector<Report> all,
                        db_.InTransaction<std::vector<Report>>([&](db::Tx& tx) {
                          return store::ListYear(tx, year);
                        }));
  std::vector<Report> out;
  for (Report& r : all) {
    Body b{.year = r.year,
           .unit_id =
               r.county() ? std::nullopt : std::optional<int64_t>(r.unit_id)};
    if (!WorksOn(actor, b)) continue;
    ZWGK_ASSIGN_OR_RETURN(r.body_name, BodyName(b.unit_id));
    out.push_back(std::move(r));
  }
  return out;
}

absl::StatusOr<std::vector<Report>> Service::ListPublished() {
  ZWGK_ASSIGN_OR_RETURN(
      std::vector<Report> out,
      db_.InTransaction<std::vector<Report>>(
          [&](db::Tx& tx) -> absl::StatusOr<std::vector<Report>> {
            ZWGK_ASSIGN_OR_RETURN(std::vector<int> years,
                                  store::PublishedYears(tx));
            std::vector<Report> all;
            for (int y : years) {
              ZWGK_ASSIGN_OR_RETURN(std::vector<Report> year,
                                    store::ListYear(tx, y));
              for (Report& r : year) {
                ZWGK_ASSIGN_OR_RETURN(std::optional<Report> p,
                                      store::LatestPublished(tx, y, r.unit_id));
                if (p) all.push_back(std::move(*p));
              }
            }
            return all;
          }));
  for (Report& r : out) {
    auto name =
        BodyName(r.county() ? std::nullopt : std::optional<int64_t>(r.unit_id));
    r.body_name = name.ok() ? *name : "";
  }
  return out;
}

absl::StatusOr<std::vector<DueReport>> Service::Due(absl::CivilDay as_of) {
  const int year = static_cast<int>(as_of.year()) - 1;
  ZWGK_ASSIGN_OR_RETURN(std::vector<org::Unit> units, org_.ListUnits());
  std::vector<Report> reports;
  // Last year's texts as the report page compares them: the newest
  // published version, else the newest.
  std::map<int64_t, Report> prior;
  ZWGK_RETURN_IF_ERROR(db_.Transaction([&](db::Tx& tx) -> absl::Status {
    ZWGK_ASSIGN_OR_RETURN(reports, store::ListYear(tx, year));
    ZWGK_ASSIGN_OR_RETURN(std::vector<Report> before,
                          store::ListYear(tx, year - 1));
    for (Report& p : before) {
      if (p.state != State::kPublished && p.version > 1) {
        ZWGK_ASSIGN_OR_RETURN(std::optional<Report> published,
                              store::LatestPublished(tx, year - 1, p.unit_id));
        if (published) p = std::move(*published);
      }
      prior[p.unit_id] = std::move(p);
    }
    return absl::OkStatus();
  }));
  std::map<int64_t, const Report*> by_unit;
  for (const Report& r : reports) by_unit[r.unit_id] = &r;
  std::vector<DueReport> out;
  auto add = [&](std::optional<int64_t> unit, std::string name) {
    DueReport d{.year = year,
                .unit_id = unit,
                .body_name = std::move(name),
                .due_on = DueDate(year, !unit)};
    auto it = by_unit.find(unit.value_or(kCountyBody));
    if (it != by_unit.end()) {
      d.state = it->second->state;
      // A correction in progress still leaves a published version.
      d.done =
          it->second->state == State::kPublished || it->second->version > 1;
      auto last = prior.find(it->second->unit_id);
      for (const SectionView& sv : CompareSections(
               *it->second, last == prior.end() ? nullptr : &last->second)) {
        if (sv.copied)
          d.copied_sections.push_back(std::string(SectionTitle(sv.section)));
      }
      d.copied = !d.copied_sections.empty();
    }
    // The staff page of the report (reports/http.cc AdminShow).
    d.url = absl::StrCat("/admin/reports/", year);
    if (unit) absl::StrAppend(&d.url, "?unit=", *unit);
    d.overdue = !d.done && as_of > d.due_on;
    d.days_left = d.due_on - as_of;
    out.push_back(std::move(d));
  };
  ZWGK_ASSIGN_OR_RETURN(std::string county, BodyName(std::nullopt));
  add(std::nullopt, county);
  for (const org::Unit& u : units) add(u.id, u.name);
  return out;
}

nlohmann::json Service::ApiJson(const ReportView& v) const {
  nlohmann::json j = ToJson(v.figures);
  nlohmann::json out = {
      {"year", v.report.year},
      {"body", v.report.body_name},
      {"unit_id",
       v.report.county() ? nlohmann::json() : nlohmann::json(v.report.unit_id)},
      {"state", StateName(v.report.state)},
      {"version", v.report.version},
      {"live", v.live},
      {"columns", kColumnLabels},
      {"table2", j["table2"]},
      {"table3", j["table3"]},
      {"table4", j["table4"]},
      {"checks", ChecksJson(v.checks)}};
  if (!v.report.note.empty()) out["note"] = v.report.note;
  if (v.report.record_id) out["record_id"] = *v.report.record_id;
  return out;
}

}  // namespace zwgk::reports
