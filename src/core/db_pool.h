// A tiny connection pool shared by the SQLite and PostgreSQL drivers.
#ifndef ZWGK_CORE_DB_POOL_H_
#define ZWGK_CORE_DB_POOL_H_

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "absl/status/statusor.h"

namespace zwgk::db {

template <typename Conn>
class Pool {
 public:
  using Factory = std::function<absl::StatusOr<std::unique_ptr<Conn>>()>;
  Pool(Factory factory, size_t max_size)
      : factory_(std::move(factory)), max_(max_size) {}

  // Returns a connection to the pool when destroyed.
  class Lease {
   public:
    Lease(Pool* pool, std::unique_ptr<Conn> conn)
        : pool_(pool), conn_(std::move(conn)) {}
    Lease(Lease&&) = default;
    ~Lease() {
      if (conn_) pool_->Release(std::move(conn_));
    }
    Conn* operator->() { return conn_.get(); }
    Conn& operator*() { return *conn_; }
    // Drops a broken connection instead of returning it.
    void Discard() {
      conn_.reset();
      pool_->Forget();
    }

   private:
    Pool* pool_;
    std::unique_ptr<Conn> conn_;
  };

  // For /metrics: connections open, idle and the most allowed; callers
  // waiting now; leases handed out and the times a caller had to wait.
  struct Stats {
    int64_t open = 0, idle = 0, max = 0, waiting = 0;
    int64_t acquired = 0, waited = 0;
  };
  Stats stats() const {
    std::lock_guard lock(mu_);
    return {.open = static_cast<int64_t>(open_),
            .idle = static_cast<int64_t>(idle_.size()),
            .max = static_cast<int64_t>(max_),
            .waiting = waiting_,
            .acquired = acquired_,
            .waited = waited_};
  }

  absl::StatusOr<Lease> Acquire() {
    std::unique_lock lock(mu_);
    ++acquired_;
    if (idle_.empty() && open_ >= max_) {
      ++waited_;
      ++waiting_;
      cv_.wait(lock, [&] { return !idle_.empty() || open_ < max_; });
      --waiting_;
    }
    if (!idle_.empty()) {
      std::unique_ptr<Conn> c = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(c));
    }
    ++open_;
    lock.unlock();
    absl::StatusOr<std::unique_ptr<Conn>> c = factory_();
    if (!c.ok()) {
      Forget();
      return c.status();
    }
    return Lease(this, std::move(*c));
  }

 private:
  void Release(std::unique_ptr<Conn> c) {
    {
      std::lock_guard lock(mu_);
      idle_.push_back(std::move(c));
    }
    cv_.notify_one();
  }
  void Forget() {
    {
      std::lock_guard lock(mu_);
      --open_;
    }
    cv_.notify_one();
  }

  Factory factory_;
  size_t max_;
  size_t open_ = 0;
  std::vector<std::unique_ptr<Conn>> idle_;
  int64_t waiting_ = 0, acquired_ = 0, waited_ = 0;
  mutable std::mutex mu_;
  std::condition_variable cv_;
};

}  // namespace zwgk::db

#endif  // ZWGK_CORE_DB_POOL_H_
