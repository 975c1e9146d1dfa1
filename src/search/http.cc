#include "search/http.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/guard.h"
#include "core/status.h"
#include "core/text.h"
#include "nlohmann/json.hpp"

namespace zwgk::search {
namespace {

using json = nlohmann::json;
using web::Request;
using web::Response;

constexpr int kMaxQueryChars = 100;
constexpr int kMaxPage = 500;  // deeper pages: narrow the search instead

// The query string parameters we understand, in a fixed order for links.
constexpr const char* kParams[] = {"q",        "domain",   "unit",
                                   "year",     "topic",    "genre",
                                   "validity", "category", "sort"};
// Suggestions as the user types: what is typed so far, bounded.
constexpr int kMaxSuggestChars = 30;
constexpr int kSuggestLimit = 10;

struct FacetName {
  const char* key;
  const char* label;
};
constexpr FacetName kFacetNames[] = {
    {"domain", "试点领域"}, {"unit", "发布机构"}, {"year", "年份"},
    {"topic", "主题分类"},  {"genre", "体裁"},    {"validity", "有效性"},
};

std::optional<int64_t> ParseInt(const std::string& s) {
  int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

// The request's search parameters (empty ones dropped) and the Query.
struct Parsed {
  std::map<std::string, std::string> params;
  Query query;
};

absl::StatusOr<Parsed> Parse(const Request& req) {
  Parsed p;
  Validator v;
  for (const char* name : kParams) {
    std::string value(
        absl::StripAsciiWhitespace(req.QueryValue(name).value_or("")));
    if (!value.empty()) p.params[name] = value;
  }
  Query& q = p.query;
  q.text = p.params["q"];
  if (Utf8Length(q.text) > kMaxQueryChars)
    v.Add("q", absl::StrCat("检索词不能超过", kMaxQueryChars, "个字"));
  auto id = [&](const char* name, std::optional<int64_t>& out) {
    auto it = p.params.find(name);
    if (it == p.params.end()) return;
    auto n = ParseInt(it->second);
    if (!n || *n <= 0) {
      v.Add(name, "应为正整数");
    } else {
      out = n;
    }
  };
  id("domain", q.domain_id);
  id("unit", q.unit_id);
  if (auto it = p.params.find("year"); it != p.params.end()) {
    auto y = ParseInt(it->second);
    if (!y || *y < 1949 || *y > 2100) {
      v.Add("year", "应为四位年份");
    } else {
      q.year = static_cast<int>(*y);
    }
  }
  q.topic = p.params["topic"];
  q.genre = p.params["genre"];
  q.validity = p.params["validity"];
  q.category = p.params["category"];
  if (!q.category.empty() &&
      std::find(std::begin(kCategories), std::end(kCategories), q.category) ==
          std::end(kCategories))
    v.Add("category", "没有这个栏目类别");
  const std::string& sort = p.params["sort"];
  if (sort.empty() || sort == "relevance") {
    q.sort = Sort::kRelevance;
  } else if (sort == "date" || sort == "newest") {
    q.sort = Sort::kNewest;
  } else if (sort == "oldest") {
    q.sort = Sort::kOldest;
  } else {
    v.Add("sort", "应为 relevance、date 或 oldest");
  }
  std::string page = req.QueryValue("page").value_or("");
  if (!page.empty()) {
    auto n = ParseInt(page);
    if (!n || *n < 1 || *n > kMaxPage) {
      v.Add("page", absl::StrCat("应为1到", kMaxPage, "之间的页码"));
    } else {
      q.page = static_cast<int>(*n);
    }
  }
  for (auto it = p.params.begin(); it != p.params.end();)
    it = it->second.empty() ? p.params.erase(it) : std::next(it);
  ZWGK_RETURN_IF_ERROR(v.ToStatus("检索条件有误"));
  return p;
}

std::string Url(absl::string_view base,
                const std::map<std::string, std::string>& params) {
  std::vector<std::string> parts;
  for (const char* name : kParams) {
    auto it = params.find(name);
    if (it != params.end() && !it->second.empty())
      parts.push_back(absl::StrCat(name, "=", web::UrlEncode(it->second)));
  }
  if (auto it = params.find("page"); it != params.end())
    parts.push_back(absl::StrCat("page=", it->second));
  return parts.empty() ? std::string(base)
                       : absl::StrCat(base, "?", absl::StrJoin(parts, "&"));
}

std::string With(absl::string_view base, std::map<std::string, std::string> p,
                 const std::string& key, const std::string& value) {
  if (value.empty()) {
    p.erase(key);
  } else {
    p[key] = value;
  }
  return Url(base, p);
}

json FacetsJson(const Result& r) {
  json out = json::object();
  for (const auto& [name, values] : r.facets) {
    json list = json::array();
    for (const FacetValue& f : values)
      list.push_back(
          {{"value", f.value}, {"label", f.label}, {"count", f.count}});
    out[name] = list;
  }
  return out;
}

Response Api(Request& req, Service& service) {
  auto p = Parse(req);
  if (!p.ok()) return web::Error(p.status());
  auto r = service.Search(p->query);
  if (!r.ok()) return web::Error(r.status());
  json hits = json::array();
  for (const Hit& h : r->hits) {
    hits.push_back({{"id", h.id},
                    {"title", h.title_text},
                    {"url", h.url},
                    {"index_number", h.index_number},
                    {"published_on", h.published_on},
                    {"snippet", h.snippet}});
  }
  json out = {{"total", r->total},
              {"total_exact", r->total_exact},
              {"hits", hits},
              {"facets", FacetsJson(*r)},
              {"facets_exact", r->facets_exact}};
  if (!r->suggestion.empty()) {
    out["suggestion"] = r->suggestion;
    out["corrected"] = r->corrected;
  }
  return web::Json(out);
}

// GET /search/suggest?q=: known words and matching titles as JSON for the
// search box (static/js/search-suggest.js). Public records only.
Response SuggestApi(Request& req, Service& service) {
  std::string q(absl::StripAsciiWhitespace(req.QueryValue("q").value_or("")));
  json items = json::array();
  if (!q.empty() && Utf8Length(q) <= kMaxSuggestChars) {
    auto s = service.Suggest(q, kSuggestLimit);
    if (!s.ok()) return web::Error(s.status());
    for (const WordSuggestion& w : s->words)
      items.push_back(
          {{"text", w.word},
           {"url", absl::StrCat("/search?q=", web::UrlEncode(w.word))},
           {"kind", "word"}});
    for (const Suggestions::Title& t : s->records)
      items.push_back({{"text", t.title}, {"url", t.url}, {"kind", "record"}});
  }
  return web::Json({{"q", q}, {"items", items}})
      .WithHeader("Cache-Control", "public, max-age=60");
}

// The category tabs: 全部 and each category with its count, in
// kCategories' order; counts of the query without the category filter.
json CategoryTabs(absl::string_view base,
                  const std::map<std::string, std::string>& params,
                  const Result& unfiltered) {
  std::map<std::string, int64_t> counts;
  if (auto it = unfiltered.facets.find("category");
      it != unfiltered.facets.end())
    for (const FacetValue& f : it->second) counts[f.value] = f.count;
  std::string chosen =
      params.contains("category") ? params.at("category") : std::string();
  json tabs = json::array();
  // Counts of a large result are estimates ("约"): the total from Xapian or
  // the facet sample, the categories from the sample.
  tabs.push_back({{"label", "全部"},
                  {"count", unfiltered.total},
                  {"approximate", !unfiltered.total_exact},
                  {"current", chosen.empty()},
                  {"url", With(base, params, "category", "")}});
  for (const char* c : kCategories) {
    int64_t n = counts.contains(c) ? counts[c] : 0;
    if (n == 0 && chosen != c) continue;
    tabs.push_back({{"label", c},
                    {"count", n},
                    {"approximate", !unfiltered.facets_exact},
                    {"current", chosen == c},
                    {"url", With(base, params, "category", c)}});
  }
  return tabs;
}

json PagerLinks(absl::string_view base,
                const std::map<std::string, std::string>& params, int page,
                int pages) {
  json links = json::array();
  auto link = [&](int n, std::string label, bool current) {
    std::map<std::string, std::string> p = params;
    if (n > 1) p["page"] = absl::StrCat(n);
    links.push_back({{"url", Url(base, p)},
                     {"label", std::move(label)},
                     {"current", current}});
  };
  if (pages <= 1) return links;
  if (page > 1) link(page - 1, "上一页", false);
  for (int n = std::max(1, page - 4); n <= std::min(pages, page + 4); ++n)
    link(n, absl::StrCat(n), n == page);
  if (page < pages) link(page + 1, "下一页", false);
  return links;
}

Response Page(Request& req, Service& service, const View& view, bool staff) {
  absl::string_view base = staff ? "/admin/search" : "/search";
  auto p = Parse(req);
  if (!p.ok()) return web::Error(p.status());
  const Query& q = p->query;
  absl::StatusOr<Result> r =
      staff ? service.SearchFor(*req.principal, q) : service.Search(q);
  if (!r.ok()) return web::Error(r.status());
  const auto& params = p->params;
  // Category counts: of the same search without the category.
  Result unfiltered_storage;
  const Result* unfiltered = &*r;
  if (!q.category.empty() && q.facets) {
    Query all = q;
    all.category.clear();
    all.page = 1;
    all.per_page = 1;
    auto u =
        staff ? service.SearchFor(*req.principal, all) : service.Search(all);
    if (!u.ok()) return web::Error(u.status());
    unfiltered_storage = std::move(*u);
    unfiltered = &unfiltered_storage;
  }
  // Suggested words as links (the plain-page form of the search box's
  // suggestions): public searches only.
  json related = json::array();
  if (!staff && !q.text.empty()) {
    auto s = service.Suggest(q.text, 6);
    if (s.ok())
      for (const WordSuggestion& w : s->words)
        related.push_back(
            {{"text", w.word}, {"url", With(base, {}, "q", w.word)}});
  }
  std::string suggestion_url =
      r->suggestion.empty() ? "" : With(base, params, "q", r->suggestion);

  json hits = json::array();
  for (const Hit& h : r->hits) {
    hits.push_back({{"title", h.title},
                    {"url", h.url},
                    {"snippet", h.snippet},
                    {"index_number", h.index_number},
                    {"doc_number", h.doc_number},
                    {"unit", h.unit_name},
                    {"published_on", h.published_on},
                    {"validity", h.validity},
                    {"validity_changed", h.validity != "有效"},
                    {"category", h.category},
                    {"status", h.status},
                    {"not_public", !h.is_public}});
  }
  // Facets: each value links to the search narrowed by it; a chosen value
  // links back to the search without it.
  json facets = json::array();
  json active = json::array();
  for (const FacetName& f : kFacetNames) {
    auto chosen = params.find(f.key);
    json values = json::array();
    auto it = r->facets.find(f.key);
    if (it != r->facets.end()) {
      for (const FacetValue& v : it->second) {
        bool selected = chosen != params.end() && chosen->second == v.value;
        if (selected)
          active.push_back({{"facet", f.label},
                            {"label", v.label},
                            {"remove_url", With(base, params, f.key, "")}});
        values.push_back(
            {{"label", v.label},
             {"count", v.count},
             {"selected", selected},
             {"url", With(base, params, f.key, selected ? "" : v.value)}});
      }
    }
    if (chosen != params.end() && values.empty()) {
      active.push_back({{"facet", f.label},
                        {"label", chosen->second},
                        {"remove_url", With(base, params, f.key, "")}});
    }
    if (!values.empty())
      facets.push_back({{"label", f.label}, {"values", values}});
  }
  std::string sort = params.contains("sort") ? params.at("sort") : "relevance";
  if (sort == "newest") sort = "date";
  json sorts = json::array();
  for (auto [key, label] : {std::pair{"relevance", "按相关度"},
                            std::pair{"date", "按发布日期（新→旧）"},
                            std::pair{"oldest", "按发布日期（旧→新）"}}) {
    sorts.push_back(
        {{"label", label},
         {"current", sort == key},
         {"url", With(base, params, "sort",
                      std::string(key) == "relevance" ? "" : key)}});
  }
  int per_page = q.per_page;
  int pages = static_cast<int>(
      std::min<int64_t>(kMaxPage, (r->total + per_page - 1) / per_page));
  json ctx = {
      {"action", base},
      {"staff", staff},
      {"q", q.text},
      // Any parameter (a filter, a sort) shows results: browsing is a search.
      {"searched", !params.empty() || q.page > 1},
      {"hits", hits},
      {"has_hits", !hits.empty()},
      {"total", r->total},
      {"approximate", !r->total_exact},
      {"facets_approximate", !r->facets_exact},
      {"page", q.page},
      {"pages", std::max(pages, 1)},
      {"facets", facets},
      {"active", active},
      {"has_active", !active.empty()},
      {"active_count", active.size()},
      {"sorts", sorts},
      {"links", PagerLinks(base, params, q.page, pages)},
      {"clear_url", Url(base, {{"q", q.text}})},
      {"tabs", CategoryTabs(base, params, *unfiltered)},
      {"suggestion", r->suggestion},
      {"suggestion_url", suggestion_url},
      {"corrected", r->corrected},
      {"related", related},
      {"has_related", !related.empty()},
  };
  std::string title =
      q.text.empty() ? "站内检索" : absl::StrCat(q.text, " - 检索结果");
  return view.Page(
      req, "search/search", ctx,
      {.title = title,
       .breadcrumbs =
           staff ? json::array({{{"name", "管理后台"}, {"url", "/admin"}},
                                {{"name", "信息检索"}}})
                 : json::array({{{"name", "站内检索"}}})});
}

}  // namespace

void RegisterRoutes(web::Router& router, Service& service, const View& view) {
  router.Get("/search", [&service, &view](Request& req) {
    return Page(req, service, view, /*staff=*/false);
  });
  router.Get("/search/suggest",
             [&service](Request& req) { return SuggestApi(req, service); });
  router.Get("/api/v1/search",
             [&service](Request& req) { return Api(req, service); });
  router.Get("/admin/search", [&service, &view](Request& req) {
    if (auto denied = web::RequireSignedIn(req)) return *denied;
    return Page(req, service, view, /*staff=*/true);
  });
}

}  // namespace zwgk::search
