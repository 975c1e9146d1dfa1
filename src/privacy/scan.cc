// The scanner works on code points with full-width forms folded to ASCII
// (０-９, －, （, ＠ …), so "４２０…" is read like "420…"; spans map back to
// the original bytes for masking. Hand-written scanners only: a record body
// or a 100,000-row spreadsheet must scan in well under a second.
#include "privacy/scan.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/string_view.h"
#include "content/html_tokenizer.h"
#include "content/text.h"
#include "privacy/scan_internal.h"

namespace zwgk::privacy {
namespace {

using internal::Span;

// ---------------------------------------------------------------------------
// Decoding

struct Decoded {
  std::vector<char32_t> c;    // folded code points
  std::vector<uint32_t> off;  // byte offset of each, plus the end
};

char32_t Fold(char32_t cp) {
  if (cp >= 0xFF01 && cp <= 0xFF5E) return cp - 0xFEE0;  // full-width ASCII
  if (cp == 0x3000 || cp == 0xA0) return ' ';
  if ((cp >= 0x2010 && cp <= 0x2012) || cp == 0x2212) return '-';
  return cp;
}

void Decode(absl::string_view s, Decoded& d) {
  d.c.clear();
  d.off.clear();
  d.c.reserve(s.size());
  d.off.reserve(s.size() + 1);
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char b = static_cast<unsigned char>(s[i]);
    d.off.push_back(static_cast<uint32_t>(i));
    if (b < 0x80) {
      d.c.push_back(b);
      ++i;
      continue;
    }
    if ((b & 0xF0) == 0xE0 && i + 2 < s.size() &&
        (static_cast<unsigned char>(s[i + 1]) & 0xC0) == 0x80 &&
        (static_cast<unsigned char>(s[i + 2]) & 0xC0) == 0x80) {
      char32_t cp = ((b & 0x0F) << 12) |
                    ((static_cast<unsigned char>(s[i + 1]) & 0x3F) << 6) |
                    (static_cast<unsigned char>(s[i + 2]) & 0x3F);
      if (cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF)) {
        d.c.push_back(Fold(cp));
        i += 3;
        continue;
      }
    }
    content::text::DecodedChar ch = content::text::DecodeUtf8At(s, i);
    d.c.push_back(Fold(ch.cp));
    i += ch.length;
  }
  d.off.push_back(static_cast<uint32_t>(s.size()));
}

bool IsDigit(char32_t c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool IsAlnum(char32_t c) { return IsDigit(c) || IsAlpha(c); }
bool IsHan(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF);
}
int Dig(char32_t c) { return static_cast<int>(c - '0'); }

// ---------------------------------------------------------------------------
// Number rules

bool ValidDate(int y, int m, int d) {
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
  int days = kDays[m - 1];
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) days = 29;
  return d <= days;
}

int Num(const char32_t* p, int n) {
  int v = 0;
  for (int i = 0; i < n; ++i) v = v * 10 + Dig(p[i]);
  return v;
}

// 18 characters: 17 digits and a digit or X. Region 1–8, a real birth date
// (without the checksum: an ID that was mistyped still looks like one).
bool IdShaped18(const char32_t* p) {
  for (int i = 0; i < 17; ++i)
    if (!IsDigit(p[i])) return false;
  if (!IsDigit(p[17]) && p[17] != 'X' && p[17] != 'x') return false;
  if (p[0] < '1' || p[0] > '8') return false;
  return ValidDate(Num(p + 6, 4), Num(p + 10, 2), Num(p + 12, 2));
}

// GB 11643: weights 2^(17-i) mod 11, check character "10X98765432"[sum%11].
bool IsId18(const char32_t* p) {
  if (!IdShaped18(p)) return false;
  static constexpr int kW[] = {7, 9, 10, 5,  8, 4, 2, 1, 6,
                               3, 7, 9,  10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += Dig(p[i]) * kW[i];
  const char check = "10X98765432"[sum % 11];
  char32_t last = p[17] == 'x' ? U'X' : p[17];
  return last == static_cast<char32_t>(check);
}

// The old 15-digit number: region, YYMMDD (19YY), 3 digits.
bool IsId15(const char32_t* p) {
  if (p[0] < '1' || p[0] > '8') return false;
  return ValidDate(1900 + Num(p + 6, 2), Num(p + 8, 2), Num(p + 10, 2));
}

bool Luhn(const char32_t* digits, size_t n) {
  int sum = 0;
  bool dbl = false;
  for (size_t i = n; i-- > 0;) {
    int d = Dig(digits[i]);
    if (dbl) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    dbl = !dbl;
  }
  return sum % 10 == 0;
}

bool IsMobile(const char32_t* p) {
  return p[0] == '1' && p[1] >= '3' && p[1] <= '9';
}

// GB 32100: 18 characters over 0-9 and A–Y without I O S V Z; the last is a
// check character. Only registration authority 9 (工商) type 2 (个体工商户).
bool IsIndividualCreditCode(const char32_t* p) {
  static constexpr absl::string_view kSet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  static constexpr int kW[] = {1,  3,  9,  27, 19, 26, 16, 17, 20,
                               29, 25, 13, 8,  24, 10, 30, 28};
  if (p[0] != '9' || p[1] != '2') return false;
  int sum = 0;
  for (int i = 0; i < 18; ++i) {
    if (p[i] > 0x7F) return false;
    size_t v = kSet.find(static_cast<char>(p[i]));
    if (v == absl::string_view::npos) return false;
    if (i < 17)
      sum += static_cast<int>(v) * kW[i];
    else {
      int check = (31 - sum % 31) % 31;
      return static_cast<int>(v) == check;
    }
  }
  return false;
}

// ---------------------------------------------------------------------------
// The scanner

struct Match {
  Kind kind;
  size_t begin;  // code point indices
  size_t end;
};

class Scanner {
 public:
  Scanner(const Decoded& d, bool name_nearby)
      : c_(d.c), n_(d.c.size()), name_nearby_(name_nearby) {}

  std::vector<Match> Run() {
    FindEmails();
    FindNumbers();
    FindAddresses();
    // A landline is an office's published number unless it belongs to a
    // person: a table row with a name, or a label such as 姓名/户主 nearby
    // ("联系电话：0715-6321234" at the end of a notice is not a finding).
    std::erase_if(out_, [this](const Match& m) {
      return m.kind == Kind::kLandline && !name_nearby_ &&
             !NameLabelNear(m.begin, m.end, /*personal_only=*/true);
    });
    std::sort(out_.begin(), out_.end(),
              [](const Match& a, const Match& b) { return a.begin < b.begin; });
    return std::move(out_);
  }

 private:
  bool InEmail(size_t i) const {
    for (const Match& m : emails_)
      if (i >= m.begin && i < m.end) return true;
    return false;
  }

  static bool LocalChar(char32_t c) {
    return IsAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' ||
           c == '-';
  }
  static bool DomainChar(char32_t c) {
    return IsAlnum(c) || c == '.' || c == '-';
  }

  void FindEmails() {
    for (size_t a = 0; a < n_; ++a) {
      if (c_[a] != '@') continue;
      size_t s = a;
      while (s > 0 && LocalChar(c_[s - 1])) --s;
      while (s < a && (c_[s] == '.' || c_[s] == '-' || c_[s] == '+')) ++s;
      if (s == a) continue;
      size_t e = a + 1;
      while (e < n_ && DomainChar(c_[e])) ++e;
      while (e > a + 1 && (c_[e - 1] == '.' || c_[e - 1] == '-')) --e;
      // The domain: labels separated by single dots, a TLD of 2+ letters.
      size_t last_dot = 0;
      bool ok = e > a + 1 && c_[a + 1] != '.' && c_[a + 1] != '-';
      for (size_t i = a + 1; ok && i < e; ++i) {
        if (c_[i] == '.') {
          if (c_[i - 1] == '.') ok = false;
          last_dot = i;
        }
      }
      if (!ok || last_dot == 0 || e - last_dot - 1 < 2) continue;
      for (size_t i = last_dot + 1; i < e; ++i)
        if (!IsAlpha(c_[i])) ok = false;
      if (!ok) continue;
      emails_.push_back({Kind::kEmail, s, e});
      out_.push_back({Kind::kEmail, s, e});
      a = e - 1;
    }
  }

  struct Group {
    size_t begin, end;  // digits only
  };

  size_t AlnumEnd(size_t i) const {
    while (i < n_ && IsAlnum(c_[i])) ++i;
    return i;
  }

  void FindNumbers() {
    size_t i = 0;
    while (i < n_) {
      if (!IsAlnum(c_[i]) || InEmail(i)) {
        ++i;
        continue;
      }
      const size_t j = AlnumEnd(i);
      // A number glued to a decimal point belongs to an amount.
      const bool after_point = i >= 2 && c_[i - 1] == '.' && IsDigit(c_[i - 2]);
      bool letters = false;
      for (size_t k = i; k < j; ++k) letters |= IsAlpha(c_[k]);
      if (letters) {
        if (j - i == 18 && !after_point) {
          if (IsIndividualCreditCode(&c_[i]))
            out_.push_back({Kind::kCreditCode, i, j});
          else if (IsId18(&c_[i]))
            out_.push_back({Kind::kIdCard, i, j});
        }
        i = j;
        continue;
      }
      if (after_point) {
        i = j;
        continue;
      }
      i = Chain(i, j);
    }
  }

  // Digit groups joined by single spaces or hyphens ("138 1234 5678",
  // "027-87654321", "6222 0212 …"); returns where scanning continues.
  size_t Chain(size_t i, size_t j) {
    std::vector<Group> g = {{i, j}};
    size_t end = j;
    while (end + 1 < n_ && (c_[end] == ' ' || c_[end] == '-') &&
           IsDigit(c_[end + 1])) {
      size_t k = AlnumEnd(end + 1);
      bool letters = false;
      for (size_t x = end + 1; x < k; ++x) letters |= IsAlpha(c_[x]);
      if (letters) break;
      g.push_back({end + 1, k});
      end = k;
    }
    // "(0715)8123456": an area code in brackets.
    if (g.size() == 1 && i > 0 && c_[i - 1] == '(' && j < n_ && c_[j] == ')') {
      size_t k = j + 1;
      if (k < n_ && c_[k] == ' ') ++k;
      if (k < n_ && IsDigit(c_[k])) {
        size_t e = AlnumEnd(k);
        if (IsAreaCode(i, j) && IsLocalNumber(k, e)) {
          out_.push_back({Kind::kLandline, i, e});
          return e;
        }
      }
    }
    // The last group of "13812345678.50" is an amount, and so is the chain.
    size_t usable = g.size();
    if (end + 1 < n_ && c_[end] == '.' && IsDigit(c_[end + 1])) --usable;
    size_t k = 0;
    while (k < usable) {
      size_t used = MatchAt(g, k, usable);
      k += used ? used : 1;
    }
    return end;
  }

  size_t Len(const Group& g) const { return g.end - g.begin; }

  bool IsAreaCode(size_t b, size_t e) const {
    return (e - b == 3 || e - b == 4) && c_[b] == '0' && c_[b + 1] != '0';
  }
  bool IsLocalNumber(size_t b, size_t e) const {
    return (e - b == 7 || e - b == 8) && c_[b] >= '2' && c_[b] <= '9';
  }

  // The digits of groups [from, from + count) (at most 32).
  const std::vector<char32_t>& Digits(const std::vector<Group>& g, size_t from,
                                      size_t count) {
    digits_.clear();
    for (size_t x = from; x < from + count && digits_.size() < 32; ++x)
      digits_.insert(digits_.end(), c_.begin() + g[x].begin,
                     c_.begin() + g[x].end);
    digits_.resize(std::max<size_t>(digits_.size(), 18), 0);
    return digits_;
  }

  void Add(Kind k, size_t b, size_t e) { out_.push_back({k, b, e}); }

  // Tries the patterns at group k; returns the groups used (0: none).
  size_t MatchAt(const std::vector<Group>& g, size_t k, size_t usable) {
    const Group& a = g[k];
    const size_t len = Len(a);
    const char32_t* p = &c_[a.begin];
    // Grouped forms first: they use more of the chain.
    if (k + 2 < usable && len == 3 && Len(g[k + 1]) == 4 &&
        Len(g[k + 2]) == 4) {
      const std::vector<char32_t>& d = Digits(g, k, 3);
      if (IsMobile(d.data())) {
        Add(Kind::kMobile, a.begin, g[k + 2].end);
        return 3;
      }
    }
    if (k + 2 < usable && len == 6 && Len(g[k + 1]) == 8 &&
        Len(g[k + 2]) == 4) {
      const std::vector<char32_t>& d = Digits(g, k, 3);
      if (IsId18(d.data())) {
        Add(Kind::kIdCard, a.begin, g[k + 2].end);
        return 3;
      }
    }
    if (len == 4 && k + 2 < usable) {
      // Bank cards in groups of four, the last group 1–4 digits.
      size_t fours = 0;
      while (k + fours < usable && Len(g[k + fours]) == 4) ++fours;
      size_t best = 0;
      for (size_t count = std::min(usable - k, fours + 1); count >= 4;
           --count) {
        if (count > fours + 1) continue;
        size_t total = 0;
        for (size_t x = k; x < k + count; ++x) total += Len(g[x]);
        if (total < 16 || total > 19) continue;
        const std::vector<char32_t>& d = Digits(g, k, count);
        if (Luhn(d.data(), total) && !(total == 18 && IdShaped18(d.data()))) {
          best = count;
          break;
        }
      }
      if (best) {
        Add(Kind::kBankCard, a.begin, g[k + best - 1].end);
        return best;
      }
    }
    if (k + 1 < usable && IsAreaCode(a.begin, a.end) &&
        IsLocalNumber(g[k + 1].begin, g[k + 1].end)) {
      Add(Kind::kLandline, a.begin, g[k + 1].end);
      return 2;
    }
    // One group.
    switch (len) {
      case 18:
        if (IsId18(p)) {
          Add(Kind::kIdCard, a.begin, a.end);
          return 1;
        }
        if (IsIndividualCreditCode(p)) {
          Add(Kind::kCreditCode, a.begin, a.end);
          return 1;
        }
        break;
      case 15:
        if (IsId15(p)) {
          Add(Kind::kIdCard, a.begin, a.end);
          return 1;
        }
        break;
      case 11:
        if (IsMobile(p)) {
          Add(Kind::kMobile, a.begin, a.end);
          return 1;
        }
        break;
      case 13:
        if (p[0] == '8' && p[1] == '6' && IsMobile(p + 2)) {
          Add(Kind::kMobile, a.begin + 2, a.end);
          return 1;
        }
        break;
      default:
        break;
    }
    if (len >= 16 && len <= 19) {
      if (Luhn(p, len) && !(len == 18 && IdShaped18(p))) {
        Add(Kind::kBankCard, a.begin, a.end);
        return 1;
      }
    }
    return 0;
  }

  // --- Addresses -----------------------------------------------------------
  //
  // Conservative on purpose: a finding needs (1) a run of Han characters and
  // digits holding a settlement word followed by a dwelling-level detail
  // with a number before it — 村 … 3组 / 12号; 小区/社区/花园/公寓/苑 …
  // 5栋 / 2单元 / 301室; 街道 … 号; 路/街/巷/大道 … 号 … 栋/单元/室/楼 —
  // and (2) a person's name within 20 characters: a label (姓名, 户主,
  // 申请人, 联系人 …) followed by two or more Han characters, or a table row
  // with a name cell (`name_nearby`). "县政府办公楼" or "解放路1号" alone is
  // never a finding.

  bool At(size_t i, std::u32string_view w) const {
    if (i + w.size() > n_) return false;
    for (size_t k = 0; k < w.size(); ++k)
      if (c_[i + k] != w[k]) return false;
    return true;
  }

  static bool Numeral(char32_t c) {
    return IsDigit(c) ||
           std::u32string_view(U"一二三四五六七八九十百零〇两").find(c) !=
               std::u32string_view::npos;
  }
  static bool AddressChar(char32_t c) {
    return IsHan(c) || IsAlnum(c) || c == '-' || c == '#';
  }

  enum class Settle { kNone, kVillage, kEstate, kStreetOffice, kRoad };

  // The settlement word at i and its length.
  std::pair<Settle, size_t> SettlementAt(size_t i) const {
    if (At(i, U"街道")) return {Settle::kStreetOffice, 2};
    if (At(i, U"社区") || At(i, U"小区") || At(i, U"花园") || At(i, U"公寓") ||
        At(i, U"大道"))
      return {At(i, U"大道") ? Settle::kRoad : Settle::kEstate, 2};
    char32_t c = c_[i];
    if (c == U'村') return {Settle::kVillage, 1};
    if (c == U'苑') return {Settle::kEstate, 1};
    if (c == U'路' || c == U'街' || c == U'巷') return {Settle::kRoad, 1};
    return {Settle::kNone, 0};
  }

  // Length of a dwelling marker at i preceded by a numeral, else 0.
  size_t MarkerAt(size_t i, std::u32string_view markers) const {
    if (i == 0 || !Numeral(c_[i - 1])) return 0;
    if (At(i, U"单元")) return markers.find(U'元') != markers.npos ? 2 : 0;
    return markers.find(c_[i]) != markers.npos ? 1 : 0;
  }

  // `personal_only`: leave out labels an office uses for its own staff
  // (联系人, 代理人), whose work numbers are published on purpose.
  bool NameLabelNear(size_t b, size_t e, bool personal_only = false) const {
    static constexpr std::u32string_view kLabels[] = {
        U"姓名",   U"户主",   U"申请人", U"收件人", U"户名",
        U"持卡人", U"经营者", U"监护人", U"当事人", U"承租人",
        U"收款人", U"领款人", U"家属",   U"联系人", U"代理人"};
    constexpr size_t kPersonal = 13;  // the labels before 联系人
    const size_t labels = personal_only ? kPersonal : std::size(kLabels);
    // A phone is often written after the address it goes with.
    const size_t reach = personal_only ? 40 : 20;
    size_t from = b > reach + 4 ? b - reach - 4 : 0;
    size_t to = std::min(n_, e + 20);
    for (size_t i = from; i < to; ++i) {
      for (size_t li = 0; li < labels; ++li) {
        std::u32string_view l = kLabels[li];
        if (!At(i, l)) continue;
        size_t k = i + l.size();
        while (k < n_ && (c_[k] == ':' || c_[k] == U'：' || c_[k] == ' ')) ++k;
        size_t h = k;
        while (h < n_ && IsHan(c_[h]) && h - k < 4) ++h;
        if (h - k >= 2 && (i + reach >= b || i >= e)) return true;
      }
    }
    return false;
  }

  void FindAddresses() {
    size_t i = 0;
    while (i < n_) {
      if (!AddressChar(c_[i]) || !IsHan(c_[i])) {
        ++i;
        continue;
      }
      size_t e = i;
      while (e < n_ && AddressChar(c_[e])) ++e;
      Address(i, e);
      i = e;
    }
  }

  void Address(size_t b, size_t e) {
    // Labels inside the run ("住址东风村…") start the address after them.
    static constexpr std::u32string_view kStarts[] = {
        U"住址", U"地址", U"住所", U"家住", U"现住", U"居住", U"户籍地"};
    size_t start = b;
    for (size_t i = b; i < e; ++i)
      for (std::u32string_view l : kStarts)
        if (At(i, l) && i + l.size() < e) start = i + l.size();
    size_t keep = 0;  // end of the settlement word kept by the mask
    size_t detail = 0, last = 0;
    Settle kind = Settle::kNone;
    bool road_number = false;
    for (size_t i = start; i < e; ++i) {
      if (!detail) {
        auto [s, len] = SettlementAt(i);
        if (s != Settle::kNone && i > start) {
          kind = s;
          keep = i + len;
          road_number = false;
          i += len - 1;
          continue;
        }
      }
      size_t m = 0;
      switch (kind) {
        case Settle::kVillage:
          m = MarkerAt(i, U"组号");
          break;
        case Settle::kEstate:
          m = MarkerAt(i, U"栋幢元室号楼");
          break;
        case Settle::kStreetOffice:
          m = MarkerAt(i, U"号栋幢元室");
          break;
        case Settle::kRoad:
          if (MarkerAt(i, U"号")) {
            road_number = true;
            if (detail) m = 1;
          } else if (road_number) {
            m = MarkerAt(i, U"栋幢元室楼");
          }
          break;
        case Settle::kNone:
          break;
      }
      if (m) {
        if (!detail) detail = i;
        last = i + m;
        i += m - 1;
      } else if (detail && kind != Settle::kNone) {
        size_t more = MarkerAt(i, U"组号栋幢元室楼层户");
        if (more) {
          last = i + more;
          i += more - 1;
        }
      }
    }
    if (!detail || keep == 0) return;
    if (!name_nearby_ && !NameLabelNear(start, last)) return;
    out_.push_back({Kind::kAddress, start, last});
  }

  const std::vector<char32_t>& c_;
  const size_t n_;
  const bool name_nearby_;
  std::vector<Match> out_;
  std::vector<Match> emails_;
  std::vector<char32_t> digits_;
};

// ---------------------------------------------------------------------------
// Normalisation for own values

std::string Normalized(Kind kind, absl::string_view value) {
  Decoded d;
  Decode(value, d);
  std::string out;
  if (kind == Kind::kEmail) {
    for (char32_t c : d.c)
      if (c < 0x80) out.push_back(absl::ascii_tolower(static_cast<char>(c)));
    return out;
  }
  for (char32_t c : d.c) {
    if (IsDigit(c)) out.push_back(static_cast<char>(c));
    if (c == 'x' || c == 'X') out.push_back('X');
  }
  return out;
}

struct OwnValues {
  std::vector<std::string> digits;
  std::vector<std::string> emails;
};

OwnValues PrepareOwn(const ScanOptions& options) {
  OwnValues own;
  for (const std::string& v : options.own_values) {
    if (v.find('@') != std::string::npos || v.find("＠") != std::string::npos) {
      own.emails.push_back(Normalized(Kind::kEmail, v));
      continue;
    }
    std::string d = Normalized(Kind::kIdCard, v);
    if (d.size() == 13 && d.rfind("86", 0) == 0) d = d.substr(2);
    if (!d.empty()) own.digits.push_back(d);
  }
  return own;
}

// ---------------------------------------------------------------------------
// Masks

bool MaskableDigit(const content::text::DecodedChar& ch) {
  char32_t c = Fold(ch.cp);
  return IsDigit(c) || c == 'X' || c == 'x' || IsAlpha(c);
}

// Keeps the first `first` and last `last` digit positions, stars the rest;
// separators kept.
std::string MaskDigits(absl::string_view v, size_t first, size_t last) {
  bool ascii = true;
  for (char c : v) ascii &= (c & 0x80) == 0;
  if (ascii) {
    size_t total = 0;
    for (char c : v) total += absl::ascii_isalnum(c) ? 1 : 0;
    std::string out(v);
    size_t k = 0;
    for (char& c : out) {
      if (!absl::ascii_isalnum(c)) continue;
      if (k >= first && k + last < total) c = '*';
      ++k;
    }
    return out;
  }
  size_t total = 0;
  for (size_t i = 0; i < v.size();) {
    auto ch = content::text::DecodeUtf8At(v, i);
    if (MaskableDigit(ch)) ++total;
    i += ch.length;
  }
  std::string out;
  size_t k = 0;
  for (size_t i = 0; i < v.size();) {
    auto ch = content::text::DecodeUtf8At(v, i);
    if (MaskableDigit(ch)) {
      if (k < first || k + last >= total)
        out.append(v.data() + i, ch.length);
      else
        out.push_back('*');
      ++k;
    } else {
      out.append(v.data() + i, ch.length);
    }
    i += ch.length;
  }
  return out;
}

std::string MaskLandline(absl::string_view v) {
  // The area code is the digits before the first separator or ')'.
  size_t area = 0;
  for (size_t i = 0; i < v.size();) {
    auto ch = content::text::DecodeUtf8At(v, i);
    char32_t c = Fold(ch.cp);
    if (IsDigit(c))
      ++area;
    else if (area > 0)
      break;
    i += ch.length;
  }
  return MaskDigits(v, area, 4);
}

std::string MaskEmail(absl::string_view v) {
  size_t at = v.find('@');
  size_t len = 1;
  if (at == absl::string_view::npos) {
    at = v.find("＠");
    len = 3;
  }
  if (at == absl::string_view::npos || at == 0) return "***";
  return std::string(v.substr(0, 1)) + "***" + std::string(v.substr(at, len)) +
         std::string(v.substr(at + len));
}

std::string MaskAddress(absl::string_view v) {
  Decoded d;
  Decode(v, d);
  // Keep up to the last settlement word before the first dwelling detail.
  size_t keep = 0;
  static constexpr std::u32string_view kWords[] = {
      U"街道", U"社区", U"小区", U"花园", U"公寓", U"大道",
      U"村",   U"苑",   U"路",   U"街",   U"巷"};
  for (size_t i = 0; i < d.c.size(); ++i) {
    if (IsDigit(d.c[i])) break;
    for (std::u32string_view w : kWords) {
      if (i + w.size() <= d.c.size() &&
          std::u32string_view(&d.c[i], w.size()) == w) {
        keep = i + w.size();
        i += w.size() - 1;
        break;
      }
    }
  }
  return std::string(v.substr(0, d.off[keep])) + "***";
}

// The last `n` code points of `s`, cut at a line break.
std::string Tail(absl::string_view s, size_t n) {
  size_t pos = s.size();
  for (size_t k = 0; k < n && pos > 0; ++k) {
    size_t p = pos - 1;
    while (p > 0 && (static_cast<unsigned char>(s[p]) & 0xC0) == 0x80) --p;
    if (s[p] == '\n' || s[p] == '\r') break;
    pos = p;
  }
  std::string out(s.substr(pos));
  absl::StripLeadingAsciiWhitespace(&out);
  return out;
}

}  // namespace

// ---------------------------------------------------------------------------
// Internal API

namespace internal {

std::vector<Span> FindSpans(absl::string_view text, const ScanOptions& options,
                            bool name_nearby) {
  thread_local Decoded d;
  // Fast path: nothing that could be a value — fewer than 7 ASCII digits
  // (the shortest number found, a landline without its area code, has 7),
  // no '@', no full-width form, no Han address word. Most spreadsheet cells
  // (序号, 金额, names) and words end here.
  constexpr int kMinDigits = 7;
  bool maybe = false;
  int digits = 0;
  for (char ch : text) {
    // Full-width forms (U+FF00–FFEF) start with EF BC..BF.
    if (ch == '@' || ch == '\xEF' ||
        (ch >= '0' && ch <= '9' && ++digits >= kMinDigits)) {
      maybe = true;
      break;
    }
  }
  if (!maybe) {
    // Only an address written with Chinese numerals ("三组") is left.
    static constexpr absl::string_view kMarkers[] = {"组",   "号", "栋", "幢",
                                                     "单元", "室", "楼"};
    for (absl::string_view m : kMarkers)
      if (text.find(m) != absl::string_view::npos) maybe = true;
    if (!maybe) return {};
  }
  Decode(text, d);
  std::vector<Match> matches = Scanner(d, name_nearby).Run();
  std::vector<Span> spans;
  OwnValues own;
  if (!options.own_values.empty()) own = PrepareOwn(options);
  size_t last_end = 0;
  for (const Match& m : matches) {
    if (m.begin < last_end) continue;  // overlaps an earlier finding
    Span s{m.kind, d.off[m.begin], d.off[m.end]};
    if (!options.own_values.empty() && m.kind != Kind::kAddress) {
      absl::string_view raw = text.substr(s.begin, s.end - s.begin);
      std::string norm = Normalized(m.kind, raw);
      const auto& list = m.kind == Kind::kEmail ? own.emails : own.digits;
      if (std::find(list.begin(), list.end(), norm) != list.end()) continue;
    }
    spans.push_back(s);
    last_end = m.end;
  }
  return spans;
}

bool Emit(absl::string_view text, const std::vector<Span>& spans,
          absl::string_view place, std::vector<Finding>* out,
          std::string* masked) {
  std::string m;
  m.reserve(text.size());
  size_t pos = 0;
  for (const Span& s : spans) {
    m.append(text.data() + pos, s.begin - pos);
    std::string mask = Mask(s.kind, text.substr(s.begin, s.end - s.begin));
    if (out != nullptr) {
      out->push_back({.kind = s.kind,
                      .place = std::string(place),
                      .preview = Tail(m, 8) + mask});
    }
    m.append(mask);
    pos = s.end;
  }
  m.append(text.data() + pos, text.size() - pos);
  if (masked != nullptr) *masked = std::move(m);
  return !spans.empty();
}

bool LooksLikeIdNumber(absl::string_view digits) {
  if (digits.size() != 18 && digits.size() != 15) return false;
  std::vector<char32_t> c(digits.begin(), digits.end());
  for (char32_t x : c)
    if (!IsDigit(x)) return false;
  return digits.size() == 18 ? IdShaped18(c.data()) : IsId15(c.data());
}

bool LooksLikeName(absl::string_view cell) {
  static constexpr std::u32string_view kSurnames =
      U"王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董"
      U"袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟"
      U"熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文"
      U"牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符"
      U"舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房"
      U"滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席"
      U"卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩"
      U"明佘池查麻迟邝";
  static constexpr std::u32string_view kNotNameEnd =
      U"村镇乡县区市省组社局委办院所站队厂场店司街路巷号室栋楼部处科会校园";
  Decoded d;
  Decode(absl::StripAsciiWhitespace(cell), d);
  if (d.c.size() < 2 || d.c.size() > 4) return false;
  for (char32_t c : d.c)
    if (!IsHan(c) && c != U'·') return false;
  if (kNotNameEnd.find(d.c.back()) != kNotNameEnd.npos) return false;
  if (kSurnames.find(d.c[0]) != kSurnames.npos) return true;
  std::u32string_view two(d.c.data(), 2);
  return two == U"欧阳" || two == U"司马" || two == U"诸葛" || two == U"上官" ||
         two == U"东方" || two == U"皇甫";
}

}  // namespace internal

// ---------------------------------------------------------------------------
// Public API

absl::string_view KindName(Kind k) {
  switch (k) {
    case Kind::kIdCard:
      return "id_card";
    case Kind::kMobile:
      return "mobile";
    case Kind::kLandline:
      return "landline";
    case Kind::kBankCard:
      return "bank_card";
    case Kind::kCreditCode:
      return "credit_code";
    case Kind::kEmail:
      return "email";
    case Kind::kAddress:
      return "address";
  }
  return "id_card";
}

absl::string_view KindLabel(Kind k) {
  switch (k) {
    case Kind::kIdCard:
      return "身份证号码";
    case Kind::kMobile:
      return "手机号码";
    case Kind::kLandline:
      return "固定电话";
    case Kind::kBankCard:
      return "银行卡号";
    case Kind::kCreditCode:
      return "个体工商户统一社会信用代码";
    case Kind::kEmail:
      return "电子邮箱";
    case Kind::kAddress:
      return "详细住址";
  }
  return "身份证号码";
}

std::optional<Kind> ParseKind(absl::string_view name) {
  for (Kind k : kAllKinds)
    if (KindName(k) == name) return k;
  return std::nullopt;
}

std::string Mask(Kind kind, absl::string_view value) {
  switch (kind) {
    case Kind::kIdCard:
      return MaskDigits(value, 3, 4);
    case Kind::kMobile:
      return MaskDigits(value, 3, 4);
    case Kind::kLandline:
      return MaskLandline(value);
    case Kind::kBankCard:
      return MaskDigits(value, 0, 4);
    case Kind::kCreditCode:
      return MaskDigits(value, 6, 3);
    case Kind::kEmail:
      return MaskEmail(value);
    case Kind::kAddress:
      return MaskAddress(value);
  }
  return "***";
}

std::vector<Finding> ScanText(absl::string_view text, absl::string_view place,
                              const ScanOptions& options) {
  std::vector<Finding> out;
  internal::ScanInto(text, place, options, false, &out, nullptr);
  return out;
}

std::string MaskText(absl::string_view text, const ScanOptions& options) {
  std::string masked;
  if (!internal::ScanInto(text, "", options, false, nullptr, &masked))
    return std::string(text);
  return masked;
}

namespace {

bool IsBlockElement(absl::string_view name) {
  static constexpr absl::string_view kBlocks[] = {
      "p",  "li",      "td",      "th",        "h1",      "h2",         "h3",
      "h4", "h5",      "h6",      "div",       "br",      "blockquote", "pre",
      "tr", "ul",      "ol",      "table",     "caption", "dt",         "dd",
      "hr", "section", "article", "figcaption"};
  for (absl::string_view b : kBlocks)
    if (name == b) return true;
  return false;
}

}  // namespace

namespace {

// Byte offsets of the text nodes that sit in a table row with a cell that is
// a person's name (<tr><td>张三</td><td>东风村3组12号</td></tr>): there an
// address needs no labelled name.
std::vector<size_t> NamedRowTexts(absl::string_view html) {
  std::vector<size_t> named;
  if (html.find("<t") == absl::string_view::npos &&
      html.find("<T") == absl::string_view::npos)
    return named;
  content::html::Tokenizer tokenizer(html);
  std::vector<std::string> cells;
  std::vector<size_t> row_texts;
  bool in_row = false;
  auto end_row = [&] {
    for (const std::string& c : cells) {
      if (internal::LooksLikeName(c)) {
        named.insert(named.end(), row_texts.begin(), row_texts.end());
        break;
      }
    }
    cells.clear();
    row_texts.clear();
    in_row = false;
  };
  while (std::optional<content::html::Token> t = tokenizer.Next()) {
    if (t->kind == content::html::TokenKind::kStartTag) {
      if (t->name == "tr") {
        end_row();
        in_row = true;
      } else if (in_row && (t->name == "td" || t->name == "th")) {
        cells.emplace_back();
      }
    } else if (t->kind == content::html::TokenKind::kEndTag) {
      if (t->name == "tr" || t->name == "table") end_row();
    } else if (t->kind == content::html::TokenKind::kText && in_row &&
               !t->raw) {
      if (cells.empty()) cells.emplace_back();
      cells.back() += content::text::DecodeEntities(
          t->text, content::text::EntityContext::kText);
      row_texts.push_back(static_cast<size_t>(t->text.data() - html.data()));
    }
  }
  end_row();
  return named;
}

bool Contains(const std::vector<size_t>& sorted, size_t v) {
  return std::binary_search(sorted.begin(), sorted.end(), v);
}

}  // namespace

std::vector<Finding> ScanHtml(absl::string_view html,
                              const ScanOptions& options) {
  const std::vector<size_t> named = NamedRowTexts(html);
  // Each text node is scanned on its own (as MaskHtml masks them) and placed
  // by the block it is in; a value split across inline tags is not found.
  std::vector<Finding> out;
  content::html::Tokenizer tokenizer(html);
  int paragraph = 0;
  bool open = false;  // the current block already counted
  std::string place;
  while (std::optional<content::html::Token> t = tokenizer.Next()) {
    if (t->kind == content::html::TokenKind::kStartTag ||
        t->kind == content::html::TokenKind::kEndTag) {
      if (IsBlockElement(t->name)) open = false;
      continue;
    }
    if (t->kind != content::html::TokenKind::kText || t->raw) continue;
    if (absl::StripAsciiWhitespace(t->text).empty()) continue;
    if (!open) {
      ++paragraph;
      open = true;
      place = "正文第" + std::to_string(paragraph) + "段";
    }
    std::string text = content::text::DecodeEntities(
        t->text, content::text::EntityContext::kText);
    const size_t offset = static_cast<size_t>(t->text.data() - html.data());
    internal::ScanInto(text, place, options, Contains(named, offset), &out,
                       nullptr);
  }
  return out;
}

namespace {

// Masks a mailto:/tel: href in the raw bytes of a start tag.
std::string MaskLinkTag(absl::string_view raw, const content::html::Token& t,
                        const ScanOptions& options) {
  std::string out(raw);
  for (const content::html::Attribute& a : t.attributes) {
    if (a.name != "href") continue;
    std::string lower = absl::AsciiStrToLower(a.value);
    size_t scheme = lower.rfind("mailto:", 0) == 0 ? 7
                    : lower.rfind("tel:", 0) == 0  ? 4
                                                   : 0;
    if (scheme == 0) continue;
    absl::string_view value = absl::string_view(a.value).substr(scheme);
    std::string masked = MaskText(value, options);
    if (masked == value) continue;
    size_t at = out.find(std::string(value));
    if (at != std::string::npos) out.replace(at, value.size(), masked);
  }
  return out;
}

}  // namespace

std::string MaskHtml(absl::string_view html, const ScanOptions& options) {
  const std::vector<size_t> named = NamedRowTexts(html);
  std::string out;
  out.reserve(html.size());
  content::html::Tokenizer tokenizer(html);
  size_t cursor = 0;                        // bytes of `html` copied to `out`
  std::vector<content::html::Token> links;  // <a> tags since the last text
  auto flush_to = [&](size_t end) {
    std::string raw(html.substr(cursor, end - cursor));
    for (const content::html::Token& link : links)
      raw = MaskLinkTag(raw, link, options);
    links.clear();
    out.append(raw);
    cursor = end;
  };
  while (std::optional<content::html::Token> t = tokenizer.Next()) {
    if (t->kind == content::html::TokenKind::kText) {
      size_t begin = static_cast<size_t>(t->text.data() - html.data());
      flush_to(begin);
      std::string masked;
      if (!t->raw &&
          internal::ScanInto(t->text, "", options, Contains(named, begin),
                             nullptr, &masked))
        out.append(masked);
      else
        out.append(t->text.data(), t->text.size());
      cursor = begin + t->text.size();
      continue;
    }
    if (t->kind == content::html::TokenKind::kStartTag && t->name == "a") {
      // Everything up to the next text token is this tag (and maybe more
      // tags); the href is masked within those bytes.
      links.push_back(std::move(*t));
    }
  }
  flush_to(html.size());
  return out;
}

}  // namespace zwgk::privacy
