// A deterministic corpus of county disclosure records for the search
// benchmark: titles from templates, ~300 characters of body drawn from a
// Zipf-weighted government vocabulary plus a long tail of dictionary words
// (friso-dict's lexicon when installed), 文号, 索引号, units, domains,
// topics, genres, dates. Also the 1,000 benchmark queries.
#ifndef ZWGK_BENCH_SEARCH_CORPUS_H_
#define ZWGK_BENCH_SEARCH_CORPUS_H_

#include <cmath>
#include <cstdint>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "search/model.h"

namespace zwgk::bench {

// The core vocabulary, most frequent first (Zipf ranks).
inline const std::vector<std::string>& CoreWords() {
  static const std::vector<std::string> words = {
      "工作",       "有关",     "单位",     "管理",     "建设",     "服务",
      "实施",       "发展",     "要求",     "情况",     "进一步",   "加强",
      "政府",       "公开",     "信息",     "项目",     "资金",     "组织",
      "落实",       "推进",     "社会",     "安全",     "保障",     "相关",
      "部门",       "规定",     "企业",     "人员",     "标准",     "制度",
      "完善",       "监督",     "检查",     "机制",     "责任",     "农村",
      "群众",       "乡镇",     "教育",     "财政",     "经济",     "计划",
      "方案",       "通知",     "公告",     "办法",     "意见",     "决定",
      "报告",       "结果",     "目标",     "任务",     "措施",     "重点",
      "全面",       "年度",     "开展",     "提高",     "促进",     "改革",
      "创新",       "环境",     "城乡",     "统筹",     "协调",     "考核",
      "评估",       "审核",     "审批",     "办理",     "申请",     "材料",
      "补贴",       "补助",     "发放",     "名单",     "公示",     "预算",
      "决算",       "支出",     "收入",     "招生",     "学校",     "学生",
      "教师",       "义务",     "低保",     "救助",     "养老",     "医疗",
      "卫生",       "健康",     "疾病",     "防控",     "应急",     "防汛",
      "抗旱",       "水利",     "交通",     "道路",     "公路",     "住房",
      "保障房",     "棚户区",   "改造",     "土地",     "征收",     "补偿",
      "规划",       "生态",     "污染",     "治理",     "排放",     "监测",
      "食品",       "药品",     "市场",     "监管",     "价格",     "营商",
      "就业",       "创业",     "培训",     "技能",     "社保",     "医保",
      "参保",       "缴费",     "待遇",     "退役军人", "优抚",     "残疾人",
      "儿童",       "妇女",     "老年人",   "扶贫",     "乡村振兴", "产业",
      "农业",       "种植",     "养殖",     "合作社",   "粮食",     "耕地",
      "林业",       "森林",     "防火",     "消防",     "安全生产", "隐患",
      "排查",       "整改",     "审计",     "统计",     "公报",     "调查",
      "人口",       "户籍",     "招聘",     "事业单位", "公务员",   "任免",
      "人事",       "招标",     "采购",     "中标",     "合同",     "政府采购",
      "行政",       "处罚",     "许可",     "执法",     "复议",     "诉讼",
      "信访",       "投诉",     "举报",     "电话",     "地址",     "联系",
      "时间",       "期限",     "截止",     "受理",     "窗口",     "政务服务",
      "一网通办",   "数字化",   "平台",     "系统",     "数据",     "文化",
      "旅游",       "体育",     "文物",     "广播",     "电视",     "网络",
      "科技",       "专利",     "知识产权", "税务",     "减税降费", "金融",
      "贷款",       "保险",     "国有资产", "重大项目", "固定资产", "投资",
      "基础设施",   "供水",     "供电",     "燃气",     "垃圾",     "污水",
      "厕所",       "村庄",     "社区",     "街道",     "物业",     "殡葬",
      "婚姻",       "登记",     "证明",     "证照",     "营业执照", "不动产",
      "宅基地",     "承包",     "集体经济", "三公经费", "绩效",     "专项",
      "转移支付",   "债务",     "风险",     "疫苗",     "接种",     "医院",
      "乡镇卫生院", "村卫生室", "家庭医生", "护理",     "托育",     "幼儿园",
      "高中",       "职业教育", "资助",     "营养",     "午餐",     "校车",
  };
  return words;
}

inline const std::vector<std::string>& Units() {
  static const std::vector<std::string> u = {
      "县人民政府办公室",   "县发展和改革局",
      "县教育局",           "县科学技术局",
      "县工业和信息化局",   "县公安局",
      "县民政局",           "县司法局",
      "县财政局",           "县人力资源和社会保障局",
      "县自然资源局",       "县生态环境分局",
      "县住房和城乡建设局", "县交通运输局",
      "县水利局",           "县农业农村局",
      "县商务局",           "县文化和旅游局",
      "县卫生健康局",       "县退役军人事务局",
      "县应急管理局",       "县审计局",
      "县市场监督管理局",   "县统计局",
      "县医疗保障局",       "县林业局",
      "县乡村振兴局",       "县政务服务和大数据局",
      "县税务局",           "县消防救援大队",
      "城关镇人民政府",     "新华镇人民政府",
      "东山镇人民政府",     "西河乡人民政府",
      "南湖镇人民政府",     "北岭乡人民政府",
      "石桥镇人民政府",     "柳林镇人民政府",
      "青山乡人民政府",     "白马镇人民政府",
  };
  return u;
}

inline const std::vector<std::string>& Domains() {
  static const std::vector<std::string> d = {
      "重大建设项目", "公共资源交易", "财政预决算",         "安全生产",
      "税收管理",     "征地补偿",     "国有土地上房屋征收", "农村危房改造",
      "城市综合执法", "涉农补贴",     "义务教育",           "就业",
      "社会救助",     "养老服务",     "户籍管理",           "社会保险",
      "食品药品监管", "城乡规划",     "环境保护",           "公共法律服务",
      "扶贫",         "医疗卫生",     "市政服务",           "公共文化服务",
      "救灾",         "生态环境",
  };
  return d;
}

inline const std::vector<std::string>& Topics() {
  static const std::vector<std::string> t = {
      "综合政务",
      "国民经济管理、国有资产监管",
      "财政、金融、审计",
      "国土资源、能源",
      "农业、林业、水利",
      "工业、交通",
      "商贸、海关、旅游",
      "市场监管、安全生产监管",
      "城乡建设、环境保护",
      "科技、教育",
      "文化、广电、新闻出版",
      "卫生、体育",
      "劳动、人事、监察",
      "公安、安全、司法",
      "民政、扶贫、救灾",
      "其他",
  };
  return t;
}

inline const std::vector<std::string>& Genres() {
  static const std::vector<std::string> g = {"通知", "公告", "决定", "意见",
                                             "办法", "报告", "方案", "批复",
                                             "公示", "通报"};
  return g;
}

inline const std::vector<std::string>& DocPrefixes() {
  static const std::vector<std::string> p = {
      "嘉政发",   "嘉政办发", "嘉教发", "嘉财预",   "嘉民发",   "嘉人社发",
      "嘉住建发", "嘉卫健发", "嘉农发", "嘉应急发", "嘉市监发", "嘉医保发"};
  return p;
}

class Corpus {
 public:
  // `lexicon`: a friso-style word list ("word/…" per line); missing is fine.
  explicit Corpus(const std::string& lexicon, uint64_t seed = 20260302)
      : seed_(seed) {
    std::ifstream in(lexicon);
    std::string line;
    while (std::getline(in, line)) {
      std::string w = line.substr(0, line.find('/'));
      // Two to four CJK characters (3 bytes each).
      if (w.size() >= 6 && w.size() <= 12 && w.size() % 3 == 0 &&
          static_cast<unsigned char>(w[0]) >= 0xE4)
        tail_.push_back(w);
    }
    const auto& core = CoreWords();
    double sum = 0;
    for (size_t i = 0; i < core.size(); ++i) sum += 1.0 / (i + 1);
    double acc = 0;
    for (size_t i = 0; i < core.size(); ++i) {
      acc += 1.0 / (i + 1) / sum;
      cdf_.push_back(acc);
    }
  }

  size_t tail_size() const { return tail_.size(); }

  // Record `id` (1-based): the same for the same id and seed.
  search::Document Make(int64_t id) const {
    std::mt19937_64 rng(seed_ * 1000003 + id);
    search::Document d;
    d.id = id;
    size_t unit = rng() % Units().size();
    d.unit_id = static_cast<int64_t>(unit) + 1;
    d.unit_name = Units()[unit];
    size_t domain = rng() % Domains().size();
    d.domain_id = static_cast<int64_t>(domain) + 1;
    d.domain_name = Domains()[domain];
    d.topic = Topics()[rng() % Topics().size()];
    d.genre = Genres()[rng() % Genres().size()];
    int r = static_cast<int>(rng() % 100);
    d.validity = r < 90   ? "有效"
                 : r < 94 ? "已修改"
                 : r < 97 ? "已废止"
                          : "已失效";
    d.year = 2016 + static_cast<int>(rng() % 11);
    d.published_on = absl::StrFormat("%04d-%02d-%02d", d.year, 1 + rng() % 12,
                                     1 + rng() % 28);
    d.date = d.published_on;
    d.doc_number = absl::StrCat(DocPrefixes()[rng() % DocPrefixes().size()],
                                "〔", d.year, "〕", id, "号");  // unique
    d.index_number =
        absl::StrFormat("11341702486344%03dH/%d-%05d", d.unit_id, d.year, id);
    std::string phrase;
    int n = 2 + static_cast<int>(rng() % 3);
    for (int i = 0; i < n; ++i) phrase += Word(rng);
    switch (rng() % 4) {
      case 0:
        d.title = absl::StrCat(d.unit_name, "关于", phrase, "的", d.genre);
        break;
      case 1:
        d.title = absl::StrCat(d.year, "年", phrase, d.genre);
        break;
      case 2:
        d.title = absl::StrCat("关于印发", phrase, "工作方案的通知");
        break;
      default:
        d.title = absl::StrCat(phrase, "情况", d.genre);
        break;
    }
    // ~300 characters: sentences of 4–10 words.
    size_t chars = 0;
    while (chars < 300) {
      int words = 4 + static_cast<int>(rng() % 7);
      for (int i = 0; i < words; ++i) {
        std::string w = Word(rng);
        chars += w.size() / 3;
        d.body += w;
        if (i + 1 < words && rng() % 3 == 0) {
          d.body += "，";
          ++chars;
        }
      }
      d.body += "。";
      ++chars;
    }
    d.keywords = {Word(rng), Word(rng)};
    d.url = absl::StrCat("/records/", id);
    return d;
  }

  // The benchmark queries: one to four words, mostly core words (so common
  // ones are well represented), some tail words, 文号 and 索引号.
  std::vector<std::string> Queries(int n, int64_t records) const {
    std::mt19937_64 rng(seed_ + 7);
    std::vector<std::string> out;
    for (int i = 0; i < n; ++i) {
      int kind = static_cast<int>(rng() % 100);
      if (kind < 5) {
        out.push_back(Make(1 + rng() % records).doc_number);
      } else if (kind < 10) {
        out.push_back(Make(1 + rng() % records).index_number);
      } else if (kind < 20 && !tail_.empty()) {
        out.push_back(tail_[rng() % tail_.size()]);
      } else {
        int words = kind < 55 ? 1 : kind < 80 ? 2 : kind < 92 ? 3 : 4;
        std::string q;
        for (int k = 0; k < words; ++k) {
          if (k) q += " ";
          q += CoreWord(rng);
        }
        out.push_back(q);
      }
    }
    return out;
  }

  // Two-character core words, for the recall check.
  std::vector<std::string> TwoCharWords(int n) const {
    std::vector<std::string> out;
    for (const std::string& w : CoreWords()) {
      if (w.size() == 6) out.push_back(w);
      if (static_cast<int>(out.size()) >= n) break;
    }
    return out;
  }

 private:
  std::string CoreWord(std::mt19937_64& rng) const {
    double u = std::uniform_real_distribution<double>(0, 1)(rng);
    size_t i = std::lower_bound(cdf_.begin(), cdf_.end(), u) - cdf_.begin();
    return CoreWords()[std::min(i, CoreWords().size() - 1)];
  }
  std::string Word(std::mt19937_64& rng) const {
    if (!tail_.empty() && rng() % 10 < 3) return tail_[rng() % tail_.size()];
    return CoreWord(rng);
  }

  uint64_t seed_;
  std::vector<std::string> tail_;
  std::vector<double> cdf_;
};

}  // namespace zwgk::bench

#endif  // ZWGK_BENCH_SEARCH_CORPUS_H_
