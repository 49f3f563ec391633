// SPDX-License-Identifier: Apache-2.0
#include "scan/http/http_client.hpp"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <mutex>
#include <thread>

#include "scan/engine/host_pacer.hpp"
#include "scan/modules/headers/web_util.hpp"

namespace palisade::scan::http {
namespace {

using headers::AsciiLower;
using headers::TrimAscii;

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

bool IsRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

void GlobalInit() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Transfer {
    Response* response = nullptr;
    std::size_t max_body = 0;
    const CancelToken* cancel = nullptr;
};

std::size_t OnHeader(char* data, std::size_t size, std::size_t n, void* user) {
    auto* t = static_cast<Transfer*>(user);
    std::string_view line(data, size * n);
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
    if (line.starts_with("HTTP/")) {
        t->response->headers.clear();  // a new response (after 1xx)
        std::size_t sp1 = line.find(' ');
        std::size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
        t->response->reason = sp2 == std::string_view::npos ? std::string() : std::string(TrimAscii(line.substr(sp2)));
        return size * n;
    }
    if (line.empty()) return size * n;
    if ((line.front() == ' ' || line.front() == '\t') && !t->response->headers.empty()) {
        t->response->headers.back().value += " " + std::string(TrimAscii(line));  // obs-fold
        return size * n;
    }
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) return size * n;
    if (t->response->headers.size() < 1000) {
        t->response->headers.push_back(
            {std::string(TrimAscii(line.substr(0, colon))), std::string(TrimAscii(line.substr(colon + 1)))});
    }
    return size * n;
}

std::size_t OnBody(char* data, std::size_t size, std::size_t n, void* user) {
    auto* t = static_cast<Transfer*>(user);
    std::size_t bytes = size * n;
    std::size_t room = t->max_body - std::min(t->max_body, t->response->body.size());
    if (bytes > room) {
        t->response->body.append(data, room);
        t->response->truncated = true;
        return 0;  // stop reading: the cap is reached
    }
    t->response->body.append(data, bytes);
    return bytes;
}

// Every new connection waits for the scan's per-host pacing (--rate), like the other modules' connections.
curl_socket_t OnOpenSocket(void* user, curlsocktype, curl_sockaddr* address) {
    const auto* cancel = static_cast<const CancelToken*>(user);
    char text[INET6_ADDRSTRLEN] = {};
    if (address->family == AF_INET) {
        ::inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(&address->addr)->sin_addr, text, sizeof text);
    } else if (address->family == AF_INET6) {
        ::inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(&address->addr)->sin6_addr, text, sizeof text);
    }
    if (!cancel->PaceConnection(text)) return CURL_SOCKET_BAD;
    return ::socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
}

int OnProgress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    return static_cast<const CancelToken*>(user)->Stopped() ? 1 : 0;
}

CURLcode OnSslCtx(CURL*, void* ssl_ctx, void* user) {
    const auto* file = static_cast<const std::string*>(user);
    X509_STORE* store = SSL_CTX_get_cert_store(static_cast<SSL_CTX*>(ssl_ctx));
    if (!file->empty() && X509_STORE_load_file(store, file->c_str()) != 1) return CURLE_SSL_CACERT_BADFILE;
    return CURLE_OK;
}

// The state libcurl handles share across threads: cookies (the session), DNS, TLS sessions and connections.
class Share {
  public:
    Share() {
        share_ = curl_share_init();
        if (!share_) return;
        curl_share_setopt(share_, CURLSHOPT_LOCKFUNC, Lock);
        curl_share_setopt(share_, CURLSHOPT_UNLOCKFUNC, Unlock);
        curl_share_setopt(share_, CURLSHOPT_USERDATA, this);
        curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_COOKIE);
        curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
        curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
        curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT);
    }
    ~Share() {
        if (share_) curl_share_cleanup(share_);
    }
    Share(const Share&) = delete;
    Share& operator=(const Share&) = delete;
    CURLSH* get() const { return share_; }

  private:
    static void Lock(CURL*, curl_lock_data data, curl_lock_access, void* user) {
        static_cast<Share*>(user)->mutexes_[Index(data)].lock();
    }
    static void Unlock(CURL*, curl_lock_data data, void* user) { static_cast<Share*>(user)->mutexes_[Index(data)].unlock(); }
    static std::size_t Index(curl_lock_data data) {
        auto i = static_cast<std::size_t>(data);
        return i < kLocks ? i : 0;
    }
    static constexpr std::size_t kLocks = CURL_LOCK_DATA_LAST;
    CURLSH* share_ = nullptr;
    std::array<std::mutex, kLocks> mutexes_;
};

// Seconds to wait from a Retry-After value (delta-seconds or an HTTP date); nullopt when unusable.
std::optional<std::chrono::seconds> RetryAfter(const std::optional<std::string>& value) {
    if (!value) return std::nullopt;
    std::string_view v = TrimAscii(*value);
    if (v.empty()) return std::nullopt;
    if (std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        if (v.size() > 6) return std::chrono::seconds(999999);
        return std::chrono::seconds(std::stol(std::string(v)));
    }
    std::string text(v);
    time_t when = curl_getdate(text.c_str(), nullptr);
    if (when < 0) return std::nullopt;
    time_t now = std::time(nullptr);
    return std::chrono::seconds(when > now ? when - now : 0);
}

// Waits `duration` in slices that check the token; false when it stopped first.
bool SleepFor(std::chrono::milliseconds duration, const CancelToken& cancel) {
    auto until = std::chrono::steady_clock::now() + duration;
    while (std::chrono::steady_clock::now() < until) {
        if (cancel.Stopped()) return false;
        std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(
            std::chrono::milliseconds(100), until - std::chrono::steady_clock::now()));
    }
    return !cancel.Stopped();
}

std::string PacingKey(const headers::WebUrl& url) { return url.host + ":" + std::to_string(url.port); }

class CurlClient final : public Client {
  public:
    explicit CurlClient(ClientOptions options)
        : options_(std::move(options)),
          pacer_(options_.requests_per_second > 0 ? std::make_unique<HostPacer>(options_.requests_per_second)
                                                  : nullptr) {
        GlobalInit();
        for (const std::string& entry : options_.resolve) resolve_ = curl_slist_append(resolve_, entry.c_str());
    }
    ~CurlClient() override {
        if (resolve_) curl_slist_free_all(resolve_);
    }
    CurlClient(const CurlClient&) = delete;
    CurlClient& operator=(const CurlClient&) = delete;

    Result<Response> Send(const Request& request) override {
        auto url = headers::ParseWebUrl(request.url);
        if (!url || (url->scheme != "http" && url->scheme != "https")) {
            return Fail(ErrorCode::kInvalidArgument, "not an absolute http(s) URL: " + request.url);
        }
        std::string method = request.method.empty() ? "GET" : request.method;
        std::string body = request.body;
        std::string current = request.url;
        std::vector<std::string> hops;
        for (int redirects = 0;; ++redirects) {
            auto response = SendWithRetries(method, current, request, body);
            if (!response) return response;
            if (!request.follow_redirects || !IsRedirect(response->status) || redirects >= request.max_redirects) {
                response->redirects = std::move(hops);
                return response;
            }
            auto base = headers::ParseWebUrl(current);
            auto location = response->First("location");
            auto next = base && location ? headers::ResolveWebUrl(*base, *location) : std::nullopt;
            if (!next || (next->scheme != "http" && next->scheme != "https")) {
                response->redirects = std::move(hops);
                return response;
            }
            if (options_.in_scope && !options_.in_scope(next->href)) {
                response->redirects = std::move(hops);
                response->redirect_out_of_scope = true;
                return response;
            }
            // 303, and 301/302 after a POST, continue as GET without a body (what browsers and curl -L do).
            if (response->status == 303 || ((response->status == 301 || response->status == 302) && method == "POST")) {
                if (method != "HEAD") method = "GET";
                body.clear();
            }
            hops.push_back(current);
            current = next->href;
        }
    }

    ClientStats Stats() const override {
        return {requests_.load(), errors_.load(), retries_.load(), bytes_.load()};
    }

  private:
    Result<Response> SendWithRetries(const std::string& method, const std::string& url, const Request& request,
                                     const std::string& body) {
        for (int attempt = 0;; ++attempt) {
            auto response = SendOnce(method, url, request, body);
            if (!response || (response->status != 429 && response->status != 503) || attempt >= options_.max_retries) {
                return response;
            }
            auto wait = RetryAfter(response->First("retry-after"));
            if (!wait || *wait > options_.max_retry_after) return response;
            ++retries_;
            if (!SleepFor(std::chrono::duration_cast<std::chrono::milliseconds>(*wait), options_.cancel)) {
                return Fail(ErrorCode::kTimeout, "cancelled");
            }
        }
    }

    curl_slist* BuildHeaders(const Request& request, bool* has_user_agent, bool* has_cookie) const {
        std::vector<Header> merged = options_.extra_headers;
        for (const Header& h : request.headers) {
            std::erase_if(merged, [&](const Header& m) { return EqualsIgnoreCase(m.name, h.name); });
            merged.push_back(h);
        }
        curl_slist* list = nullptr;
        for (const Header& h : merged) {
            if (EqualsIgnoreCase(h.name, "user-agent")) *has_user_agent = true;
            if (EqualsIgnoreCase(h.name, "cookie")) *has_cookie = true;
            std::string line = h.value.empty() ? h.name + ":" : h.name + ": " + h.value;
            list = curl_slist_append(list, line.c_str());
        }
        list = curl_slist_append(list, "Expect:");
        return list;
    }

    Result<Response> SendOnce(const std::string& method, const std::string& url, const Request& request,
                              const std::string& body) {
        if (options_.cancel.Stopped()) return Fail(ErrorCode::kTimeout, "cancelled");
        auto parsed = headers::ParseWebUrl(url);
        if (!parsed) return Fail(ErrorCode::kInvalidArgument, "not an absolute http(s) URL: " + url);
        if (pacer_ && !pacer_->Acquire(PacingKey(*parsed), options_.cancel)) {
            return Fail(ErrorCode::kTimeout, "cancelled");
        }
        CURL* h = curl_easy_init();
        if (!h) return Fail(ErrorCode::kInternal, "curl_easy_init failed");
        Response response;
        Transfer t{&response, request.max_body ? request.max_body : options_.max_body, &options_.cancel};
        bool has_user_agent = false, has_cookie = false;
        curl_slist* list = BuildHeaders(request, &has_user_agent, &has_cookie);
        auto timeout = request.timeout.count() > 0 ? request.timeout : options_.request_timeout;
        if (options_.cancel.Deadline() != CancelToken::TimePoint::max()) {
            timeout = std::min(timeout, std::chrono::duration_cast<std::chrono::milliseconds>(
                                            options_.cancel.Deadline() - std::chrono::steady_clock::now()));
        }
        timeout = std::max(timeout, std::chrono::milliseconds(1));
        curl_easy_setopt(h, CURLOPT_URL, url.c_str());
        curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
        curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
        curl_easy_setopt(h, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1);
        curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
        curl_easy_setopt(h, CURLOPT_PATH_AS_IS, 1L);  // a scanner sends "/../" as written (traversal probes)
        if (!has_user_agent) curl_easy_setopt(h, CURLOPT_USERAGENT, options_.user_agent.c_str());
        curl_easy_setopt(h, CURLOPT_HTTPHEADER, list);
        curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.connect_timeout.count()));
        curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
        curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, OnHeader);
        curl_easy_setopt(h, CURLOPT_HEADERDATA, &t);
        curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, OnBody);
        curl_easy_setopt(h, CURLOPT_WRITEDATA, &t);
        curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
        curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, OnProgress);
        curl_easy_setopt(h, CURLOPT_XFERINFODATA, &options_.cancel);
        curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, options_.verify_tls ? 1L : 0L);
        curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, options_.verify_tls ? 2L : 0L);
        if (options_.verify_tls && !options_.ca_file.empty()) {
            curl_easy_setopt(h, CURLOPT_SSL_CTX_FUNCTION, OnSslCtx);
            curl_easy_setopt(h, CURLOPT_SSL_CTX_DATA, &options_.ca_file);
        }
        if (resolve_) curl_easy_setopt(h, CURLOPT_RESOLVE, resolve_);
        curl_easy_setopt(h, CURLOPT_OPENSOCKETFUNCTION, OnOpenSocket);
        curl_easy_setopt(h, CURLOPT_OPENSOCKETDATA, &options_.cancel);
        // The share holds the session's cookie jar (and the connection cache); COOKIEFILE "" switches the cookie
        // engine on for this handle. A request without cookies goes without both.
        if (request.use_cookies) {
            curl_easy_setopt(h, CURLOPT_SHARE, share_.get());
            curl_easy_setopt(h, CURLOPT_COOKIEFILE, "");
        }
        // The configured cookies go with the jar's in one Cookie header, unless the request brings its own.
        if (request.use_cookies && !has_cookie && !options_.cookies.empty()) {
            curl_easy_setopt(h, CURLOPT_COOKIE, options_.cookies.c_str());
        }
        if (method == "HEAD") {
            curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
        } else if (method == "POST" || !body.empty()) {
            curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
            curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.data());
            if (method != "POST") curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method.c_str());
        } else if (method != "GET") {
            curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method.c_str());
        }
        ++requests_;
        CURLcode code = curl_easy_perform(h);
        long status = 0;
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
        curl_off_t start = 0, total = 0;
        curl_easy_getinfo(h, CURLINFO_PRETRANSFER_TIME_T, &start);
        curl_easy_getinfo(h, CURLINFO_TOTAL_TIME_T, &total);
        curl_easy_cleanup(h);
        curl_slist_free_all(list);
        response.status = static_cast<int>(status);
        response.url = parsed->href;
        response.duration = std::chrono::milliseconds((total - std::min(start, total)) / 1000);
        bytes_ += response.body.size();
        if (code == CURLE_OK || (code == CURLE_WRITE_ERROR && response.truncated && status > 0)) {
            if (status > 0) return response;
            ++errors_;
            return Fail(ErrorCode::kUnavailable, url + ": no HTTP response");
        }
        ++errors_;
        if (options_.cancel.Stopped()) return Fail(ErrorCode::kTimeout, "cancelled");
        if (code == CURLE_OPERATION_TIMEDOUT) return Fail(ErrorCode::kTimeout, url + ": " + curl_easy_strerror(code));
        return Fail(ErrorCode::kUnavailable, url + ": " + curl_easy_strerror(code));
    }

    ClientOptions options_;
    std::unique_ptr<HostPacer> pacer_;
    Share share_;
    curl_slist* resolve_ = nullptr;
    std::atomic<std::uint64_t> requests_{0};
    std::atomic<std::uint64_t> errors_{0};
    std::atomic<std::uint64_t> retries_{0};
    std::atomic<std::uint64_t> bytes_{0};
};

}  // namespace

std::optional<std::string> Response::First(std::string_view name) const {
    for (const Header& h : headers) {
        if (EqualsIgnoreCase(h.name, name)) return h.value;
    }
    return std::nullopt;
}

std::vector<std::string> Response::Values(std::string_view name) const {
    std::vector<std::string> out;
    for (const Header& h : headers) {
        if (EqualsIgnoreCase(h.name, name)) out.push_back(h.value);
    }
    return out;
}

std::string Response::HeaderBlock() const {
    std::string out;
    for (const Header& h : headers) out += h.name + ": " + h.value + "\r\n";
    return out;
}

std::string Response::MediaType() const {
    auto type = First("content-type");
    if (!type) return {};
    return AsciiLower(TrimAscii(std::string_view(*type).substr(0, type->find(';'))));
}

std::unique_ptr<Client> MakeCurlClient(ClientOptions options) { return std::make_unique<CurlClient>(std::move(options)); }

}  // namespace palisade::scan::http
