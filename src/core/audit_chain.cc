#include "core/audit_chain.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/crypto.h"
#include "core/status.h"

namespace zwgk::audit {
namespace {

constexpr char kColumns[] =
    "id, at, user_id, user_name, action, entity, entity_id, before_json, "
    "after_json, remote_ip, prev_hash, hash";
constexpr int kPage = 2000;

void AppendField(std::string& out, const std::optional<std::string>& v) {
  if (!v) {
    out += "-\n";
    return;
  }
  absl::StrAppend(&out, v->size(), ":", *v, "\n");
}

std::optional<std::string> OptNumber(const std::optional<int64_t>& v) {
  if (!v) return std::nullopt;
  return absl::StrCat(*v);
}

struct StoredRow {
  ChainRow row;
  std::optional<std::string> prev_hash, hash;
};

StoredRow ReadRow(const db::Row& r) {
  StoredRow s;
  s.row.id = r.Int(0);
  s.row.at = r.Text(1);
  s.row.user_id = r.OptInt(2);
  s.row.user_name = r.Text(3);
  s.row.action = r.Text(4);
  s.row.entity = r.Text(5);
  s.row.entity_id = r.Text(6);
  s.row.before_json = r.OptText(7);
  s.row.after_json = r.OptText(8);
  s.row.remote_ip = r.OptText(9);
  s.prev_hash = r.OptText(10);
  s.hash = r.OptText(11);
  return s;
}

struct Head {
  int64_t last_id = 0;
  std::string last_hash;
  int64_t entries = 0;
};

absl::StatusOr<Head> ReadHead(db::Tx& tx, bool lock) {
  std::string sql =
      "SELECT last_id, last_hash, entries FROM audit_chain_head WHERE id = 1";
  // SQLite has one writer at a time and no FOR UPDATE.
  if (lock && tx.dialect() == db::Dialect::kPostgres) sql += " FOR UPDATE";
  absl::StatusOr<db::Row> r = tx.QueryOne(sql, {}, "审计日志链头");
  if (!r.ok()) return r.status();
  return Head{r->Int(0), r->Text(1), r->Int(2)};
}

absl::Status WriteChain(db::Tx& tx, int64_t id, const std::string& prev,
                        const std::string& hash, int64_t entries) {
  absl::StatusOr<int64_t> n =
      tx.Exec("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?",
              {prev, hash, id});
  if (!n.ok()) return n.status();
  return tx
      .Exec(
          "UPDATE audit_chain_head SET last_id = ?, last_hash = ?, entries = "
          "? WHERE id = 1",
          {id, hash, entries})
      .status();
}

// The id of the entry whose stored hash is `hash`, if any (a full scan: only
// run once a break was found, to name it).
absl::StatusOr<std::optional<int64_t>> Locate(db::Tx& tx,
                                              const std::string& hash) {
  absl::StatusOr<std::optional<db::Row>> r = tx.QueryOptional(
      "SELECT id FROM audit_log WHERE hash = ? ORDER BY id LIMIT 1", {hash});
  if (!r.ok()) return r.status();
  if (!r->has_value()) return std::optional<int64_t>();
  return std::optional<int64_t>((*r)->Int(0));
}

absl::StatusOr<int64_t> NextId(db::Tx& tx, int64_t after) {
  absl::StatusOr<db::Row> r =
      tx.QueryOne("SELECT COALESCE(MIN(id), 0) FROM audit_log WHERE id > ?",
                  {after}, "审计日志条目");
  if (!r.ok()) return r.status();
  return r->Int(0);
}

ChainBreak Break(int64_t id, BreakKind kind, std::string message) {
  return ChainBreak{id, kind, std::move(message)};
}

// Names what happened at `s`, whose link to `expected` (the previous
// entry's hash) or whose own hash does not hold.
absl::StatusOr<ChainBreak> Diagnose(db::Tx& tx, const StoredRow& s,
                                    const std::string& expected) {
  const int64_t id = s.row.id;
  if (!s.hash || !s.prev_hash) {
    return Break(id, BreakKind::kInserted,
                 absl::StrCat("第 ", id,
                              " 条没有校验值：它不是由系统写入的，"
                              "可能被直接插入数据库"));
  }
  bool self_ok = EntryHash(s.row, *s.prev_hash) == *s.hash;
  if (*s.prev_hash == expected) {
    return Break(
        id, BreakKind::kEdited,
        absl::StrCat("第 ", id, " 条的内容与其校验值不符：该条被修改"));
  }
  absl::StatusOr<std::optional<int64_t>> found = Locate(tx, *s.prev_hash);
  if (!found.ok()) return found.status();
  if (*found && **found > id) {
    return Break(id, BreakKind::kReordered,
                 absl::StrCat("第 ", id, " 条原本应排在第 ", **found,
                              " 条之后：条目顺序被调换"));
  }
  if (*found) {
    // Chained after an earlier entry: what lies between was slipped in.
    absl::StatusOr<int64_t> first = NextId(tx, **found);
    if (!first.ok()) return first.status();
    return Break(*first, BreakKind::kInserted,
                 absl::StrCat("第 ", *first, " 条至第 ", id,
                              " 条之前的条目不在原链中：被插入"));
  }
  if (self_ok) {
    return Break(id, BreakKind::kDeleted,
                 absl::StrCat("第 ", id,
                              " 条所链接的前一条已不存在：其前的条目被删除，"
                              "或被改写后重算了校验值"));
  }
  return Break(id, BreakKind::kInserted,
               absl::StrCat("第 ", id,
                            " 条的校验值与链不符且无从接续：该条被伪造或插入"));
}

// After the walk: the head must name the last entry seen.
absl::StatusOr<std::optional<ChainBreak>> CheckHead(db::Tx& tx,
                                                    const Head& head,
                                                    const std::string& last,
                                                    int64_t entries) {
  if (head.last_hash == last && head.entries == entries) {
    return std::optional<ChainBreak>();
  }
  if (head.last_hash != last) {
    absl::StatusOr<std::optional<int64_t>> found = Locate(tx, head.last_hash);
    if (!found.ok()) return found.status();
    if (*found) {
      absl::StatusOr<int64_t> first = NextId(tx, **found);
      if (!first.ok()) return first.status();
      return std::optional<ChainBreak>(
          Break(*first, BreakKind::kInserted,
                absl::StrCat("第 ", *first,
                             " 条起的最新条目不在原链中：被追加插入")));
    }
    return std::optional<ChainBreak>(
        Break(0, BreakKind::kDeleted,
              absl::StrCat("最新的条目（至第 ", head.last_id,
                           " 条）已不存在：末尾条目被删除")));
  }
  return std::optional<ChainBreak>(Break(
      0, entries < head.entries ? BreakKind::kDeleted : BreakKind::kInserted,
      absl::StrCat("链头记录 ", head.entries, " 条，实际 ", entries,
                   " 条：条目数与链不符")));
}

}  // namespace

std::string CanonicalBytes(const ChainRow& row, absl::string_view prev_hash) {
  std::string out = "zwgk-audit-v1\n";
  AppendField(out, absl::StrCat(row.id));
  AppendField(out, row.at);
  AppendField(out, OptNumber(row.user_id));
  AppendField(out, row.user_name);
  AppendField(out, row.action);
  AppendField(out, row.entity);
  AppendField(out, row.entity_id);
  AppendField(out, row.before_json);
  AppendField(out, row.after_json);
  AppendField(out, row.remote_ip);
  absl::StrAppend(&out, "prev:", prev_hash, "\n");
  return out;
}

std::string EntryHash(const ChainRow& row, absl::string_view prev_hash) {
  return crypto::Sha256Hex(CanonicalBytes(row, prev_hash));
}

absl::Status LockHead(db::Tx& tx) { return ReadHead(tx, true).status(); }

absl::Status ChainEntry(db::Tx& tx, int64_t id) {
  absl::StatusOr<Head> head = ReadHead(tx, true);
  if (!head.ok()) return head.status();
  absl::StatusOr<db::Row> r = tx.QueryOne(
      absl::StrCat("SELECT ", kColumns, " FROM audit_log WHERE id = ?"), {id},
      "审计日志条目");
  if (!r.ok()) return r.status();
  StoredRow s = ReadRow(*r);
  std::string hash = EntryHash(s.row, head->last_hash);
  return WriteChain(tx, id, head->last_hash, hash, head->entries + 1);
}

absl::StatusOr<int64_t> ChainUnchained(db::Tx& tx) {
  absl::StatusOr<Head> head = ReadHead(tx, true);
  if (!head.ok()) return head.status();
  Head h = *head;
  int64_t chained = 0;
  for (;;) {
    absl::StatusOr<db::Result> page = tx.Query(
        absl::StrCat("SELECT ", kColumns,
                     " FROM audit_log WHERE id > ? AND hash IS NULL ORDER BY "
                     "id LIMIT ?"),
        {h.last_id, int64_t{kPage}});
    if (!page.ok()) return page.status();
    if (page->rows.empty()) break;
    for (const db::Row& r : page->rows) {
      StoredRow s = ReadRow(r);
      std::string hash = EntryHash(s.row, h.last_hash);
      absl::StatusOr<int64_t> n =
          tx.Exec("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?",
                  {h.last_hash, hash, s.row.id});
      if (!n.ok()) return n.status();
      h = {s.row.id, hash, h.entries + 1};
      ++chained;
    }
  }
  absl::StatusOr<int64_t> n = tx.Exec(
      "UPDATE audit_chain_head SET last_id = ?, last_hash = ?, entries = ? "
      "WHERE id = 1",
      {h.last_id, h.last_hash, h.entries});
  if (!n.ok()) return n.status();
  return chained;
}

absl::StatusOr<VerifyReport> Verify(db::Database& db) {
  VerifyReport report;
  absl::Status s = db.Transaction([&](db::Tx& tx) -> absl::Status {
    report = {};
    // One snapshot for the whole walk, so entries appended meanwhile are
    // neither half seen nor mistaken for a break.
    if (tx.dialect() == db::Dialect::kPostgres) {
      ZWGK_RETURN_IF_ERROR(
          tx.Query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ").status());
    }
    absl::StatusOr<Head> head = ReadHead(tx, false);
    if (!head.ok()) return head.status();
    std::string expected(kGenesisHash);
    int64_t after = 0;
    for (;;) {
      absl::StatusOr<db::Result> page = tx.Query(
          absl::StrCat("SELECT ", kColumns,
                       " FROM audit_log WHERE id > ? ORDER BY id LIMIT ?"),
          {after, int64_t{kPage}});
      if (!page.ok()) return page.status();
      if (page->rows.empty()) break;
      for (const db::Row& r : page->rows) {
        StoredRow row = ReadRow(r);
        after = row.row.id;
        ++report.entries;
        if (report.first_break) continue;  // still counting
        if (row.hash && row.prev_hash && *row.prev_hash == expected &&
            EntryHash(row.row, expected) == *row.hash) {
          expected = *row.hash;
          ++report.verified;
          continue;
        }
        absl::StatusOr<ChainBreak> b = Diagnose(tx, row, expected);
        if (!b.ok()) return b.status();
        report.first_break = *b;
      }
    }
    if (!report.first_break) {
      report.head_hash = report.entries > 0 ? expected : "";
      absl::StatusOr<std::optional<ChainBreak>> b =
          CheckHead(tx, *head, expected, report.entries);
      if (!b.ok()) return b.status();
      report.first_break = *b;
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return report;
}

absl::string_view BreakKindLabel(BreakKind kind) {
  switch (kind) {
    case BreakKind::kEdited:
      return "被修改";
    case BreakKind::kDeleted:
      return "被删除";
    case BreakKind::kReordered:
      return "顺序被调换";
    case BreakKind::kInserted:
      return "被插入";
  }
  return "";
}

absl::Status SaveLastVerify(db::Database& db, const VerifyReport& report,
                            absl::string_view at) {
  return db.Transaction([&](db::Tx& tx) -> absl::Status {
    return tx
        .Exec(
            "INSERT INTO audit_verify_last (id, at, entries, intact, message) "
            "VALUES (1, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET at = "
            "excluded.at, entries = excluded.entries, intact = "
            "excluded.intact, message = excluded.message",
            {std::string(at), report.entries, int64_t{report.intact() ? 1 : 0},
             report.first_break ? report.first_break->message : ""})
        .status();
  });
}

absl::StatusOr<std::optional<LastVerify>> LoadLastVerify(db::Database& db) {
  absl::StatusOr<db::Result> r = db.Query(
      "SELECT at, entries, intact, message FROM audit_verify_last WHERE id = "
      "1");
  if (!r.ok()) return r.status();
  if (r->rows.empty()) return std::optional<LastVerify>();
  const db::Row& row = r->rows[0];
  return std::optional<LastVerify>(
      LastVerify{row.Text(0), row.Int(1), row.Bool(2), row.Text(3)});
}

}  // namespace zwgk::audit
