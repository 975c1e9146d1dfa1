#include "publishing/generate.h"

#include <map>
#include <optional>
#include <random>
#include <set>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "calendar/calendar.h"
#include "core/status.h"
#include "publishing/store.h"

namespace zwgk::publishing {
namespace {

// Subjects of county government information, by kind.
constexpr const char* kObjects[] = {"城乡居民最低生活保障",
                                    "特困人员救助供养",
                                    "临时救助资金",
                                    "义务教育招生",
                                    "学前教育资助",
                                    "高中阶段招生",
                                    "城乡居民医疗保险",
                                    "城乡居民养老保险",
                                    "就业创业补贴",
                                    "公益性岗位招聘",
                                    "农村危房改造",
                                    "保障性住房分配",
                                    "国有土地上房屋征收",
                                    "集体土地征收",
                                    "高标准农田建设",
                                    "耕地地力保护补贴",
                                    "农机购置补贴",
                                    "农村公路建设",
                                    "城区道路改造",
                                    "污水处理设施建设",
                                    "大气污染防治",
                                    "河湖长制工作",
                                    "安全生产检查",
                                    "食品安全抽检",
                                    "药品经营许可",
                                    "价格监督检查",
                                    "行政事业性收费",
                                    "财政预算执行",
                                    "部门决算",
                                    "政府采购项目",
                                    "重大建设项目",
                                    "招商引资项目",
                                    "残疾人两项补贴",
                                    "退役军人优待抚恤",
                                    "殡葬管理",
                                    "社会组织登记",
                                    "消防安全隐患整治",
                                    "地质灾害防治",
                                    "防汛抗旱",
                                    "森林防火",
                                    "文物保护单位",
                                    "公共文化服务",
                                    "全民健身设施",
                                    "基本公共卫生服务",
                                    "家庭医生签约服务",
                                    "疫苗接种",
                                    "户籍管理",
                                    "出入境证件办理",
                                    "道路交通安全",
                                    "电动自行车登记",
                                    "市场主体登记",
                                    "双随机一公开抽查",
                                    "税收优惠政策",
                                    "增值税留抵退税",
                                    "公积金缴存",
                                    "乡村振兴衔接资金",
                                    "产业扶持资金",
                                    "易地扶贫搬迁后续扶持",
                                    "村级公益事业一事一议",
                                    "农村集体经济组织",
                                    "宅基地审批",
                                    "土地承包经营权流转"};
constexpr const char* kActions[] = {
    "做好", "进一步加强", "开展",     "规范", "调整", "公布", "下达",
    "印发", "公示",       "组织实施", "申报", "发放", "落实"};
constexpr const char* kTails[] = {
    "工作",     "有关事项", "情况",     "名单",         "结果",
    "实施方案", "管理办法", "工作方案", "资金分配情况", "专项行动"};
constexpr const char* kPlaces[] = {
    "鱼岳镇", "新街镇",   "渡普镇", "潘家湾镇", "簰洲湾镇",
    "陆溪镇", "高铁岭镇", "官桥镇", "县城区",   "各村（社区）"};
constexpr const char* kSentences[] = {
    "根据《中华人民共和国政府信息公开条例》和上级有关文件精神，结合我县实际，现"
    "将有关事项通知如下。",
    "各镇人民政府、县直各有关单位要高度重视，明确责任分工，确保各项工作落到实处"
    "。",
    "申请对象应当如实提供家庭收入、财产等相关材料，经村（社区）初审、镇人民政府"
    "审核后报县级部门审批。",
    "对符合条件的对象，按照规定标准按月足额发放补助资金，资金通过“一卡通”直接发"
    "放到户。",
    "公示期为七个工作日，公示期间如有异议，可向县民政局或所在镇人民政府反映。",
    "本年度县级财政共安排专项资金，重点用于民生领域和基础设施建设，资金使用情况"
    "接受社会监督。",
    "各地要严格执行招生入学政策，坚持免试就近入学，严禁以任何形式的考试测试选拔"
    "学生。",
    "项目建设单位应当依法办理用地、规划、环评等审批手续，严格落实质量安全责任"
    "。",
    "对检查中发现的问题，责令限期整改，整改情况将在县人民政府门户网站向社会公开"
    "。",
    "联系电话：0715-6321234，办公地址：嘉鱼县鱼岳镇沙阳大道。",
    "本办法自发布之日起施行，有效期五年，此前有关规定与本办法不一致的，以本办法"
    "为准。",
    "群众可通过政务服务中心窗口、便民服务站或“鄂汇办”手机端办理相关业务。",
    "县政务公开办将对各单位信息公开情况进行定期检查，并将结果纳入年度绩效考核"
    "。",
    "补贴标准按照省、市有关文件规定执行，对低保家庭、特困人员等困难群体予以倾斜"
    "。",
    "请各单位于规定时间前将有关材料报送县发改局，逾期不报的视为自动放弃。",
    "预算收入完成情况良好，一般公共预算支出主要用于教育、社会保障和就业、卫生健"
    "康等领域。",
    "加强安全生产隐患排查治理，坚决防范和遏制重特大事故发生，保障人民群众生命财"
    "产安全。",
    "征收范围内的被征收人应当在规定期限内完成签约，补偿标准按照评估价格确定。",
    "全面推行行政执法公示制度、执法全过程记录制度和重大执法决定法制审核制度。",
    "鼓励社会力量参与，形成政府主导、部门协作、社会参与的工作格局。",
    "有关政策解读详见县人民政府门户网站政策解读栏目，如有疑问请在工作日内咨询"
    "。",
    "各村（社区）要通过公示栏、村民微信群等渠道做好宣传，确保政策家喻户晓。"};
constexpr const char* kGenres[] = {"通知", "公告", "通告", "公示", "决定",
                                   "意见", "办法", "方案", "规划", "批复",
                                   "报告", "解读", "其他"};
constexpr const char* kTopics[] = {
    "综合政务",         "国民经济管理、国有资产监管", "财政、金融、审计",
    "国土资源、能源",   "农业、林业、水利",           "工业、交通",
    "商贸、海关、旅游", "市场监管、安全生产监管",     "城乡建设、环境保护",
    "科技、教育",       "文化、广电、新闻出版",       "卫生、体育",
    "劳动、人事、监察", "公安、安全、司法",           "民政、扶贫、救灾"};
constexpr const char* kKeywords[] = {
    "低保", "招生", "预算", "决算", "补贴", "救助",  "养老", "医保",
    "就业", "住房", "征收", "农田", "公路", "环保",  "安全", "食品",
    "药品", "收费", "采购", "项目", "扶贫", "殡葬",  "消防", "防汛",
    "文物", "卫生", "户籍", "交通", "税收", "公积金"};

template <size_t N>
const char* Pick(std::mt19937_64& rng, const char* const (&arr)[N]) {
  return arr[rng() % N];
}

std::string Short(absl::string_view unit) {
  // "县民政局" → "民", the 文号 organ abbreviation.
  absl::string_view rest = unit;
  if (absl::StartsWith(rest, "县")) rest.remove_prefix(3);
  if (absl::StartsWith(rest, "市")) rest.remove_prefix(3);
  return std::string(rest.substr(0, 3));
}

// Genres a 行政规范性文件 is issued as.
bool NormativeGenre(absl::string_view genre) {
  return genre == "通知" || genre == "决定" || genre == "意见" ||
         genre == "办法" || genre == "通告";
}

// The genre of one record: one in seven is 工作动态 (news), the rest spread
// over the seeded genres.
const char* PickGenre(std::mt19937_64& rng) {
  if (rng() % 7 == 0) return "工作动态";
  return Pick(rng, kGenres);
}

// `d` plus `years` (29 February onto 1 March).
absl::CivilDay AddYears(absl::CivilDay d, int years) {
  return absl::CivilDay(d.year() + years, d.month(), d.day());
}

// The last day each domain had something new: most 专栏 are kept up to
// date, a quarter went quiet one to five months before `to`, the rest
// seven months to two years before (stale by any rule).
std::map<int64_t, absl::CivilDay> QuietSince(
    const std::vector<org::Domain>& domains, const GenerateOptions& o) {
  std::mt19937_64 rng(o.seed ^ 0x9e3779b97f4a7c15ULL);
  std::map<int64_t, absl::CivilDay> out;
  for (const org::Domain& d : domains) {
    int roll = static_cast<int>(rng() % 100);
    int64_t back = roll < 60   ? 0
                   : roll < 85 ? 30 + static_cast<int64_t>(rng() % 120)
                               : 210 + static_cast<int64_t>(rng() % 520);
    out[d.id] = std::max(o.from, o.to - back);
  }
  return out;
}

// The class, 登记号, 有效期 and validity of one published record.
struct ClassFacts {
  std::string doc_class = "other", registration_number, valid_until;
  std::string validity = "valid", validity_on;
};

// Per (unit, year) registration serials of 规范性文件 and 规章.
using RegistrationSerials = std::map<std::pair<int64_t, int64_t>, int>;

// A third of the 规范性文件 are the county government's own, issued by
// `county_office` (null: none), which `unit` then becomes.
ClassFacts ClassOf(std::mt19937_64& rng, const org::Unit*& unit,
                   absl::string_view genre, absl::CivilDay published,
                   const std::set<int64_t>& regulation_units,
                   const org::Unit* county_office, const GenerateOptions& o,
                   RegistrationSerials& serials) {
  ClassFacts f;
  const int roll = static_cast<int>(rng() % 100);
  // Ends on a day after publication, or never when that is after `to`.
  auto ends = [&](int64_t min_days, int64_t spread) -> std::string {
    absl::CivilDay on =
        published + min_days + static_cast<int64_t>(rng() % spread);
    return on <= o.to ? calendar::FormatDate(on) : "";
  };
  if (!NormativeGenre(genre) || roll >= 14) {
    // 其他: a few were repealed or expired later.
    if (roll >= 93) {
      f.validity_on = ends(30, 700);
      if (!f.validity_on.empty())
        f.validity = roll >= 95 ? "repealed" : "expired";
    }
    return f;
  }
  if (county_office && rng() % 3 == 0) unit = county_office;
  const bool regulation_unit = regulation_units.contains(unit->id);
  f.doc_class = regulation_unit ? "regulation" : "normative";
  int& serial = serials[{unit->id, published.year()}];
  ++serial;
  f.registration_number =
      absl::StrFormat("嘉%s%s〔%d〕%d号", Short(unit->name),
                      regulation_unit ? "令" : "规", published.year(), serial);
  // 有效期: five years mostly, two for 暂行 rules, some three, a few 长期
  // or none given.
  const int term = static_cast<int>(rng() % 100);
  std::optional<absl::CivilDay> until;
  if (term < 65) {
    until = AddYears(published, 5) - 1;
  } else if (term < 80) {
    until = AddYears(published, 2) - 1;
  } else if (term < 92) {
    until = AddYears(published, 3) - 1;
  } else if (term < 96) {
    f.valid_until = std::string(kValidLongTerm);
  }
  if (until) f.valid_until = calendar::FormatDate(*until);
  const int fate = static_cast<int>(rng() % 100);
  if (fate < 18) {
    // Repealed (replaced by a newer policy) half a year to four years on.
    f.validity_on = ends(180, 1280);
    if (!f.validity_on.empty()) f.validity = "repealed";
  } else if (until && *until < o.to && fate < 70) {
    // Marked 已失效 the day after its 有效期; the others are left 有效 with
    // the 有效期 over (counted as not in force all the same).
    f.validity = "expired";
    f.validity_on = calendar::FormatDate(*until + 1);
  }
  return f;
}

// Of the published 行政规范性文件, the share that get a 解读 (政策解读
// 三同步): the others are missing, for the dashboard to find.
constexpr int kInterpretedPercent = 85;

// `day` plus `n` working days, counting Monday to Friday (holidays are the
// calendar's business; the generator only needs some on time, some late).
absl::CivilDay AddWeekdays(absl::CivilDay day, int n) {
  while (n > 0) {
    day += 1;
    const absl::Weekday w = absl::GetWeekday(day);
    if (w != absl::Weekday::saturday && w != absl::Weekday::sunday) --n;
  }
  return day;
}

// How many working days after its policy a 解读 comes: over half the same
// day, most of the rest within the default 3 working days, one in eight
// late (4–5).
int InterpretationDelay(std::mt19937_64& rng) {
  const int roll = static_cast<int>(rng() % 100);
  if (roll < 55) return 0;
  if (roll < 88) return 1 + static_cast<int>(rng() % 3);
  return 4 + static_cast<int>(rng() % 2);
}

constexpr const char* kInterpretationForms[] = {"政策解读", "图解", "问答",
                                                "解读"};

// A 解读 of `policy` published `on` (unpublished when that is after `to`):
// same unit and domain, genre 解读, its own 索引号.
store::GeneratedRow Interpretation(std::mt19937_64& rng,
                                   const store::GeneratedRow& policy,
                                   absl::CivilDay on,
                                   const std::string& index_number,
                                   const GenerateOptions& o) {
  const bool published = on <= o.to;
  const std::string form = Pick(rng, kInterpretationForms);
  std::string title = form == "图解"
                          ? absl::StrCat("图解：《", policy.title, "》")
                          : absl::StrCat("《", policy.title, "》", form);
  std::string body = absl::StrCat(
      "<p>一、制定背景。为贯彻落实上级有关部署，结合我县实际，", policy.title,
      "经起草、征求意见、合法性审核和集体审议后印发。</p>"
      "<p>二、主要内容。文件明确了适用范围、工作标准、办理流程和责任分工，"
      "对群众关心的申请条件和办理时限作出具体规定。</p>"
      "<p>三、解读机关及联系方式。",
      policy.doc_number.empty() ? ""
                                : absl::StrCat("（", policy.doc_number, "）"),
      "如有疑问，请在工作日内咨询发文单位。</p>");
  const std::string day = calendar::FormatDate(published ? on : o.to);
  return {.unit_id = policy.unit_id,
          .domain_id = policy.domain_id,
          .title = std::move(title),
          .topic = policy.topic,
          .genre = "解读",
          .keywords = policy.keywords,
          .body_html = std::move(body),
          .disclosure = "active",
          .formed_on = policy.formed_on,
          .publish_by = published ? day : policy.publish_by,
          .status = published ? "published" : "draft",
          .version = published ? 1 : 0,
          .index_number = published ? std::optional<std::string>(index_number)
                                    : std::nullopt,
          .published_on = published ? day : "",
          .published_at = published ? day + "T01:00:00Z" : "",
          .first_published_on = published ? day : "",
          .validity = "valid",
          .at = policy.at};
}

// The same row as a Record, for store::Insert (which answers the id the
// relation needs).
Record ToRecord(const store::GeneratedRow& g) {
  Record r;
  r.unit_id = g.unit_id;
  r.domain_id = g.domain_id;
  r.item_level1 = g.item_level1;
  r.item_level2 = g.item_level2;
  r.period_label = "20个工作日";
  r.title = g.title;
  r.doc_number = g.doc_number;
  r.topic = g.topic;
  r.genre = g.genre;
  r.keywords = absl::StrSplit(g.keywords, "、", absl::SkipEmpty());
  r.body_html = g.body_html;
  r.disclosure = ParseDisclosure(g.disclosure).value_or(Disclosure::kActive);
  r.withheld_ground = g.withheld_ground;
  r.formed_on = g.formed_on;
  r.publish_by = g.publish_by;
  r.status = ParseStatus(g.status).value_or(Status::kDraft);
  r.version = static_cast<int>(g.version);
  r.index_number = g.index_number.value_or("");
  r.published_on = g.published_on;
  r.published_at = g.published_at;
  r.first_published_on = g.first_published_on;
  r.validity = ParseValidity(g.validity).value_or(Validity::kValid);
  r.validity_on = g.validity_on;
  r.doc_class = ParseDocClass(g.doc_class).value_or(DocClass::kOther);
  r.registration_number = g.registration_number;
  r.valid_until = g.valid_until;
  r.created_at = g.at;
  r.created_by = "generator";
  r.updated_at = g.at;
  return r;
}

}  // namespace

GeneratedText TextGenerator::Make(int64_t index, absl::string_view unit,
                                  absl::string_view domain,
                                  absl::string_view genre, int year) const {
  std::mt19937_64 rng(seed_ * 1000003u + static_cast<uint64_t>(index));
  GeneratedText t;
  const char* object = Pick(rng, kObjects);
  std::string place = rng() % 3 == 0 ? Pick(rng, kPlaces) : "";
  t.title = absl::StrCat(unit, "关于", Pick(rng, kActions), year, "年度", place,
                         object, Pick(rng, kTails), "的", genre);
  int sentences = 7 + static_cast<int>(rng() % 4);
  std::vector<std::string> paras;
  std::string para;
  for (int i = 0; i < sentences; ++i) {
    absl::StrAppend(&para, Pick(rng, kSentences));
    if (i == 1)
      absl::StrAppend(&para, "本次", object, "工作涉及", domain, "领域，由",
                      unit, "具体负责。");
    if (i % 3 == 2) paras.push_back(std::move(para)), para.clear();
  }
  if (!para.empty()) paras.push_back(std::move(para));
  for (const std::string& p : paras) {
    absl::StrAppend(&t.body_html, "<p>", p, "</p>");
    absl::StrAppend(&t.body_text, p, "\n");
  }
  if (rng() % 5 < 2)
    t.doc_number = absl::StrFormat("嘉%s发〔%d〕%d号", Short(unit), year,
                                   1 + static_cast<int>(rng() % 120));
  t.keywords = absl::StrCat(Pick(rng, kKeywords), "、", Pick(rng, kKeywords));
  return t;
}

absl::StatusOr<int64_t> GenerateRecords(db::Database& db, org::Service& org,
                                        const catalog::Service& catalog,
                                        const GenerateOptions& o) {
  ZWGK_ASSIGN_OR_RETURN(std::vector<org::Domain> domains, org.ListDomains());
  ZWGK_ASSIGN_OR_RETURN(std::vector<org::Unit> units, org.ListUnits());
  if (domains.empty() || units.empty())
    return absl::FailedPreconditionError("请先运行 zwgk init 载入单位和领域");
  std::map<int64_t, const org::Unit*> unit_by_id;
  for (const org::Unit& u : units) unit_by_id[u.id] = &u;
  // Catalog items per domain from the latest published catalogs, so domain
  // pages show records under their items; serials continue after any
  // already assigned.
  std::map<int64_t, std::vector<std::pair<std::string, std::string>>> items;
  std::map<std::pair<int64_t, int>, int64_t> serials;
  ZWGK_RETURN_IF_ERROR(db.Transaction([&](db::Tx& tx) -> absl::Status {
    ZWGK_ASSIGN_OR_RETURN(std::vector<catalog::DomainItem> published,
                          catalog.PublishedItems(tx));
    for (const catalog::DomainItem& i : published)
      items[i.domain_id].emplace_back(i.item.level1, i.item.level2);
    ZWGK_ASSIGN_OR_RETURN(std::vector<store::Serial> known, store::Serials(tx));
    for (const store::Serial& s : known) {
      int year = 0;
      if (absl::SimpleAtoi(s.period, &year))
        serials[{s.unit_id, year}] = s.last_serial;
    }
    return absl::OkStatus();
  }));
  std::set<int64_t> regulation_units;
  for (const std::string& name : o.regulation_units) {
    ZWGK_ASSIGN_OR_RETURN(org::Unit u, org.ResolveUnit(name));
    regulation_units.insert(u.id);
  }
  const org::Unit* county_office = nullptr;
  for (const org::Unit& u : units)
    if (u.name == o.county_office) county_office = &u;
  const std::map<int64_t, absl::CivilDay> quiet_since = QuietSince(domains, o);
  RegistrationSerials registrations;
  TextGenerator text(o.seed);
  std::mt19937_64 rng(o.seed);
  std::string now = absl::StrFormat("%04d-%02d-%02dT01:00:00Z", o.to.year(),
                                    o.to.month(), o.to.day());
  int64_t done = 0;
  while (done < o.records) {
    int64_t n = std::min<int64_t>(o.batch, o.records - done);
    ZWGK_RETURN_IF_ERROR(db.Transaction([&](db::Tx& tx) -> absl::Status {
      for (int64_t k = 0; k < n; ++k) {
        const org::Domain& d = domains[rng() % domains.size()];
        int64_t unit_id = d.unit_id.value_or(units.front().id);
        if (rng() % 10 == 0) unit_id = units[rng() % units.size()].id;
        const org::Unit* unit = unit_by_id[unit_id];
        const int64_t span = quiet_since.at(d.id) - o.from;
        absl::CivilDay formed =
            o.from + static_cast<int64_t>(rng() % std::max<int64_t>(1, span));
        absl::CivilDay published = formed + static_cast<int64_t>(rng() % 18);
        if (published > o.to) published = o.to;
        const char* genre = PickGenre(rng);
        int roll = static_cast<int>(rng() % 100);
        std::string status = roll < 2 ? "draft" : "published";
        std::string disclosure = roll >= 2 && roll < 4   ? "on_request"
                                 : roll >= 4 && roll < 5 ? "withheld"
                                                         : "active";
        if (disclosure != "active") status = "reviewed";
        ClassFacts facts;
        if (status == "published")
          facts = ClassOf(rng, unit, genre, published, regulation_units,
                          county_office, o, registrations);
        unit_id = unit->id;
        GeneratedText t =
            text.Make(done + k, unit->name, d.name, genre, formed.year());
        if (facts.doc_class != "other" && t.doc_number.empty())
          t.doc_number =
              absl::StrFormat("嘉%s发〔%d〕%d号", Short(unit->name),
                              formed.year(), 1 + static_cast<int>(rng() % 120));
        std::string level1, level2;
        if (auto it = items.find(d.id);
            it != items.end() && !it->second.empty()) {
          const auto& item = it->second[rng() % it->second.size()];
          level1 = item.first, level2 = item.second;
        }
        // The next 索引号 of the unit in a year.
        auto next_index = [&](absl::CivilDay day) {
          int64_t& serial = serials[{unit->id, day.year()}];
          ++serial;
          std::string code =
              unit->credit_code.empty()
                  ? absl::StrFormat("%s-%03d", o.region_code, unit->id)
                  : unit->credit_code;
          return absl::StrFormat("%s/%04d-%05d", code, day.year(), serial);
        };
        std::string index_number, published_on;
        if (status == "published") {
          index_number = next_index(published);
          published_on = calendar::FormatDate(published);
        }
        std::string formed_on = calendar::FormatDate(formed);
        const store::GeneratedRow row = {
            .unit_id = unit_id,
            .domain_id = d.id,
            .item_level1 = level1,
            .item_level2 = level2,
            .title = t.title,
            .doc_number = t.doc_number,
            .topic = std::string(kTopics[rng() % std::size(kTopics)]),
            .genre = std::string(genre),
            .keywords = t.keywords,
            .body_html = t.body_html,
            .disclosure = disclosure,
            .withheld_ground = disclosure == "active" ? "" : "process_info",
            .formed_on = formed_on,
            .publish_by = published_on.empty() ? formed_on : published_on,
            .status = status,
            .version = status == "published" ? 1 : 0,
            .index_number = index_number.empty()
                                ? std::nullopt
                                : std::optional<std::string>(index_number),
            .published_on = published_on,
            .published_at = published_on.empty() ? std::string()
                                                 : published_on + "T01:00:00Z",
            .first_published_on = published_on,
            .validity = facts.validity,
            .validity_on = facts.validity_on,
            .at = now,
            .doc_class = facts.doc_class,
            .registration_number = facts.registration_number,
            .valid_until = facts.valid_until};
        // Most 行政规范性文件 come with their 解读 (the next record of the
        // batch), related "interprets"; the rest are missing one.
        const bool interpreted =
            facts.doc_class == "normative" && k + 1 < n &&
            static_cast<int>(rng() % 100) < kInterpretedPercent;
        if (!interpreted) {
          ZWGK_RETURN_IF_ERROR(store::InsertGenerated(tx, row));
          continue;
        }
        ZWGK_ASSIGN_OR_RETURN(int64_t policy_id,
                              store::Insert(tx, ToRecord(row), {}));
        const absl::CivilDay on =
            AddWeekdays(published, InterpretationDelay(rng));
        const store::GeneratedRow interpretation =
            Interpretation(rng, row, on, on <= o.to ? next_index(on) : "", o);
        ZWGK_ASSIGN_OR_RETURN(int64_t interpretation_id,
                              store::Insert(tx, ToRecord(interpretation), {}));
        ZWGK_RETURN_IF_ERROR(store::AddRelation(
            tx, interpretation_id, RelationKind::kInterprets, policy_id, now));
        ++k;  // the 解读 is one of the batch's records
      }
      for (const auto& [key, serial] : serials) {
        ZWGK_RETURN_IF_ERROR(
            store::SetSerial(tx, {.unit_id = key.first,
                                  .period = absl::StrCat(key.second),
                                  .last_serial = serial}));
      }
      return absl::OkStatus();
    }));
    done += n;
    if (o.progress) o.progress(done, o.records);
  }
  return done;
}

}  // namespace zwgk::publishing
