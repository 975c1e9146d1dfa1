// HTML views: kainjow-mustache templates embedded from src/<module>/templates/,
// rendered inside the site layout (core/templates/layout.mustache).
#ifndef ZWGK_CORE_VIEW_H_
#define ZWGK_CORE_VIEW_H_

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "core/web.h"
#include "nlohmann/json.hpp"

namespace zwgk {

// An article page's <meta> tags (政府网站发展指引): ArticleTitle, PubDate,
// ContentSource, Keywords, Description, Url.
struct ArticleMeta {
  std::string title;
  std::string published_at;  // stored timestamp; PubDate is its local minute
  std::string source;        // the publishing unit
  std::string keywords;
  std::string text;  // Description: its first 120 characters, tags dropped
  std::string url;   // the page's path, made absolute; "": this request's
};

// The page's metadata for the layout's <meta> tags; SiteName, SiteDomain and
// SiteIDCode come from the site context.
struct PageMeta {
  std::string column_name;  // "": the first breadcrumb, else the title
  std::string column_type;  // "": the site context's column_type
  std::optional<ArticleMeta> article;
};

struct PageOptions {
  std::string title;
  int status = 200;
  // Breadcrumb trail above the content: [{"name","url"}…]; the last is current.
  nlohmann::json breadcrumbs = nlohmann::json::array();
  PageMeta meta;
};

class View {
 public:
  // Loads every src/<module>/templates/<name>.mustache as "<module>/<name>".
  // Templates whose name starts with "_" are also partials ({{> org/_row}}).
  static std::unique_ptr<View> FromResources();

  // Site-wide values for the layout (county name, navigation), computed per
  // request; set once by the app.
  using SiteContext = std::function<nlohmann::json(const web::Request&)>;
  void SetSiteContext(SiteContext f) { site_ = std::move(f); }

  // Renders template `name` with `ctx` (HTML-escaped {{x}}, raw {{{x}}}).
  // An unknown template is a programming error: the text says so.
  std::string Render(absl::string_view name, const nlohmann::json& ctx) const;

  // A full page: `name` rendered and wrapped in the layout, with the site
  // context, the signed-in user, the CSRF token and the large-type setting.
  web::Response Page(const web::Request& req, absl::string_view name,
                     nlohmann::json ctx, const PageOptions& options) const;

  // The HTML error page for `status` (404, 400 with field messages, …).
  web::Response ErrorPage(const web::Request& req,
                          const absl::Status& status) const;

  bool Has(absl::string_view name) const {
    return templates_.contains(std::string(name));
  }

 private:
  std::map<std::string, std::string, std::less<>> templates_;
  std::map<std::string, std::string, std::less<>> partials_;
  // The partials as template data, built once (view.cc): every render
  // looks them up below its own data.
  struct PartialData;
  std::shared_ptr<const PartialData> partial_data_;
  SiteContext site_;
};

}  // namespace zwgk

#endif  // ZWGK_CORE_VIEW_H_
