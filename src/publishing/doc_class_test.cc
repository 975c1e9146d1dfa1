// The Table 二 counting rule (CountTable2) over plain rows: records issued,
// repealed and expiring across year ends, withdrawn, of other classes, with
// figures counted by hand. Also the 公文类别 names.
#include <vector>

#include "gtest/gtest.h"
#include "publishing/model.h"

namespace zwgk::publishing {
namespace {

constexpr DocClass N = DocClass::kNormative;
constexpr DocClass R = DocClass::kRegulation;
constexpr Status kPub = Status::kPublished;

// Rows numbered as the comments of the expected figures name them.
std::vector<DocClassFacts> Rows() {
  return {
      // 1: issued 2025, no 有效期.
      {N, kPub, "2025-03-01", Validity::kValid, "", ""},
      // 2: issued 2024, 有效期 ends mid-2025 (not marked 失效).
      {N, kPub, "2024-06-01", Validity::kValid, "", "2025-06-30"},
      // 3: issued 2024, repealed 2025-08-01.
      {N, kPub, "2024-01-10", Validity::kRepealed, "2025-08-01", ""},
      // 4: issued 2025, marked 失效 in January 2026.
      {N, kPub, "2025-02-01", Validity::kExpired, "2026-01-15", ""},
      // 5: issued 2025, withdrawn since (已撤回).
      {N, Status::kUnpublished, "2025-04-01", Validity::kValid, "", ""},
      // 6: issued 2026.
      {N, kPub, "2026-01-05", Validity::kValid, "", ""},
      // 7: issued 2023, 长期.
      {N, kPub, "2023-05-05", Validity::kValid, "", "长期"},
      // 8: issued 2024, 有效期至 the last day of 2025.
      {N, kPub, "2024-03-03", Validity::kValid, "", "2025-12-31"},
      // 9: 规章 issued 2025.
      {R, kPub, "2025-07-07", Validity::kValid, "", ""},
      // 10: 规章 issued 2022, repealed on the last day of 2025.
      {R, kPub, "2022-01-01", Validity::kRepealed, "2025-12-31", ""},
      // 11: 其他, ignored.
      {DocClass::kOther, kPub, "2025-05-05", Validity::kValid, "", ""},
      // 12: never published (a draft), ignored.
      {N, Status::kDraft, "", Validity::kValid, "", ""},
      // 13: issued 2024, amended (已修改) in 2025: still in force.
      {N, kPub, "2024-11-11", Validity::kAmended, "2025-05-05", ""},
  };
}

struct Case {
  int year;
  const char* as_of;
  DocClassFigures normative, regulation;
};

TEST(CountTable2Test, HandCountedFigures) {
  const Case cases[] = {
      // 2025 at its last day. N issued: 1, 4, 5; repealed: 3; in force: 1,
      // 4 (失效 only in 2026), 7, 8 (last day counts), 13. R: 9 / 10 / 9.
      {2025, "2025-12-31", {3, 1, 5}, {1, 1, 1}},
      // The current year at today. N issued: 6; repealed: 4; in force: 1,
      // 6, 7, 13 (8 expired at 2025's end). R: in force 9.
      {2026, "2026-03-02", {1, 1, 4}, {0, 0, 1}},
      // 2024 at its end. N issued: 2, 3, 8, 13; in force: 2, 3, 7, 8, 13.
      // R in force: 10 (repealed only in 2025).
      {2024, "2024-12-31", {4, 0, 5}, {0, 0, 1}},
      // Before anything was issued.
      {2021, "2021-12-31", {0, 0, 0}, {0, 0, 0}},
  };
  for (const Case& c : cases) {
    Table2Records t = CountTable2(Rows(), c.year, c.as_of);
    EXPECT_EQ(t.year, c.year);
    EXPECT_EQ(t.as_of, c.as_of);
    EXPECT_EQ(t.normative, c.normative)
        << c.year << " 规范性文件: " << t.normative.issued << "/"
        << t.normative.repealed << "/" << t.normative.in_force;
    EXPECT_EQ(t.regulation, c.regulation)
        << c.year << " 规章: " << t.regulation.issued << "/"
        << t.regulation.repealed << "/" << t.regulation.in_force;
  }
}

TEST(CountTable2Test, ExpiryDayIsStillInForce) {
  std::vector<DocClassFacts> rows = {
      {N, kPub, "2025-01-02", Validity::kValid, "", "2025-06-30"}};
  EXPECT_EQ(CountTable2(rows, 2025, "2025-06-30").normative.in_force, 1);
  EXPECT_EQ(CountTable2(rows, 2025, "2025-07-01").normative.in_force, 0);
  // A repeal dated after the day counted at has not taken effect yet.
  rows = {{N, kPub, "2025-01-02", Validity::kRepealed, "2025-07-01", ""}};
  EXPECT_EQ(CountTable2(rows, 2025, "2025-06-30").normative.in_force, 1);
  EXPECT_EQ(CountTable2(rows, 2025, "2025-07-01").normative.in_force, 0);
}

TEST(DocClassNamesTest, NamesAndLabelsParse) {
  for (DocClass c :
       {DocClass::kOther, DocClass::kRegulation, DocClass::kNormative}) {
    EXPECT_EQ(ParseDocClass(DocClassName(c)), c);
    EXPECT_EQ(ParseDocClass(DocClassLabel(c)), c);
  }
  EXPECT_EQ(DocClassLabel(DocClass::kNormative), "行政规范性文件");
  EXPECT_EQ(ParseDocClass("规范性文件"), std::nullopt);
}

}  // namespace
}  // namespace zwgk::publishing
