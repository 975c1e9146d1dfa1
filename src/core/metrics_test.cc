#include "core/metrics.h"

#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace zwgk::metrics {
namespace {

// One sample line of the text format, parsed back.
struct ParsedSample {
  std::string name;
  std::map<std::string, std::string> labels;
  double value = 0;
};

struct Parsed {
  std::map<std::string, std::string> types;  // family → type
  std::set<std::string> helps;
  std::vector<ParsedSample> samples;
  std::vector<std::string> errors;
};

// A strict reader of what we write: every sample belongs to a family
// declared before it by HELP and TYPE, label values are quoted and escaped.
Parsed Parse(const std::string& text) {
  Parsed p;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    if (line.empty()) continue;
    if (absl::ConsumePrefix(&line, "# HELP ")) {
      p.helps.insert(std::string(line.substr(0, line.find(' '))));
      continue;
    }
    if (absl::ConsumePrefix(&line, "# TYPE ")) {
      std::vector<std::string> parts = absl::StrSplit(line, ' ');
      if (parts.size() != 2) p.errors.push_back(std::string(line));
      if (!p.helps.contains(parts[0]))
        p.errors.push_back("TYPE before HELP: " + parts[0]);
      p.types[parts[0]] = parts[1];
      continue;
    }
    ParsedSample s;
    size_t brace = line.find('{');
    size_t space = line.rfind(' ');
    s.name = std::string(line.substr(0, std::min(brace, space)));
    if (brace != absl::string_view::npos) {
      size_t i = brace + 1;
      while (i < line.size() && line[i] != '}') {
        size_t eq = line.find('=', i);
        std::string key(line.substr(i, eq - i));
        if (line[eq + 1] != '"') p.errors.push_back("unquoted label");
        std::string value;
        size_t j = eq + 2;
        for (; j < line.size() && line[j] != '"'; ++j) {
          if (line[j] == '\\') {
            ++j;
            value += line[j] == 'n' ? '\n' : line[j];
            continue;
          }
          value += line[j];
        }
        s.labels[key] = value;
        i = j + 1;
        if (i < line.size() && line[i] == ',') ++i;
      }
    }
    absl::string_view v = line.substr(space + 1);
    if (v == "+Inf") {
      s.value = 1e300;
    } else if (!absl::SimpleAtod(v, &s.value)) {
      p.errors.push_back("bad value: " + std::string(line));
    }
    std::string family = s.name;
    for (absl::string_view suffix : {"_bucket", "_sum", "_count"}) {
      if (absl::EndsWith(family, suffix) &&
          p.types.contains(family.substr(0, family.size() - suffix.size())))
        family = family.substr(0, family.size() - suffix.size());
    }
    if (!p.types.contains(family))
      p.errors.push_back("sample without TYPE: " + s.name);
    p.samples.push_back(std::move(s));
  }
  return p;
}

TEST(MetricsTest, RequestsAndHistogramParseBack) {
  RequestMetrics m;
  m.Record("GET", "/records/{id}", 200, 0.003);
  m.Record("GET", "/records/{id}", 200, 0.07);
  m.Record("GET", "/records/{id}", 404, 2.0);
  m.Record("POST", "/records", 303, 100.0);  // past the last bucket
  m.Record("GET", "", 404, 0.001);
  Exposition out;
  m.Write(out);
  Parsed p = Parse(out.text());
  EXPECT_THAT(p.errors, ::testing::IsEmpty()) << out.text();
  EXPECT_EQ(p.types["zwgk_http_requests_total"], "counter");
  EXPECT_EQ(p.types["zwgk_http_request_duration_seconds"], "histogram");

  std::map<std::string, double> requests;
  for (const ParsedSample& s : p.samples) {
    if (s.name != "zwgk_http_requests_total") continue;
    requests[s.labels.at("method") + " " + s.labels.at("route") + " " +
             s.labels.at("code") + " " + s.labels.at("class")] = s.value;
  }
  EXPECT_EQ(requests,
            (std::map<std::string, double>{{"GET /records/{id} 200 2xx", 2},
                                           {"GET /records/{id} 404 4xx", 1},
                                           {"GET none 404 4xx", 1},
                                           {"POST /records 303 3xx", 1}}));

  // Per series: buckets cumulative and ascending in le, +Inf = _count.
  std::map<std::string, std::vector<std::pair<double, double>>> buckets;
  std::map<std::string, double> counts, sums;
  for (const ParsedSample& s : p.samples) {
    if (!absl::StartsWith(s.name, "zwgk_http_request_duration_seconds"))
      continue;
    std::string series = s.labels.at("method") + " " + s.labels.at("route");
    if (absl::EndsWith(s.name, "_bucket")) {
      double le = 0;
      if (s.labels.at("le") == "+Inf") {
        le = 1e300;
      } else {
        ASSERT_TRUE(absl::SimpleAtod(s.labels.at("le"), &le));
      }
      buckets[series].push_back({le, s.value});
    } else if (absl::EndsWith(s.name, "_count")) {
      counts[series] = s.value;
    } else if (absl::EndsWith(s.name, "_sum")) {
      sums[series] = s.value;
    }
  }
  ASSERT_EQ(buckets.size(), 3u);
  for (const auto& [series, bs] : buckets) {
    ASSERT_EQ(bs.size(), kLatencyBuckets.size() + 1) << series;
    for (size_t i = 1; i < bs.size(); ++i) {
      EXPECT_LT(bs[i - 1].first, bs[i].first) << series;
      EXPECT_LE(bs[i - 1].second, bs[i].second) << series;
    }
    EXPECT_EQ(bs.back().second, counts[series]) << series;
  }
  const auto& rec = buckets["GET /records/{id}"];
  // le=0.005: the 3 ms answer; le=0.1: and the 70 ms one; le=2.5: all three.
  EXPECT_EQ(rec[0].second, 1);
  EXPECT_EQ(rec[4].second, 2);
  EXPECT_EQ(rec[8].second, 3);
  EXPECT_EQ(counts["GET /records/{id}"], 3);
  EXPECT_NEAR(sums["GET /records/{id}"], 2.073, 1e-9);
  // 100 s is counted only in +Inf.
  EXPECT_EQ(buckets["POST /records"][kLatencyBuckets.size() - 1].second, 0);
  EXPECT_EQ(buckets["POST /records"].back().second, 1);
}

TEST(MetricsTest, ConcurrentRecordsAreAllCounted) {
  RequestMetrics m;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&m, t] {
      for (int i = 0; i < 1000; ++i)
        m.Record("GET", t % 2 ? "/a" : "/b/{id}", 200, 0.01);
    });
  }
  for (auto& t : threads) t.join();
  Exposition out;
  m.Write(out);
  Parsed p = Parse(out.text());
  double total = 0;
  for (const ParsedSample& s : p.samples)
    if (s.name == "zwgk_http_requests_total") total += s.value;
  EXPECT_EQ(total, 4000);
}

TEST(MetricsTest, LabelValuesAreEscaped) {
  Exposition out;
  out.Family("x", "help", "gauge");
  out.Sample("x", {{"route", "a\"b\\c\nd"}}, 1.5);
  EXPECT_EQ(
      out.text(),
      "# HELP x help\n# TYPE x gauge\nx{route=\"a\\\"b\\\\c\\nd\"} 1.5\n");
  Parsed p = Parse(out.text());
  ASSERT_EQ(p.samples.size(), 1u);
  EXPECT_EQ(p.samples[0].labels["route"], "a\"b\\c\nd");
}

TEST(MetricsTest, FormatValue) {
  EXPECT_EQ(FormatValue(3), "3");
  EXPECT_EQ(FormatValue(0.25), "0.25");
  EXPECT_EQ(FormatValue(1.0 / 0.0), "+Inf");
}

TEST(MetricsTest, MayScrape) {
  const std::string token = "0123456789abcdef0123";
  struct Case {
    const char* ip;
    bool forwarded;
    std::string authorization;
    std::string token;
    bool allowed;
  };
  for (const Case& c : std::vector<Case>{
           {"127.0.0.1", false, "", "", true},
           {"::1", false, "", "", true},
           {"127.0.0.1", true, "", "", false},  // a proxy's client
           {"203.0.113.9", false, "", "", false},
           {"203.0.113.9", false, "Bearer " + token, token, true},
           {"203.0.113.9", false, "bearer " + token, token, true},
           {"203.0.113.9", false, "Bearer wrong", token, false},
           {"203.0.113.9", false, "Bearer ", "", false},  // no token set
           {"203.0.113.9", true, "Bearer " + token, token, true},
           {"10.0.0.1", false, token, token, false},  // not a bearer
       }) {
    EXPECT_EQ(MayScrape(c.ip, c.forwarded, c.authorization, c.token), c.allowed)
        << c.ip << " " << c.forwarded << " " << c.authorization;
  }
}

}  // namespace
}  // namespace zwgk::metrics
