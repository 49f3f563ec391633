// SPDX-License-Identifier: Apache-2.0
// VulnerableSite and VulnerableApp, and the dispatcher: routing, methods (OPTIONS, HEAD, TRACE, 405), the
// soft-404 mode and the headers every answer carries.
#include "support/webapp/vulnerable_app.hpp"

#include <utility>

#include "support/webapp/site_kit.hpp"

namespace palisade::testing {
namespace webapp {
namespace {

constexpr const char* kServer = "Apache/2.4.41 (Ubuntu)";

bool IsHtml(const ScriptedResponse& response) {
    return ToLowerAscii(HeaderValue(response, "Content-Type")).starts_with("text/html");
}

bool MethodListed(std::string_view methods, std::string_view method) {
    while (!methods.empty()) {
        std::size_t comma = methods.find(',');
        std::string_view item = methods.substr(0, comma);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        if (item == method) return true;
        if (comma == std::string_view::npos) break;
        methods.remove_prefix(comma + 1);
    }
    return false;
}

}  // namespace

ScriptedResponse CatchAllPage() {
    return HtmlResponse(Layout("Welcome",
                               "<h1>Welcome to WebShop</h1>\n<p>Browse our <a href=\"/products?category="
                               "books\">products</a>.</p>\n"));
}

ScriptedResponse TraceEcho(const HttpRequestRecord& raw) {
    std::string echo = raw.method + " " + raw.target + " HTTP/1.1\r\n";
    for (const auto& [name, value] : raw.headers) echo += name + ": " + value + "\r\n";
    echo += "\r\n";
    return TextResponse(std::move(echo), "message/http");
}

Site::Site(VulnerableAppOptions options) : options_(std::move(options)) {
    AddSitePages(*this);
    AddXssPages(*this);
    AddSqlPages(*this);
    AddFilePages(*this);
    AddSessionPages(*this);
}

void Site::Add(Route route) { routes_.push_back(std::move(route)); }

const Route* Site::Find(std::string_view path) const {
    const Route* best = nullptr;
    for (const Route& route : routes_) {
        if (!route.prefix && route.path == path) return &route;
        if (route.prefix && path.starts_with(route.path) && (!best || route.path.size() > best->path.size())) {
            best = &route;
        }
    }
    return best;
}

ScriptedResponse Site::Dispatch(const HttpRequestRecord& raw) {
    const WebRequest request = ParseWebRequest(raw);
    const Route* route = Find(raw.path);
    ScriptedResponse response;
    bool frame_protection = true;
    if (raw.method == "TRACE" && !options_.catch_all) {
        response = TraceEcho(raw);
    } else if (route == nullptr || raw.method == "TRACE") {
        response = options_.catch_all ? CatchAllPage()
                                      : StatusPage(404, "Not Found", "The requested URL was not found on this server.");
    } else if (raw.method == "OPTIONS" && !route->own_options) {
        response = TextResponse("", "text/plain; charset=utf-8");
        response.headers.emplace_back("Allow", route->methods + ", OPTIONS");
    } else if (raw.method == "OPTIONS" || MethodListed(route->methods, raw.method) ||
               (raw.method == "HEAD" && MethodListed(route->methods, "GET"))) {
        response = route->handler(request);
        frame_protection = route->frame_protection;
    } else {
        response = StatusPage(405, "Method Not Allowed", "The requested method is not allowed for this URL.");
        response.headers.emplace_back("Allow", route->methods + ", OPTIONS");
    }
    if (frame_protection && IsHtml(response) && HeaderValue(response, "X-Frame-Options").empty()) {
        response.headers.emplace_back("X-Frame-Options", "SAMEORIGIN");
    }
    response.headers.emplace(response.headers.begin(), "Server", kServer);
    if (raw.method == "HEAD") response.body.clear();
    return response;
}

}  // namespace webapp

VulnerableSite::VulnerableSite(VulnerableAppOptions options)
    : site_(std::make_unique<webapp::Site>(std::move(options))) {}

VulnerableSite::~VulnerableSite() = default;

ScriptedResponse VulnerableSite::Handle(const HttpRequestRecord& request) { return site_->Dispatch(request); }

VulnerableApp::VulnerableApp(Options options)
    : options_(std::move(options)), site_(std::make_shared<VulnerableSite>(options_)) {
    fixture_.SetHandler([site = site_](const HttpRequestRecord& request) { return site->Handle(request); });
}

std::string VulnerableApp::Url(std::string_view path) const { return fixture_.Url(path); }

std::uint16_t VulnerableApp::port() const { return fixture_.port(); }

std::vector<HttpRequestRecord> VulnerableApp::Requests() const { return fixture_.Requests(); }

void VulnerableApp::Stop() { fixture_.Stop(); }

}  // namespace palisade::testing
