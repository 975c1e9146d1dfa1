#include "reports/model.h"

#include <algorithm>
#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace zwgk::reports {
namespace {

constexpr std::array<absl::string_view, 4> kStateNames = {
    "draft", "submitted", "reviewed", "published"};
constexpr std::array<absl::string_view, 4> kStateLabels = {"草稿", "已提交",
                                                           "已审核", "已发布"};
constexpr std::array<absl::string_view, 4> kOutcomeNames = {
    "maintained", "corrected", "other", "pending"};
constexpr std::array<absl::string_view, 3> kProceedingNames = {
    "review", "suit_direct", "suit_after_review"};

std::string ColumnCell(absl::string_view table, int row, int col) {
  return absl::StrCat(table, "/", kRowCodes[row], "/", kColumnLabels[col]);
}

std::string BlockCell(int block, int col) {
  return absl::StrCat("table4/", kProceedingLabels[block], "/",
                      kOutcomeLabels[col]);
}

// Appends the outcome of one rule: a passing entry, or the failures.
void AddRule(std::vector<Check>& out, absl::string_view rule,
             std::vector<Check> failures) {
  if (failures.empty()) {
    out.push_back({.rule = std::string(rule), .ok = true});
    return;
  }
  for (Check& c : failures) {
    c.rule = std::string(rule);
    c.ok = false;
    out.push_back(std::move(c));
  }
}

// Decodes one UTF-8 code point at `i` (advancing it); invalid bytes count
// as one character each.
uint32_t NextCodePoint(absl::string_view s, size_t& i) {
  const unsigned char c = s[i];
  int len = c < 0x80         ? 1
            : (c >> 5) == 6  ? 2
            : (c >> 4) == 14 ? 3
            : (c >> 3) == 30 ? 4
                             : 1;
  if (i + len > s.size()) len = 1;
  uint32_t cp = len == 1 ? c : c & (0xFF >> (len + 1));
  for (int k = 1; k < len; ++k) cp = (cp << 6) | (s[i + k] & 0x3F);
  i += len;
  return cp;
}

// Whitespace and punctuation (ASCII, CJK symbols, full-width forms) carry
// no content for the similarity measure.
bool IsNoise(uint32_t cp) {
  if (cp < 0x80) return !absl::ascii_isalnum(static_cast<char>(cp));
  return (cp >= 0x2000 && cp <= 0x206F) ||  // general punctuation
         (cp >= 0x3000 && cp <= 0x303F) ||  // CJK symbols and punctuation
         (cp >= 0xFF00 && cp <= 0xFF0F) || (cp >= 0xFF1A && cp <= 0xFF20) ||
         (cp >= 0xFF3B && cp <= 0xFF40) || (cp >= 0xFF5B && cp <= 0xFF65);
}

std::map<uint64_t, int64_t> Bigrams(absl::string_view s, int64_t& total) {
  std::vector<uint32_t> cps;
  for (size_t i = 0; i < s.size();) {
    uint32_t cp = NextCodePoint(s, i);
    if (!IsNoise(cp)) cps.push_back(cp);
  }
  std::map<uint64_t, int64_t> out;
  total = 0;
  for (size_t i = 1; i < cps.size(); ++i) {
    ++out[(static_cast<uint64_t>(cps[i - 1]) << 32) | cps[i]];
    ++total;
  }
  return out;
}

// "增加3件" / "减少2件" / "持平".
std::string Change(int64_t now, int64_t last, absl::string_view unit) {
  if (now > last) return absl::StrCat("增加", now - last, unit);
  if (now < last) return absl::StrCat("减少", last - now, unit);
  return "持平";
}

}  // namespace

absl::string_view StateName(State s) {
  return kStateNames[static_cast<int>(s)];
}
absl::string_view StateLabel(State s) {
  return kStateLabels[static_cast<int>(s)];
}
std::optional<State> ParseState(absl::string_view s) {
  for (int i = 0; i < 4; ++i)
    if (s == kStateNames[i] || s == kStateLabels[i]) return State(i);
  return std::nullopt;
}

std::string FeesWan(int64_t fen) {
  // 1 万元 = 1,000,000 分.
  std::string out = absl::StrCat(fen / 1000000);
  int64_t frac = fen % 1000000;
  if (frac == 0) return out;
  std::string digits = std::to_string(frac + 1000000).substr(1);
  while (!digits.empty() && digits.back() == '0') digits.pop_back();
  return absl::StrCat(out, ".", digits);
}

std::optional<int64_t> ParseFeesWan(absl::string_view s) {
  s = absl::StripAsciiWhitespace(s);
  if (s.empty() || s.size() > 20) return std::nullopt;
  std::vector<absl::string_view> parts = absl::StrSplit(s, '.');
  if (parts.size() > 2 || parts[0].empty()) return std::nullopt;
  for (absl::string_view p : parts)
    for (char c : p)
      if (!absl::ascii_isdigit(c)) return std::nullopt;
  int64_t whole = 0;
  if (!absl::SimpleAtoi(parts[0], &whole) || whole > 1000000000)
    return std::nullopt;
  int64_t frac = 0;
  if (parts.size() == 2) {
    if (parts[1].empty() || parts[1].size() > 6) return std::nullopt;
    std::string padded(parts[1]);
    padded.resize(6, '0');
    if (!absl::SimpleAtoi(padded, &frac)) return std::nullopt;
  }
  return whole * 1000000 + frac;
}

absl::string_view Table2FieldLabel(absl::string_view field) {
  static const std::map<absl::string_view, absl::string_view> kLabels = {
      {"regulations_issued", "规章 本年制发件数"},
      {"regulations_repealed", "规章 本年废止件数"},
      {"regulations_in_force", "规章 现行有效件数"},
      {"normative_issued", "行政规范性文件 本年制发件数"},
      {"normative_repealed", "行政规范性文件 本年废止件数"},
      {"normative_in_force", "行政规范性文件 现行有效件数"},
      {"licensing", "行政许可 本年处理决定数量"},
      {"penalty", "行政处罚 本年处理决定数量"},
      {"coercion", "行政强制 本年处理决定数量"},
      {"fees", "行政事业性收费 本年收费金额（万元）"}};
  auto it = kLabels.find(field);
  return it == kLabels.end() ? field : it->second;
}

const std::array<absl::string_view, kTable3Rows> kRowCodes = {
    "一",      "二",      "三.一",   "三.二",   "三.三.1", "三.三.2", "三.三.3",
    "三.三.4", "三.三.5", "三.三.6", "三.三.7", "三.三.8", "三.四.1", "三.四.2",
    "三.四.3", "三.五.1", "三.五.2", "三.五.3", "三.五.4", "三.五.5", "三.六.1",
    "三.六.2", "三.六.3", "三.七",   "四"};

const std::array<absl::string_view, kTable3Rows> kRowLabels = {
    "一、本年新收政府信息公开申请数量",
    "二、上年结转政府信息公开申请数量",
    "（一）予以公开",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "1.属于国家秘密",
    "2.其他法律行政法规禁止公开",
    "3.危及“三安全一稳定”",
    "4.保护第三方合法权益",
    "5.属于三类内部事务信息",
    "6.属于四类过程性信息",
    "7.属于行政执法案卷",
    "8.属于行政查询事项",
    "1.本机关不掌握相关政府信息",
    "2.没有现成信息需要另行制作",
    "3.补正后申请内容仍不明确",
    "1.信访举报投诉类申请",
    "2.重复申请",
    "3.要求提供公开出版物",
    "4.无正当理由大量反复申请",
    "5.要求行政机关确认或重新出具已获取信息",
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "3.其他",
    "（七）总计",
    "四、结转下年度继续办理"};

absl::string_view RowGroup(int row) {
  if (row >= 4 && row <= 11) return "（三）不予公开";
  if (row >= 12 && row <= 14) return "（四）无法提供";
  if (row >= 15 && row <= 19) return "（五）不予处理";
  if (row >= 20 && row <= 22) return "（六）其他处理";
  return "";
}

std::optional<int> RowIndex(absl::string_view code) {
  for (int i = 0; i < kTable3Rows; ++i)
    if (kRowCodes[i] == code) return i;
  return std::nullopt;
}

absl::string_view OutcomeName(Outcome o) {
  return kOutcomeNames[static_cast<int>(o)];
}
std::optional<Outcome> ParseOutcome(absl::string_view s) {
  for (int i = 0; i < 4; ++i)
    if (s == kOutcomeNames[i] || s == kOutcomeLabels[i]) return Outcome(i);
  return std::nullopt;
}
absl::string_view ProceedingName(Proceeding p) {
  return kProceedingNames[static_cast<int>(p)];
}
std::optional<Proceeding> ParseProceeding(absl::string_view s) {
  for (int i = 0; i < 3; ++i)
    if (s == kProceedingNames[i] || s == kProceedingLabels[i])
      return Proceeding(i);
  return std::nullopt;
}

Table4 CountCases(const std::vector<Case>& cases) {
  Table4 t;
  for (const Case& c : cases) {
    Block& b = t.blocks[static_cast<int>(c.proceeding)];
    ++b[static_cast<int>(c.outcome)];
    ++b[4];
  }
  return t;
}

std::vector<Check> RunChecks(const Figures& f) {
  std::vector<Check> out;
  const auto& cells = f.table3.cells;
  std::vector<Check> failures;
  // Negative numbers anywhere (a tampered or mistyped table).
  for (int r = 0; r < kTable3Rows; ++r)
    for (int c = 0; c < kColumns; ++c)
      if (cells[r][c] < 0)
        failures.push_back({.cell = ColumnCell("table3", r, c),
                            .message = "申请数量不能为负数"});
  for (int b = 0; b < 3; ++b)
    for (int c = 0; c < 5; ++c)
      if (f.table4.blocks[b][c] < 0)
        failures.push_back(
            {.cell = BlockCell(b, c), .message = "案件数量不能为负数"});
  const Table2& t2 = f.table2;
  for (const auto& [name, v] : std::vector<std::pair<std::string, int64_t>>{
           {"规章/本年制发件数", t2.regulations.issued},
           {"规章/本年废止件数", t2.regulations.repealed},
           {"规章/现行有效件数", t2.regulations.in_force},
           {"行政规范性文件/本年制发件数", t2.normative.issued},
           {"行政规范性文件/本年废止件数", t2.normative.repealed},
           {"行政规范性文件/现行有效件数", t2.normative.in_force},
           {"行政许可", t2.licensing.value},
           {"行政处罚", t2.penalty.value},
           {"行政强制", t2.coercion.value},
           {"行政事业性收费", t2.fees.value}}) {
    if (v < 0)
      failures.push_back(
          {.cell = absl::StrCat("table2/", name), .message = "不能为负数"});
  }
  AddRule(out, kRuleNonNegative, std::move(failures));

  failures.clear();
  for (int c = 0; c < kColumns; ++c) {
    const int64_t left = cells[kRowNew][c] + cells[kRowCarriedIn][c];
    const int64_t right = cells[kRowConcluded][c] + cells[kRowCarriedOut][c];
    if (left != right)
      failures.push_back(
          {.cell = ColumnCell("table3", kRowConcluded, c),
           .message = absl::StrCat(kColumnLabels[c], "列：一 + 二 = ", left,
                                   "，三(七) + 四 = ", right)});
  }
  AddRule(out, kRuleBalance, std::move(failures));

  failures.clear();
  for (int r = 0; r < kTable3Rows; ++r) {
    int64_t sum = 0;
    for (int c = 0; c + 1 < kColumns; ++c) sum += cells[r][c];
    if (sum != cells[r][kColumns - 1])
      failures.push_back(
          {.cell = ColumnCell("table3", r, kColumns - 1),
           .message = absl::StrCat(kRowCodes[r], "行：各列之和为", sum,
                                   "，总计为", cells[r][kColumns - 1])});
  }
  AddRule(out, kRuleRowTotal, std::move(failures));

  failures.clear();
  for (int c = 0; c < kColumns; ++c) {
    int64_t sum = 0;
    for (int r = kFirstResultRow; r < kRowConcluded; ++r) sum += cells[r][c];
    if (sum != cells[kRowConcluded][c])
      failures.push_back({.cell = ColumnCell("table3", kRowConcluded, c),
                          .message = absl::StrCat(
                              kColumnLabels[c], "列：办理结果各项之和为", sum,
                              "，（七）总计为", cells[kRowConcluded][c])});
  }
  AddRule(out, kRuleConcluded, std::move(failures));

  failures.clear();
  for (int b = 0; b < 3; ++b) {
    const Block& k = f.table4.blocks[b];
    const int64_t sum = k[0] + k[1] + k[2] + k[3];
    if (sum != k[4])
      failures.push_back(
          {.cell = BlockCell(b, 4),
           .message = absl::StrCat(kProceedingLabels[b], "：各项之和为", sum,
                                   "，总计为", k[4])});
  }
  AddRule(out, kRuleTable4, std::move(failures));
  return out;
}

bool AllPass(const std::vector<Check>& checks) {
  return std::all_of(checks.begin(), checks.end(),
                     [](const Check& c) { return c.ok; });
}

nlohmann::json ToJson(const Figures& f) {
  const Table2& t2 = f.table2;
  auto doc = [](const DocFigures& d) {
    return nlohmann::json{{"issued", d.issued},
                          {"repealed", d.repealed},
                          {"in_force", d.in_force}};
  };
  auto entered = [](const EnteredFigure& e) {
    return nlohmann::json{{"value", e.value}, {"source", e.source}};
  };
  nlohmann::json fees = entered(t2.fees);
  fees["value"] = FeesWan(t2.fees.value);  // 万元 as decimal text
  nlohmann::json table2 = {
      {"规章", doc(t2.regulations)},     {"行政规范性文件", doc(t2.normative)},
      {"doc_source", t2.doc_source},     {"行政许可", entered(t2.licensing)},
      {"行政处罚", entered(t2.penalty)}, {"行政强制", entered(t2.coercion)},
      {"行政事业性收费", fees}};
  nlohmann::json table3 = nlohmann::json::object();
  for (int r = 0; r < kTable3Rows; ++r)
    table3[std::string(kRowCodes[r])] = f.table3.cells[r];
  nlohmann::json table4 = nlohmann::json::object();
  for (int b = 0; b < 3; ++b) {
    nlohmann::json block = nlohmann::json::object();
    for (int c = 0; c < 5; ++c)
      block[std::string(kOutcomeLabels[c])] = f.table4.blocks[b][c];
    table4[std::string(kProceedingLabels[b])] = block;
  }
  return {{"table2", table2}, {"table3", table3}, {"table4", table4}};
}

std::optional<Figures> FiguresFromJson(const nlohmann::json& j) {
  if (!j.is_object()) return std::nullopt;
  auto integer = [](const nlohmann::json& v) -> std::optional<int64_t> {
    if (!v.is_number_integer()) return std::nullopt;
    return v.get<int64_t>();
  };
  Figures f;
  const nlohmann::json* t2 = j.contains("table2") ? &j["table2"] : nullptr;
  const nlohmann::json* t3 = j.contains("table3") ? &j["table3"] : nullptr;
  const nlohmann::json* t4 = j.contains("table4") ? &j["table4"] : nullptr;
  if (!t2 || !t3 || !t4 || !t2->is_object() || !t3->is_object() ||
      !t4->is_object())
    return std::nullopt;
  for (auto [key, doc] : {std::pair{"规章", &f.table2.regulations},
                          std::pair{"行政规范性文件", &f.table2.normative}}) {
    if (!t2->contains(key) || !(*t2)[key].is_object()) return std::nullopt;
    const nlohmann::json& d = (*t2)[key];
    auto a = integer(d.value("issued", nlohmann::json()));
    auto b = integer(d.value("repealed", nlohmann::json()));
    auto c = integer(d.value("in_force", nlohmann::json()));
    if (!a || !b || !c) return std::nullopt;
    *doc = {*a, *b, *c};
  }
  f.table2.doc_source = t2->value("doc_source", "manual");
  for (auto [key, e] : {std::pair{"行政许可", &f.table2.licensing},
                        std::pair{"行政处罚", &f.table2.penalty},
                        std::pair{"行政强制", &f.table2.coercion},
                        std::pair{"行政事业性收费", &f.table2.fees}}) {
    if (!t2->contains(key) || !(*t2)[key].is_object()) return std::nullopt;
    const nlohmann::json& v = (*t2)[key];
    e->source = v.value("source", "");
    if (std::string(key) == "行政事业性收费") {
      auto fen = ParseFeesWan(v.value("value", ""));
      if (!fen) return std::nullopt;
      e->value = *fen;
    } else {
      auto n = integer(v.value("value", nlohmann::json()));
      if (!n) return std::nullopt;
      e->value = *n;
    }
  }
  if (t3->size() != kTable3Rows) return std::nullopt;
  for (int r = 0; r < kTable3Rows; ++r) {
    const std::string code(kRowCodes[r]);
    if (!t3->contains(code)) return std::nullopt;
    const nlohmann::json& row = (*t3)[code];
    if (!row.is_array() || row.size() != kColumns) return std::nullopt;
    for (int c = 0; c < kColumns; ++c) {
      auto n = integer(row[c]);
      if (!n) return std::nullopt;
      f.table3.cells[r][c] = *n;
    }
  }
  for (int b = 0; b < 3; ++b) {
    const std::string key(kProceedingLabels[b]);
    if (!t4->contains(key) || !(*t4)[key].is_object()) return std::nullopt;
    for (int c = 0; c < 5; ++c) {
      auto n = integer(
          (*t4)[key].value(std::string(kOutcomeLabels[c]), nlohmann::json()));
      if (!n) return std::nullopt;
      f.table4.blocks[b][c] = *n;
    }
  }
  return f;
}

nlohmann::json ChecksJson(const std::vector<Check>& checks) {
  nlohmann::json out = nlohmann::json::array();
  for (const Check& c : checks) {
    nlohmann::json j = {{"rule", c.rule}, {"ok", c.ok}};
    if (!c.cell.empty()) j["cell"] = c.cell;
    if (!c.message.empty()) j["message"] = c.message;
    out.push_back(std::move(j));
  }
  return out;
}

absl::string_view SectionName(Section s) {
  constexpr std::array<absl::string_view, 3> kNames = {"overview", "problems",
                                                       "other"};
  return kNames[static_cast<int>(s)];
}
absl::string_view SectionTitle(Section s) {
  constexpr std::array<absl::string_view, 3> kTitles = {
      "一、总体情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"};
  return kTitles[static_cast<int>(s)];
}

double Similarity(absl::string_view a, absl::string_view b) {
  int64_t na = 0, nb = 0;
  std::map<uint64_t, int64_t> ba = Bigrams(a, na), bb = Bigrams(b, nb);
  if (na + nb == 0) return 0;
  int64_t common = 0;
  for (const auto& [gram, n] : ba) {
    auto it = bb.find(gram);
    if (it != bb.end()) common += std::min(n, it->second);
  }
  return 2.0 * static_cast<double>(common) / static_cast<double>(na + nb);
}

std::string OverviewParagraph(int year, absl::string_view body,
                              const Figures& now,
                              const std::optional<Figures>& last) {
  const auto& c = now.table3.cells;
  const int64_t received = c[kRowNew][kColumns - 1];
  const int64_t concluded = c[kRowConcluded][kColumns - 1];
  const int64_t carried = c[kRowCarriedOut][kColumns - 1];
  auto lawsuits = [](const Figures& f) {
    return f.table4.blocks[1][4] + f.table4.blocks[2][4];
  };
  const Table2& t2 = now.table2;
  std::string p = absl::StrCat(year, "年，", body, "主动公开制发规章",
                               t2.regulations.issued, "件、行政规范性文件",
                               t2.normative.issued, "件，现行有效规章",
                               t2.regulations.in_force, "件、行政规范性文件",
                               t2.normative.in_force, "件；");
  absl::StrAppend(&p, "收到政府信息公开申请", received, "件");
  if (last) {
    absl::StrAppend(
        &p, "（上年", last->table3.cells[kRowNew][kColumns - 1], "件，",
        Change(received, last->table3.cells[kRowNew][kColumns - 1], "件"),
        "）");
  }
  absl::StrAppend(&p, "，办结", concluded, "件，结转下年度", carried, "件；");
  absl::StrAppend(&p, "因政府信息公开被申请行政复议", now.table4.blocks[0][4],
                  "件");
  if (last)
    absl::StrAppend(
        &p, "（",
        Change(now.table4.blocks[0][4], last->table4.blocks[0][4], "件"), "）");
  absl::StrAppend(&p, "、被提起行政诉讼", lawsuits(now), "件");
  if (last)
    absl::StrAppend(&p, "（", Change(lawsuits(now), lawsuits(*last), "件"),
                    "）");
  absl::StrAppend(&p, "。");
  return p;
}

nlohmann::json EnteredToJson(const Entered& e) {
  const Table2& t = e.table2;
  auto doc = [](const DocFigures& d) {
    return nlohmann::json::array({d.issued, d.repealed, d.in_force});
  };
  auto entered = [](const EnteredFigure& f) {
    return nlohmann::json{{"value", f.value}, {"source", f.source}};
  };
  nlohmann::json blocks = nlohmann::json::array();
  for (const Block& b : e.table4.blocks) blocks.push_back(b);
  nlohmann::json cases = nlohmann::json::array();
  for (const Case& c : e.cases)
    cases.push_back({{"proceeding", ProceedingName(c.proceeding)},
                     {"outcome", OutcomeName(c.outcome)},
                     {"number", c.number}});
  return {{"regulations", doc(t.regulations)},
          {"normative", doc(t.normative)},
          {"licensing", entered(t.licensing)},
          {"penalty", entered(t.penalty)},
          {"coercion", entered(t.coercion)},
          {"fees", entered(t.fees)},
          {"table4", blocks},
          {"cases", cases}};
}

Entered EnteredFromJson(const nlohmann::json& j) {
  Entered e;
  if (!j.is_object()) return e;
  auto num = [](const nlohmann::json& v) -> int64_t {
    return v.is_number_integer() ? v.get<int64_t>() : 0;
  };
  auto doc = [&](const char* key, DocFigures& d) {
    const nlohmann::json v = j.value(key, nlohmann::json());
    if (!v.is_array() || v.size() != 3) return;
    d = {num(v[0]), num(v[1]), num(v[2])};
  };
  auto entered = [&](const char* key, EnteredFigure& f) {
    const nlohmann::json v = j.value(key, nlohmann::json());
    if (!v.is_object()) return;
    f.value = num(v.value("value", nlohmann::json()));
    const nlohmann::json s = v.value("source", nlohmann::json());
    f.source = s.is_string() ? s.get<std::string>() : "";
  };
  doc("regulations", e.table2.regulations);
  doc("normative", e.table2.normative);
  entered("licensing", e.table2.licensing);
  entered("penalty", e.table2.penalty);
  entered("coercion", e.table2.coercion);
  entered("fees", e.table2.fees);
  const nlohmann::json blocks = j.value("table4", nlohmann::json());
  if (blocks.is_array() && blocks.size() == 3) {
    for (int b = 0; b < 3; ++b)
      if (blocks[b].is_array() && blocks[b].size() == 5)
        for (int c = 0; c < 5; ++c) e.table4.blocks[b][c] = num(blocks[b][c]);
  }
  const nlohmann::json cases = j.value("cases", nlohmann::json());
  if (cases.is_array()) {
    for (const nlohmann::json& c : cases) {
      if (!c.is_object()) continue;
      auto p = ParseProceeding(c.value("proceeding", ""));
      auto o = ParseOutcome(c.value("outcome", ""));
      if (!p || !o) continue;
      e.cases.push_back({*p, *o, c.value("number", "")});
    }
  }
  return e;
}

absl::CivilDay DueDate(int year, bool county) {
  return county ? absl::CivilDay(year + 1, 3, 31)
                : absl::CivilDay(year + 1, 1, 31);
}

}  // namespace zwgk::reports
