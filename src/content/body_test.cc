#include "content/body.h"

#include <string>

#include "gtest/gtest.h"

namespace zwgk::content {
namespace {

struct BodyCase {
  const char* name;
  std::string input;
  std::string want;  // PrepareBody(input).html
};

class PrepareBodyTest : public ::testing::TestWithParam<BodyCase> {};

TEST_P(PrepareBodyTest, KeepsParagraphs) {
  const BodyCase& c = GetParam();
  EXPECT_EQ(PrepareBody(c.input).html, c.want) << c.input;
  // Stored bodies come back through the same rule unchanged.
  EXPECT_EQ(PrepareBody(c.want).html, c.want);
}

INSTANTIATE_TEST_SUITE_P(
    Bodies, PrepareBodyTest,
    ::testing::Values(
        BodyCase{"Empty", "", ""}, BodyCase{"Blank", " \n\u3000\n", ""},
        BodyCase{"EditorEmpty", "<p><br></p>", ""},
        BodyCase{"OneLine", "关于做好春节期间工作的通知",
                 "<p>关于做好春节期间工作的通知</p>"},
        BodyCase{"BlankLineSeparates", "第一段。\n\n第二段。",
                 "<p>第一段。</p><p>第二段。</p>"},
        BodyCase{"SingleBreakSeparates", "第一段。\r\n第二段。\r\n",
                 "<p>第一段。</p><p>第二段。</p>"},
        BodyCase{"IndentTrimmed", "\u3000\u3000各乡镇：\n\u3000\u3000现将……",
                 "<p>各乡镇：</p><p>现将……</p>"},
        BodyCase{"TextEscaped", "x<5 & y>3\n《条例》&amp;",
                 "<p>x&lt;5 &amp; y&gt;3</p><p>《条例》&amp;amp;</p>"},
        BodyCase{"InlineMarkupKept", "<b>重点</b>\n第二行",
                 "<p><b>重点</b></p><p>第二行</p>"},
        BodyCase{"InlineScriptStillRemoved", "a<script>x</script>\nb",
                 "<p>a</p><p>b</p>"},
        BodyCase{"HtmlUnchanged", "<p>一\n二</p><ul><li>甲</li></ul>",
                 "<p>一\n二</p><ul><li>甲</li></ul>"},
        BodyCase{"BreakIsBlockMarkup", "一<br>二", "一<br />二"},
        BodyCase{"TableOnly", "<table><tr><td></td></tr></table>",
                 "<table><tr><td></td></tr></table>"}),
    [](const ::testing::TestParamInfo<BodyCase>& info) {
      return info.param.name;
    });

struct MarkupCase {
  const char* input;
  bool block;
};

TEST(HasBlockMarkup, TellsStructureFromText) {
  const MarkupCase cases[] = {
      {"纯文本", false},
      {"a < b", false},
      {"<b>粗</b> 和 <a href=\"/x\">链接</a>", false},
      {"<P>大写</P>", true},
      {"<h1>标题</h1>", true},
      {"</li>", true},
      {"<table></table>", true},
      {"一<br/>二", true},
  };
  for (const MarkupCase& c : cases) {
    EXPECT_EQ(HasBlockMarkup(c.input), c.block) << c.input;
  }
}

TEST(BodyForTextBox, ShowsSimpleBodiesAsText) {
  const struct {
    const char* body;
    const char* shown;
  } cases[] = {
      {"", ""},
      {"已是文字", "已是文字"},
      {"<p>第一段。</p><p>第二段 a &amp; b</p>", "第一段。\n\n第二段 a & b"},
      {"<p>x&lt;5</p>", "x<5"},
      {"<p><b>重点</b></p>", "<p><b>重点</b></p>"},
      {"<ul><li>甲</li></ul>", "<ul><li>甲</li></ul>"},
      {"<table><tr><td>1</td></tr></table>",
       "<table><tr><td>1</td></tr></table>"},
      {"<h2>标题</h2><p>文</p>", "<h2>标题</h2><p>文</p>"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(BodyForTextBox(c.body), c.shown) << c.body;
  }
}

}  // namespace
}  // namespace zwgk::content
