// 政民互动 on the web: the public form, status query, Q&A and monthly
// statistics (/messages), the staff pages (/admin/messages) and the API
// (/api/v1/messages). Handlers check who may act, call one service method
// and render; the service authorizes again and hides what is not theirs.
#include "messages/http.h"

#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "calendar/calendar.h"
#include "core/clock.h"
#include "core/form_errors.h"
#include "core/guard.h"
#include "core/json.h"
#include "core/route_binding.h"
#include "core/status.h"
#include "core/text.h"

namespace zwgk::messages {
namespace {

using web::FormValue;
using web::ParseId;
using web::Request;
using web::Response;
using Form = std::multimap<std::string, std::string>;
using Choices = std::vector<std::pair<std::string, std::string>>;

// Public writes are small: a message of 3000 characters, percent-encoded,
// is about 27 KB. Staff replies may be longer (10000 characters).
constexpr size_t kPublicBodyBytes = 64 * 1024;
constexpr size_t kStaffBodyBytes = 256 * 1024;
const JsonLimits kPublicJson{.max_depth = 4, .max_bytes = kPublicBodyBytes};
const JsonLimits kStaffJson{.max_depth = 4, .max_bytes = kStaffBodyBytes};

struct Deps {
  Service& service;
  org::Service& org;
  const View& view;
};

std::string Str(absl::string_view s) { return std::string(s); }
std::string Fmt(absl::CivilDay d) { return calendar::FormatDate(d); }
nlohmann::json OptDay(const std::optional<absl::CivilDay>& d) {
  return d ? nlohmann::json(Fmt(*d)) : nlohmann::json();
}

// "2026年3月9日（周一）", for people.
std::string ChineseDay(absl::CivilDay d) {
  return absl::StrCat(d.year(), "年", d.month(), "月", d.day(), "日（",
                      calendar::WeekdayName(d), "）");
}

std::string OneDecimal(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// Text as paragraphs (a page shows the sender's line breaks).
nlohmann::json Paragraphs(absl::string_view text) {
  nlohmann::json out = nlohmann::json::array();
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    line = absl::StripAsciiWhitespace(line);
    if (!line.empty()) out.push_back(Str(line));
  }
  return out;
}

// Unit id → name, retired units included (history keeps their names).
std::map<int64_t, std::string> UnitNames(org::Service& org) {
  std::map<int64_t, std::string> out;
  if (auto units = org.ListUnits({.include_retired = true}); units.ok())
    for (const org::Unit& u : *units) out[u.id] = u.name;
  return out;
}

std::string NameOf(const std::map<int64_t, std::string>& names,
                   std::optional<int64_t> id) {
  if (!id) return "待分办";
  auto it = names.find(*id);
  return it == names.end() ? absl::StrCat("单位", *id) : it->second;
}

nlohmann::json Options(const Choices& opts, const std::string& selected) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [value, label] : opts)
    out.push_back(
        {{"value", value}, {"label", label}, {"selected", value == selected}});
  return out;
}

Choices UnitChoices(org::Service& org) {
  Choices out;
  if (auto units = org.ListUnits(); units.ok())
    for (const org::Unit& u : *units) out.emplace_back(u.name, u.name);
  return out;
}

// What each type is for, beside its radio button.
absl::string_view TypeHint(MessageType t) {
  switch (t) {
    case MessageType::kConsult:
      return "询问政策规定、办事流程等";
    case MessageType::kSuggest:
      return "对政府工作提出意见和建议";
    case MessageType::kComplain:
      return "反映工作人员作风、办事效率等问题";
    case MessageType::kError:
      return "我为政府网站找错：错别字、错误链接、信息过期等";
  }
  return "";
}

nlohmann::json TypeOptions(const std::string& selected, bool with_all) {
  nlohmann::json out = nlohmann::json::array();
  if (with_all)
    out.push_back(
        {{"value", ""}, {"label", "全部类型"}, {"selected", selected.empty()}});
  for (MessageType t : AllTypes()) {
    const bool sel = !selected.empty() && ParseType(selected) == t;
    out.push_back({{"value", Str(TypeName(t))},
                   {"label", Str(TypeLabel(t))},
                   {"hint", Str(TypeHint(t))},
                   {"selected", sel}});
  }
  return out;
}

nlohmann::json FieldErrorsJson(const absl::Status& error) {
  nlohmann::json err = nlohmann::json::object();
  for (const auto& [k, v] : GetFieldErrors(error)) err[k] = v;
  return err;
}

// Reads a JSON boolean: absent or null is false; anything else is an error
// recorded under the field.
bool JsonBool(const nlohmann::json& body, const char* key,
              absl::string_view label, Validator& v) {
  if (!body.contains(key) || body[key].is_null()) return false;
  if (body[key].is_boolean()) return body[key].get<bool>();
  v.Add(key, absl::StrCat(label, "应为 true 或 false"));
  return false;
}

absl::StatusOr<nlohmann::json> BoundedJson(const Request& req,
                                           const JsonLimits& limits) {
  if (req.body.empty())
    return absl::InvalidArgumentError("请求体为空，应为 JSON 对象");
  absl::StatusOr<nlohmann::json> j = ParseJson(req.body, limits);
  if (!j.ok())
    return absl::InvalidArgumentError(
        absl::StrCat("请求体", j.status().message()));
  if (!j->is_object())
    return absl::InvalidArgumentError("请求体应为 JSON 对象 {…}");
  return j;
}

// ---------------------------------------------------------------------------
// JSON for the API and the pages.

nlohmann::json TransfersJson(const Message& m,
                             const std::map<int64_t, std::string>& names,
                             bool staff) {
  nlohmann::json out = nlohmann::json::array();
  for (const Transfer& t : m.transfers) {
    nlohmann::json j = {
        {"from", NameOf(names, t.from_unit)},
        {"to", NameOf(names, std::optional<int64_t>(t.to_unit))},
        {"on", Fmt(t.on)},
        {"restart", t.restart}};
    if (staff) {
      j["reason"] = t.reason;
      j["by"] = t.by;
      j["at"] = LocalMinute(t.at);
    }
    out.push_back(std::move(j));
  }
  return out;
}

// What the sender sees with tracking number and code: no contact details,
// no internal remarks, the reply only once it is sent.
nlohmann::json PublicStatusJson(const MessageView& v,
                                const std::map<int64_t, std::string>& names) {
  const Message& m = v.message;
  nlohmann::json j = {
      {"tracking_number", m.tracking_number},
      {"type", Str(TypeName(m.type))},
      {"type_label", Str(TypeLabel(m.type))},
      {"unit", m.unit_id ? m.unit_name : Str("待分办")},
      {"title", m.title},
      {"text", m.text},
      {"text_paragraphs", Paragraphs(m.text)},
      {"state", Str(StateName(m.state))},
      {"state_label", Str(StateLabel(m.state))},
      {"arrived_at", LocalMinute(m.arrived_at)},
      {"due_date", Fmt(m.due_on)},
      {"transfers", TransfersJson(m, names, false)},
      {"reply", nullptr},
      {"rating", m.rating ? nlohmann::json(*m.rating) : nlohmann::json()},
  };
  if (m.state == MessageState::kReplied)
    j["reply"] = {{"on", OptDay(m.replied_on)},
                  {"text", m.reply_text},
                  {"paragraphs", Paragraphs(m.reply_text)}};
  return j;
}

// Staff JSON; contact details only when `with_contact` (the detail page and
// the one-message view, never a list).
nlohmann::json StaffJson(const MessageView& v,
                         const std::map<int64_t, std::string>& names,
                         bool with_contact) {
  const Message& m = v.message;
  nlohmann::json j = {
      {"id", m.id},
      {"tracking_number", m.tracking_number},
      {"type", Str(TypeName(m.type))},
      {"type_label", Str(TypeLabel(m.type))},
      {"unit", m.unit_id
                   ? nlohmann::json{{"id", *m.unit_id}, {"name", m.unit_name}}
                   : nlohmann::json()},
      {"title", m.title},
      {"state", Str(StateName(m.state))},
      {"state_label", Str(StateLabel(m.state))},
      {"arrived_on", Fmt(m.arrived_on)},
      {"arrived_at", m.arrived_at},
      {"clock_from", Fmt(m.clock_from)},
      {"due_date", Fmt(m.due_on)},
      {"timeliness", Str(TimelinessLabel(v.timeliness))},
      // 办理中 says no more than the state: pages leave it out.
      {"show_timeliness", v.timeliness != Timeliness::kPending},
      {"working_days_taken", v.working_days_taken},
      {"three_month_line", Fmt(v.three_month_line)},
      {"near_three_month_line", v.near_three_month_line},
      {"replied_on", OptDay(m.replied_on)},
      {"publish_consent", m.publish_consent},
      {"published", m.published},
      {"rating", m.rating ? nlohmann::json(*m.rating) : nlohmann::json()},
  };
  if (with_contact) {
    j["text"] = m.text;
    j["text_paragraphs"] = Paragraphs(m.text);
    j["contact"] = {{"name", m.name}, {"phone", m.phone}, {"email", m.email}};
    j["transfers"] = TransfersJson(m, names, true);
    j["reply"] = {{"text", m.reply_text},
                  {"paragraphs", Paragraphs(m.reply_text)},
                  {"replied_by", m.replied_by},
                  {"reviewed_by", m.reviewed_by},
                  {"review_remarks", m.review_remarks},
                  {"public_title", m.public_title},
                  {"public_text", m.public_text},
                  {"public_paragraphs", Paragraphs(m.public_text)},
                  {"publish_requested", m.publish_requested},
                  {"draft_on", OptDay(m.draft_on)}};
    j["rating_comment"] = m.rating_comment;
  }
  return j;
}

nlohmann::json PublicItemJson(const PublicItem& p) {
  return {{"id", p.id},
          {"type", Str(TypeName(p.type))},
          {"type_label", Str(TypeLabel(p.type))},
          {"unit", p.unit_name},
          {"title", p.title},
          {"text", p.text},
          {"reply", p.reply},
          {"text_paragraphs", Paragraphs(p.text)},
          {"reply_paragraphs", Paragraphs(p.reply)},
          {"asked_at", p.asked_at},
          {"replied_on", Fmt(p.replied_on)},
          {"url", absl::StrCat("/messages/", p.id)}};
}

// ---------------------------------------------------------------------------
// Inputs.

MessageInput InputFromForm(const Form& f, const Request& req) {
  return {.type = FormValue(f, "type"),
          .unit = FormValue(f, "unit"),
          .title = FormValue(f, "title"),
          .text = FormValue(f, "text"),
          .name = FormValue(f, "name"),
          .phone = FormValue(f, "phone"),
          .email = FormValue(f, "email"),
          .publish_consent = FormValue(f, "publish_consent") == "1",
          .honeypot = FormValue(f, "website"),
          .source_ip = req.remote_ip};
}

// The public form's fields in the order it shows them (error summary).
const std::vector<FormField>& MessageFormOrder() {
  static const auto* order =
      new std::vector<FormField>{{"type", "type-group"},
                                 {"unit"},
                                 {"title"},
                                 {"text"},
                                 {"name"},
                                 {"phone"},
                                 {"email"},
                                 {"publish_consent", "publish-consent"}};
  return *order;
}

// ---------------------------------------------------------------------------
// Public pages.

Response NewForm(Deps& d, Request& req, const MessageInput& in,
                 const absl::Status& error, int status = 200) {
  req.cache_key.clear();  // the page carries this visitor's CSRF token
  Choices units = {{"", "不清楚（由县政务公开办转交）"}};
  for (auto& u : UnitChoices(d.org)) units.push_back(std::move(u));
  ServiceOptions limits;
  nlohmann::json ctx = {
      {"csrf_token", req.csrf_token},
      {"types", TypeOptions(in.type.empty() ? "consult" : in.type, false)},
      {"units", Options(units, in.unit)},
      {"v",
       {{"title", in.title},
        {"text", in.text},
        {"name", in.name},
        {"phone", in.phone},
        {"email", in.email},
        {"publish_consent", in.publish_consent}}},
      {"max_title", limits.max_title_chars},
      {"max_text", limits.max_text_chars},
      {"err", FieldErrorsJson(error)},
      {"error_summary",
       ErrorSummary(error, MessageFormOrder(),
                    {.heading = "留言未提交，请修改以下内容"})},
  };
  return d.view.Page(
      req, "messages/new", ctx,
      {.title = "我要留言",
       .status = status,
       .breadcrumbs = {{{"name", "政民互动"}, {"url", "/messages"}},
                       {{"name", "我要留言"}, {"url", ""}}}});
}

Response NewPage(Deps& d, Request& req) {
  MessageInput in;
  in.type = req.QueryValue("type").value_or("");
  // Other pages link here for a unit (by id or name) and a subject, e.g. a
  // village posting's 有疑问 link: the form opens with them filled in.
  const std::string unit = req.QueryValue("unit").value_or("");
  if (!unit.empty()) {
    if (auto u = d.org.ResolveUnit(unit); u.ok()) in.unit = u->name;
  }
  const std::string title = req.QueryValue("title").value_or("");
  if (Utf8Length(title) <= 100) in.title = title;
  return NewForm(d, req, in, absl::OkStatus());
}

Response PostMessage(Deps& d, Request& req) {
  MessageInput in = InputFromForm(req.Form(), req);
  absl::StatusOr<Submitted> s = d.service.Submit(in);
  if (!s.ok())
    return NewForm(d, req, in, s.status(), web::HttpStatus(s.status().code()));
  req.cache_key.clear();
  return d.view
      .Page(req, "messages/submitted",
            {{"tracking_number", s->tracking_number},
             {"query_code", s->query_code},
             {"due_date", ChineseDay(s->due_on)},
             {"csrf_token", req.csrf_token}},
            {.title = "留言已提交"})
      .WithHeader("Cache-Control", "no-store");
}

Response StatusPage(Deps& d, Request& req, const std::string& number,
                    const std::string& code,
                    const absl::Status& rate_error = absl::OkStatus(),
                    bool rated = false) {
  req.cache_key.clear();
  nlohmann::json ctx = {{"csrf_token", req.csrf_token},
                        {"tracking_number", number}};
  const PageOptions page{
      .title = "留言办理查询",
      .breadcrumbs = {{{"name", "政民互动"}, {"url", "/messages"}},
                      {{"name", "留言办理查询"}, {"url", ""}}}};
  // A link may prefill the number; only a posted form asks.
  if (req.IsSafeMethod() || (number.empty() && code.empty()))
    return d.view.Page(req, "messages/status", ctx, page);
  absl::StatusOr<MessageView> v = d.service.Status(number, code);
  if (!v.ok()) {
    ctx["error"] = Str(v.status().message());
    PageOptions failed = page;
    failed.status = web::HttpStatus(v.status().code());
    return d.view.Page(req, "messages/status", ctx, failed);
  }
  ctx["found"] = PublicStatusJson(*v, UnitNames(d.org));
  ctx["query_code"] = code;  // for the rating form only (a POST body)
  const Message& m = v->message;
  ctx["can_rate"] = m.state == MessageState::kReplied && !m.rating;
  ctx["has_transfers"] = !m.transfers.empty();
  ctx["rated"] = rated;
  if (m.rating) ctx["rating_text"] = absl::StrCat(*m.rating, "分");
  nlohmann::json ratings = nlohmann::json::array();
  static constexpr const char* kLabels[] = {"",         "很不满意", "不满意",
                                            "基本满意", "满意",     "非常满意"};
  for (int r = 5; r >= 1; --r) {
    ratings.push_back(
        {{"value", r}, {"label", absl::StrCat(r, "分 ", kLabels[r])}});
  }
  ctx["ratings"] = ratings;
  ctx["err"] = FieldErrorsJson(rate_error);
  ctx["error_summary"] =
      ErrorSummary(rate_error, {{"rating", "rating-group"}, {"comment"}},
                   {.heading = "评价未提交"});
  PageOptions shown = page;
  shown.status = rate_error.ok() ? 200 : web::HttpStatus(rate_error.code());
  // The page carries the query code (the rating form): never stored.
  return d.view.Page(req, "messages/status", ctx, shown)
      .WithHeader("Cache-Control", "no-store");
}

Response StatusGet(Deps& d, Request& req) {
  return StatusPage(d, req, req.QueryValue("tracking_number").value_or(""), "");
}

Response StatusPost(Deps& d, Request& req) {
  const Form f = req.Form();
  return StatusPage(d, req, FormValue(f, "tracking_number"),
                    FormValue(f, "query_code"));
}

Response PostRate(Deps& d, Request& req) {
  const Form f = req.Form();
  const std::string number = FormValue(f, "tracking_number");
  const std::string code = FormValue(f, "query_code");
  std::optional<int64_t> rating = ParseId(FormValue(f, "rating"));
  absl::Status s =
      !rating || *rating > 5
          ? InvalidFields("请选择满意度", {{"rating", "请选择1至5分中的一项"}})
          : d.service.Rate(number, code, static_cast<int>(*rating),
                           FormValue(f, "comment"));
  if (absl::IsNotFound(s)) return StatusPage(d, req, number, code);
  return StatusPage(d, req, number, code, s, s.ok());
}

std::optional<absl::Status> ReadPublicFilter(Deps& d, const Request& req,
                                             PublicFilter& f) {
  if (auto t = req.QueryValue("type"); t && !t->empty()) {
    f.type = ParseType(*t);
    if (!f.type)
      return InvalidFields("留言类型有误",
                           {{"type", "类型应为咨询、建议、投诉或找错"}});
  }
  if (auto u = req.QueryValue("unit"); u && !u->empty()) {
    absl::StatusOr<org::Unit> unit = d.org.ResolveUnit(*u);
    if (!unit.ok())
      return InvalidFields("单位有误", {{"unit", "没有这个单位"}});
    f.unit_id = unit->id;
  }
  f.q = req.QueryValue("q").value_or("");
  if (f.q.size() > 200)
    return InvalidFields("关键词过长", {{"q", "关键词最多200字节"}});
  return std::nullopt;
}

Response PublicList(Deps& d, Request& req) {
  PublicFilter f;
  if (auto bad = ReadPublicFilter(d, req, f)) return web::Error(*bad);
  int page = 1;
  if (auto p = req.QueryValue("page")) {
    std::optional<int64_t> n = ParseId(*p);
    if (!n || *n > 1000) return web::Error(absl::NotFoundError("页面不存在"));
    page = static_cast<int>(*n);
  }
  f.offset = (page - 1) * f.limit;
  absl::StatusOr<std::vector<PublicItem>> items = d.service.ListPublic(f);
  if (!items.ok()) return web::Error(items.status());
  nlohmann::json list = nlohmann::json::array();
  for (const PublicItem& p : *items) list.push_back(PublicItemJson(p));
  const std::string type = f.type ? Str(TypeName(*f.type)) : "";
  const std::string unit = req.QueryValue("unit").value_or("");
  Choices units = {{"", "全部单位"}};
  for (auto& u : UnitChoices(d.org)) units.push_back(std::move(u));
  const std::string query =
      absl::StrCat("type=", web::UrlEncode(type),
                   "&unit=", web::UrlEncode(unit), "&q=", web::UrlEncode(f.q));
  nlohmann::json ctx = {
      {"items", list},
      {"has_items", !list.empty()},
      {"types", TypeOptions(type, true)},
      {"units", Options(units, unit)},
      {"q", f.q},
      {"filtered", f.type || f.unit_id || !f.q.empty()},
      {"year", Today(d.service.clock()).year()},
  };
  if (page > 1)
    ctx["prev"] = absl::StrCat("/messages?", query, "&page=", page - 1);
  if (static_cast<int>(items->size()) == f.limit)
    ctx["next"] = absl::StrCat("/messages?", query, "&page=", page + 1);
  return d.view.Page(req, "messages/list", ctx,
                     {.title = "政民互动",
                      .breadcrumbs = {{{"name", "政民互动"}, {"url", ""}}}});
}

Response PublicShow(Deps& d, Request& req) {
  std::optional<int64_t> id = ParseId(req.Param("id"));
  if (!id) return web::Error(absl::NotFoundError("留言不存在或未公开"));
  absl::StatusOr<PublicItem> p = d.service.GetPublic(*id);
  if (!p.ok()) return web::Error(p.status());
  return d.view.Page(
      req, "messages/show", {{"m", PublicItemJson(*p)}},
      {.title = p->title,
       .breadcrumbs = {{{"name", "政民互动"}, {"url", "/messages"}},
                       {{"name", p->title}, {"url", ""}}},
       .meta = {
           .column_name = "政民互动",
           .column_type = "互动交流",
           .article = ArticleMeta{.title = p->title,
                                  .published_at = p->asked_at,
                                  .source = p->unit_name,
                                  .keywords = std::string(TypeLabel(p->type)),
                                  .text = p->text,
                                  .url = absl::StrCat("/messages/", *id)}}});
}

Response Stats(Deps& d, Request& req) {
  int year = static_cast<int>(Today(d.service.clock()).year());
  if (auto y = req.QueryValue("year"); y && !y->empty()) {
    std::optional<int64_t> parsed = ParseId(*y);
    if (!parsed || *parsed < 2000 || *parsed > 2100)
      return web::Error(
          InvalidFields("年份有误", {{"year", "年份应为2000–2100之间的整数"}}));
    year = static_cast<int>(*parsed);
  }
  absl::StatusOr<std::vector<MonthStats>> months = d.service.MonthlyStats(year);
  if (!months.ok()) return web::Error(months.status());
  nlohmann::json rows = nlohmann::json::array();
  MonthStats total{.year = year};
  double days_sum = 0;
  for (const MonthStats& m : *months) {
    rows.push_back({{"month", absl::StrCat(m.month, "月")},
                    {"received", m.received},
                    {"answered", m.answered},
                    {"on_time", m.on_time},
                    {"average", m.answered ? OneDecimal(m.average_working_days)
                                           : std::string("—")},
                    {"average_value", OneDecimal(m.average_working_days)}});
    total.received += m.received;
    total.answered += m.answered;
    total.on_time += m.on_time;
    days_sum += m.average_working_days * static_cast<double>(m.answered);
  }
  nlohmann::json ctx = {
      {"year", year},
      {"rows", rows},
      {"total",
       {{"received", total.received},
        {"answered", total.answered},
        {"on_time", total.on_time},
        {"average", total.answered ? OneDecimal(days_sum / static_cast<double>(
                                                               total.answered))
                                   : std::string("—")}}},
      {"prev_year", year - 1},
      {"next_year", year + 1},
  };
  return d.view.Page(
      req, "messages/stats", ctx,
      {.title = absl::StrCat(year, "年政民互动留言办理情况"),
       .breadcrumbs = {{{"name", "政民互动"}, {"url", "/messages"}},
                       {{"name", "统计"}, {"url", ""}}}});
}

// ---------------------------------------------------------------------------
// Staff pages.

Response AdminList(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  const Actor& actor = *req.principal;
  ListFilter f;
  const std::string state = req.QueryValue("state").value_or("");
  const std::string type = req.QueryValue("type").value_or("");
  if (!state.empty()) {
    f.state = ParseState(state);
    if (!f.state)
      return web::Error(InvalidFields("状态有误", {{"state", "没有这个状态"}}));
  }
  if (!type.empty()) {
    f.type = ParseType(type);
    if (!f.type)
      return web::Error(InvalidFields("类型有误", {{"type", "没有这个类型"}}));
  }
  f.overdue_only = req.QueryValue("overdue").value_or("") == "1";
  f.limit = 200;
  absl::StatusOr<std::vector<MessageView>> rows = d.service.List(actor, f);
  if (!rows.ok()) return web::Error(rows.status());
  const auto names = UnitNames(d.org);
  nlohmann::json list = nlohmann::json::array();
  for (const MessageView& v : *rows) {
    nlohmann::json j = StaffJson(v, names, false);
    j["unit_name"] = NameOf(names, v.message.unit_id);
    j["arrived"] = LocalMinute(v.message.arrived_at);
    j["overdue"] = v.timeliness == Timeliness::kOverdue;
    j["due_soon"] = v.timeliness == Timeliness::kDueSoon;
    j["late"] = v.timeliness == Timeliness::kLate;
    list.push_back(std::move(j));
  }
  Choices states = {{"", "全部状态"}};
  for (MessageState s : {MessageState::kUnrouted, MessageState::kHandling,
                         MessageState::kReviewing, MessageState::kReplied})
    states.emplace_back(Str(StateName(s)), Str(StateLabel(s)));
  nlohmann::json ctx = {
      {"messages", list},
      {"has_messages", !list.empty()},
      {"states", Options(states, state)},
      {"types", TypeOptions(type, true)},
      {"overdue_only", f.overdue_only},
      {"is_admin", IsAdmin(actor)},
  };
  return d.view.Page(req, "messages/admin_list", ctx,
                     {.title = "政民互动留言办理",
                      .breadcrumbs = {{{"name", "管理后台"}, {"url", "/admin"}},
                                      {{"name", "政民互动"}, {"url", ""}}}});
}

// Which form on the detail page a refused POST came from.
enum class StaffForm { kNone, kTransfer, kReply, kReview, kUnpublish };

struct Sent {
  StaffForm form = StaffForm::kNone;
  Form values;
};

nlohmann::json FormSummary(const absl::Status& error, StaffForm form) {
  switch (form) {
    case StaffForm::kTransfer:
      return ErrorSummary(error,
                          {{"unit", "transfer-unit"},
                           {"on", "transfer-on"},
                           {"reason", "transfer-reason"}},
                          {.heading = "转办未完成"});
    case StaffForm::kReply:
      return ErrorSummary(error,
                          {{"on", "reply-on"},
                           {"text", "reply-text"},
                           {"publish", "reply-publish"},
                           {"public_title", "public-title"},
                           {"public_text", "public-text"}},
                          {.heading = "答复未提交"});
    case StaffForm::kReview:
      return ErrorSummary(error, {{"remarks", "review-remarks"}},
                          {.heading = "审核未完成"});
    case StaffForm::kUnpublish:
      return ErrorSummary(error, {{"reason", "unpublish-reason"}},
                          {.heading = "撤下未完成"});
    case StaffForm::kNone:
      break;
  }
  return ErrorSummary(error, {});
}

absl::string_view DoneText(absl::string_view done) {
  if (done == "transfer") return "已转办。";
  if (done == "reply") return "答复已提交审核。";
  if (done == "approved") return "已审核通过，答复已发送。";
  if (done == "returned") return "已退回修改。";
  if (done == "unpublish") return "已撤下公开。";
  return "";
}

Response AdminDetail(Deps& d, Request& req, const MessageView& v,
                     const absl::Status& error = absl::OkStatus(),
                     const Sent& sent = {}) {
  const Actor& actor = *req.principal;
  const Message& m = v.message;
  const auto names = UnitNames(d.org);
  const std::string today = Fmt(Today(d.service.clock()));
  auto sent_or = [&](StaffForm form, const char* key, std::string fallback) {
    return sent.form == form ? FormValue(sent.values, key) : fallback;
  };
  nlohmann::json j = StaffJson(v, names, true);
  j["unit_name"] = NameOf(names, m.unit_id);
  j["arrived"] = LocalMinute(m.arrived_at);
  j["overdue"] = v.timeliness == Timeliness::kOverdue;
  j["open"] = m.state != MessageState::kReplied;
  Choices units;
  for (auto& u : UnitChoices(d.org))
    if (u.first != m.unit_name || !m.unit_id) units.push_back(std::move(u));
  const bool admin = IsAdmin(actor);
  const bool reviewer = admin || actor.role == Role::kUnitReviewer;
  const std::string public_title = m.public_title.empty()
                                       ? RedactPersonalData(m.title, m.name)
                                       : m.public_title;
  const std::string public_text = m.public_text.empty()
                                      ? RedactPersonalData(m.text, m.name)
                                      : m.public_text;
  const bool reply_failed = sent.form == StaffForm::kReply;
  nlohmann::json ctx = {
      {"m", j},
      {"csrf_token", req.csrf_token},
      {"is_admin", admin},
      {"can_transfer", m.state == MessageState::kUnrouted ||
                           m.state == MessageState::kHandling},
      {"can_reply", m.state == MessageState::kHandling && m.unit_id},
      {"can_review", m.state == MessageState::kReviewing && reviewer},
      {"can_unpublish", admin && m.published},
      {"has_transfers", !m.transfers.empty()},
      {"has_draft", !m.reply_text.empty()},
      {"transfer_units",
       Options(units, sent_or(StaffForm::kTransfer, "unit", ""))},
      {"tv",
       {{"on", sent_or(StaffForm::kTransfer, "on", today)},
        {"reason", sent_or(StaffForm::kTransfer, "reason", "")},
        {"restart", sent_or(StaffForm::kTransfer, "restart", "") == "1"}}},
      {"rv",
       {{"on", sent_or(StaffForm::kReply, "on", today)},
        {"text", sent_or(StaffForm::kReply, "text", m.reply_text)},
        {"publish", reply_failed ? FormValue(sent.values, "publish") == "1"
                                 : m.publish_consent},
        {"public_title",
         sent_or(StaffForm::kReply, "public_title", public_title)},
        {"public_text",
         sent_or(StaffForm::kReply, "public_text", public_text)}}},
      {"review_remarks", sent_or(StaffForm::kReview, "remarks", "")},
      {"unpublish_reason", sent_or(StaffForm::kUnpublish, "reason", "")},
      {"err", FieldErrorsJson(error)},
      {"failed_transfer", sent.form == StaffForm::kTransfer},
      {"failed_reply", reply_failed},
      {"failed_review", sent.form == StaffForm::kReview},
      {"failed_unpublish", sent.form == StaffForm::kUnpublish},
      {"error_summary", FormSummary(error, sent.form)},
  };
  if (m.rating) ctx["rating_text"] = absl::StrCat(*m.rating, "分");
  if (auto done = req.QueryValue("done")) {
    absl::string_view text = DoneText(*done);
    if (!text.empty()) ctx["done"] = Str(text);
  }
  return d.view.Page(
      req, "messages/admin_detail", ctx,
      {.title = absl::StrCat("留言 ", m.tracking_number),
       .status = error.ok() ? 200 : web::HttpStatus(error.code()),
       .breadcrumbs = {{{"name", "政民互动"}, {"url", "/admin/messages"}},
                       {{"name", m.tracking_number}, {"url", ""}}}});
}

Response AdminShow(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  std::optional<int64_t> id = ParseId(req.Param("id"));
  if (!id) return web::Error(absl::NotFoundError("留言不存在"));
  absl::StatusOr<MessageView> v = d.service.Get(*req.principal, *id);
  if (!v.ok()) return web::Error(v.status());
  return AdminDetail(d, req, *v);
}

// One staff action from the detail page: post/redirect/get on success; the
// page again with the refused form's values and errors otherwise.
template <typename Act>
Response StaffAction(Deps& d, Request& req, StaffForm form, Act act) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  std::optional<int64_t> id = ParseId(req.Param("id"));
  if (!id) return web::Error(absl::NotFoundError("留言不存在"));
  const Form f = req.Form();
  absl::StatusOr<std::string> done = act(*req.principal, *id, f);
  if (done.ok())
    return web::Redirect(
        absl::StrCat("/admin/messages/", *id, "?done=", *done));
  absl::StatusOr<MessageView> v = d.service.Get(*req.principal, *id);
  if (!v.ok()) return web::Error(v.status());
  if (!absl::IsInvalidArgument(done.status()) &&
      !absl::IsFailedPrecondition(done.status()) &&
      !absl::IsPermissionDenied(done.status()))
    return web::Error(done.status());
  return AdminDetail(d, req, *v, done.status(), {form, f});
}

Response AdminTransfer(Deps& d, Request& req) {
  return StaffAction(
      d, req, StaffForm::kTransfer,
      [&](const Actor& a, int64_t id,
          const Form& f) -> absl::StatusOr<std::string> {
        ZWGK_RETURN_IF_ERROR(
            d.service
                .Transfer(a, id,
                          {.unit = FormValue(f, "unit"),
                           .on = FormValue(f, "on"),
                           .restart = FormValue(f, "restart") == "1",
                           .reason = FormValue(f, "reason")})
                .status());
        return std::string("transfer");
      });
}

Response AdminReply(Deps& d, Request& req) {
  return StaffAction(
      d, req, StaffForm::kReply,
      [&](const Actor& a, int64_t id,
          const Form& f) -> absl::StatusOr<std::string> {
        ZWGK_RETURN_IF_ERROR(
            d.service
                .Reply(a, id,
                       {.on = FormValue(f, "on"),
                        .text = FormValue(f, "text"),
                        .publish = FormValue(f, "publish") == "1",
                        .public_title = FormValue(f, "public_title"),
                        .public_text = FormValue(f, "public_text")})
                .status());
        return std::string("reply");
      });
}

Response AdminReview(Deps& d, Request& req) {
  return StaffAction(
      d, req, StaffForm::kReview,
      [&](const Actor& a, int64_t id,
          const Form& f) -> absl::StatusOr<std::string> {
        const std::string outcome = FormValue(f, "outcome");
        if (outcome != "approved" && outcome != "returned")
          return InvalidFields("请选择审核结果",
                               {{"outcome", "请选择通过或退回修改"}});
        const bool approve = outcome == "approved";
        ZWGK_RETURN_IF_ERROR(d.service
                                 .Review(a, id,
                                         {.approve = approve,
                                          .remarks = FormValue(f, "remarks")})
                                 .status());
        return outcome;
      });
}

Response AdminUnpublish(Deps& d, Request& req) {
  return StaffAction(d, req, StaffForm::kUnpublish,
                     [&](const Actor& a, int64_t id,
                         const Form& f) -> absl::StatusOr<std::string> {
                       ZWGK_RETURN_IF_ERROR(
                           d.service.Unpublish(a, id, FormValue(f, "reason")));
                       return std::string("unpublish");
                     });
}

// The settings form's field for a type's days: "days_consult".
std::string DaysKey(MessageType t) {
  return absl::StrCat("days_", TypeName(t));
}

Response SettingsPage(Deps& d, Request& req, const Deadlines& shown,
                      const absl::Status& error, bool saved) {
  // The form's field names; FormField only points at them.
  std::vector<std::string> keys;
  for (MessageType t : AllTypes()) keys.push_back(DaysKey(t));
  std::vector<FormField> order;
  for (const std::string& k : keys) order.push_back({k});
  const FieldErrors errors = GetFieldErrors(error);
  nlohmann::json rows = nlohmann::json::array();
  for (MessageType t : AllTypes()) {
    nlohmann::json row = {{"key", DaysKey(t)},
                          {"label", Str(TypeLabel(t))},
                          {"days", shown.DaysFor(t)}};
    if (auto e = errors.find(DaysKey(t)); e != errors.end())
      row["error"] = e->second;
    rows.push_back(std::move(row));
  }
  return d.view.Page(
      req, "messages/settings",
      {{"rows", rows},
       {"csrf_token", req.csrf_token},
       {"saved", saved},
       {"error_summary", ErrorSummary(error, order, {.heading = "未保存"})}},
      {.title = "留言答复时限",
       .status = error.ok() ? 200 : web::HttpStatus(error.code()),
       .breadcrumbs = {{{"name", "政民互动"}, {"url", "/admin/messages"}},
                       {{"name", "答复时限"}, {"url", ""}}}});
}

Response SettingsGet(Deps& d, Request& req) {
  if (auto denied = web::RequireAdmin(req)) return *denied;
  absl::StatusOr<Deadlines> dl = d.service.GetDeadlines();
  if (!dl.ok()) return web::Error(dl.status());
  return SettingsPage(d, req, *dl, absl::OkStatus(),
                      req.QueryValue("saved").has_value());
}

Response SettingsPost(Deps& d, Request& req) {
  if (auto denied = web::RequireAdmin(req)) return *denied;
  const Form f = req.Form();
  Deadlines dl;
  Validator v;
  for (MessageType t : AllTypes()) {
    const std::string key = DaysKey(t);
    std::optional<int64_t> n = ParseId(FormValue(f, key));
    if (!n || *n > 60) {
      v.Add(key, absl::StrCat(TypeLabel(t), "的答复时限应为1至60之间的整数"));
      continue;
    }
    dl.days[t] = static_cast<int>(*n);
  }
  absl::Status s = v.ToStatus("答复时限有误");
  if (s.ok()) s = d.service.SaveDeadlines(*req.principal, dl);
  if (s.ok()) return web::Redirect("/admin/messages/settings?saved=1");
  if (!absl::IsInvalidArgument(s)) return web::Error(s);
  return SettingsPage(d, req, dl, s, false);
}

// ---------------------------------------------------------------------------
// API.

Response ApiCreate(Deps& d, Request& req) {
  absl::StatusOr<nlohmann::json> body = BoundedJson(req, kPublicJson);
  if (!body.ok()) return web::Error(body.status());
  JsonFields f(*body);
  Validator v;
  MessageInput in{.type = f.String("type", "类型"),
                  .unit = f.String("unit", "单位"),
                  .title = f.String("title", "标题"),
                  .text = f.String("text", "内容"),
                  .name = f.String("name", "姓名"),
                  .phone = f.String("phone", "联系电话"),
                  .email = f.String("email", "电子邮箱"),
                  .honeypot = f.String("website", "网站"),
                  .source_ip = req.remote_ip};
  in.publish_consent = JsonBool(*body, "publish_consent", "同意公开", v);
  if (absl::Status bad = f.status(); !bad.ok()) return web::Error(bad);
  if (!v.ok()) return web::Error(v.ToStatus("请求有误"));
  absl::StatusOr<Submitted> s = d.service.Submit(in);
  if (!s.ok()) return web::Error(s.status());
  nlohmann::json j = {{"tracking_number", s->tracking_number},
                      {"query_code", s->query_code},
                      {"due_date", Fmt(s->due_on)},
                      {"status_url", "/messages/status"}};
  if (s->id) j["id"] = s->id;
  return web::Json(j, 201);
}

Response ApiStatus(Deps& d, Request& req) {
  req.cache_key.clear();
  absl::StatusOr<MessageView> v =
      d.service.Status(req.QueryValue("tracking_number").value_or(""),
                       req.QueryValue("query_code").value_or(""));
  if (!v.ok()) return web::Error(v.status());
  return web::Json(PublicStatusJson(*v, UnitNames(d.org)))
      .WithHeader("Cache-Control", "no-store");
}

Response ApiPublic(Deps& d, Request& req) {
  PublicFilter f;
  if (auto bad = ReadPublicFilter(d, req, f)) return web::Error(*bad);
  absl::StatusOr<std::vector<PublicItem>> items = d.service.ListPublic(f);
  if (!items.ok()) return web::Error(items.status());
  nlohmann::json list = nlohmann::json::array();
  for (const PublicItem& p : *items) list.push_back(PublicItemJson(p));
  return web::Json({{"messages", list}});
}

Response ApiList(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  ListFilter f;
  if (auto s = req.QueryValue("state"); s && !s->empty()) {
    f.state = ParseState(*s);
    if (!f.state)
      return web::Error(InvalidFields(
          "状态有误",
          {{"state", "状态应为 unrouted、handling、reviewing 或 replied"}}));
  }
  if (auto u = req.QueryValue("unit"); u && !u->empty()) {
    absl::StatusOr<org::Unit> unit = d.org.ResolveUnit(*u);
    if (!unit.ok())
      return web::Error(InvalidFields("单位有误", {{"unit", "没有这个单位"}}));
    f.unit_id = unit->id;
  }
  f.limit = 200;
  absl::StatusOr<std::vector<MessageView>> rows =
      d.service.List(*req.principal, f);
  if (!rows.ok()) return web::Error(rows.status());
  const auto names = UnitNames(d.org);
  nlohmann::json list = nlohmann::json::array();
  for (const MessageView& v : *rows) list.push_back(StaffJson(v, names, false));
  return web::Json({{"messages", list}});
}

// A staff API action: the body read with bounds, the service called, the
// message as staff see it.
template <typename Act>
Response ApiAction(Deps& d, Request& req, Act act) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  std::optional<int64_t> id = ParseId(req.Param("id"));
  if (!id) return web::Error(absl::NotFoundError("留言不存在"));
  absl::StatusOr<nlohmann::json> body = BoundedJson(req, kStaffJson);
  if (!body.ok()) return web::Error(body.status());
  absl::StatusOr<MessageView> v = act(*req.principal, *id, *body);
  if (!v.ok()) return web::Error(v.status());
  return web::Json(StaffJson(*v, UnitNames(d.org), true));
}

Response ApiTransfer(Deps& d, Request& req) {
  return ApiAction(
      d, req,
      [&](const Actor& a, int64_t id,
          const nlohmann::json& body) -> absl::StatusOr<MessageView> {
        JsonFields f(body);
        Validator v;
        TransferInput in{.unit = f.String("unit", "单位"),
                         .on = f.String("on", "日期"),
                         .reason = f.String("reason", "理由")};
        in.restart = JsonBool(body, "restart", "重新计时", v);
        ZWGK_RETURN_IF_ERROR(f.status());
        ZWGK_RETURN_IF_ERROR(v.ToStatus("请求有误"));
        return d.service.Transfer(a, id, in);
      });
}

Response ApiReply(Deps& d, Request& req) {
  return ApiAction(
      d, req,
      [&](const Actor& a, int64_t id,
          const nlohmann::json& body) -> absl::StatusOr<MessageView> {
        JsonFields f(body);
        Validator v;
        ReplyInput in{.on = f.String("on", "日期"),
                      .text = f.String("text", "答复内容"),
                      .public_title = f.String("public_title", "公开标题"),
                      .public_text = f.String("public_text", "公开内容")};
        in.publish = JsonBool(body, "publish", "公开", v);
        ZWGK_RETURN_IF_ERROR(f.status());
        ZWGK_RETURN_IF_ERROR(v.ToStatus("请求有误"));
        return d.service.Reply(a, id, in);
      });
}

Response ApiReview(Deps& d, Request& req) {
  return ApiAction(
      d, req,
      [&](const Actor& a, int64_t id,
          const nlohmann::json& body) -> absl::StatusOr<MessageView> {
        JsonFields f(body);
        const std::string outcome = f.String("outcome", "审核结果");
        ReviewInput in{.remarks = f.String("remarks", "审核意见")};
        ZWGK_RETURN_IF_ERROR(f.status());
        if (outcome != "approved" && outcome != "returned")
          return InvalidFields(
              "审核结果有误",
              {{"outcome",
                "审核结果应为 approved（通过）或 returned（退回）"}});
        in.approve = outcome == "approved";
        return d.service.Review(a, id, in);
      });
}

}  // namespace

void RegisterRoutes(web::Router& router, Service& service, const View& view) {
  auto h =
      web::BindTo(std::make_shared<Deps>(Deps{service, service.org(), view}));
  const web::RouteOptions small{.max_body_bytes = kPublicBodyBytes};
  const web::RouteOptions staff{.max_body_bytes = kStaffBodyBytes};
  // Public, no account: anyone reads the published Q&A and the statistics
  // and writes a message; only the holder of tracking number and query code
  // reads its progress and rates the reply. Unpublished messages: 404.
  router.Get("/messages", h(PublicList));
  router.Get("/messages/new", h(NewPage));
  router.Post("/messages", h(PostMessage), small);
  router.Get("/messages/status", h(StatusGet));
  router.Post("/messages/status", h(StatusPost), small);
  router.Post("/messages/status/rate", h(PostRate), small);
  router.Get("/messages/stats", h(Stats));
  router.Get("/messages/{id}", h(PublicShow));
  // Staff (signed in): a unit's staff read and handle their unit's
  // messages (others answer 404); the county office reads all, routes
  // 待分办, restarts clocks on transfer, unpublishes, sets the deadlines.
  router.Get("/admin/messages", h(AdminList));
  router.Get("/admin/messages/settings", h(SettingsGet));
  router.Post("/admin/messages/settings", h(SettingsPost), small);
  router.Get("/admin/messages/{id}", h(AdminShow));
  router.Post("/admin/messages/{id}/transfer", h(AdminTransfer), small);
  router.Post("/admin/messages/{id}/reply", h(AdminReply), staff);
  router.Post("/admin/messages/{id}/review", h(AdminReview), small);
  router.Post("/admin/messages/{id}/unpublish", h(AdminUnpublish), small);
  // API. Public: send a message, follow it, read the published Q&A.
  router.Post("/api/v1/messages", h(ApiCreate), small);
  router.Get("/api/v1/messages/status", h(ApiStatus));
  router.Get("/api/v1/messages/public", h(ApiPublic));
  // API, staff (session or token; anonymous: 401): as on the staff pages.
  router.Get("/api/v1/messages", h(ApiList));
  router.Post("/api/v1/messages/{id}/transfer", h(ApiTransfer), small);
  router.Post("/api/v1/messages/{id}/reply", h(ApiReply), staff);
  router.Post("/api/v1/messages/{id}/review", h(ApiReview), small);
}

}  // namespace zwgk::messages
