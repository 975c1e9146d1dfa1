// `zwgk backup` and `zwgk restore` (issue 20): one archive holds the database
// (a consistent SQLite snapshot taken with the online backup API while the
// server runs, or `pg_dump -Fc` for PostgreSQL), every file of the blob store
// and a manifest (format version, schema versions per module, rows per
// table, size and SHA-256 of every file).
//
// The search index is not in the archive: it is derived from the database
// (a live Xapian directory cannot be copied consistently while the server
// writes), so the manifest records that it must be rebuilt. After a restore
// `zwgk serve` builds it at start for up to 20,000 records; larger sites run
// `zwgk search reindex` (docs/operations.md).
//
// Neither command opens the application (which would migrate the database
// first): a backup taken before an upgrade keeps the old schema.
#ifndef ZWGK_OPS_BACKUP_H_
#define ZWGK_OPS_BACKUP_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace zwgk::ops {

inline constexpr int kFormatVersion = 1;

struct ManifestFile {
  std::string path;  // inside the archive: "db/zwgk.db", "blobs/ab/cd/<hex>"
  int64_t size = 0;
  std::string sha256;
};

struct Manifest {
  int format_version = kFormatVersion;
  std::string created_at;  // RFC 3339 UTC
  std::string engine;      // "sqlite" | "postgresql"
  // The newest applied migration of each module (schema_migrations).
  std::map<std::string, int64_t> schema;
  std::map<std::string, int64_t> tables;  // rows per table
  std::vector<ManifestFile> files;        // the database file first
  bool search_included = false;           // always false in version 1
};

struct BackupOptions {
  std::string db_url;    // sqlite:PATH or postgresql://…
  std::string data_dir;  // holds blobs/
  std::string output;    // the archive to write (replaced atomically)
  std::string pg_dump = "pg_dump";
};

struct BackupSummary {
  Manifest manifest;
  int64_t blobs = 0;
  int64_t archive_bytes = 0;
  double seconds = 0;
};

// Writes the archive to `output` (through `output`.tmp, renamed when
// complete). Fails, naming the file, when a blob's content does not match
// its name.
[[nodiscard]] absl::StatusOr<BackupSummary> Backup(
    const BackupOptions& options);

struct RestoreOptions {
  std::string archive;
  std::string db_url;    // the target database
  std::string data_dir;  // the target data directory
  // Replace a target that already holds data (otherwise refused).
  bool force = false;
  std::string pg_restore = "pg_restore";
};

struct RestoreSummary {
  Manifest manifest;
  int64_t blobs = 0;
  double seconds = 0;
};

// Verifies the archive (manifest, every file's size and SHA-256, the
// database's integrity and row counts) before anything in the target
// changes; SQLite's database file is swapped in by one rename, so a failed
// restore leaves the target as it was. The search index of the target is
// removed (rebuilt from the restored database).
[[nodiscard]] absl::StatusOr<RestoreSummary> Restore(
    const RestoreOptions& options);

// The manifest of an archive, checked for its format only.
[[nodiscard]] absl::StatusOr<Manifest> ReadManifest(absl::string_view archive);

}  // namespace zwgk::ops

#endif  // ZWGK_OPS_BACKUP_H_
