#include "search/engine.h"

#include <filesystem>
#include <functional>
#include <map>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace zwgk::search {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

std::string TempDir() {
  std::string dir =
      ::testing::TempDir() + "search_engine_test_" +
      ::testing::UnitTest::GetInstance()->current_test_info()->name();
  fs::remove_all(dir);
  return dir;
}

Document Doc(int64_t id, std::string title, std::string body) {
  Document d;
  d.id = id;
  d.title = std::move(title);
  d.body = std::move(body);
  d.unit_id = 1;
  d.unit_name = "县教育局";
  d.domain_id = 7;
  d.domain_name = "义务教育";
  d.year = 2026;
  d.topic = "科技、教育";
  d.genre = "通知";
  d.validity = "有效";
  d.published_on = "2026-03-0" + std::to_string(id % 9 + 1);
  d.date = d.published_on;
  d.url = "/records/" + std::to_string(id);
  return d;
}

std::vector<int64_t> Ids(const Result& r) {
  std::vector<int64_t> out;
  for (const Hit& h : r.hits) out.push_back(h.id);
  return out;
}

class EngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto index = Index::Open(TempDir(), {.shards = 2});
    ASSERT_TRUE(index.ok()) << index.status();
    index_ = std::move(*index);
    Document a = Doc(1, "关于2026年秋季招生工作的通知",
                     "各中小学：现将招生安排通知如下。");
    a.doc_number = "嘉教发〔2026〕3号";
    a.index_number = "113708280043326001/2026-00012";
    Document b =
        Doc(2, "2025年县级预算公开", "县财政局公开部门预算和三公经费。");
    b.unit_id = 2;
    b.unit_name = "县财政局";
    b.domain_id = 9;
    b.domain_name = "财政预决算";
    b.year = 2025;
    b.topic = "财政、金融、审计";
    b.validity = "已废止";
    Document c =
        Doc(3, "城乡低保标准调整", "提高城乡低保户保障标准，预算另行安排。");
    c.keywords = {"社会救助"};
    c.doc_number = "嘉政办发〔2026〕4号";
    Document draft = Doc(4, "招生方案（草稿）", "尚未发布的招生方案。");
    draft.is_public = false;
    draft.status = "草稿";
    ASSERT_TRUE(index_->Apply({{1, a}, {2, b}, {3, c}, {4, draft}}).ok());
  }

  Result Search(Query q) {
    auto r = index_->Search(q);
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? *r : Result{};
  }

  std::unique_ptr<Index> index_;
};

TEST_F(EngineTest, TwoCharacterWordsFindEveryRecord) {
  EXPECT_THAT(Ids(Search({.text = "招生"})), ElementsAre(1));
  EXPECT_THAT(Ids(Search({.text = "预算"})), UnorderedElementsAre(2, 3));
  EXPECT_THAT(Ids(Search({.text = "低保"})), ElementsAre(3));
  EXPECT_THAT(Ids(Search({.text = "社会救助"})), ElementsAre(3));  // keyword
  EXPECT_THAT(Ids(Search({.text = "三公经费"})), ElementsAre(2));
  EXPECT_THAT(Ids(Search({.text = "招生 预算"})), IsEmpty());  // AND
  EXPECT_THAT(Ids(Search({.text = "低保 预算"})), ElementsAre(3));
  EXPECT_THAT(Ids(Search({.text = "金融"})), IsEmpty());  // a topic, not text
}

TEST_F(EngineTest, TitleMatchRanksFirst) {
  // 预算 is in record 2's title and only in record 3's body.
  EXPECT_THAT(Ids(Search({.text = "预算"})), ElementsAre(2, 3));
}

TEST_F(EngineTest, IdentifiersRankTheirRecordFirst) {
  EXPECT_THAT(Ids(Search({.text = "嘉政办发〔2026〕4号"})).front(), 3);
  EXPECT_THAT(Ids(Search({.text = "嘉教发[2026]3号"})).front(), 1);
  EXPECT_THAT(Ids(Search({.text = "113708280043326001/2026-00012"})),
              ElementsAre(1));
}

TEST_F(EngineTest, SnippetsAndStoredFields) {
  Result r = Search({.text = "招生"});
  ASSERT_EQ(r.hits.size(), 1u);
  const Hit& h = r.hits[0];
  EXPECT_EQ(h.title, "关于2026年秋季<mark>招生</mark>工作的通知");
  EXPECT_EQ(h.snippet, "各中小学：现将<mark>招生</mark>安排通知如下。");
  EXPECT_EQ(h.url, "/records/1");
  EXPECT_EQ(h.index_number, "113708280043326001/2026-00012");
  EXPECT_EQ(h.validity, "有效");
  EXPECT_EQ(h.published_on, "2026-03-02");
}

TEST_F(EngineTest, FacetsAndFilters) {
  Result r = Search({.text = "预算"});
  EXPECT_EQ(r.total, 2);
  EXPECT_TRUE(r.total_exact);
  ASSERT_EQ(r.facets["unit"].size(), 2u);
  EXPECT_EQ(r.facets["unit"][0].count, 1);
  EXPECT_EQ(r.facets["year"][0].value, "2026");  // newest first
  EXPECT_EQ(r.facets["year"][1].value, "2025");
  EXPECT_EQ(r.facets["validity"].size(), 2u);
  EXPECT_THAT(Ids(Search({.text = "预算", .unit_id = 2})), ElementsAre(2));
  EXPECT_THAT(Ids(Search({.text = "预算", .year = 2026})), ElementsAre(3));
  EXPECT_THAT(Ids(Search({.text = "预算", .validity = "已废止"})),
              ElementsAre(2));
  EXPECT_THAT(Ids(Search({.text = "预算", .topic = "财政、金融、审计"})),
              ElementsAre(2));
  EXPECT_THAT(Ids(Search({.text = "", .domain_id = 7})),
              ElementsAre(3, 1));  // browse, newest first
}

TEST_F(EngineTest, SortAndPages) {
  EXPECT_THAT(Ids(Search({.text = "", .sort = Sort::kNewest})),
              ElementsAre(3, 2, 1));
  EXPECT_THAT(Ids(Search({.text = "", .sort = Sort::kOldest})),
              ElementsAre(1, 2, 3));
  EXPECT_THAT(Ids(Search({.text = "", .page = 2, .per_page = 2})),
              ElementsAre(1));
}

TEST_F(EngineTest, StaffScopeSeesDraftsOfItsUnits) {
  EXPECT_THAT(Ids(Search({.text = "招生方案"})), IsEmpty());
  EXPECT_THAT(
      Ids(Search(
          {.text = "招生方案", .scope = Scope::kStaff, .unit_ids = {1}})),
      ElementsAre(4));
  EXPECT_THAT(
      Ids(Search(
          {.text = "招生方案", .scope = Scope::kStaff, .unit_ids = {2}})),
      IsEmpty());
  EXPECT_THAT(
      Ids(Search({.text = "招生", .scope = Scope::kStaff, .all_units = true})),
      UnorderedElementsAre(1, 4));
  EXPECT_THAT(Ids(Search({.text = "招生", .scope = Scope::kStaff})),
              IsEmpty());  // no units, not an admin
}

TEST_F(EngineTest, ApplyMovesAndRemoves) {
  Document a = Doc(1, "招生工作已撤回", "");
  a.is_public = false;
  ASSERT_TRUE(index_->Apply({{1, a}, {3, std::nullopt}}).ok());
  EXPECT_THAT(Ids(Search({.text = "招生"})), IsEmpty());
  EXPECT_THAT(Ids(Search({.text = "低保"})), IsEmpty());
  EXPECT_THAT(*index_->Ids(true), ElementsAre(2));
  EXPECT_THAT(*index_->Ids(false), ElementsAre(1, 4));
  // Applying the same change again changes nothing.
  ASSERT_TRUE(index_->Apply({{3, std::nullopt}}).ok());
  EXPECT_THAT(*index_->Ids(true), ElementsAre(2));
}

TEST_F(EngineTest, RebuildSwitchesGenerationForOpenIndexes) {
  auto builder = Builder::Create(index_->dir(), {.shards = 3, .batch = 2});
  ASSERT_TRUE(builder.ok()) << builder.status();
  for (int64_t id = 10; id < 15; ++id)
    ASSERT_TRUE((*builder)->Add(Doc(id, "新建索引", "重建")).ok());
  ASSERT_TRUE((*builder)->Finish().ok());
  EXPECT_THAT(Ids(Search({.text = "重建"})), IsEmpty());  // not yet live
  ASSERT_TRUE((*builder)->Switch().ok());
  EXPECT_EQ(Search({.text = "重建"}).total, 5);
  EXPECT_EQ(index_->shards(), 3);
  EXPECT_THAT(Ids(Search({.text = "招生"})), IsEmpty());
  // A second process opening the same directory sees the same.
  auto other = Index::Open(index_->dir());
  ASSERT_TRUE(other.ok());
  EXPECT_EQ((*other)->Search({.text = "重建"})->total, 5);
}

// A rebuilt base plus later changes, as in production: the base shards are
// read-only, changes go to live and hide the base copy.
class BaseAndLiveTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = TempDir();
    auto builder = Builder::Create(dir_, {.shards = 2, .batch = 3});
    ASSERT_TRUE(builder.ok()) << builder.status();
    // Newest first, as a rebuild adds them.
    for (int day = 28; day >= 1; --day) {
      Document d = Doc(day, absl::StrCat("第", day, "号通知"),
                       day % 2 ? "招生安排" : "预算安排");
      d.published_on = d.date = absl::StrFormat("2026-02-%02d", day);
      if (day % 7 == 0) d.title += "（招生）";
      ASSERT_TRUE((*builder)->Add(std::move(d)).ok());
    }
    ASSERT_TRUE((*builder)->Switch().ok());
    auto index = Index::Open(dir_);
    ASSERT_TRUE(index.ok()) << index.status();
    index_ = std::move(*index);
  }
  Result Search(Query q) {
    auto r = index_->Search(q);
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? *r : Result{};
  }
  std::string dir_;
  std::unique_ptr<Index> index_;
};

TEST_F(BaseAndLiveTest, NewestFirstWithinEachTierAcrossShardsAndPages) {
  // Title matches (7, 14, 21, 28 have 招生 in the title; 7 and 21 in the
  // body too), newest first; then body-only matches, newest first.
  std::vector<int64_t> want = {28, 21, 14, 7,  27, 25, 23, 19,
                               17, 15, 13, 11, 9,  5,  3,  1};
  EXPECT_THAT(Ids(Search({.text = "招生", .per_page = 100})),
              ::testing::ElementsAreArray(want));
  std::vector<int64_t> paged;
  for (int page = 1; page <= 4; ++page) {
    Result r = Search({.text = "招生", .page = page, .per_page = 5});
    EXPECT_EQ(r.total, 16) << page;
    for (int64_t id : Ids(r)) paged.push_back(id);
  }
  EXPECT_THAT(paged, ::testing::ElementsAreArray(want));
  EXPECT_THAT(
      Ids(Search({.text = "招生", .sort = Sort::kOldest, .per_page = 3})),
      ElementsAre(1, 3, 5));
}

TEST_F(BaseAndLiveTest, ChangesReplaceAndHideBaseDocuments) {
  Document changed = Doc(5, "第5号通知（已更正）", "低保标准");
  changed.published_on = changed.date = "2026-02-05";
  ASSERT_TRUE(index_->Apply({{5, changed}, {9, std::nullopt}}).ok());
  EXPECT_THAT(Ids(Search({.text = "低保"})), ElementsAre(5));
  EXPECT_THAT(Ids(Search({.text = "更正"})), ElementsAre(5));
  // Neither the old text of 5 nor the withdrawn 9 is found.
  std::vector<int64_t> hits = Ids(Search({.text = "招生", .per_page = 100}));
  EXPECT_THAT(hits, ::testing::Not(::testing::Contains(5)));
  EXPECT_THAT(hits, ::testing::Not(::testing::Contains(9)));
  EXPECT_EQ(index_->Ids(true)->size(), 27u);
  EXPECT_EQ(index_->Counts()->first, 27);
  // Browsing keeps date order across base and live: 5 stays between 6 and 4.
  std::vector<int64_t> all = Ids(Search({.text = "", .per_page = 100}));
  auto at = [&](int64_t id) {
    return std::find(all.begin(), all.end(), id) - all.begin();
  };
  EXPECT_EQ(at(5), at(6) + 1);
  EXPECT_EQ(at(4), at(5) + 1);
  // A record published later comes first; a draft leaves the public index.
  Document fresh = Doc(100, "最新招生公告", "");
  fresh.published_on = fresh.date = "2026-03-10";
  Document draft = Doc(28, "第28号通知", "");
  draft.is_public = false;
  ASSERT_TRUE(index_->Apply({{100, fresh}, {28, draft}}).ok());
  EXPECT_THAT(Ids(Search({.text = "招生", .per_page = 2})),
              ElementsAre(100, 21));
  EXPECT_THAT(
      Ids(Search(
          {.text = "第28号", .scope = Scope::kStaff, .all_units = true})),
      ElementsAre(28));
  // Another process sees the same (tombstones live in the index).
  auto other = Index::Open(dir_);
  ASSERT_TRUE(other.ok());
  EXPECT_THAT(Ids(*(*other)->Search({.text = "招生", .per_page = 2})),
              ElementsAre(100, 21));
  EXPECT_FALSE((*other)->outdated());
}

TEST_F(BaseAndLiveTest, LargeResultsCountFacetsOnASample) {
  auto sampled = Index::Open(dir_, {.facet_sample = 4});
  ASSERT_TRUE(sampled.ok());
  Result r = *(*sampled)->Search({.text = "安排"});
  EXPECT_FALSE(r.facets_exact);
  int64_t sum = 0;
  for (const FacetValue& f : r.facets["unit"]) sum += f.count;
  // 28 matches; a sample scaled back lands near that.
  EXPECT_GT(sum, 0);
  EXPECT_LT(sum, 28 * 4);
  Result exact = Search({.text = "安排"});
  EXPECT_TRUE(exact.facets_exact);
  EXPECT_EQ(exact.total, 28);
  EXPECT_EQ(exact.facets["unit"][0].count, 28);
}

TEST(IndexFormatTest, AnIndexOfAnOlderFormatIsOutdated) {
  std::string dir = TempDir();
  { ASSERT_TRUE(Index::Open(dir).ok()); }
  auto fresh = Index::Open(dir);
  EXPECT_FALSE((*fresh)->outdated());
  std::string gen = (*fresh)->generation_dir();
  fs::remove(gen + "/FORMAT");
  auto old = Index::Open(dir);
  ASSERT_TRUE(old.ok());
  EXPECT_TRUE((*old)->outdated());
}

}  // namespace
}  // namespace zwgk::search

namespace zwgk::search {
namespace {

// Issue 19: pinyin, typo tolerance, suggestions, categories; on a rebuilt
// base (the dictionary from the build) plus live changes (the dictionary
// grows with them).
class ForgivingSearchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = TempDir();
    auto builder = Builder::Create(dir_, {.shards = 2, .batch = 3});
    ASSERT_TRUE(builder.ok()) << builder.status();
    int id = 20;
    auto add = [&](std::string title, std::string genre,
                   std::vector<std::string> keywords, std::string date) {
      Document d = Doc(id++, std::move(title), "正文。");
      d.genre = genre;
      d.category = CategoryOf(genre, false);
      d.keywords = std::move(keywords);
      d.published_on = d.date = std::move(date);
      ASSERT_TRUE((*builder)->Add(std::move(d)).ok());
    };
    add("2026年社会救助资金发放公示", "公示", {"社会救助"}, "2026-03-09");
    add("关于做好社会救助工作的通知", "通知", {"社会救助"}, "2026-03-08");
    add("城乡低保标准调整的解读", "解读", {"低保"}, "2026-03-07");
    add("低保对象名单公示", "公示", {"低保"}, "2026-03-06");
    add("县政府召开常务会议", "工作动态", {}, "2026-03-05");
    add("社会组织登记管理办法", "办法", {"社会组织"}, "2026-03-04");
    ASSERT_TRUE((*builder)->Switch().ok());
    auto index = Index::Open(dir_);
    ASSERT_TRUE(index.ok()) << index.status();
    index_ = std::move(*index);
  }
  std::vector<int64_t> Find(const std::string& text) {
    auto r = index_->Search({.text = text, .facets = false});
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? Ids(*r) : std::vector<int64_t>{};
  }
  std::string dir_;
  std::unique_ptr<Index> index_;
};

TEST_F(ForgivingSearchTest, PinyinFindsTitlesAndKeywords) {
  for (const char* q : {"shehuijiuzhu", "shjz", "she hui jiu zhu",
                        "SheHui JiuZhu", "shehui jiuzhu"})
    EXPECT_THAT(Find(q), ElementsAre(20, 21)) << q;
  EXPECT_THAT(Find("dibao"), ElementsAre(22, 23));
  EXPECT_THAT(Find("db"), ElementsAre(22, 23));
  EXPECT_THAT(Find("shehuizuzhi"), ElementsAre(25));
  EXPECT_THAT(Find("shehui"), ElementsAre(20, 21, 25));
  EXPECT_THAT(Find("jiuzhushehui"), IsEmpty());  // order matters
  EXPECT_THAT(Find("qxyz"), IsEmpty());
  // Chinese queries are unchanged.
  EXPECT_THAT(Find("社会救助"), ElementsAre(20, 21));
}

TEST_F(ForgivingSearchTest, PinyinOfLaterChangesToo) {
  Document d = Doc(40, "医疗救助实施细则", "正文。");
  d.published_on = d.date = "2026-03-10";
  ASSERT_TRUE(index_->Apply({{40, d}}).ok());
  EXPECT_THAT(Find("yiliaojiuzhu"), ElementsAre(40));
  EXPECT_THAT(Find("yljz"), ElementsAre(40));
}

TEST_F(ForgivingSearchTest, TypoCorrectionsFromTheDictionary) {
  auto c = index_->Corrections("社会求助");
  ASSERT_TRUE(c.ok()) << c.status();
  ASSERT_FALSE(c->empty());
  EXPECT_EQ(c->front(), "社会救助");
  c = index_->Corrections("低报");  // a homophone
  ASSERT_TRUE(c.ok());
  ASSERT_FALSE(c->empty());
  EXPECT_EQ(c->front(), "低保");
  // Inside a longer query, the rest kept.
  c = index_->Corrections("低报 名单");
  ASSERT_TRUE(c.ok());
  ASSERT_FALSE(c->empty());
  EXPECT_EQ(c->front(), "低保 名单");
  // A known word, or nothing close: no correction.
  c = index_->Corrections("社会救助");
  ASSERT_TRUE(c.ok());
  EXPECT_THAT(*c, IsEmpty());
  c = index_->Corrections("天气预报");
  ASSERT_TRUE(c.ok());
  EXPECT_THAT(*c, IsEmpty());
}

TEST_F(ForgivingSearchTest, DictionaryGrowsWithChanges) {
  auto c = index_->Corrections("医了救助");
  ASSERT_TRUE(c.ok());
  EXPECT_THAT(*c, IsEmpty());
  Document d = Doc(40, "医疗救助实施细则", "正文。");
  d.keywords = {"医疗救助"};
  d.published_on = d.date = "2026-03-10";
  ASSERT_TRUE(index_->Apply({{40, d}}).ok());
  c = index_->Corrections("医了救助");  // yiliao / yile
  ASSERT_TRUE(c.ok());
  EXPECT_THAT(*c, ElementsAre("医疗救助"));
  auto s = index_->SuggestWords("yiliao");
  ASSERT_TRUE(s.ok());
  ASSERT_FALSE(s->empty());
  EXPECT_EQ(s->front().word, "医疗救助");
}

TEST_F(ForgivingSearchTest, SuggestionsByCharactersAndPinyinPrefix) {
  auto words = [&](const char* prefix) {
    std::vector<std::string> out;
    auto s = index_->SuggestWords(prefix, 10);
    EXPECT_TRUE(s.ok()) << s.status();
    if (s.ok())
      for (const WordSuggestion& w : *s) out.push_back(w.word);
    return out;
  };
  EXPECT_THAT(words("社会"), ElementsAre("社会救助", "社会组织"));
  EXPECT_THAT(words("shehui"), ElementsAre("社会", "社会救助", "社会组织"));
  EXPECT_THAT(words("shj"), ElementsAre("社会救助"));
  EXPECT_THAT(words("dib"), ElementsAre("低保"));
  EXPECT_THAT(words("xyz"), IsEmpty());
  EXPECT_THAT(words(""), IsEmpty());
  EXPECT_THAT(words("社会救助的"), IsEmpty());
}

TEST_F(ForgivingSearchTest, CategoriesAreFacetsAndFilters) {
  auto r = index_->Search({.text = ""});
  ASSERT_TRUE(r.ok());
  std::map<std::string, int64_t> counts;
  for (const FacetValue& f : r->facets["category"]) counts[f.label] = f.count;
  EXPECT_EQ(counts["通知公告"], 3);
  EXPECT_EQ(counts["解读"], 1);
  EXPECT_EQ(counts["动态"], 1);
  EXPECT_EQ(counts["政策文件"], 1);
  auto only = index_->Search({.text = "低保", .category = "解读"});
  ASSERT_TRUE(only.ok());
  EXPECT_THAT(Ids(*only), ElementsAre(22));
}

// Issue 22: facet counts are exact up to the sample size and honest
// estimates beyond it. 3,000 records spread over units, domains, years and
// the rest; three words of different frequency in the titles.
class FacetCountTest : public ::testing::Test {
 protected:
  static constexpr int kRecords = 3000;
  static Document Record(int64_t id) {
    Document d = Doc(id, "甲乙", "正文");
    if (id % 3 == 0) d.title += "丙丁";
    if (id % 50 == 0) d.title += "戊己";
    d.unit_id = 1 + id % 7;
    d.unit_name = absl::StrCat("单位", d.unit_id);
    d.domain_id = id % 5 == 0 ? std::nullopt : std::optional<int64_t>(id % 5);
    d.domain_name = d.domain_id ? absl::StrCat("领域", *d.domain_id) : "";
    d.year = static_cast<int>(2016 + id % 11);
    d.topic = absl::StrCat("主题", id % 4);
    d.genre = id % 2 ? "通知" : "公告";
    d.validity = id % 13 ? "有效" : "已废止";
    d.category = CategoryOf(d.genre, id % 6 == 0);
    // Newest first as the builder wants them: id 1 is the newest.
    absl::CivilDay day = absl::CivilDay(2026, 12, 1) - id / 3;
    d.published_on = d.date = absl::FormatCivilTime(day);
    return d;
  }
  void SetUp() override {
    dir_ = TempDir();
    auto builder = Builder::Create(dir_, {.shards = 2, .batch = 1000});
    ASSERT_TRUE(builder.ok()) << builder.status();
    for (int64_t id = 1; id <= kRecords; ++id)
      ASSERT_TRUE((*builder)->Add(Record(id)).ok());
    ASSERT_TRUE((*builder)->Switch().ok());
    for (int64_t id = 1; id <= kRecords; ++id) docs_[id] = Record(id);
  }
  // Facet → value → count over the records that `match` accepts.
  std::map<std::string, std::map<std::string, int64_t>> BruteForce(
      const std::function<bool(const Document&)>& match) const {
    std::map<std::string, std::map<std::string, int64_t>> out;
    for (const auto& [id, d] : docs_) {
      if (!match(d)) continue;
      if (d.domain_id) ++out["domain"][absl::StrCat(*d.domain_id)];
      ++out["unit"][absl::StrCat(d.unit_id)];
      ++out["year"][absl::StrCat(d.year)];
      ++out["topic"][d.topic];
      ++out["genre"][d.genre];
      ++out["validity"][d.validity];
      ++out["category"][d.category];
    }
    return out;
  }
  static std::map<std::string, std::map<std::string, int64_t>> Counts(
      const Result& r) {
    std::map<std::string, std::map<std::string, int64_t>> out;
    for (const auto& [name, values] : r.facets)
      for (const FacetValue& v : values) out[name][v.value] = v.count;
    return out;
  }
  std::string dir_;
  std::map<int64_t, Document> docs_;
};

TEST_F(FacetCountTest, UpToTheSampleSizeCountsAreExact) {
  // No time budget: on a loaded machine it could turn exact counts into
  // (marked) estimates.
  auto index = Index::Open(dir_, {.facet_sample = 1000, .facet_budget_ms = 0});
  ASSERT_TRUE(index.ok());
  auto has = [](const char* w) {
    return [w](const Document& d) { return absl::StrContains(d.title, w); };
  };
  struct Case {
    Query query;
    std::function<bool(const Document&)> match;
    int64_t total;
  };
  std::vector<Case> cases = {
      {{.text = "戊己"}, has("戊己"), 60},
      {{.text = "丙丁"}, has("丙丁"), 1000},
      {{.text = "丙丁", .unit_id = 3},
       [](const Document& d) { return d.id % 3 == 0 && d.unit_id == 3; },
       143},
      {{.year = 2020}, [](const Document& d) { return d.year == 2020; }, 273},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.query.text);
    auto r = (*index)->Search(c.query);
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_TRUE(r->facets_exact);
    EXPECT_TRUE(r->total_exact);
    EXPECT_EQ(r->total, c.total);
    EXPECT_EQ(Counts(*r), BruteForce(c.match));
  }
}

TEST_F(FacetCountTest, BeyondTheSampleSizeCountsAreMarkedEstimates) {
  auto index = Index::Open(dir_, {.facet_sample = 200, .facet_budget_ms = 0});
  ASSERT_TRUE(index.ok());
  auto truth = BruteForce([](const Document&) { return true; });
  for (const char* text : {"甲乙", "丙丁"}) {
    SCOPED_TRACE(text);
    int64_t want = absl::string_view(text) == "甲乙" ? kRecords : 1000;
    auto r = (*index)->Search({.text = text});
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_FALSE(r->facets_exact);
    EXPECT_FALSE(r->total_exact);
    // A fair sample scaled up: near the truth (the hash is fixed, so the
    // sample and these numbers are too).
    EXPECT_GT(r->total, want * 2 / 3);
    EXPECT_LT(r->total, want * 3 / 2);
    // Every record has a unit: the unit counts add up to the total.
    int64_t units = 0;
    for (const FacetValue& v : r->facets["unit"]) units += v.count;
    EXPECT_NEAR(units, r->total, 7);
    EXPECT_EQ(r->facets["unit"].size(), 7u);
  }
  // All 3,000: each of the 7 units within a third of its true count.
  auto all = (*index)->Search({.text = "甲乙"});
  ASSERT_TRUE(all.ok());
  for (const FacetValue& v : all->facets["unit"]) {
    int64_t n = truth["unit"][v.value];
    EXPECT_GT(v.count, n * 2 / 3) << v.label;
    EXPECT_LT(v.count, n * 4 / 3) << v.label;
  }
}

TEST_F(FacetCountTest, OutOfTimeTheSampleIsMarkedAnEstimate) {
  // A budget no pass fits in: whatever was counted is scaled and flagged,
  // never presented as exact.
  auto index = Index::Open(dir_, {.facet_budget_ms = 1e-9});
  ASSERT_TRUE(index.ok());
  auto r = (*index)->Search({.text = "甲乙"});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_FALSE(r->facets_exact);
  EXPECT_FALSE(r->total_exact);
  for (const auto& [name, values] : r->facets)
    for (const FacetValue& v : values) EXPECT_GT(v.count, 0) << name;
}

TEST_F(FacetCountTest, ExactCountsFollowLaterChanges) {
  // Moved to another unit, withdrawn, and a new record: live and the
  // tombstones of the base copies count as well as the base.
  Document moved = Record(150);
  moved.unit_id = 1;
  moved.unit_name = "单位1";
  Document fresh = Record(3001);
  fresh.title = "戊己（新）";
  fresh.published_on = fresh.date = "2026-12-03";
  auto index = Index::Open(dir_, {.facet_budget_ms = 0});
  ASSERT_TRUE(index.ok());
  ASSERT_TRUE(
      (*index)->Apply({{150, moved}, {200, std::nullopt}, {3001, fresh}}).ok());
  docs_[150] = moved;
  docs_.erase(200);
  docs_[3001] = fresh;
  auto r = (*index)->Search({.text = "戊己"});
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->facets_exact);
  EXPECT_EQ(r->total, 60);
  EXPECT_EQ(Counts(*r), BruteForce([](const Document& d) {
              return absl::StrContains(d.title, "戊己");
            }));
}

TEST(CategoryTest, FromGenreAndClass) {
  EXPECT_EQ(CategoryOf("解读", true), "解读");
  EXPECT_EQ(CategoryOf("通知", true), "政策文件");
  EXPECT_EQ(CategoryOf("通知", false), "通知公告");
  EXPECT_EQ(CategoryOf("工作动态", false), "动态");
  EXPECT_EQ(CategoryOf("意见", false), "政策文件");
  EXPECT_EQ(CategoryOf("规划", false), "规划计划");
  EXPECT_EQ(CategoryOf("报告", false), "其他");
}

}  // namespace
}  // namespace zwgk::search
