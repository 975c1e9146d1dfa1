// 依申请公开: plain data for applications for government information
// (条例 Art 27–45), their states, reply types and refusal grounds (the rows
// of annual-report Table 三), fees (国办函〔2020〕109号) and the checks on
// identity numbers. No I/O.
#ifndef ZWGK_APPLICATIONS_MODEL_H_
#define ZWGK_APPLICATIONS_MODEL_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"

namespace zwgk::applications {

// ---------------------------------------------------------------------------
// States. The main line is 待确认 → 已登记 → 办理中 → 已答复 → 已归档; the
// side states pause or end it.
enum class State {
  kPendingConfirmation,  // 待确认: online, receipt not yet confirmed (Art 31)
  kRegistered,           // 已登记: receipt date fixed, clock running
  kProcessing,           // 办理中
  kCorrectionRequested,  // 待补正 (Art 30)
  kConsulting,           // 征求意见 (Art 32/34): clock paused
  kExtended,             // 已延期 (Art 33): still being handled
  kFeePending,           // 待缴费 (信息处理费)
  kReplied,              // 已答复
  kArchived,             // 已归档
  kLapsedCorrection,     // 逾期未补正: ended (Table 三 (六)1)
  kLapsedFee,            // 逾期未缴费: ended (Table 三 (六)2)
  kWithdrawn,            // 申请人撤回: ended (Table 三 (六)3)
};
inline constexpr std::array<State, 12> kAllStates = {
    State::kPendingConfirmation, State::kRegistered, State::kProcessing,
    State::kCorrectionRequested, State::kConsulting, State::kExtended,
    State::kFeePending,          State::kReplied,    State::kArchived,
    State::kLapsedCorrection,    State::kLapsedFee,  State::kWithdrawn};

absl::string_view StateName(State s);   // "pending_confirmation"
absl::string_view StateLabel(State s);  // "待确认"
std::optional<State> ParseState(absl::string_view name);
// States in which the reply is still owed (the clock is relevant).
bool IsOpen(State s);
// Ended without a reply (lapsed, withdrawn) or replied: counted in Table 三.
bool IsConcluded(State s);

// ---------------------------------------------------------------------------
// Applicants (Art 29; Table 三 columns).

enum class ApplicantType { kNaturalPerson, kOrganization };
absl::string_view ApplicantTypeName(ApplicantType t);  // natural_person | …
absl::string_view ApplicantTypeLabel(ApplicantType t);

// The Table 三 columns, 总计 excepted.
enum class ApplicantCategory {
  kNaturalPerson,   // 自然人
  kCommercial,      // 商业企业
  kResearch,        // 科研机构
  kPublicInterest,  // 社会公益组织
  kLegalService,    // 法律服务机构
  kOther,           // 其他
};
inline constexpr std::array<ApplicantCategory, 6> kAllCategories = {
    ApplicantCategory::kNaturalPerson, ApplicantCategory::kCommercial,
    ApplicantCategory::kResearch,      ApplicantCategory::kPublicInterest,
    ApplicantCategory::kLegalService,  ApplicantCategory::kOther};
absl::string_view CategoryName(ApplicantCategory c);   // "commercial"
absl::string_view CategoryLabel(ApplicantCategory c);  // "商业企业"
// Accepts the name or the Chinese label; kNaturalPerson is not an
// organization category and is refused here.
std::optional<ApplicantCategory> ParseOrgCategory(absl::string_view s);

enum class IdType {
  kResidentId,        // 居民身份证 (GB 11643 checked)
  kPassport,          // 护照
  kHkMacaoPermit,     // 港澳居民来往内地通行证
  kTaiwanPermit,      // 台湾居民来往大陆通行证
  kForeignPermanent,  // 外国人永久居留身份证
  kOther,             // 其他有效身份证件
};
absl::string_view IdTypeName(IdType t);
absl::string_view IdTypeLabel(IdType t);
std::optional<IdType> ParseIdType(absl::string_view s);  // name or label

struct Applicant {
  ApplicantType type = ApplicantType::kNaturalPerson;
  ApplicantCategory category = ApplicantCategory::kNaturalPerson;
  std::string name;
  IdType id_type = IdType::kResidentId;  // natural persons
  std::string id_number;                 // natural persons
  std::string credit_code;           // organizations: 统一社会信用代码
  std::string legal_representative;  // organizations
  std::string contact;               // organizations: 联系人
  std::string phone;
  std::string address;
  std::string email;
};

// Delivery form wanted (Art 29(三), Art 40).
enum class DeliveryForm { kPaper, kEmail, kDisc, kOnSite };
absl::string_view DeliveryFormName(DeliveryForm f);  // paper | email | …
absl::string_view DeliveryFormLabel(DeliveryForm f);  // 纸质 | 电子邮件 | …
std::optional<DeliveryForm> ParseDeliveryForm(absl::string_view s);

// How the application arrived (Art 31 decides the receipt date from it).
enum class Channel {
  kOnline,          // 网上申请: receipt = the day both sides confirm
  kInPerson,        // 当面提交: the submission date
  kRegisteredMail,  // 邮寄（需签收）: the day signed for
  kOrdinaryMail,    // 平常信函: the day confirmed with the applicant
  kFax,             // 传真: the day both sides confirm
  kOral,            // 口头申请，工作机构代为填写 (Art 29)
};
absl::string_view ChannelName(Channel c);
absl::string_view ChannelLabel(Channel c);
std::optional<Channel> ParseChannel(absl::string_view s);

// ---------------------------------------------------------------------------
// Replies (Art 36/37/38/39) and their Table 三 rows.

enum class ReplyType {
  kDisclosed,       // 36(二) 予以公开
  kAlreadyPublic,   // 36(一) 已主动公开，告知获取方式
  kPartial,         // 37 部分公开（区分处理）
  kWithheld,        // 36(三) 不予公开 (ground required)
  kUnable,          // 36(四)/38/30 无法提供 (ground required)
  kNotHandled,      // 35/36(六)/39 不予处理 (ground required)
  kNotThisAgency,   // 36(五) 不属于本机关负责公开
  kSpecialStatute,  // 36(七) 按有关法律、行政法规办理
};
absl::string_view ReplyTypeName(ReplyType t);
absl::string_view ReplyTypeLabel(ReplyType t);
std::optional<ReplyType> ParseReplyType(absl::string_view s);

enum class Ground {
  // (三) 不予公开
  kStateSecret,
  kLawProhibited,
  kSecurityStability,
  kThirdParty,
  kInternalAffairs,
  kProcessInfo,
  kEnforcementFile,
  kAdministrativeQuery,
  // (四) 无法提供
  kNotHeld,
  kNeedsCreation,
  kUnclearAfterCorrection,
  // (五) 不予处理
  kPetition,
  kRepeated,
  kPublication,
  kExcessive,
  kConfirmation,
};
absl::string_view GroundName(Ground g);   // "state_secret"
absl::string_view GroundLabel(Ground g);  // "属于国家秘密"
// The legal basis quoted in the reply letter.
absl::string_view GroundBasis(Ground g);
std::optional<Ground> ParseGround(absl::string_view s);
// The reply type a ground belongs to.
ReplyType GroundReplyType(Ground g);
bool NeedsGround(ReplyType t);

// Table 三 result rows (三(一) … 三(六)3), in template order.
enum class ResultRow {
  kDisclosed,
  kPartial,
  kStateSecret,
  kLawProhibited,
  kSecurityStability,
  kThirdParty,
  kInternalAffairs,
  kProcessInfo,
  kEnforcementFile,
  kAdministrativeQuery,
  kNotHeld,
  kNeedsCreation,
  kUnclearAfterCorrection,
  kPetition,
  kRepeated,
  kPublication,
  kExcessive,
  kConfirmation,
  kLapsedCorrection,
  kLapsedFee,
  kOtherHandling,
};
inline constexpr int kResultRowCount = 21;
absl::string_view ResultRowLabel(ResultRow r);  // "1.属于国家秘密"
// The group heading of a row: "（一）予以公开", "（三）不予公开", …
absl::string_view ResultRowGroup(ResultRow r);
// The row an outcome is counted in. Where the template is silent (36(一)
// already public → (一); 36(五) not this agency → (四)1; 36(七) special
// statute → (六)3), the county's practice is the default.
ResultRow RowForReply(ReplyType t, std::optional<Ground> g);
std::optional<ResultRow> RowForState(State s);  // lapsed / withdrawn

// ---------------------------------------------------------------------------
// Identity numbers.

// GB 11643-1999: 17 digits and a check character (0–9 or X); the birth date
// must exist. A specific Chinese message on failure.
absl::Status ValidateResidentId(absl::string_view id);
// GB 32100-2015: 18 characters from 0–9 and A–Y without I, O, Z, S, V; the
// last is the check character.
absl::Status ValidateCreditCode(absl::string_view code);
// The check characters, for tests and the message.
char ResidentIdCheckChar(absl::string_view first17);
char CreditCodeCheckChar(absl::string_view first17);

// Personal data as shown to those who may not see it: the first three and
// last four characters kept, "420***********1234"; phones "138****5678".
std::string MaskIdNumber(absl::string_view id);
std::string MaskPhone(absl::string_view phone);

// ---------------------------------------------------------------------------
// Fees (国办函〔2020〕109号): 按件 or 按量, marginal progressive.

enum class FeeMode { kPerApplication, kPerPage };
absl::string_view FeeModeName(FeeMode m);   // per_application | per_page
absl::string_view FeeModeLabel(FeeMode m);  // 按件计收 | 按量计收
std::optional<FeeMode> ParseFeeMode(absl::string_view s);

struct FeeQuote {
  FeeMode mode = FeeMode::kPerApplication;
  int64_t amount_yuan = 0;
  std::vector<std::string> working;  // one line per tier, then the total
};

// The fee for the `nth` application (1-based) of the same applicant in one
// calendar month: 1–10 free; 11–30 100 元; then each band of 10 adds 100 元
// (31–40 200 元, 41–50 300 元, …).
int64_t PerApplicationRate(int nth);
FeeQuote QuotePerApplication(int nth);
// Pages: 1–30 free, 31–100 10 元/页, 101–200 20 元/页, 201+ 40 元/页, each
// rate on the pages within its tier.
FeeQuote QuotePerPage(int pages);

// ---------------------------------------------------------------------------
// The applicant's remedies, quoted in the reply letter.
inline constexpr int kReviewDays = 60;       // 行政复议法: 60 日
inline constexpr int kLitigationMonths = 6;  // 行政诉讼法: 6 个月

}  // namespace zwgk::applications

#endif  // ZWGK_APPLICATIONS_MODEL_H_
