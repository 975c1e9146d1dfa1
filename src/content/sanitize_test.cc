#include "content/sanitize.h"

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "content/text.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "pugixml.hpp"

namespace zwgk::content {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;

struct SanitizeCase {
  const char* name;
  std::string input;
  std::string want;
};

class SanitizeTableTest : public ::testing::TestWithParam<SanitizeCase> {};

TEST_P(SanitizeTableTest, ProducesExpectedHtml) {
  const SanitizeCase& c = GetParam();
  const SanitizeResult result = SanitizeHtml(c.input);
  EXPECT_EQ(result.html, c.want) << c.input;
  // Every expected output is itself a fixed point.
  EXPECT_EQ(SanitizeHtml(result.html).html, result.html);
}

INSTANTIATE_TEST_SUITE_P(
    Adversarial, SanitizeTableTest,
    ::testing::Values(
        SanitizeCase{"Plain", "<p>关于做好春节期间工作的通知</p>",
                     "<p>关于做好春节期间工作的通知</p>"},
        SanitizeCase{"Script", "<p>a</p><script>alert(1)</script><p>b</p>",
                     "<p>a</p><p>b</p>"},
        SanitizeCase{"SplitScript", "<scr<script>ipt>alert(1)</script>",
                     "ipt&gt;alert(1)"},
        SanitizeCase{"TabInScheme",
                     "<a href=\" jav&#x09;ascript:alert(1)\">x</a>",
                     "<a>x</a>"},
        SanitizeCase{"NewlineInScheme",
                     "<a href=\"java\nscript:alert(1)\">x</a>", "<a>x</a>"},
        SanitizeCase{"MixedCaseScheme", "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
                     "<a>x</a>"},
        SanitizeCase{"EntityScheme",
                     "<a href=\"&#106;avascript&colon;alert(1)\">x</a>",
                     "<a>x</a>"},
        SanitizeCase{"DecimalPaddedScheme",
                     "<a href=\"&#0000106&#0000097vascript:x\">x</a>",
                     "<a>x</a>"},
        SanitizeCase{"Vbscript", "<a href='vbscript:msgbox(1)'>x</a>",
                     "<a>x</a>"},
        SanitizeCase{"SpaceInScheme", "<img src=\"java script:alert(1)\">", ""},
        SanitizeCase{"DataImage", "<img src=\"data:image/png;base64,AAAA\">",
                     ""},
        SanitizeCase{"MailtoImage", "<img src=\"mailto:a@b.cn\">", ""},
        SanitizeCase{"OnError", "<img src=x onerror=alert(1)>",
                     "<img src=\"x\" />"},
        SanitizeCase{"Iframe", "<iframe src=https://evil>内容</iframe>之后",
                     "之后"},
        SanitizeCase{"SvgScript", "<svg><script>alert(1)</script></svg>ok",
                     "ok"},
        SanitizeCase{"SvgNested", "<svg><svg></svg><a>x</a></svg>ok", "ok"},
        SanitizeCase{"Math", "<math><mi>x</mi></math>y", "y"},
        SanitizeCase{"FormAndInputs",
                     "<form action=x><input name=a><button>提交</button></"
                     "form>后",
                     "后"},
        SanitizeCase{"ObjectEmbed",
                     "<object data=x><param name=a value=b>内容</"
                     "object><embed src=x>尾",
                     "尾"},
        SanitizeCase{"HeadElements",
                     "<meta http-equiv=refresh content=\"0;url=javascript:x\">"
                     "<base href=//evil><link rel=stylesheet href=x>正文",
                     "正文"},
        SanitizeCase{"TextareaRaw",
                     "<textarea><script>alert(1)</script></textarea>z", "z"},
        SanitizeCase{"StyleElement", "<style>p{color:red}</style>正文", "正文"},
        SanitizeCase{"FullDocument",
                     "<!DOCTYPE html><html><head><title>T</title></head>"
                     "<body><p>x</p></body></html>",
                     "<p>x</p>"},
        SanitizeCase{"Unclosed", "<p><b>粗体", "<p><b>粗体</b></p>"},
        SanitizeCase{"StrayClosers", "a</b></p>b", "ab"},
        SanitizeCase{"Misnested", "<b><i>x</b>y</i>", "<b><i>x</i></b>y"},
        SanitizeCase{"UnquotedAttributes",
                     "<a href=/zwgk/1.html title=通知>链接</a>",
                     "<a href=\"/zwgk/1.html\" title=\"通知\">链接</a>"},
        SanitizeCase{"Uppercase",
                     "<P CLASS=\"x\" STYLE=\"color:red\">A<BR>B</P>",
                     "<p>A<br />B</p>"},
        SanitizeCase{"Comment", "a<!-- <script>x</script> -->b", "ab"},
        SanitizeCase{"EmptyComment", "a<!-->b", "ab"},
        SanitizeCase{"Cdata", "a<![CDATA[<script>x</script>]]>b", "ab"},
        SanitizeCase{"ProcessingInstruction", "<?xml version=\"1.0\"?><p>x</p>",
                     "<p>x</p>"},
        SanitizeCase{"NestedTables",
                     "<table><tr><td><table><tr><td>内</td></tr></table></"
                     "td></tr></table>",
                     "<table><tr><td><table><tr><td>内</td></tr></table></"
                     "td></tr></table>"},
        SanitizeCase{"ImpliedRow", "<table><td>x</td></table>",
                     "<table><tr><td>x</td></tr></table>"},
        SanitizeCase{"CellOutsideTable", "<td>x</td>", "x"},
        SanitizeCase{"CloserDoesNotLeaveCell",
                     "<b><table><tr><td>x</b></td></tr></table></b>",
                     "<b><table><tr><td>x</td></tr></table></b>"},
        SanitizeCase{"CellAttributes",
                     "<table><tr><td colspan=\"2\" rowspan=\"x\" "
                     "width=\"5\">a</td></tr></table>",
                     "<table><tr><td colspan=\"2\">a</td></tr></table>"},
        SanitizeCase{"ChineseEntities",
                     "<p>关于&ldquo;十四五&rdquo;规划&nbsp;&amp;&lt;通知&gt;"
                     "&#x4E2D;&#25991;</p>",
                     "<p>关于“十四五”规划\u00A0&amp;&lt;通知&gt;中文</p>"},
        SanitizeCase{"Windows1252References", "&#147;引号&#148;&#150;",
                     "“引号”–"},
        SanitizeCase{"DoubleEscaped", "&amp;lt;script&amp;gt;",
                     "&amp;lt;script&amp;gt;"},
        SanitizeCase{"LoneLessThan", "1 < 2 & 3 > 0",
                     "1 &lt; 2 &amp; 3 &gt; 0"},
        SanitizeCase{"Quotes", "他说\"好\"", "他说&quot;好&quot;"},
        SanitizeCase{"AttributeEscaping", "<a title='a\"b<c'>x</a>",
                     "<a title=\"a&quot;b&lt;c\">x</a>"},
        SanitizeCase{"DuplicateAttribute",
                     "<a href=\"/ok\" href=\"javascript:x\">x</a>",
                     "<a href=\"/ok\">x</a>"},
        SanitizeCase{"SafeLink",
                     "<a href=\"https://www.gov.cn/a?b=1&amp;c=2\" "
                     "onclick=\"x()\">gov</a>",
                     "<a href=\"https://www.gov.cn/a?b=1&amp;c=2\">gov</a>"},
        SanitizeCase{"Mailto",
                     "<a href=\"mailto:zwgk@example.gov.cn\">邮箱</a>",
                     "<a href=\"mailto:zwgk@example.gov.cn\">邮箱</a>"},
        SanitizeCase{"Fragment", "<a href=\"#sec2\">二</a>",
                     "<a href=\"#sec2\">二</a>"},
        SanitizeCase{"ScriptSchemeInQuery",
                     "<a href=\"/r?u=JavaScript:alert(1)\">x</a>", "<a>x</a>"},
        SanitizeCase{"TrimmedUrl", "<a href=\"  https://example.com  \">e</a>",
                     "<a href=\"https://example.com\">e</a>"},
        SanitizeCase{"NestedLinks", "<a href=\"/1\">a<a href=\"/2\">b</a></a>",
                     "<a href=\"/1\">a</a><a href=\"/2\">b</a>"},
        SanitizeCase{"Image",
                     "<img src=\"https://example.gov.cn/a.png\" alt=\"图\" "
                     "width=\"600\" height=\"abc\" class=\"x\">",
                     "<img src=\"https://example.gov.cn/a.png\" alt=\"图\" "
                     "width=\"600\" />"},
        SanitizeCase{"OrderedListStart",
                     "<ol start=\"3\" type=\"a\"><li>c</li></ol>",
                     "<ol start=\"3\"><li>c</li></ol>"},
        SanitizeCase{"UnknownTagKeepsText", "<font color=red>红色</font>",
                     "红色"},
        SanitizeCase{"H1BecomesH2", "<h1>标题</h1>", "<h2>标题</h2>"},
        SanitizeCase{"ParagraphsClose", "<p>一<p>二", "<p>一</p><p>二</p>"},
        SanitizeCase{"BlockClosesParagraph", "<p>段落<div>块</div></p>",
                     "<p>段落</p><div>块</div>"},
        SanitizeCase{"ListItemsClose", "<ul><li>一<li>二</ul>",
                     "<ul><li>一</li><li>二</li></ul>"},
        SanitizeCase{"SelfClosingParagraph", "<p/>x", "<p>x</p>"},
        SanitizeCase{"StyleAttribute",
                     "<div style=\"background:url(javascript:alert(1))\">x</"
                     "div>",
                     "<div>x</div>"},
        SanitizeCase{"TagCutOffByEnd", "text<a href=\"x", "text"},
        SanitizeCase{"InvalidUtf8",
                     "a\xFF"
                     "b\xC0\xAF",
                     "a\uFFFDb\uFFFD\uFFFD"},
        SanitizeCase{"ControlCharacters",
                     std::string("a\x01"
                                 "b\0c\r\nd",
                                 8),
                     "abc\nd"},
        SanitizeCase{"ControlReference", "a&#1;b&#0;c", "ab\uFFFDc"}),
    [](const ::testing::TestParamInfo<SanitizeCase>& info) {
      return info.param.name;
    });

struct NoteCase {
  const char* input;
  const char* note;
};

// What Word and WPS put on the clipboard, reduced to headings, paragraphs,
// lists, tables, bold and links.
INSTANTIATE_TEST_SUITE_P(
    WordPaste, SanitizeTableTest,
    ::testing::Values(
        SanitizeCase{"MsoParagraph",
                     "<p class=MsoNormal style='text-indent:21.0pt'><span "
                     "lang=EN-US style='font-family:仿宋'>正文<o:p></o:p></"
                     "span></p>",
                     "<p>正文</p>"},
        SanitizeCase{"EmptyOfficeParagraph",
                     "<p class=MsoNormal><o:p>&nbsp;</o:p></p>",
                     "<p>\u00a0</p>"},
        SanitizeCase{"Heading1",
                     "<h1 style='mso-list:none'><span>一、总体要求</span></h1>",
                     "<h2>一、总体要求</h2>"},
        SanitizeCase{"FontAndBold",
                     "<p><b style='mso-bidi-font-weight:normal'><font "
                     "face=黑体>重点</font></b></p>",
                     "<p><b>重点</b></p>"},
        SanitizeCase{"Link",
                     "<p><a href=\"https://www.gov.cn/\"><span "
                     "style='color:blue'>中国政府网</span></a></p>",
                     "<p><a href=\"https://www.gov.cn/\">中国政府网</a></p>"},
        SanitizeCase{"ConditionalHeadBlock",
                     "<!--[if gte mso 9]><xml><w:WordDocument></"
                     "w:WordDocument></xml><![endif]--><p>a</p>",
                     "<p>a</p>"},
        SanitizeCase{
            "BulletList",
            "<p class=MsoListParagraphCxSpFirst style='mso-list:l0 level1 "
            "lfo1'><![if !supportLists]><span style='font-family:Symbol'>"
            "·<span style='font:7.0pt'>&nbsp;&nbsp; </span></span><![endif]>"
            "甲</p>\r\n<p class=MsoListParagraphCxSpLast style='mso-list:l0 "
            "level1 lfo1'><![if !supportLists]><span>·<span>&nbsp; </span>"
            "</span><![endif]>乙</p>\r\n<p class=MsoNormal>后</p>",
            "<ul><li>甲</li><li>乙</li></ul><p>后</p>"},
        SanitizeCase{
            "NumberedListCommentForm",
            "<p style='mso-list:l1 level1 lfo2'><!--[if !supportLists]-->"
            "<span>1.<span>&nbsp;&nbsp;</span></span><!--[endif]-->一</p>"
            "<p style='mso-list:l1 level1 lfo2'><!--[if !supportLists]-->"
            "<span>2.<span>&nbsp;&nbsp;</span></span><!--[endif]-->二</p>",
            "<ol><li>一</li><li>二</li></ol>"},
        SanitizeCase{"ChineseNumeralMarker",
                     "<p style='mso-list:l1 level1 lfo2'><![if "
                     "!supportLists]>（一）<![endif]>一</p>",
                     "<ol><li>一</li></ol>"},
        SanitizeCase{"MarkerSpanWithoutComments",
                     "<p style='mso-list:l0 level1 lfo1'><span "
                     "style='mso-list:Ignore'>1.<span>&nbsp;</span></span>甲"
                     "</p>",
                     "<ol><li>甲</li></ol>"},
        SanitizeCase{
            "NestedList",
            "<p style='mso-list:l0 level1 lfo1'><![if !supportLists]>·"
            "<![endif]>a</p><p style='mso-list:l0 level2 lfo1'><![if "
            "!supportLists]>o<![endif]>a1</p><p style='mso-list:l0 level1 "
            "lfo1'><![if !supportLists]>·<![endif]>b</p>",
            "<ul><li>a<ul><li>a1</li></ul></li><li>b</li></ul>"},
        SanitizeCase{"ListThenTable",
                     "<p style='mso-list:l0 level1 lfo1'>甲</p><table "
                     "class=MsoTableGrid border=1><tr><td>x</td></tr></table>",
                     "<ul><li>甲</li></ul><table><tr><td>x</td></tr></table>"},
        SanitizeCase{
            "Table",
            "<table class=MsoTableGrid border=1 cellspacing=0 "
            "style='border-collapse:collapse'><tbody><tr "
            "style='mso-yfti-irow:0'><td width=277 valign=top><p "
            "class=MsoNormal><span>项目</span></p></td><td colspan=2><p "
            "class=MsoNormal>金额</p></td></tr></tbody></table>",
            "<table><tbody><tr><td><p>项目</p></td><td colspan=\"2\"><p>金额"
            "</p></td></tr></tbody></table>"}),
    [](const ::testing::TestParamInfo<SanitizeCase>& info) {
      return info.param.name;
    });

TEST(SanitizeNotes, ExplainWhatWasRemoved) {
  const NoteCase cases[] = {
      {"<script>x</script>", "删除了 <script> 元素"},
      {"<p onclick=\"x()\">a</p>", "删除了 onclick 属性"},
      {"<iframe src=\"https://evil\"></iframe>", "删除了外部 iframe"},
      {"<a href=\"javascript:x\">a</a>",
       "删除了不安全的链接地址（javascript:）"},
      {"<img src=\"data:x\">", "删除了不安全的图片地址（data:）"},
      {"<font>a</font>", "删除了 <font> 标签（保留其中文字）"},
      {"<p style=\"x\">a</p>", "删除了 style 属性"},
      {"<!-- x -->", "删除了 HTML 注释"},
      {"a\xFF", "替换了无效的 UTF-8 字节"},
      {"<td>x</td>", "删除了表格之外的 <td> 标签（保留其中文字）"},
  };
  for (const NoteCase& c : cases) {
    EXPECT_THAT(SanitizeHtml(c.input).removed, Contains(c.note)) << c.input;
  }
  EXPECT_TRUE(SanitizeHtml("<p>干净的<b>正文</b></p>").removed.empty());
  // Each note once, however often it happens.
  EXPECT_EQ(SanitizeHtml("<script></script><script></script>").removed.size(),
            1u);
}

// Checks the security and well-formedness properties of an output.
void ExpectSafe(const std::string& html, const std::string& input) {
  SCOPED_TRACE(absl::StrCat("input: ", absl::CEscape(input)));
  const std::string lower = absl::AsciiStrToLower(html);
  EXPECT_THAT(lower, Not(HasSubstr("<script")));
  EXPECT_EQ(text::CleanUtf8(html).text, html) << "not clean UTF-8";
  pugi::xml_document doc;
  const std::string wrapped = "<root>" + html + "</root>";
  ASSERT_EQ(doc.load_buffer(wrapped.data(), wrapped.size()).status,
            pugi::status_ok)
      << html;
  for (const pugi::xpath_node& x : doc.select_nodes("//*")) {
    for (pugi::xml_attribute a : x.node().attributes()) {
      const std::string name = a.name();
      EXPECT_FALSE(absl::StartsWith(name, "on")) << html;
      EXPECT_NE(name, "style");
      EXPECT_NE(name, "class");
      if (name == "href" || name == "src") {
        const std::string v = absl::AsciiStrToLower(a.value());
        EXPECT_FALSE(absl::StrContains(v, "javascript:") ||
                     absl::StrContains(v, "vbscript:") ||
                     absl::StartsWith(v, "data:"))
            << html;
      }
    }
  }
}

TEST(SanitizeProperties, RandomInputsAreSafeAndIdempotent) {
  // Fragments that tend to produce tricky markup when shuffled.
  const std::vector<std::string> fragments = {"<script>",
                                              "</script>",
                                              "<scr",
                                              "ipt>",
                                              "<a href=\"",
                                              "javascript:",
                                              "jav&#x09;ascript:",
                                              "\" onclick=\"x()\"",
                                              " onerror=alert(1) ",
                                              "<img src=",
                                              "<svg>",
                                              "</svg>",
                                              "<iframe>",
                                              "<!--",
                                              "-->",
                                              "<![CDATA[",
                                              "]]>",
                                              "<",
                                              ">",
                                              "</",
                                              "\"",
                                              "'",
                                              "=",
                                              "&",
                                              "&amp;",
                                              "&lt;",
                                              "&#",
                                              "x3c;",
                                              "<p>",
                                              "</p>",
                                              "<table>",
                                              "<td>",
                                              "<tr>",
                                              "</table>",
                                              "<li>",
                                              "<b>",
                                              "</b>",
                                              "<style>",
                                              "</style>",
                                              "中文",
                                              "通知",
                                              "&nbsp;",
                                              " ",
                                              "\n",
                                              "\t",
                                              "<?",
                                              "<!",
                                              "/>",
                                              "<div class=x>",
                                              "</div>",
                                              "<ol start=",
                                              "data:",
                                              "\xE4\xB8",
                                              "<textarea>",
                                              "<a href=#x>",
                                              "</a>",
                                              "<br/>",
                                              "<form>",
                                              "</form>"};
  std::mt19937 rng(20260302);
  for (int n = 0; n < 2000; ++n) {
    std::string input;
    if (n % 2 == 0) {
      std::uniform_int_distribution<int> length(0, 200), byte(0, 255);
      for (int k = length(rng); k > 0; --k) {
        input.push_back(static_cast<char>(byte(rng)));
      }
    } else {
      std::uniform_int_distribution<size_t> count(0, 40),
          pick(0, fragments.size() - 1);
      for (size_t k = count(rng); k > 0; --k) input += fragments[pick(rng)];
    }
    const std::string once = SanitizeHtml(input).html;
    ASSERT_EQ(SanitizeHtml(once).html, once)
        << "not idempotent for " << absl::CEscape(input);
    ExpectSafe(once, input);
    // Random bytes cannot spell it; in the fragment mix it may be text.
    if (n % 2 == 0) {
      EXPECT_THAT(once, Not(HasSubstr("javascript:")));
    }
    if (HasFailure()) break;
  }
}

size_t MaxDepth(const std::string& html) {
  pugi::xml_document doc;
  const std::string wrapped = "<root>" + html + "</root>";
  if (doc.load_buffer(wrapped.data(), wrapped.size()).status !=
      pugi::status_ok) {
    return 0;
  }
  size_t max_depth = 0;
  for (const pugi::xpath_node& x : doc.select_nodes("//*")) {
    size_t depth = 0;
    for (pugi::xml_node p = x.node(); p.parent(); p = p.parent()) ++depth;
    max_depth = std::max(max_depth, depth);
  }
  return max_depth - 1;  // the wrapper
}

TEST(SanitizeProperties, DeepNestingIsFlattenedWithoutRecursion) {
  std::string open_closed, open_only, tables;
  for (int i = 0; i < 10000; ++i) {
    open_closed += "<div>";
    open_only += "<b>";
    tables += "<table><tr><td>";
  }
  open_closed += "深";
  for (int i = 0; i < 10000; ++i) open_closed += "</div>";
  for (const std::string& input : {open_closed, open_only + "深", tables}) {
    const SanitizeResult result = SanitizeHtml(input);
    EXPECT_GT(MaxDepth(result.html), 0u);
    EXPECT_LE(MaxDepth(result.html), 128u);
    EXPECT_EQ(SanitizeHtml(result.html).html, result.html);
    EXPECT_THAT(result.removed,
                Contains("嵌套超过 128 层，忽略了更深的标签（保留其中文字）"));
  }
  EXPECT_THAT(SanitizeHtml(open_closed).html, HasSubstr("深"));
}

struct TextCase {
  const char* html;
  const char* want;
};

TEST(HtmlToText, StripsTagsAndCollapsesWhitespace) {
  const TextCase cases[] = {
      {"<p>第一段</p><p>第二段</p>", "第一段\n第二段"},
      {"<p>  多个   空格\t和&nbsp;&nbsp;不换行空格 </p>",
       "多个 空格 和 不换行空格"},
      {"a<br>b<br/>c", "a\nb\nc"},
      {"<script>var x = 1;</script>正文<style>p{}</style>", "正文"},
      {"<b>重</b>要", "重要"},
      {"<table><tr><td>姓名</td><td>张三</td></tr><tr><td>年龄</td><td>30</"
       "td></tr></table>",
       "姓名 张三\n年龄 30"},
      {"&lt;b&gt; &amp; &#x4E2D;&ldquo;", "<b> & 中“"},
      {"<p>\u3000\u3000全角空格开头</p>", "全角空格开头"},
      {"<ul><li>一</li><li>二</li></ul>", "一\n二"},
      {"<!-- 注释 -->文字", "文字"},
      {"", ""},
  };
  for (const TextCase& c : cases) {
    EXPECT_EQ(HtmlToText(c.html), c.want) << c.html;
  }
}

TEST(Excerpt, CutsByCharacters) {
  struct Case {
    std::string text;
    size_t max;
    std::string want;
  };
  const Case cases[] = {
      {"一二三四五", 3, "一二三…"},
      {"一二三", 3, "一二三"},
      {"一二三", 10, "一二三"},
      {"ab cd", 3, "ab…"},
      {"abc", 0, "…"},
      {"", 0, ""},
      {"a\xFF", 5, "a\uFFFD"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Excerpt(c.text, c.max), c.want) << c.text << " " << c.max;
  }
}

TEST(XmlEscape, EscapesAndRemovesForbiddenCharacters) {
  EXPECT_EQ(XmlEscape("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&apos;");
  EXPECT_EQ(XmlEscape("中文\x01\x0B\x1F"), "中文");
  EXPECT_EQ(XmlEscape("tab\tnl\n"), "tab\tnl\n");
  EXPECT_EQ(XmlEscape("\xEF\xBF\xBE"), "");  // U+FFFE
  EXPECT_EQ(XmlEscape("\xFF"), "\uFFFD");
}

}  // namespace
}  // namespace zwgk::content
