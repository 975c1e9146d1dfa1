#include "core/view.h"

#include <kainjow/mustache.hpp>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "core/clock.h"
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

// Text for a Description: tags dropped, runs of whitespace as one space,
// at most `max_chars` characters (UTF-8), "…" when cut.
std::string MetaText(absl::string_view html, size_t max_chars) {
  std::string out;
  bool in_tag = false, space = false;
  size_t chars = 0;
  for (size_t i = 0; i < html.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(html[i]);
    if (in_tag) {
      in_tag = c != '>';
      continue;
    }
    if (c == '<') {
      in_tag = true;
      space = !out.empty();
      continue;
    }
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
      space = !out.empty();
      continue;
    }
    // The entities a sanitized body holds, decoded (the layout escapes).
    if (c == '&') {
      static constexpr std::pair<absl::string_view, char> kEntities[] = {
          {"amp;", '&'},  {"lt;", '<'},    {"gt;", '>'},  {"quot;", '"'},
          {"#39;", '\''}, {"apos;", '\''}, {"nbsp;", ' '}};
      bool decoded = false;
      for (const auto& [name, ch] : kEntities) {
        if (html.substr(i + 1, name.size()) != name) continue;
        i += name.size();
        decoded = true;
        if (ch == ' ') {
          space = !out.empty();
          break;
        }
        if (chars + (space ? 1 : 0) >= max_chars) return out + "…";
        if (space) {
          out.push_back(' ');
          ++chars;
        }
        space = false;
        ++chars;
        out.push_back(ch);
        break;
      }
      if (decoded) continue;
    }
    if ((c & 0xC0) != 0x80) {  // the first byte of a character
      if (chars + (space ? 1 : 0) >= max_chars) {
        absl::StrAppend(&out, "…");
        break;
      }
      if (space) {
        out.push_back(' ');
        ++chars;
      }
      space = false;
      ++chars;
    }
    out.push_back(static_cast<char>(c));
  }
  // A cut never leaves half a character: continuation bytes are copied with
  // the byte that starts them, and the cut happens only at a start byte.
  return out;
}

// The layout's "meta": the site's fields from the site context, the column
// (given, or from the breadcrumbs / title) and an article's fields.
nlohmann::json MetaJson(const nlohmann::json& site, const web::Request& req,
                        const PageOptions& options) {
  auto site_text = [&](const char* key) -> std::string {
    auto it = site.find(key);
    return it != site.end() && it->is_string() ? it->get<std::string>() : "";
  };
  std::string column = options.meta.column_name;
  if (column.empty() && !options.breadcrumbs.empty() &&
      options.breadcrumbs.front().contains("name") &&
      options.breadcrumbs.front()["name"].is_string()) {
    column = options.breadcrumbs.front()["name"].get<std::string>();
  }
  if (column.empty()) column = options.title;
  std::string type = options.meta.column_type;
  if (type.empty()) type = site_text("column_type");
  nlohmann::json meta = {{"site_name", site_text("site_name")},
                         {"site_domain", site_text("site_domain")},
                         {"site_id_code", site_text("site_id_code")},
                         {"column_name", column},
                         {"column_type", type}};
  if (const std::optional<ArticleMeta>& a = options.meta.article) {
    const std::string path = a->url.empty() ? req.path : a->url;
    meta["article"] = {{"title", a->title},
                       {"pub_date", LocalMinute(a->published_at)},
                       {"source", a->source},
                       {"keywords", a->keywords},
                       {"description", MetaText(a->text, 120)},
                       {"url", absl::StrCat(site_text("site_base"), path)}};
  }
  return meta;
}

}  // namespace

struct View::PartialData {
  km::data data{km::data::type::object};
};

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
  auto partials = std::make_shared<PartialData>();
  for (const auto& [name, text] : view->partials_)
    partials->data.set(name, km::partial([text = text] { return text; }));
  view->partial_data_ = std::move(partials);
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
  if (!c->second->is_valid()) {
    return absl::StrCat("<p>模板错误 ", name, ": ",
                        HtmlEscape(c->second->error_message()), "</p>");
  }
  // The partials ({{> org/_row}}) sit below the page's data in the lookup
  // stack, built once (FromResources) instead of set into every render's
  // data; rendering only reads them.
  static const km::data kNoPartials{km::data::type::object};
  const km::data data = ToData(ctx);
  km::context<std::string> stack(partial_data_ ? &partial_data_->data
                                               : &kNoPartials);
  stack.push(&data);
  // Appended straight into the result (no ostringstream).
  struct Appender {
    std::string* out;
    Appender& operator<<(const std::string& text) {
      out->append(text);
      return *this;
    }
  };
  std::string out;
  Appender appender{&out};
  c->second->render(stack, appender);
  return out;
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
  layout["meta"] = MetaJson(layout, req, options);
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
