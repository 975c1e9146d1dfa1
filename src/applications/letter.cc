#include "applications/letter.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "pdf/pdf.h"

namespace zwgk::applications {
namespace {

std::string FmtCn(absl::CivilDay d) {
  return absl::StrCat(d.year(), "年", d.month(), "月", d.day(), "日");
}

}  // namespace

// Declared in service.h: the letter's text from the replied application.
absl::StatusOr<ReplyLetter> Service::Letter(const Detail& d) {
  const StoredApplication& a = d.app;
  if (!a.reply_type || !a.concluded_on || !a.received_on)
    return absl::FailedPreconditionError("申请尚未答复，没有答复书");
  ReplyLetter l;
  l.title = "政府信息公开申请答复书";
  l.unit_name = d.unit_name;
  l.number = absl::StrCat(d.unit_name, "依申请公开〔", a.concluded_on->year(),
                          "〕", a.id, "号");
  l.recipient = a.applicant.name;
  l.date = FmtCn(*a.concluded_on);
  l.paragraphs.push_back(absl::StrCat(
      "本机关于", FmtCn(*a.received_on), "收到",
      a.applicant.type == ApplicantType::kOrganization ? "贵单位" : "您",
      "提出的政府信息公开申请（查询号：", a.tracking_number, "），申请获取“",
      a.description, "”",
      a.doc_number.empty() ? "" : absl::StrCat("（文号：", a.doc_number, "）"),
      "。"));
  std::string substance;
  switch (*a.reply_type) {
    case ReplyType::kDisclosed:
      substance =
          absl::StrCat("经审查，您申请的信息属于公开范围，现予以公开，以",
                       DeliveryFormLabel(a.delivery_form), "形式提供。");
      l.basis.push_back(
          "《中华人民共和国政府信息公开条例》第三十六条第（二）项");
      break;
    case ReplyType::kAlreadyPublic:
      substance = "经查，您申请的信息已经主动公开，获取方式和途径见下。";
      l.basis.push_back(
          "《中华人民共和国政府信息公开条例》第三十六条第（一）项");
      break;
    case ReplyType::kPartial:
      substance =
          "经审查，您申请的信息中部分内容可以公开，现提供可以公开的部分；不能公"
          "开的部分及理由见下。";
      l.basis.push_back("《中华人民共和国政府信息公开条例》第三十七条");
      break;
    case ReplyType::kWithheld:
    case ReplyType::kUnable:
    case ReplyType::kNotHandled:
      substance = absl::StrCat("经审查，您申请的信息",
                               ReplyTypeLabel(*a.reply_type), "，理由：",
                               a.ground ? GroundLabel(*a.ground) : "", "。");
      if (a.ground) l.basis.push_back(std::string(GroundBasis(*a.ground)));
      break;
    case ReplyType::kNotThisAgency:
      substance =
          "经查，您申请的信息不属于本机关负责公开，请向负责该信息的机关申请。";
      l.basis.push_back(
          "《中华人民共和国政府信息公开条例》第三十六条第（五）项");
      break;
    case ReplyType::kSpecialStatute:
      substance =
          "您申请的信息，有关法律、行政法规对获取有专门规定，请按照有关规定办理"
          "。";
      l.basis.push_back(
          "《中华人民共和国政府信息公开条例》第三十六条第（七）项");
      break;
  }
  l.paragraphs.push_back(substance);
  if (!a.reply_text.empty()) l.paragraphs.push_back(a.reply_text);
  l.remedies =
      absl::StrCat("如对本答复不服，可以自收到本答复之日起", kReviewDays,
                   "日内依法申请行政复议，或者自收到本答复之日起",
                   kLitigationMonths, "个月内依法向人民法院提起行政诉讼。");
  return l;
}

nlohmann::json LetterJson(const ReplyLetter& l) {
  return {{"title", l.title},
          {"number", l.number},
          {"recipient", l.recipient},
          {"unit_name", l.unit_name},
          {"paragraphs", l.paragraphs},
          {"basis", absl::StrJoin(l.basis, "、")},
          {"has_basis", !l.basis.empty()},
          {"remedies", l.remedies},
          {"date", l.date}};
}

absl::StatusOr<std::string> LetterPdf(const ReplyLetter& l) {
  std::vector<pdf::Paragraph> ps = {
      {pdf::Style::kTitle, l.title},
      {pdf::Style::kSubtitle, l.number},
      {pdf::Style::kPlain, absl::StrCat(l.recipient, "：")},
  };
  for (const std::string& p : l.paragraphs)
    ps.push_back({pdf::Style::kBody, p});
  if (!l.basis.empty()) {
    ps.push_back({pdf::Style::kBody,
                  absl::StrCat("依据：", absl::StrJoin(l.basis, "、"), "。")});
  }
  ps.push_back({pdf::Style::kBody, l.remedies});
  ps.push_back({pdf::Style::kRight, absl::StrCat(l.unit_name, "\n", l.date)});
  return pdf::Render(ps, {.title = l.title});
}

}  // namespace zwgk::applications
