// SPDX-License-Identifier: Apache-2.0
// HttpServer: listen address, I/O threads, the accept loop, signals and shutdown. Sessions are in
// http_session.cpp; what happens to a request is in pipeline.cpp.
#include "server/server.hpp"

#include <algorithm>
#include <condition_variable>
#include <csignal>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "log/log.hpp"
#include "net/spawn_logged.hpp"
#include "net/tls_context.hpp"
#include "server/server_state.hpp"

namespace palisade::server {

namespace detail {

ServerState::ServerState(const config::ServerConfig& cfg, TrustedProxies trusted, const Router& router,
                         Authenticator& authenticator, Metrics& m, std::size_t blocking_threads, WsHub* ws_hub,
                         WsPolicy* ws_policy)
    : config(cfg),
      router(router),
      largest_body(router.LargestBodyLimit(cfg.max_body_bytes)),
      metrics(m),
      pipeline(cfg, std::move(trusted), router, authenticator, m),
      pool(blocking_threads),
      authenticator(authenticator),
      hub(ws_policy != nullptr ? ws_hub : nullptr),
      policy(ws_hub != nullptr ? ws_policy : nullptr),
      ws_limiter(cfg.rate_limit_ip_per_minute, cfg.rate_limit_ip_burst) {}

std::size_t ServerState::Register(std::shared_ptr<Connection> connection) {
    std::lock_guard lock(mutex_);
    const std::size_t id = next_id_++;
    connections_.emplace(id, std::move(connection));
    return id;
}

void ServerState::Unregister(std::size_t id) {
    std::lock_guard lock(mutex_);
    connections_.erase(id);
    if (connections_.empty()) drained_.notify_all();
}

std::size_t ServerState::ConnectionCount() const {
    std::lock_guard lock(mutex_);
    return connections_.size();
}

void ServerState::CloseIdleConnections() {
    std::lock_guard lock(mutex_);
    for (const auto& entry : connections_) {
        auto connection = entry.second;  // a named copy: lambdas may not capture structured bindings (clang 14)
        net::post(connection->strand, [connection] {
            if (connection->going_away) {
                connection->going_away();
            } else if (connection->stream != nullptr && connection->idle) {
                connection->stream->cancel();
            }
        });
    }
}

bool ServerState::WaitForNoConnections(std::chrono::steady_clock::time_point deadline) {
    std::unique_lock lock(mutex_);
    return drained_.wait_until(lock, deadline, [&] { return connections_.empty(); });
}

}  // namespace detail

namespace {

constexpr auto kTuple = net::as_tuple(net::use_awaitable);

// "ADDR:PORT" or "[V6]:PORT"; ADDR is an IP literal or "localhost".
Result<tcp::endpoint> ParseListen(std::string_view listen) {
    const auto bad = [&] {
        return Fail(ErrorCode::kInvalidArgument,
                    "listen address must be ADDR:PORT or [IPv6]:PORT, got '" + std::string(listen) + "'");
    };
    std::string_view host;
    std::string_view port;
    if (!listen.empty() && listen.front() == '[') {
        const std::size_t close = listen.find(']');
        if (close == std::string_view::npos || close + 1 >= listen.size() || listen[close + 1] != ':') return bad();
        host = listen.substr(1, close - 1);
        port = listen.substr(close + 2);
    } else {
        const std::size_t colon = listen.rfind(':');
        if (colon == std::string_view::npos || listen.find(':') != colon) return bad();
        host = listen.substr(0, colon);
        port = listen.substr(colon + 1);
    }
    if (port.empty() || port.size() > 5 ||
        !std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return bad();
    }
    const int port_number = std::stoi(std::string(port));
    if (port_number > 65535) return bad();
    if (host == "localhost") host = "127.0.0.1";
    boost::system::error_code ec;
    const auto address = net::ip::make_address(std::string(host), ec);
    if (ec) return bad();
    return tcp::endpoint(address, static_cast<std::uint16_t>(port_number));
}

std::size_t IoThreads(int configured) {
    if (configured > 0) return static_cast<std::size_t>(configured);
    return std::max(1u, std::thread::hardware_concurrency());
}

net::awaitable<void> AcceptLoop(std::shared_ptr<detail::ServerState> state, tcp::acceptor& acceptor,
                                net::io_context& io) {
    for (;;) {
        auto [ec, socket] = co_await acceptor.async_accept(net::make_strand(io), kTuple);
        if (ec) {
            if (ec == net::error::operation_aborted || !acceptor.is_open()) co_return;
            log::Warn("accept failed", {{"error", ec.message()}});
            // Usually out of file descriptors: back off rather than spin.
            net::steady_timer pause(co_await net::this_coro::executor, std::chrono::milliseconds(50));
            co_await pause.async_wait(kTuple);
            continue;
        }
        if (state->stopping.load()) co_return;
        if (state->ConnectionCount() >= static_cast<std::size_t>(std::max(1, state->config.max_connections))) {
            // Over the limit: accepted and closed at once, so the client sees a clear end instead of a timeout.
            log::Debug("connection refused: max_connections reached");
            boost::system::error_code ignored;
            socket.close(ignored);
            continue;
        }
        detail::StartSession(state, std::move(socket));
    }
}

}  // namespace

class HttpServer::Impl {
  public:
    Impl(const config::ServerConfig& config, const Router& router, Authenticator& authenticator, Metrics& metrics,
         WsHub* hub, WsPolicy* policy)
        : config_(config),
          router_(router),
          authenticator_(authenticator),
          metrics_(metrics),
          hub_(hub),
          policy_(policy),
          io_(static_cast<int>(IoThreads(config.io_threads))),
          acceptor_(net::make_strand(io_)) {}

    ~Impl() { Shutdown(); }

    Status Start();
    std::uint16_t Port() const { return port_.load(); }
    void RunUntilSignal();
    void Shutdown();

  private:
    void RegisterGauges();

    const config::ServerConfig config_;
    const Router& router_;
    Authenticator& authenticator_;
    Metrics& metrics_;
    WsHub* hub_;
    WsPolicy* policy_;
    std::shared_ptr<detail::ServerState> state_;  // declared before io_: sessions may hold it until io_ is gone
    net::io_context io_;
    tcp::acceptor acceptor_;
    std::optional<net::executor_work_guard<net::io_context::executor_type>> work_;
    std::vector<std::thread> threads_;
    std::atomic<std::uint16_t> port_{0};

    std::mutex lifecycle_mutex_;  // serialises Start() and Shutdown()
    bool running_ = false;        // guarded by lifecycle_mutex_
    bool started_once_ = false;   // guarded by lifecycle_mutex_

    std::mutex wait_mutex_;  // for RunUntilSignal()
    std::condition_variable wait_cv_;
    bool stop_requested_ = false;  // guarded by wait_mutex_
};

Status HttpServer::Impl::Start() {
    std::lock_guard lock(lifecycle_mutex_);
    if (started_once_) return Fail(ErrorCode::kInvalidArgument, "the server was already started");
    auto endpoint = ParseListen(config_.listen);
    if (!endpoint) return Fail(endpoint.error());
    auto trusted = TrustedProxies::Parse(config_.trusted_proxies);
    if (!trusted) return Fail(trusted.error());
    std::shared_ptr<ssl::context> tls;
    if (!config_.tls_cert_file.empty() || !config_.tls_key_file.empty()) {
        if (config_.tls_cert_file.empty() || config_.tls_key_file.empty()) {
            return Fail(ErrorCode::kInvalidArgument, "TLS needs both tls_cert_file and tls_key_file");
        }
        auto context = MakeServerTlsContext(config_.tls_cert_file, config_.tls_key_file);
        if (!context) return Fail(context.error());
        tls = std::move(*context);
    }

    boost::system::error_code ec;
    const auto fail_bind = [&](std::string_view step) {
        return Fail(ErrorCode::kUnavailable, "cannot listen on " + config_.listen + ": " + ec.message(),
                    std::string(step));
    };
    acceptor_.open(endpoint->protocol(), ec);
    if (ec) return fail_bind("open");
    acceptor_.set_option(net::socket_base::reuse_address(true), ec);
    acceptor_.bind(*endpoint, ec);
    if (ec) return fail_bind("bind");
    acceptor_.listen(net::socket_base::max_listen_connections, ec);
    if (ec) return fail_bind("listen");
    port_ = acceptor_.local_endpoint(ec).port();

    const std::size_t blocking = config_.blocking_threads > 0 ? static_cast<std::size_t>(config_.blocking_threads) : 0;
    state_ = std::make_shared<detail::ServerState>(config_, std::move(*trusted), router_, authenticator_, metrics_,
                                                   blocking, hub_, policy_);
    state_->tls = std::move(tls);
    RegisterGauges();

    started_once_ = true;
    running_ = true;
    work_.emplace(io_.get_executor());
    SpawnLogged(acceptor_.get_executor(), AcceptLoop(state_, acceptor_, io_), "http accept loop");
    const std::size_t n = IoThreads(config_.io_threads);
    for (std::size_t i = 0; i < n; ++i) {
        threads_.emplace_back([this] {
            // Handlers catch their own exceptions; this is the last line of defence for the thread itself.
            for (;;) {
                try {
                    io_.run();
                    return;
                } catch (const std::exception& e) {
                    log::Error("exception escaped to the I/O loop", {{"error", e.what()}});
                }
            }
        });
    }
    log::Info("http server listening", {{"address", endpoint->address().to_string()},
                                        {"port", std::to_string(port_.load())},
                                        {"tls", state_->tls ? "true" : "false"},
                                        {"io_threads", std::to_string(n)},
                                        {"blocking_threads", std::to_string(state_->pool.ThreadCount())}});
    return Ok();
}

void HttpServer::Impl::RegisterGauges() {
    std::weak_ptr<detail::ServerState> weak = state_;
    const auto reader = [weak](std::size_t (BlockingPool::*read)() const) {
        return [weak, read]() -> double {
            auto state = weak.lock();
            return state ? static_cast<double>((state->pool.*read)()) : 0.0;
        };
    };
    metrics_.AddGauge("palisade_blocking_pool_threads", "Threads in the blocking pool.",
                      reader(&BlockingPool::ThreadCount));
    metrics_.AddGauge("palisade_blocking_pool_busy", "Blocking-pool threads running a task now.",
                      reader(&BlockingPool::Busy));
    metrics_.AddGauge("palisade_blocking_pool_queued", "Tasks waiting for a blocking-pool thread.",
                      reader(&BlockingPool::Queued));
    if (state_->hub == nullptr) return;
    const auto hub_reader = [weak](auto read) {
        return [weak, read]() -> double {
            auto state = weak.lock();
            return state ? static_cast<double>(read(*state->hub)) : 0.0;
        };
    };
    metrics_.AddGauge("palisade_ws_sessions", "Open WebSocket sessions.",
                      hub_reader([](const WsHub& h) { return h.Sessions(); }));
    metrics_.AddGauge("palisade_ws_subscriptions", "WebSocket topic subscriptions, over all sessions.",
                      hub_reader([](const WsHub& h) { return h.Subscriptions(); }));
    metrics_.AddCounter("palisade_ws_dropped_total", "WebSocket sessions closed because they could not keep up.",
                        hub_reader([](const WsHub& h) { return h.Dropped(); }));
    metrics_.AddCounter("palisade_ws_published_total", "Events published to WebSocket topics.",
                        hub_reader([](const WsHub& h) { return h.Published(); }));
}

void HttpServer::Impl::RunUntilSignal() {
    std::unique_ptr<net::signal_set> signals;
    {
        std::lock_guard lock(lifecycle_mutex_);
        if (!running_) return;
        signals = std::make_unique<net::signal_set>(io_, SIGINT, SIGTERM);
        signals->async_wait([this](const boost::system::error_code& ec, int signal) {
            if (ec) return;
            log::Info("signal received, shutting down", {{"signal", std::to_string(signal)}});
            std::lock_guard wait_lock(wait_mutex_);
            stop_requested_ = true;
            wait_cv_.notify_all();
        });
    }
    {
        std::unique_lock lock(wait_mutex_);
        wait_cv_.wait(lock, [&] { return stop_requested_; });
    }
    Shutdown();
    // The I/O threads are joined: nothing else touches the signal set now.
    signals.reset();
}

void HttpServer::Impl::Shutdown() {
    std::lock_guard lock(lifecycle_mutex_);
    if (!running_) return;
    running_ = false;
    const auto deadline = std::chrono::steady_clock::now() + config_.shutdown_grace;
    state_->stopping = true;
    net::post(acceptor_.get_executor(), [this] {
        boost::system::error_code ignored;
        acceptor_.close(ignored);
    });
    state_->CloseIdleConnections();
    if (!state_->WaitForNoConnections(deadline)) {
        log::Warn("shutdown grace expired; dropping connections",
                  {{"connections", std::to_string(state_->ConnectionCount())}});
    }
    work_.reset();
    io_.stop();
    for (std::thread& t : threads_) t.join();
    threads_.clear();
    // Handlers that outlived the grace period finish here; their answers go nowhere.
    state_->pool.Join();
    // WebSocket sessions that outlived the grace period stay with io_ until it is destroyed: the hub must not
    // deliver to them meanwhile.
    if (state_->hub != nullptr) state_->hub->DetachOwner(state_.get());
    log::Info("http server stopped");
    std::lock_guard wait_lock(wait_mutex_);
    stop_requested_ = true;
    wait_cv_.notify_all();
}

HttpServer::HttpServer(const config::ServerConfig& config, const Router& router, Authenticator& authenticator,
                       Metrics& metrics, WsHub* hub, WsPolicy* policy)
    : impl_(std::make_unique<Impl>(config, router, authenticator, metrics, hub, policy)) {}

HttpServer::~HttpServer() = default;

Status HttpServer::Start() { return impl_->Start(); }
std::uint16_t HttpServer::Port() const { return impl_->Port(); }
void HttpServer::RunUntilSignal() { impl_->RunUntilSignal(); }
void HttpServer::Shutdown() { impl_->Shutdown(); }

}  // namespace palisade::server
