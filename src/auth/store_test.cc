// The auth store's contract on both engines: what the attempt filters
// select, which sessions a user's logout-everywhere keeps, and the
// conditional unlock a login relies on.
#include "auth/store.h"

#include <memory>
#include <string>
#include <vector>

#include "core/status.h"
#include "core/testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace zwgk::auth::store {
namespace {

using ::testing::ElementsAre;
using ::testing::Optional;

class AuthStoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    db_ =
        zwgk::testing::NewMigratedDatabase(GetParam(), {"core", "org", "auth"});
    ASSERT_NE(db_, nullptr);
  }

  // Runs `fn` in one transaction and fails the test on an error.
  void InTx(const std::function<absl::Status(db::Tx&)>& fn) {
    absl::Status s = db_->Transaction(fn);
    ASSERT_TRUE(s.ok()) << s;
  }

  int64_t AddAdmin(const std::string& name) {
    absl::StatusOr<int64_t> id = db_->InTransaction<int64_t>([&](db::Tx& tx) {
      return InsertUser(tx,
                        {.name = name,
                         .role = Role::kAdmin,
                         .created_at = "2026-03-02T01:00:00Z"},
                        "hash");
    });
    EXPECT_TRUE(id.ok()) << id.status();
    return id.value_or(0);
  }

  std::vector<std::string> Times(const AttemptFilter& f, int limit) {
    absl::StatusOr<std::vector<std::string>> t =
        db_->InTransaction<std::vector<std::string>>(
            [&](db::Tx& tx) { return NewestAttemptTimes(tx, f, limit); });
    EXPECT_TRUE(t.ok()) << t.status();
    return t.value_or(std::vector<std::string>{});
  }

  std::unique_ptr<db::Database> db_;
};

TEST_P(AuthStoreTest, AttemptFiltersSelectNewestFirst) {
  InTx([](db::Tx& tx) -> absl::Status {
    ZWGK_RETURN_IF_ERROR(InsertAttempt(tx, "10.0.0.1", "n1", "T1"));
    ZWGK_RETURN_IF_ERROR(InsertAttempt(tx, "10.0.0.1", "n2", "T2"));
    return InsertAttempt(tx, "10.0.0.2", "n1", "T3");
  });
  const struct {
    AttemptFilter filter;
    int limit;
    std::vector<std::string> want;
  } cases[] = {
      {{.name_hash = "n1"}, 10, {"T3", "T1"}},
      {{.address = "10.0.0.1"}, 10, {"T2", "T1"}},
      {{.address = "10.0.0.1"}, 1, {"T2"}},
      {{.name_hash = "n1", .address = "10.0.0.1"}, 10, {"T1"}},
      {{.name_hash = "n3"}, 10, {}},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(Times(c.filter, c.limit), c.want)
        << c.filter.name_hash.value_or("-") << " "
        << c.filter.address.value_or("-");
  }
}

TEST_P(AuthStoreTest, DeleteAttemptsNeedsAFilter) {
  InTx([](db::Tx& tx) -> absl::Status {
    ZWGK_RETURN_IF_ERROR(InsertAttempt(tx, "10.0.0.1", "n1", "T1"));
    ZWGK_RETURN_IF_ERROR(InsertAttempt(tx, "10.0.0.2", "n1", "T2"));
    return InsertAttempt(tx, "10.0.0.1", "n2", "T3");
  });
  absl::Status all = db_->Transaction(
      [](db::Tx& tx) { return DeleteAttempts(tx, AttemptFilter{}); });
  EXPECT_TRUE(absl::IsInvalidArgument(all)) << all;
  InTx([](db::Tx& tx) {
    return DeleteAttempts(tx, {.name_hash = "n1", .address = "10.0.0.1"});
  });
  EXPECT_THAT(Times({.name_hash = "n1"}, 10), ElementsAre("T2"));
  InTx([](db::Tx& tx) { return DeleteAttemptsUpTo(tx, "T2"); });
  EXPECT_THAT(Times({.address = "10.0.0.1"}, 10), ElementsAre("T3"));
}

TEST_P(AuthStoreTest, DeleteUserSessionsKeepsOnlyTheOneNamed) {
  int64_t a = AddAdmin("a");
  int64_t b = AddAdmin("b");
  InTx([&](db::Tx& tx) -> absl::Status {
    for (const auto& [id, user] : std::vector<std::pair<std::string, int64_t>>{
             {"s1", a}, {"s2", a}, {"s3", a}, {"s4", b}}) {
      ZWGK_RETURN_IF_ERROR(InsertSession(tx, {.id = id,
                                              .user_id = user,
                                              .csrf_token = "c-" + id,
                                              .created_at = "T",
                                              .last_seen_at = "T"}));
    }
    return absl::OkStatus();
  });
  absl::StatusOr<int64_t> ended = db_->InTransaction<int64_t>(
      [&](db::Tx& tx) { return DeleteUserSessions(tx, a, "s2"); });
  EXPECT_EQ(ended.value_or(-1), 2);
  absl::StatusOr<std::optional<SessionOwner>> kept =
      db_->InTransaction<std::optional<SessionOwner>>(
          [](db::Tx& tx) { return FindSession(tx, "s2"); });
  ASSERT_TRUE(kept.ok()) << kept.status();
  ASSERT_TRUE(kept->has_value());
  EXPECT_EQ((*kept)->user.name, "a");
  EXPECT_EQ((*kept)->csrf_token, "c-s2");
  ended = db_->InTransaction<int64_t>(
      [&](db::Tx& tx) { return DeleteUserSessions(tx, a); });
  EXPECT_EQ(ended.value_or(-1), 1);
  absl::StatusOr<std::optional<SessionOwner>> other =
      db_->InTransaction<std::optional<SessionOwner>>(
          [](db::Tx& tx) { return FindSession(tx, "s4"); });
  ASSERT_TRUE(other.ok());
  EXPECT_TRUE(other->has_value());  // another user's session stays
}

TEST_P(AuthStoreTest, UsersAreUniqueByNameAndUnlockIsConditional) {
  int64_t id = AddAdmin("gongkaiban");
  absl::Status dup = db_->Transaction([](db::Tx& tx) {
    return InsertUser(tx, {.name = "gongkaiban", .created_at = "T"}, "h")
        .status();
  });
  EXPECT_TRUE(absl::IsAlreadyExists(dup)) << dup;
  absl::StatusOr<std::optional<User>> missing =
      db_->InTransaction<std::optional<User>>(
          [](db::Tx& tx) { return FindUser(tx, "nobody"); });
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());

  const struct {
    const char* locked_until;  // nullptr: not locked
    bool disabled;
    bool cleared;
  } cases[] = {
      {nullptr, false, true},
      {"2026-03-02T01:00:00Z", false, true},  // lock expired at "now"
      {"2026-03-02T01:00:01Z", false, false},
      {nullptr, true, false},
  };
  for (const auto& c : cases) {
    InTx([&](db::Tx& tx) -> absl::Status {
      ZWGK_RETURN_IF_ERROR(c.disabled ? DisableUser(tx, id)
                                      : EnableUser(tx, id));
      if (c.locked_until) return SetLockedUntil(tx, id, c.locked_until);
      return absl::OkStatus();
    });
    absl::StatusOr<bool> cleared = db_->InTransaction<bool>([&](db::Tx& tx) {
      return ClearFailuresIfAdmitted(tx, id, "2026-03-02T01:00:00Z");
    });
    ASSERT_TRUE(cleared.ok()) << cleared.status();
    EXPECT_EQ(*cleared, c.cleared)
        << (c.locked_until ? c.locked_until : "unlocked") << " " << c.disabled;
    absl::StatusOr<LoginBlock> block = db_->InTransaction<LoginBlock>(
        [&](db::Tx& tx) { return GetLoginBlock(tx, {.id = id}); });
    ASSERT_TRUE(block.ok());
    EXPECT_EQ(block->disabled, c.disabled);
    if (c.cleared) {
      EXPECT_EQ(block->locked_until, std::nullopt);
    } else if (c.locked_until) {
      EXPECT_THAT(block->locked_until, Optional(std::string(c.locked_until)));
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Engines, AuthStoreTest,
                         ::testing::ValuesIn(zwgk::testing::DatabaseKinds()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace zwgk::auth::store
