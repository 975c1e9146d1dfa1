#include "concerns/model.h"

#include <algorithm>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace zwgk::concerns {
namespace {

struct SourceInfo {
  Source source;
  absl::string_view name, label;
};
constexpr SourceInfo kSources[] = {
    {Source::kMonitoring, "monitoring", "舆情监测"},
    {Source::kMedia, "media", "媒体报道"},
    {Source::kNetizen, "netizen", "网民留言"},
    {Source::kHotline, "hotline", "12345 热线"},
    {Source::kDeputies, "deputies", "人大建议/政协提案"},
    {Source::kOther, "other", "其他"},
};

absl::TimeZone Beijing() { return absl::FixedTimeZone(8 * 60 * 60); }

absl::Time ToMinute(absl::Time t) {
  const int64_t s = absl::ToUnixSeconds(t);
  return absl::FromUnixSeconds(s - ((s % 60) + 60) % 60);
}

}  // namespace

absl::string_view KindName(Kind k) {
  return k == Kind::kMajor ? "major" : "general";
}
absl::string_view KindLabel(Kind k) {
  return k == Kind::kMajor ? "重大突发事件" : "一般政务舆情";
}
std::optional<Kind> ParseKind(absl::string_view s) {
  for (Kind k : {Kind::kMajor, Kind::kGeneral}) {
    if (s == KindName(k) || s == KindLabel(k)) return k;
  }
  return std::nullopt;
}

const std::vector<Source>& AllSources() {
  static const auto* all = new std::vector<Source>{
      Source::kMonitoring, Source::kMedia,    Source::kNetizen,
      Source::kHotline,    Source::kDeputies, Source::kOther};
  return *all;
}
absl::string_view SourceName(Source s) {
  for (const SourceInfo& i : kSources) {
    if (i.source == s) return i.name;
  }
  return "other";
}
absl::string_view SourceLabel(Source s) {
  for (const SourceInfo& i : kSources) {
    if (i.source == s) return i.label;
  }
  return "其他";
}
std::optional<Source> ParseSource(absl::string_view s) {
  for (const SourceInfo& i : kSources) {
    if (s == i.name || s == i.label) return i.source;
  }
  // "12345热线" without the space, "人大建议" or "政协提案" alone.
  if (s == "12345热线" || s == "12345") return Source::kHotline;
  if (s == "人大建议" || s == "政协提案") return Source::kDeputies;
  return std::nullopt;
}

absl::string_view ObligationName(Obligation o) {
  switch (o) {
    case Obligation::kFirstInformation:
      return "first_information";
    case Obligation::kPressConference:
      return "press_conference";
    case Obligation::kResponse:
      return "response";
  }
  return "response";
}
absl::string_view ObligationLabel(Obligation o) {
  switch (o) {
    case Obligation::kFirstInformation:
      return "发布权威信息";
    case Obligation::kPressConference:
      return "召开新闻发布会";
    case Obligation::kResponse:
      return "回应";
  }
  return "回应";
}
std::optional<Obligation> ParseObligation(absl::string_view s) {
  for (Obligation o : {Obligation::kFirstInformation,
                       Obligation::kPressConference, Obligation::kResponse}) {
    if (s == ObligationName(o) || s == ObligationLabel(o)) return o;
  }
  return std::nullopt;
}
std::vector<Obligation> ObligationsOf(Kind k) {
  if (k == Kind::kMajor)
    return {Obligation::kFirstInformation, Obligation::kPressConference};
  return {Obligation::kResponse};
}

int Hours::For(Obligation o) const {
  switch (o) {
    case Obligation::kFirstInformation:
      return first_information;
    case Obligation::kPressConference:
      return press_conference;
    case Obligation::kResponse:
      return response;
  }
  return response;
}

std::vector<Due> DueTimes(Kind kind, absl::Time seen_at, const Hours& hours) {
  std::vector<Due> out;
  for (Obligation o : ObligationsOf(kind))
    out.push_back(
        {.obligation = o, .due_at = seen_at + absl::Hours(hours.For(o))});
  return out;
}

absl::string_view TimelinessLabel(Timeliness t) {
  switch (t) {
    case Timeliness::kRunning:
      return "未到期";
    case Timeliness::kOverdue:
      return "已超时";
    case Timeliness::kOnTime:
      return "按时回应";
    case Timeliness::kLate:
      return "超时回应";
  }
  return "未到期";
}

Timeliness Judge(absl::Time due_at, std::optional<absl::Time> met_at,
                 absl::Time now) {
  if (met_at)
    return *met_at <= due_at ? Timeliness::kOnTime : Timeliness::kLate;
  return now > due_at ? Timeliness::kOverdue : Timeliness::kRunning;
}

std::optional<absl::Time> ParseSeenAt(absl::string_view text) {
  std::string t(absl::StripAsciiWhitespace(text));
  if (t.empty() || t.size() > 40) return std::nullopt;
  if (absl::EndsWith(t, "Z") || absl::EndsWith(t, "z")) {
    t.pop_back();
    t += "+00:00";
  }
  absl::Time out;
  std::string err;
  for (const char* f : {"%Y-%m-%dT%H:%M%Ez", "%Y-%m-%dT%H:%M:%S%Ez",
                        "%Y-%m-%d %H:%M%Ez", "%Y-%m-%d %H:%M:%S%Ez"}) {
    if (absl::ParseTime(f, t, &out, &err)) return ToMinute(out);
  }
  for (const char* f : {"%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M",
                        "%Y-%m-%d %H:%M:%S"}) {
    if (absl::ParseTime(f, t, Beijing(), &out, &err)) return ToMinute(out);
  }
  return std::nullopt;
}

std::string FormatBeijingIso(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%S%Ez", t, Beijing());
}

std::string FormatBeijingMinute(absl::Time t) {
  return absl::FormatTime("%Y-%m-%d %H:%M", t, Beijing());
}

std::vector<ObligationStatus> Statuses(const Concern& c, absl::Time now) {
  std::vector<ObligationStatus> out;
  for (const Due& d : c.due) {
    ObligationStatus s{.obligation = d.obligation, .due_at = d.due_at};
    for (const Response& r : c.responses) {
      if (r.obligation != d.obligation || !r.published_at) continue;
      if (!s.met_at || *r.published_at < *s.met_at) {
        s.met_at = r.published_at;
        s.met_by_record = r.record_id;
      }
    }
    // A publication after `now` (a clock moved back) does not count yet.
    if (s.met_at && *s.met_at > now) {
      s.met_at.reset();
      s.met_by_record = 0;
    }
    s.timeliness = Judge(s.due_at, s.met_at, now);
    out.push_back(s);
  }
  return out;
}

absl::string_view StateName(State s) {
  switch (s) {
    case State::kOpen:
      return "open";
    case State::kOverdue:
      return "overdue";
    case State::kAnswered:
      return "answered";
  }
  return "open";
}
absl::string_view StateLabel(State s) {
  switch (s) {
    case State::kOpen:
      return "办理中";
    case State::kOverdue:
      return "已超时";
    case State::kAnswered:
      return "已回应";
  }
  return "办理中";
}
std::optional<State> ParseState(absl::string_view s) {
  for (State st : {State::kOpen, State::kOverdue, State::kAnswered}) {
    if (s == StateName(st)) return st;
  }
  return std::nullopt;
}

State StateOf(const std::vector<ObligationStatus>& statuses) {
  bool open = false;
  for (const ObligationStatus& s : statuses) {
    if (s.timeliness == Timeliness::kOverdue) return State::kOverdue;
    if (s.timeliness == Timeliness::kRunning) open = true;
  }
  return open ? State::kOpen : State::kAnswered;
}

bool Matches(State state, State filter) {
  if (filter == State::kOpen) return state != State::kAnswered;
  return state == filter;
}

}  // namespace zwgk::concerns
