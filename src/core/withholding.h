// The grounds for not disclosing government information (条例 Art 14–16 and
// the 行政查询事项), in the order of the annual report's Table 三(三). One
// table for both uses: publishing marks a record 依申请公开 / 不予公开 on one
// of them, applications refuses a request on one. Codes are stored in both
// modules' tables, so they never change; former codes stay readable.
#ifndef ZWGK_CORE_WITHHOLDING_H_
#define ZWGK_CORE_WITHHOLDING_H_

#include <optional>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace zwgk {

enum class Withholding {
  kStateSecret,          // 14 国家秘密
  kLawProhibited,        // 14 其他法律行政法规禁止公开
  kSecurityStability,    // 14 危及“三安全一稳定”
  kThirdParty,           // 15 第三方合法权益
  kInternalAffairs,      // 16(1) 内部事务信息
  kProcessInfo,          // 16(2) 过程性信息
  kEnforcementFile,      // 16(2) 行政执法案卷
  kAdministrativeQuery,  // 36(七) 行政查询事项
};

struct WithholdingGround {
  Withholding id;
  absl::string_view code;     // "state_secret"
  absl::string_view label;    // "属于国家秘密"
  absl::string_view article;  // "第十四条"; "" where no article of 14–16
  absl::string_view basis;    // the citation quoted in a reply letter
};

// Every ground, in Table 三 order.
absl::Span<const WithholdingGround> WithholdingGrounds();
const WithholdingGround& GetWithholdingGround(Withholding id);
// By code, label, or a former code ("three_security", "query_matter");
// surrounding ASCII spaces ignored. nullptr when it names none.
const WithholdingGround* FindWithholdingGround(absl::string_view text);

}  // namespace zwgk

#endif  // ZWGK_CORE_WITHHOLDING_H_
