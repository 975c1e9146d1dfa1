#include "calendar/model.h"

#include "absl/strings/string_view.h"

namespace zwgk::calendar {

absl::string_view DayKindName(DayKind kind) {
  switch (kind) {
    case DayKind::kWorkday:
      return "workday";
    case DayKind::kWeekend:
      return "weekend";
    case DayKind::kHoliday:
      return "holiday";
    case DayKind::kMakeupWorkday:
      return "makeup_workday";
    case DayKind::kLocalClosure:
      return "local_closure";
    case DayKind::kLocalWorkday:
      return "local_workday";
  }
  return "";
}

absl::string_view PeriodKindName(PeriodKind kind) {
  switch (kind) {
    case PeriodKind::kWorkingDays:
      return "working_days";
    case PeriodKind::kCalendarDays:
      return "calendar_days";
    case PeriodKind::kRealtime:
      return "realtime";
    case PeriodKind::kTimely:
      return "timely";
  }
  return "";
}

absl::string_view ClockEventTypeName(ClockEventType type) {
  switch (type) {
    case ClockEventType::kStart:
      return "start";
    case ClockEventType::kPause:
      return "pause";
    case ClockEventType::kRestart:
      return "restart";
    case ClockEventType::kExtend:
      return "extend";
    case ClockEventType::kStop:
      return "stop";
  }
  return "";
}

absl::string_view ClockStateName(ClockState state) {
  switch (state) {
    case ClockState::kRunning:
      return "running";
    case ClockState::kPaused:
      return "paused";
    case ClockState::kDueSoon:
      return "due_soon";
    case ClockState::kOverdue:
      return "overdue";
    case ClockState::kStopped:
      return "stopped";
  }
  return "";
}

absl::string_view ClockStateLabel(ClockState state) {
  switch (state) {
    case ClockState::kRunning:
      return "计时中";
    case ClockState::kPaused:
      return "暂停计时";
    case ClockState::kDueSoon:
      return "即将到期";
    case ClockState::kOverdue:
      return "已逾期";
    case ClockState::kStopped:
      return "已停止";
  }
  return "";
}

absl::string_view TraceKindName(TraceKind kind) {
  switch (kind) {
    case TraceKind::kStart:
      return "start";
    case TraceKind::kCounted:
      return "counted";
    case TraceKind::kSkipped:
      return "skipped";
    case TraceKind::kPause:
      return "pause";
    case TraceKind::kRestart:
      return "restart";
    case TraceKind::kExtend:
      return "extend";
    case TraceKind::kStop:
      return "stop";
    case TraceKind::kDue:
      return "due";
    case TraceKind::kFlag:
      return "flag";
  }
  return "";
}

}  // namespace zwgk::calendar
