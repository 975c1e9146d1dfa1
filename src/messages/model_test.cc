// The pure rules of 政民互动: types and states, due days on the county
// calendar (国庆 2026 from the embedded schedule: 10-01..10-07 off, Saturday
// 10-10 worked; 中秋 09-25..09-27 off, Sunday 09-20 worked), timeliness, the
// three-month line and the redaction of personal data.
#include "messages/model.h"

#include <string>
#include <vector>

#include "calendar/test_util.h"
#include "core/text.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace zwgk::messages {
namespace {

using calendar::testing::D;

const calendar::Calendar& National() {
  static const auto* cal =
      new calendar::Calendar(calendar::testing::NationalCalendar());
  return *cal;
}

TEST(MessagesModelTest, TypesParseNamesAndLabels) {
  struct Case {
    const char* text;
    std::optional<MessageType> want;
  };
  const std::vector<Case> cases = {
      {"咨询", MessageType::kConsult},
      {"consult", MessageType::kConsult},
      {"建议", MessageType::kSuggest},
      {"suggest", MessageType::kSuggest},
      {"投诉", MessageType::kComplain},
      {"complain", MessageType::kComplain},
      {"找错", MessageType::kError},
      {"error", MessageType::kError},
      {" 投诉 ", MessageType::kComplain},
      {"我为政府网站找错", MessageType::kError},
      {"", std::nullopt},
      {"举报", std::nullopt},
      {"Consult", std::nullopt},
  };
  for (const Case& c : cases) EXPECT_EQ(ParseType(c.text), c.want) << c.text;
  for (MessageType t : AllTypes()) {
    EXPECT_EQ(ParseType(TypeName(t)), t);
    EXPECT_EQ(ParseType(TypeLabel(t)), t);
  }
  EXPECT_EQ(AllTypes().size(), 4u);
}

TEST(MessagesModelTest, StatesRoundTrip) {
  for (MessageState s : {MessageState::kUnrouted, MessageState::kHandling,
                         MessageState::kReviewing, MessageState::kReplied}) {
    EXPECT_EQ(ParseState(StateName(s)), s);
    EXPECT_EQ(ParseState(StateLabel(s)), s);
  }
  EXPECT_EQ(StateLabel(MessageState::kUnrouted), "待分办");
  EXPECT_EQ(StateLabel(MessageState::kReviewing), "待审核");
  EXPECT_EQ(ParseState("closed"), std::nullopt);
}

TEST(MessagesModelTest, DefaultDeadlines) {
  Deadlines d;
  EXPECT_EQ(d.DaysFor(MessageType::kConsult), 5);
  EXPECT_EQ(d.DaysFor(MessageType::kSuggest), 10);
  EXPECT_EQ(d.DaysFor(MessageType::kComplain), 15);
  EXPECT_EQ(d.DaysFor(MessageType::kError), 5);
  d.days.erase(MessageType::kComplain);  // a missing entry: the default
  d.days[MessageType::kConsult] = 3;
  EXPECT_EQ(d.DaysFor(MessageType::kComplain), 15);
  EXPECT_EQ(d.DaysFor(MessageType::kConsult), 3);
}

TEST(MessagesModelTest, DueDatesAcrossNationalDay2026) {
  struct Case {
    const char* from;
    int days;
    const char* due;
  };
  // Worked by hand from the 2026 notice.
  const std::vector<Case> cases = {
      // Wed 09-30: Thu 10-08 (1), Fri 10-09 (2), Sat 10-10 worked (3),
      // Mon 10-12 (4), Tue 10-13 (5).
      {"2026-09-30", 5, "2026-10-13"},
      {"2026-09-30", 10, "2026-10-20"},
      {"2026-09-30", 15, "2026-10-27"},
      {"2026-09-30", 1, "2026-10-08"},
      {"2026-09-30", 3, "2026-10-10"},
      // Arriving on a holiday: day 1 is still the first working day after.
      {"2026-10-03", 5, "2026-10-13"},
      // Thu 09-24: Mon 09-28 (1), Tue 09-29 (2), Wed 09-30 (3), 10-08 (4),
      // 10-09 (5) — 中秋 09-25..27 and 国庆 skipped.
      {"2026-09-24", 5, "2026-10-09"},
      // Fri 09-18: Sun 09-20 worked (1), 09-21..24 (2–5).
      {"2026-09-18", 5, "2026-09-24"},
      // A restart on Mon 10-12 counts from there.
      {"2026-10-12", 5, "2026-10-19"},
      {"2026-09-30", 0, "2026-09-30"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(calendar::FormatDate(DueDate(National(), D(c.from), c.days)),
              c.due)
        << c.from << " + " << c.days;
  }
}

TEST(MessagesModelTest, Judge) {
  Message m;
  m.arrived_on = D("2026-09-30");
  m.due_on = D("2026-10-13");
  struct Case {
    const char* name;
    MessageState state;
    std::optional<absl::CivilDay> replied_on;
    const char* today;
    Timeliness want;
  };
  const std::vector<Case> cases = {
      {"open, far", MessageState::kHandling, std::nullopt, "2026-10-08",
       Timeliness::kPending},
      {"open, 2 days before", MessageState::kHandling, std::nullopt,
       "2026-10-11", Timeliness::kDueSoon},
      {"open, due day", MessageState::kReviewing, std::nullopt, "2026-10-13",
       Timeliness::kDueSoon},
      {"open, day after", MessageState::kHandling, std::nullopt, "2026-10-14",
       Timeliness::kOverdue},
      {"unrouted past due", MessageState::kUnrouted, std::nullopt, "2026-11-01",
       Timeliness::kOverdue},
      {"replied on due day", MessageState::kReplied, D("2026-10-13"),
       "2026-12-01", Timeliness::kOnTime},
      {"replied a day late", MessageState::kReplied, D("2026-10-14"),
       "2026-10-14", Timeliness::kLate},
  };
  for (const Case& c : cases) {
    m.state = c.state;
    m.replied_on = c.replied_on;
    EXPECT_EQ(Judge(m, D(c.today)), c.want) << c.name;
  }
  EXPECT_EQ(TimelinessLabel(Timeliness::kOverdue), "已超期");
  EXPECT_EQ(TimelinessLabel(Timeliness::kLate), "超期答复");
  EXPECT_EQ(TimelinessLabel(Timeliness::kOnTime), "按时答复");
}

TEST(MessagesModelTest, ThreeMonthLine) {
  struct Case {
    const char* arrived;
    const char* line;
    const char* warning;
  };
  const std::vector<Case> cases = {
      {"2026-09-30", "2026-12-30", "2026-11-29"},
      {"2026-11-30", "2027-02-28", "2027-01-29"},  // clamped, crosses a year
      {"2027-11-30", "2028-02-29", "2028-01-29"},  // leap year
      {"2026-05-31", "2026-08-31", "2026-07-30"},
      {"2026-03-31", "2026-06-30", "2026-05-30"},
      {"2026-01-15", "2026-04-15", "2026-03-16"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(calendar::FormatDate(ThreeMonthLine(D(c.arrived))), c.line)
        << c.arrived;
    EXPECT_EQ(calendar::FormatDate(ThreeMonthWarning(D(c.arrived))), c.warning)
        << c.arrived;
  }
}

TEST(MessagesModelTest, RedactPersonalData) {
  struct Case {
    const char* text;
    const char* name;
    const char* want;
  };
  const std::vector<Case> cases = {
      {"我是张三，电话13812345678，请回电", "张三",
       "我是＊＊，电话＊＊＊，请回电"},
      {"手机 138 1234 5678 或 138-1234-5678", "", "手机 ＊＊＊ 或 ＊＊＊"},
      {"+86 13912345678", "", "+＊＊＊"},
      {"座机0715-6321234，传真 07156321235", "", "座机＊＊＊，传真 ＊＊＊"},
      {"身份证号42122119900307123X。", "", "身份证号＊＊＊。"},
      {"身份证号421221199003071238", "", "身份证号＊＊＊"},
      {"邮箱 zhang.san+x@mail.example.com.", "", "邮箱 ＊＊＊."},
      {"在2026-09-30和2026年10月8日办理，共12345元，编号12345678", "",
       "在2026-09-30和2026年10月8日办理，共12345元，编号12345678"},
      {"日期 2026-10-08 0715-1234567", "", "日期 2026-10-08 ＊＊＊"},
      {"12812345678不是手机号", "", "12812345678不是手机号"},
      {"一个@不是邮箱，a@b 也不是", "", "一个@不是邮箱，a@b 也不是"},
      // A one-character name is left alone (it would mask that character).
      {"王在王家村", "王", "王在王家村"},
      {"欧阳娜娜反映欧阳娜娜的问题", "欧阳娜娜", "＊＊＊＊反映＊＊＊＊的问题"},
      {"", "张三", ""},
  };
  for (const Case& c : cases)
    EXPECT_EQ(RedactPersonalData(c.text, c.name), c.want) << c.text;
}

TEST(MessagesModelTest, RedactKeepsUtf8Intact) {
  // Multi-byte characters around and between numbers stay whole.
  const std::string out =
      RedactPersonalData("联系１３８：13812345678號碼😀end", "");
  EXPECT_EQ(out, "联系１３８：＊＊＊號碼😀end");
  EXPECT_EQ(Utf8Length(out), Utf8Length("联系１３８：＊＊＊號碼😀end"));
}

}  // namespace
}  // namespace zwgk::messages
