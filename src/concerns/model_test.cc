// The pure rules of 回应关切: due times in hours (the issue's example), the
// seen minute as typed, timeliness and the concern's state. No database.
#include "concerns/model.h"

#include <optional>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace zwgk::concerns {
namespace {

absl::Time T(const char* iso) {
  std::optional<absl::Time> t = ParseSeenAt(iso);
  EXPECT_TRUE(t.has_value()) << iso;
  return t.value_or(absl::UnixEpoch());
}

TEST(ConcernsModelTest, TheIssuesMajorConcernIsDueAtFiveAndTwentyFourHours) {
  const std::vector<Due> due =
      DueTimes(Kind::kMajor, T("2026-12-02T22:30+08:00"), Hours{});
  ASSERT_EQ(due.size(), 2u);
  EXPECT_EQ(due[0].obligation, Obligation::kFirstInformation);
  EXPECT_EQ(FormatBeijingIso(due[0].due_at), "2026-12-03T03:30:00+08:00");
  EXPECT_EQ(due[1].obligation, Obligation::kPressConference);
  EXPECT_EQ(FormatBeijingIso(due[1].due_at), "2026-12-03T22:30:00+08:00");
}

TEST(ConcernsModelTest, DueTimesByKindAndHours) {
  struct Case {
    Kind kind;
    Hours hours;
    const char* seen;
    std::vector<std::string> want;  // Beijing minutes, in order
  } cases[] = {
      {Kind::kGeneral,
       Hours{},
       "2026-12-31T20:00+08:00",
       {"2027-01-02 20:00"}},  // hours, across the new year and a weekend
      {Kind::kGeneral,
       Hours{.response = 24},
       "2026-02-28T12:05",
       {"2026-03-01 12:05"}},
      {Kind::kMajor,
       Hours{.first_information = 1, .press_conference = 12},
       "2026-12-02T14:30:00Z",  // 22:30 Beijing
       {"2026-12-02 23:30", "2026-12-03 10:30"}},
      {Kind::kMajor,
       Hours{},
       "2026-06-01 00:00",
       {"2026-06-01 05:00", "2026-06-02 00:00"}},
  };
  for (const Case& c : cases) {
    std::vector<std::string> got;
    for (const Due& d : DueTimes(c.kind, T(c.seen), c.hours))
      got.push_back(FormatBeijingMinute(d.due_at));
    EXPECT_EQ(got, c.want) << c.seen;
  }
}

TEST(ConcernsModelTest, ParsesTheSeenMinuteOrRefusesIt) {
  struct Case {
    const char* in;
    const char* want;  // Beijing ISO, or nullptr: refused
  } cases[] = {
      {"2026-12-02T22:30+08:00", "2026-12-02T22:30:00+08:00"},
      {"2026-12-02T22:30:59+08:00", "2026-12-02T22:30:00+08:00"},
      {"2026-12-02T14:30Z", "2026-12-02T22:30:00+08:00"},
      {"2026-12-02T22:30", "2026-12-02T22:30:00+08:00"},
      {" 2026-12-02 22:30 ", "2026-12-02T22:30:00+08:00"},
      {"2026-12-02T09:30-05:00", "2026-12-02T22:30:00+08:00"},
      {"2026-12-02", nullptr},
      {"2026-13-02T22:30", nullptr},
      {"昨天晚上", nullptr},
      {"", nullptr},
      {"2026-12-02T22:30+08:00xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", nullptr},
  };
  for (const Case& c : cases) {
    std::optional<absl::Time> t = ParseSeenAt(c.in);
    if (c.want == nullptr) {
      EXPECT_FALSE(t.has_value()) << c.in;
    } else {
      ASSERT_TRUE(t.has_value()) << c.in;
      EXPECT_EQ(FormatBeijingIso(*t), c.want) << c.in;
    }
  }
}

TEST(ConcernsModelTest, JudgesEachObligation) {
  const absl::Time due = T("2026-12-03T03:30+08:00");
  struct Case {
    std::optional<const char*> met;
    const char* now;
    Timeliness want;
  } cases[] = {
      {std::nullopt, "2026-12-03T03:30+08:00", Timeliness::kRunning},
      {std::nullopt, "2026-12-03T03:31+08:00", Timeliness::kOverdue},
      {"2026-12-03T03:30+08:00", "2026-12-04T00:00+08:00", Timeliness::kOnTime},
      {"2026-12-03T03:31+08:00", "2026-12-04T00:00+08:00", Timeliness::kLate},
  };
  for (const Case& c : cases) {
    std::optional<absl::Time> met;
    if (c.met) met = T(*c.met);
    EXPECT_EQ(Judge(due, met, T(c.now)), c.want) << c.now;
  }
}

TEST(ConcernsModelTest, TheMajorConcernShowsAsOverdueAfterItsFirstDueTime) {
  Concern c{.kind = Kind::kMajor, .seen_at = T("2026-12-02T22:30+08:00")};
  c.due = DueTimes(c.kind, c.seen_at, Hours{});
  EXPECT_EQ(StateOf(Statuses(c, T("2026-12-03T03:30+08:00"))), State::kOpen);
  EXPECT_EQ(StateOf(Statuses(c, T("2026-12-03T03:31+08:00"))), State::kOverdue);
  // Information published at 03:00 meets the first; the press conference is
  // still running until 22:30.
  c.responses.push_back({.record_id = 7,
                         .obligation = Obligation::kFirstInformation,
                         .published_at = T("2026-12-03T03:00+08:00")});
  auto s = Statuses(c, T("2026-12-03T12:00+08:00"));
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].timeliness, Timeliness::kOnTime);
  EXPECT_EQ(s[0].met_by_record, 7);
  EXPECT_EQ(s[1].timeliness, Timeliness::kRunning);
  EXPECT_EQ(StateOf(s), State::kOpen);
  EXPECT_EQ(StateOf(Statuses(c, T("2026-12-03T22:31+08:00"))), State::kOverdue);
  // A draft (no publication) meets nothing; a late press conference does.
  c.responses.push_back(
      {.record_id = 8, .obligation = Obligation::kPressConference});
  EXPECT_EQ(StateOf(Statuses(c, T("2026-12-03T22:31+08:00"))), State::kOverdue);
  c.responses.push_back({.record_id = 9,
                         .obligation = Obligation::kPressConference,
                         .published_at = T("2026-12-04T09:00+08:00")});
  s = Statuses(c, T("2026-12-05T00:00+08:00"));
  EXPECT_EQ(s[1].timeliness, Timeliness::kLate);
  EXPECT_EQ(StateOf(s), State::kAnswered);
}

TEST(ConcernsModelTest, NamesAndLabelsParseBack) {
  for (Source s : AllSources()) {
    EXPECT_EQ(ParseSource(SourceName(s)), s);
    EXPECT_EQ(ParseSource(SourceLabel(s)), s);
  }
  EXPECT_EQ(ParseSource("12345热线"), Source::kHotline);
  EXPECT_EQ(ParseSource("微博"), std::nullopt);
  EXPECT_EQ(ParseKind("major"), Kind::kMajor);
  EXPECT_EQ(ParseKind("一般政务舆情"), Kind::kGeneral);
  EXPECT_EQ(ParseKind("minor"), std::nullopt);
  EXPECT_EQ(ParseObligation("press_conference"), Obligation::kPressConference);
  EXPECT_TRUE(Matches(State::kOverdue, State::kOpen));
  EXPECT_FALSE(Matches(State::kAnswered, State::kOpen));
  EXPECT_FALSE(Matches(State::kOpen, State::kOverdue));
}

}  // namespace
}  // namespace zwgk::concerns
