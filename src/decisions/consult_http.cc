// Consultations (征求意见) on the web: the public list and page with the
// comment form (works without JavaScript), the staff pages (moderation,
// adoption, the feedback, window changes, offline comments) and the JSON
// API of issue 16. Routes and who may use them: http.cc.
#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "core/clock.h"
#include "core/date.h"
#include "core/form_errors.h"
#include "core/guard.h"
#include "core/json.h"
#include "core/status.h"
#include "decisions/http_internal.h"

namespace zwgk::decisions {
namespace {

using Form = std::multimap<std::string, std::string>;
using web::FormValue;
using Json = nlohmann::json;

std::string Str(absl::string_view s) { return std::string(s); }
std::string Day(absl::CivilDay d) { return FormatDate(d); }

constexpr WindowState kWindowStates[] = {
    WindowState::kOpen, WindowState::kNotYetOpen, WindowState::kClosed,
    WindowState::kRecorded};
constexpr Adoption kOutcomes[] = {Adoption::kAdopted, Adoption::kPartly,
                                  Adoption::kRejected, Adoption::kOutOfScope};
constexpr absl::string_view kChannels[] = {"信函", "电子邮件", "座谈会",
                                           "其他"};

std::optional<WindowState> ParseWindowState(absl::string_view name) {
  for (WindowState s : kWindowStates)
    if (WindowStateName(s) == name) return s;
  return std::nullopt;
}

// The list order people expect: open windows first, then those to come,
// then closed and recorded ones (stable within each).
int WindowRank(WindowState s) {
  for (int i = 0; i < 4; ++i)
    if (kWindowStates[i] == s) return i;
  return 4;
}

// Every non-empty line of a plain text is one paragraph of the page.
Json Paragraphs(absl::string_view text) {
  Json out = Json::array();
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    line = absl::StripAsciiWhitespace(line);
    if (!line.empty()) out.push_back(Str(line));
  }
  return out;
}

std::string Local(const std::string& stored) {
  return stored.empty() ? "" : LocalMinute(stored);
}

// --- JSON (API and page contexts) -------------------------------------------

Json ChangesJson(const Consultation& c) {
  Json out = Json::array();
  for (const WindowChange& w : c.extensions) {
    const bool longer = w.to > w.from;
    out.push_back({{"kind", longer ? "extend" : "end_early"},
                   {"kind_label", longer ? "延长征求意见期限" : "提前截止"},
                   {"from", Day(w.from)},
                   {"to", Day(w.to)},
                   {"reason", w.reason},
                   {"at", Local(w.at)}});
  }
  return out;
}

Json CountsJson(const FeedbackCounts& c) {
  return {{"received", c.received},  {"hidden", c.hidden},
          {"adopted", c.adopted},    {"partly", c.partly},
          {"rejected", c.rejected},  {"out_of_scope", c.out_of_scope},
          {"undecided", c.undecided}};
}

// The counts as rows for the page (numbers are always true in sections).
Json CountRows(const FeedbackCounts& c) {
  Json rows = Json::array();
  auto row = [&](absl::string_view label, int64_t n) {
    rows.push_back({{"label", Str(label)}, {"count", std::to_string(n)}});
  };
  row("收到意见", c.received);
  row(AdoptionLabel(Adoption::kAdopted), c.adopted);
  row(AdoptionLabel(Adoption::kPartly), c.partly);
  row(AdoptionLabel(Adoption::kRejected), c.rejected);
  row(AdoptionLabel(Adoption::kOutOfScope), c.out_of_scope);
  row("未公开（含不文明用语、个人信息等）", c.hidden);
  if (c.undecided > 0) row("尚未处理", c.undecided);
  return rows;
}

Json FeedbackJson(const Feedback& f) {
  Json items = Json::array();
  for (const FeedbackItem& i : f.items) {
    items.push_back(
        {{"comment_id", i.comment_id},
         {"name", i.name},
         {"section", i.section},
         {"text", i.text},
         {"outcome", Str(AdoptionName(i.adoption))},
         {"outcome_label", Str(AdoptionLabel(i.adoption))},
         {"reason", i.reason},
         {"duplicate_of", i.duplicate_of ? Json(*i.duplicate_of) : Json()}});
  }
  return {{"counts", CountsJson(f.counts)},
          {"count_rows", CountRows(f.counts)},
          {"items", items}};
}

// What anyone may see of a comment: never its contact, hash or moderator.
Json PublicCommentJson(const Comment& c) {
  return {{"id", c.id},
          {"name", c.name},
          {"section", c.section},
          {"text", c.text},
          {"created_at", Local(c.created_at)}};
}

// Staff see everything of their unit's comments.
Json StaffCommentJson(const Comment& c) {
  Json j = PublicCommentJson(c);
  j["consultation_id"] = c.consultation_id;
  j["phone"] = c.phone;
  j["email"] = c.email;
  j["state"] = Str(CommentStateName(c.state));
  j["state_label"] = Str(CommentStateLabel(c.state));
  j["moderation_reason"] = c.moderation_reason;
  j["moderated_by"] = c.moderated_by;
  j["moderated_at"] = Local(c.moderated_at);
  j["outcome"] = Str(AdoptionName(c.adoption));
  j["outcome_label"] = Str(AdoptionLabel(c.adoption));
  j["reason"] = c.adoption_reason;
  j["duplicate_of"] = c.duplicate_of ? Json(*c.duplicate_of) : Json();
  j["channel"] = c.channel;
  return j;
}

Json ConsultationJson(const Consultation& c) {
  return {{"id", c.id},
          {"title", c.title},
          {"unit", {{"id", c.unit_id}, {"name", c.unit_name}}},
          {"decision_id", c.decision_id ? Json(*c.decision_id) : Json()},
          {"opens_on", Day(c.opens_on)},
          {"closes_on", Day(c.closes_on)},
          {"window_days", WindowDays(c.opens_on, c.closes_on)},
          {"short_reason", c.short_reason},
          {"recorded", c.recorded},
          {"allow_anonymous", c.allow_anonymous},
          {"sections", c.sections},
          {"body", c.body},
          {"explanation", c.explanation},
          {"window_changes", ChangesJson(c)},
          {"feedback_published_at", c.feedback_published_at
                                        ? Json(Local(*c.feedback_published_at))
                                        : Json()}};
}

// The public view: published comments only, outcomes and the feedback once
// it is published; nothing private whoever asks.
Json PublicViewJson(const ConsultationView& v) {
  Json j = ConsultationJson(v.consultation);
  j["window"] = Str(WindowStateName(v.window));
  j["window_label"] = Str(WindowStateLabel(v.window));
  j["window_days"] = v.window_days;
  const bool published = v.consultation.feedback_published_at.has_value() &&
                         v.feedback.has_value();
  std::map<int64_t, const FeedbackItem*> outcomes;
  if (published)
    for (const FeedbackItem& i : v.feedback->items) outcomes[i.comment_id] = &i;
  Json comments = Json::array();
  for (const Comment& c : v.comments) {
    if (c.state != CommentState::kPublished) continue;
    Json cj = PublicCommentJson(c);
    if (auto it = outcomes.find(c.id); it != outcomes.end()) {
      cj["outcome"] = Str(AdoptionName(it->second->adoption));
      cj["outcome_label"] = Str(AdoptionLabel(it->second->adoption));
      cj["reason"] = it->second->reason;
    }
    comments.push_back(cj);
  }
  j["comments"] = comments;
  j["feedback"] = published ? FeedbackJson(*v.feedback) : Json();
  if (published) j["feedback"]["note"] = v.consultation.feedback_note;
  return j;
}

Json ListRowJson(const ConsultationView& v) {
  const Consultation& c = v.consultation;
  return {{"id", c.id},
          {"title", c.title},
          {"unit", {{"id", c.unit_id}, {"name", c.unit_name}}},
          {"opens_on", Day(c.opens_on)},
          {"closes_on", Day(c.closes_on)},
          {"window", Str(WindowStateName(v.window))},
          {"window_label", Str(WindowStateLabel(v.window))},
          {"window_days", v.window_days},
          {"open", v.window == WindowState::kOpen},
          {"feedback_published", c.feedback_published_at.has_value()}};
}

// --- Inputs -----------------------------------------------------------------

// Public bodies are small; a draft may be long (200,000 characters).
constexpr JsonLimits kPublicJson{.max_depth = 4, .max_bytes = 64u << 10};
constexpr JsonLimits kDraftJson{.max_depth = 4, .max_bytes = 2u << 20};

absl::StatusOr<Json> Body(const Request& req, const JsonLimits& limits) {
  if (req.body.empty())
    return absl::InvalidArgumentError("请求体为空，应为 JSON 对象");
  ZWGK_ASSIGN_OR_RETURN(Json j, ParseJson(req.body, limits));
  if (!j.is_object())
    return absl::InvalidArgumentError("请求体应为 JSON 对象 {…}");
  return j;
}

bool Checked(const Form& f, absl::string_view name) {
  std::string v = FormValue(f, name);
  return !v.empty() && v != "0";
}

std::vector<std::string> Lines(absl::string_view text) {
  std::vector<std::string> out;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    line = absl::StripAsciiWhitespace(line);
    if (!line.empty()) out.emplace_back(line);
  }
  return out;
}

ConsultationInput ConsultationFromForm(const Form& f) {
  ConsultationInput in{.title = FormValue(f, "title"),
                       .unit = FormValue(f, "unit"),
                       .opens_on = FormValue(f, "opens_on"),
                       .closes_on = FormValue(f, "closes_on"),
                       .short_reason = FormValue(f, "short_reason"),
                       .body = FormValue(f, "body"),
                       .explanation = FormValue(f, "explanation"),
                       .sections = Lines(FormValue(f, "sections")),
                       .decision_id = web::ParseId(FormValue(f, "decision_id")),
                       .allow_anonymous = Checked(f, "allow_anonymous")};
  return in;
}

absl::StatusOr<ConsultationInput> ConsultationFromJson(const Json& body) {
  JsonFields f(body);
  ConsultationInput in{.title = f.String("title", "标题"),
                       .unit = f.String("unit", "承办单位"),
                       .opens_on = f.String("opens_on", "开始日期"),
                       .closes_on = f.String("closes_on", "截止日期"),
                       .short_reason = f.String("short_reason", "期限理由"),
                       .body = f.String("body", "草案"),
                       .explanation = f.String("explanation", "起草说明"),
                       .decision_id = f.Int("decision_id", "决策事项")};
  if (in.unit.empty())
    if (std::optional<int64_t> id = f.Int("unit", "承办单位"))
      in.unit = std::to_string(*id);
  ZWGK_RETURN_IF_ERROR(f.status());
  if (body.contains("sections")) {
    const Json& s = body["sections"];
    if (!s.is_array())
      return InvalidFields("条款有误", {{"sections", "应为文字数组"}});
    for (const Json& item : s) {
      if (!item.is_string())
        return InvalidFields("条款有误", {{"sections", "应为文字数组"}});
      in.sections.push_back(item.get<std::string>());
    }
  }
  if (body.contains("allow_anonymous")) {
    if (!body["allow_anonymous"].is_boolean())
      return InvalidFields("允许匿名有误",
                           {{"allow_anonymous", "应为 true 或 false"}});
    in.allow_anonymous = body["allow_anonymous"].get<bool>();
  }
  return in;
}

CommentInput CommentFromForm(const Form& f, const Request& req) {
  return {.name = FormValue(f, "name"),
          .anonymous = Checked(f, "anonymous"),
          .phone = FormValue(f, "phone"),
          .email = FormValue(f, "email"),
          .section = FormValue(f, "section"),
          .text = FormValue(f, "text"),
          .honeypot = FormValue(f, "website"),
          .source_ip = req.remote_ip};
}

absl::StatusOr<CommentInput> CommentFromJson(const Json& body,
                                             const Request& req) {
  JsonFields f(body);
  CommentInput in{.name = f.String("name", "姓名"),
                  .phone = f.String("phone", "联系电话"),
                  .email = f.String("email", "电子邮箱"),
                  .section = f.String("section", "涉及部分"),
                  .text = f.String("text", "意见内容"),
                  .honeypot = f.String("website", "网站"),
                  .source_ip = req.remote_ip};
  ZWGK_RETURN_IF_ERROR(f.status());
  if (body.contains("anonymous")) {
    if (!body["anonymous"].is_boolean())
      return InvalidFields("匿名有误", {{"anonymous", "应为 true 或 false"}});
    in.anonymous = body["anonymous"].get<bool>();
  }
  return in;
}

std::optional<CommentState> ModerationOutcome(absl::string_view s) {
  if (s == "published" || s == "publish") return CommentState::kPublished;
  if (s == "hidden" || s == "hide") return CommentState::kHidden;
  return std::nullopt;
}

absl::StatusOr<AdoptionInput> AdoptionFrom(absl::string_view outcome,
                                           std::string reason,
                                           std::optional<int64_t> duplicate) {
  std::optional<Adoption> a = ParseAdoption(outcome);
  if (!a || *a == Adoption::kNone)
    return InvalidFields(
        "采纳情况有误",
        {{"outcome", "请选择采纳、部分采纳、不采纳或不属于本次征求范围"}});
  return AdoptionInput{
      .outcome = *a, .reason = std::move(reason), .duplicate_of = duplicate};
}

// --- Shared page parts ------------------------------------------------------

Actor Public() { return Actor{}; }

int StatusFor(const absl::Status& error) {
  return error.ok() ? 200 : web::HttpStatus(error.code());
}

Json FieldErrors(const absl::Status& error) {
  Json err = Json::object();
  for (const auto& [k, v] : GetFieldErrors(error)) err[k] = v;
  return err;
}

// The window as the page states it: dates, days, the short-window reason,
// every change with its reason.
Json WindowContext(const ConsultationView& v) {
  const Consultation& c = v.consultation;
  return {{"opens_on", Day(c.opens_on)},
          {"closes_on", Day(c.closes_on)},
          {"days", std::to_string(v.window_days)},
          {"label", Str(WindowStateLabel(v.window))},
          {"open", v.window == WindowState::kOpen},
          {"short", v.window_days < kMinimumWindowDays && !c.recorded},
          {"short_reason", c.short_reason},
          {"recorded", v.window == WindowState::kRecorded},
          {"changes", ChangesJson(c)},
          {"has_changes", !c.extensions.empty()}};
}

Json SectionOptions(const std::vector<std::string>& sections,
                    const std::string& selected) {
  Json out = Json::array();
  for (const std::string& s : sections)
    out.push_back({{"value", s}, {"selected", s == selected}});
  return out;
}

Json UnitOptions(Service& service, const Actor& actor,
                 const std::string& selected) {
  Json out = Json::array();
  auto units = service.org().ListUnits();
  if (!units.ok()) return out;
  for (const org::Unit& u : *units) {
    if (!ActsForUnit(actor, u.id)) continue;
    out.push_back(
        {{"value", u.name},
         {"label", u.name},
         {"selected", u.name == selected || std::to_string(u.id) == selected}});
  }
  return out;
}

Json Crumbs(std::vector<std::pair<std::string, std::string>> items) {
  Json out = Json::array();
  for (auto& [name, url] : items) out.push_back({{"name", name}, {"url", url}});
  return out;
}

// --- Public pages -----------------------------------------------------------

Response PublicPage(Deps& d, Request& req, const ConsultationView& v,
                    const CommentInput& sent = {},
                    const absl::Status& error = absl::OkStatus()) {
  const Consultation& c = v.consultation;
  Json ctx = PublicViewJson(v);
  ctx["w"] = WindowContext(v);
  ctx["body_paragraphs"] = Paragraphs(c.body);
  ctx["explanation_paragraphs"] = Paragraphs(c.explanation);
  ctx["has_comments"] = !ctx["comments"].empty();
  ctx["comment_count"] = std::to_string(ctx["comments"].size());
  if (ctx["feedback"].is_object()) {
    ctx["feedback"]["published_at"] = ctx["feedback_published_at"];
    ctx["feedback"]["note_paragraphs"] = Paragraphs(c.feedback_note);
  }
  if (v.window == WindowState::kOpen) {
    req.cache_key.clear();  // the form carries this visitor's CSRF token
    ctx["form"] = {
        {"name", sent.name},
        {"anonymous", sent.anonymous},
        {"allow_anonymous", c.allow_anonymous},
        {"phone", sent.phone},
        {"email", sent.email},
        {"text", sent.text},
        {"section", sent.section},
        {"sections", SectionOptions(c.sections, sent.section)},
        {"has_sections", !c.sections.empty()},
        {"max_chars", std::to_string(d.service.options().max_comment_chars)},
        {"err", FieldErrors(error)}};
  }
  static constexpr FormField kOrder[] = {
      {"name", "comment-name"},       {"anonymous", "comment-anonymous"},
      {"phone", "comment-phone"},     {"email", "comment-email"},
      {"section", "comment-section"}, {"text", "comment-text"}};
  ctx["error_summary"] =
      ErrorSummary(error, kOrder, {.heading = "意见未提交，请修改以下内容"});
  return d.view.Page(
      req, "decisions/consult_show", ctx,
      {.title = c.title,
       .status = StatusFor(error),
       .breadcrumbs = Crumbs({{"意见征集", "/consultations"}, {c.title, ""}}),
       .meta = {
           .column_name = "意见征集",
           .column_type = "互动交流",
           .article = ArticleMeta{
               .title = c.title,
               .published_at = absl::StrCat(FormatDate(c.opens_on), " 00:00"),
               .source = c.unit_name,
               .keywords = "征求意见",
               .text = c.body,
               .url = absl::StrCat("/consultations/", c.id)}}});
}

absl::StatusOr<ConsultationView> PublicView(Deps& d, const Request& req) {
  std::optional<int64_t> id = web::ParseId(req.Param("id"));
  if (!id) return absl::NotFoundError("征求意见不存在");
  return d.service.GetConsultation(Public(), *id);
}

absl::StatusOr<std::vector<ConsultationView>> PublicList(Deps& d,
                                                         const Request& req) {
  ConsultationFilter f{.limit = 200};
  std::string state = req.QueryValue("state").value_or("");
  if (!state.empty()) {
    f.window = ParseWindowState(state);
    if (!f.window)
      return InvalidFields("状态有误", {{"state", "没有这个征求意见状态"}});
  }
  ZWGK_ASSIGN_OR_RETURN(std::vector<ConsultationView> rows,
                        d.service.ListConsultations(Public(), f));
  std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    return WindowRank(a.window) < WindowRank(b.window);
  });
  return rows;
}

// --- Staff pages ------------------------------------------------------------

// Which form of the staff page was refused, with what it sent.
struct Failed {
  enum Which {
    kNone,
    kEdit,
    kExtend,
    kEndEarly,
    kOffline,
    kModerate,
    kAdopt,
    kFeedback
  } which = kNone;
  int64_t comment_id = 0;
  Form sent;
};

// The id prefix of each form's fields ("extend" → "extend-closes-on").
std::string FormPrefix(const Failed& f) {
  switch (f.which) {
    case Failed::kEdit:
      return "edit";
    case Failed::kExtend:
      return "extend";
    case Failed::kEndEarly:
      return "end";
    case Failed::kOffline:
      return "offline";
    case Failed::kModerate:
      return absl::StrCat("hide-", f.comment_id);
    case Failed::kAdopt:
      return absl::StrCat("adopt-", f.comment_id);
    case Failed::kFeedback:
      return "feedback";
    case Failed::kNone:
      break;
  }
  return "";
}

std::string FieldId(absl::string_view prefix, absl::string_view key) {
  return absl::StrCat(prefix, "-", absl::StrReplaceAll(key, {{"_", "-"}}));
}

// The summary of a refused staff form: its fields link to its inputs.
Json StaffSummary(const absl::Status& error, const Failed& failed) {
  if (error.ok()) return nullptr;
  const std::string prefix = FormPrefix(failed);
  std::vector<std::string> ids;
  std::vector<std::string> keys;
  for (const auto& [k, v] : GetFieldErrors(error)) {
    keys.push_back(k);
    ids.push_back(FieldId(prefix, k));
  }
  std::vector<FormField> order;
  for (size_t i = 0; i < keys.size(); ++i) order.push_back({keys[i], ids[i]});
  return ErrorSummary(error, order, {.heading = "操作未完成，请修改以下内容"});
}

// A form's values: what a refused one sent, else `defaults`.
Json Values(const Failed& failed, Failed::Which which, int64_t comment_id,
            Json defaults) {
  if (failed.which != which || failed.comment_id != comment_id) return defaults;
  for (const auto& [k, v] : failed.sent) defaults[k] = v;
  return defaults;
}

Json Errs(const absl::Status& error, const Failed& failed, Failed::Which which,
          int64_t comment_id = 0) {
  if (failed.which != which || failed.comment_id != comment_id)
    return Json::object();
  return FieldErrors(error);
}

Response AdminPage(Deps& d, Request& req, const ConsultationView& v,
                   const absl::Status& error = absl::OkStatus(),
                   const Failed& failed = {}) {
  const Consultation& c = v.consultation;
  const std::string today = Day(Today(d.service.clock()));
  Json ctx = ConsultationJson(c);
  ctx["w"] = WindowContext(v);
  ctx["body_paragraphs"] = Paragraphs(c.body);
  ctx["explanation_paragraphs"] = Paragraphs(c.explanation);
  ctx["notice"] = req.QueryValue("saved") ? "已保存" : "";
  std::vector<std::pair<int64_t, std::string>> published;
  for (const Comment& cm : v.comments)
    if (cm.state == CommentState::kPublished)
      published.emplace_back(cm.id, cm.name);
  Json comments = Json::array();
  for (const Comment& cm : v.comments) {
    Json j = StaffCommentJson(cm);
    j["is_published"] = cm.state == CommentState::kPublished;
    j["is_hidden"] = cm.state == CommentState::kHidden;
    j["is_pending"] = cm.state == CommentState::kPending;
    j["offline"] = !cm.channel.empty();
    j["hide"] = {
        {"v", Values(failed, Failed::kModerate, cm.id, {{"reason", ""}})},
        {"err", Errs(error, failed, Failed::kModerate, cm.id)}};
    if (cm.state == CommentState::kPublished) {
      Json adopt_v =
          Values(failed, Failed::kAdopt, cm.id,
                 {{"outcome", Str(AdoptionName(cm.adoption))},
                  {"reason", cm.adoption_reason},
                  {"duplicate_of",
                   cm.duplicate_of ? std::to_string(*cm.duplicate_of) : ""}});
      Json outcomes = Json::array();
      for (Adoption a : kOutcomes)
        outcomes.push_back(
            {{"value", Str(AdoptionName(a))},
             {"label", Str(AdoptionLabel(a))},
             {"selected", adopt_v["outcome"] == Str(AdoptionName(a))}});
      Json others = Json::array();
      for (const auto& [oid, oname] : published) {
        if (oid == cm.id) continue;
        others.push_back(
            {{"value", std::to_string(oid)},
             {"label", absl::StrCat("第", oid, "条（", oname, "）")},
             {"selected", adopt_v["duplicate_of"] == std::to_string(oid)}});
      }
      j["adopt"] = {{"v", adopt_v},
                    {"outcomes", outcomes},
                    {"others", others},
                    {"has_others", !others.empty()},
                    {"err", Errs(error, failed, Failed::kAdopt, cm.id)}};
    }
    comments.push_back(j);
  }
  ctx["comments"] = comments;
  ctx["has_comments"] = !comments.empty();
  if (v.feedback) {
    ctx["preview"] = FeedbackJson(*v.feedback);
    ctx["preview"]["has_items"] = !v.feedback->items.empty();
  }
  ctx["blockers"] = v.feedback_blockers;
  ctx["has_blockers"] = !v.feedback_blockers.empty();
  ctx["feedback_published"] = c.feedback_published_at.has_value();
  ctx["feedback_note"] = c.feedback_note;
  ctx["feedback_form"] = {
      {"v", Values(failed, Failed::kFeedback, 0, {{"note", ""}})},
      {"err", Errs(error, failed, Failed::kFeedback)}};
  const bool changeable =
      v.window == WindowState::kOpen || v.window == WindowState::kNotYetOpen;
  if (changeable) {
    ctx["extend_form"] = {{"v", Values(failed, Failed::kExtend, 0,
                                       {{"closes_on", ""}, {"reason", ""}})},
                          {"err", Errs(error, failed, Failed::kExtend)}};
    ctx["end_form"] = {{"v", Values(failed, Failed::kEndEarly, 0,
                                    {{"closes_on", today}, {"reason", ""}})},
                       {"err", Errs(error, failed, Failed::kEndEarly)}};
  }
  if (v.window == WindowState::kNotYetOpen) {
    std::string sections;
    for (const std::string& s : c.sections) absl::StrAppend(&sections, s, "\n");
    ctx["edit_form"] = {{"v", Values(failed, Failed::kEdit, 0,
                                     {{"title", c.title},
                                      {"short_reason", c.short_reason},
                                      {"body", c.body},
                                      {"explanation", c.explanation},
                                      {"sections", sections}})},
                        {"err", Errs(error, failed, Failed::kEdit)}};
  }
  Json offline_v = Values(failed, Failed::kOffline, 0,
                          {{"received_on", today},
                           {"channel", "信函"},
                           {"name", ""},
                           {"phone", ""},
                           {"email", ""},
                           {"section", ""},
                           {"text", ""}});
  Json channels = Json::array();
  for (absl::string_view ch : kChannels)
    channels.push_back(
        {{"value", Str(ch)}, {"selected", offline_v["channel"] == Str(ch)}});
  ctx["offline_form"] = {
      {"v", offline_v},
      {"channels", channels},
      {"sections", SectionOptions(c.sections, offline_v["section"])},
      {"has_sections", !c.sections.empty()},
      {"err", Errs(error, failed, Failed::kOffline)}};
  ctx["error_summary"] = StaffSummary(error, failed);
  return d.view.Page(
      req, "decisions/consult_admin_show", ctx,
      {.title = c.title,
       .status = StatusFor(error),
       .breadcrumbs = Crumbs({{"管理后台", "/admin"},
                              {"意见征集", "/admin/consultations"},
                              {c.title, ""}})});
}

Response NewPage(Deps& d, Request& req, const ConsultationInput& in,
                 const absl::Status& error = absl::OkStatus()) {
  std::string sections;
  for (const std::string& s : in.sections) absl::StrAppend(&sections, s, "\n");
  Json ctx = {
      {"v",
       {{"title", in.title},
        {"opens_on", in.opens_on},
        {"closes_on", in.closes_on},
        {"short_reason", in.short_reason},
        {"body", in.body},
        {"explanation", in.explanation},
        {"sections", sections},
        {"decision_id", in.decision_id ? std::to_string(*in.decision_id) : ""},
        {"allow_anonymous", in.allow_anonymous}}},
      {"units", UnitOptions(d.service, *req.principal, in.unit)},
      {"err", FieldErrors(error)},
      {"minimum_days", std::to_string(kMinimumWindowDays)}};
  static constexpr FormField kOrder[] = {{"title", "new-title"},
                                         {"unit", "new-unit"},
                                         {"opens_on", "new-opens-on"},
                                         {"closes_on", "new-closes-on"},
                                         {"short_reason", "new-short-reason"},
                                         {"body", "new-body"},
                                         {"explanation", "new-explanation"},
                                         {"sections", "new-sections"},
                                         {"decision_id", "new-decision-id"}};
  ctx["error_summary"] = ErrorSummary(error, kOrder);
  return d.view.Page(
      req, "decisions/consult_admin_new", ctx,
      {.title = "发布征求意见",
       .status = StatusFor(error),
       .breadcrumbs = Crumbs({{"管理后台", "/admin"},
                              {"意见征集", "/admin/consultations"},
                              {"发布征求意见", ""}})});
}

struct Target {
  int64_t id = 0, comment_id = 0;
};

// A consultation as its unit's staff (or the office) see it: contact,
// every comment, the feedback preview. Another unit's staff would get the
// public view from the service; here they get 404.
absl::StatusOr<ConsultationView> StaffView(Deps& d, const Request& req,
                                           int64_t id) {
  ZWGK_ASSIGN_OR_RETURN(ConsultationView v,
                        d.service.GetConsultation(*req.principal, id));
  if (!ActsForUnit(*req.principal, v.consultation.unit_id))
    return absl::NotFoundError("征求意见不存在");
  return v;
}

// The {id} (and {cid}) of a staff route; nullopt answers 404.
std::optional<Target> Ids(const Request& req, bool with_comment) {
  std::optional<int64_t> id = web::ParseId(req.Param("id"));
  if (!id) return std::nullopt;
  Target t{.id = *id};
  if (with_comment) {
    std::optional<int64_t> cid = web::ParseId(req.Param("cid"));
    if (!cid) return std::nullopt;
    t.comment_id = *cid;
  }
  return t;
}

// After a staff form: back to the page (post/redirect/get), or the page
// again with the refused form's message; a 404 stays a 404.
Response AfterStaffForm(Deps& d, Request& req, int64_t id,
                        const absl::Status& status, Failed failed,
                        absl::string_view anchor) {
  if (status.ok())
    return web::Redirect(
        absl::StrCat("/admin/consultations/", id, "?saved=1", anchor));
  if (absl::IsNotFound(status) || absl::IsPermissionDenied(status) ||
      absl::IsUnauthenticated(status))
    return web::Error(status);
  absl::StatusOr<ConsultationView> v = StaffView(d, req, id);
  if (!v.ok()) return web::Error(v.status());
  failed.sent = req.Form();
  return AdminPage(d, req, *v, status, failed);
}

Response NotFound() {
  return web::Error(absl::NotFoundError("征求意见不存在"));
}

}  // namespace

// --- Public handlers --------------------------------------------------------

Response ConsultList(Deps& d, Request& req) {
  absl::StatusOr<std::vector<ConsultationView>> rows = PublicList(d, req);
  if (!rows.ok()) return web::Error(rows.status());
  Json list = Json::array();
  for (const ConsultationView& v : *rows) list.push_back(ListRowJson(v));
  const std::string state = req.QueryValue("state").value_or("");
  Json states = Json::array();
  states.push_back(
      {{"value", ""}, {"label", "全部"}, {"selected", state.empty()}});
  for (WindowState s : kWindowStates)
    states.push_back({{"value", Str(WindowStateName(s))},
                      {"label", Str(WindowStateLabel(s))},
                      {"selected", state == WindowStateName(s)}});
  return d.view.Page(
      req, "decisions/consult_list",
      {{"consultations", list},
       {"has_consultations", !list.empty()},
       {"states", states},
       {"minimum_days", std::to_string(kMinimumWindowDays)}},
      {.title = "意见征集", .breadcrumbs = Crumbs({{"意见征集", ""}})});
}

Response ConsultShow(Deps& d, Request& req) {
  absl::StatusOr<ConsultationView> v = PublicView(d, req);
  if (!v.ok()) return web::Error(v.status());
  return PublicPage(d, req, *v);
}

Response ConsultComment(Deps& d, Request& req) {
  absl::StatusOr<ConsultationView> v = PublicView(d, req);
  if (!v.ok()) return web::Error(v.status());
  const Form f = req.Form();
  CommentInput in = CommentFromForm(f, req);
  absl::StatusOr<CommentReceipt> r =
      d.service.SubmitComment(v->consultation.id, in);
  if (!r.ok()) {
    // The window may have closed since the page was read: show it as it is.
    absl::StatusOr<ConsultationView> now = PublicView(d, req);
    if (!now.ok()) return web::Error(now.status());
    return PublicPage(d, req, *now, in, r.status());
  }
  req.cache_key.clear();
  return d.view.Page(
      req, "decisions/consult_received",
      {{"id", v->consultation.id}, {"title", v->consultation.title}},
      {.title = "已收到您的意见",
       .breadcrumbs =
           Crumbs({{"意见征集", "/consultations"},
                   {v->consultation.title,
                    absl::StrCat("/consultations/", v->consultation.id)},
                   {"已收到您的意见", ""}})});
}

// --- Staff handlers ---------------------------------------------------------

Response ConsultAdminList(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  const Actor& actor = *req.principal;
  ConsultationFilter f{.limit = 200};
  if (!IsAdmin(actor)) {
    if (!actor.unit_id)
      return web::Error(absl::PermissionDeniedError("无权访问"));
    f.unit_id = actor.unit_id;
  }
  auto rows = d.service.ListConsultations(actor, f);
  if (!rows.ok()) return web::Error(rows.status());
  std::stable_sort(rows->begin(), rows->end(),
                   [](const auto& a, const auto& b) {
                     return WindowRank(a.window) < WindowRank(b.window);
                   });
  Json list = Json::array();
  for (const ConsultationView& v : *rows) {
    Json j = ListRowJson(v);
    int pending = 0;
    for (const Comment& c : v.comments)
      if (c.state == CommentState::kPending) ++pending;
    j["pending"] = pending ? std::to_string(pending) : "";
    list.push_back(j);
  }
  return d.view.Page(
      req, "decisions/consult_admin_list",
      {{"consultations", list}, {"has_consultations", !list.empty()}},
      {.title = "意见征集",
       .breadcrumbs = Crumbs({{"管理后台", "/admin"}, {"意见征集", ""}})});
}

Response ConsultAdminNew(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  ConsultationInput in;
  if (req.principal->unit_id) in.unit = std::to_string(*req.principal->unit_id);
  const absl::CivilDay today = Today(d.service.clock());
  in.opens_on = Day(today);
  in.closes_on = Day(today + kMinimumWindowDays - 1);
  return NewPage(d, req, in);
}

Response ConsultAdminCreate(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  ConsultationInput in = ConsultationFromForm(req.Form());
  absl::StatusOr<Consultation> c =
      d.service.CreateConsultation(*req.principal, in);
  if (!c.ok()) {
    if (absl::IsPermissionDenied(c.status())) return web::Error(c.status());
    return NewPage(d, req, in, c.status());
  }
  return web::Redirect(
      absl::StrCat("/admin/consultations/", c->id, "?saved=1"));
}

Response ConsultAdminShow(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  std::optional<Target> t = Ids(req, false);
  if (!t) return NotFound();
  absl::StatusOr<ConsultationView> v = StaffView(d, req, t->id);
  if (!v.ok()) return web::Error(v.status());
  return AdminPage(d, req, *v);
}

Response ConsultAdminUpdate(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  std::optional<Target> t = Ids(req, false);
  if (!t) return NotFound();
  const Form f = req.Form();
  absl::StatusOr<ConsultationView> cur = StaffView(d, req, t->id);
  if (!cur.ok()) return web::Error(cur.status());
  // The edit form changes the text only; the window and unit stay.
  ConsultationInput in = ConsultationFromForm(f);
  const Consultation& c = cur->consultation;
  in.unit = std::to_string(c.unit_id);
  in.opens_on = Day(c.opens_on);
  in.closes_on = Day(c.closes_on);
  in.decision_id = c.decision_id;
  in.allow_anonymous = f.count("allow_anonymous")
                           ? Checked(f, "allow_anonymous")
                           : c.allow_anonymous;
  auto done = d.service.UpdateConsultation(*req.principal, t->id, in);
  return AfterStaffForm(d, req, t->id, done.status(), {.which = Failed::kEdit},
                        "");
}

Response ConsultAdminExtend(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  std::optional<Target> t = Ids(req, false);
  if (!t) return NotFound();
  const Form f = req.Form();
  auto done = d.service.Extend(*req.principal, t->id, FormValue(f, "closes_on"),
                               FormValue(f, "reason"));
  return AfterStaffForm(d, req, t->id, done.status(),
                        {.which = Failed::kExtend}, "#window");
}

Response ConsultAdminEndEarly(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  std::optional<Target> t = Ids(req, false);
  if (!t) return NotFound();
  const Form f = req.Form();
  auto done = d.service.EndEarly(
      *req.principal, t->id, FormValue(f, "closes_on"), FormValue(f, "reason"));
  return AfterStaffForm(d, req, t->id, done.status(),
                        {.which = Failed::kEndEarly}, "#window");
}

Response ConsultAdminRecordComment(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  std::optional<Target> t = Ids(req, false);
  if (!t) return NotFound();
  const Form f = req.Form();
  CommentInput in = CommentFromForm(f, req);
  in.honeypot.clear();
  auto done = d.service.RecordComment(*req.principal, t->id, in,
                                      FormValue(f, "channel"),
                                      FormValue(f, "received_on"));
  return AfterStaffForm(d, req, t->id, done.status(),
                        {.which = Failed::kOffline}, "#comments");
}

Response ConsultAdminModerate(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  std::optional<Target> t = Ids(req, true);
  if (!t) return NotFound();
  const Form f = req.Form();
  std::optional<CommentState> outcome =
      ModerationOutcome(FormValue(f, "outcome"));
  absl::Status status =
      outcome ? d.service
                    .Moderate(
                        *req.principal, t->id, t->comment_id,
                        {.outcome = *outcome, .reason = FormValue(f, "reason")})
                    .status()
              : InvalidFields("审核结果有误",
                              {{"outcome", "请选择公开或不予公开"}});
  return AfterStaffForm(
      d, req, t->id, status,
      {.which = Failed::kModerate, .comment_id = t->comment_id},
      absl::StrCat("#comment-", t->comment_id));
}

Response ConsultAdminAdopt(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  std::optional<Target> t = Ids(req, true);
  if (!t) return NotFound();
  const Form f = req.Form();
  absl::StatusOr<AdoptionInput> in =
      AdoptionFrom(FormValue(f, "outcome"), FormValue(f, "reason"),
                   web::ParseId(FormValue(f, "duplicate_of")));
  absl::Status status =
      in.ok()
          ? d.service.Adopt(*req.principal, t->id, t->comment_id, *in).status()
          : in.status();
  return AfterStaffForm(d, req, t->id, status,
                        {.which = Failed::kAdopt, .comment_id = t->comment_id},
                        absl::StrCat("#comment-", t->comment_id));
}

Response ConsultAdminPublishFeedback(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  std::optional<Target> t = Ids(req, false);
  if (!t) return NotFound();
  auto done = d.service.PublishFeedback(*req.principal, t->id,
                                        FormValue(req.Form(), "note"));
  return AfterStaffForm(d, req, t->id, done.status(),
                        {.which = Failed::kFeedback}, "#feedback");
}

// --- API --------------------------------------------------------------------

Response ConsultApiCreate(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  absl::StatusOr<Json> body = Body(req, kDraftJson);
  if (!body.ok()) return web::Error(body.status());
  absl::StatusOr<ConsultationInput> in = ConsultationFromJson(*body);
  if (!in.ok()) return web::Error(in.status());
  absl::StatusOr<Consultation> c =
      d.service.CreateConsultation(*req.principal, *in);
  if (!c.ok()) return web::Error(c.status());
  absl::StatusOr<ConsultationView> v =
      d.service.GetConsultation(*req.principal, c->id);
  if (!v.ok()) return web::Error(v.status());
  Json j = ConsultationJson(v->consultation);
  j["window"] = Str(WindowStateName(v->window));
  j["window_label"] = Str(WindowStateLabel(v->window));
  return web::Json(j, 201);
}

Response ConsultApiList(Deps& d, Request& req) {
  absl::StatusOr<std::vector<ConsultationView>> rows = PublicList(d, req);
  if (!rows.ok()) return web::Error(rows.status());
  Json list = Json::array();
  for (const ConsultationView& v : *rows) list.push_back(ListRowJson(v));
  return web::Json({{"consultations", list}});
}

// The public view whoever asks (staff use the pages for the rest).
Response ConsultApiGet(Deps& d, Request& req) {
  absl::StatusOr<ConsultationView> v = PublicView(d, req);
  if (!v.ok()) return web::Error(v.status());
  return web::Json(PublicViewJson(*v));
}

// Public; staff with a token and a "channel" record a comment received
// offline ("received_on").
Response ConsultApiComment(Deps& d, Request& req) {
  std::optional<Target> t = Ids(req, false);
  if (!t) return NotFound();
  absl::StatusOr<Json> body = Body(req, kPublicJson);
  if (!body.ok()) return web::Error(body.status());
  absl::StatusOr<CommentInput> in = CommentFromJson(*body, req);
  if (!in.ok()) return web::Error(in.status());
  JsonFields f(*body);
  std::string channel = f.String("channel", "渠道");
  std::string received_on = f.String("received_on", "收到日期");
  if (absl::Status s = f.status(); !s.ok()) return web::Error(s);
  if (req.principal && !channel.empty()) {
    absl::StatusOr<Comment> c = d.service.RecordComment(
        *req.principal, t->id, *in, channel, received_on);
    if (!c.ok()) return web::Error(c.status());
    return web::Json(StaffCommentJson(*c), 201);
  }
  absl::StatusOr<CommentReceipt> r = d.service.SubmitComment(t->id, *in);
  if (!r.ok()) return web::Error(r.status());
  return web::Json({{"id", r->id}, {"state", Str(CommentStateName(r->state))}},
                   201);
}

Response ConsultApiModerate(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  std::optional<Target> t = Ids(req, true);
  if (!t) return NotFound();
  absl::StatusOr<Json> body = Body(req, kPublicJson);
  if (!body.ok()) return web::Error(body.status());
  JsonFields f(*body);
  std::string outcome = f.String("outcome", "审核结果");
  std::string reason = f.String("reason", "理由");
  if (absl::Status s = f.status(); !s.ok()) return web::Error(s);
  std::optional<CommentState> state = ModerationOutcome(outcome);
  if (!state)
    return web::Error(InvalidFields("审核结果有误",
                                    {{"outcome", "应为 published 或 hidden"}}));
  absl::StatusOr<Comment> c =
      d.service.Moderate(*req.principal, t->id, t->comment_id,
                         {.outcome = *state, .reason = reason});
  if (!c.ok()) return web::Error(c.status());
  return web::Json(StaffCommentJson(*c));
}

Response ConsultApiAdopt(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  std::optional<Target> t = Ids(req, true);
  if (!t) return NotFound();
  absl::StatusOr<Json> body = Body(req, kPublicJson);
  if (!body.ok()) return web::Error(body.status());
  JsonFields f(*body);
  std::string outcome = f.String("outcome", "采纳情况");
  std::string reason = f.String("reason", "理由");
  std::optional<int64_t> duplicate = f.Int("duplicate_of", "重复意见");
  if (absl::Status s = f.status(); !s.ok()) return web::Error(s);
  absl::StatusOr<AdoptionInput> in = AdoptionFrom(outcome, reason, duplicate);
  if (!in.ok()) return web::Error(in.status());
  absl::StatusOr<Comment> c =
      d.service.Adopt(*req.principal, t->id, t->comment_id, *in);
  if (!c.ok()) return web::Error(c.status());
  return web::Json(StaffCommentJson(*c));
}

Response ConsultApiPublishFeedback(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  std::optional<Target> t = Ids(req, false);
  if (!t) return NotFound();
  std::string note;
  if (!req.body.empty()) {  // {"note"} is optional, so is the body
    absl::StatusOr<Json> body = Body(req, kPublicJson);
    if (!body.ok()) return web::Error(body.status());
    JsonFields f(*body);
    note = f.String("note", "说明");
    if (absl::Status s = f.status(); !s.ok()) return web::Error(s);
  }
  absl::StatusOr<ConsultationView> v =
      d.service.PublishFeedback(*req.principal, t->id, note);
  if (!v.ok()) return web::Error(v.status());
  return web::Json(PublicViewJson(*v));
}

// Extend ("extend") or end early ("end-early"): {"closes_on","reason"}.
static Response ApiChangeWindow(Deps& d, Request& req, bool extend) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  std::optional<Target> t = Ids(req, false);
  if (!t) return NotFound();
  absl::StatusOr<Json> body = Body(req, kPublicJson);
  if (!body.ok()) return web::Error(body.status());
  JsonFields f(*body);
  std::string closes_on = f.String("closes_on", "截止日期");
  std::string reason = f.String("reason", "理由");
  if (absl::Status s = f.status(); !s.ok()) return web::Error(s);
  absl::StatusOr<Consultation> c =
      extend ? d.service.Extend(*req.principal, t->id, closes_on, reason)
             : d.service.EndEarly(*req.principal, t->id, closes_on, reason);
  if (!c.ok()) return web::Error(c.status());
  return web::Json(ConsultationJson(*c));
}

Response ConsultApiExtend(Deps& d, Request& req) {
  return ApiChangeWindow(d, req, true);
}
Response ConsultApiEndEarly(Deps& d, Request& req) {
  return ApiChangeWindow(d, req, false);
}

}  // namespace zwgk::decisions
