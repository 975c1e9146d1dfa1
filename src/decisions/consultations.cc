// The consultations' service methods (service.h): the comment window, the
// public's comments, moderation, adoption and the 意见采纳情况反馈.
#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/audit.h"
#include "core/contact.h"
#include "core/crypto.h"
#include "core/date.h"
#include "core/status.h"
#include "core/text.h"
#include "decisions/internal.h"
#include "decisions/service.h"
#include "decisions/store.h"
#include "nlohmann/json.hpp"

namespace zwgk::decisions {
namespace {

constexpr size_t kMaxReasonChars = 1000;
constexpr size_t kMaxNoteChars = 4000;
constexpr const char* kChannels[] = {"信函", "电子邮件", "座谈会", "其他"};

std::string Stripped(absl::string_view s) {
  return std::string(absl::StripAsciiWhitespace(s));
}

// "2026年3月31日": how dates read in messages to people.
std::string ChineseDate(absl::CivilDay d) {
  return absl::StrCat(d.year(), "年", d.month(), "月", d.day(), "日");
}

absl::Status NotFound() { return absl::NotFoundError("未找到该征求意见"); }
absl::Status CommentNotFound() { return absl::NotFoundError("未找到该意见"); }

absl::Status FeedbackAlreadyPublished(const Consultation& c) {
  return absl::FailedPreconditionError(absl::StrCat(
      "意见采纳情况反馈已于", LocalMinute(*c.feedback_published_at),
      "发布，不能再修改意见或采纳情况"));
}

// Whether the reader sees the unit's view (all comments, contact details).
bool IsUnitStaff(const Actor& actor, int64_t unit_id) {
  return IsStaff(actor.role) && ActsForUnit(actor, unit_id);
}

nlohmann::json ConsultationAudit(const Consultation& c) {
  return {{"title", c.title},
          {"unit_id", c.unit_id},
          {"opens_on", FormatDate(c.opens_on)},
          {"closes_on", FormatDate(c.closes_on)},
          {"short_reason", c.short_reason},
          {"recorded", c.recorded}};
}

// Contact details stay out of the audit log too: it is read by more
// people than the unit that received the comment.
nlohmann::json CommentAudit(const Comment& c) {
  nlohmann::json j = {{"consultation", c.consultation_id},
                      {"comment_state", CommentStateName(c.state)},
                      {"moderation_reason", c.moderation_reason},
                      {"adoption", AdoptionName(c.adoption)},
                      {"adoption_reason", c.adoption_reason}};
  if (c.duplicate_of) j["duplicate_of"] = *c.duplicate_of;
  if (!c.channel.empty()) j["channel"] = c.channel;
  return j;
}

// Moves a window's closing day (an extension or an early end), kept in the
// public list of changes with its reason, and audited as `action`.
absl::StatusOr<Consultation> ChangeWindow(db::Tx& tx, const Clock& clock,
                                          const Actor& actor, Consultation c,
                                          absl::CivilDay closes_on,
                                          const std::string& reason,
                                          const char* action) {
  const Consultation before = c;
  WindowChange change{.from = c.closes_on,
                      .to = closes_on,
                      .reason = reason,
                      .by = actor.name,
                      .at = FormatTimestamp(clock.Now())};
  c.closes_on = closes_on;
  ZWGK_RETURN_IF_ERROR(store::InsertWindowChange(tx, c.id, change));
  ZWGK_RETURN_IF_ERROR(store::UpdateConsultation(tx, c, change.at));
  c.extensions.push_back(change);
  nlohmann::json after = ConsultationAudit(c);
  after["reason"] = reason;
  ZWGK_RETURN_IF_ERROR(audit::Record(tx, clock, actor,
                                     {.action = action,
                                      .entity = "consultation",
                                      .entity_id = absl::StrCat(c.id),
                                      .before = ConsultationAudit(before),
                                      .after = after}));
  return c;
}

// A text field trimmed and bounded; `label` names it in messages.
std::string Field(Validator& v, const char* name, absl::string_view value,
                  const char* label, size_t max, bool required) {
  std::string t = Stripped(value);
  if (required && t.empty()) v.Add(name, absl::StrCat("请填写", label));
  if (Utf8Length(t) > max) {
    v.Add(name, absl::StrCat(label, "过长（最多", max, "个字）"));
  }
  return t;
}

std::optional<absl::CivilDay> RequiredDay(Validator& v, const char* name,
                                          absl::string_view text,
                                          const char* label) {
  std::string t = Stripped(text);
  if (t.empty()) {
    v.Add(name, absl::StrCat("请填写", label));
    return std::nullopt;
  }
  std::optional<absl::CivilDay> day = ParseDay(t);
  if (!day) v.Add(name, "日期格式应为 YYYY-MM-DD，例如 2026-06-30");
  return day;
}

// The sections a draft names: trimmed, blank and repeated ones dropped.
std::vector<std::string> CleanSections(Validator& v,
                                       const std::vector<std::string>& in,
                                       const ServiceOptions& o) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const std::string& s : in) {
    std::string t = Stripped(s);
    if (t.empty() || !seen.insert(t).second) continue;
    if (Utf8Length(t) > static_cast<size_t>(o.max_section_chars)) {
      v.Add("sections", absl::StrCat("条目“", t, "”过长（最多",
                                     o.max_section_chars, "个字）"));
    }
    out.push_back(std::move(t));
  }
  if (out.size() > static_cast<size_t>(o.max_sections)) {
    v.Add("sections", absl::StrCat("可评论的条目最多", o.max_sections, "个"));
  }
  return out;
}

// The fields of a comment shared by the public form and staff entry:
// name (or 匿名), contact, section, text. `anonymous_allowed` is the
// consultation's rule for the public; staff may always enter 匿名.
Comment ValidateComment(Validator& v, const CommentInput& in,
                        const Consultation& c, bool anonymous_allowed,
                        const ServiceOptions& o) {
  Comment out{.consultation_id = c.id};
  if (in.anonymous) {
    if (!anonymous_allowed) {
      v.Add("name", "本次征求意见不接受匿名意见，请填写姓名");
    }
    out.name = "匿名";
  } else {
    out.name = Field(v, "name", in.name, "姓名", o.max_name_chars, true);
  }
  out.phone = Stripped(in.phone);
  if (!out.phone.empty() && !IsPhoneNumber(out.phone)) {
    v.Add("phone",
          "联系电话应为手机号码或带区号的固定电话，例如 "
          "13800138000、0715-6321234");
  }
  out.email = Stripped(in.email);
  if (!out.email.empty() && !IsEmailAddress(out.email)) {
    v.Add("email", "电子邮箱格式不正确，例如 name@example.com");
  }
  out.section = Stripped(in.section);
  if (!out.section.empty()) {
    if (c.sections.empty()) {
      if (Utf8Length(out.section) > static_cast<size_t>(o.max_section_chars)) {
        v.Add("section", absl::StrCat("涉及条款过长（最多", o.max_section_chars,
                                      "个字）"));
      }
    } else if (std::find(c.sections.begin(), c.sections.end(), out.section) ==
               c.sections.end()) {
      v.Add("section", "请从列出的条目中选择涉及的部分");
    }
  }
  out.text = Stripped(in.text);
  if (NormalizeForDuplicates(out.text).empty()) {
    v.Add("text", "请填写意见内容");
  } else if (Utf8Length(out.text) > static_cast<size_t>(o.max_comment_chars)) {
    v.Add("text", absl::StrCat("意见内容过长（最多", o.max_comment_chars,
                               "个字，现有", Utf8Length(out.text), "个字）"));
  }
  out.text_hash = crypto::Sha256Hex(NormalizeForDuplicates(out.text));
  return out;
}

// Why a public comment is refused now (OK when the window is open).
absl::Status WindowRefusal(const Consultation& c, WindowState w) {
  switch (w) {
    case WindowState::kOpen:
      return absl::OkStatus();
    case WindowState::kNotYetOpen:
      return absl::FailedPreconditionError(absl::StrCat(
          "征求意见尚未开始，将于", ChineseDate(c.opens_on), "开始接受意见"));
    case WindowState::kClosed:
      return absl::FailedPreconditionError(absl::StrCat(
          "征求意见已于", ChineseDate(c.closes_on), "截止，不再接受意见"));
    case WindowState::kRecorded:
      return absl::FailedPreconditionError(
          "这是补录的往期征求意见，不接受在线提交意见");
  }
  return absl::FailedPreconditionError("不接受意见");
}

// What the public may see of a comment: no contact, no hashes, no names of
// staff; the outcome only once the feedback is published.
Comment PublicComment(Comment c, bool feedback_published) {
  c.phone.clear();
  c.email.clear();
  c.source_hash.clear();
  c.text_hash.clear();
  c.moderated_by.clear();
  if (!feedback_published) {
    c.adoption = Adoption::kNone;
    c.adoption_reason.clear();
    c.duplicate_of.reset();
  }
  return c;
}

}  // namespace

// --- Reading
// ------------------------------------------------------------------

namespace {

// The view of `c` for `actor`, read inside `tx`.
absl::StatusOr<ConsultationView> ViewOf(db::Tx& tx, org::Service& org,
                                        const Actor& actor, Consultation c,
                                        absl::Time now, bool with_comments) {
  ConsultationView v;
  const bool staff = IsUnitStaff(actor, c.unit_id);
  auto unit = org.GetUnit(tx, c.unit_id);
  if (unit.ok()) c.unit_name = unit->name;
  v.window = WindowAt(c.opens_on, c.closes_on, c.recorded, now);
  v.window_days = WindowDays(c.opens_on, c.closes_on);
  if (c.decision_id) {
    auto d = store::GetDecision(tx, *c.decision_id);
    if (!d.ok() && d.status().code() != absl::StatusCode::kUnimplemented)
      return d.status();
    if (d.ok() && d->has_value()) {
      bool visible = staff || IsUnitStaff(actor, (*d)->unit_id);
      if (!visible) {
        ZWGK_ASSIGN_OR_RETURN(visible,
                              store::InPublishedCatalog(tx, *c.decision_id));
      }
      if (visible) v.decision = std::move(**d);
    }
  }
  if (with_comments) {
    ZWGK_ASSIGN_OR_RETURN(std::vector<Comment> all,
                          store::CommentsOf(tx, c.id));
    const bool published = c.feedback_published_at.has_value();
    if (staff) {
      v.feedback = BuildFeedback(all);
      v.feedback_blockers = FeedbackBlockers(all, v.window);
      v.comments = std::move(all);
    } else {
      if (published) v.feedback = BuildFeedback(all);
      for (Comment& cm : all) {
        if (cm.state != CommentState::kPublished) continue;
        v.comments.push_back(PublicComment(std::move(cm), published));
      }
      // A grouped duplicate reads with its group's outcome, as in the
      // feedback.
      if (v.feedback) {
        std::map<int64_t, const FeedbackItem*> items;
        for (const FeedbackItem& i : v.feedback->items)
          items[i.comment_id] = &i;
        for (Comment& cm : v.comments) {
          auto it = items.find(cm.id);
          if (it == items.end()) continue;
          cm.adoption = it->second->adoption;
          cm.adoption_reason = it->second->reason;
          cm.duplicate_of = it->second->duplicate_of;
        }
      }
    }
  }
  v.consultation = std::move(c);
  return v;
}

}  // namespace

absl::StatusOr<std::vector<ConsultationView>> Service::ListConsultations(
    const Actor& actor, const ConsultationFilter& f) {
  const absl::Time now = clock_.Now();
  store::ConsultationQuery q{.unit_id = f.unit_id,
                             .window = f.window,
                             .today = absl::ToCivilDay(now, ChinaTimeZone()),
                             .limit = std::clamp(f.limit, 1, 200),
                             .offset = std::max(f.offset, 0)};
  return db_.InTransaction<std::vector<ConsultationView>>(
      [&](db::Tx& tx) -> absl::StatusOr<std::vector<ConsultationView>> {
        ZWGK_ASSIGN_OR_RETURN(std::vector<Consultation> list,
                              store::ListConsultations(tx, q));
        std::vector<ConsultationView> out;
        out.reserve(list.size());
        for (Consultation& c : list) {
          ZWGK_ASSIGN_OR_RETURN(
              ConsultationView v,
              ViewOf(tx, org_, actor, std::move(c), now, false));
          out.push_back(std::move(v));
        }
        return out;
      });
}

absl::StatusOr<ConsultationView> Service::GetConsultation(const Actor& actor,
                                                          int64_t id) {
  const absl::Time now = clock_.Now();
  return db_.InTransaction<ConsultationView>(
      [&](db::Tx& tx) -> absl::StatusOr<ConsultationView> {
        ZWGK_ASSIGN_OR_RETURN(std::optional<Consultation> c,
                              store::GetConsultation(tx, id));
        if (!c) return NotFound();
        return ViewOf(tx, org_, actor, std::move(*c), now, true);
      });
}

// --- The consultation
// ---------------------------------------------------------

absl::StatusOr<Consultation> Service::CreateConsultation(
    const Actor& actor, const ConsultationInput& in) {
  if (!IsStaff(actor.role)) return absl::PermissionDeniedError("请先登录");
  Validator v;
  Consultation c;
  // The unit: as typed (id or name), or the actor's own.
  std::string unit_text = Stripped(in.unit);
  if (unit_text.empty() && actor.unit_id) {
    unit_text = absl::StrCat(*actor.unit_id);
  }
  if (unit_text.empty()) {
    v.Add("unit", "请选择承办单位");
  } else if (auto unit = org_.ResolveUnit(unit_text); !unit.ok()) {
    v.Add("unit", absl::StrCat("未找到单位“", unit_text, "”"));
  } else if (!ActsForUnit(actor, unit->id)) {
    v.Add("unit", "只能为本单位发起征求意见");
  } else {
    c.unit_id = unit->id;
    c.unit_name = unit->name;
  }
  c.title = Field(v, "title", in.title, "标题", options_.max_title_chars, true);
  c.body = Field(v, "body", in.body, "草案内容", options_.max_body_chars, true);
  c.explanation = Field(v, "explanation", in.explanation, "起草说明",
                        options_.max_body_chars, false);
  c.sections = CleanSections(v, in.sections, options_);
  c.short_reason = Field(v, "short_reason", in.short_reason,
                         "期限少于30日的理由", kMaxReasonChars, false);
  c.allow_anonymous = in.allow_anonymous;
  c.decision_id = in.decision_id;
  std::optional<absl::CivilDay> opens =
      RequiredDay(v, "opens_on", in.opens_on, "开始日期");
  std::optional<absl::CivilDay> closes =
      RequiredDay(v, "closes_on", in.closes_on, "截止日期");
  const absl::CivilDay today = Today(clock_);
  if (opens && closes) {
    c.opens_on = *opens;
    c.closes_on = *closes;
    if (*closes < *opens) {
      v.Add("closes_on", "截止日期不能早于开始日期");
    } else {
      if (WindowDays(*opens, *closes) < kMinimumWindowDays &&
          c.short_reason.empty()) {
        v.Add("short_reason",
              absl::StrCat(
                  "征求意见期限为", WindowDays(*opens, *closes),
                  "日，少于30日的应当说明理由（国务院令第713号第十五条）"));
      }
      // A window wholly in the past is a consultation held before: it is
      // recorded and takes no comments. Otherwise it may not start earlier
      // than today (a window is never opened retroactively).
      if (*closes < today) {
        c.recorded = true;
      } else if (*opens < today) {
        v.Add("opens_on",
              absl::StrCat("开始日期不能早于今天（", ChineseDate(today), "）"));
      }
    }
  }
  ZWGK_RETURN_IF_ERROR(v.ToStatus("征求意见信息有误"));
  c.created_by = actor.name;
  const std::string now = FormatTimestamp(clock_.Now());
  c.created_at = now;
  return db_.InTransaction<Consultation>(
      [&](db::Tx& tx) -> absl::StatusOr<Consultation> {
        if (c.decision_id) {
          ZWGK_ASSIGN_OR_RETURN(std::optional<Decision> d,
                                store::GetDecision(tx, *c.decision_id));
          if (!d || !ActsForUnit(actor, d->unit_id)) {
            return InvalidFields("征求意见信息有误",
                                 {{"decision_id", "未找到该决策事项"}});
          }
          if (d->unit_id != c.unit_id) {
            return InvalidFields(
                "征求意见信息有误",
                {{"decision_id", "该决策事项的承办单位与本次征求意见不一致"}});
          }
        }
        ZWGK_ASSIGN_OR_RETURN(c.id, store::InsertConsultation(tx, c, now));
        ZWGK_RETURN_IF_ERROR(audit::Record(tx, clock_, actor,
                                           {.action = "consultation.create",
                                            .entity = "consultation",
                                            .entity_id = absl::StrCat(c.id),
                                            .before = nullptr,
                                            .after = ConsultationAudit(c)}));
        return c;
      });
}

absl::StatusOr<Consultation> Service::UpdateConsultation(
    const Actor& actor, int64_t id, const ConsultationInput& in) {
  if (!IsStaff(actor.role)) return absl::PermissionDeniedError("请先登录");
  const absl::Time now = clock_.Now();
  return db_.InTransaction<Consultation>([&](db::Tx& tx)
                                             -> absl::StatusOr<Consultation> {
    ZWGK_ASSIGN_OR_RETURN(std::optional<Consultation> found,
                          store::GetConsultation(tx, id));
    if (!found) return NotFound();
    ZWGK_RETURN_IF_ERROR(internal::RequireUnitStaff(actor, found->unit_id));
    const Consultation before = *found;
    Consultation c = *found;
    const WindowState w = WindowAt(c.opens_on, c.closes_on, c.recorded, now);
    if (w == WindowState::kOpen || w == WindowState::kClosed) {
      return absl::FailedPreconditionError(
          "征求意见已经开始，草案和说明不能再修改；调整期限请使用“延长征求期”"
          "或“提前截止”");
    }
    if (c.feedback_published_at) return FeedbackAlreadyPublished(c);
    Validator v;
    // The dates change only by Extend / EndEarly (with a public reason).
    auto keep = [&](const char* field, const std::string& text,
                    absl::CivilDay day) {
      std::string t = Stripped(text);
      if (!t.empty() && t != FormatDate(day)) {
        v.Add(field, "日期不能在此修改，请使用“延长征求期”或“提前截止”");
      }
    };
    keep("opens_on", in.opens_on, c.opens_on);
    keep("closes_on", in.closes_on, c.closes_on);
    c.title =
        Field(v, "title", in.title, "标题", options_.max_title_chars, true);
    c.body =
        Field(v, "body", in.body, "草案内容", options_.max_body_chars, true);
    c.explanation = Field(v, "explanation", in.explanation, "起草说明",
                          options_.max_body_chars, false);
    c.sections = CleanSections(v, in.sections, options_);
    c.short_reason = Field(v, "short_reason", in.short_reason,
                           "期限少于30日的理由", kMaxReasonChars, false);
    if (WindowDays(c.opens_on, c.closes_on) < kMinimumWindowDays &&
        c.short_reason.empty()) {
      v.Add("short_reason",
            "征求意见期限少于30日的应当说明理由（国务院令第713号第十五条）");
    }
    c.allow_anonymous = in.allow_anonymous;
    // A form without the field keeps the link.
    if (in.decision_id) c.decision_id = in.decision_id;
    ZWGK_RETURN_IF_ERROR(v.ToStatus("征求意见信息有误"));
    if (c.decision_id && c.decision_id != before.decision_id) {
      ZWGK_ASSIGN_OR_RETURN(std::optional<Decision> d,
                            store::GetDecision(tx, *c.decision_id));
      if (!d || d->unit_id != c.unit_id) {
        return InvalidFields("征求意见信息有误",
                             {{"decision_id", "未找到本单位的该决策事项"}});
      }
    }
    ZWGK_RETURN_IF_ERROR(
        store::UpdateConsultation(tx, c, FormatTimestamp(now)));
    ZWGK_RETURN_IF_ERROR(audit::Record(tx, clock_, actor,
                                       {.action = "consultation.update",
                                        .entity = "consultation",
                                        .entity_id = absl::StrCat(id),
                                        .before = ConsultationAudit(before),
                                        .after = ConsultationAudit(c)}));
    return c;
  });
}

absl::StatusOr<Consultation> Service::Extend(const Actor& actor, int64_t id,
                                             absl::string_view closes_on,
                                             absl::string_view reason) {
  if (!IsStaff(actor.role)) return absl::PermissionDeniedError("请先登录");
  const absl::Time now = clock_.Now();
  const absl::CivilDay today = absl::ToCivilDay(now, ChinaTimeZone());
  return db_.InTransaction<Consultation>(
      [&](db::Tx& tx) -> absl::StatusOr<Consultation> {
        ZWGK_ASSIGN_OR_RETURN(std::optional<Consultation> found,
                              store::GetConsultation(tx, id));
        if (!found) return NotFound();
        ZWGK_RETURN_IF_ERROR(internal::RequireUnitStaff(actor, found->unit_id));
        Consultation c = *found;
        if (c.recorded) {
          return absl::FailedPreconditionError(
              "补录的往期征求意见不能延长征求期");
        }
        if (c.feedback_published_at) return FeedbackAlreadyPublished(c);
        Validator v;
        std::optional<absl::CivilDay> to =
            RequiredDay(v, "closes_on", closes_on, "新的截止日期");
        std::string why =
            Field(v, "reason", reason, "延长理由", kMaxReasonChars, true);
        if (to && *to <= c.closes_on) {
          v.Add("closes_on", absl::StrCat("延长后的截止日期应晚于原截止日期（",
                                          ChineseDate(c.closes_on),
                                          "）；提前截止请使用“提前截止”"));
        } else if (to && *to < today) {
          v.Add("closes_on", absl::StrCat("新的截止日期不能早于今天（",
                                          ChineseDate(today), "）"));
        }
        ZWGK_RETURN_IF_ERROR(v.ToStatus("延长征求期的信息有误"));
        return ChangeWindow(tx, clock_, actor, std::move(c), *to, why,
                            "consultation.extend");
      });
}

absl::StatusOr<Consultation> Service::EndEarly(const Actor& actor, int64_t id,
                                               absl::string_view closes_on,
                                               absl::string_view reason) {
  if (!IsStaff(actor.role)) return absl::PermissionDeniedError("请先登录");
  const absl::Time now = clock_.Now();
  const absl::CivilDay today = absl::ToCivilDay(now, ChinaTimeZone());
  return db_.InTransaction<Consultation>([&](db::Tx& tx)
                                             -> absl::StatusOr<Consultation> {
    ZWGK_ASSIGN_OR_RETURN(std::optional<Consultation> found,
                          store::GetConsultation(tx, id));
    if (!found) return NotFound();
    ZWGK_RETURN_IF_ERROR(internal::RequireUnitStaff(actor, found->unit_id));
    Consultation c = *found;
    const WindowState w = WindowAt(c.opens_on, c.closes_on, c.recorded, now);
    if (w == WindowState::kRecorded || w == WindowState::kClosed) {
      return absl::FailedPreconditionError(absl::StrCat(
          "征求意见已于", ChineseDate(c.closes_on), "截止，无需提前截止"));
    }
    Validator v;
    std::optional<absl::CivilDay> to =
        RequiredDay(v, "closes_on", closes_on, "新的截止日期");
    std::string why =
        Field(v, "reason", reason, "提前截止的理由", kMaxReasonChars, true);
    // A window closes at 24:00: the earliest is yesterday (closed now).
    const absl::CivilDay earliest = std::max(today - 1, c.opens_on);
    if (to && *to >= c.closes_on) {
      v.Add("closes_on", absl::StrCat("提前截止的日期应早于原截止日期（",
                                      ChineseDate(c.closes_on),
                                      "）；延长请使用“延长征求期”"));
    } else if (to && *to < earliest) {
      v.Add("closes_on", absl::StrCat("截止日期最早为", ChineseDate(earliest)));
    }
    ZWGK_RETURN_IF_ERROR(v.ToStatus("提前截止的信息有误"));
    return ChangeWindow(tx, clock_, actor, std::move(c), *to, why,
                        "consultation.end_early");
  });
}

// --- Comments
// -----------------------------------------------------------------

absl::StatusOr<CommentReceipt> Service::SubmitComment(int64_t consultation_id,
                                                      const CommentInput& in) {
  // A robot filled the field people never see: answer as if accepted, keep
  // nothing (it learns nothing to adapt to).
  if (!in.honeypot.empty()) return CommentReceipt{};
  const absl::Time now = clock_.Now();
  return db_.InTransaction<CommentReceipt>(
      [&](db::Tx& tx) -> absl::StatusOr<CommentReceipt> {
        ZWGK_ASSIGN_OR_RETURN(std::optional<Consultation> c,
                              store::GetConsultation(tx, consultation_id));
        if (!c) return NotFound();
        ZWGK_RETURN_IF_ERROR(WindowRefusal(
            *c, WindowAt(c->opens_on, c->closes_on, c->recorded, now)));
        Validator v;
        Comment comment =
            ValidateComment(v, in, *c, c->allow_anonymous, options_);
        ZWGK_RETURN_IF_ERROR(v.ToStatus("意见填写有误"));
        comment.source_hash = crypto::Sha256Hex(in.source_ip);
        comment.state = CommentState::kPending;
        comment.created_at = FormatTimestamp(now);
        ZWGK_ASSIGN_OR_RETURN(
            int64_t recent,
            store::CountFromSource(
                tx, c->id, comment.source_hash,
                FormatTimestamp(now - options_.address_period)));
        if (recent >= options_.comments_per_address) {
          return absl::ResourceExhaustedError("提交过于频繁，请稍后再试");
        }
        ZWGK_ASSIGN_OR_RETURN(bool seen,
                              store::HasTextHash(tx, c->id, comment.text_hash));
        if (seen) {
          return absl::AlreadyExistsError("已收到内容相同的意见，无需重复提交");
        }
        ZWGK_ASSIGN_OR_RETURN(int64_t id, store::InsertComment(tx, comment));
        return CommentReceipt{.id = id, .state = CommentState::kPending};
      });
}

absl::StatusOr<Comment> Service::RecordComment(const Actor& actor,
                                               int64_t consultation_id,
                                               const CommentInput& in,
                                               absl::string_view channel,
                                               absl::string_view received_on) {
  if (!IsStaff(actor.role)) return absl::PermissionDeniedError("请先登录");
  const absl::Time now = clock_.Now();
  const absl::CivilDay today = absl::ToCivilDay(now, ChinaTimeZone());
  return db_.InTransaction<Comment>([&](db::Tx& tx) -> absl::StatusOr<Comment> {
    ZWGK_ASSIGN_OR_RETURN(std::optional<Consultation> c,
                          store::GetConsultation(tx, consultation_id));
    if (!c) return NotFound();
    ZWGK_RETURN_IF_ERROR(internal::RequireUnitStaff(actor, c->unit_id));
    if (c->feedback_published_at) return FeedbackAlreadyPublished(*c);
    Validator v;
    Comment comment = ValidateComment(v, in, *c, true, options_);
    comment.channel = Stripped(channel);
    if (std::find(std::begin(kChannels), std::end(kChannels),
                  comment.channel) == std::end(kChannels)) {
      v.Add("channel", "请选择收到方式：信函、电子邮件、座谈会或其他");
    }
    std::optional<absl::CivilDay> day =
        RequiredDay(v, "received_on", received_on, "收到日期");
    if (day && *day > today) {
      v.Add("received_on", "收到日期不能晚于今天");
    }
    ZWGK_RETURN_IF_ERROR(v.ToStatus("意见填写有误"));
    comment.received_on = FormatDate(*day);
    comment.state = CommentState::kPublished;
    comment.moderated_by = actor.name;
    comment.moderated_at = FormatTimestamp(now);
    comment.created_at = comment.moderated_at;
    ZWGK_ASSIGN_OR_RETURN(comment.id, store::InsertComment(tx, comment));
    ZWGK_RETURN_IF_ERROR(audit::Record(tx, clock_, actor,
                                       {.action = "consultation.comment_record",
                                        .entity = "consultation_comment",
                                        .entity_id = absl::StrCat(comment.id),
                                        .before = nullptr,
                                        .after = CommentAudit(comment)}));
    return comment;
  });
}

absl::StatusOr<Comment> Service::Moderate(const Actor& actor,
                                          int64_t consultation_id,
                                          int64_t comment_id,
                                          const ModerationInput& in) {
  if (!IsStaff(actor.role)) return absl::PermissionDeniedError("请先登录");
  const std::string now = FormatTimestamp(clock_.Now());
  return db_.InTransaction<Comment>([&](db::Tx& tx) -> absl::StatusOr<Comment> {
    ZWGK_ASSIGN_OR_RETURN(std::optional<Consultation> c,
                          store::GetConsultation(tx, consultation_id));
    if (!c) return NotFound();
    ZWGK_RETURN_IF_ERROR(internal::RequireUnitStaff(actor, c->unit_id));
    ZWGK_ASSIGN_OR_RETURN(std::optional<Comment> found,
                          store::GetComment(tx, consultation_id, comment_id));
    if (!found) return CommentNotFound();
    if (c->feedback_published_at) return FeedbackAlreadyPublished(*c);
    Validator v;
    if (in.outcome == CommentState::kPending) {
      v.Add("outcome", "请选择公开或不予公开");
    }
    std::string reason =
        Field(v, "reason", in.reason, "不予公开的理由", kMaxReasonChars,
              in.outcome == CommentState::kHidden);
    ZWGK_RETURN_IF_ERROR(v.ToStatus("审核信息有误"));
    const Comment before = *found;
    Comment comment = *found;
    comment.state = in.outcome;
    comment.moderation_reason = std::move(reason);
    comment.moderated_by = actor.name;
    comment.moderated_at = now;
    ZWGK_RETURN_IF_ERROR(store::UpdateComment(tx, comment));
    ZWGK_RETURN_IF_ERROR(
        audit::Record(tx, clock_, actor,
                      {.action = "consultation.comment_moderate",
                       .entity = "consultation_comment",
                       .entity_id = absl::StrCat(comment_id),
                       .before = CommentAudit(before),
                       .after = CommentAudit(comment)}));
    return comment;
  });
}

absl::StatusOr<Comment> Service::Adopt(const Actor& actor,
                                       int64_t consultation_id,
                                       int64_t comment_id,
                                       const AdoptionInput& in) {
  if (!IsStaff(actor.role)) return absl::PermissionDeniedError("请先登录");
  return db_.InTransaction<Comment>([&](db::Tx& tx) -> absl::StatusOr<Comment> {
    ZWGK_ASSIGN_OR_RETURN(std::optional<Consultation> c,
                          store::GetConsultation(tx, consultation_id));
    if (!c) return NotFound();
    ZWGK_RETURN_IF_ERROR(internal::RequireUnitStaff(actor, c->unit_id));
    ZWGK_ASSIGN_OR_RETURN(std::vector<Comment> all,
                          store::CommentsOf(tx, consultation_id));
    auto find = [&](int64_t cid) -> const Comment* {
      for (const Comment& x : all)
        if (x.id == cid) return &x;
      return nullptr;
    };
    const Comment* found = find(comment_id);
    if (!found) return CommentNotFound();
    if (c->feedback_published_at) return FeedbackAlreadyPublished(*c);
    if (found->state != CommentState::kPublished) {
      return absl::FailedPreconditionError(
          absl::StrCat("第", comment_id,
                       "条意见尚未公开（待审核或不予公开），"
                       "只能对已公开的意见作出采纳决定"));
    }
    Validator v;
    if (in.outcome == Adoption::kNone && !in.duplicate_of) {
      v.Add("outcome", "请选择采纳、部分采纳、不采纳或不属于本次征求范围");
    }
    std::string reason =
        Field(v, "reason", in.reason, "理由", kMaxReasonChars, true);
    if (in.duplicate_of) {
      const Comment* head = find(*in.duplicate_of);
      if (*in.duplicate_of == comment_id) {
        v.Add("duplicate_of", "不能归入自己");
      } else if (!head || head->state != CommentState::kPublished) {
        v.Add("duplicate_of", absl::StrCat("本次征求意见没有已公开的第",
                                           *in.duplicate_of, "条意见"));
      } else if (head->duplicate_of) {
        v.Add(
            "duplicate_of",
            absl::StrCat("第", head->id, "条意见已归入第", *head->duplicate_of,
                         "条，请直接归入第", *head->duplicate_of, "条"));
      } else {
        for (const Comment& x : all) {
          if (x.duplicate_of == comment_id) {
            v.Add("duplicate_of",
                  absl::StrCat("已有意见（第", x.id,
                               "条）归入本条，本条不能再归入其他意见"));
            break;
          }
        }
      }
    }
    ZWGK_RETURN_IF_ERROR(v.ToStatus("采纳情况填写有误"));
    const Comment before = *found;
    Comment comment = *found;
    comment.adoption = in.outcome;
    comment.adoption_reason = std::move(reason);
    comment.duplicate_of = in.duplicate_of;
    ZWGK_RETURN_IF_ERROR(store::UpdateComment(tx, comment));
    ZWGK_RETURN_IF_ERROR(audit::Record(tx, clock_, actor,
                                       {.action = "consultation.comment_adopt",
                                        .entity = "consultation_comment",
                                        .entity_id = absl::StrCat(comment_id),
                                        .before = CommentAudit(before),
                                        .after = CommentAudit(comment)}));
    return comment;
  });
}

absl::StatusOr<ConsultationView> Service::PublishFeedback(
    const Actor& actor, int64_t consultation_id, absl::string_view note) {
  if (!IsStaff(actor.role)) return absl::PermissionDeniedError("请先登录");
  const absl::Time now = clock_.Now();
  Validator v;
  std::string text = Field(v, "note", note, "反馈说明", kMaxNoteChars, false);
  ZWGK_RETURN_IF_ERROR(v.ToStatus("反馈说明有误"));
  return db_.InTransaction<ConsultationView>(
      [&](db::Tx& tx) -> absl::StatusOr<ConsultationView> {
        ZWGK_ASSIGN_OR_RETURN(std::optional<Consultation> c,
                              store::GetConsultation(tx, consultation_id));
        if (!c) return NotFound();
        ZWGK_RETURN_IF_ERROR(internal::RequireUnitStaff(actor, c->unit_id));
        if (c->feedback_published_at) {
          return absl::FailedPreconditionError(
              absl::StrCat("意见采纳情况反馈已于",
                           LocalMinute(*c->feedback_published_at), "发布"));
        }
        ZWGK_ASSIGN_OR_RETURN(std::vector<Comment> all,
                              store::CommentsOf(tx, consultation_id));
        std::vector<std::string> blockers = FeedbackBlockers(
            all, WindowAt(c->opens_on, c->closes_on, c->recorded, now));
        if (!blockers.empty()) {
          return absl::FailedPreconditionError(absl::StrCat(
              "暂不能发布意见采纳情况反馈：", absl::StrJoin(blockers, "；")));
        }
        const Consultation before = *c;
        c->feedback_published_at = FormatTimestamp(now);
        c->feedback_note = text;
        ZWGK_RETURN_IF_ERROR(
            store::UpdateConsultation(tx, *c, *c->feedback_published_at));
        const Feedback f = BuildFeedback(all);
        nlohmann::json after = ConsultationAudit(*c);
        after["note"] = text;
        after["received"] = f.counts.received;
        ZWGK_RETURN_IF_ERROR(
            audit::Record(tx, clock_, actor,
                          {.action = "consultation.feedback_publish",
                           .entity = "consultation",
                           .entity_id = absl::StrCat(consultation_id),
                           .before = ConsultationAudit(before),
                           .after = after}));
        return ViewOf(tx, org_, actor, std::move(*c), now, true);
      });
}

}  // namespace zwgk::decisions
