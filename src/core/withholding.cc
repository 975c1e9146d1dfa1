#include "core/withholding.h"

#include "absl/strings/ascii.h"

namespace zwgk {
namespace {

constexpr WithholdingGround kGrounds[] = {
    {Withholding::kStateSecret, "state_secret", "属于国家秘密", "第十四条",
     "《中华人民共和国政府信息公开条例》第十四条"},
    {Withholding::kLawProhibited, "law_prohibited", "其他法律行政法规禁止公开",
     "第十四条", "《中华人民共和国政府信息公开条例》第十四条"},
    {Withholding::kSecurityStability, "security_stability",
     "危及“三安全一稳定”", "第十四条",
     "《中华人民共和国政府信息公开条例》第十四条"},
    {Withholding::kThirdParty, "third_party", "保护第三方合法权益", "第十五条",
     "《中华人民共和国政府信息公开条例》第十五条"},
    {Withholding::kInternalAffairs, "internal_affairs", "属于三类内部事务信息",
     "第十六条", "《中华人民共和国政府信息公开条例》第十六条第一款"},
    {Withholding::kProcessInfo, "process_info", "属于四类过程性信息",
     "第十六条", "《中华人民共和国政府信息公开条例》第十六条第二款"},
    {Withholding::kEnforcementFile, "enforcement_file", "属于行政执法案卷",
     "第十六条", "《中华人民共和国政府信息公开条例》第十六条第二款"},
    // Not an article of 14–16: the option list shows no article for it.
    {Withholding::kAdministrativeQuery, "administrative_query",
     "属于行政查询事项", "",
     "《中华人民共和国政府信息公开条例》第三十六条第（七）项"},
};

// Codes publishing used before the two modules shared this table; rows and
// API clients may still carry them.
struct Alias {
  absl::string_view former;
  Withholding id;
};
constexpr Alias kAliases[] = {
    {"three_security", Withholding::kSecurityStability},
    {"query_matter", Withholding::kAdministrativeQuery},
};

}  // namespace

absl::Span<const WithholdingGround> WithholdingGrounds() { return kGrounds; }

const WithholdingGround& GetWithholdingGround(Withholding id) {
  return kGrounds[static_cast<int>(id)];
}

const WithholdingGround* FindWithholdingGround(absl::string_view text) {
  text = absl::StripAsciiWhitespace(text);
  if (text.empty()) return nullptr;
  for (const WithholdingGround& g : kGrounds)
    if (text == g.code || text == g.label) return &g;
  for (const Alias& a : kAliases)
    if (text == a.former) return &GetWithholdingGround(a.id);
  return nullptr;
}

}  // namespace zwgk
