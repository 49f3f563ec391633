// SPDX-License-Identifier: Apache-2.0
#include "scan/modules/ports/connect_scan.hpp"

#include <sys/resource.h>
#include <sys/socket.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <deque>
#include <map>
#include <memory>

#include "net/asio.hpp"

namespace palisade::scan::ports {
namespace {

using Clock = std::chrono::steady_clock;
using Millis = std::chrono::milliseconds;
constexpr std::size_t kGroupSize = 256;  // hosts whose probes are interleaved at once

struct Host {
    ScanHost host;
    std::size_t order = 0;  // position in the source
    int in_flight = 0;
    std::deque<net::steady_timer*> waiters;  // workers waiting for a per-host slot
    Clock::time_point next_send{};
    double srtt_ms = -1;
    double rttvar_ms = 0;
    std::uint64_t answered = 0;
    std::uint64_t unanswered = 0;  // final timeouts
    std::uint64_t closed = 0;
    std::uint64_t filtered = 0;
    std::uint64_t pending = 0;  // probes handed out and not finished (retries included)
    std::uint64_t ports_left = 0;  // ports not yet handed out
    bool down = false;
    bool finished = false;
    std::vector<OpenPort> open;
};

struct Probe {
    std::shared_ptr<Host> host;
    std::uint16_t port = 0;
    int tries = 0;
};

class Engine {
  public:
    Engine(const HostSource& source, std::uint64_t total_hosts, const PortSet& ports,
           const ConnectScanOptions& options, const CancelToken& cancel, const ProgressFn& progress)
        : source_(source),
          total_hosts_(total_hosts),
          ports_(ports.ScanOrder()),
          options_(options),
          cancel_(cancel),
          progress_(progress) {}

    ConnectScanResult Run() {
        std::uint64_t fd_limit = RaiseFileLimit();
        std::uint64_t workers = static_cast<std::uint64_t>(std::max(1, options_.concurrency));
        if (fd_limit > 64) workers = std::min<std::uint64_t>(workers, fd_limit - 64);
        std::uint64_t total_probes = total_hosts_ * ports_.size();
        if (total_probes > 0) workers = std::min<std::uint64_t>(workers, total_probes);
        if (ports_.empty()) return {};

        WatchCancel();
        for (std::uint64_t i = 0; i < workers; ++i) {
            net::co_spawn(io_, Worker(), net::detached);
        }
        live_workers_ = workers;
        io_.run();
        const bool stopped = !done_;
        if (stopped) FlushUnfinished();
        ConnectScanResult out;
        out.probes = probes_;
        out.hosts_down = hosts_down_;
        out.stopped = stopped;
        for (auto& [order, tally] : tallies_) out.tallies.push_back(std::move(tally));
        for (auto& [order, list] : open_by_host_) out.open.insert(out.open.end(), list.begin(), list.end());
        return out;
    }

  private:
    // Stops the loop promptly when the token stops (Ctrl-C, module budget).
    void WatchCancel() {
        watchdog_.expires_after(Millis(100));
        watchdog_.async_wait([this](boost::system::error_code ec) {
            if (ec) return;
            if (cancel_.Stopped()) {
                io_.stop();
                return;
            }
            if (!done_) WatchCancel();
        });
    }

    // The next probe: retries first, then the next (port, host) of the current group, port-major so that the
    // hosts of a range share the load.
    std::optional<Probe> NextProbe() {
        if (!retries_.empty()) {
            Probe p = std::move(retries_.front());
            retries_.pop_front();
            return p;
        }
        for (;;) {
            if (group_.empty() || port_index_ >= ports_.size()) {
                if (!LoadGroup()) return std::nullopt;
            }
            while (port_index_ < ports_.size()) {
                while (host_index_ < group_.size()) {
                    auto& host = group_[host_index_++];
                    if (host->down) continue;
                    --host->ports_left;
                    ++host->pending;
                    return Probe{host, ports_[port_index_], 0};
                }
                host_index_ = 0;
                ++port_index_;
            }
        }
    }

    bool LoadGroup() {
        // Hosts of the finished group that still have probes in flight stay alive through their shared_ptr.
        group_.clear();
        port_index_ = 0;
        host_index_ = 0;
        while (group_.size() < kGroupSize) {
            auto next = source_();
            if (!next) break;
            auto host = std::make_shared<Host>();
            host->host = std::move(*next);
            host->order = next_order_++;
            host->ports_left = ports_.size();
            group_.push_back(std::move(host));
        }
        return !group_.empty();
    }

    Millis TimeoutFor(const Host& host) const {
        if (host.srtt_ms < 0) return std::min(options_.initial_timeout, options_.max_timeout);
        double ms = host.srtt_ms + 4 * host.rttvar_ms;
        auto t = Millis(static_cast<long>(std::ceil(ms)));
        return std::clamp(t, options_.min_timeout, options_.max_timeout);
    }

    static void Sample(Host& host, double rtt_ms) {
        if (host.srtt_ms < 0) {
            host.srtt_ms = rtt_ms;
            host.rttvar_ms = rtt_ms / 2;
        } else {
            host.rttvar_ms = 0.75 * host.rttvar_ms + 0.25 * std::fabs(host.srtt_ms - rtt_ms);
            host.srtt_ms = 0.875 * host.srtt_ms + 0.125 * rtt_ms;
        }
    }

    net::awaitable<void> AcquireSlot(Host& host) {
        while (host.in_flight >= std::max(1, options_.host_concurrency)) {
            net::steady_timer wait(io_, Clock::time_point::max());
            host.waiters.push_back(&wait);
            co_await wait.async_wait(net::as_tuple(net::use_awaitable));
        }
        ++host.in_flight;
        if (options_.rate > 0) {
            auto now = Clock::now();
            auto at = std::max(now, host.next_send);
            host.next_send = at + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / options_.rate));
            if (at > now) {
                net::steady_timer wait(io_, at);
                co_await wait.async_wait(net::as_tuple(net::use_awaitable));
            }
        }
    }

    void ReleaseSlot(Host& host) {
        --host.in_flight;
        if (!host.waiters.empty()) {
            auto* waiter = host.waiters.front();
            host.waiters.pop_front();
            waiter->cancel();
        }
    }

    static boost::system::error_code ConnectNow(tcp::socket& socket, const tcp::endpoint& endpoint) {
        boost::system::error_code ec;
        socket.native_non_blocking(true, ec);
        if (ec) return ec;
        if (::connect(socket.native_handle(), endpoint.data(), static_cast<socklen_t>(endpoint.size())) == 0) {
            return {};
        }
        return boost::system::error_code(errno, boost::system::system_category());
    }

    net::awaitable<void> Worker() {
        net::steady_timer deadline(io_);
        tcp::socket socket(io_);
        std::uint64_t generation = 0;
        for (;;) {
            auto probe = NextProbe();
            if (!probe) break;
            Host& host = *probe->host;
            co_await AcquireSlot(host);
            if (host.down) {
                ReleaseSlot(host);
                Finish(*probe, Outcome::kSkipped, 0);
                continue;
            }
            tcp::endpoint endpoint;
            if (host.host.address.is_v4) {
                net::ip::address_v4::bytes_type b;
                std::memcpy(b.data(), host.host.address.bytes.data() + 12, 4);
                endpoint = tcp::endpoint(net::ip::address_v4(b), probe->port);
            } else {
                net::ip::address_v6::bytes_type b;
                std::memcpy(b.data(), host.host.address.bytes.data(), 16);
                endpoint = tcp::endpoint(net::ip::address_v6(b), probe->port);
            }
            boost::system::error_code ec;
            socket.open(endpoint.protocol(), ec);
            if (ec) {
                // Out of descriptors or buffers: wait a little and try the same probe again.
                ReleaseSlot(host);
                retries_.push_front(std::move(*probe));
                deadline.expires_after(Millis(10));
                co_await deadline.async_wait(net::as_tuple(net::use_awaitable));
                continue;
            }
            ++probes_;
            const auto timeout = TimeoutFor(host);
            const auto started = Clock::now();
            // A non-blocking connect() of our own: on loopback and LANs the answer (refused or accepted) is often
            // known at once, and then no timer or event-loop round is needed.
            boost::system::error_code connect_ec = ConnectNow(socket, endpoint);
            if (connect_ec == net::error::in_progress || connect_ec == net::error::would_block) {
                const std::uint64_t my_generation = ++generation;
                deadline.expires_after(timeout);
                deadline.async_wait([&socket, &generation, my_generation](boost::system::error_code wait_ec) {
                    if (!wait_ec && generation == my_generation) socket.cancel();
                });
                auto [wait_ec] = co_await socket.async_wait(tcp::socket::wait_write, net::as_tuple(net::use_awaitable));
                ++generation;
                deadline.cancel();
                if (wait_ec) {
                    connect_ec = wait_ec;
                } else {
                    int err = 0;
                    socklen_t len = sizeof err;
                    ::getsockopt(socket.native_handle(), SOL_SOCKET, SO_ERROR, &err, &len);
                    connect_ec = boost::system::error_code(err, boost::system::system_category());
                }
            }
            if (!connect_ec) socket.set_option(net::socket_base::linger(true, 0), ec);  // close with a reset
            double rtt_ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
            socket.close(ec);
            ReleaseSlot(host);

            if (!connect_ec) {
                Sample(host, rtt_ms);
                Finish(*probe, Outcome::kOpen, rtt_ms);
            } else if (connect_ec == net::error::connection_refused) {
                Sample(host, rtt_ms);
                Finish(*probe, Outcome::kClosed, rtt_ms);
            } else if (connect_ec == net::error::operation_aborted || connect_ec == net::error::timed_out) {
                if (probe->tries < options_.max_retries && !cancel_.Stopped()) {
                    ++probe->tries;
                    retries_.push_back(std::move(*probe));
                } else {
                    Finish(*probe, Outcome::kFiltered, 0);
                }
            } else if (connect_ec == net::error::no_buffer_space ||
                       connect_ec.value() == EADDRNOTAVAIL || connect_ec.value() == EAGAIN) {
                retries_.push_front(std::move(*probe));
                deadline.expires_after(Millis(10));
                co_await deadline.async_wait(net::as_tuple(net::use_awaitable));
            } else {
                // Host or network unreachable (ICMP), or anything else: no TCP answer.
                Finish(*probe, Outcome::kFiltered, 0);
            }
        }
        if (--live_workers_ == 0) {
            done_ = true;
            FlushUnfinished();
            watchdog_.cancel();
        }
    }

    enum class Outcome { kOpen, kClosed, kFiltered, kSkipped };

    void Finish(const Probe& probe, Outcome outcome, double rtt_ms) {
        Host& host = *probe.host;
        --host.pending;
        ++done_probes_;
        switch (outcome) {
            case Outcome::kOpen:
                ++host.answered;
                host.open.push_back(OpenPort{host.host.address, host.host.name, probe.port, rtt_ms});
                break;
            case Outcome::kClosed:
                ++host.answered;
                ++host.closed;
                break;
            case Outcome::kFiltered:
                ++host.unanswered;
                ++host.filtered;
                if (options_.down_after > 0 && host.answered == 0 &&
                    host.unanswered >= static_cast<std::uint64_t>(options_.down_after)) {
                    host.down = true;
                }
                break;
            case Outcome::kSkipped:
                break;
        }
        if (progress_ && (done_probes_ & 1023) == 0) {
            progress_(done_probes_, total_hosts_ * ports_.size());
        }
        if (host.pending == 0 && (host.ports_left == 0 || host.down)) Complete(host);
    }

    // A host whose every port is done: record its tally and open ports.
    void Complete(Host& host) {
        if (host.finished) return;
        if (host.down && host.pending > 0) return;
        host.finished = true;
        if (host.down) ++hosts_down_;
        bool up = host.answered > 0;
        if (!up && host.host.name.empty()) return;
        HostTally tally;
        tally.address = host.host.address;
        tally.name = host.host.name;
        tally.up = up;
        tally.closed = host.closed;
        tally.filtered = host.filtered + (host.down ? host.ports_left : 0);
        tally.srtt_ms = std::max(0.0, host.srtt_ms);
        tally.rttvar_ms = host.rttvar_ms;
        tally.timeout_ms = static_cast<double>(TimeoutFor(host).count());
        tallies_.emplace(host.order, std::move(tally));
        std::sort(host.open.begin(), host.open.end(),
                  [](const OpenPort& a, const OpenPort& b) { return a.port < b.port; });
        open_by_host_.emplace(host.order, std::move(host.open));
    }

    // After a stop: the hosts in the current group keep what they found so far.
    void FlushUnfinished() {
        for (auto& host : group_) {
            if (!host->finished && (host->answered > 0 || !host->host.name.empty())) {
                HostTally tally;
                tally.address = host->host.address;
                tally.name = host->host.name;
                tally.up = host->answered > 0;
                tally.closed = host->closed;
                tally.filtered = host->filtered;
                tally.srtt_ms = std::max(0.0, host->srtt_ms);
                tally.rttvar_ms = host->rttvar_ms;
                tallies_.emplace(host->order, std::move(tally));
                std::sort(host->open.begin(), host->open.end(),
                          [](const OpenPort& a, const OpenPort& b) { return a.port < b.port; });
                open_by_host_.emplace(host->order, host->open);
                host->finished = true;
            }
        }
    }

    const HostSource& source_;
    std::uint64_t total_hosts_;
    std::vector<std::uint16_t> ports_;
    ConnectScanOptions options_;
    CancelToken cancel_;
    const ProgressFn& progress_;

    net::io_context io_{1};
    net::steady_timer watchdog_{io_};
    std::vector<std::shared_ptr<Host>> group_;
    std::size_t port_index_ = 0;
    std::size_t host_index_ = 0;
    std::size_t next_order_ = 0;
    std::deque<Probe> retries_;
    std::uint64_t live_workers_ = 0;
    std::uint64_t done_probes_ = 0;
    bool done_ = false;
    std::map<std::size_t, HostTally> tallies_;
    std::map<std::size_t, std::vector<OpenPort>> open_by_host_;
    std::uint64_t probes_ = 0;
    std::uint64_t hosts_down_ = 0;
};

}  // namespace

std::uint64_t RaiseFileLimit() {
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return 1024;
    if (limit.rlim_cur < limit.rlim_max) {
        rlimit raised = limit;
        raised.rlim_cur = limit.rlim_max;
        if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
    }
    return limit.rlim_cur == RLIM_INFINITY ? 1u << 20 : static_cast<std::uint64_t>(limit.rlim_cur);
}

ConnectScanResult ConnectScan(const HostSource& hosts, std::uint64_t total_hosts, const PortSet& ports,
                              const ConnectScanOptions& options, const CancelToken& cancel,
                              const ProgressFn& progress) {
    Engine engine(hosts, total_hosts, ports, options, cancel, progress);
    return engine.Run();
}

}  // namespace palisade::scan::ports
