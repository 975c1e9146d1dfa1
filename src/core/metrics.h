// Prometheus metrics (text exposition format 0.0.4): request counters by
// route pattern and status, a latency histogram per route with fixed
// buckets, and a writer for the gauges others report. The counting path is
// atomics under a shared lock; a new series (a route seen for the first
// time) takes the exclusive lock once.
#ifndef ZWGK_CORE_METRICS_H_
#define ZWGK_CORE_METRICS_H_

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"

namespace zwgk::metrics {

// Upper bounds of the latency buckets, in seconds (+Inf follows).
inline constexpr std::array<double, 12> kLatencyBuckets = {
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};

using Labels = std::vector<std::pair<std::string, std::string>>;

// Builds an exposition: each family once with its HELP and TYPE lines,
// then its samples.
class Exposition {
 public:
  // type: "counter", "gauge" or "histogram".
  void Family(absl::string_view name, absl::string_view help,
              absl::string_view type);
  void Sample(absl::string_view name, const Labels& labels, double value);
  const std::string& text() const { return out_; }

 private:
  std::string out_;
};

// A label value with \, " and newline escaped.
std::string EscapeLabelValue(absl::string_view v);
// A sample value: integers without exponent, "+Inf", "NaN".
std::string FormatValue(double v);

// Requests answered, by method, route pattern and status code, with their
// latency. Routes are patterns ("/records/{id}"), never raw paths, so the
// label set is bounded by the route table.
class RequestMetrics {
 public:
  // `route` "" (no route matched) is labelled "none".
  void Record(absl::string_view method, absl::string_view route, int status,
              double seconds);
  // zwgk_http_requests_total and zwgk_http_request_duration_seconds.
  void Write(Exposition& out) const;

 private:
  struct Latency {
    std::array<std::atomic<uint64_t>, kLatencyBuckets.size()> buckets{};
    std::atomic<uint64_t> count{0};
    std::atomic<uint64_t> sum_nanos{0};
  };
  template <typename T>
  T& Find(std::map<std::string, std::unique_ptr<T>>& m, const std::string& k);

  mutable std::shared_mutex mu_;
  // "METHOD\troute\tcode" → answers.
  std::map<std::string, std::unique_ptr<std::atomic<uint64_t>>> counts_;
  // "METHOD\troute" → latency.
  std::map<std::string, std::unique_ptr<Latency>> latency_;
};

// /metrics answers a request from loopback that no proxy forwarded, or one
// that carries "Bearer <token>" (a configured, non-empty token).
bool MayScrape(absl::string_view remote_ip, bool forwarded,
               absl::string_view authorization, absl::string_view token);

}  // namespace zwgk::metrics

#endif  // ZWGK_CORE_METRICS_H_
