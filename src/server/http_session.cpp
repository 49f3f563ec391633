// SPDX-License-Identifier: Apache-2.0
// One HTTP/1.1 connection, plain or TLS: read a request under its limits, run it through the pipeline (the
// handler on the blocking pool), write the answer, repeat while keep-alive holds. A request for the WebSocket
// endpoint is handed to ws_session.cpp. Every Beast HTTP template the server instantiates lives in this file (the
// websocket ones in ws_session.cpp), so only these two pay Beast's compile time.
#include <algorithm>
#include <optional>
#include <string>
#include <utility>

#include "core/strings.hpp"
#include "log/log.hpp"
#include "net/spawn_logged.hpp"
#include "server/problem.hpp"
#include "server/server_state.hpp"
#include "server/ws_session.hpp"

namespace palisade::server::detail {

namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kTuple = net::as_tuple(net::use_awaitable);
constexpr std::size_t kReadChunk = 16 * 1024;
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

// Registers a connection for as long as the session's coroutine frame exists, whether the coroutine ran to
// its end or the frame is destroyed unstarted at shutdown.
class ConnectionLease {
  public:
    ConnectionLease(std::shared_ptr<ServerState> state, std::shared_ptr<Connection> connection)
        : state_(std::move(state)), connection_(std::move(connection)), id_(state_->Register(connection_)) {
        state_->metrics.ConnectionsAdd(1);
    }
    ConnectionLease(ConnectionLease&& other) noexcept
        : state_(std::move(other.state_)), connection_(std::move(other.connection_)), id_(other.id_) {}
    ConnectionLease& operator=(ConnectionLease&&) = delete;
    ~ConnectionLease() {
        if (!state_) return;
        connection_->stream = nullptr;
        state_->metrics.ConnectionsAdd(-1);
        state_->Unregister(id_);
    }
    ServerState& State() { return *state_; }
    Connection& Conn() { return *connection_; }

  private:
    std::shared_ptr<ServerState> state_;
    std::shared_ptr<Connection> connection_;
    std::size_t id_;
};

class InFlight {
  public:
    explicit InFlight(Metrics& m) : metrics_(m) { metrics_.InFlightAdd(1); }
    ~InFlight() { metrics_.InFlightAdd(-1); }
    InFlight(const InFlight&) = delete;
    InFlight& operator=(const InFlight&) = delete;

  private:
    Metrics& metrics_;
};

bool IsToken(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) {
        return c > 0x20 && c < 0x7f &&
               std::string_view("()<>@,;:\\\"/[]?={}").find(static_cast<char>(c)) == std::string_view::npos;
    });
}

// Connection framing is the session's job; a handler cannot set it.
bool IsHopByHop(std::string_view name) {
    return IEquals(name, "connection") || IEquals(name, "content-length") || IEquals(name, "transfer-encoding") ||
           IEquals(name, "keep-alive") || IEquals(name, "upgrade");
}

}  // namespace

Request ToRequest(http::request<http::string_body>& message, bool tls) {
    Request r;
    r.method = ParseMethod(std::string_view(message.method_string()));
    r.target = std::string(std::string_view(message.target()));
    for (const auto& field : message) {
        r.headers.emplace_back(ToLower(std::string_view(field.name_string())),
                               std::string(std::string_view(field.value())));
    }
    r.body = std::move(message.body());
    r.tls = tls;
    return r;
}

// REQUIRES a decorated response (status within 100-599).
http::response<http::string_body> ToBeast(Response& response, unsigned version, bool keep_alive, bool head) {
    http::response<http::string_body> out;
    out.version(version == 10 ? 10 : 11);
    out.result(static_cast<unsigned>(response.status));
    for (const auto& [name, value] : response.headers) {
        if (!IsToken(name) || IsHopByHop(name)) continue;
        std::string clean = value;  // CR or LF in a value would split the response
        std::replace_if(
            clean.begin(), clean.end(), [](char c) { return c == '\r' || c == '\n' || c == '\0'; }, ' ');
        out.insert(std::string_view(name), clean);
    }
    out.keep_alive(keep_alive);
    const bool no_body = response.status < 200 || response.status == 204 || response.status == 304;
    if (no_body) {
        out.content_length(boost::none);
    } else if (head) {
        out.content_length(response.body.size());  // what GET would have sent
    } else {
        out.body() = std::move(response.body);
        out.prepare_payload();
    }
    return out;
}

namespace {

// Runs the route's handler on the blocking pool, waiting at most handler_timeout. The handler works on its own
// copy of the request, so a late handler can never race with the session, which answers 503 and moves on; the
// late result is dropped on arrival. On success `request` gets the principal back, for the access log.
net::awaitable<Response> RunOnPool(ServerState& state, const Route& route, Request& request) {
    struct Pending {
        explicit Pending(const net::any_io_executor& ex) : timer(ex) {}
        net::steady_timer timer;
        std::optional<Response> response;  // strand only
        bool finished = false;             // strand only
    };
    const net::any_io_executor strand = co_await net::this_coro::executor;
    auto pending = std::make_shared<Pending>(strand);
    std::string body = std::move(request.body);
    auto work = std::make_shared<Request>(request);  // everything but the body, which moves
    work->body = std::move(body);
    state.pool.Post([state = &state, route = &route, work, pending, strand] {
        Response response = state->pipeline.Run(*route, *work, Clock::now());
        net::post(strand, [pending, work, response = std::move(response)]() mutable {
            if (pending->finished) return;
            pending->finished = true;
            pending->response = std::move(response);
            pending->timer.cancel();
        });
    });
    pending->timer.expires_after(state.config.handler_timeout);
    co_await pending->timer.async_wait(kTuple);
    pending->finished = true;
    if (!pending->response) {
        log::Warn("handler timed out", {{"request_id", request.request_id}, {"route", route.pattern}});
        co_return Problem(503, "handler-timeout", "Service unavailable", "The request took too long to process.");
    }
    request.principal = work->principal;
    co_return std::move(*pending->response);
}

net::awaitable<Response> Handle(ServerState& state, Request& request) {
    RequestPipeline::Prepared prepared = state.pipeline.Prepare(request, Clock::now());
    if (prepared.response) co_return std::move(*prepared.response);
    if (prepared.run_inline) co_return state.pipeline.Run(*prepared.route, request, Clock::now());
    co_return co_await RunOnPool(state, *prepared.route, request);
}

// The parser's error, as the answer owed to the client; nullopt when there is nobody left to answer (the peer
// closed, the deadline passed and Beast closed the socket, or Shutdown() cancelled an idle read).
std::optional<Response> ReadErrorResponse(const boost::system::error_code& ec) {
    if (ec == http::error::header_limit) {
        return Problem(431, "headers-too-large", "Request header fields too large");
    }
    if (ec == http::error::body_limit) {
        return Problem(413, "payload-too-large", "Payload too large", "The request body exceeds the server's limit.");
    }
    if (ec.category() == http::make_error_code(http::error::end_of_stream).category() &&
        ec != http::error::end_of_stream && ec != http::error::partial_message) {
        return Problem(400, "bad-request", "Bad request", "The request is not valid HTTP/1.1.");
    }
    return std::nullopt;
}

// After an error answer: stop sending, then read and drop what the client is still sending for a moment, so the
// kernel does not reset the connection (and destroy our answer) because of unread data.
net::awaitable<void> LingeringClose(beast::tcp_stream& stream) {
    boost::system::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream.expires_after(std::chrono::seconds(2));
    char scratch[8192];
    std::size_t total = 0;
    while (total < 4 * 1024 * 1024) {
        auto [ec, n] = co_await stream.async_read_some(net::buffer(scratch), kTuple);
        if (ec) break;
        total += n;
    }
}

// True when the whole message was written before request_timeout.
template <typename Stream>
net::awaitable<bool> Write(Stream& stream, ServerState& state, http::response<http::string_body>& message) {
    beast::get_lowest_layer(stream).expires_after(state.config.request_timeout);
    auto [ec, n] = co_await http::async_write(stream, message, kTuple);
    co_return !ec;
}

using Parser = http::request_parser<http::string_body>;

// Waits for the first byte of the next request, up to `timeout`, with the connection marked idle (so Shutdown()
// may cancel the wait). False when the connection should end instead.
template <typename Stream>
net::awaitable<bool> AwaitRequestStart(ConnectionLease& lease, Stream& stream, beast::flat_buffer& buffer,
                                       std::chrono::seconds timeout) {
    if (buffer.size() > 0) co_return true;  // pipelined: the next request is already here
    lease.Conn().idle = true;
    beast::get_lowest_layer(stream).expires_after(timeout);
    auto [ec, n] = co_await stream.async_read_some(buffer.prepare(kReadChunk), kTuple);
    lease.Conn().idle = false;
    if (ec) co_return false;
    buffer.commit(n);
    co_return true;
}

// The body limit of the request whose header `parser` holds: the route's MaxBody for a request with credentials
// (uploads), the server's max_body_bytes otherwise.
std::size_t BodyLimitFor(const ServerState& state, const Parser& parser) {
    const auto& header = parser.get();
    const bool credentialed = header.find(http::field::authorization) != header.end() ||
                              header.find("x-api-key") != header.end() || header.find(http::field::cookie) != header.end();
    return state.router.BodyLimit(ParseMethod(std::string_view(header.method_string())),
                                  std::string_view(header.target()), credentialed, state.config.max_body_bytes);
}

// Reads one whole request into `parser` under the header and body limits. From its first byte the request must
// arrive within request_timeout, however steadily it trickles in (slow senders are cut off).
template <typename Stream>
net::awaitable<boost::system::error_code> ReadRequest(Stream& stream, beast::flat_buffer& buffer, Parser& parser,
                                                      const ServerState& state) {
    const config::ServerConfig& config = state.config;
    beast::get_lowest_layer(stream).expires_after(config.request_timeout);
    parser.header_limit(static_cast<std::uint32_t>(std::min<std::size_t>(config.max_header_bytes, UINT32_MAX)));
    // The header is read under the largest limit of any route; the request's own limit is known once it is read.
    parser.body_limit(state.largest_body);
    auto [ec, n] = co_await http::async_read_header(stream, buffer, parser, kTuple);
    if (ec || parser.is_done()) co_return ec;
    const std::size_t limit = BodyLimitFor(state, parser);
    if (const auto length = parser.content_length(); length && *length > limit) co_return http::error::body_limit;
    parser.body_limit(limit);  // a chunked body is counted against it as it arrives
    // The header passed every check (including an acceptable Content-Length): invite the body.
    if (parser.get().version() >= 11 && IEquals(std::string_view(parser.get()[http::field::expect]), "100-continue")) {
        std::tie(ec, n) = co_await net::async_write(stream, net::buffer(kContinue), kTuple);
        if (ec) co_return ec;
    }
    std::tie(ec, n) = co_await http::async_read(stream, buffer, parser, kTuple);
    co_return ec;
}

// Answers a request the parser refused (431, 413, 400), then closes. Returns without a word when there is
// nobody to answer.
template <typename Stream>
net::awaitable<void> AnswerReadError(ServerState& state, Stream& stream, Parser& parser,
                                     const boost::system::error_code& ec, bool tls, const std::string& peer) {
    std::optional<Response> answer = ReadErrorResponse(ec);
    if (!answer) co_return;
    const auto started = Clock::now();
    Request request = ToRequest(parser.get(), tls);
    state.pipeline.Identify(request, peer);
    state.pipeline.Decorate(request, *answer);
    auto message = ToBeast(*answer, 11, false, false);
    const bool written = co_await Write(stream, state, message);
    state.pipeline.Record(request, answer->status, written ? message.body().size() : 0, Clock::now() - started);
    co_await LingeringClose(beast::get_lowest_layer(stream));
}

// Runs a complete request through the pipeline and writes the answer. True when the connection stays open.
template <typename Stream>
net::awaitable<bool> Answer(ServerState& state, Stream& stream, Parser& parser, bool tls, const std::string& peer) {
    InFlight in_flight(state.metrics);
    const auto started = Clock::now();
    const unsigned version = parser.get().version();
    const bool keep_alive = parser.get().keep_alive();
    Request request = ToRequest(parser.get(), tls);
    state.pipeline.Identify(request, peer);
    Response response = co_await Handle(state, request);
    state.pipeline.Decorate(request, response);
    // Shutting down: this request is answered, then the connection closes.
    const bool keep = keep_alive && !state.stopping.load();
    auto message = ToBeast(response, version, keep, request.method == Method::kHead);
    const bool written = co_await Write(stream, state, message);
    state.pipeline.Record(request, response.status, written ? message.body().size() : 0, Clock::now() - started);
    co_return written&& keep;
}

template <typename Stream>
net::awaitable<void> Serve(ConnectionLease& lease, Stream& stream, bool tls, const std::string& peer) {
    ServerState& state = lease.State();
    beast::flat_buffer buffer;
    // A new connection must start its request promptly; a kept-alive one may idle between requests.
    std::chrono::seconds wait = state.config.request_timeout;
    // co_await stays out of && and ||: g++ 12 evaluates a co_await right operand even when the left one decides
    // the result, so `!stopping && co_await Read()` read anyway (test ShutdownRightAfterResponseIsPromptEveryTime).
    for (;;) {
        if (state.stopping.load()) break;
        const bool started = co_await AwaitRequestStart(lease, stream, buffer, wait);
        if (!started) break;
        wait = state.config.idle_timeout;
        Parser parser;
        const boost::system::error_code ec = co_await ReadRequest(stream, buffer, parser, state);
        if (ec) {
            co_await AnswerReadError(state, stream, parser, ec, tls, peer);
            break;
        }
        if (IsWebSocketTarget(state, std::string_view(parser.get().target()))) {
            const WsOutcome outcome = co_await ServeWebSocket(state, lease.Conn(), stream, parser, tls, peer);
            if (outcome == WsOutcome::kUpgraded) co_return;  // the stream was moved into the session, now over
            if (outcome == WsOutcome::kClose) break;
            continue;
        }
        const bool keep_alive = co_await Answer(state, stream, parser, tls, peer);
        if (!keep_alive) break;
    }
    boost::system::error_code ignored;
    beast::get_lowest_layer(stream).socket().shutdown(tcp::socket::shutdown_both, ignored);
}

net::awaitable<void> ServePlain(ConnectionLease lease, tcp::socket socket, std::string peer) {
    beast::tcp_stream stream(std::move(socket));
    lease.Conn().stream = &stream;
    co_await Serve(lease, stream, false, peer);
}

net::awaitable<void> ServeTls(ConnectionLease lease, tcp::socket socket, std::string peer) {
    beast::ssl_stream<beast::tcp_stream> stream(std::move(socket), *lease.State().tls);
    beast::tcp_stream& lowest = beast::get_lowest_layer(stream);
    lease.Conn().stream = &lowest;
    lease.Conn().idle = true;  // nothing of a request yet: Shutdown() may close it
    lowest.expires_after(lease.State().config.request_timeout);
    auto [ec] = co_await stream.async_handshake(ssl::stream_base::server, kTuple);
    lease.Conn().idle = false;
    if (ec) {
        log::Debug("TLS handshake failed", {{"client_ip", peer}, {"error", ec.message()}});
        co_return;
    }
    // No TLS close_notify exchange at the end: it would wait on the client, and every response is framed by
    // Content-Length, so a truncation cannot go unnoticed.
    co_await Serve(lease, stream, true, peer);
}

}  // namespace

void StartSession(std::shared_ptr<ServerState> state, tcp::socket socket) {
    boost::system::error_code ec;
    const tcp::endpoint remote = socket.remote_endpoint(ec);
    if (ec) return;  // the peer is already gone
    std::string peer = remote.address().to_string();
    net::any_io_executor executor = socket.get_executor();
    const bool tls = state->tls != nullptr;
    ConnectionLease lease(std::move(state), std::make_shared<Connection>(executor));
    if (tls) {
        SpawnLogged(executor, ServeTls(std::move(lease), std::move(socket), std::move(peer)), "https session");
    } else {
        SpawnLogged(executor, ServePlain(std::move(lease), std::move(socket), std::move(peer)), "http session");
    }
}

}  // namespace palisade::server::detail
