// SPDX-License-Identifier: Apache-2.0
// palisade_vulnapp: VulnerableApp as a program, for benchmarks against other scanners.
//   palisade_vulnapp [--port N] [--catch-all] [--user NAME] [--password PASS] [--log-requests FILE]
//   palisade_vulnapp [--catch-all] --print-table
// Serves http://127.0.0.1:N/ (N = 0 or no --port: the kernel picks) until SIGINT or SIGTERM. Prints
// "listening on http://127.0.0.1:<port>/" on stdout once it accepts connections, and "stopped after <n> requests"
// at exit. One request per connection (answers carry "Connection: close"), a small pool of worker threads.
// --log-requests writes "METHOD TARGET" per request to FILE. --print-table prints the planted vulnerabilities and
// decoys of the configuration as JSON ({"planted": [...], "decoys": [...]}) and exits (for bench/web_compare.py).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "support/webapp/vulnerable_app.hpp"

namespace {

using palisade::testing::HttpRequestRecord;

volatile std::sig_atomic_t g_stop = 0;

void OnSignal(int) { g_stop = 1; }

std::string_view Trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

bool SendAll(int fd, std::string_view data) {
    while (!data.empty()) {
        ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
        if (n <= 0) return false;
        data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

// Reads one request (head up to 64 KiB, body by Content-Length up to 1 MiB). False when the client sent nothing
// usable before the socket's receive timeout.
bool ReadRequest(int fd, HttpRequestRecord& record) {
    std::string buffer;
    char chunk[4096];
    std::size_t end;
    while ((end = buffer.find("\r\n\r\n")) == std::string::npos) {
        if (buffer.size() > 65536) return false;
        ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
        if (n <= 0) return false;
        buffer.append(chunk, static_cast<std::size_t>(n));
    }
    std::string_view head(buffer.data(), end);
    std::size_t line_end = head.find("\r\n");
    std::string_view request_line = head.substr(0, line_end);
    std::size_t sp1 = request_line.find(' ');
    std::size_t sp2 = request_line.find(' ', sp1 == std::string_view::npos ? sp1 : sp1 + 1);
    if (sp1 == std::string_view::npos || sp2 == std::string_view::npos) return false;
    record.method = std::string(request_line.substr(0, sp1));
    record.target = std::string(request_line.substr(sp1 + 1, sp2 - sp1 - 1));
    record.path = record.target.substr(0, record.target.find('?'));
    if (std::size_t q = record.target.find('?'); q != std::string::npos) record.query = record.target.substr(q + 1);
    for (std::size_t pos = line_end == std::string_view::npos ? head.size() : line_end + 2; pos < head.size();) {
        std::size_t e = head.find("\r\n", pos);
        std::string_view line = head.substr(pos, e == std::string_view::npos ? e : e - pos);
        if (std::size_t colon = line.find(':'); colon != std::string_view::npos) {
            record.headers.emplace_back(std::string(Trim(line.substr(0, colon))),
                                        std::string(Trim(line.substr(colon + 1))));
        }
        if (e == std::string_view::npos) break;
        pos = e + 2;
    }
    const std::string length_text = record.Header("Content-Length");
    if (length_text.empty()) return true;
    char* parse_end = nullptr;
    const unsigned long long length = std::strtoull(length_text.c_str(), &parse_end, 10);
    if (parse_end == length_text.c_str() || *parse_end != '\0' || length > (1u << 20)) return true;
    record.body = buffer.substr(end + 4, static_cast<std::size_t>(length));
    if (record.body.size() < length && record.Header("Expect") == "100-continue") {
        SendAll(fd, "HTTP/1.1 100 Continue\r\n\r\n");
    }
    while (record.body.size() < length) {
        ssize_t n = ::recv(fd, chunk, std::min<std::size_t>(sizeof chunk, length - record.body.size()), 0);
        if (n <= 0) break;
        record.body.append(chunk, static_cast<std::size_t>(n));
    }
    return true;
}

std::atomic<unsigned long> g_requests{0};
std::mutex g_log_mutex;
std::FILE* g_log = nullptr;

std::string JsonString(std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (static_cast<unsigned char>(c) < 0x20) {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
            out += escaped;
        } else {
            out += c;
        }
    }
    return out + "\"";
}

template <typename Rows>
void PrintRows(const char* name, const Rows& rows, bool last) {
    static constexpr const char* kReach[] = {"crawl", "login", "probe"};
    std::printf("  %s: [", JsonString(name).c_str());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto& r = rows[i];
        std::printf("%s\n    {\"check\": %s, \"path\": %s, \"parameter\": %s, \"reach\": \"%s\", \"note\": %s}",
                    i == 0 ? "" : ",", JsonString(r.check).c_str(), JsonString(r.path).c_str(),
                    JsonString(r.parameter).c_str(), kReach[static_cast<int>(r.reach)], JsonString(r.note).c_str());
    }
    std::printf("\n  ]%s\n", last ? "" : ",");
}

void ServeConnection(int fd, palisade::testing::VulnerableSite& site) {
    timeval timeout{10, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    HttpRequestRecord record;
    if (ReadRequest(fd, record)) {
        g_requests.fetch_add(1, std::memory_order_relaxed);
        if (g_log != nullptr) {
            std::lock_guard lock(g_log_mutex);
            std::fprintf(g_log, "%s %s\n", record.method.c_str(), record.target.c_str());
        }
        SendAll(fd, palisade::testing::SerializeResponse(site.Handle(record)));
    }
    ::shutdown(fd, SHUT_RDWR);
    ::close(fd);
}

// Connections waiting for a worker.
class Queue {
  public:
    void Push(int fd) {
        {
            std::lock_guard lock(mutex_);
            fds_.push_back(fd);
        }
        ready_.notify_one();
    }
    // -1 once closed and drained.
    int Pop() {
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [this] { return closed_ || !fds_.empty(); });
        if (fds_.empty()) return -1;
        int fd = fds_.front();
        fds_.pop_front();
        return fd;
    }
    void Close() {
        {
            std::lock_guard lock(mutex_);
            closed_ = true;
        }
        ready_.notify_all();
    }

  private:
    std::mutex mutex_;
    std::condition_variable ready_;
    std::deque<int> fds_;
    bool closed_ = false;
};

int Usage(const char* program) {
    std::fprintf(stderr,
                 "usage: %s [--port N] [--catch-all] [--user NAME] [--password PASS] [--log-requests FILE]"
                 " [--print-table]\n",
                 program);
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    palisade::testing::VulnerableAppOptions options;
    long port = 0;
    bool print_table = false;
    const char* log_path = nullptr;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        const bool has_value = i + 1 < argc;
        if (arg == "--port" && has_value) {
            char* end = nullptr;
            port = std::strtol(argv[++i], &end, 10);
            if (*end != '\0' || port < 0 || port > 65535) return Usage(argv[0]);
        } else if (arg == "--catch-all") {
            options.catch_all = true;
        } else if (arg == "--user" && has_value) {
            options.username = argv[++i];
        } else if (arg == "--password" && has_value) {
            options.password = argv[++i];
        } else if (arg == "--log-requests" && has_value) {
            log_path = argv[++i];
        } else if (arg == "--print-table") {
            print_table = true;
        } else {
            return Usage(argv[0]);
        }
    }

    if (print_table) {
        std::printf("{\n");
        PrintRows("planted", palisade::testing::PlantedFor(options), false);
        PrintRows("decoys", palisade::testing::DecoysFor(options), true);
        std::printf("}\n");
        return 0;
    }
    if (log_path != nullptr && (g_log = std::fopen(log_path, "w")) == nullptr) {
        std::fprintf(stderr, "palisade_vulnapp: cannot write %s: %s\n", log_path, std::strerror(errno));
        return 1;
    }

    int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    ::setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    if (listener < 0 || ::bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::listen(listener, 128) != 0) {
        std::fprintf(stderr, "palisade_vulnapp: cannot listen on 127.0.0.1:%ld: %s\n", port, std::strerror(errno));
        return 1;
    }
    socklen_t length = sizeof addr;
    ::getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &length);

    struct sigaction action {};
    action.sa_handler = OnSignal;
    ::sigaction(SIGINT, &action, nullptr);
    ::sigaction(SIGTERM, &action, nullptr);
    std::signal(SIGPIPE, SIG_IGN);

    palisade::testing::VulnerableSite site(options);
    Queue queue;
    std::vector<std::thread> workers;
    for (int i = 0; i < 8; ++i) {
        workers.emplace_back([&queue, &site] {
            for (int fd; (fd = queue.Pop()) >= 0;) ServeConnection(fd, site);
        });
    }
    std::printf("listening on http://127.0.0.1:%u/%s\n", static_cast<unsigned>(ntohs(addr.sin_port)),
                options.catch_all ? " (catch-all)" : "");
    std::fflush(stdout);

    while (g_stop == 0) {
        pollfd p{listener, POLLIN, 0};
        if (::poll(&p, 1, 200) <= 0) continue;
        int fd = ::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd >= 0) queue.Push(fd);
    }
    ::close(listener);
    queue.Close();
    for (auto& worker : workers) worker.join();
    if (g_log != nullptr) std::fclose(g_log);
    std::printf("stopped after %lu requests\n", g_requests.load());
    return 0;
}
