#include "calendar/import.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "calendar/calendar.h"
#include "calendar/estimate.h"
#include "core/json.h"
#include "core/status.h"
#include "nlohmann/json.hpp"

namespace zwgk::calendar {
namespace {

constexpr absl::string_view kBom = "\xEF\xBB\xBF";
constexpr size_t kMaxFileBytes = 10 * 1024 * 1024;
// Longest plausible single holiday block; longer events are data errors.
constexpr int kMaxEventDays = 60;

absl::Status LineError(int line, absl::string_view message) {
  return absl::InvalidArgumentError(absl::StrCat("第", line, "行：", message));
}

// Text from the file quoted in a message: at most 40 characters, so a
// hostile megabyte-long line does not become a megabyte-long message.
std::string Clip(absl::string_view text) {
  constexpr int kMaxChars = 40;
  size_t i = 0;
  for (int chars = 0; i < text.size() && chars < kMaxChars; ++chars) {
    ++i;
    while (i < text.size() &&
           (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80)
      ++i;
  }
  if (i >= text.size()) return std::string(text);
  return absl::StrCat(text.substr(0, i), "…");
}

absl::string_view StripBom(absl::string_view text) {
  absl::ConsumePrefix(&text, kBom);
  return text;
}

int LineOfOffset(absl::string_view text, size_t offset) {
  offset = std::min(offset, text.size());
  return 1 + static_cast<int>(
                 std::count(text.begin(), text.begin() + offset, '\n'));
}

// Rejects text that is not UTF-8 (GBK exports are common), naming the line.
absl::Status CheckUtf8(absl::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    size_t len = c < 0x80           ? 1
                 : (c >> 5) == 0x6  ? 2
                 : (c >> 4) == 0xE  ? 3
                 : (c >> 3) == 0x1E ? 4
                                    : 0;
    bool ok = len > 0 && i + len <= text.size();
    for (size_t k = 1; ok && k < len; ++k) {
      ok = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
    }
    if (!ok) {
      return LineError(LineOfOffset(text, i),
                       "不是有效的UTF-8文本（GBK等编码的文件请先转换为UTF-8）");
    }
    i += len;
  }
  return absl::OkStatus();
}

// Adds one named day, merging names of identical duplicates and refusing a
// date named both off and working. `where` maps dates to the line that set
// them, for the message.
absl::Status AddDay(Schedule& schedule, std::map<absl::CivilDay, int>& where,
                    absl::CivilDay day, NamedDay named, int line) {
  auto [it, inserted] = schedule.days.emplace(day, named);
  if (inserted) {
    where[day] = line;
    return absl::OkStatus();
  }
  NamedDay& existing = it->second;
  if (existing.status != named.status) {
    return LineError(
        line, absl::StrCat(FormatDate(day), "已在第", where[day], "行标为",
                           existing.status == DayStatus::kOff ? "放假" : "上班",
                           "，这里又标为",
                           named.status == DayStatus::kOff ? "放假" : "上班"));
  }
  if (!absl::StrContains(existing.name, named.name)) {
    absl::StrAppend(&existing.name, "、", named.name);
  }
  return absl::OkStatus();
}

absl::Status CheckYear(int line, absl::CivilDay day) {
  if (day.year() < kMinImportYear || day.year() > kMaxImportYear) {
    return LineError(
        line, absl::StrCat("日期", FormatDate(day), "的年份超出范围（应在",
                           kMinImportYear, "–", kMaxImportYear, "年之间）"));
  }
  return absl::OkStatus();
}

// --- holiday-cn --------------------------------------------------------------

// Where the year objects and their day objects start, for messages: a SAX
// pass over an iterator that counts newlines as the lexer consumes them.
struct JsonLines {
  struct Year {
    int line = 1;
    std::vector<int> days;
  };
  std::vector<Year> years;

  int YearLine(size_t y) const { return y < years.size() ? years[y].line : 1; }
  int DayLine(size_t y, size_t d) const {
    if (y >= years.size() || d >= years[y].days.size()) return YearLine(y);
    return years[y].days[d];
  }
};

class LineCountingIterator {
 public:
  using iterator_category = std::forward_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  LineCountingIterator() = default;
  LineCountingIterator(const char* p, int* newlines)
      : p_(p), newlines_(newlines) {}
  reference operator*() const { return *p_; }
  LineCountingIterator& operator++() {
    if (*p_ == '\n') ++*newlines_;
    ++p_;
    return *this;
  }
  LineCountingIterator operator++(int) {
    LineCountingIterator old = *this;
    ++*this;
    return old;
  }
  bool operator==(const LineCountingIterator& other) const {
    return p_ == other.p_;
  }

 private:
  const char* p_ = nullptr;
  int* newlines_ = nullptr;
};

class LineSax : public nlohmann::json_sax<nlohmann::json> {
 public:
  LineSax(const int* newlines, JsonLines* out)
      : newlines_(newlines), out_(out) {}

  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool key(string_t& key) override {
    key_ = key;
    return true;
  }
  bool start_object(std::size_t) override {
    const int line = *newlines_ + 1;
    const size_t depth = stack_.size();
    const bool in_array = depth > 0 && stack_.back().array;
    if (depth == 0 || (depth == 1 && in_array)) {
      out_->years.push_back({line, {}});
    } else if (in_array && stack_.back().key == "days" && depth <= 3 &&
               !out_->years.empty()) {
      out_->years.back().days.push_back(line);
    }
    stack_.push_back({false, Take()});
    return true;
  }
  bool end_object() override {
    stack_.pop_back();
    return true;
  }
  bool start_array(std::size_t) override {
    stack_.push_back({true, Take()});
    return true;
  }
  bool end_array() override {
    stack_.pop_back();
    return true;
  }
  bool parse_error(std::size_t, const std::string&,
                   const nlohmann::detail::exception&) override {
    return false;
  }

 private:
  struct Frame {
    bool array;
    std::string key;
  };
  std::string Take() { return std::exchange(key_, ""); }

  const int* newlines_;
  JsonLines* out_;
  std::vector<Frame> stack_;
  std::string key_;
};

JsonLines LocateJsonObjects(absl::string_view json) {
  JsonLines lines;
  int newlines = 0;
  LineSax sax(&newlines, &lines);
  // Only reached with text that already parsed, so the result is true.
  (void)nlohmann::json::sax_parse(
      LineCountingIterator(json.data(), &newlines),
      LineCountingIterator(json.data() + json.size(), &newlines), &sax);
  return lines;
}

class HolidayCnParser {
 public:
  explicit HolidayCnParser(absl::string_view json)
      : lines_(LocateJsonObjects(json)) {}

  absl::StatusOr<ImportResult> Parse(const nlohmann::json& root) {
    result_.format = "holiday-cn";
    if (root.is_object()) {
      if (absl::Status s = ParseYear(root, 0); !s.ok()) return s;
    } else if (root.is_array()) {
      for (size_t i = 0; i < root.size(); ++i) {
        if (!root[i].is_object()) {
          return absl::InvalidArgumentError(
              absl::StrCat("第", i + 1, "个元素应为年份对象（含year、days）"));
        }
        if (absl::Status s = ParseYear(root[i], i); !s.ok()) return s;
      }
    } else {
      return LineError(1, "顶层应为年份对象，或年份对象组成的数组");
    }
    if (result_.schedule.days.empty()) {
      return absl::InvalidArgumentError("文件中没有任何放假或上班日期");
    }
    return std::move(result_);
  }

 private:
  absl::Status ParseYear(const nlohmann::json& object, size_t index) {
    const int line = lines_.YearLine(index);
    const auto year_it = object.find("year");
    if (year_it == object.end()) return LineError(line, "缺少year（年份）");
    if (!year_it->is_number_integer()) {
      return LineError(line,
                       absl::StrCat("year应为整数，实际是", year_it->dump()));
    }
    const int64_t year = year_it->get<int64_t>();
    if (year < kMinImportYear || year > kMaxImportYear) {
      return LineError(
          line, absl::StrCat("年份超出范围：", year, "（应在", kMinImportYear,
                             "–", kMaxImportYear, "年之间）"));
    }
    if (!seen_years_.insert(static_cast<int>(year)).second) {
      return LineError(line, absl::StrCat(year, "年重复出现"));
    }
    std::vector<std::string> papers;
    if (const auto it = object.find("papers"); it != object.end()) {
      if (!it->is_array()) return LineError(line, "papers应为字符串数组");
      for (const auto& paper : *it) {
        if (!paper.is_string()) return LineError(line, "papers应为字符串数组");
        papers.push_back(paper.get<std::string>());
      }
    }
    const auto days = object.find("days");
    if (days == object.end() || !days->is_array()) {
      return LineError(line, absl::StrCat(year, "年缺少days数组"));
    }
    if (days->empty()) {
      result_.notes.push_back(
          absl::StrCat(year, "年的days为空（安排尚未公布），未标记为已载入"));
      return absl::OkStatus();
    }
    for (size_t d = 0; d < days->size(); ++d) {
      if (absl::Status s = ParseDay((*days)[d], static_cast<int>(year),
                                    lines_.DayLine(index, d), d);
          !s.ok()) {
        return s;
      }
    }
    result_.schedule.years.insert(static_cast<int>(year));
    if (!papers.empty())
      result_.schedule.papers[static_cast<int>(year)] = papers;
    return absl::OkStatus();
  }

  absl::Status ParseDay(const nlohmann::json& day, int year, int line,
                        size_t index) {
    const std::string what = absl::StrCat(year, "年days第", index + 1, "项");
    if (!day.is_object())
      return LineError(line, absl::StrCat(what, "应为对象"));
    const auto name = day.find("name");
    const auto date = day.find("date");
    const auto off = day.find("isOffDay");
    if (name == day.end() || !name->is_string() ||
        absl::StripAsciiWhitespace(name->get<std::string>()).empty()) {
      return LineError(line, absl::StrCat(what, "缺少name（节日名称）"));
    }
    if (date == day.end() || !date->is_string()) {
      return LineError(line, absl::StrCat(what, "缺少date（YYYY-MM-DD）"));
    }
    if (off == day.end() || !off->is_boolean()) {
      return LineError(
          line, absl::StrCat(what, "缺少isOffDay（true=放假，false=上班）"));
    }
    absl::StatusOr<absl::CivilDay> parsed = ParseDate(date->get<std::string>());
    if (!parsed.ok()) {
      return LineError(line,
                       absl::StrCat(what, "：", parsed.status().message()));
    }
    if (parsed->year() < year - 1 || parsed->year() > year + 1) {
      return LineError(line, absl::StrCat(FormatDate(*parsed), "不属于", year,
                                          "年的安排（应在", year - 1, "–",
                                          year + 1, "年内）"));
    }
    NamedDay named{
        .status = off->get<bool>() ? DayStatus::kOff : DayStatus::kWork,
        .name =
            std::string(absl::StripAsciiWhitespace(name->get<std::string>())),
    };
    return AddDay(result_.schedule, where_, *parsed, std::move(named), line);
  }

  JsonLines lines_;
  ImportResult result_;
  std::set<int> seen_years_;
  std::map<absl::CivilDay, int> where_;
};

// --- iCalendar ---------------------------------------------------------------

struct ContentLine {
  int line = 0;
  std::string name;  // upper-case
  std::map<std::string, std::string> params;
  std::string value;
};

// Splits into logical lines: CRLF or LF endings, folded continuations joined.
absl::StatusOr<std::vector<std::pair<int, std::string>>> Unfold(
    absl::string_view text) {
  std::vector<std::pair<int, std::string>> lines;
  int number = 0;
  for (absl::string_view raw : absl::StrSplit(text, '\n')) {
    ++number;
    absl::ConsumeSuffix(&raw, "\r");
    if (!raw.empty() && (raw.front() == ' ' || raw.front() == '\t')) {
      if (lines.empty()) return LineError(number, "续行之前没有内容行");
      absl::StrAppend(&lines.back().second, raw.substr(1));
      continue;
    }
    lines.emplace_back(number, std::string(raw));
  }
  return lines;
}

absl::StatusOr<ContentLine> ParseContentLine(int number, absl::string_view s) {
  ContentLine out;
  out.line = number;
  size_t i = 0;
  while (i < s.size() && (absl::ascii_isalnum(s[i]) || s[i] == '-')) ++i;
  if (i == 0)
    return LineError(number, absl::StrCat("属性名无效：「", Clip(s), "」"));
  out.name = absl::AsciiStrToUpper(s.substr(0, i));
  while (i < s.size() && s[i] == ';') {
    const size_t eq = s.find('=', i);
    if (eq == absl::string_view::npos) {
      return LineError(number, "参数缺少「=」");
    }
    const std::string key = absl::AsciiStrToUpper(s.substr(i + 1, eq - i - 1));
    i = eq + 1;
    std::string value;
    if (i < s.size() && s[i] == '"') {
      const size_t close = s.find('"', i + 1);
      if (close == absl::string_view::npos) {
        return LineError(number, "参数值的引号没有闭合");
      }
      value = std::string(s.substr(i + 1, close - i - 1));
      i = close + 1;
    } else {
      const size_t stop = s.find_first_of(";:", i);
      value = std::string(s.substr(i, stop == absl::string_view::npos
                                          ? absl::string_view::npos
                                          : stop - i));
      i = stop == absl::string_view::npos ? s.size() : stop;
    }
    out.params[key] = value;
  }
  if (i >= s.size() || s[i] != ':') {
    return LineError(number, absl::StrCat("缺少冒号，不是「名称:值」格式：「",
                                          Clip(s), "」"));
  }
  out.value = std::string(s.substr(i + 1));
  return out;
}

std::string UnescapeText(absl::string_view value) {
  return absl::StrReplaceAll(value, {{"\\\\", "\\"},
                                     {"\\,", ","},
                                     {"\\;", ";"},
                                     {"\\n", "\n"},
                                     {"\\N", "\n"}});
}

// Parses a DATE value (YYYYMMDD). Date-times are refused: holiday feeds use
// whole days and a time would need a zone to become a date.
absl::StatusOr<absl::CivilDay> ParseIcsDate(const ContentLine& property) {
  const std::string& v = property.value;
  if (v.size() != 8 || !std::all_of(v.begin(), v.end(), [](char c) {
        return absl::ascii_isdigit(static_cast<unsigned char>(c));
      })) {
    if (absl::StrContains(v, "T")) {
      return LineError(
          property.line,
          absl::StrCat(property.name,
                       "应为日期（VALUE=DATE），不支持带时间的值「", Clip(v),
                       "」"));
    }
    return LineError(property.line,
                     absl::StrCat(property.name, "应为YYYYMMDD格式的日期：「",
                                  Clip(v), "」"));
  }
  const std::string iso =
      absl::StrCat(v.substr(0, 4), "-", v.substr(4, 2), "-", v.substr(6, 2));
  absl::StatusOr<absl::CivilDay> day = ParseDate(iso);
  if (!day.ok()) {
    return LineError(property.line,
                     absl::StrCat(property.name, "：", day.status().message()));
  }
  return *day;
}

// "P9D" / "P1W" → days.
absl::StatusOr<int> ParseDurationDays(const ContentLine& property) {
  absl::string_view v = property.value;
  int64_t n = 0;
  const bool ok = absl::ConsumePrefix(&v, "P") && v.size() >= 2 &&
                  (v.back() == 'D' || v.back() == 'W') &&
                  absl::SimpleAtoi(v.substr(0, v.size() - 1), &n) && n > 0 &&
                  n <= kMaxEventDays;
  if (!ok) {
    return LineError(
        property.line,
        absl::StrCat("DURATION只支持PnD或PnW（n为1–", kMaxEventDays, "天）：「",
                     property.value, "」"));
  }
  return static_cast<int>(v.back() == 'W' ? n * 7 : n);
}

std::optional<DayStatus> StatusFromSummary(absl::string_view summary) {
  if (absl::StrContains(summary, "班")) return DayStatus::kWork;
  if (absl::StrContains(summary, "调休")) {
    const std::string rest = absl::StrReplaceAll(summary, {{"调休", ""}});
    const bool off_words = absl::StrContains(rest, "休") ||
                           absl::StrContains(rest, "假") ||
                           absl::StrContains(rest, "放");
    return off_words ? DayStatus::kOff : DayStatus::kWork;
  }
  if (absl::StrContains(summary, "休") || absl::StrContains(summary, "假")) {
    return DayStatus::kOff;
  }
  return std::nullopt;
}

std::string HolidayName(absl::string_view summary, DayStatus status) {
  static const std::pair<absl::string_view, absl::string_view> kNames[] = {
      {"元旦", "元旦"},     {"春节", "春节"},   {"清明", "清明节"},
      {"劳动节", "劳动节"}, {"五一", "劳动节"}, {"端午", "端午节"},
      {"中秋", "中秋节"},   {"国庆", "国庆节"},
  };
  std::vector<std::pair<size_t, absl::string_view>> found;
  for (const auto& [needle, name] : kNames) {
    const size_t at = summary.find(needle);
    if (at == absl::string_view::npos) continue;
    bool duplicate = false;
    for (const auto& f : found) duplicate |= f.second == name;
    if (!duplicate) found.emplace_back(at, name);
  }
  std::sort(found.begin(), found.end());
  if (!found.empty()) {
    std::vector<absl::string_view> names;
    for (const auto& f : found) names.push_back(f.second);
    return absl::StrJoin(names, "、");
  }
  std::string name = absl::StrReplaceAll(summary, {{"（休）", ""},
                                                   {"（班）", ""},
                                                   {"(休)", ""},
                                                   {"(班)", ""},
                                                   {"放假", ""},
                                                   {"假期", ""},
                                                   {"补班", ""},
                                                   {"上班", ""},
                                                   {"调休", ""}});
  absl::StripAsciiWhitespace(&name);
  if (!name.empty()) return name;
  return status == DayStatus::kOff ? "放假" : "调休上班";
}

struct IcsEvent {
  int begin_line = 0;
  std::optional<ContentLine> summary{};
  std::optional<ContentLine> dtstart{};
  std::optional<ContentLine> dtend{};
  std::optional<ContentLine> duration{};
  std::optional<ContentLine> rrule{};
  std::optional<ContentLine> apple{};  // X-APPLE-SPECIAL-DAY
};

class IcsParser {
 public:
  absl::StatusOr<ImportResult> Parse(absl::string_view text) {
    result_.format = "ics";
    absl::StatusOr<std::vector<std::pair<int, std::string>>> lines =
        Unfold(text);
    if (!lines.ok()) return lines.status();
    for (const auto& [number, raw] : *lines) {
      if (absl::StripAsciiWhitespace(raw).empty()) continue;
      absl::StatusOr<ContentLine> line = ParseContentLine(number, raw);
      if (!line.ok()) return line.status();
      if (absl::Status s = Handle(*line); !s.ok()) return s;
    }
    if (!seen_calendar_) return LineError(1, "文件为空，或不是iCalendar文件");
    if (!stack_.empty()) {
      return LineError(
          stack_.back().second,
          absl::StrCat("BEGIN:", stack_.back().first, "没有对应的END"));
    }
    if (result_.schedule.days.empty()) {
      return absl::InvalidArgumentError("文件中没有可识别的放假或调休上班事件");
    }
    if (skipped_ > 0) {
      result_.notes.push_back(absl::StrCat(
          "跳过了", skipped_, "个没有放假/上班标记的事件（节日、节气等）"));
    }
    return std::move(result_);
  }

 private:
  absl::Status Handle(const ContentLine& line) {
    if (!seen_calendar_) {
      if (line.name != "BEGIN" ||
          absl::AsciiStrToUpper(line.value) != "VCALENDAR") {
        return LineError(line.line, "文件应以BEGIN:VCALENDAR开头");
      }
      seen_calendar_ = true;
    } else if (stack_.empty()) {
      return LineError(line.line, "END:VCALENDAR之后还有内容");
    }
    if (line.name == "BEGIN") {
      stack_.emplace_back(absl::AsciiStrToUpper(line.value), line.line);
      if (stack_.back().first == "VEVENT" && stack_.size() == 2) {
        event_ = IcsEvent{.begin_line = line.line};
      }
      return absl::OkStatus();
    }
    if (line.name == "END") {
      const std::string component = absl::AsciiStrToUpper(line.value);
      if (stack_.back().first != component) {
        return LineError(
            line.line,
            absl::StrCat("END:", component, "与第", stack_.back().second,
                         "行的BEGIN:", stack_.back().first, "不匹配"));
      }
      const bool event_ends = component == "VEVENT" && stack_.size() == 2;
      stack_.pop_back();
      return event_ends ? FinishEvent() : absl::OkStatus();
    }
    if (stack_.size() == 2 && stack_.back().first == "VEVENT") {
      return Property(line);
    }
    return absl::OkStatus();
  }

  absl::Status Property(const ContentLine& line) {
    std::optional<ContentLine>* slot = nullptr;
    if (line.name == "SUMMARY") slot = &event_.summary;
    if (line.name == "DTSTART") slot = &event_.dtstart;
    if (line.name == "DTEND") slot = &event_.dtend;
    if (line.name == "DURATION") slot = &event_.duration;
    if (line.name == "RRULE") slot = &event_.rrule;
    if (line.name == "X-APPLE-SPECIAL-DAY") slot = &event_.apple;
    if (slot == nullptr) return absl::OkStatus();
    if (slot->has_value()) {
      return LineError(line.line,
                       absl::StrCat(line.name, "在同一事件中重复出现（第",
                                    (*slot)->line, "行已有）"));
    }
    *slot = line;
    return absl::OkStatus();
  }

  absl::StatusOr<std::optional<DayStatus>> Classify(
      const std::string& summary) const {
    std::optional<DayStatus> marker;
    if (event_.apple.has_value()) {
      const std::string v = absl::AsciiStrToUpper(event_.apple->value);
      if (v == "WORK-HOLIDAY") marker = DayStatus::kOff;
      if (v == "ALTERNATE-WORKDAY") marker = DayStatus::kWork;
    }
    const std::optional<DayStatus> titled = StatusFromSummary(summary);
    if (marker.has_value() && titled.has_value() && *marker != *titled) {
      return LineError(
          event_.apple->line,
          absl::StrCat("X-APPLE-SPECIAL-DAY为", event_.apple->value,
                       "，但标题「", Clip(summary), "」表示",
                       *titled == DayStatus::kOff ? "放假" : "上班",
                       "，自相矛盾"));
    }
    return marker.has_value() ? marker : titled;
  }

  absl::Status FinishEvent() {
    const std::string summary =
        event_.summary.has_value() ? UnescapeText(event_.summary->value) : "";
    absl::StatusOr<std::optional<DayStatus>> status = Classify(summary);
    if (!status.ok()) return status.status();
    if (!status->has_value()) {
      ++skipped_;
      return absl::OkStatus();
    }
    const std::string what = absl::StrCat("事件「", Clip(summary), "」");
    if (event_.rrule.has_value()) {
      return LineError(event_.rrule->line,
                       absl::StrCat(what, "带重复规则（RRULE），不支持"));
    }
    if (!event_.dtstart.has_value()) {
      return LineError(event_.begin_line, absl::StrCat(what, "缺少DTSTART"));
    }
    absl::StatusOr<absl::CivilDay> first = ParseIcsDate(*event_.dtstart);
    if (!first.ok()) return first.status();
    absl::StatusOr<absl::CivilDay> end = EventEnd(*first);
    if (!end.ok()) return end.status();
    if (absl::Status s = CheckYear(event_.dtstart->line, *first); !s.ok()) {
      return s;
    }
    if (absl::Status s = CheckYear(event_.dtstart->line, *end - 1); !s.ok()) {
      return s;
    }
    const std::string name = HolidayName(summary, **status);
    for (absl::CivilDay day = *first; day < *end; ++day) {
      NamedDay named{.status = **status, .name = name};
      if (absl::Status s = AddDay(result_.schedule, where_, day,
                                  std::move(named), event_.dtstart->line);
          !s.ok()) {
        return s;
      }
    }
    result_.schedule.years.insert(static_cast<int>((*end - 1).year()));
    return absl::OkStatus();
  }

  // The exclusive end of the event.
  absl::StatusOr<absl::CivilDay> EventEnd(absl::CivilDay first) const {
    if (event_.dtend.has_value() && event_.duration.has_value()) {
      return LineError(event_.duration->line, "DTEND与DURATION不能同时出现");
    }
    absl::CivilDay end = first + 1;
    if (event_.dtend.has_value()) {
      absl::StatusOr<absl::CivilDay> parsed = ParseIcsDate(*event_.dtend);
      if (!parsed.ok()) return parsed.status();
      if (*parsed <= first) {
        return LineError(
            event_.dtend->line,
            absl::StrCat("DTEND（", FormatDate(*parsed), "）应晚于DTSTART（",
                         FormatDate(first), "）；DTEND是不含当天的结束日期"));
      }
      end = *parsed;
    } else if (event_.duration.has_value()) {
      absl::StatusOr<int> days = ParseDurationDays(*event_.duration);
      if (!days.ok()) return days.status();
      end = first + *days;
    }
    if (end - first > kMaxEventDays) {
      return LineError(event_.dtstart->line,
                       absl::StrCat("事件跨度", end - first, "天，超过",
                                    kMaxEventDays, "天，不像节假日安排"));
    }
    return end;
  }

  ImportResult result_;
  std::vector<std::pair<std::string, int>> stack_;  // component, BEGIN line
  bool seen_calendar_ = false;
  IcsEvent event_;
  int skipped_ = 0;
  std::map<absl::CivilDay, int> where_;
};

absl::string_view StripLeadingSpace(absl::string_view text) {
  while (!text.empty() &&
         absl::ascii_isspace(static_cast<unsigned char>(text[0]))) {
    text.remove_prefix(1);
  }
  return text;
}

}  // namespace

absl::StatusOr<ImportResult> ParseHolidayCn(absl::string_view input) {
  const absl::string_view json = StripBom(input);
  if (absl::Status s = CheckUtf8(json); !s.ok()) return s;
  // holiday-cn files are two levels deep; a hostile one is refused before
  // nlohmann builds (and later copies) a deep value.
  if (JsonNestingDepth(json, 8) > 8)
    return LineError(1, "JSON格式错误（嵌套层数过多）");
  nlohmann::json root;
  try {
    root = nlohmann::json::parse(json.begin(), json.end());
  } catch (const nlohmann::json::parse_error& e) {
    const size_t at = e.byte == 0 ? 0 : e.byte - 1;
    absl::string_view detail = e.what();
    if (const size_t colon = detail.find(": "); colon != detail.npos) {
      detail.remove_prefix(colon + 2);
    }
    return LineError(LineOfOffset(json, at),
                     absl::StrCat("JSON格式错误（", detail, "）"));
  } catch (const nlohmann::json::exception&) {
    // out_of_range: a number too large for a double (1e999999).
    return LineError(1, "JSON格式错误（数字超出范围）");
  }
  return HolidayCnParser(json).Parse(root);
}

absl::StatusOr<ImportResult> ParseIcs(absl::string_view input) {
  const absl::string_view text = StripBom(input);
  if (absl::Status s = CheckUtf8(text); !s.ok()) return s;
  return IcsParser().Parse(text);
}

absl::StatusOr<ImportResult> ParseImport(absl::string_view text) {
  if (text.size() > kMaxFileBytes)
    return absl::InvalidArgumentError("文件超过10 MB，不像节假日数据");
  const absl::string_view body = StripLeadingSpace(StripBom(text));
  if (body.empty()) return absl::InvalidArgumentError("文件为空");
  if (body.front() == '{' || body.front() == '[') return ParseHolidayCn(text);
  if (absl::StartsWithIgnoreCase(body, "BEGIN:VCALENDAR")) {
    return ParseIcs(text);
  }
  return absl::InvalidArgumentError(
      "无法识别的文件格式：应为holiday-cn JSON或iCalendar（.ics）文件");
}

absl::Status CheckNoticeYear(const ImportResult& parsed, int year) {
  for (int y : parsed.schedule.years) {
    if (y != year) {
      return absl::InvalidArgumentError(
          absl::StrCat("文件中是", y, "年的安排，与要载入的", year, "年不符"));
    }
  }
  if (!parsed.schedule.years.contains(year)) {
    return absl::InvalidArgumentError(
        absl::StrCat("文件中没有", year, "年的节假日安排"));
  }
  const absl::CivilDay first(year - 1, 12, kFirstLeadDecemberDay);
  const absl::CivilDay last(year, 12, 31);
  for (const auto& [day, named] : parsed.schedule.days) {
    if (day < first || day > last) {
      return absl::InvalidArgumentError(
          absl::StrCat(FormatDate(day), "（", named.name, "）不在", year,
                       "年内，", year, "年的安排只能含", FormatDate(first),
                       "至", FormatDate(last), "的日期"));
    }
  }
  return absl::OkStatus();
}

namespace {

// One form line: "春节 2027-02-06..2027-02-13" → name and [from, to].
struct FormLine {
  std::string name;
  absl::CivilDay from, to;
};

absl::StatusOr<FormLine> ParseFormLine(absl::string_view line, bool range,
                                       absl::CivilDay first,
                                       absl::CivilDay last) {
  // Full-width spaces and the range words people type become separators.
  std::string text = absl::StrReplaceAll(line, {{"\xE3\x80\x80", " "},
                                                {"..", " "},
                                                {"至", " "},
                                                {"~", " "},
                                                {"～", " "},
                                                {"—", " "},
                                                {"，", " "},
                                                {",", " "}});
  std::vector<absl::string_view> parts =
      absl::StrSplit(text, absl::ByAnyChar(" \t"), absl::SkipEmpty());
  if (parts.size() < 2 || parts.size() > (range ? 3u : 2u)) {
    return absl::InvalidArgumentError(
        range ? "应写作“名称 起始日..结束日”或“名称 日期”"
              : "应写作“名称 日期”");
  }
  FormLine out{.name = std::string(parts[0])};
  if (ParseDate(parts[0]).ok()) return absl::InvalidArgumentError("缺少名称");
  absl::StatusOr<absl::CivilDay> from = ParseDate(parts[1]);
  if (!from.ok()) return from.status();
  absl::StatusOr<absl::CivilDay> to =
      parts.size() == 3 ? ParseDate(parts[2]) : from;
  if (!to.ok()) return to.status();
  if (*to < *from) return absl::InvalidArgumentError("结束日早于起始日");
  if (*to - *from >= kMaxRangeDays) {
    return absl::InvalidArgumentError(
        absl::StrCat("一段假期不超过", kMaxRangeDays, "天"));
  }
  if (*from < first || *to > last) {
    return absl::InvalidArgumentError(absl::StrCat(
        "日期应在", FormatDate(first), "至", FormatDate(last), "之间"));
  }
  out.from = *from;
  out.to = *to;
  return out;
}

}  // namespace

absl::StatusOr<ImportResult> ParseNoticeForm(const NoticeForm& form) {
  int year = 0;
  if (!absl::SimpleAtoi(absl::StripAsciiWhitespace(form.year), &year) ||
      year < kMinImportYear || year > kMaxImportYear) {
    return InvalidFields(
        "节假日安排有误",
        {{"year", absl::StrCat("年份应为", kMinImportYear, "–", kMaxImportYear,
                               "之间的整数")}});
  }
  const absl::CivilDay first(year - 1, 12, kFirstLeadDecemberDay);
  const absl::CivilDay last(year, 12, 31);
  ImportResult result{.format = "form"};
  std::map<absl::CivilDay, int> where;
  Validator v;
  // Holidays first, so a 调休 day typed on a holiday is named on the
  // workdays line.
  for (const auto& [field, text, off] :
       {std::tuple{"holidays", &form.holidays, true},
        std::tuple{"workdays", &form.workdays, false}}) {
    int number = 0, lines = 0;
    for (absl::string_view raw : absl::StrSplit(*text, '\n')) {
      ++number;
      absl::string_view line = absl::StripAsciiWhitespace(raw);
      if (line.empty()) continue;
      if (++lines > kMaxFormLines) {
        v.Add(field, absl::StrCat("最多", kMaxFormLines, "行"));
        break;
      }
      absl::StatusOr<FormLine> parsed = ParseFormLine(line, off, first, last);
      if (!parsed.ok()) {
        v.Add(field, absl::StrCat("第", number, "行“", line, "”：",
                                  parsed.status().message()));
        break;
      }
      std::optional<absl::CivilDay> clash;
      for (absl::CivilDay d = parsed->from; d <= parsed->to; ++d) {
        auto it = result.schedule.days.find(d);
        if (it != result.schedule.days.end() &&
            (it->second.status == DayStatus::kOff) != off) {
          clash = d;
          break;
        }
        AddDay(result.schedule, where, d,
               {.status = off ? DayStatus::kOff : DayStatus::kWork,
                .name = parsed->name},
               number)
            .IgnoreError();  // same status: names merge, never an error
      }
      if (clash) {
        v.Add(field,
              absl::StrCat("第", number, "行：", FormatDate(*clash),
                           "已填为节假日（", result.schedule.days[*clash].name,
                           "），不能同时是调休上班日"));
        break;
      }
    }
  }
  if (v.ok() && result.schedule.days.empty())
    v.Add("holidays", "请至少填写一段节假日");
  ZWGK_RETURN_IF_ERROR(v.ToStatus("节假日安排有误"));
  result.schedule.years.insert(year);
  std::string paper(absl::StripAsciiWhitespace(form.paper));
  if (!paper.empty()) result.schedule.papers[year] = {paper};
  return result;
}

absl::StatusOr<ImportResult> ImportFile(const std::string& path) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (!std::filesystem::exists(status)) {
    return absl::NotFoundError(
        absl::StrCat("无法读取导入文件", path, "：文件不存在"));
  }
  if (std::filesystem::is_directory(status)) {
    return absl::InvalidArgumentError(
        absl::StrCat("无法读取导入文件", path, "：这是一个目录"));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const int err = errno;
    if (err == EACCES) {
      return absl::PermissionDeniedError(
          absl::StrCat("无法读取导入文件", path, "：没有读取权限"));
    }
    return absl::InvalidArgumentError(
        absl::StrCat("无法读取导入文件", path, "：", std::strerror(err)));
  }
  std::string text;
  char buffer[1 << 16];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, static_cast<size_t>(in.gcount()));
    if (text.size() > kMaxFileBytes) {
      return absl::InvalidArgumentError(absl::StrCat(
          "无法读取导入文件", path, "：文件超过10 MB，不像节假日数据"));
    }
  }
  if (in.bad()) {
    return absl::InvalidArgumentError(
        absl::StrCat("无法读取导入文件", path, "：读取出错"));
  }
  absl::StatusOr<ImportResult> result = ParseImport(text);
  if (!result.ok()) {
    return absl::Status(
        result.status().code(),
        absl::StrCat("导入", path, "失败：", result.status().message()));
  }
  return result;
}

}  // namespace zwgk::calendar
