#include "catalog/item.h"

#include <algorithm>
#include <cstdint>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "catalog/text.h"
#include "catalog/time_limit.h"
#include "core/text.h"

namespace zwgk::catalog {
namespace {

template <typename T>
void SortUnique(std::vector<T>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

void CheckText(std::vector<FieldProblem>& problems, absl::string_view field,
               absl::string_view label, absl::string_view value,
               bool required) {
  if (required && value.empty()) {
    problems.push_back({std::string(field), absl::StrCat(label, "不能为空")});
  } else if (value.size() > kMaxCellChars &&
             Utf8Length(value) > kMaxCellChars) {
    problems.push_back(
        {std::string(field),
         absl::StrCat(label, "过长（超过", kMaxCellChars, "字）")});
  }
}

}  // namespace

std::vector<std::string> ParseBasisTitles(absl::string_view basis) {
  // Works on bytes: 《 and 》 are whole UTF-8 sequences, never parts of others.
  constexpr absl::string_view kOpen = "《";
  constexpr absl::string_view kClose = "》";
  std::vector<std::string> titles;
  int depth = 0;
  size_t start = 0;
  for (size_t i = 0; i < basis.size();) {
    if (static_cast<uint8_t>(basis[i]) !=
        0xE3) {  // the lead byte of both brackets
      ++i;
      continue;
    }
    const absl::string_view rest = basis.substr(i);
    if (absl::StartsWith(rest, kOpen)) {
      if (depth++ == 0) start = i + kOpen.size();
      i += kOpen.size();
    } else if (absl::StartsWith(rest, kClose) && depth > 0) {
      if (--depth == 0) {
        std::string title = text::Trim(basis.substr(start, i - start));
        if (!title.empty() &&
            std::find(titles.begin(), titles.end(), title) == titles.end()) {
          titles.push_back(std::move(title));
        }
      }
      i += kClose.size();
    } else {
      ++i;
    }
  }
  return titles;
}

namespace {

// Trimmed, and valid UTF-8 whatever the source file held.
void Clean(std::string& s) {
  if (!text::IsValidUtf8(s)) s = text::SanitizeUtf8(s);
  text::TrimInPlace(s);
}

}  // namespace

void Normalize(CatalogItem& item, const ChannelRegistry* registry) {
  for (std::string* s :
       {&item.level1, &item.level2, &item.elements, &item.basis, &item.subject,
        &item.audience_detail, &item.time_limit.text, &item.time_limit.clock}) {
    Clean(*s);
  }
  for (std::string& c : item.channels) Clean(c);
  if (item.level3) Clean(*item.level3);
  if (item.level3 && item.level3->empty()) item.level3.reset();
  std::vector<std::string> channels;
  for (const std::string& c : item.channels) {
    std::string name =
        registry != nullptr ? registry->Canonical(c) : text::Trim(c);
    if (!name.empty() &&
        std::find(channels.begin(), channels.end(), name) == channels.end()) {
      channels.push_back(std::move(name));
    }
  }
  item.channels = std::move(channels);
  SortUnique(item.audience);
  SortUnique(item.method);
  SortUnique(item.levels);
  item.basis_titles = ParseBasisTitles(item.basis);
  TimeLimit limit =
      ParseTimeLimit(item.time_limit.clock.empty() ? item.time_limit.text
                                                   : item.time_limit.clock);
  limit.text = std::move(item.time_limit.text);
  limit.clock = std::move(item.time_limit.clock);
  item.time_limit = std::move(limit);
}

std::vector<FieldProblem> Validate(const CatalogItem& item) {
  std::vector<FieldProblem> problems;
  if (item.seq <= 0) problems.push_back({"seq", "序号应为正整数"});
  CheckText(problems, "level1", "一级事项", item.level1, true);
  CheckText(problems, "level2", "二级事项", item.level2, true);
  if (item.level3)
    CheckText(problems, "level3", "三级事项", *item.level3, true);
  CheckText(problems, "elements", "公开内容（要素）", item.elements, true);
  CheckText(problems, "basis", "公开依据", item.basis, true);
  CheckText(problems, "time_limit", "公开时限", item.time_limit.text, true);
  CheckText(problems, "subject", "公开主体", item.subject, true);
  if (item.channels.empty()) {
    problems.push_back({"channels", "公开渠道和载体至少要有一项（用■标记）"});
  }
  for (const std::string& c : item.channels) {
    if (c.find("■") != std::string::npos || c.find("□") != std::string::npos ||
        c.find('\n') != std::string::npos) {
      problems.push_back(
          {"channels", absl::StrCat("渠道名称“", c, "”不能含有■、□或换行")});
    }
  }
  if (item.audience.empty()) {
    problems.push_back({"audience", "公开对象未勾选（全社会或特定群众）"});
  }
  const bool group = std::find(item.audience.begin(), item.audience.end(),
                               Audience::kGroup) != item.audience.end();
  if (!item.audience_detail.empty() && !group) {
    problems.push_back({"audience_detail",
                        absl::StrCat("写明了特定群众“", item.audience_detail,
                                     "”，但公开对象未勾选特定群众")});
  }
  CheckText(problems, "audience_detail", "特定群众", item.audience_detail,
            false);
  if (item.method.empty()) {
    problems.push_back({"method", "公开方式未勾选（主动或依申请公开）"});
  }
  return problems;
}

std::vector<FieldProblem> PublicationProblems(const CatalogItem& item) {
  std::vector<FieldProblem> out;
  auto add = [&out](FieldProblem p) {
    for (const FieldProblem& q : out) {
      if (q.reason == p.reason) return;
    }
    out.push_back(std::move(p));
  };
  for (const FieldProblem& p : item.import_notes) add(p);
  for (FieldProblem& p : Validate(item)) {
    if (p.field != "seq") add(std::move(p));
  }
  // An unread period cannot start a publishing clock (obligations skip such
  // items), so the county writes one that can be read before publishing.
  if (!item.time_limit.text.empty() && item.time_limit.needs_review()) {
    add(item.time_limit.clock.empty()
            ? FieldProblem{"time_limit",
                           absl::StrCat(
                               "公开时限“", item.time_limit.text,
                               "”无法识别为期限：请在“计时期限”中写明系统据以"
                               "计时的期限，如“20个工作日内”“公示7个工作日”"
                               "“及时公开”（公开时限原文保留）")}
            : FieldProblem{"time_limit",
                           absl::StrCat("计时期限“", item.time_limit.clock,
                                        "”无法识别：请写成“20个工作日内”"
                                        "“公示7个工作日”“实时公开”或“及时公开”"
                                        "等形式")});
  }
  return out;
}

std::string ItemName(const CatalogItem& item) {
  std::string name = item.level1;
  auto append = [&name](const std::string& part) {
    if (part.empty()) return;
    absl::StrAppend(&name, name.empty() ? "" : " / ", part);
  };
  append(item.level2);
  if (item.level3) append(*item.level3);
  return name;
}

}  // namespace zwgk::catalog
