// The notice-board (公示栏) PDF of a posting: what the clerk prints and
// pins up, in the board's layout — the village's 村务公开栏 title, the kind
// and period, the posting, the date it went up and the 监督电话.
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "core/status.h"
#include "pdf/pdf.h"
#include "villages/service.h"

namespace zwgk::villages {
namespace {

std::string ChineseDate(absl::CivilDay d) {
  return absl::StrCat(d.year(), "年", d.month(), "月", d.day(), "日");
}

// Paragraphs by blank lines; single line breaks kept inside a paragraph.
std::vector<std::string> BodyParagraphs(absl::string_view body) {
  std::string text = absl::StrReplaceAll(body, {{"\r\n", "\n"}});
  std::vector<std::string> out;
  for (absl::string_view part : absl::StrSplit(text, "\n\n")) {
    absl::string_view p = absl::StripAsciiWhitespace(part);
    if (!p.empty()) out.emplace_back(p);
  }
  return out;
}

}  // namespace

absl::StatusOr<std::string> Service::BoardPdf(const Actor& actor, int64_t id,
                                              BoardPaper paper) {
  ZWGK_ASSIGN_OR_RETURN(Posting p, Get(actor, id));
  if (p.state == PostingState::kWithdrawn)
    return absl::FailedPreconditionError("已撤回的公开事项不能打印");
  ZWGK_ASSIGN_OR_RETURN(org::Unit village, org_.GetUnit(p.village_id));
  const bool community = village.kind == org::UnitKind::kCommunity;
  const bool draft = p.state == PostingState::kDraft;

  std::vector<pdf::Paragraph> blocks;
  blocks.push_back(
      {pdf::Style::kTitle,
       absl::StrCat(p.village_name, community ? "居务公开栏" : "村务公开栏")});
  if (draft)
    blocks.push_back({pdf::Style::kSubtitle, "【草稿 · 未公开，不得张贴】"});
  blocks.push_back(
      {pdf::Style::kSubtitle,
       absl::StrCat(KindLabel(p.kind), "公开　",
                    p.period ? PeriodLabel(*p.period) : "重大事项")});
  blocks.push_back({pdf::Style::kHeading, p.title});
  for (std::string& para : BodyParagraphs(p.body))
    blocks.push_back({pdf::Style::kBody, std::move(para)});
  blocks.push_back({pdf::Style::kPlain, ""});
  std::string committee = community ? "居民委员会" : "村民委员会";
  if (absl::EndsWith(p.village_name, "村") ||
      absl::EndsWith(p.village_name, "社区"))
    committee =
        absl::StrCat(p.village_name, community ? "居民委员会" : "民委员会");
  else
    committee = absl::StrCat(p.village_name, committee);
  blocks.push_back({pdf::Style::kRight, committee});
  blocks.push_back({pdf::Style::kRight,
                    p.posted_on
                        ? absl::StrCat("公开日期：", ChineseDate(*p.posted_on))
                        : "公开日期：（草稿，尚未公开）"});
  std::string supervise = "监督电话：";
  absl::StrAppend(&supervise, village.contact.empty()
                                  ? "（请向乡镇人民政府咨询）"
                                  : village.contact);
  if (!p.town_name.empty())
    absl::StrAppend(&supervise, "　所属乡镇：", p.town_name);
  blocks.push_back({pdf::Style::kPlain, supervise});

  pdf::Options options{.title = absl::StrCat(p.village_name, " ", p.title)};
  if (paper == BoardPaper::kA3) {
    // A3 landscape: the common shape of a 公示栏 panel, read from a step
    // away.
    options.page_width_pt = 1190.55;
    options.page_height_pt = 841.89;
    options.margin_pt = 60;
    options.body_size_pt = 18;
  } else {
    options.margin_pt = 56;
    options.body_size_pt = 13;
  }
  options.page_numbers = true;
  return pdf::Render(blocks, options);
}

}  // namespace zwgk::villages
