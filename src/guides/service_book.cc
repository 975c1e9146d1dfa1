// The 办事一本通: the published guides of a scope, in book order, rendered
// by book.cc; the last PDF of each scope and paper is kept until a guide of
// it changes.
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "core/clock.h"
#include "core/status.h"
#include "guides/book.h"
#include "guides/service.h"
#include "guides/service_internal.h"
#include "guides/store.h"

namespace zwgk::guides {
namespace {

struct Chosen {
  BookInput input;
  std::string newest;  // the newest published_at (RFC 3339 UTC)
};

absl::StatusOr<Chosen> Choose(db::Database& db, org::Service& org,
                              const Clock& clock, BookScope scope,
                              std::optional<int64_t> id) {
  const internal::Names names = internal::LoadNames(org);
  Chosen out;
  std::string county = "本县";
  if (auto c = org.GetCounty(); c.ok() && !c->name.empty()) county = c->name;
  out.input.title = absl::StrCat(county, "办事一本通");
  out.input.issuer = absl::StrCat(county, "人民政府办公室");
  Filter f;
  if (scope == BookScope::kCounty) {
    out.input.subtitle = "全县政务服务事项";
  } else {
    if (!id)
      return InvalidFields("缺少范围", {{"id", "请选择领域、单位或乡镇"}});
    if (scope == BookScope::kDomain) {
      auto d = names.domains.find(*id);
      if (d == names.domains.end())
        return absl::NotFoundError(absl::StrCat("领域 ", *id, " 不存在"));
      out.input.subtitle = absl::StrCat(d->second.name, "领域");
      f.domain_id = *id;
    } else {
      auto u = names.units.find(*id);
      const bool town =
          u != names.units.end() && u->second.kind == org::UnitKind::kTown;
      if (u == names.units.end() || (scope == BookScope::kTown && !town))
        return absl::NotFoundError(absl::StrCat(
            scope == BookScope::kTown ? "乡镇 " : "单位 ", *id, " 不存在"));
      out.input.subtitle = u->second.name;
      if (scope == BookScope::kTown) {
        f.town_id = *id;
      } else {
        f.unit_id = *id;
      }
    }
  }
  ZWGK_ASSIGN_OR_RETURN(std::vector<Guide> all,
                        db.InTransaction<std::vector<Guide>>(
                            [&](db::Tx& tx) { return store::ListPublic(tx); }));
  for (Guide& g : all) {
    if (!internal::Matches(g, f)) continue;
    internal::Decorate(names, g);
    if (g.published_at && *g.published_at > out.newest)
      out.newest = *g.published_at;
    out.input.guides.push_back(std::move(g));
  }
  internal::SortForBook(names, out.input.guides);
  out.input.edition = Today(clock);
  if (std::optional<absl::Time> t = ParseTimestamp(out.newest))
    out.input.edition = absl::ToCivilDay(*t, ChinaTimeZone());
  return out;
}

Book MakeBook(const BookInput& in, std::string bytes) {
  Book b{.bytes = std::move(bytes),
         .title = in.title,
         .edition = in.edition,
         .guides = static_cast<int>(in.guides.size())};
  if (!in.subtitle.empty() && in.subtitle != "全县政务服务事项")
    absl::StrAppend(&b.title, "（", in.subtitle, "）");
  return b;
}

}  // namespace

absl::StatusOr<Book> Service::BookPdf(BookScope scope,
                                      std::optional<int64_t> id, Paper paper) {
  ZWGK_ASSIGN_OR_RETURN(Chosen c, Choose(db_, org_, clock_, scope, id));
  c.input.paper = paper;
  const auto key = std::make_tuple(static_cast<int>(scope),
                                   scope == BookScope::kCounty ? 0 : *id,
                                   static_cast<int>(paper));
  {
    std::lock_guard<std::mutex> lock(book_cache_->mu);
    auto it = book_cache_->pdfs.find(key);
    if (it != book_cache_->pdfs.end() && it->second.newest == c.newest &&
        it->second.count == c.input.guides.size())
      return it->second.book;
  }
  ZWGK_ASSIGN_OR_RETURN(std::string pdf, RenderBookPdf(c.input));
  Book book = MakeBook(c.input, std::move(pdf));
  std::lock_guard<std::mutex> lock(book_cache_->mu);
  book_cache_->pdfs[key] = {
      .newest = c.newest, .count = c.input.guides.size(), .book = book};
  return book;
}

absl::StatusOr<Book> Service::BookHtml(BookScope scope,
                                       std::optional<int64_t> id) {
  ZWGK_ASSIGN_OR_RETURN(Chosen c, Choose(db_, org_, clock_, scope, id));
  return MakeBook(c.input, RenderBookHtml(c.input));
}

}  // namespace zwgk::guides
