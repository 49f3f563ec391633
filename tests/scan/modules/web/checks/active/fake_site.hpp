// SPDX-License-Identifier: Apache-2.0
// Helpers for the active-check tests: canned responses, a client that records every request and answers from a
// lambda (a simulated site), and a context that collects findings.
#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "scan/engine/cancel.hpp"
#include "scan/engine/finding.hpp"
#include "scan/http/http_client.hpp"
#include "scan/modules/web/web_types.hpp"

namespace palisade::scan::web::testing {

inline http::Response MakeResponse(int status, std::string body, std::vector<http::Header> headers = {},
                                   std::string content_type = "text/html; charset=utf-8") {
    http::Response r;
    r.status = status;
    r.body = std::move(body);
    if (!content_type.empty()) r.headers.push_back({"Content-Type", content_type});
    for (auto& h : headers) r.headers.push_back(std::move(h));
    r.duration = std::chrono::milliseconds(40);
    return r;
}

inline http::Response HtmlPage(std::string body, std::vector<http::Header> headers = {}) {
    return MakeResponse(200,
                        "<html><head><title>Shop</title></head><body><h1>Shop</h1>" + std::move(body) +
                            "<footer>Contact us</footer></body></html>",
                        std::move(headers));
}

inline http::Response NotFound() { return MakeResponse(404, "<html><body><h1>Not Found</h1></body></html>"); }

// The query parameters of a request URL (decoded).
inline std::vector<std::pair<std::string, std::string>> QueryOf(const std::string& url) {
    auto q = url.find('?');
    return q == std::string::npos ? std::vector<std::pair<std::string, std::string>>{} : ParseQuery(url.substr(q + 1));
}

inline std::string Param(const http::Request& request, const std::string& name) {
    auto params = request.method == "POST" ? ParseQuery(request.body) : QueryOf(request.url);
    for (const auto& [k, v] : params) {
        if (k == name) return v;
    }
    return {};
}

inline std::string PathOfUrl(const std::string& url) {
    auto scheme = url.find("://");
    auto slash = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
    if (slash == std::string::npos) return "/";
    auto q = url.find('?', slash);
    return url.substr(slash, q == std::string::npos ? std::string::npos : q - slash);
}

// A simulated site: answers from `handler`, records every request. Thread-safe.
class FakeSite {
  public:
    using Handler = std::function<http::Response(const http::Request&)>;
    explicit FakeSite(Handler handler)
        : handler_(std::move(handler)), client_([this](const http::Request& request) -> Result<http::Response> {
              std::lock_guard lock(mutex_);
              requests_.push_back(request);
              return handler_(request);
          }) {}

    http::Client& client() { return client_; }
    std::vector<http::Request> requests() const {
        std::lock_guard lock(mutex_);
        return requests_;
    }
    std::size_t count() const { return requests().size(); }

  private:
    Handler handler_;
    http::FunctionClient client_;
    mutable std::mutex mutex_;
    std::vector<http::Request> requests_;
};

// Collects the findings of one check run.
struct Findings {
    std::vector<Finding> all;
    std::mutex mutex;

    std::function<void(Finding)> Sink() {
        return [this](Finding f) {
            std::lock_guard lock(mutex);
            all.push_back(std::move(f));
        };
    }
    std::vector<std::string> Ids() {
        std::lock_guard lock(mutex);
        std::vector<std::string> ids;
        for (const auto& f : all) ids.push_back(f.check);
        return ids;
    }
    const Finding* Get(std::string_view id) {
        std::lock_guard lock(mutex);
        for (const auto& f : all) {
            if (f.check == id) return &f;
        }
        return nullptr;
    }
};

inline CheckContext Context(FakeSite& site, Findings& findings, CancelToken cancel = {}) {
    return CheckContext{site.client(), std::move(cancel), findings.Sink()};
}

// An injection point on a GET query parameter of `url` (without query).
inline InjectionPoint QueryPoint(std::string url, std::vector<std::pair<std::string, std::string>> params,
                                 std::size_t index = 0) {
    InjectionPoint p;
    p.location = InjectionPoint::Location::kQuery;
    p.method = "GET";
    p.url = std::move(url);
    p.params = std::move(params);
    p.index = index;
    p.page_url = p.url;
    return p;
}

inline InjectionPoint BodyPoint(std::string url, std::vector<std::pair<std::string, std::string>> params,
                                std::size_t index = 0) {
    InjectionPoint p = QueryPoint(std::move(url), std::move(params), index);
    p.location = InjectionPoint::Location::kBody;
    p.method = "POST";
    return p;
}

}  // namespace palisade::scan::web::testing
