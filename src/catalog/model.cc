#include "catalog/model.h"

#include <charconv>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "catalog/text.h"

namespace zwgk::catalog {

absl::string_view AudienceName(Audience a) {
  switch (a) {
    case Audience::kPublic:
      return "全社会";
    case Audience::kGroup:
      return "特定群众";
  }
  return "";
}

absl::string_view MethodName(Method m) {
  switch (m) {
    case Method::kProactive:
      return "主动";
    case Method::kOnRequest:
      return "依申请公开";
  }
  return "";
}

absl::string_view LevelName(Level l) {
  switch (l) {
    case Level::kCounty:
      return "县级";
    case Level::kTownship:
      return "乡级";
    case Level::kVillage:
      return "村级";
  }
  return "";
}

std::optional<Audience> ParseAudience(absl::string_view name) {
  const std::string n = text::RemoveSpaces(name);
  if (n == "全社会") return Audience::kPublic;
  if (n == "特定群众" || n == "特定群体" || n == "特定对象")
    return Audience::kGroup;
  return std::nullopt;
}

std::optional<Method> ParseMethod(absl::string_view name) {
  const std::string n = text::RemoveSpaces(name);
  if (n == "主动" || n == "主动公开") return Method::kProactive;
  if (n == "依申请公开" || n == "依申请") return Method::kOnRequest;
  return std::nullopt;
}

std::optional<Level> ParseLevel(absl::string_view name) {
  const std::string n = text::RemoveSpaces(name);
  if (n == "县级" || n == "县") return Level::kCounty;
  if (n == "乡级" || n == "乡镇级" || n == "乡镇" || n == "镇级")
    return Level::kTownship;
  if (n == "村级" || n == "村") return Level::kVillage;
  return std::nullopt;
}

std::optional<VersionRef> VersionRef::Parse(absl::string_view text) {
  if (text.empty()) return Current();
  if (text == "draft") return Draft();
  if (text == "published") return LatestPublished();
  int n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size() || n <= 0) {
    return std::nullopt;
  }
  return Number(n);
}

std::string VersionRef::ToString() const {
  switch (kind) {
    case Kind::kCurrent:
      return "";
    case Kind::kDraft:
      return "draft";
    case Kind::kLatestPublished:
      return "published";
    case Kind::kNumber:
      return absl::StrCat(number);
  }
  return "";
}

std::string VersionInfo::Label() const {
  return version ? absl::StrCat("第", *version, "版") : std::string("草稿");
}

}  // namespace zwgk::catalog
