#include "core/withholding.h"

#include <set>
#include <string>

#include "absl/strings/match.h"
#include "gtest/gtest.h"

namespace zwgk {
namespace {

TEST(WithholdingTest, TableIsInEnumOrderWithDistinctCodesAndFullText) {
  std::set<std::string> codes, labels;
  int i = 0;
  for (const WithholdingGround& g : WithholdingGrounds()) {
    EXPECT_EQ(static_cast<int>(g.id), i++) << g.code;
    EXPECT_EQ(&GetWithholdingGround(g.id), &g);
    EXPECT_TRUE(codes.insert(std::string(g.code)).second) << g.code;
    EXPECT_TRUE(labels.insert(std::string(g.label)).second) << g.label;
    EXPECT_TRUE(absl::StartsWith(g.basis, "《中华人民共和国政府信息公开条例》"))
        << g.code;
    // The short article, where there is one, is the article the basis cites.
    if (!g.article.empty()) {
      EXPECT_TRUE(absl::StrContains(g.basis, g.article)) << g.code;
    }
  }
  EXPECT_EQ(i, 8);
}

TEST(WithholdingTest, FindsByCodeLabelAndFormerCode) {
  struct Case {
    const char* text;
    const char* code;  // nullptr: not found
  } cases[] = {
      {"state_secret", "state_secret"},
      {"属于国家秘密", "state_secret"},
      {"security_stability", "security_stability"},
      {"危及“三安全一稳定”", "security_stability"},
      {"three_security", "security_stability"},  // former publishing code
      {"query_matter", "administrative_query"},  // former publishing code
      {"administrative_query", "administrative_query"},
      {"  process_info ", "process_info"},
      {"not_held", nullptr},  // a ground of applications, not a withholding
      {"第十四条", nullptr},
      {"", nullptr},
  };
  for (const Case& c : cases) {
    const WithholdingGround* g = FindWithholdingGround(c.text);
    if (c.code == nullptr) {
      EXPECT_EQ(g, nullptr) << c.text;
    } else {
      ASSERT_NE(g, nullptr) << c.text;
      EXPECT_EQ(g->code, c.code) << c.text;
    }
  }
}

TEST(WithholdingTest, ArticlesAndCitations) {
  const WithholdingGround& third =
      GetWithholdingGround(Withholding::kThirdParty);
  EXPECT_EQ(third.article, "第十五条");
  EXPECT_EQ(third.basis, "《中华人民共和国政府信息公开条例》第十五条");
  const WithholdingGround& query =
      GetWithholdingGround(Withholding::kAdministrativeQuery);
  EXPECT_EQ(query.article, "");
  EXPECT_EQ(query.basis,
            "《中华人民共和国政府信息公开条例》第三十六条第（七）项");
}

}  // namespace
}  // namespace zwgk
