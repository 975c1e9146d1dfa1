#include "applications/generate.h"

#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "calendar/calendar.h"
#include "core/status.h"

namespace zwgk::applications {
namespace {

constexpr const char* kSurnames[] = {"张", "王", "李", "刘", "陈", "杨",
                                     "黄", "周", "吴", "徐", "孙", "胡"};
constexpr const char* kGiven[] = {"伟", "芳", "敏", "静", "强", "磊",
                                  "洋", "艳", "勇", "军", "杰", "娟"};
constexpr const char* kTowns[] = {"鱼岳镇",   "新街镇", "渡普镇",   "潘家湾镇",
                                  "簰洲湾镇", "陆溪镇", "高铁岭镇", "官桥镇"};
constexpr const char* kSubjects[] = {
    "城乡低保资金发放情况",     "征地补偿安置方案",
    "房屋征收补偿决定",         "农村危房改造补助名单",
    "义务教育招生划片范围",     "建设项目环评批复",
    "行政处罚决定书",           "财政专项资金使用情况",
    "耕地地力保护补贴发放明细", "城区道路改造工程招标文件",
    "养老服务补贴名单",         "道路交通事故认定依据"};
constexpr const char* kCategories[] = {
    "commercial", "research", "public_interest", "legal_service", "other"};
constexpr const char* kGrounds[] = {
    "state_secret",       "law_prohibited",
    "security_stability", "third_party",
    "internal_affairs",   "process_info",
    "enforcement_file",   "administrative_query",
    "not_held",           "needs_creation",
    "petition",           "repeated",
    "publication",        "excessive",
    "confirmation"};

template <size_t N>
const char* Pick(std::mt19937_64& rng, const char* const (&arr)[N]) {
  return arr[rng() % N];
}

// A 居民身份证号码 of the county with a valid check digit (GB 11643).
std::string IdNumber(std::mt19937_64& rng) {
  std::string id = absl::StrFormat(
      "421221%04d%02d%02d%03d", 1950 + static_cast<int>(rng() % 55),
      1 + static_cast<int>(rng() % 12), 1 + static_cast<int>(rng() % 28),
      static_cast<int>(rng() % 1000));
  static constexpr int kWeights[] = {7, 9, 10, 5,  8, 4, 2, 1, 6,
                                     3, 7, 9,  10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (id[i] - '0') * kWeights[i];
  id += "10X98765432"[sum % 11];
  return id;
}

}  // namespace

absl::StatusOr<int64_t> GenerateApplications(Service& service,
                                             const GenerateOptions& o) {
  ZWGK_ASSIGN_OR_RETURN(std::vector<org::Unit> units,
                        service.org().ListUnits());
  if (units.empty())
    return absl::FailedPreconditionError("请先运行 zwgk init 载入单位");
  const Actor office{.user_id = 0, .name = "模拟数据", .role = Role::kAdmin};
  std::mt19937_64 rng(o.seed);
  auto day = [](absl::CivilDay d) { return calendar::FormatDate(d); };
  for (int64_t i = 0; i < o.count; ++i) {
    if (o.progress) o.progress(i, o.count);
    const org::Unit& unit = units[rng() % units.size()];
    const absl::CivilDay received =
        o.to - static_cast<int64_t>(rng() % std::max(1, o.days));
    const int64_t age = o.to - received;
    ApplicationInput in{
        .applicant_type = "natural_person",
        .name = absl::StrCat(Pick(rng, kSurnames), Pick(rng, kGiven),
                             rng() % 2 ? Pick(rng, kGiven) : ""),
        .id_type = "resident_id",
        .id_number = IdNumber(rng),
        .phone =
            absl::StrFormat("138%08d", static_cast<int>(rng() % 100000000)),
        .address = absl::StrCat("嘉鱼县", Pick(rng, kTowns), "人民路",
                                1 + rng() % 200, "号"),
        .unit = absl::StrCat(unit.id),
        .description = absl::StrCat(received.year() - 1 + rng() % 2, "年度",
                                    Pick(rng, kTowns), Pick(rng, kSubjects)),
        .delivery_form = rng() % 3 ? "paper" : "email",
        .delivery_way = "邮寄",
        .channel = rng() % 2 ? "in_person" : "registered_mail",
        .received_on = day(received)};
    in.email = in.delivery_form == "email" ? "shenqing@example.com" : "";
    if (rng() % 4 == 0) {
      in.applicant_type = "organization";
      in.category = Pick(rng, kCategories);
      in.name = absl::StrCat("嘉鱼县", Pick(rng, kTowns), "申请单位", i % 97);
      in.id_type = in.id_number = "";
      in.credit_code = "91350100M000100Y43";
      in.legal_representative = in.contact = "联系人";
    }
    ZWGK_ASSIGN_OR_RETURN(Submitted s, service.Enter(office, in));
    auto act = [&](Action a, ActionInput ai) -> absl::Status {
      absl::Status st = service.Act(office, s.id, a, ai).status();
      if (st.ok()) return st;
      return absl::Status(
          st.code(), absl::StrCat("第", i + 1, "件申请（", s.tracking_number,
                                  "）", ActionLabel(a), "：", st.message()));
    };
    // The day something happened, `min`–`min + spread` days on, or none
    // when that is after `to` (still open then).
    auto after = [&](absl::CivilDay from, int min,
                     int spread) -> std::optional<absl::CivilDay> {
      absl::CivilDay d = from + min + static_cast<int64_t>(rng() % spread);
      if (d > o.to) return std::nullopt;
      return d;
    };
    const int roll = static_cast<int>(rng() % 100);
    // Recent ones are mostly still open; a few old ones were forgotten.
    if ((age < 30 && roll < 60) || roll >= 97) continue;
    if (roll < 3) {
      ZWGK_RETURN_IF_ERROR(
          act(Action::kWithdraw,
              {.on = day(received + 2 > o.to ? o.to : received + 2),
               .reason = "申请人撤回申请"}));
      continue;
    }
    absl::CivilDay from = received;
    if (roll < 12) {
      // 补正: answered, or lapsed after the deadline.
      auto asked = after(received, 1, 4);
      if (!asked) continue;
      ZWGK_RETURN_IF_ERROR(
          act(Action::kRequestCorrection,
              {.on = day(*asked),
               .deadline = day(*asked + 14),
               .items = "请补充所需信息的名称、文号或其他特征描述"}));
      if (roll < 5) {
        auto lapsed = after(*asked, 16, 10);
        if (lapsed)
          ZWGK_RETURN_IF_ERROR(
              act(Action::kCorrectionLapsed, {.on = day(*lapsed)}));
        continue;
      }
      auto back = after(*asked, 2, 10);
      if (!back) continue;
      ZWGK_RETURN_IF_ERROR(
          act(Action::kCorrectionReceived, {.on = day(*back)}));
      from = *back;
    }
    // Replied within about three weeks, one in twelve late.
    auto replied = rng() % 12 == 0 ? after(from, 32, 20) : after(from, 3, 22);
    if (!replied) continue;
    ActionInput reply{.on = day(*replied), .text = "经审查，现答复如下。"};
    const int kind = static_cast<int>(rng() % 100);
    if (kind < 40) {
      reply.type = "disclosed";
    } else if (kind < 52) {
      reply.type = "partial";
    } else if (kind < 62) {
      reply.type = "already_public";
    } else if (kind < 67) {
      reply.type = "not_this_agency";
    } else {
      reply.ground = Pick(rng, kGrounds);
    }
    ZWGK_RETURN_IF_ERROR(act(Action::kReply, reply));
  }
  if (o.progress) o.progress(o.count, o.count);
  return o.count;
}

}  // namespace zwgk::applications
