// SPDX-License-Identifier: Apache-2.0
// HttpFixture: a loopback HTTP/1.1 server for scanner tests. Binds 127.0.0.1 port 0 (the kernel picks; port()
// reports it), one accept thread plus one thread per connection, one request per connection (answers carry
// "Connection: close"); a request body is read by its Content-Length ("Expect: 100-continue" is honoured). Answers
// are scripted per method and path, or computed by a handler; besides well-formed answers it can stay silent, send
// an endless body, send garbage, or close without answering. Every request is recorded. Stop() (or the destructor)
// closes all sockets and joins every thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace palisade::testing {

struct HttpRequestRecord {
    std::string method;
    std::string target;  // as sent ("/path?query")
    std::string path;    // target without the query
    std::vector<std::pair<std::string, std::string>> headers;
    std::string query;  // target after the first '?' (still percent-encoded), "" when there is none
    std::string body;   // the request body, read by Content-Length (none when over 1 MiB or chunked)
    // The first header with this name (case-insensitive), or "".
    std::string Header(std::string_view name) const;
};

enum class HttpMode {
    kRespond,     // send the scripted response
    kSilent,      // read the request, never answer (until Stop)
    kEndless,     // send a 200 header block, then body bytes until the client goes away
    kGarbage,     // send bytes that are not HTTP, then close
    kCloseEarly,  // close right after reading the request
};

struct ScriptedResponse {
    int status = 200;
    std::string reason = "OK";
    std::vector<std::pair<std::string, std::string>> headers;  // sent in order, duplicates allowed
    std::string body;
    HttpMode mode = HttpMode::kRespond;

    // Builders for readable tests.
    static ScriptedResponse Html(std::string body, std::vector<std::pair<std::string, std::string>> headers = {});
    static ScriptedResponse Redirect(int status, std::string location);
};

// The bytes of a response (status line, headers, Content-Length, Connection: close, body), e.g. for TlsServer.
std::string SerializeResponse(const ScriptedResponse& response);

class HttpFixture {
  public:
    using Handler = std::function<ScriptedResponse(const HttpRequestRecord&)>;

    HttpFixture();  // listens at once; aborts the test binary if it cannot
    ~HttpFixture();
    HttpFixture(const HttpFixture&) = delete;
    HttpFixture& operator=(const HttpFixture&) = delete;

    std::uint16_t port() const { return port_; }
    std::string Url(std::string_view path = "/") const;  // "http://127.0.0.1:<port><path>"

    // Scripted answer for a path (exact match on the path without query); `method` empty = any method.
    void Route(std::string path, ScriptedResponse response, std::string method = {});
    // Called for requests without a route; default answers 404.
    void SetHandler(Handler handler);

    std::vector<HttpRequestRecord> Requests() const;
    std::size_t accepted() const { return accepted_.load(); }

    void Stop();  // idempotent

  private:
    void AcceptLoop();
    void Serve(int fd);
    void ReadBody(int fd, HttpRequestRecord& record, std::string_view already_read);
    ScriptedResponse Answer(const HttpRequestRecord& request) const;

    int listen_fd_ = -1;
    std::uint16_t port_ = 0;
    std::atomic<bool> stop_{false};
    std::atomic<std::size_t> accepted_{0};
    mutable std::mutex mutex_;
    std::map<std::pair<std::string, std::string>, ScriptedResponse> routes_;  // (method, path)
    Handler handler_;
    std::vector<HttpRequestRecord> requests_;
    std::vector<int> open_fds_;
    std::vector<std::thread> threads_;
    std::thread acceptor_;
};

}  // namespace palisade::testing
