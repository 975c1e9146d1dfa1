#include "content/accessibility.h"

#include <string>
#include <vector>

#include "core/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace zwgk::content {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

TEST(IsMeaningfulAltTest, Table) {
  struct Case {
    const char* alt;
    bool meaningful;
  } cases[] = {
      {"县政府常务会议现场", true},
      {"2025年低保标准调整对照表", true},
      {"Map of the county", true},
      {"&#22235;&#26465;", true},  // 四条, written as references
      {"", false},
      {"   ", false},
      {"\u3000\u3000", false},
      {"图片", false},
      {" 图片 ", false},
      {"Image", false},
      {"IMG_0012.JPG", false},
      {"微信图片_20250101.png", false},
      {"screenshot", false},
      {"&#22270;&#29255;", false},  // 图片, written as references
  };
  for (const Case& c : cases) {
    EXPECT_EQ(IsMeaningfulAlt(c.alt), c.meaningful)
        << "alt=\"" << c.alt << "\"";
  }
}

TEST(ImagesWithoutAltTest, CountsImagesInOrder) {
  EXPECT_THAT(ImagesWithoutAlt("<p>无图片</p>"), IsEmpty());
  EXPECT_THAT(ImagesWithoutAlt("<p><img src=\"/a.png\" alt=\"会议现场\"></p>"),
              IsEmpty());
  EXPECT_THAT(ImagesWithoutAlt("<p><img src=\"/a.png\" alt=\"会议现场\">"
                               "<img src=\"/b.png\"></p>"
                               "<p><img src=\"/c.png\" alt=\"\">"
                               "<img src=\"/d.png\" alt=\"d.png\"/>"
                               "<img alt=\"签约仪式\" src=\"/e.png\"></p>"),
              ElementsAre(2, 3, 4));
  // The first of duplicated attributes counts, as in browsers.
  EXPECT_THAT(ImagesWithoutAlt("<img src=\"/a.png\" alt=\"\" alt=\"会议\">"),
              ElementsAre(1));
  // Text that looks like a tag is not an image.
  EXPECT_THAT(ImagesWithoutAlt("<p>&lt;img src=x&gt;</p>"), IsEmpty());
}

TEST(CheckImageAltTest, NamesTheFirstImageOnTheField) {
  EXPECT_TRUE(
      CheckImageAlt("<p><img src=\"/a.png\" alt=\"会议\"></p>", "body_html")
          .ok());
  absl::Status one = CheckImageAlt(
      "<p><img src=\"/a.png\" alt=\"会议\"><img src=\"/b.png\">"
      "</p>",
      "body_html");
  EXPECT_EQ(one.code(), absl::StatusCode::kInvalidArgument);
  FieldErrors f = GetFieldErrors(one);
  ASSERT_EQ(f.count("body_html"), 1u);
  EXPECT_THAT(f["body_html"], HasSubstr("第2张图片缺少替代文字（alt）"));
  EXPECT_THAT(f["body_html"], ::testing::Not(HasSubstr("另有")));

  absl::Status three = CheckImageAlt(
      "<img src=\"/a.png\"><img src=\"/b.png\"><img src=\"/c.png\">", "body");
  EXPECT_THAT(GetFieldErrors(three)["body"],
              HasSubstr("第1张图片缺少替代文字（alt），另有2张图片也缺少"));
}

TEST(ScrollableTablesTest, WrapsOutermostTables) {
  const std::string open =
      "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" "
      "aria-label=\"表格（可左右滚动）\">";
  EXPECT_EQ(ScrollableTables("<p>正文</p>"), "<p>正文</p>");
  EXPECT_EQ(
      ScrollableTables("<p>a</p><table><tr><td>1</td></tr></table><p>b</p>"),
      "<p>a</p>" + open + "<table><tr><td>1</td></tr></table></div><p>b</p>");
  // A nested table stays inside its outer table's wrapper; two tables get
  // one wrapper each; <tables> or <tbody> are not tables.
  EXPECT_EQ(ScrollableTables("<table class=\"x\"><tr><td><table><tr><td>1</td>"
                             "</tr></table></td></tr></table><table></table>"),
            open +
                "<table class=\"x\"><tr><td><table><tr><td>1</td></tr>"
                "</table></td></tr></table></div>" +
                open + "<table></table></div>");
  EXPECT_EQ(ScrollableTables("<tbody></tbody>"), "<tbody></tbody>");
  // Cut off: the wrapper is still closed.
  EXPECT_EQ(ScrollableTables("<table><tr>"), open + "<table><tr></div>");
}

}  // namespace
}  // namespace zwgk::content
