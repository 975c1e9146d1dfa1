#include "auth/audit_view.h"

#include <algorithm>
#include <array>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "core/actor.h"
#include "core/clock.h"
#include "core/text.h"
#include "core/withholding.h"

namespace zwgk::auth {
namespace {

// One recorded action: its filter name and how the sentence reads. `verb`
// holds "{}" where the object goes ("将{}提交审核"); without "{}" the object
// follows the verb unless `object` is false (the sentence is complete).
struct ActionInfo {
  const char* code;
  const char* label;
  const char* verb;
  bool object = true;
};

// Every action code passed to audit::Record in src/ (scripts/check-chinese
// fails when one is missing here).
constexpr ActionInfo kActions[] = {
    {"record.create", "新建信息", "新建了"},
    {"record.update", "修改信息", "修改了"},
    {"record.submit", "提交审核", "将{}提交审核"},
    {"record.review", "审核信息", "审核了"},
    {"record.publish", "发布信息", "发布了"},
    {"record.unpublish", "撤回信息", "撤回了"},
    {"record.discard_change", "放弃修改", "放弃了{}的待审修改"},
    {"record.validity", "变更效力状态", "变更了{}的效力状态"},
    {"record.attach", "上传附件", "为{}上传了附件"},
    {"record.detach", "删除附件", "删除了{}的附件"},
    {"record.relate", "添加关联信息", "为{}添加了关联信息"},
    {"record.unrelate", "取消关联信息", "取消了{}的关联信息"},
    {"record.channel", "设置发布渠道", "设置了{}的发布渠道"},
    {"record.privacy_reason", "填写个人信息公开理由",
     "填写了{}的个人信息公开理由"},
    {"record.privacy_mask", "个人信息脱敏", "对{}进行了个人信息脱敏"},
    {"record.backdate_refused", "拒绝指定发布时间", "拒绝了为{}指定发布时间"},
    {"column.update", "修改栏目设置", "修改了"},
    {"page.update", "修改页面", "修改了"},
    {"genre.create", "新增体裁", "新增了"},
    {"genre.interpretation", "设置须解读体裁", "设置了{}是否须配发解读"},
    {"interpretation.days", "设置解读时限", "设置了政策解读的发布时限", false},
    {"catalog.import", "导入目录", "导入了"},
    {"catalog.publish", "发布目录", "发布了"},
    {"catalog.adopt_suggested", "采用建议目录", "将建议目录加入了"},
    {"catalog.item_add", "添加目录事项", "在目录草稿中添加了"},
    {"catalog.item_update", "修改目录事项", "修改了"},
    {"catalog.item_remove", "删除目录事项", "删除了"},
    {"catalog.item_move", "调整事项顺序", "调整了{}的顺序"},
    {"calendar.import", "导入节假日安排", "导入了节假日安排", false},
    {"calendar.redate", "重算期限", "按新的节假日安排重新推算了期限", false},
    {"calendar.override_add", "添加本地调整", "添加了本地调整"},
    {"calendar.override_remove", "删除本地调整", "删除了本地调整"},
    {"unit.create", "新增单位", "新增了"},
    {"unit.update", "修改单位", "修改了"},
    {"village.import", "导入村（社区）", "导入了村（社区）名单", false},
    {"powers.import", "导入权责清单", "导入了{}的权责清单"},
    {"powers.decide", "认定公开属性", "认定了{}的公开属性"},
    {"powers.draft", "据环节起草信息", "据{}起草了信息"},
    {"privacy.scan", "扫描全站个人信息", "扫描了全站已公开信息中的个人信息",
     false},
    {"village.settings", "设置村务公开", "设置了村务公开时限和周期", false},
    {"village_posting.create", "新建村务公开", "新建了"},
    {"village_posting.update", "修改村务公开", "修改了"},
    {"village_posting.publish", "公开村务", "公开了"},
    {"village_posting.withdraw", "撤回村务公开", "撤回了"},
    {"village_posting.photo", "上传公示栏照片", "为{}上传了公示栏照片"},
    {"unit.retire", "撤销单位", "撤销了"},
    {"unit.profile", "修改概况信息", "修改了{}的概况信息"},
    {"unit.leader", "修改负责人信息", "修改了{}的负责人信息"},
    {"site.identity", "修改网站标识信息", "修改了网站标识信息", false},
    {"unit.restore", "恢复单位", "恢复了"},
    {"unit.index_pattern", "设置索引号格式", "设置了{}的索引号格式"},
    {"domain.create", "新增领域", "新增了"},
    {"domain.update", "修改领域", "修改了"},
    {"domain.retire", "停用领域", "停用了"},
    {"domain.restore", "恢复领域", "恢复了"},
    {"user.create", "添加用户", "添加了"},
    {"user.login", "登录", "登录了后台", false},
    {"user.login_failed", "登录失败", "尝试以{}登录，密码错误"},
    {"user.lock", "账户锁定", "使{}因多次登录失败被锁定"},
    {"user.logout", "退出登录", "退出了登录", false},
    {"user.password_change", "修改密码", "修改了{}的密码"},
    {"user.disable", "停用用户", "停用了"},
    {"user.enable", "启用用户", "启用了"},
    {"token.create", "创建 API 令牌", "创建了"},
    {"application.submitted", "网上提交申请", "网上提交了"},
    {"application.entered", "登记书面申请", "登记了"},
    {"application.receive", "确认收到申请", "确认收到"},
    {"application.process", "开始办理", "开始办理"},
    {"application.correction-request", "补正告知", "对{}发出补正告知"},
    {"application.correction-received", "收到补正", "收到{}的补正材料"},
    {"application.correction-lapsed", "逾期未补正终止", "因逾期未补正终止办理"},
    {"application.consultation-start", "征求意见", "就{}征求第三方意见"},
    {"application.consultation-end", "收到意见", "收到{}的第三方意见"},
    {"application.extend", "延长答复期限", "延长了{}的答复期限"},
    {"application.fee-notice", "收费通知", "对{}发出收费通知"},
    {"application.fee-paid", "确认缴费", "确认{}已缴费"},
    {"application.fee-lapsed", "逾期未缴费终止", "因逾期未缴费终止办理"},
    {"application.reply", "答复申请", "答复了"},
    {"application.deliver", "送达答复", "送达了{}的答复"},
    {"application.archive", "归档申请", "归档了"},
    {"application.withdraw", "申请人撤回", "登记申请人撤回了"},
    {"application.attach", "上传申请附件", "为{}上传了附件"},
    {"message.submit", "网上留言", "网上提交了"},
    {"message.route", "分办留言", "分办了"},
    {"message.transfer", "转办留言", "转办了"},
    {"message.reply", "起草留言答复", "起草了{}的答复"},
    {"message.approve", "审核通过留言答复", "审核通过了{}的答复"},
    {"message.return", "退回留言答复", "退回了{}的答复"},
    {"message.unpublish", "撤下公开留言", "撤下了公开的"},
    {"message.rate", "评价留言答复", "评价了{}的答复"},
    {"message.deadlines", "设置留言答复期限", "设置了留言答复期限", false},
    {"concern.create", "登记关切", "登记了"},
    {"concern.respond", "关联回应信息", "为{}关联了回应信息"},
    {"concern.hours", "设置回应时限", "设置了回应关切时限", false},
    {"task.create", "新增工作任务", "新增了"},
    {"task.update", "修改工作任务", "修改了"},
    {"task.milestone_add", "添加任务节点", "为{}添加了节点"},
    {"task.milestone_update", "修改任务节点", "修改了{}的节点"},
    {"task.report", "报告任务进展", "报告了{}的进展"},
    {"task.accept", "采纳进展报告", "采纳了{}的进展报告"},
    {"task.return", "退回进展报告", "退回了{}的进展报告"},
    {"compliance.settings", "修改监督检查设置", "修改了"},
    {"decision.create", "新增决策事项", "新增了"},
    {"decision.update", "修改决策事项", "修改了"},
    {"decision.move", "变更决策状态", "变更了{}的状态"},
    {"decision.event", "记录决策环节", "为{}记录了决策环节"},
    {"decision.catalog_publish", "发布决策事项目录", "发布了"},
    {"consultation.create", "发起征求意见", "发起了"},
    {"consultation.update", "修改征求意见稿", "修改了"},
    {"consultation.extend", "延长征求意见期", "延长了{}的征求意见期"},
    {"consultation.end_early", "提前截止征求意见", "提前截止了"},
    {"consultation.comment_record", "录入线下意见", "录入了线下意见"},
    {"consultation.comment_moderate", "审核公众意见", "审核了"},
    {"consultation.comment_adopt", "处理意见采纳情况", "处理了{}的采纳情况"},
    {"consultation.feedback_publish", "发布意见采纳情况反馈",
     "发布了{}的意见采纳情况反馈"},
    {"guide.create", "新建办事指南", "新建了"},
    {"guide.update", "修改办事指南", "修改了"},
    {"guide.submit", "提交办事指南审核", "将{}提交审核"},
    {"guide.review", "审核办事指南", "审核了"},
    {"guide.publish", "发布办事指南", "发布了"},
    {"guide.withdraw", "撤回办事指南", "撤回了"},
    {"guide.attach", "上传办事指南表格", "为{}上传了空白表格或示例样表"},
    {"guide.import", "导入办事指南", "导入了办事指南", false},
    {"guide.stats_save", "填报办事统计", "填报了{}的办事统计"},
    {"guide.stats_import", "导入办事统计", "导入了办事统计", false},
    {"inspection.run", "网站自查", "进行了网站自查", false},
};

const ActionInfo* FindAction(absl::string_view code) {
  for (const ActionInfo& a : kActions) {
    if (code == a.code) return &a;
  }
  return nullptr;
}

constexpr std::pair<const char*, const char*> kEntities[] = {
    {"record", "信息"},
    {"page", "页面"},
    {"genre", "体裁"},
    {"catalog", "目录"},
    {"catalog_item", "目录事项"},
    {"calendar", "节假日安排"},
    {"calendar_day", "日期"},
    {"unit", "单位"},
    {"site", "网站"},
    {"domain", "领域"},
    {"user", "用户"},
    {"api_token", "API 令牌"},
    {"application", "申请"},
    {"message", "留言"},
    {"village_posting", "村务公开事项"},
    {"village_settings", "村务公开设置"},
    {"message_deadlines", "留言答复期限"},
    {"concern", "关切"},
    {"concern_hours", "回应关切时限"},
    {"calendar_change", "期限重算"},
    {"task", "工作任务"},
    {"compliance", "监督检查设置"},
    {"decision", "重大行政决策事项"},
    {"decision_catalog", "重大行政决策事项目录"},
    {"consultation", "征求意见"},
    {"consultation_comment", "公众意见"},
    {"guide", "办事指南"},
    {"guide_stats", "办事统计"},
    {"inspection_report", "网站自查报告"},
    {"column", "栏目"},
    {"power_stage", "权责事项环节"},
};

// Field labels of every key the services put into before/after.
constexpr std::pair<const char*, const char*> kFields[] = {
    {"title", "标题"},
    {"file", "文件"},
    {"powers_added", "新增事项"},
    {"powers_updated", "更新事项"},
    {"stages_added", "新增环节"},
    {"stages_updated", "更新环节"},
    {"attributes_set", "认定公开属性"},
    {"attribute", "公开属性"},
    {"catalog_item", "目录事项"},
    {"period_days", "公开时限（工作日）"},
    {"update_days", "更新周期（天）"},
    {"required", "方案要求开设"},
    {"position", "排序"},
    {"type", "类型"},
    {"field", "字段"},
    {"value", "提交的值"},
    {"status", "状态"},
    {"pending_status", "待审修改状态"},
    {"disclosure", "公开方式"},
    {"validity", "效力状态"},
    {"version", "版本"},
    {"publish_by", "应公开日期"},
    {"published_on", "发布日期"},
    {"published_at", "发布时间"},
    {"first_published_on", "首次发布日期"},
    {"previous_published_on", "原发布日期"},
    {"changed_on", "更新日期"},
    {"index_number", "索引号"},
    {"review_outcome", "审查结果"},
    {"review_remarks", "审查意见"},
    {"reviewed_by", "审查人"},
    {"review_comment", "审查意见"},
    {"comment", "审查意见"},
    {"name", "名称"},
    {"kind", "单位类型"},
    {"credit_code", "统一社会信用代码"},
    {"retired", "已撤销"},
    {"unit_id", "所属单位"},
    {"role", "角色"},
    {"disabled", "已停用"},
    {"locked_until", "锁定至"},
    {"failed_logins", "连续登录失败次数"},
    {"remote_ip", "IP 地址"},
    {"seq", "序号"},
    {"level1", "一级事项"},
    {"level2", "二级事项"},
    {"time_limit", "公开时限"},
    {"domain", "领域"},
    {"format", "文件格式"},
    {"items", "事项数"},
    {"skipped_rows", "未导入的行数"},
    {"years", "年份"},
    {"days", "天数"},
    {"source", "来源"},
    {"day", "日期"},
    {"off", "停止办公"},
    {"reason", "原因"},
    {"state", "办理状态"},
    {"tracking_number", "申请编号"},
    {"received_on", "收到日期"},
    {"due_on", "答复期限"},
    {"reply_type", "答复类型"},
    {"ground", "理由"},
    {"attachment", "附件编号"},
    {"pattern", "索引号格式"},
    {"cause", "原因"},
    {"checked", "核对的期限数"},
    {"moved", "变动的期限数"},
    {"deadlines", "变动的期限"},
    {"id", "编号"},
    {"details", "具体事项"},
    {"responsible", "责任单位"},
    {"guiding", "指导单位"},
    {"responsible_units", "责任单位编号"},
    {"guiding_units", "指导单位编号"},
    {"milestone", "节点"},
    {"milestone_due", "节点期限"},
    {"milestone_id", "节点编号"},
    {"milestone_done", "节点完成日期"},
    {"marks_done", "申请确认完成"},
    {"report", "进展报告编号"},
    {"progress", "进展情况"},
    {"evidence", "证明材料数"},
    {"report_status", "报告状态"},
    {"thresholds", "栏目更新标准（天）"},
    {"rules", "扣分规则"},
    {"year", "年度"},
    {"record_id", "决策文件编号"},
    {"documents", "文件数"},
    {"opens_on", "征求意见开始日期"},
    {"closes_on", "征求意见截止日期"},
    {"short_reason", "期限少于30日的理由"},
    {"recorded", "补录"},
    {"consultation", "征求意见编号"},
    {"comment_state", "审核结果"},
    {"moderation_reason", "不予公开的理由"},
    {"adoption", "采纳情况"},
    {"adoption_reason", "采纳情况说明"},
    {"duplicate_of", "归入意见编号"},
    {"channel", "收到方式"},
    {"note", "说明"},
    {"received", "收到意见数"},
    {"as_of", "检查日期"},
    {"trigger", "检查方式"},
    {"base_url", "爬取地址"},
    {"passed", "是否合格"},
    {"vetoes", "单项否决项数"},
    {"failures", "不合格项数"},
    {"pages", "爬取页面数"},
};

// Stored codes shown as their Chinese names, per field.
constexpr std::array<const char*, 3> kValues[] = {
    {"status", "draft", "草稿"},
    {"status", "submitted", "待审查"},
    {"status", "reviewed", "审查通过"},
    {"status", "published", "已发布"},
    {"status", "unpublished", "已撤回"},
    {"status", "off", "停止办公"},
    {"status", "work", "上班"},
    {"disclosure", "active", "主动公开"},
    {"disclosure", "on_request", "依申请公开"},
    {"disclosure", "withheld", "不予公开"},
    {"validity", "valid", "有效"},
    {"validity", "amended", "已修改"},
    {"validity", "repealed", "已废止"},
    {"validity", "expired", "已失效"},
    {"review_outcome", "approved", "通过"},
    {"review_outcome", "rejected", "退回修改"},
    {"kind", "department", "县直部门"},
    {"kind", "guiding", "指导单位"},
    {"kind", "town", "镇"},
    {"state", "pending_confirmation", "待确认"},
    {"state", "registered", "已登记"},
    {"state", "processing", "办理中"},
    {"state", "correction_requested", "待补正"},
    {"state", "consulting", "征求意见"},
    {"state", "extended", "已延期"},
    {"state", "fee_pending", "待缴费"},
    {"state", "replied", "已答复"},
    {"state", "archived", "已归档"},
    {"state", "planned", "拟决策"},
    {"state", "decided", "已决策"},
    {"state", "postponed", "暂缓"},
    {"comment_state", "pending", "待审核"},
    {"comment_state", "published", "已公开"},
    {"comment_state", "hidden", "不予公开"},
    {"adoption", "none", "未处理"},
    {"adoption", "adopted", "采纳"},
    {"adoption", "partly", "部分采纳"},
    {"adoption", "rejected", "不采纳"},
    {"adoption", "out_of_scope", "不属于本次征求范围"},
    {"report_status", "submitted", "待审核"},
    {"report_status", "accepted", "已采纳"},
    {"report_status", "returned", "已退回"},
    {"state", "lapsed_correction", "逾期未补正"},
    {"state", "lapsed_fee", "逾期未缴费"},
    {"state", "withdrawn", "已撤回"},
    {"reply_type", "disclosed", "予以公开"},
    {"reply_type", "already_public", "已主动公开"},
    {"reply_type", "partial", "部分公开"},
    {"reply_type", "withheld", "不予公开"},
    {"reply_type", "unable", "无法提供"},
    {"reply_type", "not_handled", "不予处理"},
    {"reply_type", "not_this_agency", "不属于本机关负责公开"},
    {"reply_type", "special_statute", "依特别规定办理"},
};

std::string FieldLabel(absl::string_view field) {
  for (const auto& [key, label] : kFields) {
    if (field == key) return label;
  }
  return std::string(field);
}

// The first `max` characters of UTF-8 `text`, "…" appended if cut.
std::string Truncate(absl::string_view text, size_t max) {
  size_t chars = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (chars++ == max) return absl::StrCat(text.substr(0, i), "…");
  }
  return std::string(text);
}

std::string ReadableValue(absl::string_view field, const nlohmann::json& v) {
  if (v.is_null()) return "—";
  if (v.is_boolean()) return v.get<bool>() ? "是" : "否";
  if (v.is_number()) return v.dump();
  if (v.is_array()) {
    std::string out;
    for (const nlohmann::json& item : v)
      absl::StrAppend(&out, out.empty() ? "" : "、",
                      ReadableValue(field, item));
    return out.empty() ? "—" : Truncate(out, kAuditValueChars);
  }
  if (!v.is_string()) return Truncate(v.dump(), kAuditValueChars);
  const std::string& s = v.get_ref<const std::string&>();
  if (s.empty()) return "—";
  for (const auto& [key, code, label] : kValues) {
    if (field == key && s == code) return label;
  }
  if (field == "role") {
    if (std::optional<Role> role = ParseRole(s))
      return std::string(RoleLabel(*role));
  }
  if (field == "ground") {
    if (const WithholdingGround* g = FindWithholdingGround(s))
      return std::string(g->label);
  }
  if (ParseTimestamp(s) && absl::StrContains(s, "T")) return LocalMinute(s);
  return Truncate(s, kAuditValueChars);
}

const nlohmann::json& Field(const nlohmann::json& obj, const std::string& key) {
  static const nlohmann::json kNull;
  if (!obj.is_object()) return kNull;
  auto it = obj.find(key);
  return it == obj.end() ? kNull : *it;
}

std::string Text(const nlohmann::json& obj, const char* key) {
  const nlohmann::json& v = Field(obj, key);
  return v.is_string() ? v.get<std::string>() : "";
}

// "信息《关于…的通知》", "单位“县教育局”", "申请 #12".
std::string ObjectName(const audit::LoggedEntry& e,
                       const nlohmann::json& before,
                       const nlohmann::json& after, const KnownNames& names) {
  const std::string noun = AuditEntityLabel(e.entity);
  std::string title;
  for (const char* key :
       {"title", "name", "tracking_number", "level2", "domain", "day"}) {
    title = Text(after, key);
    if (title.empty()) title = Text(before, key);
    if (!title.empty()) break;
  }
  if (title.empty()) {
    auto it = names.find({e.entity, e.entity_id});
    if (it != names.end()) title = it->second;
  }
  if (title.empty()) {
    return e.entity_id.empty() ? noun : absl::StrCat(noun, " #", e.entity_id);
  }
  title = Truncate(title, kAuditValueChars);
  if (e.entity == "record" || e.entity == "page")
    return absl::StrCat(noun, "《", title, "》");
  if (e.entity == "catalog") return absl::StrCat("“", title, "”目录");
  if (e.entity == "calendar_day") return absl::StrCat(" ", title);
  if (e.entity == "application") return absl::StrCat(noun, " ", title);
  return absl::StrCat(noun, "“", title, "”");
}

nlohmann::json ParseStored(const std::string& text) {
  if (text.empty()) return nullptr;
  nlohmann::json j =
      nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  return j.is_discarded() ? nlohmann::json(text) : j;
}

}  // namespace

const std::vector<std::pair<std::string, std::string>>& AuditActions() {
  static const auto* kList = [] {
    auto* list = new std::vector<std::pair<std::string, std::string>>;
    for (const ActionInfo& a : kActions) list->emplace_back(a.code, a.label);
    return list;
  }();
  return *kList;
}

std::string AuditActionLabel(absl::string_view action) {
  const ActionInfo* a = FindAction(action);
  return a ? a->label : "";
}

std::string AuditEntityLabel(absl::string_view entity) {
  for (const auto& [code, label] : kEntities) {
    if (entity == code) return label;
  }
  return std::string(entity);
}

std::vector<FieldChange> FieldDiff(const nlohmann::json& before,
                                   const nlohmann::json& after) {
  std::vector<std::string> keys;
  std::set<std::string> seen;
  for (const nlohmann::json* side : {&after, &before}) {
    if (!side->is_object()) continue;
    for (const auto& [key, value] : side->items()) {
      if (seen.insert(key).second) keys.push_back(key);
    }
  }
  // In the order of the label table (title first), unknown keys last.
  auto rank = [](const std::string& key) {
    size_t i = 0;
    for (const auto& [field, label] : kFields) {
      if (key == field) return i;
      ++i;
    }
    return i;
  };
  std::stable_sort(keys.begin(), keys.end(),
                   [&](const std::string& a, const std::string& b) {
                     return rank(a) < rank(b);
                   });
  std::vector<FieldChange> out;
  for (const std::string& key : keys) {
    // The row's own id is in the sentence already.
    if (key == "id") continue;
    const nlohmann::json& b = Field(before, key);
    const nlohmann::json& a = Field(after, key);
    if (a == b) continue;
    FieldChange change{.field = key,
                       .label = FieldLabel(key),
                       .before = ReadableValue(key, b),
                       .after = ReadableValue(key, a)};
    // null → "" reads the same: nothing a person would call a change.
    if (change.before == change.after) continue;
    out.push_back(std::move(change));
  }
  return out;
}

AuditLine DescribeEntry(const audit::LoggedEntry& e, const KnownNames& names) {
  const nlohmann::json before = ParseStored(e.before_json);
  const nlohmann::json after = ParseStored(e.after_json);
  AuditLine line;
  line.actor = e.user_name == "system" ? "系统（命令行）"
               : e.user_name.empty()   ? "匿名访客"
                                       : e.user_name;
  const std::string object = ObjectName(e, before, after, names);
  const ActionInfo* info = FindAction(e.action);
  std::string verb = info ? info->verb : "操作了";
  // A review reads as its outcome.
  if (e.action == "record.review") {
    const std::string outcome = Text(after, "review_outcome");
    if (outcome == "approved") verb = "审查通过了";
    if (outcome == "rejected") verb = "退回了";
  }
  if (absl::StrContains(verb, "{}")) {
    line.sentence = absl::StrCat(line.actor, " ",
                                 absl::StrReplaceAll(verb, {{"{}", object}}));
  } else if (info && !info->object) {
    line.sentence = absl::StrCat(line.actor, " ", verb);
  } else {
    line.sentence = absl::StrCat(line.actor, " ", verb, object);
  }
  line.changes = FieldDiff(before, after);
  return line;
}

}  // namespace zwgk::auth
