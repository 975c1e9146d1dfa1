#include "applications/model.h"

#include <iterator>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "core/withholding.h"

namespace zwgk::applications {
namespace {

// One row per enumerator: its stable name and its Chinese label.
template <typename E>
struct Named {
  E value;
  absl::string_view name;
  absl::string_view label;
};

template <typename E, size_t N>
absl::string_view NameOf(const Named<E> (&table)[N], E v) {
  for (const auto& row : table)
    if (row.value == v) return row.name;
  return "";
}
template <typename E, size_t N>
absl::string_view LabelOf(const Named<E> (&table)[N], E v) {
  for (const auto& row : table)
    if (row.value == v) return row.label;
  return "";
}
// By name or by label.
template <typename E, size_t N>
std::optional<E> Parse(const Named<E> (&table)[N], absl::string_view s) {
  s = absl::StripAsciiWhitespace(s);
  for (const auto& row : table)
    if (row.name == s || row.label == s) return row.value;
  return std::nullopt;
}

constexpr Named<State> kStates[] = {
    {State::kPendingConfirmation, "pending_confirmation", "待确认"},
    {State::kRegistered, "registered", "已登记"},
    {State::kProcessing, "processing", "办理中"},
    {State::kCorrectionRequested, "correction_requested", "待补正"},
    {State::kConsulting, "consulting", "征求意见"},
    {State::kExtended, "extended", "已延期"},
    {State::kFeePending, "fee_pending", "待缴费"},
    {State::kReplied, "replied", "已答复"},
    {State::kArchived, "archived", "已归档"},
    {State::kLapsedCorrection, "lapsed_correction", "逾期未补正"},
    {State::kLapsedFee, "lapsed_fee", "逾期未缴费"},
    {State::kWithdrawn, "withdrawn", "已撤回"},
};

constexpr Named<ApplicantType> kApplicantTypes[] = {
    {ApplicantType::kNaturalPerson, "natural_person", "自然人"},
    {ApplicantType::kOrganization, "organization", "法人或其他组织"},
};

constexpr Named<ApplicantCategory> kCategories[] = {
    {ApplicantCategory::kNaturalPerson, "natural_person", "自然人"},
    {ApplicantCategory::kCommercial, "commercial", "商业企业"},
    {ApplicantCategory::kResearch, "research", "科研机构"},
    {ApplicantCategory::kPublicInterest, "public_interest", "社会公益组织"},
    {ApplicantCategory::kLegalService, "legal_service", "法律服务机构"},
    {ApplicantCategory::kOther, "other", "其他"},
};

constexpr Named<IdType> kIdTypes[] = {
    {IdType::kResidentId, "resident_id", "居民身份证"},
    {IdType::kPassport, "passport", "护照"},
    {IdType::kHkMacaoPermit, "hk_macao_permit", "港澳居民来往内地通行证"},
    {IdType::kTaiwanPermit, "taiwan_permit", "台湾居民来往大陆通行证"},
    {IdType::kForeignPermanent, "foreign_permanent_resident",
     "外国人永久居留身份证"},
    {IdType::kOther, "other", "其他有效身份证件"},
};

constexpr Named<DeliveryForm> kDeliveryForms[] = {
    {DeliveryForm::kPaper, "paper", "纸质"},
    {DeliveryForm::kEmail, "email", "电子邮件"},
    {DeliveryForm::kDisc, "disc", "光盘"},
    {DeliveryForm::kOnSite, "on_site", "现场查阅"},
};

constexpr Named<Channel> kChannels[] = {
    {Channel::kOnline, "online", "网上申请"},
    {Channel::kInPerson, "in_person", "当面提交"},
    {Channel::kRegisteredMail, "registered_mail", "邮寄（需签收）"},
    {Channel::kOrdinaryMail, "ordinary_mail", "平常信函"},
    {Channel::kFax, "fax", "传真"},
    {Channel::kOral, "oral", "口头申请（代为填写）"},
};

constexpr Named<ReplyType> kReplyTypes[] = {
    {ReplyType::kDisclosed, "disclosed", "予以公开"},
    {ReplyType::kAlreadyPublic, "already_public", "已主动公开，告知获取方式"},
    {ReplyType::kPartial, "partial", "部分公开"},
    {ReplyType::kWithheld, "withheld", "不予公开"},
    {ReplyType::kUnable, "unable", "无法提供"},
    {ReplyType::kNotHandled, "not_handled", "不予处理"},
    {ReplyType::kNotThisAgency, "not_this_agency", "不属于本机关负责公开"},
    {ReplyType::kSpecialStatute, "special_statute",
     "按有关法律、行政法规规定办理"},
};

// The withholding grounds (三) take code, label and basis from the shared
// table in core/withholding.h; the others are applications' own.
struct WithheldRow {
  Ground ground;
  Withholding shared;
  ResultRow row;
};
constexpr WithheldRow kWithheldGrounds[] = {
    {Ground::kStateSecret, Withholding::kStateSecret, ResultRow::kStateSecret},
    {Ground::kLawProhibited, Withholding::kLawProhibited,
     ResultRow::kLawProhibited},
    {Ground::kSecurityStability, Withholding::kSecurityStability,
     ResultRow::kSecurityStability},
    {Ground::kThirdParty, Withholding::kThirdParty, ResultRow::kThirdParty},
    {Ground::kInternalAffairs, Withholding::kInternalAffairs,
     ResultRow::kInternalAffairs},
    {Ground::kProcessInfo, Withholding::kProcessInfo, ResultRow::kProcessInfo},
    {Ground::kEnforcementFile, Withholding::kEnforcementFile,
     ResultRow::kEnforcementFile},
    {Ground::kAdministrativeQuery, Withholding::kAdministrativeQuery,
     ResultRow::kAdministrativeQuery},
};

struct GroundRow {
  Ground ground;
  absl::string_view name;
  absl::string_view label;
  ReplyType type;
  ResultRow row;
  absl::string_view basis;
};

constexpr GroundRow kOtherGrounds[] = {
    {Ground::kNotHeld, "not_held", "本机关不掌握相关政府信息",
     ReplyType::kUnable, ResultRow::kNotHeld,
     "《中华人民共和国政府信息公开条例》第三十六条第（四）项"},
    {Ground::kNeedsCreation, "needs_creation", "没有现成信息需要另行制作",
     ReplyType::kUnable, ResultRow::kNeedsCreation,
     "《中华人民共和国政府信息公开条例》第三十八条"},
    {Ground::kUnclearAfterCorrection, "unclear_after_correction",
     "补正后申请内容仍不明确", ReplyType::kUnable,
     ResultRow::kUnclearAfterCorrection,
     "《中华人民共和国政府信息公开条例》第三十条"},
    {Ground::kPetition, "petition", "信访举报投诉类申请",
     ReplyType::kNotHandled, ResultRow::kPetition,
     "《中华人民共和国政府信息公开条例》第三十九条第一款"},
    {Ground::kRepeated, "repeated", "重复申请", ReplyType::kNotHandled,
     ResultRow::kRepeated,
     "《中华人民共和国政府信息公开条例》第三十六条第（六）项"},
    {Ground::kPublication, "publication", "要求提供公开出版物",
     ReplyType::kNotHandled, ResultRow::kPublication,
     "《中华人民共和国政府信息公开条例》第三十九条第二款"},
    {Ground::kExcessive, "excessive", "无正当理由大量反复申请",
     ReplyType::kNotHandled, ResultRow::kExcessive,
     "《中华人民共和国政府信息公开条例》第三十五条"},
    {Ground::kConfirmation, "confirmation",
     "要求行政机关确认或重新出具已获取信息", ReplyType::kNotHandled,
     ResultRow::kConfirmation, "《中华人民共和国政府信息公开条例》第三十九条"},
};

// Every ground as one row, the shared ones filled in from core.
const std::vector<GroundRow>& Grounds() {
  static const auto* rows = [] {
    auto* out = new std::vector<GroundRow>;
    for (const WithheldRow& w : kWithheldGrounds) {
      const WithholdingGround& g = GetWithholdingGround(w.shared);
      out->push_back(
          {w.ground, g.code, g.label, ReplyType::kWithheld, w.row, g.basis});
    }
    out->insert(out->end(), std::begin(kOtherGrounds), std::end(kOtherGrounds));
    return out;
  }();
  return *rows;
}

const GroundRow* FindGround(Ground g) {
  for (const GroundRow& r : Grounds())
    if (r.ground == g) return &r;
  return nullptr;
}

struct RowInfo {
  ResultRow row;
  absl::string_view label;
  absl::string_view group;
};
constexpr RowInfo kRows[kResultRowCount] = {
    {ResultRow::kDisclosed, "（一）予以公开", "（一）予以公开"},
    {ResultRow::kPartial,
     "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
     "（二）部分公开"},
    {ResultRow::kStateSecret, "1.属于国家秘密", "（三）不予公开"},
    {ResultRow::kLawProhibited, "2.其他法律行政法规禁止公开", "（三）不予公开"},
    {ResultRow::kSecurityStability, "3.危及“三安全一稳定”", "（三）不予公开"},
    {ResultRow::kThirdParty, "4.保护第三方合法权益", "（三）不予公开"},
    {ResultRow::kInternalAffairs, "5.属于三类内部事务信息", "（三）不予公开"},
    {ResultRow::kProcessInfo, "6.属于四类过程性信息", "（三）不予公开"},
    {ResultRow::kEnforcementFile, "7.属于行政执法案卷", "（三）不予公开"},
    {ResultRow::kAdministrativeQuery, "8.属于行政查询事项", "（三）不予公开"},
    {ResultRow::kNotHeld, "1.本机关不掌握相关政府信息", "（四）无法提供"},
    {ResultRow::kNeedsCreation, "2.没有现成信息需要另行制作", "（四）无法提供"},
    {ResultRow::kUnclearAfterCorrection, "3.补正后申请内容仍不明确",
     "（四）无法提供"},
    {ResultRow::kPetition, "1.信访举报投诉类申请", "（五）不予处理"},
    {ResultRow::kRepeated, "2.重复申请", "（五）不予处理"},
    {ResultRow::kPublication, "3.要求提供公开出版物", "（五）不予处理"},
    {ResultRow::kExcessive, "4.无正当理由大量反复申请", "（五）不予处理"},
    {ResultRow::kConfirmation, "5.要求行政机关确认或重新出具已获取信息",
     "（五）不予处理"},
    {ResultRow::kLapsedCorrection,
     "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
     "（六）其他处理"},
    {ResultRow::kLapsedFee,
     "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
     "（六）其他处理"},
    {ResultRow::kOtherHandling, "3.其他", "（六）其他处理"},
};

constexpr Named<FeeMode> kFeeModes[] = {
    {FeeMode::kPerApplication, "per_application", "按件计收"},
    {FeeMode::kPerPage, "per_page", "按量计收"},
};

}  // namespace

absl::string_view StateName(State s) { return NameOf(kStates, s); }
absl::string_view StateLabel(State s) { return LabelOf(kStates, s); }
std::optional<State> ParseState(absl::string_view n) {
  return Parse(kStates, n);
}

bool IsOpen(State s) {
  switch (s) {
    case State::kRegistered:
    case State::kProcessing:
    case State::kCorrectionRequested:
    case State::kConsulting:
    case State::kExtended:
    case State::kFeePending:
      return true;
    case State::kPendingConfirmation:
    case State::kReplied:
    case State::kArchived:
    case State::kLapsedCorrection:
    case State::kLapsedFee:
    case State::kWithdrawn:
      return false;
  }
  return false;
}

bool IsConcluded(State s) {
  return s == State::kReplied || s == State::kArchived ||
         s == State::kLapsedCorrection || s == State::kLapsedFee ||
         s == State::kWithdrawn;
}

absl::string_view ApplicantTypeName(ApplicantType t) {
  return NameOf(kApplicantTypes, t);
}
absl::string_view ApplicantTypeLabel(ApplicantType t) {
  return LabelOf(kApplicantTypes, t);
}

absl::string_view CategoryName(ApplicantCategory c) {
  return NameOf(kCategories, c);
}
absl::string_view CategoryLabel(ApplicantCategory c) {
  return LabelOf(kCategories, c);
}
std::optional<ApplicantCategory> ParseOrgCategory(absl::string_view s) {
  std::optional<ApplicantCategory> c = Parse(kCategories, s);
  if (c == ApplicantCategory::kNaturalPerson) return std::nullopt;
  return c;
}

absl::string_view IdTypeName(IdType t) { return NameOf(kIdTypes, t); }
absl::string_view IdTypeLabel(IdType t) { return LabelOf(kIdTypes, t); }
std::optional<IdType> ParseIdType(absl::string_view s) {
  return Parse(kIdTypes, s);
}

absl::string_view DeliveryFormName(DeliveryForm f) {
  return NameOf(kDeliveryForms, f);
}
absl::string_view DeliveryFormLabel(DeliveryForm f) {
  return LabelOf(kDeliveryForms, f);
}
std::optional<DeliveryForm> ParseDeliveryForm(absl::string_view s) {
  return Parse(kDeliveryForms, s);
}

absl::string_view ChannelName(Channel c) { return NameOf(kChannels, c); }
absl::string_view ChannelLabel(Channel c) { return LabelOf(kChannels, c); }
std::optional<Channel> ParseChannel(absl::string_view s) {
  return Parse(kChannels, s);
}

absl::string_view ReplyTypeName(ReplyType t) { return NameOf(kReplyTypes, t); }
absl::string_view ReplyTypeLabel(ReplyType t) {
  return LabelOf(kReplyTypes, t);
}
std::optional<ReplyType> ParseReplyType(absl::string_view s) {
  return Parse(kReplyTypes, s);
}

absl::string_view GroundName(Ground g) {
  const GroundRow* r = FindGround(g);
  return r ? r->name : "";
}
absl::string_view GroundLabel(Ground g) {
  const GroundRow* r = FindGround(g);
  return r ? r->label : "";
}
absl::string_view GroundBasis(Ground g) {
  const GroundRow* r = FindGround(g);
  return r ? r->basis : "";
}
std::optional<Ground> ParseGround(absl::string_view s) {
  s = absl::StripAsciiWhitespace(s);
  // The shared table also knows the codes publishing used before.
  if (const WithholdingGround* w = FindWithholdingGround(s)) {
    for (const WithheldRow& r : kWithheldGrounds)
      if (r.shared == w->id) return r.ground;
  }
  for (const GroundRow& r : kOtherGrounds)
    if (r.name == s || r.label == s) return r.ground;
  return std::nullopt;
}
ReplyType GroundReplyType(Ground g) {
  const GroundRow* r = FindGround(g);
  return r ? r->type : ReplyType::kWithheld;
}
bool NeedsGround(ReplyType t) {
  return t == ReplyType::kWithheld || t == ReplyType::kUnable ||
         t == ReplyType::kNotHandled;
}

absl::string_view ResultRowLabel(ResultRow r) {
  return kRows[static_cast<int>(r)].label;
}
absl::string_view ResultRowGroup(ResultRow r) {
  return kRows[static_cast<int>(r)].group;
}

ResultRow RowForReply(ReplyType t, std::optional<Ground> g) {
  if (g.has_value()) {
    if (const GroundRow* r = FindGround(*g)) return r->row;
  }
  switch (t) {
    case ReplyType::kDisclosed:
    case ReplyType::kAlreadyPublic:
      return ResultRow::kDisclosed;
    case ReplyType::kPartial:
      return ResultRow::kPartial;
    case ReplyType::kNotThisAgency:
    case ReplyType::kUnable:
      return ResultRow::kNotHeld;
    case ReplyType::kWithheld:
    case ReplyType::kNotHandled:
    case ReplyType::kSpecialStatute:
      return ResultRow::kOtherHandling;
  }
  return ResultRow::kOtherHandling;
}

std::optional<ResultRow> RowForState(State s) {
  switch (s) {
    case State::kLapsedCorrection:
      return ResultRow::kLapsedCorrection;
    case State::kLapsedFee:
      return ResultRow::kLapsedFee;
    case State::kWithdrawn:
      return ResultRow::kOtherHandling;
    default:
      return std::nullopt;
  }
}

// --- Identity numbers -------------------------------------------------------

char ResidentIdCheckChar(absl::string_view first17) {
  static constexpr int kWeights[17] = {7, 9, 10, 5,  8, 4, 2, 1, 6,
                                       3, 7, 9,  10, 5, 8, 4, 2};
  static constexpr char kChecks[] = "10X98765432";
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (first17[i] - '0') * kWeights[i];
  return kChecks[sum % 11];
}

absl::Status ValidateResidentId(absl::string_view id) {
  if (id.size() != 18) {
    return absl::InvalidArgumentError(
        absl::StrCat("居民身份证号码应为18位，实际为", id.size(), "位"));
  }
  for (int i = 0; i < 17; ++i) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(id[i]))) {
      return absl::InvalidArgumentError(
          absl::StrCat("居民身份证号码前17位应为数字，第", i + 1, "位不是"));
    }
  }
  int year = std::stoi(std::string(id.substr(6, 4)));
  int month = std::stoi(std::string(id.substr(10, 2)));
  int day = std::stoi(std::string(id.substr(12, 2)));
  absl::CivilDay birth(year, month, day);
  if (year < 1900 || birth.year() != year || birth.month() != month ||
      birth.day() != day) {
    return absl::InvalidArgumentError(
        absl::StrCat("居民身份证号码中的出生日期无效：", id.substr(6, 8)));
  }
  char want = ResidentIdCheckChar(id.substr(0, 17));
  char got = absl::ascii_toupper(static_cast<unsigned char>(id[17]));
  if (want != got) {
    return absl::InvalidArgumentError(absl::StrCat(
        "居民身份证号码校验码不符：第18位应为", std::string(1, want),
        "，实际为", std::string(1, id[17]), "，请核对号码"));
  }
  return absl::OkStatus();
}

namespace {
constexpr absl::string_view kCreditChars = "0123456789ABCDEFGHJKLMNPQRTUWXY";
int CreditValue(char c) {
  size_t at = kCreditChars.find(c);
  return at == absl::string_view::npos ? -1 : static_cast<int>(at);
}
}  // namespace

char CreditCodeCheckChar(absl::string_view first17) {
  static constexpr int kWeights[17] = {1,  3,  9,  27, 19, 26, 16, 17, 20,
                                       29, 25, 13, 8,  24, 10, 30, 28};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += CreditValue(first17[i]) * kWeights[i];
  int check = (31 - sum % 31) % 31;
  return kCreditChars[check];
}

absl::Status ValidateCreditCode(absl::string_view code) {
  if (code.size() != 18) {
    return absl::InvalidArgumentError(
        absl::StrCat("统一社会信用代码应为18位，实际为", code.size(), "位"));
  }
  for (size_t i = 0; i < code.size(); ++i) {
    if (CreditValue(code[i]) < 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "统一社会信用代码第", i + 1, "位“", code.substr(i, 1),
          "”不是有效字符（只能是数字和除I、O、Z、S、V以外的大写字母）"));
    }
  }
  char want = CreditCodeCheckChar(code.substr(0, 17));
  if (want != code[17]) {
    return absl::InvalidArgumentError(absl::StrCat(
        "统一社会信用代码校验码不符：第18位应为", std::string(1, want),
        "，实际为", std::string(1, code[17]), "，请核对代码"));
  }
  return absl::OkStatus();
}

std::string MaskIdNumber(absl::string_view id) {
  if (id.size() <= 7) return std::string(id.size(), '*');
  return absl::StrCat(id.substr(0, 3), std::string(id.size() - 7, '*'),
                      id.substr(id.size() - 4));
}

std::string MaskPhone(absl::string_view phone) {
  if (phone.size() <= 7) return std::string(phone.size(), '*');
  return absl::StrCat(phone.substr(0, 3), std::string(phone.size() - 7, '*'),
                      phone.substr(phone.size() - 4));
}

// --- Fees -------------------------------------------------------------------

absl::string_view FeeModeName(FeeMode m) { return NameOf(kFeeModes, m); }
absl::string_view FeeModeLabel(FeeMode m) { return LabelOf(kFeeModes, m); }
std::optional<FeeMode> ParseFeeMode(absl::string_view s) {
  return Parse(kFeeModes, s);
}

int64_t PerApplicationRate(int nth) {
  if (nth <= 10) return 0;
  if (nth <= 30) return 100;
  return 100 * (2 + (nth - 31) / 10);
}

FeeQuote QuotePerApplication(int nth) {
  FeeQuote q{.mode = FeeMode::kPerApplication};
  q.amount_yuan = PerApplicationRate(nth);
  q.working.push_back(absl::StrCat("同一申请人本自然月第", nth,
                                   "件申请（按件计收，超额累进）"));
  if (nth <= 10) {
    q.working.push_back("每月前10件免费：本件0元");
  } else if (nth <= 30) {
    q.working.push_back("第11–30件每件100元：本件100元");
  } else {
    int band_from = 31 + (nth - 31) / 10 * 10;
    q.working.push_back(
        absl::StrCat("第", band_from, "–", band_from + 9, "件每件",
                     q.amount_yuan, "元（第31件起每10件一档，每档加收100元）"));
  }
  q.working.push_back(absl::StrCat("应缴：", q.amount_yuan, "元"));
  return q;
}

FeeQuote QuotePerPage(int pages) {
  FeeQuote q{.mode = FeeMode::kPerPage};
  struct Tier {
    int from, to, rate;
  };
  static constexpr Tier kTiers[] = {
      {1, 30, 0}, {31, 100, 10}, {101, 200, 20}, {201, 1 << 30, 40}};
  q.working.push_back(absl::StrCat("共", pages, "页（按量计收，超额累进）"));
  for (const Tier& t : kTiers) {
    if (pages < t.from) break;
    int n = std::min(pages, t.to) - t.from + 1;
    int64_t sub = static_cast<int64_t>(n) * t.rate;
    q.amount_yuan += sub;
    std::string range = t.to >= (1 << 30)
                            ? absl::StrCat("第", t.from, "页起")
                            : absl::StrCat("第", t.from, "–", t.to, "页");
    q.working.push_back(t.rate == 0
                            ? absl::StrCat(range, "免费：", n, "页×0元=0元")
                            : absl::StrCat(range, "每页", t.rate, "元：", n,
                                           "页×", t.rate, "元=", sub, "元"));
  }
  q.working.push_back(absl::StrCat("应缴：", q.amount_yuan, "元"));
  return q;
}

}  // namespace zwgk::applications
