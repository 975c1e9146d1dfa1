#include "supervision/model.h"

#include <optional>
#include <vector>

#include "gtest/gtest.h"

namespace zwgk::supervision {
namespace {

using D = absl::CivilDay;

struct Case {
  const char* name;
  std::vector<MilestoneFacts> milestones;
  bool active_report;
  D today;
  TaskState want;
};

TEST(ComputeStateTest, Table) {
  const D due(2026, 6, 30);
  const Case cases[] = {
      {"no milestones, no report",
       {},
       false,
       D(2026, 3, 1),
       TaskState::kNotStarted},
      {"no milestones, a report",
       {},
       true,
       D(2026, 3, 1),
       TaskState::kInProgress},
      {"open milestone before due",
       {{due, std::nullopt}},
       false,
       D(2026, 6, 1),
       TaskState::kNotStarted},
      {"due today is not late",
       {{due, std::nullopt}},
       true,
       due,
       TaskState::kInProgress},
      {"the day after due is late",
       {{due, std::nullopt}},
       true,
       D(2026, 7, 1),
       TaskState::kOverdue},
      {"late even without any report",
       {{due, std::nullopt}},
       false,
       D(2026, 7, 1),
       TaskState::kOverdue},
      {"every milestone done",
       {{due, D(2026, 6, 2)}, {due, D(2026, 6, 3)}},
       true,
       D(2026, 6, 10),
       TaskState::kDone},
      {"done late still counts as done",
       {{due, D(2026, 7, 5)}},
       true,
       D(2026, 7, 10),
       TaskState::kDone},
      {"done after the day asked about",
       {{due, D(2026, 7, 5)}},
       true,
       D(2026, 7, 2),
       TaskState::kOverdue},
      {"one of two done, other open",
       {{due, D(2026, 6, 2)}, {due, {}}},
       true,
       D(2026, 6, 10),
       TaskState::kInProgress},
      {"one done, other late",
       {{due, D(2026, 6, 2)}, {D(2026, 6, 5), {}}},
       true,
       D(2026, 6, 10),
       TaskState::kOverdue},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(ComputeState(c.milestones, c.active_report, c.today), c.want)
        << c.name;
  }
}

TEST(ComputeStateTest, LabelsAreTheFourOfTheIssue) {
  EXPECT_EQ(TaskStateLabel(TaskState::kNotStarted), "未开始");
  EXPECT_EQ(TaskStateLabel(TaskState::kInProgress), "推进中");
  EXPECT_EQ(TaskStateLabel(TaskState::kDone), "已完成");
  EXPECT_EQ(TaskStateLabel(TaskState::kOverdue), "逾期");
}

TEST(ModelTest, CodesRoundTrip) {
  for (ReportStatus s : {ReportStatus::kSubmitted, ReportStatus::kAccepted,
                         ReportStatus::kReturned})
    EXPECT_EQ(ParseReportStatus(ReportStatusName(s)), s);
  for (EvidenceKind k : {EvidenceKind::kRecord, EvidenceKind::kCatalog,
                         EvidenceKind::kPage, EvidenceKind::kFile})
    EXPECT_EQ(ParseEvidenceKind(EvidenceKindName(k)), k);
  EXPECT_EQ(ParseEvidenceKind("http"), std::nullopt);
}

}  // namespace
}  // namespace zwgk::supervision
