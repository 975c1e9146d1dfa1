// Backup and restore round trip (issue 20) on a generated site: records
// with attachments, applications in several states, users with passwords,
// the seeded catalogs. The restored database must equal the original table
// by table, row by row, and every blob byte for byte; a damaged archive is
// refused and leaves the target as it was.
#include "ops/backup.h"

#include <zip.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "app/app.h"
#include "applications/generate.h"
#include "applications/module.h"
#include "auth/module.h"
#include "catalog/module.h"
#include "core/crypto.h"
#include "core/testing.h"
#include "gtest/gtest.h"
#include "org/module.h"
#include "publishing/generate.h"
#include "publishing/module.h"
#include "search/module.h"

namespace zwgk::ops {
namespace {

namespace fs = std::filesystem;

const absl::Time kNow = absl::FromCivil(
    absl::CivilSecond(2026, 11, 27, 10, 0, 0), absl::UTCTimeZone());

std::string ReadAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// A fresh, empty PostgreSQL database on the test server: its URL.
std::string NewPgDatabase() {
  std::string base = std::getenv("ZWGK_TEST_PG_URL");
  auto admin = db::Database::Open(base);
  EXPECT_TRUE(admin.ok()) << admin.status();
  if (!admin.ok()) return "";
  std::string name = absl::StrCat("zwgk_bk_", crypto::RandomHex(6));
  auto created = (*admin)->Query(absl::StrCat("CREATE DATABASE ", name));
  EXPECT_TRUE(created.ok()) << created.status();
  size_t scheme = base.find("://");
  size_t slash = base.find('/', scheme + 3);
  size_t q = base.find('?', scheme + 3);
  std::string query = q == std::string::npos ? "" : base.substr(q);
  std::string prefix = base.substr(
      0, slash == std::string::npos ? (q == std::string::npos ? base.size() : q)
                                    : slash);
  return absl::StrCat(prefix, "/", name, query);
}

bool OnPath(const char* program) {
  return std::system(absl::StrCat("command -v ", program, " >/dev/null 2>&1")
                         .c_str()) == 0;
}

template <typename M>
M& ModuleOf(App& app, const char* name) {
  return *static_cast<M*>(app.module(name));
}

// Every row of every table, as text, sorted: the database's content.
std::map<std::string, std::vector<std::string>> Dump(db::Database& db) {
  std::map<std::string, std::vector<std::string>> out;
  const char* list =
      db.dialect() == db::Dialect::kSqlite
          ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT "
            "LIKE 'sqlite_%' ORDER BY name"
          : "SELECT table_name FROM information_schema.tables WHERE "
            "table_schema = current_schema() AND table_type = 'BASE TABLE'";
  auto tables = db.Query(list);
  EXPECT_TRUE(tables.ok()) << tables.status();
  if (!tables.ok()) return out;
  for (const db::Row& t : tables->rows) {
    auto rows = db.Query(absl::StrCat("SELECT * FROM \"", t.Text(0), "\""));
    EXPECT_TRUE(rows.ok()) << rows.status();
    if (!rows.ok()) continue;
    std::vector<std::string>& lines = out[t.Text(0)];
    for (const db::Row& r : rows->rows) {
      std::string line;
      for (size_t i = 0; i < r.size(); ++i)
        absl::StrAppend(&line, r.IsNull(i) ? "\\N" : r.Text(i), "\x1f");
      lines.push_back(std::move(line));
    }
    std::sort(lines.begin(), lines.end());
  }
  return out;
}

std::map<std::string, std::string> Blobs(const fs::path& data_dir) {
  std::map<std::string, std::string> out;
  fs::path root = data_dir / "blobs";
  if (!fs::exists(root)) return out;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (e.is_regular_file())
      out[fs::relative(e.path(), root).string()] = ReadAll(e.path());
  }
  return out;
}

class BackupTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres") {
      if (!OnPath("pg_dump") || !OnPath("pg_restore"))
        GTEST_SKIP() << "pg_dump/pg_restore not on PATH: PostgreSQL round "
                        "trip not run";
    }
    root_ = fs::path(::testing::TempDir()) /
            absl::StrCat("zwgk-backup-", crypto::RandomHex(4));
    fs::create_directories(root_);
  }
  void TearDown() override {
    std::error_code ec;
    if (!root_.empty()) fs::remove_all(root_, ec);
  }

  Config ConfigFor(const std::string& name) {
    fs::path dir = root_ / name;
    std::string url = GetParam() == "sqlite"
                          ? absl::StrCat("sqlite:", (dir / "zwgk.db").string())
                          : NewPgDatabase();
    return Config{.data_dir = dir.string(), .db = url};
  }

  // A site with data in every part the issue names.
  void BuildSite(App& app) {
    ASSERT_TRUE(app.Open().ok());
    ASSERT_TRUE(app.Seed().ok());
    auto& org = ModuleOf<org::OrgModule>(app, "org").service();
    auto& catalog = ModuleOf<catalog::CatalogModule>(app, "catalog").service();
    auto& pub = ModuleOf<publishing::PublishingModule>(app, "publishing");
    auto& apps =
        ModuleOf<applications::ApplicationsModule>(app, "applications");
    auto& auth = ModuleOf<auth::AuthModule>(app, "auth").service();
    auto n = publishing::GenerateRecords(
        app.db(), org, catalog,
        {.records = 300, .to = absl::CivilDay(2026, 11, 27)});
    ASSERT_TRUE(n.ok()) << n.status();
    auto a = applications::GenerateApplications(
        apps.service(), {.count = 40, .to = absl::CivilDay(2026, 11, 27)});
    ASSERT_TRUE(a.ok()) << a.status();
    auto drafts = app.db().Query(
        "SELECT id, unit_id FROM pub_records WHERE status = 'draft' ORDER BY "
        "id LIMIT 3");
    ASSERT_TRUE(drafts.ok()) << drafts.status();
    ASSERT_FALSE(drafts->rows.empty());
    for (const db::Row& r : drafts->rows) {
      auto user =
          auth.AddUser(SystemActor(), {.name = absl::StrCat("editor", r.Int(0)),
                                       .role = "unit_editor",
                                       .unit = absl::StrCat(r.Int(1)),
                                       .password = "Zwgk-Test-2026"});
      ASSERT_TRUE(user.ok()) << user.status();
      Actor editor{.user_id = user->id,
                   .name = user->name,
                   .role = Role::kUnitEditor,
                   .unit_id = r.Int(1)};
      // One small file and one larger than the copy buffer.
      std::string pdf = absl::StrCat("%PDF-1.4\n% record ", r.Int(0), "\n");
      for (int i = 0; i < 30000; ++i)
        absl::StrAppend(&pdf, "% line ", i * r.Int(0), " of padding\n");
      absl::StrAppend(&pdf, "1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");
      for (const std::string& bytes :
           {absl::StrCat("%PDF-1.4\n% ", r.Int(0),
                         "\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"),
            pdf}) {
        auto added =
            pub.service().AddAttachment(editor, r.Int(0), "附件.pdf", bytes);
        ASSERT_TRUE(added.ok()) << added.status();
        ++attachments_;
      }
    }
  }

  fs::path root_;
  int64_t attachments_ = 0;  // added by BuildSite, each a distinct blob
};

TEST_P(BackupTest, RoundTripKeepsEveryRowAndBlob) {
  Config source = ConfigFor("source");
  FakeClock clock(kNow);
  auto app = std::make_unique<App>(source, clock);
  ASSERT_NO_FATAL_FAILURE(BuildSite(*app));
  const std::string archive = (root_ / "site.zip").string();

  // Taken while the application (as a running server) holds the database.
  auto backup = Backup(
      {.db_url = source.db, .data_dir = source.data_dir, .output = archive});
  ASSERT_TRUE(backup.ok()) << backup.status();
  ASSERT_GE(attachments_, 2);
  EXPECT_EQ(backup->blobs, attachments_);
  EXPECT_FALSE(fs::exists(archive + ".tmp"));
  EXPECT_FALSE(fs::exists(archive + ".work"));
  const Manifest& m = backup->manifest;
  EXPECT_EQ(m.format_version, kFormatVersion);
  EXPECT_GT(m.schema.at("core"), 0);
  EXPECT_GT(m.schema.at("publishing"), 0);
  EXPECT_GE(m.tables.at("pub_records"), 300);
  EXPECT_EQ(m.tables.at("pub_attachments"), attachments_);
  EXPECT_GT(m.tables.at("catalog_items"), 0);
  EXPECT_FALSE(m.search_included);

  db::Database& src_db = app->db();
  auto states = src_db.Query("SELECT COUNT(DISTINCT state) FROM applications");
  ASSERT_TRUE(states.ok());
  EXPECT_GE(states->rows[0].Int(0), 3) << "applications in several states";
  const auto want_rows = Dump(src_db);
  const auto want_blobs = Blobs(source.data_dir);
  ASSERT_EQ(static_cast<int64_t>(want_blobs.size()), attachments_);

  Config target = ConfigFor("target");
  auto restored = Restore(
      {.archive = archive, .db_url = target.db, .data_dir = target.data_dir});
  ASSERT_TRUE(restored.ok()) << restored.status();
  EXPECT_EQ(restored->blobs, attachments_);
  {
    auto db = db::Database::Open(target.db);
    ASSERT_TRUE(db.ok());
    auto got_rows = Dump(**db);
    ASSERT_EQ(got_rows.size(), want_rows.size());
    for (const auto& [table, rows] : want_rows) {
      EXPECT_EQ(got_rows[table], rows) << "table " << table;
    }
  }
  EXPECT_EQ(Blobs(target.data_dir), want_blobs);
  for (const auto& e : fs::directory_iterator(target.data_dir))
    EXPECT_FALSE(absl::StartsWith(e.path().filename().string(), ".restore-"))
        << e.path();

  // A second restore into the now non-empty target is refused.
  auto again = Restore(
      {.archive = archive, .db_url = target.db, .data_dir = target.data_dir});
  EXPECT_EQ(again.status().code(), absl::StatusCode::kFailedPrecondition);

  // The restored site opens, and its search index (not in the archive) is
  // rebuilt to match the database: `zwgk search check` would say 一致.
  app.reset();
  FakeClock clock2(kNow);
  App restored_app(target, clock2);
  ASSERT_TRUE(restored_app.Open().ok());
  auto check =
      ModuleOf<search::SearchModule>(restored_app, "search").service().Check();
  ASSERT_TRUE(check.ok()) << check.status();
  EXPECT_TRUE(check->ok());
  EXPECT_GT(check->index_public, 0);
}

// Writes a copy of `from` whose manifest lists a different SHA-256 for the
// entry `path` (the zip itself stays valid: only our check can catch it).
void TamperManifest(const std::string& from, const std::string& to,
                    const std::string& path) {
  fs::copy_file(from, to, fs::copy_options::overwrite_existing);
  int err = 0;
  zip_t* za = zip_open(to.c_str(), 0, &err);
  ASSERT_NE(za, nullptr);
  zip_int64_t idx = zip_name_locate(za, "manifest.json", 0);
  ASSERT_GE(idx, 0);
  zip_file_t* f = zip_fopen_index(za, idx, 0);
  std::string text;
  char buf[4096];
  for (zip_int64_t n; (n = zip_fread(f, buf, sizeof buf)) > 0;)
    text.append(buf, static_cast<size_t>(n));
  zip_fclose(f);
  size_t at = text.find(absl::StrCat("\"path\": \"", path, "\""));
  ASSERT_NE(at, std::string::npos) << text.substr(0, 500);
  size_t sha = text.find("\"sha256\": \"", at) + 11;
  text[sha] = text[sha] == 'a' ? 'b' : 'a';
  static std::string keep;
  keep = text;
  zip_source_t* src = zip_source_buffer(za, keep.data(), keep.size(), 0);
  ASSERT_GE(zip_file_replace(za, idx, src, 0), 0);
  ASSERT_EQ(zip_close(za), 0);
}

TEST_P(BackupTest, DamagedArchiveIsRefusedAndTargetKept) {
  Config source = ConfigFor("source");
  FakeClock clock(kNow);
  {
    App app(source, clock);
    ASSERT_NO_FATAL_FAILURE(BuildSite(app));
  }
  const std::string archive = (root_ / "site.zip").string();
  auto backup = Backup(
      {.db_url = source.db, .data_dir = source.data_dir, .output = archive});
  ASSERT_TRUE(backup.ok()) << backup.status();
  Config target = ConfigFor("target");
  ASSERT_TRUE(Restore({.archive = archive,
                       .db_url = target.db,
                       .data_dir = target.data_dir})
                  .ok());
  auto db = db::Database::Open(target.db);
  ASSERT_TRUE(db.ok());
  const auto before_rows = Dump(**db);
  const auto before_blobs = Blobs(target.data_dir);
  // Something a failed restore would have to undo: a row only the target
  // has, and a blob the archive does not hold.
  ASSERT_TRUE((*db)
                  ->Query("DELETE FROM pub_attachments WHERE id IN (SELECT "
                          "MIN(id) FROM pub_attachments)")
                  .ok());
  const auto changed_rows = Dump(**db);
  ASSERT_NE(changed_rows, before_rows);

  std::string blob_entry = backup->manifest.files.back().path;
  std::string db_entry = backup->manifest.files.front().path;
  struct Case {
    std::string name;
    std::function<void(const std::string&)> damage;
  };
  std::vector<Case> cases = {
      {"flipped byte in the middle",
       [&](const std::string& to) {
         std::string bytes = ReadAll(archive);
         bytes[bytes.size() / 2] ^= 0x5a;
         std::ofstream(to, std::ios::binary) << bytes;
       }},
      {"truncated",
       [&](const std::string& to) {
         std::string bytes = ReadAll(archive);
         std::ofstream(to, std::ios::binary)
             << bytes.substr(0, bytes.size() * 2 / 3);
       }},
      {"manifest hash of a blob changed",
       [&](const std::string& to) { TamperManifest(archive, to, blob_entry); }},
      {"manifest hash of the database changed",
       [&](const std::string& to) { TamperManifest(archive, to, db_entry); }},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    std::string bad = (root_ / "bad.zip").string();
    ASSERT_NO_FATAL_FAILURE(c.damage(bad));
    auto r = Restore({.archive = bad,
                      .db_url = target.db,
                      .data_dir = target.data_dir,
                      .force = true});
    EXPECT_FALSE(r.ok());
    EXPECT_EQ(Dump(**db), changed_rows);
    EXPECT_EQ(Blobs(target.data_dir), before_blobs);
    for (const auto& e : fs::directory_iterator(target.data_dir))
      EXPECT_FALSE(absl::StartsWith(e.path().filename().string(), ".restore-"));
  }

  // With --force the intact archive replaces the changed target.
  db->reset();
  auto forced = Restore({.archive = archive,
                         .db_url = target.db,
                         .data_dir = target.data_dir,
                         .force = true});
  ASSERT_TRUE(forced.ok()) << forced.status();
  auto reopened = db::Database::Open(target.db);
  ASSERT_TRUE(reopened.ok());
  EXPECT_EQ(Dump(**reopened), before_rows);
}

TEST(BackupBlobTest, CorruptBlobInSourceFailsTheBackup) {
  fs::path dir = fs::path(::testing::TempDir()) /
                 absl::StrCat("zwgk-backup-blob-", crypto::RandomHex(4));
  {
    FakeClock clock(kNow);
    App app(Config{.data_dir = dir.string(),
                   .db = absl::StrCat("sqlite:", (dir / "zwgk.db").string())},
            clock);
    ASSERT_TRUE(app.Open().ok());
  }
  std::string hex(64, 'a');
  fs::path blob = dir / "blobs" / "aa" / "aa" / hex;
  fs::create_directories(blob.parent_path());
  std::ofstream(blob) << "not the bytes this name promises";
  auto r =
      Backup({.db_url = absl::StrCat("sqlite:", (dir / "zwgk.db").string()),
              .data_dir = dir.string(),
              .output = (dir / "out.zip").string()});
  EXPECT_EQ(r.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(r.status().message().find(hex), std::string::npos);
  EXPECT_FALSE(fs::exists(dir / "out.zip"));
  std::error_code ec;
  fs::remove_all(dir, ec);
}

INSTANTIATE_TEST_SUITE_P(Engines, BackupTest,
                         ::testing::ValuesIn(zwgk::testing::DatabaseKinds()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace zwgk::ops
