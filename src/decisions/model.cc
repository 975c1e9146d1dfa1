// The consultation and comment rules of model.h (the catalog's are in
// catalog_model.cc).
#include "decisions/model.h"

#include <map>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace zwgk::decisions {

absl::string_view WindowStateName(WindowState s) {
  switch (s) {
    case WindowState::kNotYetOpen:
      return "not_yet_open";
    case WindowState::kOpen:
      return "open";
    case WindowState::kClosed:
      return "closed";
    case WindowState::kRecorded:
      return "recorded";
  }
  return "closed";
}

absl::string_view WindowStateLabel(WindowState s) {
  switch (s) {
    case WindowState::kNotYetOpen:
      return "未开始";
    case WindowState::kOpen:
      return "征求意见中";
    case WindowState::kClosed:
      return "已截止";
    case WindowState::kRecorded:
      return "已结束（补录）";
  }
  return "已截止";
}

namespace {

// 00:00 of `day` in China Standard Time (UTC+8, as core/clock.h's
// ChinaTimeZone; this pure library does not link the clock).
absl::Time MidnightInChina(absl::CivilDay day) {
  static const absl::TimeZone kChina = absl::FixedTimeZone(8 * 60 * 60);
  return absl::FromCivil(day, kChina);
}

}  // namespace

WindowState WindowAt(absl::CivilDay opens_on, absl::CivilDay closes_on,
                     bool recorded, absl::Time now) {
  if (recorded) return WindowState::kRecorded;
  if (now < MidnightInChina(opens_on)) return WindowState::kNotYetOpen;
  // Closes at 24:00 on closes_on, the first instant of the next day.
  if (now < MidnightInChina(closes_on + 1)) return WindowState::kOpen;
  return WindowState::kClosed;
}

int WindowDays(absl::CivilDay opens_on, absl::CivilDay closes_on) {
  return static_cast<int>(closes_on - opens_on) + 1;
}

absl::string_view CommentStateName(CommentState s) {
  switch (s) {
    case CommentState::kPending:
      return "pending";
    case CommentState::kPublished:
      return "published";
    case CommentState::kHidden:
      return "hidden";
  }
  return "pending";
}

absl::string_view CommentStateLabel(CommentState s) {
  switch (s) {
    case CommentState::kPending:
      return "待审核";
    case CommentState::kPublished:
      return "已公开";
    case CommentState::kHidden:
      return "不予公开";
  }
  return "待审核";
}

std::optional<CommentState> ParseCommentState(absl::string_view name) {
  for (CommentState s : {CommentState::kPending, CommentState::kPublished,
                         CommentState::kHidden}) {
    if (CommentStateName(s) == name) return s;
  }
  return std::nullopt;
}

absl::string_view AdoptionName(Adoption a) {
  switch (a) {
    case Adoption::kNone:
      return "none";
    case Adoption::kAdopted:
      return "adopted";
    case Adoption::kPartly:
      return "partly";
    case Adoption::kRejected:
      return "rejected";
    case Adoption::kOutOfScope:
      return "out_of_scope";
  }
  return "none";
}

absl::string_view AdoptionLabel(Adoption a) {
  switch (a) {
    case Adoption::kNone:
      return "未处理";
    case Adoption::kAdopted:
      return "采纳";
    case Adoption::kPartly:
      return "部分采纳";
    case Adoption::kRejected:
      return "不采纳";
    case Adoption::kOutOfScope:
      return "不属于本次征求范围";
  }
  return "未处理";
}

std::optional<Adoption> ParseAdoption(absl::string_view name) {
  for (Adoption a : {Adoption::kNone, Adoption::kAdopted, Adoption::kPartly,
                     Adoption::kRejected, Adoption::kOutOfScope}) {
    if (AdoptionName(a) == name) return a;
  }
  return std::nullopt;
}

namespace {

// Decodes one UTF-8 code point at `i` (advancing it); invalid bytes come
// back as themselves so nothing is lost.
char32_t NextCodePoint(absl::string_view s, size_t& i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  int extra = b0 >= 0xF0 ? 3 : b0 >= 0xE0 ? 2 : b0 >= 0xC0 ? 1 : 0;
  bool valid = i + extra < s.size();
  for (int k = 1; valid && k <= extra; ++k) {
    valid = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
  }
  if (!valid) {
    ++i;
    return b0;
  }
  char32_t cp = extra == 0   ? b0
                : extra == 1 ? (b0 & 0x1F)
                : extra == 2 ? (b0 & 0x0F)
                             : (b0 & 0x07);
  for (int k = 1; k <= extra; ++k) {
    cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  }
  i += extra + 1;
  return cp;
}

void AppendUtf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

bool IsSpaceOrPunctuation(char32_t cp) {
  if (cp < 0x80) {
    return !((cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
             (cp >= 'A' && cp <= 'Z'));
  }
  return cp == 0x00A0 || cp == 0x00B7 ||    // no-break space, middle dot
         (cp >= 0x2000 && cp <= 0x206F) ||  // general punctuation, spaces
         (cp >= 0x3000 && cp <= 0x303F) ||  // CJK symbols and punctuation
         (cp >= 0xFE10 && cp <= 0xFE1F) ||  // vertical forms
         (cp >= 0xFE30 && cp <= 0xFE6F) ||  // compatibility, small forms
         cp == 0xFEFF;                      // byte order mark
}

}  // namespace

std::string NormalizeForDuplicates(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    char32_t cp = NextCodePoint(text, i);
    // Full-width ASCII (Ａ，１！) reads the same as its half-width form.
    if (cp >= 0xFF01 && cp <= 0xFF5E) cp = cp - 0xFF01 + 0x21;
    if (IsSpaceOrPunctuation(cp)) continue;
    if (cp >= 'A' && cp <= 'Z') cp = cp - 'A' + 'a';
    AppendUtf8(out, cp);
  }
  return out;
}

namespace {

// The comment whose outcome `c` takes: the head of its duplicate group
// (followed through chains, guarded against loops), or itself.
const Comment& GroupHead(const Comment& c,
                         const std::map<int64_t, const Comment*>& by_id) {
  const Comment* at = &c;
  for (int steps = 0; steps < 32 && at->duplicate_of; ++steps) {
    auto it = by_id.find(*at->duplicate_of);
    if (it == by_id.end() || it->second->state != CommentState::kPublished) {
      break;
    }
    at = it->second;
  }
  return *at;
}

}  // namespace

Feedback BuildFeedback(const std::vector<Comment>& comments) {
  std::map<int64_t, const Comment*> by_id;
  for (const Comment& c : comments) by_id[c.id] = &c;
  Feedback f;
  f.counts.received = static_cast<int64_t>(comments.size());
  for (const auto& [id, c] : by_id) {
    if (c->state == CommentState::kHidden) {
      ++f.counts.hidden;
      continue;
    }
    if (c->state != CommentState::kPublished) continue;
    const Comment& head = GroupHead(*c, by_id);
    switch (head.adoption) {
      case Adoption::kNone:
        ++f.counts.undecided;
        break;
      case Adoption::kAdopted:
        ++f.counts.adopted;
        break;
      case Adoption::kPartly:
        ++f.counts.partly;
        break;
      case Adoption::kRejected:
        ++f.counts.rejected;
        break;
      case Adoption::kOutOfScope:
        ++f.counts.out_of_scope;
        break;
    }
    FeedbackItem item{.comment_id = c->id,
                      .name = c->name,
                      .section = c->section,
                      .text = c->text,
                      .adoption = head.adoption,
                      .reason = head.adoption_reason};
    if (&head != c) {
      item.duplicate_of = head.id;
      if (item.reason.empty()) item.reason = c->adoption_reason;
    }
    f.items.push_back(std::move(item));
  }
  return f;
}

std::vector<std::string> FeedbackBlockers(const std::vector<Comment>& comments,
                                          WindowState window) {
  std::vector<std::string> out;
  if (window == WindowState::kNotYetOpen || window == WindowState::kOpen) {
    out.push_back("征求意见尚未截止，截止后才能发布意见采纳情况反馈");
  }
  std::map<int64_t, const Comment*> by_id;
  for (const Comment& c : comments) by_id[c.id] = &c;
  std::vector<std::string> pending, undecided;
  for (const auto& [id, c] : by_id) {
    if (c->state == CommentState::kPending) {
      pending.push_back(absl::StrCat("第", id, "条"));
    } else if (c->state == CommentState::kPublished &&
               GroupHead(*c, by_id).adoption == Adoption::kNone) {
      undecided.push_back(absl::StrCat("第", id, "条"));
    }
  }
  if (!pending.empty()) {
    out.push_back(absl::StrCat("还有", pending.size(), "条意见待审核（",
                               absl::StrJoin(pending, "、"), "）"));
  }
  if (!undecided.empty()) {
    out.push_back(absl::StrCat("还有", undecided.size(),
                               "条已公开的意见未作出采纳决定（",
                               absl::StrJoin(undecided, "、"), "）"));
  }
  return out;
}

}  // namespace zwgk::decisions
