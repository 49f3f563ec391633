// SPDX-License-Identifier: Apache-2.0
// GET /api/v1/ws. The upgrade: handshake checks, IP rate limit and authentication (on the blocking pool) come
// before the 101, so a refused client gets an ordinary problem+json answer. Then one session per connection, three
// coroutines on the connection's strand: the read loop (client ops), the write loop (one write in flight, a bounded
// queue), and the credential watch (expiry, periodic re-authentication). The hub reaches a session only through
// Deliver(), which accounts the frame against the queue limits and posts it to the strand, so Publish never waits
// on a client. Beast's websocket templates are instantiated here and nowhere else.
#include "server/ws_session.hpp"

#include <algorithm>
#include <atomic>
#include <boost/beast/websocket.hpp>
#include <deque>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

#include "log/log.hpp"
#include "net/spawn_logged.hpp"
#include "server/problem.hpp"
#include "server/ws_upgrade.hpp"

namespace palisade::server::detail {

namespace {

namespace websocket = beast::websocket;
using Clock = std::chrono::steady_clock;
constexpr auto kTuple = net::as_tuple(net::use_awaitable);

std::shared_ptr<const WsFrame> Control(const std::string& topic, std::string type, std::string data_json = {}) {
    WsMessage m{topic, std::move(type), std::move(data_json), {}, 0};
    return std::make_shared<const WsFrame>(WsFrame{topic, 0, ToFrameText(m)});
}

template <typename Stream>
class WsSession final : public WsSubscriber, public std::enable_shared_from_this<WsSession<Stream>> {
  public:
    WsSession(ServerState& state, Connection& connection, Stream&& stream, Request credentials, Admission admission)
        : state_(state),
          hub_(*state.hub),
          policy_(*state.policy),
          limits_(state.hub->Limits()),
          connection_(connection),
          ws_(std::move(stream)),
          strand_(ws_.get_executor()),
          credentials_(std::move(credentials)),
          principal_(std::move(admission.principal)),
          user_id_(principal_.user_id),
          wake_(strand_),
          drain_(strand_),
          writer_done_(strand_),
          watch_(strand_),
          linger_(strand_),
          subscribe_tokens_(static_cast<double>(limits_.subscribe_burst)),
          refilled_(Clock::now()) {
        if (admission.expiry) {
            expires_ = Clock::now() + std::chrono::duration_cast<Clock::duration>(*admission.expiry -
                                                                                  std::chrono::system_clock::now());
        }
    }

    // The 101 answer (echoing the "bearer" subprotocol when the token came that way).
    net::awaitable<beast::error_code> Accept(const http::request<http::string_body>& upgrade, bool bearer) {
        beast::get_lowest_layer(ws_).expires_never();  // the websocket stream keeps its own timers from here
        auto timeout = websocket::stream_base::timeout::suggested(beast::role_type::server);
        timeout.handshake_timeout = limits_.handshake_timeout;
        timeout.idle_timeout = limits_.idle_timeout;
        timeout.keep_alive_pings = true;
        ws_.set_option(timeout);
        ws_.set_option(websocket::stream_base::decorator([bearer](websocket::response_type& response) {
            response.set(http::field::server, "palisade");
            if (bearer) response.set(http::field::sec_websocket_protocol, kBearerSubprotocol);
        }));
        ws_.read_message_max(limits_.max_message_bytes);
        ws_.text(true);
        auto [ec] = co_await ws_.async_accept(upgrade, kTuple);
        co_return ec;
    }

    // Runs the session to its end. REQUIRES Accept() succeeded.
    net::awaitable<void> Run(std::shared_ptr<WsSession> self) {
        const auto started = Clock::now();
        hub_.Attach(self, &state_);
        struct Detach {  // also when the frame is destroyed unfinished (io_context torn down)
            WsHub& hub;
            const WsSubscriber* session;
            ~Detach() { hub.Detach(session); }
        } detach{hub_, this};
        connection_.going_away = [weak = this->weak_from_this()] {
            if (auto session = weak.lock()) session->Close(1001, "going away", false);
        };
        if (state_.stopping.load()) Close(1001, "going away", false);  // Shutdown() ran before going_away was set
        SpawnLogged(strand_, WriteLoop(self), "websocket writer");
        if (expires_ || limits_.reauth_interval.count() > 0) SpawnLogged(strand_, Watch(self), "websocket watch");
        co_await ReadLoop();
        finished_ = true;
        closed_ = true;
        wake_.cancel();
        drain_.cancel();
        watch_.cancel();
        if (writing_) Abort();  // a write the peer will never take
        while (!writer_finished_) {
            writer_done_.expires_at(Clock::time_point::max());
            co_await writer_done_.async_wait(kTuple);
        }
        linger_.cancel();
        Abort();
        DropQueued();
        connection_.going_away = nullptr;
        log::Info("websocket closed",
                  {{"request_id", credentials_.request_id},
                   {"user_id", principal_.user_id},
                   {"frames_sent", std::to_string(sent_)},
                   {"close_code", std::to_string(close_code_)},
                   {"duration_s",
                    std::to_string(std::chrono::duration_cast<std::chrono::seconds>(Clock::now() - started).count())}});
    }

    void Deliver(std::shared_ptr<const WsFrame> frame) override {
        if (closed_.load()) return;
        if (!frame->audience.empty() && frame->audience != user_id_) return;  // another user's notification
        if (!Reserve(frame->text.size())) {
            if (!overflow_posted_.exchange(true)) {
                net::post(strand_, [self = this->shared_from_this()] { self->Overflow(); });
            }
            return;
        }
        net::post(strand_, [self = this->shared_from_this(), frame = std::move(frame)]() mutable {
            self->OnLive(std::move(frame));
        });
    }

  private:
    enum class Phase { kAuthorizing, kReplaying, kLive };
    struct Topic {
        std::uint64_t id = 0;  // tells a re-subscription from the one a pending coroutine started
        Phase phase = Phase::kAuthorizing;
        std::int64_t last_seq = 0;                         // highest seq sent (de-duplication)
        std::vector<std::shared_ptr<const WsFrame>> held;  // live events that arrived during the replay
    };

    // Queue accounting, shared by Deliver() (any thread) and the strand: every frame in queue_ or in a topic's
    // `held` list is counted.
    bool Reserve(std::size_t bytes) {
        const std::size_t messages = queued_messages_.fetch_add(1) + 1;
        const std::size_t total = queued_bytes_.fetch_add(bytes) + bytes;
        if (messages <= limits_.max_queued_messages && total <= limits_.max_queued_bytes) return true;
        Release(bytes);
        return false;
    }
    void Release(std::size_t bytes) {
        queued_messages_.fetch_sub(1);
        queued_bytes_.fetch_sub(bytes);
    }

    void Push(std::shared_ptr<const WsFrame> frame) {
        queue_bytes_ += frame->text.size();
        queue_.push_back(std::move(frame));
        wake_.cancel();
    }

    // A frame of the server's own (control or backlog): counted, then queued.
    void Send(std::shared_ptr<const WsFrame> frame) {
        if (closing_) return;
        if (!Reserve(frame->text.size())) return Overflow();
        Push(std::move(frame));
    }

    void SendError(const std::string& topic, std::string_view code, std::string_view message = {}) {
        Send(Control(topic, "error", WsErrorData(code, message)));
    }

    void OnLive(std::shared_ptr<const WsFrame> frame) {
        auto it = topics_.find(frame->topic);
        if (closing_ || it == topics_.end() || it->second.phase == Phase::kAuthorizing) {
            return Release(frame->text.size());  // unsubscribed since, or a stale event of an earlier subscription
        }
        Topic& topic = it->second;
        if (topic.phase == Phase::kReplaying) return topic.held.push_back(std::move(frame));
        if (frame->seq != 0 && frame->seq <= topic.last_seq) return Release(frame->text.size());
        topic.last_seq = std::max(topic.last_seq, frame->seq);
        Push(std::move(frame));
    }

    // The client cannot keep up: Publish must not wait for it, and memory must stay bounded.
    void Overflow() {
        if (closing_ || finished_) return;
        hub_.CountDrop();
        log::Info("websocket client dropped: send queue full",
                  {{"request_id", credentials_.request_id}, {"user_id", principal_.user_id}});
        Close(1008, "send queue overflow", true);
    }

    // Starts closing with `code`. The write loop sends the close frame when it is free; a peer that does not take
    // it within close_timeout (or at once with `abort_if_writing` and a write stuck) loses the TCP connection.
    void Close(std::uint16_t code, std::string_view reason, bool abort_if_writing) {
        if (closing_ || finished_) return;
        closing_ = true;
        closed_ = true;
        close_code_ = code;
        close_reason_ = websocket::close_reason(static_cast<websocket::close_code>(code), reason);
        DropQueued();
        wake_.cancel();
        drain_.cancel();
        if (writing_ && abort_if_writing) return Abort();
        linger_.expires_after(limits_.close_timeout);
        linger_.async_wait([self = this->shared_from_this()](const boost::system::error_code& ec) {
            if (!ec && !self->finished_) self->Abort();
        });
    }

    void Abort() {
        boost::system::error_code ignored;
        beast::get_lowest_layer(ws_).socket().shutdown(tcp::socket::shutdown_both, ignored);
        beast::get_lowest_layer(ws_).close();
    }

    void DropQueued() {
        for (const auto& frame : queue_) Release(frame->text.size());
        queue_.clear();
        queue_bytes_ = 0;
        for (auto& [name, topic] : topics_) {
            for (const auto& frame : topic.held) Release(frame->text.size());
            topic.held.clear();
        }
    }

    net::awaitable<void> WriteLoop(std::shared_ptr<WsSession> self) {
        for (;;) {
            if (finished_) break;
            if (close_reason_) {
                co_await ws_.async_close(*close_reason_, kTuple);  // its outcome changes nothing: the session ends
                break;
            }
            if (queue_.empty()) {
                wake_.expires_at(Clock::time_point::max());
                co_await wake_.async_wait(kTuple);
                continue;
            }
            std::shared_ptr<const WsFrame> frame = std::move(queue_.front());
            queue_.pop_front();
            queue_bytes_ -= frame->text.size();
            writing_ = true;
            auto [ec, n] = co_await ws_.async_write(net::buffer(frame->text), kTuple);
            writing_ = false;
            Release(frame->text.size());
            drain_.cancel();
            if (ec) break;
            ++sent_;
        }
        writer_finished_ = true;
        writer_done_.cancel();
        (void)self;
    }

    net::awaitable<void> ReadLoop() {
        beast::flat_buffer buffer;
        for (;;) {
            auto [ec, n] = co_await ws_.async_read(buffer, kTuple);
            if (ec) {
                if (ec == websocket::error::message_too_big) close_code_ = 1009;
                if (ec == websocket::error::closed && close_code_ == 0) close_code_ = ws_.reason().code;
                break;
            }
            const bool text = ws_.got_text();
            std::string frame = beast::buffers_to_string(buffer.data());
            buffer.consume(buffer.size());
            if (closing_) continue;
            if (!text) {
                SendError({}, "bad_request", "binary frames are not supported");
                continue;
            }
            Handle(ParseWsClientOp(frame));
        }
    }

    void Handle(WsClientOp op) {
        switch (op.kind) {
            case WsClientOp::Kind::kInvalid:
                return SendError(op.topic, op.error, op.error_message);
            case WsClientOp::Kind::kPing:
                return Send(Control({}, "pong"));
            case WsClientOp::Kind::kUnsubscribe:
                if (topics_.count(op.topic) != 0) Forget(op.topic);
                return Send(Control(op.topic, "unsubscribed"));
            case WsClientOp::Kind::kSubscribe:
                return StartSubscribe(std::move(op));
        }
    }

    // Token bucket: subscribe ops cost policy calls (database queries).
    bool TakeSubscribeToken() {
        const auto now = Clock::now();
        const double elapsed = std::chrono::duration<double>(now - refilled_).count();
        refilled_ = now;
        subscribe_tokens_ = std::min(static_cast<double>(limits_.subscribe_burst),
                                     subscribe_tokens_ + elapsed * limits_.subscribes_per_second);
        if (subscribe_tokens_ < 1) return false;
        subscribe_tokens_ -= 1;
        return true;
    }

    void StartSubscribe(WsClientOp op) {
        if (topics_.count(op.topic) != 0) return SendError(op.topic, "already_subscribed");
        if (topics_.size() >= limits_.max_subscriptions) {
            return SendError(op.topic, "too_many_subscriptions",
                             "at most " + std::to_string(limits_.max_subscriptions) + " topics per connection");
        }
        if (!TakeSubscribeToken()) return SendError(op.topic, "rate_limited", "too many subscribe requests");
        const std::uint64_t id = ++next_topic_id_;
        topics_.emplace(op.topic, Topic{id, Phase::kAuthorizing, 0, {}});
        SpawnLogged(strand_, Subscribe(this->shared_from_this(), op.topic, id, op.after_seq), "websocket subscribe");
    }

    // The subscription `id` of `topic`, if it is still wanted.
    Topic* Find(const std::string& topic, std::uint64_t id) {
        auto it = topics_.find(topic);
        if (finished_ || closing_ || it == topics_.end() || it->second.id != id) return nullptr;
        return &it->second;
    }

    void Forget(const std::string& topic) {
        auto it = topics_.find(topic);
        if (it == topics_.end()) return;
        for (const auto& frame : it->second.held) Release(frame->text.size());
        topics_.erase(it);
        hub_.Unsubscribe(topic, this);
    }

    // Waits while the send queue is at least half full (a long backlog must not overflow it).
    net::awaitable<void> WaitForRoom() {
        while (!finished_ && !closing_ &&
               (queue_.size() * 2 >= limits_.max_queued_messages || queue_bytes_ * 2 >= limits_.max_queued_bytes)) {
            drain_.expires_at(Clock::time_point::max());
            co_await drain_.async_wait(kTuple);
        }
    }

    // Authorize, register with the hub, replay the backlog, then go live. Registering before reading the backlog
    // means no event falls between the two; events that arrive meanwhile are held and de-duplicated by seq.
    net::awaitable<void> Subscribe(std::shared_ptr<WsSession> self, std::string topic, std::uint64_t id,
                                   std::int64_t after_seq) {
        WsPolicy* policy = &policy_;
        const auth::Principal principal = principal_;
        auto authorize = [policy, principal, topic] { return policy->Authorize(principal, topic); };
        auto allowed = co_await OnPool(state_, std::move(authorize), "ws authorize");
        Topic* state = Find(topic, id);
        if (state == nullptr) co_return;
        if (!allowed || !*allowed) {
            topics_.erase(topic);
            co_return SendError(topic, allowed ? "not_found" : "unavailable");
        }
        if (!hub_.Subscribe(topic, this)) co_return;  // detached: the session is ending
        state->phase = Phase::kReplaying;
        std::int64_t last = after_seq;
        std::size_t replayed = 0;
        bool truncated = false;
        for (;;) {
            const std::size_t page = std::max<std::size_t>(1, limits_.backlog_page);
            auto backlog = [policy, principal, topic, last, page] {
                return policy->Backlog(principal, topic, last, page);
            };
            auto events = co_await OnPool(state_, std::move(backlog), "ws backlog");
            if (Find(topic, id) == nullptr) co_return;
            if (!events) {
                Forget(topic);
                co_return SendError(topic, "unavailable");
            }
            const std::int64_t before = last;
            for (WsMessage& event : *events) {
                if (event.seq <= last) continue;  // a repeat or out of order: never send an event twice
                event.topic = topic;
                std::shared_ptr<const WsFrame> frame = MakeWsFrame(event);
                if (!frame) continue;  // invalid data_json (logged)
                co_await WaitForRoom();
                if (Find(topic, id) == nullptr) co_return;
                Send(std::move(frame));
                last = event.seq;
                ++replayed;
            }
            if (events->size() < page || last == before) break;
            if (replayed >= limits_.max_backlog) {
                truncated = true;
                break;
            }
        }
        state = Find(topic, id);
        if (state == nullptr) co_return;
        Send(Control(topic, "subscribed",
                     "{\"replayed\":" + std::to_string(replayed) + ",\"last_seq\":" + std::to_string(last) +
                         ",\"truncated\":" + (truncated ? "true" : "false") + "}"));
        state->last_seq = last;
        std::vector<std::shared_ptr<const WsFrame>> held = std::move(state->held);
        state->held.clear();
        state->phase = Phase::kLive;
        for (auto& frame : held) {
            if (closing_ || (frame->seq != 0 && frame->seq <= state->last_seq)) {
                Release(frame->text.size());
                continue;
            }
            state->last_seq = std::max(state->last_seq, frame->seq);
            Push(std::move(frame));
        }
        (void)self;
    }

    // Closes with 4001 when the credential expires or stops authenticating (revoked key, ended session, removed
    // user). A failure to check (database down) keeps the session.
    net::awaitable<void> Watch(std::shared_ptr<WsSession> self) {
        Authenticator* authenticator = &state_.authenticator;
        for (;;) {
            auto next =
                limits_.reauth_interval.count() > 0 ? Clock::now() + limits_.reauth_interval : Clock::time_point::max();
            if (expires_) next = std::min(next, *expires_);
            watch_.expires_at(next);
            co_await watch_.async_wait(kTuple);
            if (finished_ || closing_) co_return;
            if (expires_ && Clock::now() >= *expires_) co_return Close(4001, "token expired", false);
            if (limits_.reauth_interval.count() <= 0) continue;
            const Request credentials = credentials_;
            auto reauthenticate = [authenticator, credentials] { return authenticator->Authenticate(credentials); };
            auto result = co_await OnPool(state_, std::move(reauthenticate), "ws reauthenticate");
            if (finished_ || closing_) co_return;
            if (!result) continue;
            if (!*result && (*result).error().code != ErrorCode::kUnauthenticated &&
                (*result).error().code != ErrorCode::kPermissionDenied) {
                continue;
            }
            if (!*result || !(*result)->has_value() || (**result)->user_id != principal_.user_id) {
                co_return Close(4001, "unauthenticated", false);
            }
            principal_ = std::move(***result);
        }
        (void)self;
    }

    ServerState& state_;
    WsHub& hub_;
    WsPolicy& policy_;
    const WsLimits& limits_;
    Connection& connection_;  // the HTTP session's registry entry; it outlives Run()
    websocket::stream<Stream> ws_;
    net::any_io_executor strand_;
    const Request credentials_;  // the upgrade request, for re-authentication
    auth::Principal principal_;
    const std::string user_id_;  // principal_.user_id, readable from any thread (re-authentication keeps the user)
    std::optional<Clock::time_point> expires_;

    std::atomic<std::size_t> queued_messages_{0};
    std::atomic<std::size_t> queued_bytes_{0};
    std::atomic<bool> overflow_posted_{false};
    std::atomic<bool> closed_{false};  // Deliver() stops queueing

    // Strand only from here on.
    std::deque<std::shared_ptr<const WsFrame>> queue_;
    std::size_t queue_bytes_ = 0;
    std::unordered_map<std::string, Topic> topics_;
    std::uint64_t next_topic_id_ = 0;
    net::steady_timer wake_;         // the write loop waits on it for a frame or a close
    net::steady_timer drain_;        // backlog replays wait on it for room in the queue
    net::steady_timer writer_done_;  // Run() waits on it for the write loop's end
    net::steady_timer watch_;
    net::steady_timer linger_;
    bool writing_ = false;
    bool writer_finished_ = false;
    bool closing_ = false;
    bool finished_ = false;
    std::optional<websocket::close_reason> close_reason_;
    std::uint16_t close_code_ = 0;
    std::uint64_t sent_ = 0;
    double subscribe_tokens_;
    Clock::time_point refilled_;
};

template <typename Stream>
net::awaitable<WsOutcome> Refuse(ServerState& state, Stream& stream, const http::request<http::string_body>& message,
                                 const Request& request, Response response, Clock::time_point started) {
    state.pipeline.Decorate(request, response);
    const bool keep = message.keep_alive() && !state.stopping.load();
    auto out = ToBeast(response, message.version(), keep, false);
    if (response.status == 426) out.set(http::field::upgrade, "websocket");  // RFC 9110 15.5.22
    beast::get_lowest_layer(stream).expires_after(state.config.request_timeout);
    auto [ec, n] = co_await http::async_write(stream, out, kTuple);
    state.pipeline.Record(request, response.status, ec ? 0 : out.body().size(), Clock::now() - started);
    co_return !ec && keep ? WsOutcome::kKeepAlive : WsOutcome::kClose;
}

template <typename Stream>
net::awaitable<WsOutcome> Serve(ServerState& state, Connection& connection, Stream& stream, RequestParser& parser,
                                bool tls, const std::string& peer) {
    const auto started = Clock::now();
    http::request<http::string_body>& message = parser.get();
    Request request = ToRequest(message, tls);
    state.pipeline.Identify(request, peer);
    request.route_pattern = std::string(kWsPath);
    std::optional<Response> refusal = CheckHandshake(request, message.version() == 11);
    if (!refusal) {
        if (auto d = state.ws_limiter.Take(request.client_ip, started); !d.allowed) refusal = TooManyUpgrades(d);
    }
    Upgrade upgrade;
    if (!refusal) {
        auto prepared = PrepareCredentials(request);
        if (prepared.refusal) {
            refusal = std::move(prepared.refusal);
        } else {
            upgrade = std::move(prepared);
        }
    }
    Admission admission;
    if (!refusal) {
        ServerState* s = &state;
        const Request credentials = upgrade.credentials;
        auto admit = [s, credentials] { return Admit(s->authenticator, *s->policy, s->config, credentials); };
        auto admitted = co_await OnPool(state, std::move(admit), "ws admit");
        if (!admitted) {
            refusal = Problem(503, "unavailable", "Service unavailable");
        } else if (admitted->refusal) {
            refusal = std::move(admitted->refusal);
        } else {
            admission = std::move(*admitted);
        }
    }
    if (!refusal && state.stopping.load()) {
        refusal = Problem(503, "unavailable", "Service unavailable", "The server is shutting down.");
    }
    if (refusal) co_return co_await Refuse(state, stream, message, request, std::move(*refusal), started);

    request.principal = admission.principal;
    auto session = std::make_shared<WsSession<Stream>>(state, connection, std::move(stream),
                                                       std::move(upgrade.credentials), std::move(admission));
    connection.stream = nullptr;  // moved from; the session closes itself at shutdown (going_away)
    const beast::error_code ec = co_await session->Accept(message, upgrade.bearer);
    state.pipeline.Record(request, ec ? 400 : 101, 0, Clock::now() - started);
    if (!ec) co_await session->Run(session);
    co_return WsOutcome::kUpgraded;
}

}  // namespace

bool IsWebSocketTarget(const ServerState& state, std::string_view target) {
    if (state.hub == nullptr || state.policy == nullptr) return false;
    return target.substr(0, target.find('?')) == kWsPath;
}

net::awaitable<WsOutcome> ServeWebSocket(ServerState& state, Connection& connection, beast::tcp_stream& stream,
                                         RequestParser& parser, bool tls, const std::string& peer) {
    return Serve(state, connection, stream, parser, tls, peer);
}

net::awaitable<WsOutcome> ServeWebSocket(ServerState& state, Connection& connection,
                                         beast::ssl_stream<beast::tcp_stream>& stream, RequestParser& parser, bool tls,
                                         const std::string& peer) {
    return Serve(state, connection, stream, parser, tls, peer);
}

}  // namespace palisade::server::detail
