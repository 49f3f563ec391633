// SPDX-License-Identifier: Apache-2.0
// The internals of VulnerableApp shared by its page files: request parsing, response builders, HTML encoding, the
// page layout, the route table and the session store. Not part of the public API.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "support/http/http_fixture.hpp"
#include "support/webapp/vulnerable_app.hpp"

namespace palisade::testing::webapp {

using Params = std::vector<std::pair<std::string, std::string>>;

// %XX and '+' (as space) decoding; malformed escapes are kept as they are.
std::string UrlDecode(std::string_view text);
// Percent-encodes everything but unreserved characters.
std::string UrlEncode(std::string_view text);
// "a=1&b=2" -> decoded pairs, in order.
Params ParseParams(std::string_view text);
// Escapes & < > " ' for any HTML text or quoted attribute.
std::string HtmlEscape(std::string_view text);
std::string ToLowerAscii(std::string_view text);

// One request as the page handlers see it.
struct WebRequest {
    const HttpRequestRecord& raw;
    std::string method;  // HEAD is kept (handlers answer it like GET; the dispatcher drops the body)
    Params query;
    Params form;  // an application/x-www-form-urlencoded or multipart/form-data body
    std::map<std::string, std::string> cookies;

    const std::string& path() const { return raw.path; }
    bool IsPost() const { return method == "POST"; }
    std::optional<std::string> Query(std::string_view name) const;  // the first value
    std::string QueryOr(std::string_view name, std::string_view fallback) const;
    std::optional<std::string> Form(std::string_view name) const;
    std::string Cookie(std::string_view name) const;  // "" when absent
    std::string Header(std::string_view name) const { return raw.Header(name); }
    std::string BaseUrl() const;  // "http://" + Host header (127.0.0.1 when absent)
};
WebRequest ParseWebRequest(const HttpRequestRecord& raw);

// Response builders. Status reasons come from the status code.
ScriptedResponse HtmlResponse(std::string html, int status = 200);
ScriptedResponse TextResponse(std::string body, std::string content_type = "text/plain; charset=utf-8",
                              int status = 200);
ScriptedResponse RedirectResponse(std::string location, int status = 302);
ScriptedResponse StatusPage(int status, std::string_view title, std::string_view message);  // HTML, no reflection
std::string ReasonPhrase(int status);
std::string HeaderValue(const ScriptedResponse& response, std::string_view name);  // first value or ""

// A complete page in the site's layout: `title` is text (escaped here), `body` and `head` are HTML.
std::string Layout(std::string_view title, std::string_view body, std::string_view head = {});

using Handler = std::function<ScriptedResponse(const WebRequest&)>;

struct Route {
    std::string path;
    Handler handler;
    bool prefix = false;                      // matches every path starting with `path`
    std::string methods = "GET, HEAD, POST";  // what it answers; the Allow header adds OPTIONS
    bool frame_protection = true;             // the dispatcher adds X-Frame-Options: SAMEORIGIN to HTML answers
    bool own_options = false;                 // the handler answers OPTIONS itself (CORS preflight)
};

// Anonymous visitors (cookie "sid", issued plain: no HttpOnly, no SameSite) and logged-in users (cookie "auth").
class Sessions {
  public:
    struct Visitor {
        std::string sid;
        std::string set_cookie;  // the Set-Cookie value to send when the visitor is new, else ""
        std::string email;
        std::string csrf;  // random per visitor
    };
    struct User {
        std::string name;
        std::string email;
        std::string csrf;
    };

    Visitor EnsureVisitor(const WebRequest& request);
    void SetVisitorEmail(const std::string& sid, std::string email);
    std::string Login(const std::string& user);  // a new auth token
    std::optional<User> UserOf(const WebRequest& request) const;
    void SetUserEmail(const WebRequest& request, std::string email);
    void Logout(const WebRequest& request);
    std::string RandomHex(std::size_t bytes);

  private:
    std::string RandomHexLocked(std::size_t bytes);

    mutable std::mutex mutex_;
    std::mt19937_64 random_{std::random_device{}()};
    std::map<std::string, Visitor> visitors_;
    std::map<std::string, User> users_;
};

// The application: options, routes and shared state. Page files add their routes in the constructor.
class Site {
  public:
    explicit Site(VulnerableAppOptions options);

    const VulnerableAppOptions& options() const { return options_; }
    Sessions& sessions() { return sessions_; }
    void Add(Route route);
    ScriptedResponse Dispatch(const HttpRequestRecord& raw);

  private:
    const Route* Find(std::string_view path) const;

    VulnerableAppOptions options_;
    Sessions sessions_;
    std::vector<Route> routes_;  // filled before the first request, read-only afterwards
};

// The page files (each adds its routes to the site).
void AddSitePages(Site& site);     // home, robots.txt, sitemap.xml, static files, passive weaknesses
void AddXssPages(Site& site);      // reflected XSS in many contexts and encoded decoys
void AddSqlPages(Site& site);      // SQL injection (SQLite) and simulated DBMS errors
void AddFilePages(Site& site);     // path traversal, exposed files, uploads
void AddSessionPages(Site& site);  // login, account area, CSRF, CORS, redirects, politeness

// Answers for the dispatcher.
ScriptedResponse CatchAllPage();
ScriptedResponse TraceEcho(const HttpRequestRecord& raw);

}  // namespace palisade::testing::webapp
