// The site identity and the units' 概况信息 / 机构职能 (issue 19):
// validate → authorize → act, one transaction each, audited.
#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "content/blob_store.h"
#include "content/body.h"
#include "content/filetype.h"
#include "core/audit.h"
#include "core/contact.h"
#include "core/status.h"
#include "core/text.h"
#include "nlohmann/json.hpp"
#include "org/service.h"
#include "org/store.h"

namespace zwgk::org {
namespace {

// Adds "至多 N 字" for a field longer than `max` characters.
void MaxLength(Validator& v, const std::string& field, absl::string_view label,
               absl::string_view value, size_t max) {
  if (Utf8Length(value) > max)
    v.Add(field, absl::StrCat(label, "不能超过 ", max, " 个字"));
}

std::string Trimmed(absl::string_view s) {
  return std::string(absl::StripAsciiWhitespace(s));
}

void CheckPhone(Validator& v, const std::string& field, absl::string_view label,
                absl::string_view value) {
  if (!value.empty() && !IsPhoneNumber(value))
    v.Add(field,
          absl::StrCat(label, "应为固定电话或手机号码，如 0715-6321234"));
}

void CheckEmail(Validator& v, const std::string& field,
                absl::string_view value) {
  if (!value.empty() && !IsEmailAddress(value))
    v.Add(field, "电子邮箱格式不正确，如 zwgk@example.gov.cn");
}

absl::StatusOr<SiteIdentity> ValidateIdentity(const SiteIdentityInput& in) {
  SiteIdentity s{.site_name = Trimmed(in.site_name),
                 .sponsor = Trimmed(in.sponsor),
                 .organizer = Trimmed(in.organizer),
                 .phone = Trimmed(in.phone),
                 .address = Trimmed(in.address),
                 .email = Trimmed(in.email),
                 .id_code = Trimmed(in.id_code),
                 .icp = Trimmed(in.icp),
                 .police = Trimmed(in.police),
                 .mark_url = Trimmed(in.mark_url)};
  Validator v;
  MaxLength(v, "site_name", "网站名称", s.site_name, 50);
  MaxLength(v, "sponsor", "主办单位", s.sponsor, 100);
  MaxLength(v, "organizer", "承办单位", s.organizer, 100);
  CheckPhone(v, "phone", "联系电话", s.phone);
  MaxLength(v, "address", "地址", s.address, 200);
  CheckEmail(v, "email", s.email);
  if (!s.id_code.empty()) {
    bool alnum = std::all_of(s.id_code.begin(), s.id_code.end(), [](char c) {
      return absl::ascii_isalnum(static_cast<unsigned char>(c));
    });
    if (s.id_code.size() != 10 || !alnum)
      v.Add("id_code", "网站标识码应为 10 位数字或字母，如 4212210001");
  }
  MaxLength(v, "icp", "ICP备案号", s.icp, 50);
  MaxLength(v, "police", "公安机关备案号", s.police, 60);
  if (!s.police.empty()) {
    size_t digits = PoliceRecordCode(s.police).size();
    if (digits < 8 || digits > 20)
      v.Add("police",
            "公安机关备案号应含备案编号数字，如 鄂公网安备 42122102000123号");
  }
  if (!s.mark_url.empty()) {
    bool scheme = absl::StartsWith(s.mark_url, "https://") ||
                  absl::StartsWith(s.mark_url, "http://");
    bool clean = std::none_of(s.mark_url.begin(), s.mark_url.end(), [](char c) {
      return static_cast<unsigned char>(c) <= ' ' || c == '"' || c == '<' ||
             c == '>' || c == '\'';
    });
    if (!scheme || !clean || s.mark_url.size() > 500)
      v.Add("mark_url", "标识链接应为以 https:// 或 http:// 开头的网址");
  }
  ZWGK_RETURN_IF_ERROR(v.ToStatus("网站标识信息有误"));
  return s;
}

nlohmann::json IdentityJson(const SiteIdentity& s) {
  return {{"site_name", s.site_name}, {"sponsor", s.sponsor},
          {"organizer", s.organizer}, {"phone", s.phone},
          {"address", s.address},     {"email", s.email},
          {"id_code", s.id_code},     {"icp", s.icp},
          {"police", s.police},       {"mark_url", s.mark_url},
          {"mark_blob", s.mark_blob}, {"police_blob", s.police_blob}};
}

absl::StatusOr<UnitProfile> ValidateProfile(int64_t unit_id,
                                            const ProfileInput& in) {
  UnitProfile p{.unit_id = unit_id,
                .departments = Trimmed(in.departments),
                .address = Trimmed(in.address),
                .phone = Trimmed(in.phone),
                .fax = Trimmed(in.fax),
                .email = Trimmed(in.email),
                .office_hours = Trimmed(in.office_hours)};
  Validator v;
  MaxLength(v, "departments", "机构设置", p.departments, 5000);
  std::vector<Department> departments = ParseDepartments(p.departments);
  if (departments.size() > 100) v.Add("departments", "机构设置至多 100 行");
  for (size_t i = 0; i < departments.size(); ++i) {
    if (departments[i].name.empty() || Utf8Length(departments[i].name) > 50) {
      v.Add("departments",
            absl::StrCat("机构设置第 ", i + 1, " 行：名称应为 1–50 个字"));
      break;
    }
  }
  if (Utf8Length(in.duties) > 40000) {
    v.Add("duties", "主要职责不能超过 40000 个字");
  } else {
    p.duties_html = content::PrepareBody(in.duties).html;
  }
  MaxLength(v, "address", "办公地址", p.address, 200);
  CheckPhone(v, "phone", "联系电话", p.phone);
  CheckPhone(v, "fax", "传真", p.fax);
  CheckEmail(v, "email", p.email);
  MaxLength(v, "office_hours", "办公时间", p.office_hours, 100);
  ZWGK_RETURN_IF_ERROR(v.ToStatus("概况信息有误"));
  return p;
}

absl::StatusOr<Leader> ValidateLeader(const LeaderInput& in) {
  Leader l{.position = in.position,
           .name = Trimmed(in.name),
           .title = Trimmed(in.title),
           .resume = Trimmed(in.resume),
           .portfolio = Trimmed(in.portfolio)};
  Validator v;
  if (l.name.empty()) v.Add("name", "请填写负责人姓名");
  MaxLength(v, "name", "姓名", l.name, 30);
  MaxLength(v, "title", "职务", l.title, 50);
  MaxLength(v, "resume", "简历", l.resume, 3000);
  MaxLength(v, "portfolio", "分工", l.portfolio, 1000);
  if (l.position < 0 || l.position > 1000)
    v.Add("position", "排序应为 0–1000 的整数");
  ZWGK_RETURN_IF_ERROR(v.ToStatus("负责人信息有误"));
  return l;
}

nlohmann::json LeaderJson(const Leader& l) {
  return {{"id", l.id},           {"name", l.name},
          {"title", l.title},     {"position", l.position},
          {"resume", l.resume},   {"portfolio", l.portfolio},
          {"photo", l.photo_blob}};
}

// The image's MIME type when it is one of `allowed` and at most `max`
// bytes; InvalidArgument naming `field` otherwise.
absl::StatusOr<std::string> CheckImage(absl::string_view bytes,
                                       std::vector<content::FileType> allowed,
                                       int64_t max, const std::string& field,
                                       absl::string_view kinds) {
  content::FileTypeInfo info = content::DetectFileType(bytes);
  if (std::find(allowed.begin(), allowed.end(), info.type) == allowed.end()) {
    return InvalidFields("图片类型不对",
                         {{field, absl::StrCat("请上传 ", kinds, " 图片")}});
  }
  if (static_cast<int64_t>(bytes.size()) > max) {
    return InvalidFields(
        "图片太大",
        {{field, absl::StrCat("图片不能超过 ", max / 1024, " KB")}});
  }
  return info.mime;
}

}  // namespace

// --- Site identity ----------------------------------------------------------

absl::StatusOr<SiteIdentity> Service::GetSiteIdentity() {
  return db_.InTransaction<SiteIdentity>(
      [&](db::Tx& tx) -> absl::StatusOr<SiteIdentity> {
        ZWGK_ASSIGN_OR_RETURN(SiteIdentity s, store::GetSiteIdentity(tx));
        absl::StatusOr<County> county = store::GetCounty(tx);
        const std::string name = county.ok() ? county->name : "";
        if (s.site_name.empty()) s.site_name = absl::StrCat(name, "人民政府");
        if (s.sponsor.empty()) s.sponsor = absl::StrCat(name, "人民政府办公室");
        return s;
      });
}

absl::StatusOr<Service::PageIdentity> Service::PageIdentityCached() {
  const int64_t generation = db_.RecentSiteGeneration(clock_.Now());
  {
    std::lock_guard<std::mutex> lock(page_mu_);
    if (page_identity_ && generation >= 0 && generation == page_generation_)
      return *page_identity_;
  }
  ZWGK_ASSIGN_OR_RETURN(County county, GetCounty());
  ZWGK_ASSIGN_OR_RETURN(SiteIdentity identity, GetSiteIdentity());
  PageIdentity page{std::move(county), std::move(identity)};
  std::lock_guard<std::mutex> lock(page_mu_);
  page_identity_ = page;
  page_generation_ = generation;
  return page;
}

absl::StatusOr<SiteIdentity> Service::UpdateSiteIdentity(
    const Actor& actor, const SiteIdentityInput& in) {
  if (!IsAdmin(actor))
    return absl::PermissionDeniedError(
        "只有县政务公开办管理员可以修改网站标识信息");
  ZWGK_ASSIGN_OR_RETURN(SiteIdentity s, ValidateIdentity(in));
  return db_.InTransaction<SiteIdentity>(
      [&](db::Tx& tx) -> absl::StatusOr<SiteIdentity> {
        ZWGK_ASSIGN_OR_RETURN(SiteIdentity before, store::GetSiteIdentity(tx));
        s.mark_blob = before.mark_blob;
        s.mark_type = before.mark_type;
        s.police_blob = before.police_blob;
        s.police_type = before.police_type;
        s.updated_at = FormatTimestamp(clock_.Now());
        ZWGK_RETURN_IF_ERROR(store::PutSiteIdentity(tx, s));
        ZWGK_RETURN_IF_ERROR(
            audit::Record(tx, clock_, actor,
                          {"site.identity", "site", "identity",
                           IdentityJson(before), IdentityJson(s)}));
        return s;
      });
}

absl::Status Service::SetSiteMark(const Actor& actor, SiteMark mark,
                                  absl::string_view bytes) {
  if (!IsAdmin(actor))
    return absl::PermissionDeniedError(
        "只有县政务公开办管理员可以修改网站标识信息");
  const std::string field = mark == SiteMark::kDzjg ? "mark" : "police_mark";
  std::string blob, type;
  if (!bytes.empty()) {
    ZWGK_ASSIGN_OR_RETURN(
        type, CheckImage(bytes,
                         {content::FileType::kPng, content::FileType::kJpeg,
                          content::FileType::kGif},
                         kMaxMarkBytes, field, "PNG、JPEG 或 GIF"));
    content::BlobStore blobs(
        (std::filesystem::path(data_dir_) / "blobs").string());
    ZWGK_ASSIGN_OR_RETURN(blob, blobs.Put(bytes));
  }
  return db_.Transaction([&](db::Tx& tx) -> absl::Status {
    ZWGK_ASSIGN_OR_RETURN(SiteIdentity s, store::GetSiteIdentity(tx));
    const SiteIdentity before = s;
    if (mark == SiteMark::kDzjg) {
      s.mark_blob = blob;
      s.mark_type = type;
    } else {
      s.police_blob = blob;
      s.police_type = type;
    }
    s.updated_at = FormatTimestamp(clock_.Now());
    ZWGK_RETURN_IF_ERROR(store::PutSiteIdentity(tx, s));
    return audit::Record(tx, clock_, actor,
                         {"site.identity", "site", "identity",
                          IdentityJson(before), IdentityJson(s)});
  });
}

absl::StatusOr<StoredImage> Service::ReadBlob(absl::string_view blob,
                                              absl::string_view type) const {
  if (blob.empty()) return absl::NotFoundError("图片不存在");
  content::BlobStore blobs(
      (std::filesystem::path(data_dir_) / "blobs").string());
  ZWGK_ASSIGN_OR_RETURN(std::string bytes, blobs.Get(blob));
  return StoredImage{std::string(type), std::move(bytes)};
}

absl::StatusOr<StoredImage> Service::SiteMarkImage(SiteMark mark) {
  ZWGK_ASSIGN_OR_RETURN(SiteIdentity s,
                        db_.InTransaction<SiteIdentity>([](db::Tx& tx) {
                          return store::GetSiteIdentity(tx);
                        }));
  return mark == SiteMark::kDzjg ? ReadBlob(s.mark_blob, s.mark_type)
                                 : ReadBlob(s.police_blob, s.police_type);
}

// --- Unit profiles ----------------------------------------------------------

absl::Status Service::RequireProfileEditor(db::Tx& tx, const Actor& actor,
                                           int64_t unit_id) const {
  if (unit_id == 0) {
    if (IsAdmin(actor)) return absl::OkStatus();
    return absl::NotFoundError("单位 #0 不存在");
  }
  return RequireActsFor(tx, actor, unit_id).status();
}

absl::StatusOr<UnitProfile> Service::GetProfile(int64_t unit_id) {
  return db_.InTransaction<UnitProfile>(
      [&](db::Tx& tx) -> absl::StatusOr<UnitProfile> {
        if (unit_id != 0) {
          ZWGK_ASSIGN_OR_RETURN(Unit unit, store::GetUnit(tx, unit_id));
          if (unit.retired)
            return absl::NotFoundError(absl::StrCat("单位 #", unit_id));
        }
        ZWGK_ASSIGN_OR_RETURN(UnitProfile p, store::GetProfile(tx, unit_id));
        if (ProfileIsEmpty(p))
          return absl::NotFoundError(
              absl::StrCat("单位 #", unit_id, " 的概况信息"));
        return p;
      });
}

absl::StatusOr<UnitProfile> Service::ProfileForEdit(const Actor& actor,
                                                    int64_t unit_id) {
  return db_.InTransaction<UnitProfile>(
      [&](db::Tx& tx) -> absl::StatusOr<UnitProfile> {
        ZWGK_RETURN_IF_ERROR(RequireProfileEditor(tx, actor, unit_id));
        absl::StatusOr<UnitProfile> p = store::GetProfile(tx, unit_id);
        if (absl::IsNotFound(p.status()))
          return UnitProfile{.unit_id = unit_id};
        return p;
      });
}

absl::StatusOr<UnitProfile> Service::UpdateProfile(const Actor& actor,
                                                   int64_t unit_id,
                                                   const ProfileInput& in) {
  ZWGK_ASSIGN_OR_RETURN(UnitProfile p, ValidateProfile(unit_id, in));
  p.updated_at = FormatTimestamp(clock_.Now());
  return db_.InTransaction<UnitProfile>(
      [&](db::Tx& tx) -> absl::StatusOr<UnitProfile> {
        ZWGK_RETURN_IF_ERROR(RequireProfileEditor(tx, actor, unit_id));
        ZWGK_RETURN_IF_ERROR(store::PutProfile(tx, p));
        ZWGK_RETURN_IF_ERROR(audit::Record(
            tx, clock_, actor,
            {"unit.profile", "unit", absl::StrCat(unit_id), nullptr,
             nlohmann::json{{"departments", p.departments},
                            {"duties_html", p.duties_html},
                            {"address", p.address},
                            {"phone", p.phone},
                            {"fax", p.fax},
                            {"email", p.email},
                            {"office_hours", p.office_hours}}}));
        return store::GetProfile(tx, unit_id);
      });
}

absl::StatusOr<Leader> Service::AddLeader(const Actor& actor, int64_t unit_id,
                                          const LeaderInput& in) {
  ZWGK_ASSIGN_OR_RETURN(Leader l, ValidateLeader(in));
  l.unit_id = unit_id;
  return db_.InTransaction<Leader>([&](db::Tx& tx) -> absl::StatusOr<Leader> {
    ZWGK_RETURN_IF_ERROR(RequireProfileEditor(tx, actor, unit_id));
    ZWGK_ASSIGN_OR_RETURN(int64_t count, store::CountLeaders(tx, unit_id));
    if (count >= kMaxLeaders)
      return InvalidFields(
          "负责人太多",
          {{"name", absl::StrCat("每个单位至多 ", kMaxLeaders, " 位负责人")}});
    ZWGK_ASSIGN_OR_RETURN(
        l.id, store::InsertLeader(tx, l, FormatTimestamp(clock_.Now())));
    ZWGK_RETURN_IF_ERROR(
        audit::Record(tx, clock_, actor,
                      {"unit.leader", "unit", absl::StrCat(unit_id), nullptr,
                       LeaderJson(l)}));
    return l;
  });
}

absl::StatusOr<Leader> Service::UpdateLeader(const Actor& actor,
                                             int64_t unit_id, int64_t leader_id,
                                             const LeaderInput& in) {
  ZWGK_ASSIGN_OR_RETURN(Leader l, ValidateLeader(in));
  return db_.InTransaction<Leader>([&](db::Tx& tx) -> absl::StatusOr<Leader> {
    ZWGK_RETURN_IF_ERROR(RequireProfileEditor(tx, actor, unit_id));
    ZWGK_ASSIGN_OR_RETURN(Leader before,
                          store::GetLeader(tx, unit_id, leader_id));
    l.id = before.id;
    l.unit_id = unit_id;
    l.photo_blob = before.photo_blob;
    l.photo_type = before.photo_type;
    ZWGK_RETURN_IF_ERROR(store::UpdateLeader(tx, l));
    ZWGK_RETURN_IF_ERROR(
        audit::Record(tx, clock_, actor,
                      {"unit.leader", "unit", absl::StrCat(unit_id),
                       LeaderJson(before), LeaderJson(l)}));
    return l;
  });
}

absl::Status Service::RemoveLeader(const Actor& actor, int64_t unit_id,
                                   int64_t leader_id) {
  return db_.Transaction([&](db::Tx& tx) -> absl::Status {
    ZWGK_RETURN_IF_ERROR(RequireProfileEditor(tx, actor, unit_id));
    ZWGK_ASSIGN_OR_RETURN(Leader before,
                          store::GetLeader(tx, unit_id, leader_id));
    ZWGK_RETURN_IF_ERROR(store::DeleteLeader(tx, unit_id, leader_id));
    return audit::Record(tx, clock_, actor,
                         {"unit.leader", "unit", absl::StrCat(unit_id),
                          LeaderJson(before), nullptr});
  });
}

absl::Status Service::SetLeaderPhoto(const Actor& actor, int64_t unit_id,
                                     int64_t leader_id,
                                     absl::string_view bytes) {
  // Authorize before storing anything.
  ZWGK_RETURN_IF_ERROR(db_.Transaction([&](db::Tx& tx) -> absl::Status {
    ZWGK_RETURN_IF_ERROR(RequireProfileEditor(tx, actor, unit_id));
    return store::GetLeader(tx, unit_id, leader_id).status();
  }));
  std::string blob, type;
  if (!bytes.empty()) {
    ZWGK_ASSIGN_OR_RETURN(
        type,
        CheckImage(bytes, {content::FileType::kJpeg, content::FileType::kPng},
                   kMaxPhotoBytes, "photo", "JPEG 或 PNG"));
    content::BlobStore blobs(
        (std::filesystem::path(data_dir_) / "blobs").string());
    ZWGK_ASSIGN_OR_RETURN(blob, blobs.Put(bytes));
  }
  return db_.Transaction([&](db::Tx& tx) -> absl::Status {
    ZWGK_RETURN_IF_ERROR(RequireProfileEditor(tx, actor, unit_id));
    ZWGK_ASSIGN_OR_RETURN(Leader l, store::GetLeader(tx, unit_id, leader_id));
    const Leader before = l;
    l.photo_blob = blob;
    l.photo_type = type;
    ZWGK_RETURN_IF_ERROR(store::UpdateLeader(tx, l));
    return audit::Record(tx, clock_, actor,
                         {"unit.leader", "unit", absl::StrCat(unit_id),
                          LeaderJson(before), LeaderJson(l)});
  });
}

absl::StatusOr<StoredImage> Service::LeaderPhoto(int64_t unit_id,
                                                 int64_t leader_id) {
  ZWGK_ASSIGN_OR_RETURN(UnitProfile p, GetProfile(unit_id));
  for (const Leader& l : p.leaders)
    if (l.id == leader_id) return ReadBlob(l.photo_blob, l.photo_type);
  return absl::NotFoundError("负责人不存在");
}

absl::StatusOr<std::vector<int64_t>> Service::UnitsWithProfiles() {
  return db_.InTransaction<std::vector<int64_t>>(
      [&](db::Tx& tx) -> absl::StatusOr<std::vector<int64_t>> {
        ZWGK_ASSIGN_OR_RETURN(std::vector<int64_t> ids,
                              store::ProfileUnitIds(tx));
        std::vector<int64_t> out;
        for (int64_t id : ids) {
          if (id != 0) {
            absl::StatusOr<Unit> unit = store::GetUnit(tx, id);
            if (!unit.ok() || unit->retired) continue;
          }
          ZWGK_ASSIGN_OR_RETURN(UnitProfile p, store::GetProfile(tx, id));
          if (!ProfileIsEmpty(p)) out.push_back(id);
        }
        return out;
      });
}

}  // namespace zwgk::org
