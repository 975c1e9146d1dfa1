#include "messages/service.h"

#include <algorithm>
#include <map>
#include <memory>
#include <tuple>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "core/audit.h"
#include "core/contact.h"
#include "core/crypto.h"
#include "core/date.h"
#include "core/status.h"
#include "core/text.h"
#include "messages/store.h"

namespace zwgk::messages {
namespace {

std::string Trim(absl::string_view s) {
  return std::string(absl::StripAsciiWhitespace(s));
}

Actor PublicActor() {
  return Actor{.user_id = 0, .name = "公众（网上留言）", .role = Role::kPublic};
}

absl::Status NotFound(int64_t id) {
  return absl::NotFoundError(absl::StrCat("留言 ", id, " 不存在"));
}

absl::Status RequireStaff(const Actor& actor) {
  if (!IsStaff(actor.role))
    return absl::PermissionDeniedError("需要工作人员账号");
  return absl::OkStatus();
}

absl::Status RequireOffice(const Actor& actor) {
  if (!IsAdmin(actor))
    return absl::PermissionDeniedError("只有县政务公开办可以进行此操作");
  return absl::OkStatus();
}

// A unit's staff see their unit's messages; 待分办 ones only the office.
bool Sees(const Actor& actor, const Message& m) {
  if (IsAdmin(actor)) return true;
  return IsStaff(actor.role) && m.unit_id && actor.unit_id &&
         *m.unit_id == *actor.unit_id;
}

// The message as `actor` may see it; anyone else gets the answer an id that
// does not exist gets.
absl::StatusOr<Message> Visible(db::Tx& tx, const Actor& actor, int64_t id) {
  ZWGK_RETURN_IF_ERROR(RequireStaff(actor));
  absl::StatusOr<Message> m = store::Get(tx, id);
  if (!m.ok()) return absl::IsNotFound(m.status()) ? NotFound(id) : m.status();
  if (!Sees(actor, *m)) return NotFound(id);
  return m;
}

std::string Tracking(int year, int64_t id) {
  return absl::StrFormat("LY%04d%06d", year, id);
}

// What the audit log keeps of a message (never the sender's contact).
nlohmann::json AuditState(const Message& m) {
  nlohmann::json j = {{"tracking_number", m.tracking_number},
                      {"state", StateName(m.state)},
                      {"unit_id", m.unit_id ? nlohmann::json(*m.unit_id)
                                            : nlohmann::json(nullptr)},
                      {"due_on", FormatDate(m.due_on)},
                      {"published", m.published}};
  if (m.replied_on) j["replied_on"] = FormatDate(*m.replied_on);
  return j;
}

// "" = today; otherwise a date not after today and not before `earliest`.
absl::StatusOr<absl::CivilDay> ActionDay(absl::string_view text,
                                         absl::CivilDay today,
                                         absl::CivilDay earliest,
                                         const char* field) {
  const std::string t = Trim(text);
  if (t.empty()) return today;
  std::optional<absl::CivilDay> d = ParseDay(t);
  if (!d) return InvalidFields("日期有误", {{field, "日期格式应为YYYY-MM-DD"}});
  if (*d > today)
    return InvalidFields("日期有误", {{field, "日期不能晚于今天"}});
  if (*d < earliest)
    return InvalidFields(
        "日期有误",
        {{field, absl::StrCat("日期不能早于留言日期 ", FormatDate(earliest))}});
  return *d;
}

bool SameDrafter(const Actor& actor, const Message& m) {
  if (actor.user_id != 0 || m.drafted_by_id != 0)
    return actor.user_id == m.drafted_by_id;
  return actor.name == m.replied_by;
}

}  // namespace

Service::Service(db::Database& db, const Clock& clock, org::Service& org,
                 calendar::Service& calendar, ServiceOptions options)
    : db_(db),
      clock_(clock),
      org_(org),
      calendar_(calendar),
      options_(std::move(options)) {}

// ---------------------------------------------------------------------------
// Views.

namespace {

// What a view needs from other modules, read before the transaction opens
// (their reads take their own transactions).
struct Snapshot {
  std::shared_ptr<const calendar::Calendar> cal;
  std::map<int64_t, std::string> units;
  absl::CivilDay today;
};

MessageView MakeView(const Snapshot& snap, Message m, int due_soon_days) {
  MessageView v;
  if (m.unit_id) {
    if (auto it = snap.units.find(*m.unit_id); it != snap.units.end())
      m.unit_name = it->second;
  }
  v.timeliness = Judge(m, snap.today, due_soon_days);
  const bool open = m.state != MessageState::kReplied;
  const absl::CivilDay end =
      open ? snap.today : m.replied_on.value_or(snap.today);
  v.working_days_taken =
      end > m.arrived_on ? snap.cal->CountWorkdays(m.arrived_on + 1, end) : 0;
  v.three_month_line = ThreeMonthLine(m.arrived_on);
  v.near_three_month_line =
      open && snap.today >= ThreeMonthWarning(m.arrived_on);
  v.message = std::move(m);
  return v;
}

// The sender's view (status page): no contact, no internal remarks, no
// draft, no names of staff.
MessageView PublicView(MessageView v) {
  Message& m = v.message;
  m.name.clear();
  m.phone.clear();
  m.email.clear();
  m.query_code_hash.clear();
  m.source_hash.clear();
  m.review_remarks.clear();
  m.reviewed_by.clear();
  m.replied_by.clear();
  m.drafted_by_id = 0;
  m.unpublish_reason.clear();
  if (m.state != MessageState::kReplied) {
    m.reply_text.clear();
    m.draft_on.reset();
  }
  for (Transfer& t : m.transfers) {
    t.reason.clear();
    t.by.clear();
  }
  return v;
}

PublicItem MakePublicItem(const Snapshot& snap, const Message& m) {
  PublicItem p{.id = m.id,
               .type = m.type,
               .title = m.public_title,
               .text = m.public_text,
               .reply = m.public_reply,
               .replied_on = m.replied_on.value_or(m.arrived_on)};
  if (m.unit_id) {
    if (auto it = snap.units.find(*m.unit_id); it != snap.units.end())
      p.unit_name = it->second;
  }
  if (std::optional<absl::Time> t = ParseTimestamp(m.arrived_at))
    p.asked_at = FormatLocalMinute(*t);
  return p;
}

}  // namespace

// The snapshot of the calendar and unit names (outside any transaction).
static Snapshot Prefetch(calendar::Service& calendar, org::Service& org,
                         const Clock& clock) {
  Snapshot snap{.cal = calendar.calendar(), .today = Today(clock)};
  if (auto units = org.ListUnits({.include_retired = true}); units.ok()) {
    for (const org::Unit& u : *units) snap.units[u.id] = u.name;
  }
  return snap;
}

// ---------------------------------------------------------------------------
// The public.

absl::StatusOr<Submitted> Service::Submit(const MessageInput& in) {
  const absl::Time now = clock_.Now();
  const absl::CivilDay today = Today(clock_);
  Validator v;
  Message m;
  std::optional<MessageType> type = ParseType(in.type);
  if (!type) {
    v.Add("type", "请选择留言类型：咨询、建议、投诉或找错");
  } else {
    m.type = *type;
  }
  m.title = Trim(in.title);
  if (m.title.empty()) {
    v.Add("title", "请填写留言标题");
  } else if (Utf8Length(m.title) >
             static_cast<size_t>(options_.max_title_chars)) {
    v.Add("title",
          absl::StrCat("标题过长（最多", options_.max_title_chars, "个字）"));
  }
  m.text = Trim(in.text);
  if (m.text.empty()) {
    v.Add("text", "请填写留言内容");
  } else if (Utf8Length(m.text) >
             static_cast<size_t>(options_.max_text_chars)) {
    v.Add("text", absl::StrCat("留言内容过长（最多", options_.max_text_chars,
                               "个字）"));
  }
  m.name = Trim(in.name);
  if (m.name.empty()) {
    v.Add("name", "请填写姓名");
  } else if (Utf8Length(m.name) >
             static_cast<size_t>(options_.max_name_chars)) {
    v.Add("name",
          absl::StrCat("姓名过长（最多", options_.max_name_chars, "个字）"));
  }
  m.phone = Trim(in.phone);
  if (m.phone.empty()) {
    v.Add("phone", "请填写联系电话");
  } else if (m.phone.size() > 30 || !IsPhoneNumber(m.phone)) {
    v.Add("phone",
          "联系电话应为11位手机号码或带区号的固定电话，例如 0715-6321234");
  }
  m.email = Trim(in.email);
  if (!m.email.empty() && (m.email.size() > 100 || !IsEmailAddress(m.email)))
    v.Add("email", "电子邮箱格式不正确，例如 name@example.com");
  m.publish_consent = in.publish_consent;
  const std::string unit = Trim(in.unit);
  if (!unit.empty() && unit != "不清楚") {
    absl::StatusOr<org::Unit> u = org_.ResolveUnit(unit);
    if (!u.ok() || u->retired) {
      v.Add("unit", absl::StrCat("没有名为“", unit.substr(0, 100), "”的单位"));
    } else {
      m.unit_id = u->id;
    }
  }
  ZWGK_RETURN_IF_ERROR(v.ToStatus("留言信息有误"));

  std::shared_ptr<const calendar::Calendar> cal = calendar_.calendar();
  m.arrived_on = today;
  m.arrived_at = FormatTimestamp(now);
  m.clock_from = today;
  m.state = m.unit_id ? MessageState::kHandling : MessageState::kUnrouted;

  Submitted out;
  out.query_code = crypto::RandomReadableCode();
  if (!Trim(in.honeypot).empty()) {
    // A robot: nothing is stored, but the answer looks like any other.
    m.due_days = Deadlines{}.DaysFor(m.type);
    out.due_on = DueDate(*cal, today, m.due_days);
    out.tracking_number = Tracking(
        today.year(), 1 + std::stoi(crypto::RandomHex(2), nullptr, 16) % 999);
    return out;
  }
  m.query_code_hash = crypto::Sha256Hex(out.query_code);
  m.source_hash = crypto::Sha256Hex(absl::StrCat("message:", in.source_ip));

  return db_.InTransaction<Submitted>([&](db::Tx& tx)
                                          -> absl::StatusOr<Submitted> {
    ZWGK_ASSIGN_OR_RETURN(
        int64_t recent,
        store::CountFromSource(tx, m.source_hash,
                               FormatTimestamp(now - options_.address_period)));
    if (recent >= options_.messages_per_address)
      return absl::ResourceExhaustedError("提交过于频繁，请稍后再试");
    ZWGK_ASSIGN_OR_RETURN(
        bool duplicate,
        store::SameTextExists(tx, m.source_hash, today, m.text));
    if (duplicate)
      return absl::AlreadyExistsError(
          "今天已提交过相同内容的留言，请勿重复提交");
    ZWGK_ASSIGN_OR_RETURN(Deadlines deadlines, store::GetDeadlines(tx));
    m.due_days = deadlines.DaysFor(m.type);
    m.due_on = DueDate(*cal, m.clock_from, m.due_days);
    ZWGK_ASSIGN_OR_RETURN(m.id, store::Insert(tx, m));
    m.tracking_number = Tracking(today.year(), m.id);
    ZWGK_RETURN_IF_ERROR(store::SetTrackingNumber(tx, m.id, m.tracking_number));
    ZWGK_RETURN_IF_ERROR(audit::Record(tx, clock_, PublicActor(),
                                       {.action = "message.submit",
                                        .entity = "message",
                                        .entity_id = absl::StrCat(m.id),
                                        .after = AuditState(m)}));
    out.id = m.id;
    out.tracking_number = m.tracking_number;
    out.due_on = m.due_on;
    return out;
  });
}

namespace {
// The message the tracking number and query code name, or NotFound.
absl::StatusOr<Message> ByCode(db::Tx& tx, absl::string_view tracking_number,
                               absl::string_view query_code) {
  const absl::Status not_found =
      absl::NotFoundError("未找到该留言：请核对查询号和查询码");
  const std::string number =
      absl::AsciiStrToUpper(absl::StripAsciiWhitespace(tracking_number));
  const std::string code =
      absl::AsciiStrToUpper(absl::StripAsciiWhitespace(query_code));
  if (number.empty() || code.empty() || number.size() > 40 || code.size() > 40)
    return not_found;
  absl::StatusOr<Message> m = store::GetByTracking(tx, number);
  if (!m.ok()) return absl::IsNotFound(m.status()) ? not_found : m.status();
  if (!crypto::ConstantTimeEquals(crypto::Sha256Hex(code), m->query_code_hash))
    return not_found;
  return m;
}
}  // namespace

absl::StatusOr<MessageView> Service::Status(absl::string_view tracking_number,
                                            absl::string_view query_code) {
  const Snapshot snap = Prefetch(calendar_, org_, clock_);
  return db_.InTransaction<MessageView>(
      [&](db::Tx& tx) -> absl::StatusOr<MessageView> {
        ZWGK_ASSIGN_OR_RETURN(Message m,
                              ByCode(tx, tracking_number, query_code));
        return PublicView(MakeView(snap, std::move(m), options_.due_soon_days));
      });
}

absl::Status Service::Rate(absl::string_view tracking_number,
                           absl::string_view query_code, int rating,
                           absl::string_view comment) {
  if (rating < 1 || rating > 5)
    return InvalidFields("评价有误", {{"rating", "请选择1–5分的满意度"}});
  const std::string c = Trim(comment);
  if (Utf8Length(c) > 500)
    return InvalidFields("评价有误", {{"comment", "评价意见最多500个字"}});
  return db_.Transaction([&](db::Tx& tx) -> absl::Status {
    ZWGK_ASSIGN_OR_RETURN(Message m, ByCode(tx, tracking_number, query_code));
    if (m.state != MessageState::kReplied)
      return absl::FailedPreconditionError("留言答复后才能评价");
    if (m.rating) return absl::FailedPreconditionError("该留言已评价过");
    const nlohmann::json before = AuditState(m);
    m.rating = rating;
    m.rating_comment = c;
    ZWGK_RETURN_IF_ERROR(store::Update(tx, m, FormatTimestamp(clock_.Now())));
    nlohmann::json after = AuditState(m);
    after["rating"] = rating;
    return audit::Record(tx, clock_, PublicActor(),
                         {.action = "message.rate",
                          .entity = "message",
                          .entity_id = absl::StrCat(m.id),
                          .before = before,
                          .after = after});
  });
}

absl::StatusOr<std::vector<PublicItem>> Service::ListPublic(
    const PublicFilter& f) {
  store::PublishedFilter sf{.unit_id = f.unit_id,
                            .type = f.type,
                            .q = Trim(f.q),
                            .limit = std::clamp(f.limit, 1, 100),
                            .offset = std::max(f.offset, 0)};
  if (Utf8Length(sf.q) > 50)
    return InvalidFields("搜索条件有误", {{"q", "关键词最多50个字"}});
  const Snapshot snap = Prefetch(calendar_, org_, clock_);
  return db_.InTransaction<std::vector<PublicItem>>(
      [&](db::Tx& tx) -> absl::StatusOr<std::vector<PublicItem>> {
        ZWGK_ASSIGN_OR_RETURN(std::vector<Message> rows,
                              store::ListPublished(tx, sf));
        std::vector<PublicItem> out;
        out.reserve(rows.size());
        for (const Message& m : rows) out.push_back(MakePublicItem(snap, m));
        return out;
      });
}

absl::StatusOr<PublicItem> Service::GetPublic(int64_t id) {
  const Snapshot snap = Prefetch(calendar_, org_, clock_);
  return db_.InTransaction<PublicItem>(
      [&](db::Tx& tx) -> absl::StatusOr<PublicItem> {
        absl::StatusOr<Message> m = store::Get(tx, id);
        if (!m.ok())
          return absl::IsNotFound(m.status()) ? NotFound(id) : m.status();
        if (!m->published) return NotFound(id);
        return MakePublicItem(snap, *m);
      });
}

absl::StatusOr<std::vector<MonthStats>> Service::MonthlyStats(int year) {
  if (year < 2000 || year > 2100)
    return InvalidFields("年份有误", {{"year", "年份应在2000–2100之间"}});
  const std::shared_ptr<const calendar::Calendar> cal = calendar_.calendar();
  const absl::CivilDay first(year, 1, 1), last(year, 12, 31);
  return db_.InTransaction<std::vector<MonthStats>>(
      [&](db::Tx& tx) -> absl::StatusOr<std::vector<MonthStats>> {
        std::vector<MonthStats> out(12);
        for (int i = 0; i < 12; ++i) {
          out[i].year = year;
          out[i].month = i + 1;
        }
        ZWGK_ASSIGN_OR_RETURN(std::vector<absl::CivilDay> arrivals,
                              store::ArrivalDays(tx, first, last));
        for (absl::CivilDay d : arrivals) ++out[d.month() - 1].received;
        ZWGK_ASSIGN_OR_RETURN(std::vector<Message> replied,
                              store::RepliedIn(tx, first, last));
        std::vector<int64_t> days(12, 0);
        for (const Message& m : replied) {
          const absl::CivilDay r = *m.replied_on;
          MonthStats& s = out[r.month() - 1];
          ++s.answered;
          if (r <= m.due_on) ++s.on_time;
          if (r > m.arrived_on)
            days[r.month() - 1] += cal->CountWorkdays(m.arrived_on + 1, r);
        }
        for (int i = 0; i < 12; ++i) {
          if (out[i].answered > 0)
            out[i].average_working_days =
                static_cast<double>(days[i]) / out[i].answered;
        }
        return out;
      });
}

absl::StatusOr<std::vector<std::pair<int64_t, std::string>>>
Service::PublishedIds() {
  return db_.InTransaction<std::vector<std::pair<int64_t, std::string>>>(
      [&](db::Tx& tx) { return store::PublishedIds(tx); });
}

absl::StatusOr<store::PublishedFacts> Service::PublishedFactsOn(
    absl::CivilDay as_of) {
  const std::string until = FormatTimestamp(StartOfDay(as_of + 1));
  return db_.InTransaction<store::PublishedFacts>(
      [&](db::Tx& tx) { return store::PublishedFactsBefore(tx, until); });
}

// ---------------------------------------------------------------------------
// Staff.

absl::StatusOr<std::vector<MessageView>> Service::List(const Actor& actor,
                                                       const ListFilter& f) {
  ZWGK_RETURN_IF_ERROR(RequireStaff(actor));
  const Snapshot snap = Prefetch(calendar_, org_, clock_);
  store::StoreFilter sf{.state = f.state,
                        .unit_id = f.unit_id,
                        .type = f.type,
                        .limit = std::clamp(f.limit, 1, 500),
                        .offset = std::max(f.offset, 0)};
  if (f.overdue_only) sf.due_before = snap.today;
  if (f.near_line_only) sf.arrived_by = snap.today - 60;
  // Other staff see their own unit only: another unit's filter, or no unit
  // at all, leaves nothing to list.
  if (!IsAdmin(actor)) {
    if (!actor.unit_id || (sf.unit_id && *sf.unit_id != *actor.unit_id))
      return std::vector<MessageView>{};
    sf.unit_id = actor.unit_id;
  }
  return db_.InTransaction<std::vector<MessageView>>(
      [&](db::Tx& tx) -> absl::StatusOr<std::vector<MessageView>> {
        ZWGK_ASSIGN_OR_RETURN(std::vector<Message> rows, store::List(tx, sf));
        std::vector<MessageView> out;
        out.reserve(rows.size());
        for (Message& m : rows)
          out.push_back(MakeView(snap, std::move(m), options_.due_soon_days));
        return out;
      });
}

absl::StatusOr<MessageView> Service::Get(const Actor& actor, int64_t id) {
  const Snapshot snap = Prefetch(calendar_, org_, clock_);
  return db_.InTransaction<MessageView>(
      [&](db::Tx& tx) -> absl::StatusOr<MessageView> {
        ZWGK_ASSIGN_OR_RETURN(Message m, Visible(tx, actor, id));
        return MakeView(snap, std::move(m), options_.due_soon_days);
      });
}

absl::StatusOr<MessageView> Service::Transfer(const Actor& actor, int64_t id,
                                              const TransferInput& in) {
  ZWGK_RETURN_IF_ERROR(RequireStaff(actor));
  if (in.restart && !IsAdmin(actor))
    return absl::PermissionDeniedError(
        "只有县政务公开办可以决定转办后重新计算答复期限");
  const std::string unit = Trim(in.unit);
  if (unit.empty())
    return InvalidFields("转办信息有误", {{"unit", "请选择承办单位"}});
  absl::StatusOr<org::Unit> to = org_.ResolveUnit(unit);
  if (!to.ok() || to->retired)
    return InvalidFields(
        "转办信息有误",
        {{"unit", absl::StrCat("没有名为“", unit.substr(0, 100), "”的单位")}});
  const std::string reason = Trim(in.reason);
  if (Utf8Length(reason) > 500)
    return InvalidFields("转办信息有误", {{"reason", "转办理由最多500个字"}});
  const Snapshot snap = Prefetch(calendar_, org_, clock_);
  const std::string now = FormatTimestamp(clock_.Now());
  return db_.InTransaction<MessageView>(
      [&](db::Tx& tx) -> absl::StatusOr<MessageView> {
        ZWGK_ASSIGN_OR_RETURN(Message m, Visible(tx, actor, id));
        if (m.state == MessageState::kReplied)
          return absl::FailedPreconditionError("已答复的留言不能转办");
        if (m.state == MessageState::kReviewing)
          return absl::FailedPreconditionError(
              "答复正在审核中，请先退回再转办");
        if (m.unit_id == to->id)
          return InvalidFields(
              "转办信息有误", {{"unit", "留言已由该单位办理，请选择其他单位"}});
        const bool routing = !m.unit_id.has_value();
        if (!routing && reason.empty())
          return InvalidFields("转办信息有误", {{"reason", "请填写转办理由"}});
        ZWGK_ASSIGN_OR_RETURN(absl::CivilDay on,
                              ActionDay(in.on, snap.today, m.arrived_on, "on"));
        const nlohmann::json before = AuditState(m);
        const messages::Transfer t{.from_unit = m.unit_id,
                                   .to_unit = to->id,
                                   .on = on,
                                   .restart = in.restart,
                                   .reason = reason,
                                   .by = actor.name,
                                   .at = now};
        m.unit_id = to->id;
        m.state = MessageState::kHandling;
        if (in.restart) {
          m.clock_from = on;
          m.due_on = DueDate(*snap.cal, on, m.due_days);
        }
        ZWGK_RETURN_IF_ERROR(store::Update(tx, m, now));
        ZWGK_RETURN_IF_ERROR(store::InsertTransfer(tx, m.id, t));
        m.transfers.push_back(t);
        nlohmann::json after = AuditState(m);
        after["restart"] = in.restart;
        if (!reason.empty()) after["reason"] = reason;
        ZWGK_RETURN_IF_ERROR(audit::Record(
            tx, clock_, actor,
            {.action = routing ? "message.route" : "message.transfer",
             .entity = "message",
             .entity_id = absl::StrCat(m.id),
             .before = before,
             .after = after}));
        return MakeView(snap, std::move(m), options_.due_soon_days);
      });
}

absl::StatusOr<MessageView> Service::Reply(const Actor& actor, int64_t id,
                                           const ReplyInput& in) {
  ZWGK_RETURN_IF_ERROR(RequireStaff(actor));
  const std::string text = Trim(in.text);
  Validator v;
  if (text.empty()) {
    v.Add("text", "请填写答复内容");
  } else if (Utf8Length(text) > static_cast<size_t>(options_.max_reply_chars)) {
    v.Add("text", absl::StrCat("答复内容过长（最多", options_.max_reply_chars,
                               "个字）"));
  }
  const std::string public_title = Trim(in.public_title);
  const std::string public_text = Trim(in.public_text);
  if (Utf8Length(public_title) > static_cast<size_t>(options_.max_title_chars))
    v.Add("public_title", absl::StrCat("公开标题过长（最多",
                                       options_.max_title_chars, "个字）"));
  if (Utf8Length(public_text) > static_cast<size_t>(options_.max_text_chars))
    v.Add("public_text", absl::StrCat("公开内容过长（最多",
                                      options_.max_text_chars, "个字）"));
  ZWGK_RETURN_IF_ERROR(v.ToStatus("答复信息有误"));
  const Snapshot snap = Prefetch(calendar_, org_, clock_);
  const std::string now = FormatTimestamp(clock_.Now());
  return db_.InTransaction<MessageView>(
      [&](db::Tx& tx) -> absl::StatusOr<MessageView> {
        ZWGK_ASSIGN_OR_RETURN(Message m, Visible(tx, actor, id));
        if (m.state == MessageState::kUnrouted)
          return absl::FailedPreconditionError("留言尚未分办，请先分办");
        if (m.state == MessageState::kReviewing)
          return absl::FailedPreconditionError("答复已提交审核");
        if (m.state == MessageState::kReplied)
          return absl::FailedPreconditionError("留言已答复");
        if (in.publish && !m.publish_consent)
          return InvalidFields(
              "答复信息有误",
              {{"publish", "留言人未同意公开，该留言不能公开发布"}});
        ZWGK_ASSIGN_OR_RETURN(absl::CivilDay on,
                              ActionDay(in.on, snap.today, m.arrived_on, "on"));
        const nlohmann::json before = AuditState(m);
        m.reply_text = text;
        m.draft_on = on;
        m.drafted_by_id = actor.user_id;
        m.replied_by = actor.name;
        m.review_remarks.clear();
        m.publish_requested = in.publish;
        m.public_title = public_title.empty()
                             ? RedactPersonalData(m.title, m.name)
                             : RedactPersonalData(public_title, m.name);
        m.public_text = public_text.empty()
                            ? RedactPersonalData(m.text, m.name)
                            : RedactPersonalData(public_text, m.name);
        m.public_reply = RedactPersonalData(text, m.name);
        m.state = MessageState::kReviewing;
        ZWGK_RETURN_IF_ERROR(store::Update(tx, m, now));
        nlohmann::json after = AuditState(m);
        after["publish"] = in.publish;
        ZWGK_RETURN_IF_ERROR(audit::Record(tx, clock_, actor,
                                           {.action = "message.reply",
                                            .entity = "message",
                                            .entity_id = absl::StrCat(m.id),
                                            .before = before,
                                            .after = after}));
        return MakeView(snap, std::move(m), options_.due_soon_days);
      });
}

absl::StatusOr<MessageView> Service::Review(const Actor& actor, int64_t id,
                                            const ReviewInput& in) {
  ZWGK_RETURN_IF_ERROR(RequireStaff(actor));
  const std::string remarks = Trim(in.remarks);
  if (!in.approve && remarks.empty())
    return InvalidFields("审核意见有误", {{"remarks", "退回时请填写审核意见"}});
  if (Utf8Length(remarks) > 1000)
    return InvalidFields("审核意见有误", {{"remarks", "审核意见最多1000个字"}});
  const Snapshot snap = Prefetch(calendar_, org_, clock_);
  const std::string now = FormatTimestamp(clock_.Now());
  return db_.InTransaction<MessageView>(
      [&](db::Tx& tx) -> absl::StatusOr<MessageView> {
        ZWGK_ASSIGN_OR_RETURN(Message m, Visible(tx, actor, id));
        if (!IsAdmin(actor) && actor.role != Role::kUnitReviewer)
          return absl::PermissionDeniedError(
              "只有本单位审核人员或县政务公开办可以审核答复");
        if (m.state != MessageState::kReviewing)
          return absl::FailedPreconditionError("没有待审核的答复");
        if (SameDrafter(actor, m))
          return absl::PermissionDeniedError("不能审核自己起草的答复");
        const nlohmann::json before = AuditState(m);
        m.reviewed_by = actor.name;
        m.review_remarks = remarks;
        if (in.approve) {
          m.state = MessageState::kReplied;
          m.replied_on = m.draft_on.value_or(snap.today);
          if (m.publish_requested && m.publish_consent) {
            m.published = true;
            m.published_at = now;
            m.unpublish_reason.clear();
          }
        } else {
          m.state = MessageState::kHandling;
        }
        ZWGK_RETURN_IF_ERROR(store::Update(tx, m, now));
        ZWGK_RETURN_IF_ERROR(audit::Record(
            tx, clock_, actor,
            {.action = in.approve ? "message.approve" : "message.return",
             .entity = "message",
             .entity_id = absl::StrCat(m.id),
             .before = before,
             .after = AuditState(m)}));
        return MakeView(snap, std::move(m), options_.due_soon_days);
      });
}

absl::Status Service::Unpublish(const Actor& actor, int64_t id,
                                absl::string_view reason) {
  ZWGK_RETURN_IF_ERROR(RequireOffice(actor));
  const std::string r = Trim(reason);
  if (r.empty())
    return InvalidFields("撤下信息有误", {{"reason", "请填写撤下理由"}});
  if (Utf8Length(r) > 500)
    return InvalidFields("撤下信息有误", {{"reason", "撤下理由最多500个字"}});
  const std::string now = FormatTimestamp(clock_.Now());
  return db_.Transaction([&](db::Tx& tx) -> absl::Status {
    ZWGK_ASSIGN_OR_RETURN(Message m, Visible(tx, actor, id));
    if (!m.published)
      return absl::FailedPreconditionError("该留言没有公开发布");
    const nlohmann::json before = AuditState(m);
    m.published = false;
    m.published_at.reset();
    m.unpublish_reason = r;
    ZWGK_RETURN_IF_ERROR(store::Update(tx, m, now));
    nlohmann::json after = AuditState(m);
    after["reason"] = r;
    return audit::Record(tx, clock_, actor,
                         {.action = "message.unpublish",
                          .entity = "message",
                          .entity_id = absl::StrCat(m.id),
                          .before = before,
                          .after = after});
  });
}

absl::StatusOr<Deadlines> Service::GetDeadlines() {
  return db_.InTransaction<Deadlines>(
      [&](db::Tx& tx) { return store::GetDeadlines(tx); });
}

absl::Status Service::SaveDeadlines(const Actor& actor, const Deadlines& d) {
  ZWGK_RETURN_IF_ERROR(RequireOffice(actor));
  Validator v;
  for (MessageType t : AllTypes()) {
    const int days = d.DaysFor(t);
    if (days < 1 || days > 60)
      v.Add(std::string(TypeName(t)),
            absl::StrCat(TypeLabel(t), "的答复期限应为1–60个工作日"));
  }
  ZWGK_RETURN_IF_ERROR(v.ToStatus("答复期限有误"));
  const std::string now = FormatTimestamp(clock_.Now());
  return db_.Transaction([&](db::Tx& tx) -> absl::Status {
    ZWGK_ASSIGN_OR_RETURN(Deadlines old, store::GetDeadlines(tx));
    ZWGK_RETURN_IF_ERROR(store::SaveDeadlines(tx, d, actor.name, now));
    nlohmann::json before = nlohmann::json::object(),
                   after = nlohmann::json::object();
    for (MessageType t : AllTypes()) {
      before[std::string(TypeName(t))] = old.DaysFor(t);
      after[std::string(TypeName(t))] = d.DaysFor(t);
    }
    return audit::Record(tx, clock_, actor,
                         {.action = "message.deadlines",
                          .entity = "message_deadlines",
                          .entity_id = "all",
                          .before = before,
                          .after = after});
  });
}

// ---------------------------------------------------------------------------
// The dashboard and the calendar.

absl::StatusOr<std::vector<UnansweredMessage>> Service::Unanswered(
    absl::CivilDay as_of, std::optional<int64_t> unit_id) {
  return db_.InTransaction<std::vector<UnansweredMessage>>(
      [&](db::Tx& tx) -> absl::StatusOr<std::vector<UnansweredMessage>> {
        std::map<int64_t, UnansweredMessage> by_id;
        auto entry = [&](const Message& m) -> UnansweredMessage& {
          UnansweredMessage& u = by_id[m.id];
          u.id = m.id;
          u.unit_id = m.unit_id.value_or(0);
          u.tracking_number = m.tracking_number;
          u.title = m.title;
          u.due_on = m.due_on;
          u.arrived_on = m.arrived_on;
          return u;
        };
        ZWGK_ASSIGN_OR_RETURN(std::vector<Message> overdue,
                              store::OpenDueBefore(tx, as_of, unit_id));
        for (const Message& m : overdue) {
          if (m.arrived_on <= as_of) entry(m).overdue = true;
        }
        ZWGK_ASSIGN_OR_RETURN(std::vector<Message> old,
                              store::OpenArrivedBy(tx, as_of - 60, unit_id));
        for (const Message& m : old) entry(m).near_three_month_line = true;
        ZWGK_ASSIGN_OR_RETURN(
            std::vector<Message> late,
            store::RepliedLate(tx, absl::CivilDay(as_of.year(), 1, 1), as_of,
                               unit_id));
        for (const Message& m : late) entry(m);
        std::vector<UnansweredMessage> out;
        out.reserve(by_id.size());
        for (auto& [id, u] : by_id) out.push_back(std::move(u));
        std::sort(out.begin(), out.end(),
                  [](const UnansweredMessage& a, const UnansweredMessage& b) {
                    return std::tie(a.unit_id, a.due_on, a.id) <
                           std::tie(b.unit_id, b.due_on, b.id);
                  });
        return out;
      });
}

absl::StatusOr<calendar::RecomputeCount> Service::Recompute(
    const calendar::Calendar& cal) {
  return db_.InTransaction<calendar::RecomputeCount>(
      [&](db::Tx& tx) -> absl::StatusOr<calendar::RecomputeCount> {
        calendar::RecomputeCount count;
        ZWGK_ASSIGN_OR_RETURN(std::vector<Message> open, store::Open(tx));
        for (const Message& m : open) {
          ++count.checked;
          const absl::CivilDay due = DueDate(cal, m.clock_from, m.due_days);
          if (due == m.due_on) continue;
          ZWGK_RETURN_IF_ERROR(store::SetDue(tx, m.id, due));
          ++count.moved;
          if (count.moved_items.size() <
              static_cast<size_t>(calendar::kMaxMovedListed))
            count.moved_items.push_back(
                {.kind = "政民互动答复期限",
                 .label = m.tracking_number,
                 .url = absl::StrCat("/admin/messages/", m.id),
                 .before = FormatDate(m.due_on),
                 .after = FormatDate(due)});
        }
        return count;
      });
}

}  // namespace zwgk::messages
