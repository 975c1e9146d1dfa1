#include "decisions/model.h"

#include <string>
#include <vector>

#include "core/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace zwgk::decisions {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// An instant in Beijing time.
absl::Time Beijing(int y, int mo, int d, int h, int mi, int s) {
  return absl::FromCivil(absl::CivilSecond(y, mo, d, h, mi, s),
                         ChinaTimeZone());
}

TEST(WindowAtTest, OpensAtMidnightAndClosesAtTheEndOfClosesOn) {
  const absl::CivilDay opens(2026, 3, 2), closes(2026, 3, 31);
  struct Case {
    const char* what;
    absl::Time now;
    bool recorded;
    WindowState want;
  } cases[] = {
      {"a second before the first day", Beijing(2026, 3, 1, 23, 59, 59), false,
       WindowState::kNotYetOpen},
      {"00:00 on opens_on", Beijing(2026, 3, 2, 0, 0, 0), false,
       WindowState::kOpen},
      {"mid-window", Beijing(2026, 3, 15, 12, 0, 0), false, WindowState::kOpen},
      {"23:59:59 on closes_on", Beijing(2026, 3, 31, 23, 59, 59), false,
       WindowState::kOpen},
      {"00:00 the day after", Beijing(2026, 4, 1, 0, 0, 0), false,
       WindowState::kClosed},
      {"a minute after closing", Beijing(2026, 4, 1, 0, 1, 0), false,
       WindowState::kClosed},
      // 16:30 UTC on 31 March is 00:30 on 1 April in Beijing.
      {"UTC still on closes_on, Beijing not",
       absl::FromCivil(absl::CivilSecond(2026, 3, 31, 16, 30, 0),
                       absl::UTCTimeZone()),
       false, WindowState::kClosed},
      {"recorded, whenever", Beijing(2026, 3, 15, 12, 0, 0), true,
       WindowState::kRecorded},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(WindowAt(opens, closes, c.recorded, c.now), c.want) << c.what;
  }
}

TEST(WindowDaysTest, CountsBothEnds) {
  EXPECT_EQ(WindowDays(absl::CivilDay(2026, 3, 2), absl::CivilDay(2026, 3, 31)),
            30);
  EXPECT_EQ(WindowDays(absl::CivilDay(2026, 3, 2), absl::CivilDay(2026, 3, 2)),
            1);
  EXPECT_EQ(WindowDays(absl::CivilDay(2026, 2, 1), absl::CivilDay(2026, 3, 2)),
            30);  // across the end of February
}

TEST(NamesTest, RoundTripAndLabels) {
  for (CommentState s : {CommentState::kPending, CommentState::kPublished,
                         CommentState::kHidden}) {
    EXPECT_EQ(ParseCommentState(CommentStateName(s)), s);
  }
  for (Adoption a : {Adoption::kNone, Adoption::kAdopted, Adoption::kPartly,
                     Adoption::kRejected, Adoption::kOutOfScope}) {
    EXPECT_EQ(ParseAdoption(AdoptionName(a)), a);
  }
  EXPECT_EQ(ParseAdoption("accepted"), std::nullopt);
  EXPECT_EQ(ParseCommentState(""), std::nullopt);
  EXPECT_EQ(AdoptionLabel(Adoption::kOutOfScope), "不属于本次征求范围");
  EXPECT_EQ(AdoptionLabel(Adoption::kPartly), "部分采纳");
  EXPECT_EQ(CommentStateLabel(CommentState::kPending), "待审核");
  EXPECT_EQ(WindowStateName(WindowState::kOpen), "open");
  EXPECT_EQ(WindowStateLabel(WindowState::kOpen), "征求意见中");
}

TEST(NormalizeForDuplicatesTest, DropsSpacesAndPunctuationAndCase) {
  struct Case {
    const char* in;
    const char* want;
  } cases[] = {
      {"建议增加 公交线路。", "建议增加公交线路"},
      {"建议增加公交线路！！", "建议增加公交线路"},
      {"  建议，增加；公交“线路”…  ", "建议增加公交线路"},
      {"Bus LINE 3", "busline3"},
      {"ＢＵＳ　ｌｉｎｅ　３！", "busline3"},  // full-width forms
      {"第一条\n第二款", "第一条第二款"},
      {"", ""},
      {"。，、", ""},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(NormalizeForDuplicates(c.in), c.want) << c.in;
  }
  EXPECT_NE(NormalizeForDuplicates("建议增加公交线路"),
            NormalizeForDuplicates("建议减少公交线路"));
}

Comment C(int64_t id, CommentState state, Adoption adoption = Adoption::kNone,
          std::optional<int64_t> duplicate_of = std::nullopt) {
  return Comment{.id = id,
                 .consultation_id = 1,
                 .name = "张三",
                 .phone = "13800000000",
                 .text = "意见" + std::to_string(id),
                 .state = state,
                 .adoption = adoption,
                 .adoption_reason = "理由" + std::to_string(id),
                 .duplicate_of = duplicate_of};
}

TEST(BuildFeedbackTest, DuplicatesTakeTheGroupOutcomeAndHiddenAreCounted) {
  using S = CommentState;
  using A = Adoption;
  std::vector<Comment> comments = {
      C(1, S::kPublished, A::kAdopted),
      C(2, S::kPublished, A::kRejected, 1),  // its own mark does not count
      C(3, S::kPublished, A::kNone, 1),
      C(4, S::kPublished, A::kPartly),
      C(5, S::kHidden, A::kAdopted),  // hidden: counted, never listed
      C(6, S::kPublished, A::kOutOfScope),
      C(7, S::kPublished, A::kRejected),
      C(8, S::kPublished),
  };
  Feedback f = BuildFeedback(comments);
  EXPECT_EQ(f.counts.received, 8);
  EXPECT_EQ(f.counts.hidden, 1);
  EXPECT_EQ(f.counts.adopted, 3);  // 1 and its duplicates 2, 3
  EXPECT_EQ(f.counts.partly, 1);
  EXPECT_EQ(f.counts.rejected, 1);
  EXPECT_EQ(f.counts.out_of_scope, 1);
  EXPECT_EQ(f.counts.undecided, 1);
  std::vector<int64_t> ids;
  for (const FeedbackItem& i : f.items) ids.push_back(i.comment_id);
  EXPECT_THAT(ids, ElementsAre(1, 2, 3, 4, 6, 7, 8));
  EXPECT_EQ(f.items[1].adoption, Adoption::kAdopted);
  EXPECT_EQ(f.items[1].duplicate_of, 1);
  EXPECT_EQ(f.items[1].reason, "理由1");
  EXPECT_EQ(f.items[0].duplicate_of, std::nullopt);
}

TEST(BuildFeedbackTest, ADuplicateOfAHiddenCommentKeepsItsOwnOutcome) {
  std::vector<Comment> comments = {
      C(1, CommentState::kHidden, Adoption::kAdopted),
      C(2, CommentState::kPublished, Adoption::kRejected, 1),
  };
  Feedback f = BuildFeedback(comments);
  EXPECT_EQ(f.counts.rejected, 1);
  EXPECT_EQ(f.counts.adopted, 0);
  ASSERT_EQ(f.items.size(), 1u);
  EXPECT_EQ(f.items[0].duplicate_of, std::nullopt);
}

TEST(BuildFeedbackTest, PendingCommentsAreReceivedButNotListed) {
  Feedback f = BuildFeedback({C(1, CommentState::kPending)});
  EXPECT_EQ(f.counts.received, 1);
  EXPECT_EQ(f.counts.undecided, 0);
  EXPECT_THAT(f.items, IsEmpty());
}

TEST(FeedbackBlockersTest, NamesWhatIsMissing) {
  using S = CommentState;
  using A = Adoption;
  struct Case {
    const char* what;
    std::vector<Comment> comments;
    WindowState window;
    std::vector<std::string> want_substrings;  // one per blocker
  } cases[] = {
      {"closed, all decided",
       {C(1, S::kPublished, A::kAdopted), C(2, S::kHidden)},
       WindowState::kClosed,
       {}},
      {"no comments, recorded", {}, WindowState::kRecorded, {}},
      {"still open", {}, WindowState::kOpen, {"尚未截止"}},
      {"not yet open", {}, WindowState::kNotYetOpen, {"尚未截止"}},
      {"undecided named by id",
       {C(1, S::kPublished, A::kAdopted), C(4, S::kPublished),
        C(9, S::kPublished)},
       WindowState::kClosed,
       {"第4条、第9条"}},
      {"a duplicate of a decided one is decided",
       {C(1, S::kPublished, A::kAdopted), C(2, S::kPublished, A::kNone, 1)},
       WindowState::kClosed,
       {}},
      {"pending first",
       {C(3, S::kPending), C(5, S::kPublished)},
       WindowState::kOpen,
       {"尚未截止", "待审核（第3条）", "未作出采纳决定（第5条）"}},
  };
  for (const Case& c : cases) {
    std::vector<std::string> got = FeedbackBlockers(c.comments, c.window);
    ASSERT_EQ(got.size(), c.want_substrings.size()) << c.what;
    for (size_t i = 0; i < got.size(); ++i) {
      EXPECT_THAT(got[i], HasSubstr(c.want_substrings[i])) << c.what;
    }
  }
}

}  // namespace
}  // namespace zwgk::decisions
