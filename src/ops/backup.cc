#include "ops/backup.h"

#include <fcntl.h>
#include <sodium.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zip.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "content/blob_store.h"
#include "core/crypto.h"
#include "core/db.h"
#include "core/json.h"
#include "core/status.h"
#include "nlohmann/json.hpp"
#include "ops/store.h"

extern char** environ;

namespace zwgk::ops {
namespace {

namespace fs = std::filesystem;

constexpr char kManifestName[] = "manifest.json";
constexpr char kSqliteEntry[] = "db/zwgk.db";
constexpr char kPgEntry[] = "db/zwgk.pgdump";
constexpr size_t kChunk = 1 << 20;

bool IsSqlite(absl::string_view url) {
  return absl::StartsWith(url, "sqlite:");
}
bool IsPostgres(absl::string_view url) {
  return absl::StartsWith(url, "postgresql://") ||
         absl::StartsWith(url, "postgres://");
}

absl::StatusOr<std::string> SqlitePath(absl::string_view url) {
  std::string path(url.substr(7));
  if (path.empty() || path == ":memory:")
    return absl::InvalidArgumentError("内存数据库无法备份或恢复，请配置 db");
  return path;
}

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
      .count();
}

class Sha256 {
 public:
  Sha256() { crypto_hash_sha256_init(&state_); }
  void Update(const char* data, size_t n) {
    crypto_hash_sha256_update(&state_,
                              reinterpret_cast<const unsigned char*>(data), n);
    size_ += static_cast<int64_t>(n);
  }
  std::string Hex() {
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&state_, digest);
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    return hex;
  }
  int64_t size() const { return size_; }

 private:
  crypto_hash_sha256_state state_;
  int64_t size_ = 0;
};

absl::StatusOr<ManifestFile> HashFile(const fs::path& file,
                                      std::string archive_path) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return absl::InternalError(absl::StrCat("无法读取 ", file.string()));
  Sha256 h;
  std::string buf(kChunk, '\0');
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    h.Update(buf.data(), static_cast<size_t>(in.gcount()));
  }
  if (in.bad())
    return absl::InternalError(absl::StrCat("读取失败：", file.string()));
  return ManifestFile{
      .path = std::move(archive_path), .size = h.size(), .sha256 = h.Hex()};
}

// Runs a program (no shell) and waits for it; its output goes to ours.
absl::Status RunProgram(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (const std::string& a : args)
    argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, argv[0], nullptr, nullptr, argv.data(), environ);
  if (rc != 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("无法运行 ", args[0], "（", std::strerror(rc),
                     "）：PostgreSQL 的备份与恢复需要 PostgreSQL 客户端工具"));
  }
  int status = 0;
  if (waitpid(pid, &status, 0) < 0)
    return absl::InternalError(absl::StrCat("等待 ", args[0], " 失败"));
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return absl::InternalError(
        absl::StrCat(args[0], " 失败（退出码 ",
                     WIFEXITED(status) ? WEXITSTATUS(status) : -1, "）"));
  }
  return absl::OkStatus();
}

// --- The manifest ---------------------------------------------------------

nlohmann::json ToJson(const Manifest& m) {
  nlohmann::json files = nlohmann::json::array();
  for (const ManifestFile& f : m.files)
    files.push_back({{"path", f.path}, {"size", f.size}, {"sha256", f.sha256}});
  return {{"format", "zwgk-backup"},
          {"format_version", m.format_version},
          {"created_at", m.created_at},
          {"engine", m.engine},
          {"schema", m.schema},
          {"tables", m.tables},
          {"files", files},
          {"search",
           {{"included", m.search_included},
            {"after_restore",
             "检索索引未包含在备份中：恢复后 zwgk serve 启动时自动重建（2万条以"
             "内），更多时请运行 zwgk search reindex"}}}};
}

absl::Status BadManifest(absl::string_view why) {
  return absl::DataLossError(absl::StrCat("备份文件的清单无效：", why));
}

absl::StatusOr<std::map<std::string, int64_t>> IntMap(const nlohmann::json& j,
                                                      absl::string_view key) {
  std::map<std::string, int64_t> out;
  auto it = j.find(std::string(key));
  if (it == j.end() || !it->is_object())
    return BadManifest(absl::StrCat("缺少 ", key));
  for (const auto& [k, v] : it->items()) {
    if (!v.is_number_integer())
      return BadManifest(absl::StrCat(key, ".", k, " 不是整数"));
    out[k] = v.get<int64_t>();
  }
  return out;
}

absl::StatusOr<Manifest> FromJson(absl::string_view text) {
  ZWGK_ASSIGN_OR_RETURN(
      nlohmann::json j,
      ParseJson(text, {.max_depth = 8, .max_bytes = size_t{1} << 30}));
  if (!j.is_object() || j.value("format", "") != "zwgk-backup")
    return BadManifest("不是 zwgk 备份");
  Manifest m;
  auto version = j.find("format_version");
  if (version == j.end() || !version->is_number_integer())
    return BadManifest("缺少 format_version");
  m.format_version = version->get<int>();
  if (m.format_version < 1 || m.format_version > kFormatVersion) {
    return absl::FailedPreconditionError(absl::StrCat(
        "备份格式版本 ", m.format_version, " 不受本版本支持（支持 1–",
        kFormatVersion, "）：请使用更新的 zwgk 恢复"));
  }
  auto text_field = [&](const char* key) -> std::string {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : "";
  };
  m.created_at = text_field("created_at");
  m.engine = text_field("engine");
  if (m.engine != "sqlite" && m.engine != "postgresql")
    return BadManifest("engine 应为 sqlite 或 postgresql");
  ZWGK_ASSIGN_OR_RETURN(m.schema, IntMap(j, "schema"));
  ZWGK_ASSIGN_OR_RETURN(m.tables, IntMap(j, "tables"));
  auto files = j.find("files");
  if (files == j.end() || !files->is_array()) return BadManifest("缺少 files");
  for (const nlohmann::json& f : *files) {
    if (!f.is_object() || !f.contains("path") || !f["path"].is_string() ||
        !f.contains("size") || !f["size"].is_number_integer() ||
        !f.contains("sha256") || !f["sha256"].is_string())
      return BadManifest("files 中有一项缺少 path、size 或 sha256");
    m.files.push_back({.path = f["path"].get<std::string>(),
                       .size = f["size"].get<int64_t>(),
                       .sha256 = f["sha256"].get<std::string>()});
  }
  return m;
}

// The one database entry of an engine, and blobs named for their content
// in the blob store's layout: nothing else may be written on restore.
absl::Status CheckEntryPaths(const Manifest& m) {
  const std::string db_entry = m.engine == "sqlite" ? kSqliteEntry : kPgEntry;
  std::set<std::string> seen;
  bool has_db = false;
  for (const ManifestFile& f : m.files) {
    if (!seen.insert(f.path).second)
      return BadManifest(absl::StrCat("重复的文件 ", f.path));
    if (!content::IsSha256Hex(f.sha256) || f.size < 0)
      return BadManifest(absl::StrCat(f.path, " 的校验值无效"));
    if (f.path == db_entry) {
      has_db = true;
      continue;
    }
    std::vector<std::string> parts = absl::StrSplit(f.path, '/');
    if (parts.size() != 4 || parts[0] != "blobs" ||
        !content::IsSha256Hex(parts[3]) || parts[1] != parts[3].substr(0, 2) ||
        parts[2] != parts[3].substr(2, 2) || parts[3] != f.sha256)
      return BadManifest(absl::StrCat("不允许的文件路径 ", f.path));
  }
  if (!has_db) return BadManifest(absl::StrCat("缺少数据库文件 ", db_entry));
  return absl::OkStatus();
}

// --- Reading what a database holds ------------------------------------------

struct Facts {
  std::map<std::string, int64_t> schema;
  std::map<std::string, int64_t> tables;
};

absl::StatusOr<Facts> ReadFacts(db::Tx& tx) {
  Facts f;
  ZWGK_ASSIGN_OR_RETURN(f.schema, store::SchemaVersions(tx));
  ZWGK_ASSIGN_OR_RETURN(std::vector<std::string> tables, store::ListTables(tx));
  ZWGK_ASSIGN_OR_RETURN(f.tables, store::CountRows(tx, tables));
  return f;
}

absl::StatusOr<Facts> ReadFacts(db::Database& db) {
  return db.InTransaction<Facts>(
      [](db::Tx& tx) -> absl::StatusOr<Facts> { return ReadFacts(tx); });
}

// Rows per table of the restored database against the manifest.
absl::Status CompareCounts(const Manifest& m, const Facts& restored) {
  std::vector<std::string> diffs;
  for (const auto& [table, n] : m.tables) {
    auto it = restored.tables.find(table);
    int64_t got = it == restored.tables.end() ? -1 : it->second;
    if (got != n)
      diffs.push_back(
          absl::StrCat(table, "（清单 ", n, " 行，恢复后 ",
                       got < 0 ? "无此表" : absl::StrCat(got, " 行"), "）"));
  }
  if (diffs.empty()) return absl::OkStatus();
  return absl::DataLossError(
      absl::StrCat("恢复的数据库与清单不符：", absl::StrJoin(diffs, "；")));
}

// --- SQLite snapshot
// ----------------------------------------------------------

// A consistent copy of a live database (WAL: the server keeps writing).
absl::Status SnapshotSqlite(const std::string& from, const std::string& to) {
  if (!fs::exists(from))
    return absl::NotFoundError(absl::StrCat("数据库文件不存在：", from));
  sqlite3* src = nullptr;
  sqlite3* dst = nullptr;
  auto close = [&] {
    sqlite3_close(src);
    sqlite3_close(dst);
  };
  if (sqlite3_open_v2(from.c_str(), &src, SQLITE_OPEN_READONLY, nullptr) !=
          SQLITE_OK ||
      sqlite3_open_v2(to.c_str(), &dst,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                      nullptr) != SQLITE_OK) {
    std::string why = sqlite3_errmsg(src ? src : dst);
    close();
    return absl::UnavailableError(absl::StrCat("无法打开数据库：", why));
  }
  sqlite3_busy_timeout(src, 10000);
  sqlite3_backup* b = sqlite3_backup_init(dst, "main", src, "main");
  if (!b) {
    std::string why = sqlite3_errmsg(dst);
    close();
    return absl::InternalError(absl::StrCat("无法开始备份：", why));
  }
  // One step copies every page inside one read transaction: a snapshot,
  // while writers go on appending to the WAL.
  int rc = SQLITE_OK;
  for (int attempt = 0; attempt < 50; ++attempt) {
    rc = sqlite3_backup_step(b, -1);
    if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) break;
    sqlite3_sleep(200);
  }
  sqlite3_backup_finish(b);
  std::string why = sqlite3_errmsg(dst);
  close();
  if (rc != SQLITE_DONE)
    return absl::UnavailableError(absl::StrCat("数据库备份失败：", why));
  return absl::OkStatus();
}

// Empties the WAL into the database file, so the file alone is the data.
absl::Status CheckpointSqlite(const std::string& path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) !=
      SQLITE_OK) {
    std::string why = sqlite3_errmsg(db);
    sqlite3_close(db);
    return absl::UnavailableError(absl::StrCat("无法打开 ", path, "：", why));
  }
  sqlite3_busy_timeout(db, 10000);
  int rc = sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_TRUNCATE,
                                     nullptr, nullptr);
  std::string why = sqlite3_errmsg(db);
  sqlite3_close(db);
  if (rc != SQLITE_OK) {
    return absl::UnavailableError(absl::StrCat("目标数据库正被使用（", why,
                                               "）：请先停止 zwgk 服务再恢复"));
  }
  return absl::OkStatus();
}

// --- The archive
// ----------------------------------------------------------------

class ZipWriter {
 public:
  static absl::StatusOr<std::unique_ptr<ZipWriter>> Create(
      const std::string& path) {
    int err = 0;
    zip_t* za = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
    if (!za) {
      return absl::InternalError(
          absl::StrCat("无法创建备份文件 ", path, "（libzip ", err, "）"));
    }
    return std::unique_ptr<ZipWriter>(new ZipWriter(za));
  }
  ~ZipWriter() {
    if (za_) zip_discard(za_);
  }
  absl::Status AddFile(const std::string& name, const std::string& file) {
    zip_source_t* src = zip_source_file(za_, file.c_str(), 0, 0);
    return Add(name, src);
  }
  absl::Status AddBuffer(const std::string& name, const std::string& bytes) {
    keep_.push_back(std::make_unique<std::string>(bytes));
    zip_source_t* src =
        zip_source_buffer(za_, keep_.back()->data(), keep_.back()->size(), 0);
    return Add(name, src);
  }
  absl::Status Close() {
    if (zip_close(za_) != 0) {
      std::string why = zip_strerror(za_);
      return absl::InternalError(absl::StrCat("写入备份文件失败：", why));
    }
    za_ = nullptr;
    return absl::OkStatus();
  }

 private:
  explicit ZipWriter(zip_t* za) : za_(za) {}
  absl::Status Add(const std::string& name, zip_source_t* src) {
    if (!src) return absl::InternalError(zip_strerror(za_));
    zip_int64_t idx = zip_file_add(za_, name.c_str(), src, ZIP_FL_ENC_UTF_8);
    if (idx < 0) {
      zip_source_free(src);
      return absl::InternalError(
          absl::StrCat("无法加入 ", name, "：", zip_strerror(za_)));
    }
    // Level 1: most of the gain of deflate on SQLite pages at a fraction
    // of the time; already compressed uploads are stored as they are.
    zip_set_file_compression(za_, static_cast<zip_uint64_t>(idx),
                             ZIP_CM_DEFLATE, 1);
    return absl::OkStatus();
  }
  zip_t* za_;
  std::vector<std::unique_ptr<std::string>> keep_;
};

class ZipReader {
 public:
  static absl::StatusOr<std::unique_ptr<ZipReader>> Open(
      const std::string& path) {
    int err = 0;
    zip_t* za = zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &err);
    if (!za) {
      zip_error_t ze;
      zip_error_init_with_code(&ze, err);
      std::string why = zip_error_strerror(&ze);
      zip_error_fini(&ze);
      return absl::DataLossError(
          absl::StrCat("备份文件 ", path, " 无法读取或已损坏：", why));
    }
    return std::unique_ptr<ZipReader>(new ZipReader(za));
  }
  ~ZipReader() { zip_close(za_); }

  std::vector<std::string> Names() const {
    std::vector<std::string> out;
    zip_int64_t n = zip_get_num_entries(za_, 0);
    for (zip_int64_t i = 0; i < n; ++i) {
      const char* name = zip_get_name(za_, static_cast<zip_uint64_t>(i), 0);
      out.push_back(name ? name : "");
    }
    return out;
  }

  // Streams one entry to `sink`; libzip checks the entry's CRC at its end.
  absl::Status Read(
      const std::string& name,
      const std::function<absl::Status(const char*, size_t)>& sink) {
    zip_file_t* f = zip_fopen(za_, name.c_str(), 0);
    if (!f) {
      return absl::DataLossError(
          absl::StrCat("备份文件缺少 ", name, "：", zip_strerror(za_)));
    }
    std::string buf(kChunk, '\0');
    absl::Status status;
    while (status.ok()) {
      zip_int64_t n = zip_fread(f, buf.data(), buf.size());
      if (n < 0) {
        status = absl::DataLossError(absl::StrCat(
            "备份文件中的 ", name, " 已损坏：", zip_file_strerror(f)));
        break;
      }
      if (n == 0) break;
      status = sink(buf.data(), static_cast<size_t>(n));
    }
    zip_fclose(f);
    return status;
  }

 private:
  explicit ZipReader(zip_t* za) : za_(za) {}
  zip_t* za_;
};

absl::StatusOr<Manifest> ReadManifestFrom(ZipReader& zip) {
  std::string text;
  ZWGK_RETURN_IF_ERROR(zip.Read(kManifestName, [&](const char* p, size_t n) {
    text.append(p, n);
    return absl::OkStatus();
  }));
  return FromJson(text);
}

// Every file of the blob store, each checked against its name.
absl::StatusOr<std::vector<ManifestFile>> CollectBlobs(
    const fs::path& root, std::vector<std::string>& sources) {
  std::vector<ManifestFile> out;
  std::error_code ec;
  if (!fs::exists(root, ec)) return out;
  std::vector<std::string> bad;
  for (auto it = fs::recursive_directory_iterator(root, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    std::string name = it->path().filename().string();
    // Temp files of a write in progress start with "."; skipped.
    if (!content::IsSha256Hex(name)) continue;
    std::string rel = absl::StrCat("blobs/", name.substr(0, 2), "/",
                                   name.substr(2, 2), "/", name);
    if (fs::relative(it->path(), root.parent_path()).generic_string() != rel)
      continue;  // not where the store would look for it
    ZWGK_ASSIGN_OR_RETURN(ManifestFile f, HashFile(it->path(), rel));
    if (f.sha256 != name) {
      bad.push_back(it->path().string());
      continue;
    }
    out.push_back(std::move(f));
    sources.push_back(it->path().string());
  }
  if (ec) {
    return absl::InternalError(
        absl::StrCat("无法读取附件目录 ", root.string(), "：", ec.message()));
  }
  if (!bad.empty()) {
    return absl::DataLossError(
        absl::StrCat("附件文件内容与其校验名不符（文件已损坏），备份未完成：",
                     absl::StrJoin(bad, "、")));
  }
  return out;
}

std::string NowText() {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", absl::Now(),
                          absl::UTCTimeZone());
}

// Removes a directory tree when it goes out of scope.
struct TempDir {
  fs::path path;
  ~TempDir() {
    std::error_code ec;
    if (!path.empty()) fs::remove_all(path, ec);
  }
};

}  // namespace

absl::StatusOr<BackupSummary> Backup(const BackupOptions& options) {
  auto start = std::chrono::steady_clock::now();
  if (options.output.empty())
    return InvalidFields("请用 -o 指定备份文件", {{"output", "必填"}});
  BackupSummary summary;
  Manifest& m = summary.manifest;
  m.created_at = NowText();
  const std::string tmp_out = options.output + ".tmp";
  TempDir work{.path = fs::path(options.output + ".work")};
  std::error_code ec;
  fs::remove_all(work.path, ec);
  fs::create_directories(work.path, ec);
  if (ec) {
    return absl::InternalError(absl::StrCat(
        "无法创建临时目录 ", work.path.string(), "：", ec.message()));
  }
  std::string db_file;
  if (IsSqlite(options.db_url)) {
    m.engine = "sqlite";
    ZWGK_ASSIGN_OR_RETURN(std::string path, SqlitePath(options.db_url));
    db_file = (work.path / "zwgk.db").string();
    ZWGK_RETURN_IF_ERROR(SnapshotSqlite(path, db_file));
    ZWGK_ASSIGN_OR_RETURN(std::unique_ptr<db::Database> copy,
                          db::Database::Open(absl::StrCat("sqlite:", db_file)));
    ZWGK_ASSIGN_OR_RETURN(Facts facts, ReadFacts(*copy));
    copy.reset();
    m.schema = std::move(facts.schema);
    m.tables = std::move(facts.tables);
    ZWGK_ASSIGN_OR_RETURN(ManifestFile f, HashFile(db_file, kSqliteEntry));
    m.files.push_back(std::move(f));
  } else if (IsPostgres(options.db_url)) {
    m.engine = "postgresql";
    db_file = (work.path / "zwgk.pgdump").string();
    ZWGK_ASSIGN_OR_RETURN(std::unique_ptr<db::Database> db,
                          db::Database::Open(options.db_url));
    // pg_dump reads the snapshot this transaction counts in, while it is
    // held open: the counts in the manifest are those of the dump.
    absl::Status s = db->Transaction([&](db::Tx& tx) -> absl::Status {
      ZWGK_ASSIGN_OR_RETURN(std::string snapshot, store::ExportSnapshot(tx));
      ZWGK_ASSIGN_OR_RETURN(Facts facts, ReadFacts(tx));
      m.schema = std::move(facts.schema);
      m.tables = std::move(facts.tables);
      return RunProgram({options.pg_dump, "-Fc", "--no-owner",
                         absl::StrCat("--snapshot=", snapshot), "-f", db_file,
                         absl::StrCat("--dbname=", options.db_url)});
    });
    ZWGK_RETURN_IF_ERROR(s);
    ZWGK_ASSIGN_OR_RETURN(ManifestFile f, HashFile(db_file, kPgEntry));
    m.files.push_back(std::move(f));
  } else {
    return absl::InvalidArgumentError(
        "数据库地址应为 sqlite:路径 或 postgresql://…");
  }
  // After the snapshot: every attachment the snapshot names was stored
  // before its row committed, so it is here.
  std::vector<std::string> sources = {db_file};
  ZWGK_ASSIGN_OR_RETURN(
      std::vector<ManifestFile> blobs,
      CollectBlobs(fs::path(options.data_dir) / "blobs", sources));
  summary.blobs = static_cast<int64_t>(blobs.size());
  m.files.insert(m.files.end(), blobs.begin(), blobs.end());

  {
    ZWGK_ASSIGN_OR_RETURN(std::unique_ptr<ZipWriter> zip,
                          ZipWriter::Create(tmp_out));
    ZWGK_RETURN_IF_ERROR(zip->AddBuffer(kManifestName, ToJson(m).dump(1)));
    for (size_t i = 0; i < m.files.size(); ++i)
      ZWGK_RETURN_IF_ERROR(zip->AddFile(m.files[i].path, sources[i]));
    absl::Status closed = zip->Close();
    if (!closed.ok()) {
      fs::remove(tmp_out, ec);
      return closed;
    }
  }
  fs::rename(tmp_out, options.output, ec);
  if (ec) {
    return absl::InternalError(
        absl::StrCat("无法写入 ", options.output, "：", ec.message()));
  }
  summary.archive_bytes = static_cast<int64_t>(fs::file_size(options.output));
  summary.seconds = SecondsSince(start);
  return summary;
}

absl::StatusOr<Manifest> ReadManifest(absl::string_view archive) {
  ZWGK_ASSIGN_OR_RETURN(std::unique_ptr<ZipReader> zip,
                        ZipReader::Open(std::string(archive)));
  return ReadManifestFrom(*zip);
}

namespace {

// Extracts one entry to `to`, checking its size and SHA-256 on the way.
absl::Status ExtractChecked(ZipReader& zip, const ManifestFile& f,
                            const fs::path& to) {
  std::error_code ec;
  fs::create_directories(to.parent_path(), ec);
  std::ofstream out(to, std::ios::binary | std::ios::trunc);
  if (!out) return absl::InternalError(absl::StrCat("无法写入 ", to.string()));
  Sha256 h;
  ZWGK_RETURN_IF_ERROR(zip.Read(f.path, [&](const char* p, size_t n) {
    h.Update(p, n);
    if (h.size() > f.size)
      return absl::DataLossError(
          absl::StrCat(f.path, " 比清单记录的更长：备份文件已损坏"));
    out.write(p, static_cast<std::streamsize>(n));
    return out ? absl::OkStatus()
               : absl::InternalError(absl::StrCat("写入失败：", to.string()));
  }));
  out.close();
  if (!out) return absl::InternalError(absl::StrCat("写入失败：", to.string()));
  if (h.size() != f.size || h.Hex() != f.sha256) {
    return absl::DataLossError(absl::StrCat(
        "备份文件中的 ", f.path, " 与清单的校验值不符：备份文件已损坏"));
  }
  return absl::OkStatus();
}

// Whether the target already holds data: a database with tables, or files
// in the blob store.
absl::StatusOr<bool> TargetHasData(const RestoreOptions& o) {
  std::error_code ec;
  fs::path blobs = fs::path(o.data_dir) / "blobs";
  if (fs::exists(blobs, ec) && !fs::is_empty(blobs, ec)) return true;
  if (IsSqlite(o.db_url)) {
    ZWGK_ASSIGN_OR_RETURN(std::string path, SqlitePath(o.db_url));
    return fs::exists(path, ec) && fs::file_size(path, ec) > 0;
  }
  ZWGK_ASSIGN_OR_RETURN(std::unique_ptr<db::Database> db,
                        db::Database::Open(o.db_url));
  return db->InTransaction<bool>([](db::Tx& tx) -> absl::StatusOr<bool> {
    ZWGK_ASSIGN_OR_RETURN(std::vector<std::string> t, store::ListTables(tx));
    return !t.empty();
  });
}

// Files moved into the target, moved back (or removed) if the restore
// fails before its commit.
class Undo {
 public:
  void Moved(fs::path from, fs::path to) { moves_.push_back({from, to}); }
  void Added(fs::path p) { added_.push_back(std::move(p)); }
  void Commit() {
    moves_.clear();
    added_.clear();
  }
  ~Undo() {
    std::error_code ec;
    for (const fs::path& p : added_) fs::remove(p, ec);
    for (auto it = moves_.rbegin(); it != moves_.rend(); ++it)
      fs::rename(it->second, it->first, ec);
  }

 private:
  std::vector<std::pair<fs::path, fs::path>> moves_;
  std::vector<fs::path> added_;
};

absl::Status Rename(const fs::path& from, const fs::path& to) {
  std::error_code ec;
  fs::rename(from, to, ec);
  if (ec) {
    return absl::InternalError(absl::StrCat("无法移动 ", from.string(), " 到 ",
                                            to.string(), "：", ec.message()));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<RestoreSummary> Restore(const RestoreOptions& options) {
  auto start = std::chrono::steady_clock::now();
  RestoreSummary summary;
  ZWGK_ASSIGN_OR_RETURN(std::unique_ptr<ZipReader> zip,
                        ZipReader::Open(options.archive));
  ZWGK_ASSIGN_OR_RETURN(summary.manifest, ReadManifestFrom(*zip));
  const Manifest& m = summary.manifest;
  ZWGK_RETURN_IF_ERROR(CheckEntryPaths(m));
  const bool sqlite = IsSqlite(options.db_url);
  if (!sqlite && !IsPostgres(options.db_url))
    return absl::InvalidArgumentError(
        "数据库地址应为 sqlite:路径 或 postgresql://…");
  if ((m.engine == "sqlite") != sqlite) {
    return absl::FailedPreconditionError(absl::StrCat(
        "备份来自 ", m.engine, " 数据库，不能恢复到 ",
        sqlite ? "SQLite" : "PostgreSQL", "（请配置相同类型的数据库）"));
  }
  std::set<std::string> listed = {kManifestName};
  for (const ManifestFile& f : m.files) listed.insert(f.path);
  for (const std::string& name : zip->Names()) {
    if (!listed.count(name))
      return BadManifest(absl::StrCat("备份文件含有清单以外的 ", name));
  }
  ZWGK_ASSIGN_OR_RETURN(bool has_data, TargetHasData(options));
  if (has_data && !options.force) {
    return absl::FailedPreconditionError(
        absl::StrCat("目标已有数据（数据目录 ", options.data_dir,
                     "）：恢复会覆盖它，确认后加 --force"));
  }

  // 1. Everything extracted and checked beside the target (same file
  //    system, so moving it in is a rename).
  const fs::path data_dir(options.data_dir);
  std::error_code ec;
  fs::create_directories(data_dir, ec);
  TempDir staging{.path = data_dir /
                          absl::StrCat(".restore-", crypto::RandomHex(6))};
  fs::create_directories(staging.path, ec);
  if (ec) {
    return absl::InternalError(absl::StrCat(
        "无法创建临时目录 ", staging.path.string(), "：", ec.message()));
  }
  const fs::path staged_db = staging.path / "db";
  for (const ManifestFile& f : m.files) {
    bool is_db = absl::StartsWith(f.path, "db/");
    ZWGK_RETURN_IF_ERROR(
        ExtractChecked(*zip, f, is_db ? staged_db : staging.path / f.path));
    if (!is_db) ++summary.blobs;
  }
  zip.reset();
  if (sqlite) {
    // Verified before it replaces anything: the file is the one backed up,
    // and it reads back whole with the rows the manifest counts.
    ZWGK_ASSIGN_OR_RETURN(
        std::unique_ptr<db::Database> copy,
        db::Database::Open(absl::StrCat("sqlite:", staged_db.string())));
    ZWGK_ASSIGN_OR_RETURN(std::string check,
                          copy->InTransaction<std::string>(store::QuickCheck));
    if (check != "ok")
      return absl::DataLossError(
          absl::StrCat("备份中的数据库未通过完整性检查：", check));
    ZWGK_ASSIGN_OR_RETURN(Facts facts, ReadFacts(*copy));
    ZWGK_RETURN_IF_ERROR(CompareCounts(m, facts));
  }

  // 2. Into the target: blobs (new names only; the store is content-
  //    addressed), the old search index aside, then the database.
  Undo undo;
  const fs::path blobs_root = data_dir / "blobs";
  for (const ManifestFile& f : m.files) {
    if (!absl::StartsWith(f.path, "blobs/")) continue;
    fs::path to = data_dir / f.path;
    if (fs::exists(to, ec)) continue;
    fs::create_directories(to.parent_path(), ec);
    ZWGK_RETURN_IF_ERROR(Rename(staging.path / f.path, to));
    undo.Added(to);
  }
  // The index belongs to the data replaced; rebuilt from the restored one.
  const fs::path search = data_dir / "search";
  if (fs::exists(search, ec)) {
    ZWGK_RETURN_IF_ERROR(Rename(search, staging.path / "old-search"));
    undo.Moved(search, staging.path / "old-search");
  }
  if (sqlite) {
    ZWGK_ASSIGN_OR_RETURN(std::string path, SqlitePath(options.db_url));
    if (fs::exists(path, ec)) {
      ZWGK_RETURN_IF_ERROR(CheckpointSqlite(path));
      for (const char* suffix : {"-wal", "-shm"}) {
        fs::path side = path + suffix;
        if (!fs::exists(side, ec)) continue;
        fs::path aside = staging.path / absl::StrCat("old", suffix);
        ZWGK_RETURN_IF_ERROR(Rename(side, aside));
        undo.Moved(side, aside);
      }
    }
    // The commit: one rename replaces the database file.
    ZWGK_RETURN_IF_ERROR(Rename(staged_db, path));
  } else {
    std::vector<std::string> args = {options.pg_restore, "--no-owner",
                                     "--no-privileges", "--exit-on-error",
                                     "--single-transaction"};
    if (options.force) {
      args.push_back("--clean");
      args.push_back("--if-exists");
    }
    args.push_back(absl::StrCat("--dbname=", options.db_url));
    args.push_back(staged_db.string());
    // One transaction: a failure leaves the database as it was.
    ZWGK_RETURN_IF_ERROR(RunProgram(args));
    ZWGK_ASSIGN_OR_RETURN(std::unique_ptr<db::Database> db,
                          db::Database::Open(options.db_url));
    ZWGK_ASSIGN_OR_RETURN(Facts facts, ReadFacts(*db));
    ZWGK_RETURN_IF_ERROR(CompareCounts(m, facts));
  }
  undo.Commit();
  summary.seconds = SecondsSince(start);
  return summary;
}

}  // namespace zwgk::ops
