// View models shared by the portal, feed, API and staff handlers.
#include <algorithm>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "content/accessibility.h"
#include "content/body.h"
#include "core/clock.h"
#include "core/withholding.h"
#include "publishing/http_internal.h"
#include "publishing/topics.h"

namespace zwgk::publishing::http_internal {
namespace {

using nlohmann::json;
using web::FormValue;
using web::Request;

// Select options for the filter form, with the current value marked.
json Options(const std::vector<std::pair<std::string, std::string>>& values,
             const std::string& current) {
  json out = json::array();
  for (const auto& [value, label] : values)
    out.push_back(
        {{"value", value}, {"label", label}, {"selected", value == current}});
  return out;
}

}  // namespace

const Actor* Who(const Request& req) {
  return req.principal ? &*req.principal : nullptr;
}

json ValidityJson(Validity v) {
  return {{"name", ValidityName(v)},
          {"label", ValidityLabel(v)},
          {"invalid", v == Validity::kRepealed || v == Validity::kExpired},
          {"changed", v != Validity::kValid}};
}

json DocClassJson(const Record& r) {
  std::string text(DocClassLabel(r.doc_class));
  if (!r.registration_number.empty())
    absl::StrAppend(&text, " · 登记号 ", r.registration_number);
  if (r.valid_until == kValidLongTerm)
    absl::StrAppend(&text, " · 有效期：长期");
  else if (!r.valid_until.empty())
    absl::StrAppend(&text, " · 有效期至 ", r.valid_until);
  return {{"name", DocClassName(r.doc_class)},
          {"label", DocClassLabel(r.doc_class)},
          {"special", r.doc_class != DocClass::kOther},
          {"registration_number", r.registration_number},
          {"valid_until", r.valid_until},
          {"text", text}};
}

json ListItemJson(const Record& r) {
  return {
      {"id", r.id},
      {"url", RecordUrl(r.id)},
      {"title", r.title},
      {"index_number", r.index_number},
      {"doc_number", r.doc_number},
      {"unit", r.unit_name},
      {"unit_id", r.unit_id},
      {"domain", r.domain_name},
      {"topic", r.topic},
      {"genre", r.genre},
      {"formed_on", r.formed_on},
      {"published_on", r.published_on},
      // The publish time is the first publication's, kept through
      // corrections; a later version shows its own date as 更新时间.
      {"first_published_on",
       r.first_published_on.empty() ? r.published_on : r.first_published_on},
      {"updated_on",
       !r.first_published_on.empty() && r.published_on != r.first_published_on
           ? r.published_on
           : std::string()},
      {"publish_by", r.publish_by},
      {"status", StatusName(r.status)},
      {"status_label", StatusLabel(r.status)},
      {"has_pending", r.pending_change.has_value()},
      {"pending_label", r.pending_change
                            ? std::string(StatusLabel(r.pending_status))
                            : std::string()},
      {"disclosure_label", DisclosureLabel(r.disclosure)},
      {"validity", ValidityJson(r.validity)},
      {"days_late", r.days_late.value_or(0)}};
}

// The API representation (public fields plus workflow fields for staff).
json ApiJson(const Record& r, bool staff) {
  json j = {
      {"id", r.id},
      {"title", r.title},
      {"index_number", r.index_number},
      {"doc_number", r.doc_number},
      {"unit", {{"id", r.unit_id}, {"name", r.unit_name}}},
      {"domain", r.domain_id
                     ? json{{"id", *r.domain_id}, {"name", r.domain_name}}
                     : json()},
      {"catalog_item",
       r.item_level1.empty()
           ? json()
           : json{{"id", r.catalog_item_id ? json(*r.catalog_item_id) : json()},
                  {"level1", r.item_level1},
                  {"level2", r.item_level2}}},
      {"topic", r.topic},
      {"subtopic", r.subtopic},
      {"genre", r.genre},
      {"doc_class", DocClassLabel(r.doc_class)},
      {"keywords", r.keywords},
      {"formed_on", r.formed_on},
      {"changed_on", r.changed_on},
      {"published_on", r.published_on},
      {"version", r.version},
      {"validity", ValidityName(r.validity)},
      {"validity_on", r.validity_on},
      {"replaced_by", r.replaced_by ? json(*r.replaced_by) : json()},
      {"body_html", r.body_html},
      {"url", IsPublic(r) ? RecordUrl(r.id) : ""}};
  if (!r.registration_number.empty())
    j["registration_number"] = r.registration_number;
  if (!r.valid_until.empty()) j["valid_until"] = r.valid_until;
  j["attachments"] = json::array();
  for (const Attachment& a : r.attachments) {
    if (!a.is_public && !staff) continue;  // an 原件 with a masked copy
    j["attachments"].push_back(
        {{"id", a.id},
         {"filename", a.filename},
         {"content_type", a.content_type},
         {"size", a.size},
         {"url", absl::StrCat(RecordUrl(r.id), "/attachments/", a.id)}});
    if (staff) j["attachments"].back()["public"] = a.is_public;
  }
  if (staff) {
    j["status"] = StatusName(r.status);
    j["disclosure"] = DisclosureName(r.disclosure);
    j["withheld_ground"] = r.withheld_ground;
    j["publish_by"] = r.publish_by;
    j["period"] = r.period_label;
    j["days_late"] = r.days_late ? json(*r.days_late) : json();
    j["review"] = {{"outcome", r.review_outcome},
                   {"remarks", r.review_remarks},
                   {"by", r.reviewed_by},
                   {"at", r.reviewed_at}};
    j["pending_change"] =
        r.pending_change ? json{{"status", StatusName(r.pending_status)},
                                {"title", r.pending_change->title},
                                {"changed_on", r.pending_change->changed_on}}
                         : json();
    j["unpublish_reason"] = r.unpublish_reason;
  }
  return j;
}

json DetailJson(Service& service, const Record& r, const Actor* viewer,
                const std::vector<Relation>& relations,
                const std::vector<Version>& versions, const DetailText& shown) {
  json rels = json::array();
  bool invalid_related = false;
  for (const Relation& rel : relations) {
    std::string label =
        rel.outgoing
            ? absl::StrCat("本文", std::string(RelationLabel(rel.kind)))
            : absl::StrCat("被", std::string(RelationLabel(rel.kind)));
    if (rel.kind == RelationKind::kInterprets)
      label = rel.outgoing ? "本文解读的文件" : "相关解读";
    if (rel.kind == RelationKind::kReplaces)
      label = rel.outgoing ? "本文替代的文件" : "替代本文的文件";
    json v = ValidityJson(rel.other_validity);
    if (v["invalid"].get<bool>()) invalid_related = true;
    rels.push_back({{"label", label},
                    {"id", rel.other_id},
                    {"url", RecordUrl(rel.other_id)},
                    {"title", rel.other_title},
                    {"index_number", rel.other_index_number},
                    {"validity", v}});
  }
  json hist = json::array();
  if (versions.size() > 1) {
    for (const Version& v : versions)
      hist.push_back(
          {{"version", v.version},
           {"label", absl::StrCat("第", v.version, "版")},
           {"published_on", LocalDate(v.published_at)},
           {"changed_on", v.changed_on},
           {"note", v.note},
           {"url", absl::StrCat(RecordUrl(r.id), "/versions/", v.version)},
           {"current", shown.version ? v.version == *shown.version
                                     : v.version == r.version}});
  }
  json atts = json::array();
  for (const Attachment& a : r.attachments)
    if (a.is_public)  // an 原件 with a masked copy is not public
      atts.push_back(
          {{"url", absl::StrCat(RecordUrl(r.id), "/attachments/", a.id)},
           {"filename", a.filename},
           {"size", FormatSize(a.size)}});
  json ctx = ListItemJson(r);
  ctx["title"] = shown.title;
  ctx["doc_number"] = shown.doc_number;
  ctx["body_html"] = content::ScrollableTables(shown.body_html);
  ctx["subtopic"] = r.subtopic;
  ctx["doc_class"] = DocClassJson(r);
  ctx["keywords"] = absl::StrJoin(r.keywords, "、");
  ctx["validity_on"] = r.validity_on;
  ctx["replaced_by_url"] =
      r.replaced_by && service.GetFor(viewer, *r.replaced_by).ok()
          ? RecordUrl(*r.replaced_by)
          : "";
  ctx["relations"] = rels;
  ctx["has_relations"] = !rels.empty();
  ctx["invalid_related"] = invalid_related;
  ctx["history"] = hist;
  ctx["has_history"] = !hist.empty();
  ctx["attachments"] = atts;
  ctx["has_attachments"] = !atts.empty();
  ctx["shown_version"] = shown.shown_version;
  ctx["item"] = r.item_level1.empty()
                    ? ""
                    : absl::StrCat(r.item_level1, " / ", r.item_level2);
  return ctx;
}

std::string FormatSize(int64_t bytes) {
  if (bytes >= 1 << 20)
    return absl::StrFormat("%.1f MB", static_cast<double>(bytes) / (1 << 20));
  if (bytes >= 1024) return absl::StrFormat("%d KB", (bytes + 1023) / 1024);
  return absl::StrCat(bytes, " 字节");
}

json PageLinks(const RecordPage& page, const std::string& base_query) {
  json links = json::array();
  int pages = page.pages();
  auto link = [&](int p, std::string label, bool current) {
    links.push_back(
        {{"url", absl::StrCat("?", base_query, base_query.empty() ? "" : "&",
                              "page=", p)},
         {"label", std::move(label)},
         {"current", current}});
  };
  if (page.page > 1) link(page.page - 1, "上一页", false);
  int from = std::max(1, page.page - 4);
  int to = std::min(pages, page.page + 4);
  for (int p = from; p <= to; ++p) link(p, absl::StrCat(p), p == page.page);
  if (page.page < pages) link(page.page + 1, "下一页", false);
  return links;
}

absl::StatusOr<Filters> ParseFilters(const Request& req, Service& service,
                                     org::Service& org) {
  Filters f;
  std::vector<std::string> parts;
  auto keep = [&](const char* name, const std::string& v) {
    parts.push_back(absl::StrCat(name, "=", web::UrlEncode(v)));
  };
  if (auto v = req.QueryValue("domain"); v && !v->empty()) {
    ZWGK_ASSIGN_OR_RETURN(org::Domain d, org.ResolveDomain(*v));
    f.query.domain_id = d.id;
    keep("domain", absl::StrCat(d.id));
  }
  if (auto v = req.QueryValue("unit"); v && !v->empty()) {
    ZWGK_ASSIGN_OR_RETURN(org::Unit u, org.ResolveUnit(*v));
    f.query.unit_id = u.id;
    keep("unit", absl::StrCat(u.id));
  }
  if (auto v = req.QueryValue("year"); v && !v->empty()) {
    int year = 0;
    if (!absl::SimpleAtoi(*v, &year) || year < 1990 || year > 2100)
      return InvalidFields("年份有误", {{"year", "年份应为四位数字"}});
    f.query.year = year;
    keep("year", *v);
  }
  if (auto v = req.QueryValue("topic"); v && !v->empty()) {
    if (!service.topics().Find(*v))
      return InvalidFields("主题分类有误", {{"topic", "不是国家主题分类"}});
    f.query.topic = *v;
    keep("topic", *v);
  }
  if (auto v = req.QueryValue("genre"); v && !v->empty()) {
    f.query.genre = *v;
    keep("genre", *v);
  }
  if (auto v = req.QueryValue("validity"); v && !v->empty()) {
    f.query.validity = ParseValidity(*v);
    if (!f.query.validity)
      return InvalidFields("有效性有误",
                           {{"validity", "应为有效、已修改、已废止或已失效"}});
    keep("validity", std::string(ValidityName(*f.query.validity)));
  }
  if (auto v = req.QueryValue("status"); v && !v->empty()) {
    f.query.status = ParseStatus(*v);
    if (f.query.status) keep("status", *v);
  }
  if (auto v = req.QueryValue("item1"); v && !v->empty()) {
    f.query.item_level1 = *v;
    keep("item1", *v);
  }
  if (auto v = req.QueryValue("item2"); v && !v->empty()) {
    f.query.item_level2 = *v;
    keep("item2", *v);
  }
  if (auto v = req.QueryValue("page")) {
    int page = 1;
    if (absl::SimpleAtoi(*v, &page) && page >= 1 && page <= 100000)
      f.query.page = page;
  }
  f.base_query = absl::StrJoin(parts, "&");
  return f;
}

absl::StatusOr<json> FilterForm(Service& service, org::Service& org,
                                const ListQuery& q, int current_year) {
  std::vector<std::pair<std::string, std::string>> years, topics, units, genres,
      validities;
  for (int y = current_year; y >= 2008; --y)
    years.push_back({absl::StrCat(y), absl::StrCat(y, "年")});
  for (const Topic& t : service.topics().all())
    topics.push_back({t.name, t.name});
  ZWGK_ASSIGN_OR_RETURN(std::vector<org::Unit> all_units, org.ListUnits());
  for (const org::Unit& u : all_units)
    units.push_back({absl::StrCat(u.id), u.name});
  ZWGK_ASSIGN_OR_RETURN(std::vector<std::string> all_genres, service.Genres());
  for (const std::string& g : all_genres) genres.push_back({g, g});
  for (Validity v : {Validity::kValid, Validity::kAmended, Validity::kRepealed,
                     Validity::kExpired})
    validities.push_back(
        {std::string(ValidityName(v)), std::string(ValidityLabel(v))});
  return json{
      {"years", Options(years, q.year ? absl::StrCat(*q.year) : "")},
      {"topics", Options(topics, q.topic)},
      {"units", Options(units, q.unit_id ? absl::StrCat(*q.unit_id) : "")},
      {"genres", Options(genres, q.genre)},
      {"validities",
       Options(validities,
               q.validity ? std::string(ValidityName(*q.validity)) : "")}};
}

std::string BaseUrl(const Request& req, const HttpOptions& o) {
  if (!o.public_base_url.empty()) return o.public_base_url;
  std::string host = req.Header("host");
  return absl::StrCat("http://", host.empty() ? "127.0.0.1:8080" : host);
}

std::string ChinaTime(absl::string_view utc) {
  std::optional<absl::Time> t = ParseTimestamp(utc);
  if (!t) return std::string(utc);
  return absl::FormatTime("%Y-%m-%dT%H:%M:%S+08:00", *t, ChinaTimeZone());
}

json RecordForm(const RecordInput& in, const FieldErrors& errors,
                Service& service, org::Service& org, const Actor& actor) {
  json units = json::array();
  if (auto all = org.ListUnits(); all.ok()) {
    for (const org::Unit& u : *all) {
      if (!ActsForUnit(actor, u.id)) continue;
      units.push_back(
          {{"value", absl::StrCat(u.id)},
           {"label", u.name},
           {"selected", in.unit == absl::StrCat(u.id) || in.unit == u.name}});
    }
  }
  json domains = json::array();
  domains.push_back({{"value", ""},
                     {"label", "（不属于试点领域）"},
                     {"selected", in.domain.empty()}});
  if (auto all = org.ListDomains(); all.ok()) {
    for (const org::Domain& d : *all)
      domains.push_back({{"value", absl::StrCat(d.id)},
                         {"label", d.name},
                         {"selected", in.domain == absl::StrCat(d.id) ||
                                          in.domain == d.name}});
  }
  json topics = json::array();
  for (const Topic& t : service.topics().all()) {
    topics.push_back({{"value", t.name},
                      {"label", t.name},
                      {"selected", in.topic == t.name}});
    for (const std::string& c : t.children) {
      std::string v = absl::StrCat(t.name, "/", c);
      topics.push_back({{"value", v},
                        {"label", absl::StrCat("　", t.name, " › ", c)},
                        {"selected", in.topic == v}});
    }
  }
  json genres = json::array();
  if (auto all = service.Genres(); all.ok())
    for (const std::string& g : *all)
      genres.push_back(
          {{"value", g}, {"label", g}, {"selected", in.genre == g}});
  json doc_classes = json::array();
  std::optional<DocClass> chosen = ParseDocClass(in.doc_class);
  for (DocClass c :
       {DocClass::kOther, DocClass::kRegulation, DocClass::kNormative})
    doc_classes.push_back(
        {{"value", DocClassName(c)},
         {"label", DocClassLabel(c)},
         {"selected", chosen.value_or(DocClass::kOther) == c}});
  json disclosures = json::array();
  for (Disclosure d :
       {Disclosure::kActive, Disclosure::kOnRequest, Disclosure::kWithheld})
    disclosures.push_back({{"value", DisclosureName(d)},
                           {"label", DisclosureLabel(d)},
                           {"selected", in.disclosure == DisclosureName(d)}});
  json grounds = json::array();
  grounds.push_back({{"value", ""},
                     {"label", "（主动公开无需选择）"},
                     {"selected", in.withheld_ground.empty()}});
  for (const WithholdingGround& g : WithholdingGrounds()) {
    std::string code(g.code), label(g.label);
    if (!g.article.empty())
      label = absl::StrCat(label, "（", std::string(g.article), "）");
    grounds.push_back({{"value", code},
                       {"label", label},
                       {"selected", in.withheld_ground == code}});
  }
  json errs = json::object();
  for (const auto& [k, v] : errors) errs[k] = v;
  return {{"title", in.title},
          {"formed_on", in.formed_on},
          {"changed_on", in.changed_on},
          {"doc_number", in.doc_number},
          {"doc_classes", doc_classes},
          {"registration_number", in.registration_number},
          {"valid_until", in.valid_until},
          {"keywords", in.keywords},
          {"body_html", content::BodyForTextBox(in.body_html)},
          {"change_note", in.change_note},
          {"catalog_item_id",
           in.catalog_item_id ? absl::StrCat(*in.catalog_item_id) : ""},
          {"catalog_picker", CatalogPicker(service, in)},
          {"units", units},
          {"domains", domains},
          {"topics", topics},
          {"genres", genres},
          {"disclosures", disclosures},
          {"grounds", grounds},
          {"errors", errs},
          {"has_errors", !errors.empty()}};
}

RecordInput InputFromForm(const std::multimap<std::string, std::string>& f) {
  RecordInput in{.title = FormValue(f, "title"),
                 .unit = FormValue(f, "unit"),
                 .domain = FormValue(f, "domain"),
                 .formed_on = FormValue(f, "formed_on"),
                 .changed_on = FormValue(f, "changed_on"),
                 .topic = FormValue(f, "topic"),
                 .genre = FormValue(f, "genre"),
                 .doc_number = FormValue(f, "doc_number"),
                 .doc_class = FormValue(f, "doc_class"),
                 .registration_number = FormValue(f, "registration_number"),
                 .valid_until = FormValue(f, "valid_until"),
                 .disclosure = FormValue(f, "disclosure"),
                 .withheld_ground = FormValue(f, "withheld_ground"),
                 .keywords = FormValue(f, "keywords"),
                 .body_html = FormValue(f, "body_html"),
                 .change_note = FormValue(f, "change_note")};
  int64_t item = 0;
  std::string item_text = FormValue(f, "catalog_item_id");
  if (!item_text.empty()) {
    in.catalog_item_id = absl::SimpleAtoi(item_text, &item) ? item : -1;
  }
  return in;
}

RecordInput InputOf(const Record& r) {
  if (r.pending_change) return *r.pending_change;
  return {.title = r.title,
          .unit = absl::StrCat(r.unit_id),
          .domain = r.domain_id ? absl::StrCat(*r.domain_id) : "",
          .catalog_item_id = r.catalog_item_id,
          .formed_on = r.formed_on,
          .changed_on = r.changed_on,
          .topic = r.subtopic.empty() ? r.topic
                                      : absl::StrCat(r.topic, "/", r.subtopic),
          .genre = r.genre,
          .doc_number = r.doc_number,
          .doc_class = std::string(DocClassName(r.doc_class)),
          .registration_number = r.registration_number,
          .valid_until = r.valid_until,
          .disclosure = std::string(DisclosureName(r.disclosure)),
          .withheld_ground = r.withheld_ground,
          .keywords = absl::StrJoin(r.keywords, " "),
          .body_html = r.body_html};
}

}  // namespace zwgk::publishing::http_internal
