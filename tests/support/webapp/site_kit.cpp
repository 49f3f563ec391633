// SPDX-License-Identifier: Apache-2.0
#include "support/webapp/site_kit.hpp"

#include <cstdio>

namespace palisade::testing::webapp {
namespace {

int HexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string_view TrimSpaces(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

std::optional<std::string> Lookup(const Params& params, std::string_view name) {
    for (const auto& [key, value] : params) {
        if (key == name) return value;
    }
    return std::nullopt;
}

// The value of `key=` in a header such as `form-data; name="x"` or `multipart/form-data; boundary=y`.
std::string HeaderParameter(std::string_view header, std::string_view key) {
    std::string lower = ToLowerAscii(header);
    std::string needle = std::string(key) + "=";
    for (std::size_t pos = lower.find(needle); pos != std::string::npos; pos = lower.find(needle, pos + 1)) {
        if (pos > 0 && lower[pos - 1] != ' ' && lower[pos - 1] != ';') continue;
        std::string_view rest = header.substr(pos + needle.size());
        if (!rest.empty() && rest.front() == '"') {
            rest.remove_prefix(1);
            return std::string(rest.substr(0, rest.find('"')));
        }
        return std::string(TrimSpaces(rest.substr(0, rest.find(';'))));
    }
    return {};
}

// The named parts of a multipart/form-data body (files too: their content is the value).
Params ParseMultipart(std::string_view body, std::string_view boundary) {
    Params out;
    const std::string delimiter = "--" + std::string(boundary);
    std::size_t pos = body.find(delimiter);
    while (pos != std::string_view::npos) {
        pos += delimiter.size();
        if (body.substr(pos, 2) == "--") break;
        std::size_t head_end = body.find("\r\n\r\n", pos);
        if (head_end == std::string_view::npos) break;
        std::string_view head = body.substr(pos, head_end - pos);
        std::size_t next = body.find("\r\n" + delimiter, head_end + 4);
        if (next == std::string_view::npos) break;
        std::string name;
        for (std::size_t line = 0; line < head.size();) {
            std::size_t end = head.find("\r\n", line);
            std::string_view text = head.substr(line, end == std::string_view::npos ? end : end - line);
            if (ToLowerAscii(text).starts_with("content-disposition:")) name = HeaderParameter(text, "name");
            if (end == std::string_view::npos) break;
            line = end + 2;
        }
        if (!name.empty()) out.emplace_back(name, std::string(body.substr(head_end + 4, next - head_end - 4)));
        pos = next + 2;
    }
    return out;
}

}  // namespace

std::string ToLowerAscii(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

std::string UrlDecode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '+') {
            out += ' ';
        } else if (text[i] == '%' && i + 2 < text.size() && HexValue(text[i + 1]) >= 0 && HexValue(text[i + 2]) >= 0) {
            out += static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2]));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

std::string UrlEncode(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
            c == '_' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

Params ParseParams(std::string_view text) {
    Params out;
    while (!text.empty()) {
        std::size_t amp = text.find('&');
        std::string_view pair = text.substr(0, amp);
        if (!pair.empty()) {
            std::size_t eq = pair.find('=');
            std::string name = UrlDecode(pair.substr(0, eq));
            std::string value = eq == std::string_view::npos ? std::string() : UrlDecode(pair.substr(eq + 1));
            out.emplace_back(std::move(name), std::move(value));
        }
        if (amp == std::string_view::npos) break;
        text.remove_prefix(amp + 1);
    }
    return out;
}

std::string HtmlEscape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::optional<std::string> WebRequest::Query(std::string_view name) const { return Lookup(query, name); }

std::string WebRequest::QueryOr(std::string_view name, std::string_view fallback) const {
    auto value = Lookup(query, name);
    return value ? *value : std::string(fallback);
}

std::optional<std::string> WebRequest::Form(std::string_view name) const { return Lookup(form, name); }

std::string WebRequest::Cookie(std::string_view name) const {
    auto it = cookies.find(std::string(name));
    return it == cookies.end() ? std::string() : it->second;
}

std::string WebRequest::BaseUrl() const {
    std::string host = raw.Header("Host");
    for (char c : host) {
        if (c == '/' || c == '\\' || c == '"' || c == '<' || c == '>' || c == ' ') return "http://127.0.0.1";
    }
    return "http://" + (host.empty() ? std::string("127.0.0.1") : host);
}

WebRequest ParseWebRequest(const HttpRequestRecord& raw) {
    WebRequest request{raw, raw.method, ParseParams(raw.query), {}, {}};
    const std::string type = ToLowerAscii(raw.Header("Content-Type"));
    if (type.starts_with("application/x-www-form-urlencoded")) {
        request.form = ParseParams(raw.body);
    } else if (type.starts_with("multipart/form-data")) {
        std::string boundary = HeaderParameter(raw.Header("Content-Type"), "boundary");
        if (!boundary.empty()) request.form = ParseMultipart(raw.body, boundary);
    }
    for (const auto& [name, value] : raw.headers) {
        if (ToLowerAscii(name) != "cookie") continue;
        std::string_view rest = value;
        while (!rest.empty()) {
            std::size_t semi = rest.find(';');
            std::string_view pair = TrimSpaces(rest.substr(0, semi));
            std::size_t eq = pair.find('=');
            if (eq != std::string_view::npos) {
                request.cookies.emplace(std::string(TrimSpaces(pair.substr(0, eq))),
                                        std::string(TrimSpaces(pair.substr(eq + 1))));
            }
            if (semi == std::string_view::npos) break;
            rest.remove_prefix(semi + 1);
        }
    }
    return request;
}

std::string ReasonPhrase(int status) {
    switch (status) {
        case 200:
            return "OK";
        case 201:
            return "Created";
        case 204:
            return "No Content";
        case 301:
            return "Moved Permanently";
        case 302:
            return "Found";
        case 400:
            return "Bad Request";
        case 403:
            return "Forbidden";
        case 404:
            return "Not Found";
        case 405:
            return "Method Not Allowed";
        case 413:
            return "Payload Too Large";
        case 429:
            return "Too Many Requests";
        case 500:
            return "Internal Server Error";
        default:
            return "Status";
    }
}

ScriptedResponse TextResponse(std::string body, std::string content_type, int status) {
    ScriptedResponse r;
    r.status = status;
    r.reason = ReasonPhrase(status);
    r.headers = {{"Content-Type", std::move(content_type)}};
    r.body = std::move(body);
    return r;
}

ScriptedResponse HtmlResponse(std::string html, int status) {
    return TextResponse(std::move(html), "text/html; charset=utf-8", status);
}

ScriptedResponse RedirectResponse(std::string location, int status) {
    ScriptedResponse r = HtmlResponse("<!DOCTYPE html><title>Moved</title><p>This page has moved.</p>", status);
    r.headers.emplace_back("Location", std::move(location));
    return r;
}

ScriptedResponse StatusPage(int status, std::string_view title, std::string_view message) {
    return HtmlResponse(Layout(title, "<h1>" + HtmlEscape(title) + "</h1>\n<p>" + HtmlEscape(message) + "</p>\n"),
                        status);
}

std::string HeaderValue(const ScriptedResponse& response, std::string_view name) {
    const std::string lower = ToLowerAscii(name);
    for (const auto& [key, value] : response.headers) {
        if (ToLowerAscii(key) == lower) return value;
    }
    return {};
}

std::string Layout(std::string_view title, std::string_view body, std::string_view head) {
    std::string html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>";
    html += HtmlEscape(title);
    html += " - WebShop</title>\n<link rel=\"stylesheet\" href=\"/static/css/site.css\">\n";
    html += head;
    html +=
        "</head>\n<body>\n<header><a href=\"/\">WebShop</a> | <a href=\"/products?category=books\">Products</a> | "
        "<a href=\"/search\">Search</a> | <a href=\"/about\">About</a> | <a href=\"/login\">Log in</a></header>\n"
        "<main>\n";
    html += body;
    html += "</main>\n<footer>&copy; 2024 WebShop | <a href=\"/contact\">Contact</a></footer>\n</body>\n</html>\n";
    return html;
}

std::string Sessions::RandomHexLocked(std::size_t bytes) {
    std::string out;
    for (std::size_t i = 0; i < bytes; ++i) {
        char pair[3];
        std::snprintf(pair, sizeof pair, "%02x", static_cast<unsigned>(random_() & 0xff));
        out += pair;
    }
    return out;
}

std::string Sessions::RandomHex(std::size_t bytes) {
    std::lock_guard lock(mutex_);
    return RandomHexLocked(bytes);
}

Sessions::Visitor Sessions::EnsureVisitor(const WebRequest& request) {
    constexpr std::size_t kMaxVisitors = 20000;  // a long benchmark run forgets old visitors
    std::lock_guard lock(mutex_);
    if (auto it = visitors_.find(request.Cookie("sid")); it != visitors_.end()) return it->second;
    if (visitors_.size() >= kMaxVisitors) visitors_.clear();
    Visitor visitor;
    visitor.sid = RandomHexLocked(16);
    visitor.email = "guest@webshop.example";
    visitor.csrf = RandomHexLocked(16);
    visitors_[visitor.sid] = visitor;
    visitor.set_cookie = "sid=" + visitor.sid + "; Path=/";
    return visitor;
}

void Sessions::SetVisitorEmail(const std::string& sid, std::string email) {
    std::lock_guard lock(mutex_);
    if (auto it = visitors_.find(sid); it != visitors_.end()) it->second.email = std::move(email);
}

std::string Sessions::Login(const std::string& user) {
    constexpr std::size_t kMaxUsers = 20000;
    std::lock_guard lock(mutex_);
    if (users_.size() >= kMaxUsers) users_.clear();
    std::string token = RandomHexLocked(16);
    users_[token] = User{user, user + "@webshop.example", RandomHexLocked(16)};
    return token;
}

std::optional<Sessions::User> Sessions::UserOf(const WebRequest& request) const {
    std::lock_guard lock(mutex_);
    auto it = users_.find(request.Cookie("auth"));
    if (it == users_.end()) return std::nullopt;
    return it->second;
}

void Sessions::SetUserEmail(const WebRequest& request, std::string email) {
    std::lock_guard lock(mutex_);
    if (auto it = users_.find(request.Cookie("auth")); it != users_.end()) it->second.email = std::move(email);
}

void Sessions::Logout(const WebRequest& request) {
    std::lock_guard lock(mutex_);
    users_.erase(request.Cookie("auth"));
}

}  // namespace palisade::testing::webapp
