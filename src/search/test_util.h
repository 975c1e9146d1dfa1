// Test fixture: the whole app on SQLite in memory, with helpers to draft
// and publish records through the publishing service.
#ifndef ZWGK_SEARCH_TEST_UTIL_H_
#define ZWGK_SEARCH_TEST_UTIL_H_

#include <string>
#include <vector>

#include "app/testing.h"
#include "core/actor.h"
#include "gtest/gtest.h"
#include "org/module.h"
#include "publishing/module.h"
#include "search/module.h"

namespace zwgk::search {

class SearchAppTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(app_.ok());
    pub_ = &static_cast<publishing::PublishingModule*>(
                app_.app().module("publishing"))
                ->service();
    search_ =
        &static_cast<SearchModule*>(app_.app().module("search"))->service();
    org_ = &static_cast<org::OrgModule*>(app_.app().module("org"))->service();
  }

  int64_t UnitId(const std::string& name) {
    auto u = org_->ResolveUnit(name);
    EXPECT_TRUE(u.ok()) << name << ": " << u.status();
    return u.ok() ? u->id : 0;
  }

  // A draft of 县教育局 unless `in` says otherwise.
  int64_t Draft(publishing::RecordInput in) {
    if (in.unit.empty()) in.unit = "县教育局";
    if (in.formed_on.empty()) in.formed_on = "2026-02-20";
    if (in.topic.empty()) in.topic = "科技、教育";
    if (in.genre.empty()) in.genre = "通知";
    if (in.body_html.empty()) in.body_html = "<p>正文。</p>";
    auto r = pub_->Create(SystemActor(), in);
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? r->id : 0;
  }

  void Publish(int64_t id) {
    auto s = pub_->Submit(SystemActor(), id);
    ASSERT_TRUE(s.ok()) << s.status();
    auto v = pub_->Review(SystemActor(), id, {.outcome = "approved"});
    ASSERT_TRUE(v.ok()) << v.status();
    auto p = pub_->Publish(SystemActor(), id);
    ASSERT_TRUE(p.ok()) << p.status();
  }

  int64_t Published(publishing::RecordInput in) {
    int64_t id = Draft(std::move(in));
    Publish(id);
    return id;
  }

  std::vector<int64_t> Find(const std::string& q) {
    auto r = search_->Search({.text = q, .facets = false});
    EXPECT_TRUE(r.ok()) << r.status();
    std::vector<int64_t> ids;
    if (r.ok())
      for (const Hit& h : r->hits) ids.push_back(h.id);
    return ids;
  }

  std::vector<int64_t> FindAs(const Actor& actor, const std::string& q) {
    auto r = search_->SearchFor(actor, {.text = q, .facets = false});
    EXPECT_TRUE(r.ok()) << r.status();
    std::vector<int64_t> ids;
    if (r.ok())
      for (const Hit& h : r->hits) ids.push_back(h.id);
    return ids;
  }

  testing::TestApp app_;
  publishing::Service* pub_ = nullptr;
  Service* search_ = nullptr;
  org::Service* org_ = nullptr;
};

}  // namespace zwgk::search

#endif  // ZWGK_SEARCH_TEST_UTIL_H_
