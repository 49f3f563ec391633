// SPDX-License-Identifier: Apache-2.0
// Sessions and cross-site matters: login and the account area, a CSRF-able form and a token-protected decoy, a
// CORS API that trusts any origin with credentials and a public one, an open redirect and a checked decoy, and a
// politeness page that answers 429 once.
#include <cstdio>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include "support/webapp/site_kit.hpp"

namespace palisade::testing::webapp {
namespace {

// A same-site path: starts with one '/', not "//" or "/\" (browsers read both as another host), no control bytes.
bool IsLocalPath(std::string_view next) {
    if (next.empty() || next.front() != '/') return false;
    if (next.size() > 1 && (next[1] == '/' || next[1] == '\\')) return false;
    for (unsigned char c : next) {
        if (c < 0x20 || c == 0x7f || c == '\\') return false;
    }
    return true;
}

std::string JsonString(std::string_view text) {
    std::string out = "\"";
    for (unsigned char c : text) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c < 0x20 || c == '<' || c == '>') {
            char buffer[8];
            std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
            out += buffer;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out + "\"";
}

std::string LoginForm(const std::string& next, const std::string& user, bool failed) {
    std::string body = "<h1>Log in</h1>\n";
    if (failed) body += "<p class=\"error\">Invalid user name or password.</p>\n";
    body += "<form action=\"/login\" method=\"post\">\n  <input type=\"hidden\" name=\"next\" value=\"" +
            HtmlEscape(next) + "\">\n  <label>User <input type=\"text\" name=\"user\" value=\"" + HtmlEscape(user) +
            "\"></label>\n  <label>Password <input type=\"password\" name=\"pass\"></label>\n  <button "
            "type=\"submit\">Log in</button>\n</form>\n";
    return Layout("Log in", body);
}

ScriptedResponse AccountPage(Sessions& sessions, const WebRequest& request, const Sessions::User& user) {
    const std::string& path = request.path();
    if (path == "/account/") {
        return HtmlResponse(
            Layout("Account", "<h1>Welcome, " + HtmlEscape(user.name) +
                                  "</h1>\n<ul>\n  <li><a "
                                  "href=\"/account/search?q=invoice\">Search your orders</a></li>\n  <li>"
                                  "<a href=\"/account/settings\">Settings</a></li>\n  <li><a href=\""
                                  "/logout\">Log out</a></li>\n</ul>\n"));
    }
    if (path == "/account/search") {
        const std::string q = request.QueryOr("q", "");
        std::string body =
            "<h1>Your orders</h1>\n<form action=\"/account/search\">\n  <input type=\"text\" "
            "name=\"q\" value=\"" +
            HtmlEscape(q) + "\">\n  <button>Search</button>\n</form>\n";
        if (!q.empty()) body += "<p>No orders match <i>" + q + "</i>.</p>\n";
        return HtmlResponse(Layout("Orders", body));
    }
    if (path == "/account/settings") {
        std::string body = "<h1>Settings</h1>\n";
        if (request.IsPost()) {
            if (request.Form("csrf_token").value_or("") != user.csrf) {
                return StatusPage(403, "Forbidden", "Invalid CSRF token.");
            }
            sessions.SetUserEmail(request, request.Form("email").value_or(user.email));
            body += "<p>Saved.</p>\n";
        }
        std::optional<Sessions::User> now = sessions.UserOf(request);
        body +=
            "<form action=\"/account/settings\" method=\"post\">\n  <input type=\"hidden\" name=\"csrf_token\" "
            "value=\"" +
            user.csrf + "\">\n  <input type=\"email\" name=\"email\" value=\"" +
            HtmlEscape(now ? now->email : user.email) +
            "\">\n  <input type=\"password\" name=\"new_password\">\n"
            "  <button type=\"submit\">Save</button>\n</form>\n";
        return HtmlResponse(Layout("Settings", body));
    }
    return StatusPage(404, "Not Found", "The requested URL was not found on this server.");
}

void AddCorsHeaders(ScriptedResponse& response, const WebRequest& request) {
    const std::string origin = request.Header("Origin");
    if (origin.empty() || origin.find_first_of("\r\n") != std::string::npos) return;
    response.headers.emplace_back("Access-Control-Allow-Origin", origin);
    response.headers.emplace_back("Access-Control-Allow-Credentials", "true");
    response.headers.emplace_back("Vary", "Origin");
}

}  // namespace

void AddSessionPages(Site& site) {
    Sessions& sessions = site.sessions();
    const VulnerableAppOptions& options = site.options();

    site.Add({"/login",
              [&sessions, &options](const WebRequest& request) {
                  if (!request.IsPost()) {
                      std::string next = request.QueryOr("next", "/account/");
                      return HtmlResponse(LoginForm(IsLocalPath(next) ? next : "/account/", "", false));
                  }
                  const std::string user = request.Form("user").value_or("");
                  const std::string next = request.Form("next").value_or("/account/");
                  if (user != options.username || request.Form("pass").value_or("") != options.password) {
                      return HtmlResponse(LoginForm(IsLocalPath(next) ? next : "/account/", user, true));
                  }
                  ScriptedResponse r = RedirectResponse(IsLocalPath(next) ? next : "/account/");
                  r.headers.emplace_back("Set-Cookie",
                                         "auth=" + sessions.Login(user) + "; Path=/; HttpOnly; SameSite=Strict");
                  return r;
              },
              false, "GET, HEAD, POST", false});
    site.Add({"/logout", [&sessions](const WebRequest& request) {
                  sessions.Logout(request);
                  ScriptedResponse r = RedirectResponse("/");
                  r.headers.emplace_back("Set-Cookie", "auth=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
                  return r;
              }});
    site.Add({"/account", [](const WebRequest&) { return RedirectResponse("/account/", 301); }});
    site.Add({"/account/",
              [&sessions](const WebRequest& request) {
                  std::optional<Sessions::User> user = sessions.UserOf(request);
                  if (!user) return RedirectResponse("/login?next=" + UrlEncode(request.path()));
                  return AccountPage(sessions, request, *user);
              },
              true});

    // CSRF: no token, the plain sid cookie is all that identifies the visitor.
    site.Add({"/profile", [&sessions](const WebRequest& request) {
                  Sessions::Visitor visitor = sessions.EnsureVisitor(request);
                  std::string body = "<h1>Your profile</h1>\n";
                  if (request.IsPost()) {
                      visitor.email = request.Form("email").value_or(visitor.email);
                      sessions.SetVisitorEmail(visitor.sid, visitor.email);
                      body += "<p>Your email address is now " + HtmlEscape(visitor.email) + ".</p>\n";
                  }
                  body +=
                      "<form action=\"/profile\" method=\"post\">\n  <input type=\"email\" name=\"email\" value=\"" +
                      HtmlEscape(visitor.email) +
                      "\">\n  <button type=\"submit\">Change email</button>\n"
                      "</form>\n";
                  ScriptedResponse r = HtmlResponse(Layout("Profile", body));
                  if (!visitor.set_cookie.empty()) r.headers.emplace_back("Set-Cookie", visitor.set_cookie);
                  return r;
              }});
    // Decoy: a per-visitor random token, checked.
    site.Add({"/newsletter", [&sessions](const WebRequest& request) {
                  Sessions::Visitor visitor = sessions.EnsureVisitor(request);
                  std::string body = "<h1>Newsletter</h1>\n";
                  if (request.IsPost()) {
                      if (!visitor.set_cookie.empty() || request.Form("csrf_token").value_or("") != visitor.csrf) {
                          return StatusPage(403, "Forbidden", "Invalid CSRF token.");
                      }
                      body += "<p>Subscribed " + HtmlEscape(request.Form("email").value_or("")) + ".</p>\n";
                  }
                  body +=
                      "<form action=\"/newsletter\" method=\"post\">\n  <input type=\"hidden\" "
                      "name=\"csrf_token\" value=\"" +
                      visitor.csrf +
                      "\">\n  <input type=\"email\" name=\"email\""
                      ">\n  <button type=\"submit\">Subscribe</button>\n</form>\n<p><a href=\"/track?ref="
                      "newsletter\">Where did you hear about us?</a></p>\n";
                  ScriptedResponse r = HtmlResponse(Layout("Newsletter", body));
                  if (!visitor.set_cookie.empty()) r.headers.emplace_back("Set-Cookie", visitor.set_cookie);
                  return r;
              }});

    // CORS: any origin, with credentials.
    site.Add({"/api/profile",
              [&sessions](const WebRequest& request) {
                  ScriptedResponse r;
                  if (request.method == "OPTIONS") {
                      r = TextResponse("");
                      r.status = 204;
                      r.reason = ReasonPhrase(204);
                      r.headers.emplace_back("Access-Control-Allow-Methods", "GET, POST");
                      if (std::string h = request.Header("Access-Control-Request-Headers");
                          !h.empty() && h.find_first_of("\r\n") == std::string::npos) {
                          r.headers.emplace_back("Access-Control-Allow-Headers", h);
                      }
                  } else {
                      std::optional<Sessions::User> user = sessions.UserOf(request);
                      r = TextResponse("{\"user\":" + JsonString(user ? user->name : "guest") +
                                           ",\"email\":" + JsonString(user ? user->email : "guest@webshop.example") +
                                           ",\"orders\":" + (user ? "3" : "0") + "}\n",
                                       "application/json");
                  }
                  AddCorsHeaders(r, request);
                  return r;
              },
              false, "GET, HEAD, POST", true, true});
    site.Add({"/api/public", [](const WebRequest&) {
                  ScriptedResponse r = TextResponse("{\"status\":\"ok\",\"products\":6}\n", "application/json");
                  r.headers.emplace_back("Access-Control-Allow-Origin", "*");
                  return r;
              }});

    // Open redirect, and a decoy that only accepts local paths.
    site.Add({"/go", [](const WebRequest& request) {
                  const std::string url = request.QueryOr("url", "");
                  if (url.empty() || url.find_first_of("\r\n") != std::string::npos) {
                      return StatusPage(400, "Bad Request", "Missing or invalid url.");
                  }
                  return RedirectResponse(url);
              }});
    site.Add({"/safe-go", [](const WebRequest& request) {
                  const std::string next = request.QueryOr("next", "/");
                  return RedirectResponse(IsLocalPath(next) ? next : "/");
              }});

    // Politeness: each client (User-Agent plus an optional ?client=) is told to wait once.
    struct Clients {
        std::mutex mutex;
        std::set<std::string> seen;
    };
    auto clients = std::make_shared<Clients>();
    site.Add({"/slow-down", [clients](const WebRequest& request) {
                  const std::string key = request.Header("User-Agent") + "|" + request.QueryOr("client", "");
                  bool first;
                  {
                      std::lock_guard lock(clients->mutex);
                      if (clients->seen.size() > 10000) clients->seen.clear();
                      first = clients->seen.insert(key).second;
                  }
                  if (!first) return TextResponse("Thank you for waiting.\n");
                  ScriptedResponse r = TextResponse("Too many requests, retry later.\n", "text/plain", 429);
                  r.headers.emplace_back("Retry-After", "1");
                  return r;
              }});
}

}  // namespace palisade::testing::webapp
