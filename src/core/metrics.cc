#include "core/metrics.h"

#include <cmath>
#include <mutex>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "core/crypto.h"

namespace zwgk::metrics {

std::string EscapeLabelValue(absl::string_view v) {
  std::string out;
  out.reserve(v.size());
  for (char c : v) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string FormatValue(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  if (v == std::floor(v) && std::fabs(v) < 1e15)
    return absl::StrFormat("%.0f", v);
  return absl::StrFormat("%.9g", v);
}

void Exposition::Family(absl::string_view name, absl::string_view help,
                        absl::string_view type) {
  absl::StrAppend(&out_, "# HELP ", name, " ", help, "\n# TYPE ", name, " ",
                  type, "\n");
}

void Exposition::Sample(absl::string_view name, const Labels& labels,
                        double value) {
  absl::StrAppend(&out_, name);
  if (!labels.empty()) {
    out_ += '{';
    for (size_t i = 0; i < labels.size(); ++i) {
      if (i > 0) out_ += ',';
      absl::StrAppend(&out_, labels[i].first, "=\"",
                      EscapeLabelValue(labels[i].second), "\"");
    }
    out_ += '}';
  }
  absl::StrAppend(&out_, " ", FormatValue(value), "\n");
}

template <typename T>
T& RequestMetrics::Find(std::map<std::string, std::unique_ptr<T>>& m,
                        const std::string& k) {
  {
    std::shared_lock lock(mu_);
    auto it = m.find(k);
    if (it != m.end()) return *it->second;
  }
  std::unique_lock lock(mu_);
  auto& slot = m[k];
  if (!slot) slot = std::make_unique<T>();
  return *slot;
}

void RequestMetrics::Record(absl::string_view method, absl::string_view route,
                            int status, double seconds) {
  std::string series =
      absl::StrCat(method, "\t", route.empty() ? "none" : route);
  Find(counts_, absl::StrCat(series, "\t", status))
      .fetch_add(1, std::memory_order_relaxed);
  Latency& l = Find(latency_, series);
  for (size_t i = 0; i < kLatencyBuckets.size(); ++i) {
    if (seconds <= kLatencyBuckets[i]) {
      l.buckets[i].fetch_add(1, std::memory_order_relaxed);
      break;  // cumulated when written
    }
  }
  l.count.fetch_add(1, std::memory_order_relaxed);
  l.sum_nanos.fetch_add(
      static_cast<uint64_t>(std::max(0.0, seconds) * 1e9 + 0.5),
      std::memory_order_relaxed);
}

void RequestMetrics::Write(Exposition& out) const {
  std::shared_lock lock(mu_);
  out.Family("zwgk_http_requests_total",
             "HTTP requests answered, by method, route pattern and status.",
             "counter");
  for (const auto& [key, n] : counts_) {
    std::vector<std::string> p = absl::StrSplit(key, '\t');
    out.Sample("zwgk_http_requests_total",
               {{"method", p[0]},
                {"route", p[1]},
                {"code", p[2]},
                {"class", absl::StrCat(p[2].substr(0, 1), "xx")}},
               static_cast<double>(n->load(std::memory_order_relaxed)));
  }
  out.Family("zwgk_http_request_duration_seconds",
             "Time from receiving a request to its answer, by route pattern.",
             "histogram");
  for (const auto& [key, l] : latency_) {
    std::vector<std::string> p = absl::StrSplit(key, '\t');
    // Read the count first: buckets recorded after it only make the +Inf
    // bucket (= count) the largest, never smaller than a finite bucket.
    uint64_t cumulative = 0;
    std::array<uint64_t, kLatencyBuckets.size()> counts;
    for (size_t i = 0; i < counts.size(); ++i)
      counts[i] = l->buckets[i].load(std::memory_order_relaxed);
    uint64_t count = l->count.load(std::memory_order_relaxed);
    uint64_t sum = l->sum_nanos.load(std::memory_order_relaxed);
    for (size_t i = 0; i < counts.size(); ++i) {
      cumulative += counts[i];
      out.Sample("zwgk_http_request_duration_seconds_bucket",
                 {{"method", p[0]},
                  {"route", p[1]},
                  {"le", FormatValue(kLatencyBuckets[i])}},
                 static_cast<double>(cumulative));
    }
    count = std::max(count, cumulative);
    out.Sample("zwgk_http_request_duration_seconds_bucket",
               {{"method", p[0]}, {"route", p[1]}, {"le", "+Inf"}},
               static_cast<double>(count));
    out.Sample("zwgk_http_request_duration_seconds_sum",
               {{"method", p[0]}, {"route", p[1]}},
               static_cast<double>(sum) / 1e9);
    out.Sample("zwgk_http_request_duration_seconds_count",
               {{"method", p[0]}, {"route", p[1]}}, static_cast<double>(count));
  }
}

namespace {

bool IsLoopback(absl::string_view ip) {
  return absl::StartsWith(ip, "127.") || ip == "::1" ||
         absl::StartsWith(ip, "::ffff:127.");
}

}  // namespace

bool MayScrape(absl::string_view remote_ip, bool forwarded,
               absl::string_view authorization, absl::string_view token) {
  if (!token.empty() && absl::StartsWithIgnoreCase(authorization, "Bearer ")) {
    absl::string_view given =
        absl::StripAsciiWhitespace(authorization.substr(7));
    if (crypto::ConstantTimeEquals(given, token)) return true;
  }
  return !forwarded && IsLoopback(remote_ip);
}

}  // namespace zwgk::metrics
