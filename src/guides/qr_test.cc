#include "guides/qr.h"

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace zwgk::guides {
namespace {

// The three finder patterns: 7×7 squares in three corners.
bool HasFinder(const std::vector<std::string>& m, int x0, int y0) {
  for (int y = 0; y < 7; ++y)
    for (int x = 0; x < 7; ++x) {
      const bool ring = x == 0 || y == 0 || x == 6 || y == 6;
      const bool core = x >= 2 && x <= 4 && y >= 2 && y <= 4;
      const bool black = m[y0 + y][x0 + x] == '#';
      if (black != (ring || core)) return false;
    }
  return true;
}

TEST(QrTest, ModulesFormAValidSymbol) {
  struct Case {
    std::string text;
    int min_width;
  };
  for (const Case& c : std::vector<Case>{
           {"https://gk.jiayu.gov.cn/services/1", 25},
           {std::string(300, 'a'), 57},
       }) {
    absl::StatusOr<std::vector<std::string>> m = QrModules(c.text);
    ASSERT_TRUE(m.ok()) << m.status();
    const int w = static_cast<int>(m->size());
    EXPECT_GE(w, c.min_width) << c.text;
    EXPECT_EQ((w - 17) % 4, 0) << "a QR width is 17 + 4 × version";
    for (const std::string& row : *m)
      EXPECT_EQ(static_cast<int>(row.size()), w);
    EXPECT_TRUE(HasFinder(*m, 0, 0));
    EXPECT_TRUE(HasFinder(*m, w - 7, 0));
    EXPECT_TRUE(HasFinder(*m, 0, w - 7));
    EXPECT_FALSE(HasFinder(*m, w - 7, w - 7));
  }
}

TEST(QrTest, DifferentTextsDifferentSymbols) {
  auto a = QrModules("https://example.org/services/1");
  auto b = QrModules("https://example.org/services/2");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(*a, *b);
  EXPECT_EQ(*a, *QrModules("https://example.org/services/1"));
}

TEST(QrTest, SvgDrawsEveryBlackModule) {
  const std::string url = "https://gk.jiayu.gov.cn/services/42";
  auto m = QrModules(url);
  auto svg = QrSvg(
      url, {.module_px = 3, .quiet_zone = 4, .label = "扫码查看<办事指南>"});
  ASSERT_TRUE(m.ok() && svg.ok());
  const int w = static_cast<int>(m->size());
  EXPECT_TRUE(
      absl::StartsWith(*svg, "<svg xmlns=\"http://www.w3.org/2000/svg\""));
  EXPECT_TRUE(absl::EndsWith(*svg, "</svg>"));
  EXPECT_TRUE(absl::StrContains(
      *svg, absl::StrCat("viewBox=\"0 0 ", w + 8, " ", w + 8, "\"")));
  EXPECT_TRUE(absl::StrContains(*svg, absl::StrCat("width=\"", (w + 8) * 3)));
  EXPECT_TRUE(
      absl::StrContains(*svg, "<title>扫码查看&lt;办事指南&gt;</title>"));
  // Summing the runs' lengths ("h<n>") gives the number of black modules.
  int drawn = 0;
  for (size_t pos = svg->find("h"); pos != std::string::npos;
       pos = svg->find("h", pos + 1)) {
    const char next = (*svg)[pos + 1];
    if ((*svg)[pos - 1] < '0' || (*svg)[pos - 1] > '9' || next < '0' ||
        next > '9')
      continue;
    drawn += std::stoi(svg->substr(pos + 1));
  }
  int black = 0;
  for (const std::string& row : *m)
    for (char c : row) black += c == '#';
  EXPECT_EQ(drawn, black);
  // The first run starts at the quiet zone (the finder's corner).
  EXPECT_TRUE(absl::StrContains(*svg, "d=\"M4 4h7v1h-7z"));
}

TEST(QrTest, RefusesEmptyAndOversizedText) {
  EXPECT_EQ(QrSvg("").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(QrSvg(std::string(1001, 'x')).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(QrSvg(std::string(1000, 'x')).ok());
}

}  // namespace
}  // namespace zwgk::guides
