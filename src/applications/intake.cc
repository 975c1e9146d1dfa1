// Intake: applications as typed (public form, staff entry, CSV import) are
// validated field by field and created with their tracking number, query
// code, first events and due date.
#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "applications/internal.h"
#include "applications/service.h"
#include "catalog/excel.h"
#include "core/audit.h"
#include "core/crypto.h"
#include "core/csv.h"
#include "core/status.h"

namespace zwgk::applications {
namespace {

using internal::AuditState;
using internal::Trim;

Actor PublicActor() {
  return Actor{.user_id = 0, .name = "公众（网上申请）", .role = Role::kPublic};
}

}  // namespace

const std::vector<std::pair<std::string, InputField>>&
ApplicationInputFields() {
  static const auto* fields =
      new std::vector<std::pair<std::string, InputField>>{
          {"applicant_type", &ApplicationInput::applicant_type},
          {"name", &ApplicationInput::name},
          {"id_type", &ApplicationInput::id_type},
          {"id_number", &ApplicationInput::id_number},
          {"credit_code", &ApplicationInput::credit_code},
          {"category", &ApplicationInput::category},
          {"legal_representative", &ApplicationInput::legal_representative},
          {"contact", &ApplicationInput::contact},
          {"phone", &ApplicationInput::phone},
          {"address", &ApplicationInput::address},
          {"email", &ApplicationInput::email},
          {"unit", &ApplicationInput::unit},
          {"description", &ApplicationInput::description},
          {"doc_number", &ApplicationInput::doc_number},
          {"delivery_form", &ApplicationInput::delivery_form},
          {"delivery_way", &ApplicationInput::delivery_way},
          {"channel", &ApplicationInput::channel},
          {"received_on", &ApplicationInput::received_on},
          {"arrived_on", &ApplicationInput::arrived_on},
      };
  return *fields;
}

absl::StatusOr<StoredApplication> Service::Validate(const ApplicationInput& in,
                                                    bool staff_entry) {
  Validator v;
  StoredApplication a;
  Applicant& p = a.applicant;
  auto field = [&](const std::string& name, const std::string& value,
                   const char* label, bool required) {
    std::string t = Trim(value);
    if (required && t.empty()) v.Add(name, absl::StrCat("请填写", label));
    if (Utf8Length(t) > options_.max_field_chars)
      v.Add(name, absl::StrCat(label, "过长（最多", options_.max_field_chars,
                               "个字）"));
    return t;
  };
  const std::string type = Trim(in.applicant_type);
  if (type == "organization" || type == "法人或其他组织") {
    p.type = ApplicantType::kOrganization;
  } else if (type == "natural_person" || type == "自然人" || type.empty()) {
    p.type = ApplicantType::kNaturalPerson;
  } else {
    v.Add("applicant_type", "申请人类型只能是自然人或法人或其他组织");
  }
  p.name =
      field("name", in.name,
            p.type == ApplicantType::kOrganization ? "单位名称" : "姓名", true);
  p.phone = field("phone", in.phone, "联系电话", true);
  if (!p.phone.empty()) {
    bool ok = p.phone.size() >= 7 && p.phone.size() <= 20;
    for (char c : p.phone)
      ok = ok && (absl::ascii_isdigit(static_cast<unsigned char>(c)) ||
                  c == '-' || c == '+' || c == ' ');
    if (!ok) v.Add("phone", "联系电话应为7–20位数字（可含“-”）");
  }
  p.address = field("address", in.address, "通信地址", true);
  p.email = field("email", in.email, "电子邮箱", false);
  if (!p.email.empty() &&
      (p.email.find('@') == std::string::npos || p.email.find('@') == 0 ||
       p.email.find('.', p.email.find('@')) == std::string::npos)) {
    v.Add("email", "电子邮箱格式不正确，例如 name@example.com");
  }
  if (p.type == ApplicantType::kNaturalPerson) {
    p.category = ApplicantCategory::kNaturalPerson;
    std::optional<IdType> id_type = Trim(in.id_type).empty()
                                        ? std::optional(IdType::kResidentId)
                                        : ParseIdType(in.id_type);
    if (!id_type) {
      v.Add("id_type", "证件类型无效");
    } else {
      p.id_type = *id_type;
    }
    p.id_number = absl::AsciiStrToUpper(
        field("id_number", in.id_number, "证件号码", true));
    if (id_type == IdType::kResidentId && !p.id_number.empty()) {
      if (absl::Status s = ValidateResidentId(p.id_number); !s.ok())
        v.Add("id_number", std::string(s.message()));
    }
    a.applicant_key = absl::StrCat("id:", p.id_number);
  } else {
    std::optional<ApplicantCategory> c = ParseOrgCategory(in.category);
    if (!c) {
      v.Add("category",
            "请选择单位类别：商业企业、科研机构、社会公益组织、法律服务机构或其"
            "他");
    } else {
      p.category = *c;
    }
    p.credit_code = absl::AsciiStrToUpper(
        field("credit_code", in.credit_code, "统一社会信用代码", true));
    if (!p.credit_code.empty()) {
      if (absl::Status s = ValidateCreditCode(p.credit_code); !s.ok())
        v.Add("credit_code", std::string(s.message()));
    }
    p.legal_representative = field("legal_representative",
                                   in.legal_representative, "法定代表人", true);
    p.contact = field("contact", in.contact, "联系人", true);
    a.applicant_key = absl::StrCat("org:", p.credit_code);
  }
  a.description = Trim(in.description);
  if (a.description.empty()) {
    v.Add("description",
          "请描述所需政府信息（名称、内容或其他能够指向该信息的特征）");
  } else if (Utf8Length(a.description) > options_.max_description_chars) {
    v.Add("description",
          absl::StrCat("所需信息描述过长（最多", options_.max_description_chars,
                       "个字）"));
  }
  a.doc_number = field("doc_number", in.doc_number, "文号", false);
  std::optional<DeliveryForm> form = ParseDeliveryForm(in.delivery_form);
  if (!form) {
    v.Add("delivery_form",
          "请选择获取信息的方式：纸质、电子邮件、光盘或现场查阅");
  } else {
    a.delivery_form = *form;
    if (*form == DeliveryForm::kEmail && p.email.empty())
      v.Add("email", "选择以电子邮件获取时须填写电子邮箱");
  }
  a.delivery_way = field("delivery_way", in.delivery_way, "获取途径", false);
  if (Trim(in.unit).empty()) {
    v.Add("unit", "请选择申请的机关");
  } else if (absl::StatusOr<org::Unit> u = org_.ResolveUnit(Trim(in.unit));
             !u.ok() || u->retired) {
    v.Add("unit", absl::StrCat("没有名为“", Trim(in.unit), "”的机关"));
  } else {
    a.unit_id = u->id;
  }
  const absl::CivilDay today = Today(clock_);
  if (staff_entry) {
    std::optional<Channel> ch = ParseChannel(in.channel);
    if (!ch || *ch == Channel::kOnline) {
      v.Add("channel",
            "请选择收到申请的渠道：当面提交、邮寄（需签收）、平常信函、传真或口"
            "头申请");
    } else {
      a.channel = *ch;
    }
    std::optional<absl::CivilDay> received = ParseDay(Trim(in.received_on));
    if (!received) {
      v.Add("received_on", "请填写收到申请的日期（YYYY-MM-DD）");
    } else if (*received > today) {
      v.Add("received_on", "收到申请的日期不能晚于今天");
    }
    std::optional<absl::CivilDay> arrived =
        Trim(in.arrived_on).empty() ? received : ParseDay(Trim(in.arrived_on));
    if (!arrived && !Trim(in.arrived_on).empty()) {
      v.Add("arrived_on", "到达日期格式应为YYYY-MM-DD");
    } else if (received && *arrived > *received) {
      v.Add("arrived_on", "到达日期不能晚于确认收到的日期");
    }
    if (received && arrived) {
      a.received_on = received;
      a.arrived_at = FormatTimestamp(StartOfDay(*arrived));
    }
    a.state = State::kRegistered;
  } else {
    a.channel = Channel::kOnline;
    a.state = State::kPendingConfirmation;
    a.arrived_at = FormatTimestamp(clock_.Now());
  }
  ZWGK_RETURN_IF_ERROR(v.ToStatus("申请信息有误"));
  return a;
}

absl::StatusOr<Submitted> Service::Create(db::Tx& tx, const Snapshot& snap,
                                          const Actor& actor,
                                          StoredApplication a,
                                          absl::string_view event_kind) {
  Submitted out;
  // Typed from paper by the applicant.
  out.query_code = crypto::RandomReadableCode();
  a.query_code_hash = crypto::Sha256Hex(out.query_code);
  a.created_at = FormatTimestamp(clock_.Now());
  a.created_by = actor.name;
  ZWGK_ASSIGN_OR_RETURN(out.id, store::Insert(tx, a));
  const absl::CivilDay today = Today(clock_);
  out.tracking_number = absl::StrFormat("YSQ%04d%06d", today.year(), out.id);
  a.id = out.id;
  a.tracking_number = out.tracking_number;
  ZWGK_RETURN_IF_ERROR(store::SetTrackingNumber(tx, a.id, a.tracking_number));
  absl::CivilDay arrived = absl::CivilDay(
      absl::ToCivilDay(absl::FromUnixSeconds(0), ChinaTimeZone()));
  absl::Time t;
  std::string err;
  if (absl::ParseTime(absl::RFC3339_full, a.arrived_at, &t, &err))
    arrived = absl::ToCivilDay(t, ChinaTimeZone());
  ZWGK_RETURN_IF_ERROR(
      store::AppendEvent(tx, a.id,
                         {.kind = std::string(event_kind),
                          .on = arrived,
                          .data = {{"channel", ChannelName(a.channel)}},
                          .actor = actor.name,
                          .created_at = a.created_at})
          .status());
  if (a.received_on) {
    ZWGK_RETURN_IF_ERROR(
        store::AppendEvent(tx, a.id,
                           {.kind = std::string(ActionName(Action::kReceive)),
                            .on = *a.received_on,
                            .data = {{"channel", ChannelName(a.channel)}},
                            .actor = actor.name,
                            .created_at = a.created_at})
            .status());
    ZWGK_ASSIGN_OR_RETURN(std::vector<Event> events, store::Events(tx, a.id));
    absl::StatusOr<calendar::ClockResult> clock =
        ReplyClock(*snap.cal, events, options_);
    if (clock.ok()) {
      a.due_on = clock->due;
      ZWGK_RETURN_IF_ERROR(store::UpdateDue(tx, a.id, a.due_on));
    }
  }
  out.state = a.state;
  ZWGK_RETURN_IF_ERROR(
      audit::Record(tx, clock_, actor,
                    {.action = absl::StrCat("application.", event_kind),
                     .entity = "application",
                     .entity_id = absl::StrCat(a.id),
                     .before = nullptr,
                     .after = AuditState(a)}));
  return out;
}

absl::StatusOr<Submitted> Service::Submit(const ApplicationInput& in) {
  ZWGK_ASSIGN_OR_RETURN(StoredApplication a, Validate(in, false));
  const Snapshot snap = Prefetch();
  return db_.InTransaction<Submitted>([&](db::Tx& tx) {
    return Create(tx, snap, PublicActor(), a, "submitted");
  });
}

absl::StatusOr<Submitted> Service::Enter(const Actor& actor,
                                         const ApplicationInput& in) {
  if (!IsStaff(actor.role))
    return absl::PermissionDeniedError("只有工作人员可以登记书面申请");
  ZWGK_ASSIGN_OR_RETURN(StoredApplication a, Validate(in, true));
  if (!ActsForUnit(actor, a.unit_id)) {
    return absl::PermissionDeniedError("只能登记本单位收到的申请");
  }
  const Snapshot snap = Prefetch();
  return db_.InTransaction<Submitted>(
      [&](db::Tx& tx) { return Create(tx, snap, actor, a, "entered"); });
}

absl::StatusOr<ImportOutcome> Service::ImportCsv(const Actor& actor,
                                                 absl::string_view csv) {
  if (!IsStaff(actor.role))
    return absl::PermissionDeniedError("只有工作人员可以导入书面申请");
  ZWGK_ASSIGN_OR_RETURN(auto rows, ParseCsv(csv));
  if (rows.empty()) return absl::InvalidArgumentError("CSV 文件是空的");
  using Setter = InputField;
  std::map<std::string, Setter> columns(ApplicationInputFields().begin(),
                                        ApplicationInputFields().end());
  ImportOutcome outcome;
  std::vector<Setter> setters;
  for (const std::string& h : rows[0]) {
    auto it = columns.find(Trim(h));
    if (it == columns.end()) {
      outcome.errors.push_back(
          {0, Trim(h), absl::StrCat("未知的列“", Trim(h), "”")});
      setters.push_back(nullptr);
    } else {
      setters.push_back(it->second);
    }
  }
  std::vector<StoredApplication> valid;
  for (size_t r = 1; r < rows.size(); ++r) {
    const auto& row = rows[r];
    if (std::all_of(row.begin(), row.end(),
                    [](const std::string& f) { return Trim(f).empty(); }))
      continue;
    ApplicationInput in;
    for (size_t c = 0; c < row.size() && c < setters.size(); ++c)
      if (setters[c]) in.*setters[c] = row[c];
    if (row.size() > setters.size()) {
      outcome.errors.push_back(
          {static_cast<int>(r), "",
           absl::StrCat("该行有", row.size(), "列，多于表头的", setters.size(),
                        "列")});
    }
    absl::StatusOr<StoredApplication> a = Validate(in, true);
    if (!a.ok()) {
      FieldErrors fields = GetFieldErrors(a.status());
      if (fields.empty())
        outcome.errors.push_back(
            {static_cast<int>(r), "", std::string(a.status().message())});
      for (const auto& [col, msg] : fields)
        outcome.errors.push_back({static_cast<int>(r), col, msg});
      continue;
    }
    if (!ActsForUnit(actor, a->unit_id)) {
      outcome.errors.push_back(
          {static_cast<int>(r), "unit", "只能登记本单位收到的申请"});
      continue;
    }
    valid.push_back(std::move(*a));
  }
  if (!outcome.errors.empty()) return outcome;
  if (valid.empty()) return absl::InvalidArgumentError("CSV 中没有申请数据行");
  const Snapshot snap = Prefetch();
  ZWGK_RETURN_IF_ERROR(db_.Transaction([&](db::Tx& tx) -> absl::Status {
    for (const StoredApplication& a : valid) {
      ZWGK_ASSIGN_OR_RETURN(Submitted s, Create(tx, snap, actor, a, "entered"));
      outcome.created.push_back(std::move(s));
    }
    return absl::OkStatus();
  }));
  return outcome;
}

}  // namespace zwgk::applications
