// The audit log as a hash chain (issue 20, 等保2.0 audit integrity): every
// entry carries the SHA-256 of its own fields and of the previous entry's
// hash, so an entry edited, deleted, moved or slipped in with SQL breaks the
// chain, and `zwgk audit verify` names the first broken entry.
//
// Canonical serialization of an entry (version 1), the bytes hashed:
//
//   "zwgk-audit-v1\n"
//   then, for each column in this order —
//     id, at, user_id, user_name, action, entity, entity_id,
//     before_json, after_json, remote_ip —
//   the field as "-\n" when NULL, otherwise "<n>:<bytes>\n" where <bytes> is
//   the stored value (integers in decimal ASCII, text as its UTF-8 bytes) and
//   <n> its length in bytes in decimal ASCII;
//   then "prev:" followed by the previous entry's hash (64 lowercase hex
//   digits; 64 "0" for the first entry) and "\n".
//
//   hash = lowercase hex of SHA-256 (libsodium crypto_hash_sha256) of those
//   bytes.
//
// Entries are chained in ascending id order. The row keeps its own `hash` and
// the `prev_hash` it was chained to; the one-row table audit_chain_head keeps
// the newest entry's id and hash and the number of entries, so deleting the
// newest entries is caught too. Appends are serialized: on PostgreSQL the
// head row is locked (SELECT … FOR UPDATE) before the previous hash is read
// and held until commit; SQLite has a single writer.
//
// The chain makes tampering evident, it cannot prevent someone with full
// database access from rewriting the whole chain: operators who need that
// record the head hash `zwgk audit verify` prints somewhere outside the
// database (the paper 台账, an e-mail to the 保密 office).
#ifndef ZWGK_CORE_AUDIT_CHAIN_H_
#define ZWGK_CORE_AUDIT_CHAIN_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/db.h"

namespace zwgk::audit {

// The previous hash of the first entry.
inline constexpr absl::string_view kGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

// One row of audit_log as stored (NULL columns as nullopt).
struct ChainRow {
  int64_t id = 0;
  std::string at;
  std::optional<int64_t> user_id;
  std::string user_name;
  std::string action, entity, entity_id;
  std::optional<std::string> before_json, after_json, remote_ip;
};

// The canonical bytes of `row` chained to `prev_hash` (see above).
std::string CanonicalBytes(const ChainRow& row, absl::string_view prev_hash);

// hex(SHA-256(CanonicalBytes(row, prev_hash))).
std::string EntryHash(const ChainRow& row, absl::string_view prev_hash);

// Chains the entry `id` (just inserted in `tx`, hash still NULL) to the head:
// locks the head (PostgreSQL), writes prev_hash and hash, moves the head.
// core/audit.cc calls it from Record; call it before anything else in the
// transaction takes ids from audit_log after `id`.
[[nodiscard]] absl::Status ChainEntry(db::Tx& tx, int64_t id);

// Locks the chain head until the transaction ends (PostgreSQL; a no-op read
// on SQLite). Record takes it before inserting, so ids follow chain order.
[[nodiscard]] absl::Status LockHead(db::Tx& tx);

// Chains every entry whose hash is NULL, in id order, after the current
// head: the migration that introduced the chain runs it on the rows already
// there. Returns how many entries it chained.
[[nodiscard]] absl::StatusOr<int64_t> ChainUnchained(db::Tx& tx);

// What verification found wrong first.
enum class BreakKind {
  kEdited,     // the entry's fields no longer match its hash
  kDeleted,    // the entry before this one (or the newest) is gone
  kReordered,  // the entry is not where it was chained
  kInserted,   // the entry was never chained by zwgk (or forged)
};

struct ChainBreak {
  int64_t id = 0;  // the first entry found broken (0: after the last entry)
  BreakKind kind = BreakKind::kEdited;
  std::string message;  // Chinese, one sentence naming the entry
};

struct VerifyReport {
  int64_t entries = 0;    // rows in audit_log
  int64_t verified = 0;   // entries checked good before the first break
  std::string head_hash;  // the newest entry's hash ("" when empty)
  std::optional<ChainBreak> first_break;
  bool intact() const { return !first_break.has_value(); }
};

// Walks the whole chain in id order (in pages, so a million rows do not sit
// in memory) and reports the first broken entry.
[[nodiscard]] absl::StatusOr<VerifyReport> Verify(db::Database& db);

// Chinese name of a break kind: "被修改", "被删除", "顺序被调换", "被插入".
absl::string_view BreakKindLabel(BreakKind kind);

// The outcome of the last verification, kept for the admin audit page.
struct LastVerify {
  std::string at;  // RFC 3339 UTC
  int64_t entries = 0;
  bool intact = true;
  std::string message;  // the break's message, "" when intact
};

// Stores `report` as the last verification (at `at`).
[[nodiscard]] absl::Status SaveLastVerify(db::Database& db,
                                          const VerifyReport& report,
                                          absl::string_view at);

// The last verification, nullopt when none ran yet.
[[nodiscard]] absl::StatusOr<std::optional<LastVerify>> LoadLastVerify(
    db::Database& db);

}  // namespace zwgk::audit

#endif  // ZWGK_CORE_AUDIT_CHAIN_H_
