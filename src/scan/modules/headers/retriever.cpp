// SPDX-License-Identifier: Apache-2.0
#include "scan/modules/headers/retriever.hpp"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <algorithm>
#include <mutex>
#include <random>

#include "scan/modules/headers/web_util.hpp"

namespace palisade::scan::headers {
namespace {

constexpr int kMaxRedirects = 10;

bool IsRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

void GlobalInit() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Transfer {
    HttpResponse* response = nullptr;
    std::size_t max_body = 0;
    bool truncated = false;
    const CancelToken* cancel = nullptr;
};

std::size_t OnHeader(char* data, std::size_t size, std::size_t n, void* user) {
    auto* t = static_cast<Transfer*>(user);
    std::string_view line(data, size * n);
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
    if (line.starts_with("HTTP/")) {
        t->response->headers.clear();  // a new response (after 1xx)
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
        t->truncated = true;
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
    auto* t = static_cast<Transfer*>(user);
    return t->cancel->Stopped() ? 1 : 0;
}

CURLcode OnSslCtx(CURL*, void* ssl_ctx, void* user) {
    const auto* file = static_cast<const std::string*>(user);
    X509_STORE* store = SSL_CTX_get_cert_store(static_cast<SSL_CTX*>(ssl_ctx));
    if (!file->empty() && X509_STORE_load_file(store, file->c_str()) != 1) return CURLE_SSL_CACERT_BADFILE;
    return CURLE_OK;
}

struct Exchange {
    bool ok = false;
    bool cert_error = false;
    std::string error;
    HttpResponse response;
};

// One session: a curl handle (connection reuse, cookie engine for what is sent back), the Observatory-style
// recorded chain and our tough-cookie-like jar (what is scored).
class Session {
  public:
    Session(const SiteSpec& site, const RetrieveOptions& options, bool verify)
        : options_(options), verify_(verify) {
        handle_ = curl_easy_init();
        // The session's cookie engine is a share (kept across curl_easy_reset): CURLOPT_COOKIEFILE "" would do the
        // same, but libcurl 7.88 leaks its queued file name when a transfer fails before it starts.
        cookies_ = curl_share_init();
        if (cookies_) curl_share_setopt(cookies_, CURLSHOPT_SHARE, CURL_LOCK_DATA_COOKIE);
        if (handle_ && cookies_) curl_easy_setopt(handle_, CURLOPT_SHARE, cookies_);
        if (!site.address.empty() && !IsIpLiteral(site.host)) {
            std::string addr = site.address.find(':') != std::string::npos ? "[" + site.address + "]" : site.address;
            for (auto port : {site.http_port, site.https_port}) {
                if (port) resolve_ = curl_slist_append(resolve_, (site.host + ":" + std::to_string(*port) + ":" + addr).c_str());
            }
        }
    }
    ~Session() {
        if (handle_) curl_easy_cleanup(handle_);
        if (cookies_) curl_share_cleanup(cookies_);
        if (resolve_) curl_slist_free_all(resolve_);
    }
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    bool verify() const { return verify_; }

    Exchange Perform(std::string_view method, const std::string& url, const std::vector<std::string>& headers) {
        Exchange ex;
        if (!handle_) {
            ex.error = "curl_easy_init failed";
            return ex;
        }
        if (options_.cancel.Stopped()) {
            ex.error = "cancelled";
            return ex;
        }
        CURL* h = handle_;
        Transfer t{&ex.response, options_.max_body, false, &options_.cancel};
        curl_slist* list = nullptr;
        for (const std::string& header : headers) list = curl_slist_append(list, header.c_str());
        auto timeout = options_.request_timeout;
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(options_.cancel.Deadline() -
                                                                          std::chrono::steady_clock::now());
        if (options_.cancel.Deadline() != CancelToken::TimePoint::max()) timeout = std::min(timeout, left);
        timeout = std::max(timeout, std::chrono::milliseconds(1));
        long low_speed_time = std::max<long>(1, static_cast<long>(options_.connect_timeout.count() / 1000));
        curl_easy_reset(h);
        curl_easy_setopt(h, CURLOPT_URL, url.c_str());
        curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
        curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
        curl_easy_setopt(h, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1);
        curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
        curl_easy_setopt(h, CURLOPT_USERAGENT, options_.user_agent.c_str());
        curl_easy_setopt(h, CURLOPT_HTTPHEADER, list);
        curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.connect_timeout.count()));
        curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
        curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
        curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, low_speed_time);
        curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, OnHeader);
        curl_easy_setopt(h, CURLOPT_HEADERDATA, &t);
        curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, OnBody);
        curl_easy_setopt(h, CURLOPT_WRITEDATA, &t);
        curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
        curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, OnProgress);
        curl_easy_setopt(h, CURLOPT_XFERINFODATA, &t);
        curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, verify_ ? 1L : 0L);
        curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, verify_ ? 2L : 0L);
        if (!options_.ca_file.empty()) {
            curl_easy_setopt(h, CURLOPT_SSL_CTX_FUNCTION, OnSslCtx);
            curl_easy_setopt(h, CURLOPT_SSL_CTX_DATA, &options_.ca_file);
        }
        if (resolve_) curl_easy_setopt(h, CURLOPT_RESOLVE, resolve_);
        curl_easy_setopt(h, CURLOPT_OPENSOCKETFUNCTION, OnOpenSocket);
        curl_easy_setopt(h, CURLOPT_OPENSOCKETDATA, &options_.cancel);
        if (method == "OPTIONS") curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, "OPTIONS");
        CURLcode code = curl_easy_perform(h);
        long status = 0;
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
        curl_slist_free_all(list);
        ex.response.status = static_cast<int>(status);
        ex.response.url = url;
        ex.response.verified = verify_;
        if (code == CURLE_OK || (code == CURLE_WRITE_ERROR && t.truncated && status > 0)) {
            ex.ok = status > 0;
            if (!ex.ok) ex.error = "no HTTP response";
        } else {
            ex.cert_error = code == CURLE_PEER_FAILED_VERIFICATION;
            ex.error = curl_easy_strerror(code);
        }
        return ex;
    }

  private:
    const RetrieveOptions& options_;
    bool verify_;
    CURL* handle_ = nullptr;
    curl_slist* resolve_ = nullptr;
    CURLSH* cookies_ = nullptr;
};

struct SessionResult {
    std::optional<HttpResponse> response;
    std::vector<RedirectEntry> history;
    CookieJar jar;
    std::unique_ptr<Session> session;
    std::string url;  // the session's initial URL
    bool unverified_retry = false;
};

const std::vector<std::string>& StandardHeaders() {
    static const std::vector<std::string> h = {
        "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"};
    return h;
}

bool InScope(const RetrieveOptions& options, std::string_view host) {
    return !options.in_scope || options.in_scope(host);
}

// Follows the recorded chain from `start`. Returns false on a transport error (cert errors flagged in *cert).
bool RunChain(SessionResult& s, const RetrieveOptions& options, std::vector<std::string>& notes, bool* cert) {
    s.history.clear();
    s.response.reset();
    std::string url = s.url;
    for (int count = 0;; ++count) {
        Exchange ex = s.session->Perform("GET", url, StandardHeaders());
        if (!ex.ok) {
            *cert = ex.cert_error;
            notes.push_back(url + ": " + ex.error);
            return false;
        }
        s.history.push_back({url, ex.response.status});
        for (const std::string& c : ex.response.Values("set-cookie")) s.jar.Set(c, url);
        if (count < kMaxRedirects && IsRedirect(ex.response.status)) {
            auto base = ParseWebUrl(url);
            // A missing Location resolves the text "undefined", as `new URL(undefined, url)` does.
            auto next = base ? ResolveWebUrl(*base, ex.response.First("location").value_or("undefined")) : std::nullopt;
            if (!next || (next->scheme != "http" && next->scheme != "https")) {
                notes.push_back(url + ": unusable redirect");
                return false;
            }
            if (!InScope(options, next->host)) {
                notes.push_back(url + ": redirect to " + next->href + " is out of scope; chain ends here");
                s.response = std::move(ex.response);
                return true;
            }
            url = next->href;
            continue;
        }
        s.response = std::move(ex.response);
        return true;
    }
}

SessionResult OpenSession(const SiteSpec& site, const RetrieveOptions& options, const std::string& url,
                          std::vector<std::string>& notes) {
    SessionResult s;
    s.url = url;
    s.session = std::make_unique<Session>(site, options, true);
    bool cert = false;
    if (RunChain(s, options, notes, &cert)) return s;
    if (cert && !options.cancel.Stopped()) {
        s.unverified_retry = true;
        s.session = std::make_unique<Session>(site, options, false);
        if (RunChain(s, options, notes, &cert)) return s;
    }
    s.response.reset();
    s.history.clear();
    return s;
}

// A request on the session's second client (robots.txt, the preflight): redirects followed, not recorded -- except
// after an unverified retry, where the Observatory's second client records them and stores cookies of https hops.
std::optional<HttpResponse> AuxRequest(SessionResult& s, const RetrieveOptions& options, std::string method,
                                       std::string url, const std::vector<std::string>& headers) {
    for (int count = 0;; ++count) {
        Exchange ex = s.session->Perform(method, url, headers);
        if (!ex.ok) return std::nullopt;
        if (s.unverified_retry) {
            s.history.push_back({url, ex.response.status});
            if (url.starts_with("https:")) {
                for (const std::string& c : ex.response.Values("set-cookie")) s.jar.Set(c, url);
            }
        }
        if (count < kMaxRedirects && IsRedirect(ex.response.status)) {
            auto base = ParseWebUrl(url);
            auto next = base ? ResolveWebUrl(*base, ex.response.First("location").value_or("undefined")) : std::nullopt;
            if (!next || (next->scheme != "http" && next->scheme != "https") || !InScope(options, next->host)) {
                return ex.response;
            }
            if (ex.response.status == 303) method = "GET";
            url = next->href;
            continue;
        }
        return ex.response;
    }
}

std::string RandomOrigin() {
    static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    std::random_device rd;
    std::mt19937 gen(rd());
    std::uniform_int_distribution<int> pick(0, 35);
    std::string label;
    for (int i = 0; i < 12; ++i) label += kAlphabet[pick(gen)];
    return "https://" + label + ".palisade-cors-probe.example";
}

class CurlRetriever final : public Retriever {
  public:
    RetrievedSite Retrieve(const SiteSpec& site, const RetrieveOptions& options) override {
        GlobalInit();
        RetrievedSite out;
        std::string host_text = site.host.find(':') != std::string::npos ? "[" + site.host + "]" : site.host;
        std::string path = site.path.empty() || site.path.front() != '/' ? "/" + site.path : site.path;
        auto make_url = [&](std::string_view scheme, std::uint16_t port, std::uint16_t default_port) {
            return std::string(scheme) + "://" + host_text + (port == default_port ? "" : ":" + std::to_string(port)) +
                   path;
        };
        SessionResult http, https;
        if (site.http_port) http = OpenSession(site, options, make_url("http", *site.http_port, 80), out.notes);
        if (site.https_port) https = OpenSession(site, options, make_url("https", *site.https_port, 443), out.notes);
        out.cancelled = options.cancel.Stopped();
        ObservatoryInput& in = out.input;
        in.hostname = site.host;
        in.http = http.response;
        in.https = https.response;
        in.http_redirects = http.history;
        in.https_redirects = https.history;
        SessionResult* chosen = https.response ? &https : (http.response ? &http : nullptr);
        if (!chosen || out.cancelled) {
            if (chosen) in.auto_response = chosen->response;
            return out;
        }
        in.auto_response = chosen->response;
        in.session_url = chosen->url;
        auto base = ParseWebUrl(chosen->url);
        if (auto robots = base ? ResolveWebUrl(*base, "/robots.txt") : std::nullopt) {
            AuxRequest(*chosen, options, "GET", robots->href, {"Accept: text/plain,*/*;q=0.8"});
        }
        std::string cors_url = chosen->history.empty() ? chosen->url : chosen->history.back().url;
        in.cors = AuxRequest(*chosen, options, "OPTIONS", cors_url,
                             {"Access-Control-Request-Method: GET", "Origin: " + options.cors_origin});
        if (in.cors) in.cors->verified = chosen->response->verified;
        in.cookies = chosen->jar.cookies();
        if (options.cors_probe && !options.cancel.Stopped()) {
            out.cors_probe_origin = RandomOrigin();
            std::string final_url = chosen->response->url;
            Exchange ex = chosen->session->Perform("GET", final_url,
                                                   {StandardHeaders()[0], "Origin: " + out.cors_probe_origin});
            if (ex.ok) out.cors_probe = std::move(ex.response);
        }
        out.cancelled = options.cancel.Stopped();
        return out;
    }
};

}  // namespace

std::unique_ptr<Retriever> MakeCurlRetriever() { return std::make_unique<CurlRetriever>(); }

}  // namespace palisade::scan::headers
