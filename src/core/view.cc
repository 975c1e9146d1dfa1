#include "core/view.h"

#include <kainjow/mustache.hpp>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "core/resources.h"
#include "core/status.h"
#include "core/text.h"

namespace zwgk {
namespace {

namespace km = kainjow::mustache;

km::data ToData(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::object: {
      km::data d{km::data::type::object};
      for (auto it = j.begin(); it != j.end(); ++it)
        d.set(it.key(), ToData(it.value()));
      return d;
    }
    case nlohmann::json::value_t::array: {
      km::data d{km::data::type::list};
      for (const auto& v : j) d.push_back(ToData(v));
      return d;
    }
    case nlohmann::json::value_t::string:
      // An empty string is false in sections, as in JavaScript Mustache
      // ({{#error}}…{{/error}}); as a variable it renders "" either way.
      if (j.get_ref<const std::string&>().empty())
        return km::data(km::data::type::bool_false);
      return km::data(j.get_ref<const std::string&>());
    case nlohmann::json::value_t::boolean:
      return km::data(j.get<bool>() ? km::data::type::bool_true
                                    : km::data::type::bool_false);
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float:
      return km::data(j.dump());
    case nlohmann::json::value_t::null:
    case nlohmann::json::value_t::binary:
    case nlohmann::json::value_t::discarded:
      break;
  }
  return km::data(km::data::type::bool_false);
}

}  // namespace

std::unique_ptr<View> View::FromResources() {
  auto view = std::make_unique<View>();
  for (const resources::Entry& e : resources::Under("src/")) {
    // src/<module>/templates/<name>.mustache
    std::vector<absl::string_view> parts = absl::StrSplit(e.path, '/');
    if (parts.size() != 4 || parts[2] != "templates" ||
        !absl::EndsWith(parts[3], ".mustache")) {
      continue;
    }
    absl::string_view base = parts[3].substr(0, parts[3].size() - 9);
    std::string name = absl::StrCat(parts[1], "/", base);
    view->templates_[name] = std::string(e.data);
    if (absl::StartsWith(base, "_"))
      view->partials_[name] = std::string(e.data);
  }
  return view;
}

std::string View::Render(absl::string_view name,
                         const nlohmann::json& ctx) const {
  auto it = templates_.find(name);
  if (it == templates_.end())
    return absl::StrCat("<p>模板缺失：", name, "</p>");
  // kainjow's render mutates the template object: keep one per thread.
  thread_local std::map<std::string, std::unique_ptr<km::mustache>, std::less<>>
      compiled;
  auto c = compiled.find(name);
  if (c == compiled.end()) {
    c = compiled
            .emplace(std::string(name),
                     std::make_unique<km::mustache>(it->second))
            .first;
  }
  km::data data = ToData(ctx);
  for (const auto& [pname, text] : partials_) {
    const std::string* body = &text;
    data.set(pname, km::partial([body] { return *body; }));
  }
  if (!c->second->is_valid()) {
    return absl::StrCat("<p>模板错误 ", name, ": ",
                        HtmlEscape(c->second->error_message()), "</p>");
  }
  return c->second->render(data);
}

web::Response View::Page(const web::Request& req, absl::string_view name,
                         nlohmann::json ctx, const PageOptions& options) const {
  nlohmann::json layout = site_ ? site_(req) : nlohmann::json::object();
  layout["title"] = options.title;
  // Every page's forms echo the CSRF token.
  if (ctx.is_object() && !ctx.contains("csrf_token"))
    ctx["csrf_token"] = req.csrf_token;
  layout["content"] = Render(name, ctx);
  layout["csrf_token"] = req.csrf_token;
  layout["large"] =
      req.cookies.contains("zwgk_large") && req.cookies.at("zwgk_large") == "1";
  layout["path"] = req.path;
  layout["path_encoded"] =
      web::UrlEncode(req.target.empty() ? req.path : req.target);
  layout["breadcrumbs"] = options.breadcrumbs;
  layout["has_breadcrumbs"] = !options.breadcrumbs.empty();
  if (req.principal && !req.principal->via_token) {
    layout["user"] = {{"name", req.principal->name},
                      {"role", req.principal->role}};
  }
  return web::Html(Render("core/layout", layout), options.status);
}

web::Response View::ErrorPage(const web::Request& req,
                              const absl::Status& status) const {
  int code = web::HttpStatus(status.code());
  nlohmann::json fields = nlohmann::json::array();
  for (const auto& [k, v] : GetFieldErrors(status))
    fields.push_back({{"field", k}, {"message", v}});
  std::string title = code == 404   ? "页面不存在"
                      : code == 400 ? "请求有误"
                      : code == 403 ? "无权访问"
                      : code == 409 ? "操作无法完成"
                      : code >= 500 ? "服务器错误"
                                    : "出错了";
  nlohmann::json ctx = {{"code", code},
                        {"title", title},
                        {"message", std::string(status.message())},
                        {"fields", fields},
                        {"has_fields", !fields.empty()},
                        {"not_found", code == 404}};
  return Page(req, "core/error", ctx, {.title = title, .status = code});
}

}  // namespace zwgk
