#include "auth/audit_view.h"

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace zwgk::auth {
namespace {

audit::LoggedEntry Entry(std::string user, std::string action,
                         std::string entity, std::string id, std::string before,
                         std::string after) {
  return {.id = 1,
          .at = "2026-12-02T17:35:00Z",
          .user_name = std::move(user),
          .action = std::move(action),
          .entity = std::move(entity),
          .entity_id = std::move(id),
          .before_json = std::move(before),
          .after_json = std::move(after)};
}

TEST(AuditView, SentencesReadInChinese) {
  const KnownNames names = {{{"user", "7"}, "李四"},
                            {{"unit", "3"}, "县教育局"}};
  struct Case {
    audit::LoggedEntry entry;
    std::string want;
  };
  const Case cases[] = {
      {Entry("张三", "record.publish", "record", "12",
             R"({"title":"关于开展冬季防火检查的通知","status":"reviewed"})",
             R"({"title":"关于开展冬季防火检查的通知","status":"published"})"),
       "张三 发布了信息《关于开展冬季防火检查的通知》"},
      {Entry("张三", "record.submit", "record", "12", R"({"title":"通知"})",
             R"({"title":"通知"})"),
       "张三 将信息《通知》提交审核"},
      {Entry("admin", "unit.update", "unit", "3", R"({"name":"县教育局"})",
             R"({"name":"县教育体育局"})"),
       "admin 修改了单位“县教育体育局”"},
      {Entry("admin", "unit.index_pattern", "unit", "3", "",
             R"({"pattern":"{unit}-{year}-{seq}"})"),
       "admin 设置了单位“县教育局”的索引号格式"},
      {Entry("匿名访客", "user.login_failed", "user", "7",
             R"({"failed_logins":0})", R"({"failed_logins":1})"),
       "匿名访客 尝试以用户“李四”登录，密码错误"},
      {Entry("李四", "user.login", "user", "7", "", ""), "李四 登录了后台"},
      {Entry("system", "catalog.import", "catalog", "5", "",
             R"({"domain":"社会救助","items":30})"),
       "系统（命令行） 导入了“社会救助”目录"},
      {Entry("admin", "calendar.override_add", "calendar_day", "2026-12-31", "",
             R"({"day":"2026-12-31","off":true})"),
       "admin 添加了本地调整 2026-12-31"},
      {Entry("王五", "application.reply", "application", "4", "",
             R"({"tracking_number":"2026-0004","state":"replied"})"),
       "王五 答复了申请 2026-0004"},
      // A review reads as its outcome.
      {Entry(
           "李审", "record.review", "record", "12",
           R"({"title":"通知","status":"submitted"})",
           R"({"title":"通知","status":"draft","review_outcome":"rejected"})"),
       "李审 退回了信息《通知》"},
      {Entry(
           "李审", "record.review", "record", "12",
           R"({"title":"通知","status":"submitted"})",
           R"({"title":"通知","status":"reviewed","review_outcome":"approved"})"),
       "李审 审查通过了信息《通知》"},
      // No title anywhere: the entity and its number.
      {Entry("admin", "record.attach", "record", "9", "", ""),
       "admin 为信息 #9上传了附件"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(DescribeEntry(c.entry, names).sentence, c.want) << c.entry.action;
  }
}

TEST(AuditView, EveryActionHasAChineseNameAndVerb) {
  for (const auto& [code, label] : AuditActions()) {
    EXPECT_FALSE(label.empty()) << code;
    EXPECT_EQ(AuditActionLabel(code), label);
    AuditLine line =
        DescribeEntry(Entry("张三", code, "record", "1", "", ""), {});
    EXPECT_THAT(line.sentence, ::testing::Not(::testing::HasSubstr("操作了")))
        << code;
  }
  EXPECT_EQ(AuditActionLabel("nothing.known"), "");
  // An action added later still reads as a sentence.
  EXPECT_EQ(
      DescribeEntry(Entry("张三", "nothing.known", "record", "1", "", ""), {})
          .sentence,
      "张三 操作了信息 #1");
}

TEST(AuditView, FieldDiffListsOnlyChangedFieldsReadably) {
  struct Case {
    std::string before, after;
    std::vector<std::vector<std::string>> want;  // label, before, after
  };
  const std::string long_title(100, 'x');
  const Case cases[] = {
      // Status codes in Chinese; unchanged title left out.
      {R"({"title":"通知","status":"reviewed","version":1})",
       R"({"title":"通知","status":"published","version":2})",
       {{"状态", "审查通过", "已发布"}, {"版本", "1", "2"}}},
      // Created: every field, before "—"; booleans and roles in Chinese.
      {"",
       R"({"name":"lisi","role":"unit_editor","disabled":false})",
       {{"名称", "—", "lisi"},
        {"角色", "—", "单位编辑"},
        {"已停用", "—", "否"}}},
      // Created with empty fields and its id: neither is a change to show.
      {"",
       R"({"id":7,"name":"鱼岳镇","credit_code":"","unit_id":null})",
       {{"名称", "—", "鱼岳镇"}}},
      // Removed field and a timestamp in Beijing time.
      {R"({"locked_until":"2026-12-02T17:35:00Z"})",
       R"({"locked_until":null})",
       {{"锁定至", "2026-12-03 01:35", "—"}}},
      // Long values are cut.
      {R"({"title":"短"})",
       absl::StrCat(R"({"title":")", long_title, R"("})"),
       {{"标题", "短", std::string(kAuditValueChars, 'x') + "…"}}},
      // Nothing changed: no rows.
      {R"({"seq":3})", R"({"seq":3})", {}},
  };
  for (const Case& c : cases) {
    AuditLine line = DescribeEntry(
        Entry("a", "record.update", "record", "1", c.before, c.after), {});
    std::vector<std::vector<std::string>> got;
    for (const FieldChange& f : line.changes)
      got.push_back({f.label, f.before, f.after});
    EXPECT_EQ(got, c.want) << c.before << " → " << c.after;
  }
}

TEST(AuditView, TruncationCountsCharactersNotBytes) {
  std::string title;
  for (int i = 0; i < 70; ++i) title += "通";
  std::vector<FieldChange> d =
      FieldDiff(nullptr, nlohmann::json{{"title", title}});
  ASSERT_EQ(d.size(), 1u);
  std::string want;
  for (size_t i = 0; i < kAuditValueChars; ++i) want += "通";
  EXPECT_EQ(d[0].after, want + "…");
}

}  // namespace
}  // namespace zwgk::auth
