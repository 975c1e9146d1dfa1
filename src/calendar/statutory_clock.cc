#include "calendar/statutory_clock.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"

namespace zwgk::calendar {
namespace {

// Days not counted: [from, to], or [from, ∞) while the pause is open.
struct Span {
  absl::CivilDay from;
  std::optional<absl::CivilDay> to;
  std::string reason;

  bool Contains(absl::CivilDay day) const {
    return day >= from && (!to.has_value() || day <= *to);
  }
};

// The events, validated and reduced to what the computation needs.
struct Plan {
  PeriodKind kind = PeriodKind::kWorkingDays;
  bool calendar_days = false;  // unit: calendar days instead of working days
  absl::CivilDay start;
  absl::CivilDay origin;         // the start, or the last restart
  absl::CivilDay first_counted;  // the first day that may count after origin
  int64_t base = 0;              // the period itself (实时: 1)
  int64_t extension = 0;
  std::vector<Span> pauses;  // as recorded, for reasons in the trace
  std::vector<Span> merged;  // sorted, disjoint, for arithmetic
  std::optional<absl::CivilDay> stop;
  bool open_pause = false;
  absl::CivilDay last_event_day;  // latest date any event mentions
};

absl::string_view EventLabel(ClockEventType type) {
  switch (type) {
    case ClockEventType::kStart:
      return "起算";
    case ClockEventType::kPause:
      return "暂停";
    case ClockEventType::kRestart:
      return "重新起算";
    case ClockEventType::kExtend:
      return "延长";
    case ClockEventType::kStop:
      return "停止";
  }
  return "";
}

absl::string_view PeriodLabel(PeriodKind kind) {
  switch (kind) {
    case PeriodKind::kWorkingDays:
      return "工作日期限";
    case PeriodKind::kCalendarDays:
      return "自然日期限";
    case PeriodKind::kRealtime:
      return "实时期限";
    case PeriodKind::kTimely:
      return "及时期限";
  }
  return "";
}

absl::Status EventError(size_t index, const ClockEvent& event,
                        absl::string_view message) {
  return absl::InvalidArgumentError(absl::StrCat(
      "第", index + 1, "个事件（", EventLabel(event.type), "）：", message));
}

absl::Status ValidatePeriod(const Period& period) {
  if (period.kind == PeriodKind::kRealtime) return absl::OkStatus();
  if (period.days < 0) {
    return absl::InvalidArgumentError(
        period.kind == PeriodKind::kTimely
            ? absl::StrCat("及时期限的标记天数不能为负数：", period.days)
            : absl::StrCat("期限天数不能为负数：", period.days));
  }
  if (period.days > kMaxPeriodDays) {
    return absl::InvalidArgumentError(absl::StrCat(
        "期限天数过大：", period.days, "（最多", kMaxPeriodDays, "）"));
  }
  return absl::OkStatus();
}

// Checks one dated event against the start and the previous dated event.
absl::Status CheckOrder(size_t index, const ClockEvent& event,
                        absl::CivilDay start,
                        std::optional<absl::CivilDay> previous) {
  const absl::CivilDay day = *event.date;
  if (day < start) {
    return EventError(
        index, event,
        absl::StrCat("日期", FormatDate(day), "早于起算日", FormatDate(start)));
  }
  const absl::CivilDay latest = std::max(day, event.until.value_or(day));
  if (latest - start > kMaxEventSpanDays) {
    return EventError(
        index, event,
        absl::StrCat("日期", FormatDate(latest), "距起算日超过20年"));
  }
  if (previous.has_value() && day < *previous) {
    return EventError(
        index, event,
        absl::StrCat("日期", FormatDate(day), "早于前一个事件的日期",
                     FormatDate(*previous)));
  }
  return absl::OkStatus();
}

absl::Status ApplyEvent(size_t index, const ClockEvent& event, Plan& plan,
                        Counting counting) {
  switch (event.type) {
    case ClockEventType::kStart:
      return EventError(index, event, "起算事件只能有一个");
    case ClockEventType::kPause:
      if (event.until.has_value() && *event.until < *event.date) {
        return EventError(
            index, event,
            absl::StrCat("结束日期", FormatDate(*event.until), "早于开始日期",
                         FormatDate(*event.date)));
      }
      plan.pauses.push_back({*event.date, event.until, event.reason});
      plan.open_pause = !event.until.has_value();
      plan.last_event_day =
          std::max(plan.last_event_day, event.until.value_or(*event.date));
      return absl::OkStatus();
    case ClockEventType::kRestart:
      plan.origin = *event.date;
      plan.first_counted = (plan.kind == PeriodKind::kRealtime ||
                            counting == Counting::kStartDayCounts)
                               ? *event.date
                               : *event.date + 1;
      return absl::OkStatus();
    case ClockEventType::kExtend:
      if (plan.kind == PeriodKind::kRealtime ||
          plan.kind == PeriodKind::kTimely) {
        return EventError(index, event,
                          absl::StrCat(PeriodLabel(plan.kind), "不能延长"));
      }
      if (event.days <= 0) {
        return EventError(index, event,
                          absl::StrCat("延长天数必须大于0：", event.days));
      }
      if (event.days > kMaxPeriodDays) {
        return EventError(index, event,
                          absl::StrCat("延长天数过大：", event.days, "（最多",
                                       kMaxPeriodDays, "）"));
      }
      plan.extension += event.days;
      return absl::OkStatus();
    case ClockEventType::kStop:
      plan.stop = *event.date;
      return absl::OkStatus();
  }
  return absl::OkStatus();
}

std::vector<Span> MergeSpans(const std::vector<Span>& spans) {
  std::vector<Span> sorted = spans;
  std::sort(sorted.begin(), sorted.end(),
            [](const Span& a, const Span& b) { return a.from < b.from; });
  std::vector<Span> merged;
  for (const Span& span : sorted) {
    if (!merged.empty()) {
      Span& last = merged.back();
      if (!last.to.has_value()) continue;  // an open pause absorbs the rest
      if (span.from <= *last.to + 1) {
        last.to = span.to.has_value()
                      ? std::optional(std::max(*last.to, *span.to))
                      : std::nullopt;
        continue;
      }
    }
    merged.push_back({span.from, span.to, ""});
  }
  return merged;
}

absl::StatusOr<Plan> MakePlan(const Period& period,
                              absl::Span<const ClockEvent> events,
                              Counting counting) {
  if (absl::Status s = ValidatePeriod(period); !s.ok()) return s;
  if (events.empty()) {
    return absl::InvalidArgumentError(
        "缺少起算事件：第1个事件必须是起算（start）");
  }
  const ClockEvent& first = events.front();
  if (first.type != ClockEventType::kStart) {
    return absl::InvalidArgumentError(
        absl::StrCat("第1个事件必须是起算（start），实际是「",
                     EventLabel(first.type), "」"));
  }
  if (!first.date.has_value()) return EventError(0, first, "缺少日期");

  Plan plan;
  plan.kind = period.kind;
  plan.calendar_days = period.kind == PeriodKind::kCalendarDays;
  plan.start = *first.date;
  plan.origin = plan.start;
  plan.first_counted = (period.kind == PeriodKind::kRealtime ||
                        counting == Counting::kStartDayCounts)
                           ? plan.start
                           : plan.start + 1;
  plan.base = period.kind == PeriodKind::kRealtime ? 1 : period.days;
  plan.last_event_day = plan.start;

  std::optional<absl::CivilDay> previous = plan.start;
  std::optional<size_t> open_pause;
  for (size_t i = 1; i < events.size(); ++i) {
    const ClockEvent& event = events[i];
    if (plan.stop.has_value()) {
      return EventError(i, event,
                        absl::StrCat("期限已于", FormatDate(*plan.stop),
                                     "停止，之后不能再有事件"));
    }
    if (open_pause.has_value() && event.type != ClockEventType::kStop) {
      return EventError(i, event,
                        absl::StrCat("第", *open_pause + 1,
                                     "个事件的暂停尚未结束，之后只能记录停止"));
    }
    if (event.date.has_value()) {
      if (absl::Status s = CheckOrder(i, event, plan.start, previous);
          !s.ok()) {
        return s;
      }
      previous = event.date;
      plan.last_event_day = std::max(plan.last_event_day, *event.date);
    } else if (event.type != ClockEventType::kExtend) {
      return EventError(i, event, "缺少日期");
    }
    if (absl::Status s = ApplyEvent(i, event, plan, counting); !s.ok()) {
      return s;
    }
    if (event.type == ClockEventType::kPause && !event.until.has_value()) {
      open_pause = i;
    }
  }
  plan.merged = MergeSpans(plan.pauses);
  return plan;
}

// Counting in the plan's unit, skipping paused days.
class Counter {
 public:
  Counter(const Calendar& calendar, const Plan& plan)
      : calendar_(calendar), plan_(plan) {}

  // Units in [a, b], pauses included.
  int64_t Units(absl::CivilDay a, absl::CivilDay b) const {
    if (b < a) return 0;
    return plan_.calendar_days ? (b - a + 1) : calendar_.CountWorkdays(a, b);
  }

  // The k-th unit strictly after `day`, pauses ignored.
  absl::CivilDay NthAfter(absl::CivilDay day, int64_t k) const {
    return plan_.calendar_days ? day + k : calendar_.NthWorkdayAfter(day, k);
  }

  // The day the `target`-th unit is counted (target ≥ 1): walks the gaps
  // between pauses, O(pauses · log n). nullopt if an open pause comes first.
  std::optional<absl::CivilDay> FindNth(int64_t target) const {
    absl::CivilDay cursor = plan_.first_counted;
    int64_t need = target;
    for (const Span& pause : plan_.merged) {
      if (pause.to.has_value() && *pause.to < cursor) continue;
      if (pause.from > cursor) {
        const int64_t available = Units(cursor, pause.from - 1);
        if (available >= need) return NthAfter(cursor - 1, need);
        need -= available;
      }
      if (!pause.to.has_value()) return std::nullopt;
      cursor = std::max(cursor, *pause.to + 1);
    }
    return NthAfter(cursor - 1, need);
  }

  // Units counted from the first counted day through `day`.
  int64_t CountedThrough(absl::CivilDay day) const {
    const absl::CivilDay from = plan_.first_counted;
    int64_t count = Units(from, day);
    for (const Span& pause : plan_.merged) {
      const absl::CivilDay lo = std::max(pause.from, from);
      const absl::CivilDay hi =
          pause.to.has_value() ? std::min(*pause.to, day) : day;
      count -= Units(lo, hi);
    }
    return count;
  }

  const Span* PauseAt(absl::CivilDay day) const {
    for (const Span& pause : plan_.merged) {
      if (pause.Contains(day)) return &pause;
    }
    return nullptr;
  }

  // The first working day on or after `day` that is not paused.
  std::optional<absl::CivilDay> RollForward(absl::CivilDay day) const {
    while (true) {
      if (const Span* pause = PauseAt(day)) {
        if (!pause->to.has_value()) return std::nullopt;
        day = *pause->to + 1;
      } else if (!calendar_.IsWorkdayFast(day)) {
        day = calendar_.NthWorkdayAfter(day, 1);
      } else {
        return day;
      }
    }
  }

  // The due date for a limit of `total` units.
  std::optional<absl::CivilDay> Due(int64_t total) const {
    // A zero-day limit is due the origin itself (or the next working day).
    if (total == 0) return RollForward(plan_.origin);
    const std::optional<absl::CivilDay> end = FindNth(total);
    if (!end.has_value() || !plan_.calendar_days) return end;
    return RollForward(*end);
  }

 private:
  const Calendar& calendar_;
  const Plan& plan_;
};

// --- Trace -----------------------------------------------------------------

std::string PauseText(const Span& pause) {
  const std::string reason = pause.reason.empty() ? "暂停" : pause.reason;
  if (!pause.to.has_value()) {
    return absl::StrCat("暂停开始：", reason, "（", FormatDate(pause.from),
                        "起，尚未结束）");
  }
  return absl::StrCat("暂停开始：", reason, "（", FormatDate(pause.from), "至",
                      FormatDate(*pause.to), "）");
}

std::string WithReason(std::string text, const std::string& reason) {
  if (reason.empty()) return text;
  return absl::StrCat(text, "：", reason);
}

class TraceBuilder {
 public:
  TraceBuilder(const Calendar& calendar, const Plan& plan,
               absl::Span<const ClockEvent> events, const ClockResult& result,
               const ClockOptions& options)
      : calendar_(calendar),
        plan_(plan),
        events_(events),
        result_(result),
        counting_(calendar.options().counting) {
    deadline_ = result.due.has_value() ? result.due : result.flag_date;
    end_ = std::max(plan.last_event_day, deadline_.value_or(plan.start));
    if (!deadline_.has_value() && options.today.has_value()) {
      end_ = std::max(end_, *options.today);
    }
    if (plan.stop.has_value()) end_ = *plan.stop;
  }

  std::vector<TraceEntry> Build() {
    first_counted_ = FirstCountedAfter(plan_.start);
    for (absl::CivilDay day = plan_.start; day <= end_; ++day) {
      if (day == plan_.start) Add(day, TraceKind::kStart, StartText());
      const ClockEvent* stop = EventsOn(day);
      CountDay(day);
      Markers(day);
      if (stop != nullptr) {
        Add(day, TraceKind::kStop, WithReason("停止计时", stop->reason));
      }
    }
    return std::move(trace_);
  }

 private:
  absl::CivilDay FirstCountedAfter(absl::CivilDay origin) const {
    return (plan_.kind == PeriodKind::kRealtime ||
            counting_ == Counting::kStartDayCounts)
               ? origin
               : origin + 1;
  }

  std::string StartText() const {
    std::string text =
        first_counted_ == plan_.start ? "起算日（计入）" : "起算日（不计入）";
    return WithReason(std::move(text), events_.front().reason);
  }

  // Emits pause/restart/extend entries dated `day`; returns the stop, if any.
  const ClockEvent* EventsOn(absl::CivilDay day) {
    const ClockEvent* stop = nullptr;
    for (size_t i = 1; i < events_.size(); ++i) {
      const ClockEvent& event = events_[i];
      if (event.date != day) continue;
      switch (event.type) {
        case ClockEventType::kPause:
          Add(day, TraceKind::kPause,
              PauseText({*event.date, event.until, event.reason}));
          break;
        case ClockEventType::kRestart:
          Add(day, TraceKind::kRestart,
              WithReason(absl::StrCat("重新起算（此前已计的", counted_, "个",
                                      Unit(), "作废）"),
                         event.reason));
          counted_ = 0;
          first_counted_ = FirstCountedAfter(day);
          break;
        case ClockEventType::kExtend:
          Add(day, TraceKind::kExtend, ExtendText(event));
          break;
        case ClockEventType::kStop:
          stop = &event;
          break;
        case ClockEventType::kStart:
          break;
      }
    }
    return stop;
  }

  void CountDay(absl::CivilDay day) {
    if (day < first_counted_) return;
    const int64_t total = result_.total;
    if (counted_ >= total && plan_.kind != PeriodKind::kTimely) {
      // A calendar-day period that ended on a day off rolls forward.
      if (result_.due.has_value() && day < *result_.due) {
        const Span* pause = PauseAt(day);
        Add(day, TraceKind::kSkipped,
            pause != nullptr ? PauseReason(*pause)
                             : calendar_.IsWorkday(day).reason);
      }
      return;
    }
    if (deadline_.has_value() && day > *deadline_) return;
    const WorkdayAnswer answer = calendar_.IsWorkday(day);
    const Span* pause = PauseAt(day);
    if (plan_.calendar_days) {
      if (pause != nullptr) {
        Add(day, TraceKind::kSkipped, PauseReason(*pause));
        return;
      }
      ++counted_;
      last_counted_ = day;
      std::string text = absl::StrCat("第", counted_, "日");
      if (!answer.workday) absl::StrAppend(&text, "（", answer.reason, "）");
      Add(day, TraceKind::kCounted, std::move(text), counted_);
      return;
    }
    if (!answer.workday) {
      Add(day, TraceKind::kSkipped, answer.reason);
    } else if (pause != nullptr) {
      Add(day, TraceKind::kSkipped, PauseReason(*pause));
    } else {
      ++counted_;
      std::string text = absl::StrCat("第", counted_, "个工作日");
      if (answer.kind != DayKind::kWorkday) {
        absl::StrAppend(&text, "（", answer.reason, "）");
      }
      Add(day, TraceKind::kCounted, std::move(text), counted_);
    }
  }

  void Markers(absl::CivilDay day) {
    if (plan_.extension > 0 && result_.original_due == day) {
      Add(day, TraceKind::kExtend,
          absl::StrCat("原期限届满；已延长", plan_.extension, "个", Unit()));
    }
    if (result_.due == day) {
      std::string text = "期限届满";
      if (plan_.kind == PeriodKind::kRealtime) text = "实时期限：当日到期";
      if (plan_.calendar_days && last_counted_.has_value() &&
          *last_counted_ < day) {
        text = "期限届满（最后一日为休息日，顺延至此）";
      }
      Add(day, TraceKind::kDue, std::move(text));
    }
    if (result_.flag_date == day) {
      Add(day, TraceKind::kFlag,
          absl::StrCat("已满", plan_.base, "个工作日，此后标记为未及时办理"));
    }
  }

  std::string ExtendText(const ClockEvent& event) const {
    return WithReason(absl::StrCat("延长", event.days, "个", Unit()),
                      event.reason);
  }

  const Span* PauseAt(absl::CivilDay day) const {
    for (const Span& pause : plan_.pauses) {
      if (pause.Contains(day)) return &pause;
    }
    return nullptr;
  }

  static std::string PauseReason(const Span& pause) {
    return pause.reason.empty() ? "暂停" : absl::StrCat("暂停：", pause.reason);
  }

  absl::string_view Unit() const {
    return plan_.calendar_days ? "日" : "工作日";
  }

  void Add(absl::CivilDay day, TraceKind kind, std::string text,
           int64_t number = 0) {
    trace_.push_back({day, kind, static_cast<int>(number), std::move(text)});
  }

  const Calendar& calendar_;
  const Plan& plan_;
  absl::Span<const ClockEvent> events_;
  const ClockResult& result_;
  const Counting counting_;
  std::optional<absl::CivilDay> deadline_;
  absl::CivilDay end_;
  absl::CivilDay first_counted_;
  int64_t counted_ = 0;
  std::optional<absl::CivilDay> last_counted_;
  std::vector<TraceEntry> trace_;
};

// --- State -------------------------------------------------------------------

void ComputeState(const Counter& counter, const Plan& plan,
                  const ClockOptions& options, ClockResult& result) {
  const std::optional<absl::CivilDay> as_of =
      plan.stop.has_value() ? plan.stop : options.today;
  const std::optional<absl::CivilDay> deadline =
      result.due.has_value() ? result.due : result.flag_date;
  if (as_of.has_value()) {
    const absl::CivilDay through =
        deadline.has_value() ? std::min(*as_of, *deadline) : *as_of;
    result.used = std::min(result.total, counter.CountedThrough(through));
    result.remaining = result.total - result.used;
  }
  if (plan.stop.has_value()) {
    result.state = ClockState::kStopped;
    result.stopped_on = plan.stop;
    if (result.due.has_value()) result.on_time = *plan.stop <= *result.due;
    return;
  }
  if (!options.today.has_value()) {
    result.state = plan.open_pause ? ClockState::kPaused : ClockState::kRunning;
    return;
  }
  const absl::CivilDay today = *options.today;
  result.flagged = result.flag_date.has_value() && today > *result.flag_date;
  if (result.due.has_value() && today > *result.due) {
    result.state = ClockState::kOverdue;
    result.overdue_by = counter.Units(*result.due + 1, today);
  } else if (counter.PauseAt(today) != nullptr) {
    result.state = ClockState::kPaused;
  } else if (result.due.has_value() &&
             result.remaining <= options.due_soon_within) {
    result.state = ClockState::kDueSoon;
  } else {
    result.state = ClockState::kRunning;
  }
}

std::vector<Warning> ClockWarnings(const Calendar& calendar, const Plan& plan,
                                   const ClockOptions& options,
                                   const ClockResult& result) {
  absl::CivilDay lo = plan.start;
  absl::CivilDay hi = plan.last_event_day;
  for (const auto& day : {result.due, result.original_due, result.flag_date}) {
    if (day.has_value()) hi = std::max(hi, *day);
  }
  if (options.today.has_value() && !plan.stop.has_value()) {
    lo = std::min(lo, *options.today);
    hi = std::max(hi, *options.today);
  }
  return calendar.CoverageWarnings(lo, hi);
}

}  // namespace

absl::StatusOr<ClockResult> ComputeClock(const Calendar& calendar,
                                         const Period& period,
                                         absl::Span<const ClockEvent> events,
                                         const ClockOptions& options) {
  absl::StatusOr<Plan> plan =
      MakePlan(period, events, calendar.options().counting);
  if (!plan.ok()) return plan.status();
  const Counter counter(calendar, *plan);

  ClockResult result;
  result.total = plan->base + plan->extension;
  if (period.kind == PeriodKind::kTimely) {
    if (plan->base > 0) result.flag_date = counter.FindNth(plan->base);
  } else {
    result.due = counter.Due(result.total);
    result.original_due =
        plan->extension > 0 ? counter.Due(plan->base) : result.due;
  }
  ComputeState(counter, *plan, options, result);
  result.warnings = ClockWarnings(calendar, *plan, options, result);
  if (options.trace) {
    result.trace =
        TraceBuilder(calendar, *plan, events, result, options).Build();
  }
  return result;
}

absl::Status ValidateExtension(int days, int already_extended, int max_total) {
  if (days <= 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("延长天数必须大于0：", days));
  }
  if (already_extended + days > max_total) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "延长期限累计不得超过%d个工作日（已延长%d个，本次%d个）", max_total,
        already_extended, days));
  }
  return absl::OkStatus();
}

}  // namespace zwgk::calendar
