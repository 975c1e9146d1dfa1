// The records API (/api/v1/records): public lists and records for
// everyone; the workflow for staff (session or API token), one route per
// transition.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_join.h"
#include "core/guard.h"
#include "core/json.h"
#include "publishing/http_internal.h"

namespace zwgk::publishing::http_internal {
namespace {

using nlohmann::json;
using web::ParseId;
using web::Request;
using web::Response;

RecordInput InputFromJson(const json& b) {
  auto text = [&](const char* k) -> std::string {
    if (!b.contains(k) || b[k].is_null()) return "";
    if (b[k].is_string()) return b[k].get<std::string>();
    return b[k].dump();
  };
  RecordInput in{.title = text("title"),
                 .unit = text("unit"),
                 .domain = text("domain"),
                 .formed_on = text("formed_on"),
                 .changed_on = text("changed_on"),
                 .topic = text("topic"),
                 .genre = text("genre"),
                 .doc_number = text("doc_number"),
                 .doc_class = text("doc_class"),
                 .registration_number = text("registration_number"),
                 .valid_until = text("valid_until"),
                 .disclosure = text("disclosure"),
                 .withheld_ground = text("withheld_ground"),
                 .body_html = text("body_html"),
                 .change_note = text("change_note")};
  if (b.contains("keywords")) {
    if (b["keywords"].is_array()) {
      std::vector<std::string> ks;
      for (const auto& k : b["keywords"])
        if (k.is_string()) ks.push_back(k.get<std::string>());
      in.keywords = absl::StrJoin(ks, " ");
    } else {
      in.keywords = text("keywords");
    }
  }
  if (b.contains("catalog_item_id") && !b["catalog_item_id"].is_null()) {
    int64_t v = 0;
    if (b["catalog_item_id"].is_number_integer())
      in.catalog_item_id = b["catalog_item_id"].get<int64_t>();
    else if (absl::SimpleAtoi(text("catalog_item_id"), &v))
      in.catalog_item_id = v;
    else
      in.catalog_item_id = -1;  // reported as an unknown item
  }
  return in;
}

Response RecordJson(const Record& r, int status = 200) {
  return web::Json(ApiJson(r, /*staff=*/true), status);
}

using ApiAction =
    std::function<absl::StatusOr<Record>(const Actor&, int64_t, const json&)>;

Response ApiTransition(Request& req, const ApiAction& act) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  std::optional<int64_t> id = ParseId(req.Param("id"));
  if (!id) return web::Error(absl::NotFoundError("信息不存在"));
  json body = json::object();
  if (!req.body.empty()) {
    auto parsed = req.JsonBody();
    if (!parsed.ok()) return web::Error(parsed.status());
    body = std::move(*parsed);
  }
  auto r = act(*req.principal, *id, body);
  if (!r.ok()) return web::Error(r.status());
  return RecordJson(*r);
}

// A JSON member as the text it was sent as.
std::optional<std::string> Member(const json& b, absl::string_view key) {
  if (!b.is_object()) return std::nullopt;
  auto it = b.find(std::string(key));
  if (it == b.end()) return std::nullopt;
  return it->is_string() ? it->get<std::string>() : it->dump();
}

}  // namespace

std::optional<Response> RefuseClientTime(
    Deps& d, const Request& req, int64_t record_id,
    const std::function<std::optional<std::string>(absl::string_view)>&
        lookup) {
  for (absl::string_view field : kServerTimeFields) {
    std::optional<std::string> value = lookup(field);
    if (!value) continue;
    const Actor actor =
        req.principal ? *req.principal : Actor{.name = "（未登录）"};
    Response r =
        web::Error(d.service.RefuseBackdate(actor, record_id, field, *value));
    r.status = 422;
    return r;
  }
  return std::nullopt;
}

std::optional<Response> RefuseClientTimeInForm(Deps& d, Request& req,
                                               int64_t record_id) {
  const auto& form = req.Form();
  return RefuseClientTime(
      d, req, record_id,
      [&](absl::string_view k) -> std::optional<std::string> {
        auto it = form.find(std::string(k));
        if (it == form.end()) return std::nullopt;
        return it->second;
      });
}

Response ApiList(Deps& d, Request& req) {
  Service& service = d.service;
  org::Service& org = d.org;
  auto f = ParseFilters(req, service, org);
  if (!f.ok()) return web::Error(f.status());
  bool staff = req.principal && req.QueryValue("scope") == "staff";
  absl::StatusOr<RecordPage> page =
      staff ? service.ListForStaff(*req.principal, f->query)
            : service.ListPublic(f->query);
  if (!page.ok()) return web::Error(page.status());
  json items = json::array();
  for (const Record& r : page->records) {
    json j = ListItemJson(r);
    j["validity"] = ValidityName(r.validity);
    j["doc_class"] = DocClassLabel(r.doc_class);
    if (!r.registration_number.empty())
      j["registration_number"] = r.registration_number;
    if (!r.valid_until.empty()) j["valid_until"] = r.valid_until;
    if (!staff) {
      j.erase("status");
      j.erase("status_label");
      j.erase("publish_by");
      j.erase("has_pending");
      j.erase("pending_label");
      j.erase("disclosure_label");
      j.erase("days_late");
    }
    items.push_back(j);
  }
  return web::Json({{"total", page->total},
                    {"page", page->page},
                    {"pages", page->pages()},
                    {"records", items}});
}

Response ApiGet(Deps& d, Request& req) {
  std::optional<int64_t> id = ParseId(req.Param("id"));
  if (!id) return web::Error(absl::NotFoundError("信息不存在"));
  auto rec = d.service.GetFor(Who(req), *id);
  if (!rec.ok()) return web::Error(rec.status());
  json j = ApiJson(*rec, /*staff=*/req.principal.has_value() &&
                             ActsForUnit(*req.principal, rec->unit_id));
  if (req.principal && ActsForUnit(*req.principal, rec->unit_id)) {
    if (auto t = d.service.PublishBy(*id); t.ok()) {
      json trace = json::array();
      for (const calendar::TraceEntry& e : t->clock.trace)
        trace.push_back({{"day", absl::FormatCivilTime(e.day)},
                         {"kind", calendar::TraceKindName(e.kind)},
                         {"text", e.text}});
      j["timeliness"] = {{"start", t->start},
                         {"period", t->period_label},
                         {"state", calendar::ClockStateName(t->clock.state)},
                         {"trace", trace}};
    }
  }
  return web::Json(j);
}

Response ApiCreate(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  auto body = req.JsonBody();
  if (!body.ok()) return web::Error(body.status());
  if (auto refused = RefuseClientTime(
          d, req, 0, [&](absl::string_view k) { return Member(*body, k); }))
    return *refused;
  auto rec = d.service.Create(*req.principal, InputFromJson(*body));
  if (!rec.ok()) return web::Error(rec.status());
  return RecordJson(*rec, 201);
}

Response ApiUpdate(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  if (std::optional<int64_t> id = ParseId(req.Param("id"));
      id && !req.body.empty()) {
    auto body = req.JsonBody();
    if (!body.ok()) return web::Error(body.status());
    if (auto refused = RefuseClientTime(
            d, req, *id, [&](absl::string_view k) { return Member(*body, k); }))
      return *refused;
  }
  return ApiTransition(req, [&](const Actor& a, int64_t id, const json& b) {
    return d.service.Update(a, id, InputFromJson(b));
  });
}

Response ApiSubmit(Deps& d, Request& req) {
  return ApiTransition(req, [&](const Actor& a, int64_t id, const json&) {
    return d.service.Submit(a, id);
  });
}

Response ApiReview(Deps& d, Request& req) {
  return ApiTransition(
      req,
      [&](const Actor& a, int64_t id, const json& b) -> absl::StatusOr<Record> {
        JsonFields f(b);
        ReviewInput in{f.String("outcome", "审核结果"),
                       f.String("remarks", "审核意见")};
        ZWGK_RETURN_IF_ERROR(f.status());
        return d.service.Review(a, id, in);
      });
}

Response ApiPublish(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  if (std::optional<int64_t> id = ParseId(req.Param("id"));
      id && !req.body.empty()) {
    auto body = req.JsonBody();
    if (!body.ok()) return web::Error(body.status());
    if (auto refused = RefuseClientTime(
            d, req, *id, [&](absl::string_view k) { return Member(*body, k); }))
      return *refused;
  }
  return ApiTransition(
      req,
      [&](const Actor& a, int64_t id, const json& b) -> absl::StatusOr<Record> {
        JsonFields f(b);
        PublishInput in{.interpretation_waiver = f.String(
                            "interpretation_waiver", "不作解读的理由")};
        ZWGK_RETURN_IF_ERROR(f.status());
        return d.service.Publish(a, id, in);
      });
}

Response ApiUnpublish(Deps& d, Request& req) {
  return ApiTransition(
      req,
      [&](const Actor& a, int64_t id, const json& b) -> absl::StatusOr<Record> {
        JsonFields f(b);
        std::string reason = f.String("reason", "撤回原因");
        ZWGK_RETURN_IF_ERROR(f.status());
        return d.service.Unpublish(a, id, reason);
      });
}

Response ApiValidity(Deps& d, Request& req) {
  return ApiTransition(
      req,
      [&](const Actor& a, int64_t id, const json& b) -> absl::StatusOr<Record> {
        JsonFields f(b);
        std::string validity = f.String("validity", "有效性");
        std::string on = f.String("on", "日期");
        std::optional<int64_t> by = f.Int("replaced_by", "替代文件");
        ZWGK_RETURN_IF_ERROR(f.status());
        return d.service.SetValidity(a, id, {validity, on, by});
      });
}

Response ApiRelate(Deps& d, Request& req) {
  return ApiTransition(
      req,
      [&](const Actor& a, int64_t id, const json& b) -> absl::StatusOr<Record> {
        JsonFields f(b);
        std::string kind = f.String("kind", "关联类型");
        std::optional<int64_t> to = f.Int("to", "关联信息");
        ZWGK_RETURN_IF_ERROR(f.status());
        ZWGK_RETURN_IF_ERROR(d.service.Relate(a, id, kind, to.value_or(0)));
        return d.service.Get(id);
      });
}

}  // namespace zwgk::publishing::http_internal
