// SPDX-License-Identifier: Apache-2.0
// Each call starts one asynchronous Beast operation and runs the client's own io_context until it completes or its
// deadline passes; on the deadline the socket is closed and the operation drained, so nothing outlives the call.
#include "support/ws_client.hpp"

#include <boost/beast/websocket.hpp>
#include <optional>
#include <utility>

#include "net/asio.hpp"

namespace palisade::testing {

namespace websocket = beast::websocket;
using SteadyClock = std::chrono::steady_clock;
using ErrorCode = boost::system::error_code;

struct WsClient::Impl {
    net::io_context io;
    ssl::context tls{ssl::context::tls_client};  // verify_none (the default): throwaway test certificates
    std::optional<websocket::stream<beast::tcp_stream>> plain;
    std::optional<websocket::stream<beast::ssl_stream<beast::tcp_stream>>> secure;
    beast::flat_buffer buffer;
    websocket::response_type response;
    std::string error;
    bool open = false;
    int close_code = 0;
    std::string close_reason;

    // Calls `f` with whichever stream is in use. REQUIRES one is.
    template <typename F>
    decltype(auto) With(F&& f) {
        return secure ? f(*secure) : f(*plain);
    }
    bool HasStream() const { return plain || secure; }

    // Runs the io_context until `done` or `timeout`. On the deadline: closes the socket, lets the operation
    // finish (aborted), and marks the client broken.
    bool Wait(const bool& done, std::chrono::milliseconds timeout) {
        const auto deadline = SteadyClock::now() + timeout;
        io.restart();
        while (!done && SteadyClock::now() < deadline) io.run_one_until(deadline);
        if (done) return true;
        CloseSocket();
        io.restart();
        while (!done) io.run_one();
        open = false;
        error = "timeout";
        return false;
    }

    void CloseSocket() {
        if (!HasStream()) return;
        With([](auto& ws) {
            ErrorCode ignored;
            beast::get_lowest_layer(ws).socket().close(ignored);
        });
    }

    // Starts `start(handler)` and waits for the handler; the error it got, or `timed_out` set.
    template <typename Start>
    ErrorCode Run(Start&& start, std::chrono::milliseconds timeout, bool& timed_out) {
        bool done = false;
        ErrorCode ec;
        start([&](const ErrorCode& e, auto&&...) {
            ec = e;
            done = true;
        });
        timed_out = !Wait(done, timeout);
        return ec;
    }

    void Failed(const ErrorCode& ec) {
        open = false;
        error = ec.message();
        if (ec == websocket::error::closed) {
            const websocket::close_reason reason = With([](auto& ws) { return ws.reason(); });
            close_code = reason.code;
            close_reason = std::string(reason.reason.data(), reason.reason.size());
        }
    }

    bool Write(std::string_view data, bool text) {
        if (!open) return false;
        bool timed_out = false;
        const ErrorCode ec = Run(
            [&](auto handler) {
                With([&](auto& ws) {
                    ws.text(text);
                    ws.async_write(net::buffer(data.data(), data.size()), handler);
                });
            },
            std::chrono::milliseconds(5000), timed_out);
        if (timed_out) return false;
        if (ec) Failed(ec);
        return !ec;
    }
};

WsClient::WsClient() : impl_(std::make_unique<Impl>()) {}

WsClient::~WsClient() { impl_->CloseSocket(); }

bool WsClient::Connect(std::uint16_t port, const Headers& headers) {
    Options options;
    options.headers = headers;
    return ConnectWith(port, options);
}

bool WsClient::ConnectWith(std::uint16_t port, const Options& options) {
    Impl& d = *impl_;
    d.plain.reset();
    d.secure.reset();
    if (options.tls) {
        d.secure.emplace(d.io, d.tls);
    } else {
        d.plain.emplace(d.io);
    }
    d.response = {};
    d.open = false;
    d.close_code = 0;
    d.close_reason.clear();
    const auto deadline = SteadyClock::now() + options.timeout;
    const auto left = [&] {
        return std::chrono::duration_cast<std::chrono::milliseconds>(deadline - SteadyClock::now());
    };
    bool timed_out = false;
    const auto step = [&](ErrorCode ec) {
        if (!timed_out && ec) d.error = ec.message();
        return !timed_out && !ec;
    };

    const tcp::endpoint endpoint(net::ip::make_address("127.0.0.1"), port);
    ErrorCode ec = d.Run(
        [&](auto handler) { d.With([&](auto& ws) { beast::get_lowest_layer(ws).async_connect(endpoint, handler); }); },
        left(), timed_out);
    if (!step(ec)) return false;
    if (d.secure) {
        ec = d.Run([&](auto handler) { d.secure->next_layer().async_handshake(ssl::stream_base::client, handler); },
                   left(), timed_out);
        if (!step(ec)) return false;
    }

    std::string protocols;
    for (const std::string& p : options.subprotocols) protocols += (protocols.empty() ? "" : ", ") + p;
    const std::string host = "127.0.0.1:" + std::to_string(port);
    ec = d.Run(
        [&](auto handler) {
            d.With([&](auto& ws) {
                ws.set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
                ws.set_option(websocket::stream_base::decorator(
                    [headers = options.headers, protocols](websocket::request_type& request) {
                        for (const auto& [name, value] : headers) request.set(name, value);
                        if (!protocols.empty()) request.set(http::field::sec_websocket_protocol, protocols);
                    }));
                ws.async_handshake(d.response, host, options.target, handler);
            });
        },
        left(), timed_out);
    if (!step(ec)) return false;
    d.open = true;
    return true;
}

int WsClient::Status() const { return static_cast<int>(impl_->response.result_int()); }

std::string WsClient::ResponseHeader(std::string_view name) const {
    auto it = impl_->response.find(beast::string_view(name.data(), name.size()));
    if (it == impl_->response.end()) return {};
    return std::string(it->value());
}

const std::string& WsClient::ResponseBody() const { return impl_->response.body(); }
const std::string& WsClient::Error() const { return impl_->error; }
bool WsClient::IsOpen() const { return impl_->open; }
int WsClient::CloseCode() const { return impl_->close_code; }
std::string WsClient::CloseReason() const { return impl_->close_reason; }

bool WsClient::Send(std::string_view text) { return impl_->Write(text, true); }
bool WsClient::SendBinary(std::string_view bytes) { return impl_->Write(bytes, false); }

std::optional<std::string> WsClient::Read(std::chrono::milliseconds timeout) {
    Impl& d = *impl_;
    if (!d.open) return std::nullopt;
    d.buffer.clear();
    bool timed_out = false;
    const ErrorCode ec =
        d.Run([&](auto handler) { d.With([&](auto& ws) { ws.async_read(d.buffer, handler); }); }, timeout, timed_out);
    if (timed_out) return std::nullopt;
    if (ec) {
        d.Failed(ec);
        return std::nullopt;
    }
    return beast::buffers_to_string(d.buffer.data());
}

std::optional<std::string> WsClient::ReadUntil(std::string_view needle, std::chrono::milliseconds timeout) {
    const auto deadline = SteadyClock::now() + timeout;
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - SteadyClock::now());
        if (left.count() <= 0) return std::nullopt;
        auto message = Read(left);
        if (!message || message->find(needle) != std::string::npos) return message;
    }
}

bool WsClient::Close(std::uint16_t code) {
    Impl& d = *impl_;
    if (!d.open) return false;
    bool timed_out = false;
    const ErrorCode ec =
        d.Run([&](auto handler) { d.With([&](auto& ws) { ws.async_close(websocket::close_reason(code), handler); }); },
              std::chrono::milliseconds(5000), timed_out);
    d.open = false;
    if (timed_out) return false;
    if (ec) d.error = ec.message();
    return !ec;
}

bool WsClient::Subscribe(std::string_view topic, std::optional<std::int64_t> after_seq) {
    std::string op = "{\"op\":\"subscribe\",\"topic\":\"" + std::string(topic) + "\"";
    if (after_seq) op += ",\"after_seq\":" + std::to_string(*after_seq);
    return Send(op + "}");
}

}  // namespace palisade::testing
