// SPDX-License-Identifier: Apache-2.0
#include "scan/modules/templates/request_builder.hpp"

#include <set>

#include "scan/modules/headers/web_util.hpp"
#include "scan/modules/templates/placeholders.hpp"
#include "scan/modules/templates/text_util.hpp"

namespace palisade::scan::templates {
namespace {

struct SplitUrl {
    std::string path;   // without query
    std::string query;  // without '?'
};

SplitUrl SplitPathQuery(std::string_view path_query) {
    std::size_t hash = path_query.find('#');
    if (hash != std::string_view::npos) path_query = path_query.substr(0, hash);
    std::size_t q = path_query.find('?');
    if (q == std::string_view::npos) return {std::string(path_query), ""};
    return {std::string(path_query.substr(0, q)), std::string(path_query.substr(q + 1))};
}

// The input's parameters first, then the request's parameters whose names the input does not have (nuclei:
// "while merging parameters first preference is given to target params").
std::string MergeQuery(std::string_view input_query, std::string_view request_query) {
    if (input_query.empty()) return std::string(request_query);
    if (request_query.empty()) return std::string(input_query);
    std::set<std::string, std::less<>> names;
    std::size_t pos = 0;
    while (pos <= input_query.size()) {
        std::size_t amp = input_query.find('&', pos);
        std::string_view pair = input_query.substr(pos, amp - pos);
        names.emplace(pair.substr(0, pair.find('=')));
        if (amp == std::string_view::npos) break;
        pos = amp + 1;
    }
    std::string out(input_query);
    pos = 0;
    while (pos <= request_query.size()) {
        std::size_t amp = request_query.find('&', pos);
        std::string_view pair = request_query.substr(pos, amp - pos);
        if (!pair.empty() && !names.count(pair.substr(0, pair.find('=')))) {
            out += '&';
            out += pair;
        }
        if (amp == std::string_view::npos) break;
        pos = amp + 1;
    }
    return out;
}

std::string HostPort(const headers::WebUrl& url) { return LowerAscii(url.host) + ":" + std::to_string(url.port); }

// nuclei's UpdateURLPortFromPayload: "{{BaseURL}}:8080/x" sends to port 8080; returns the template without ":8080"
// and the target URL with the port replaced.
void ApplyPortOverride(std::string& path_template, std::string& target) {
    for (std::string_view prefix : {"{{BaseURL}}:", "{{RootURL}}:"}) {
        if (!path_template.starts_with(prefix)) continue;
        std::size_t end = prefix.size();
        while (end < path_template.size() && path_template[end] >= '0' && path_template[end] <= '9') ++end;
        if (end == prefix.size() || end - prefix.size() > 5) return;
        std::string port = path_template.substr(prefix.size(), end - prefix.size());
        path_template.erase(prefix.size() - 1, end - prefix.size() + 1);
        auto url = headers::ParseWebUrl(target);
        if (!url) return;
        std::string host = url->host.find(':') != std::string::npos ? "[" + url->host + "]" : url->host;
        target = url->scheme + "://" + host + ":" + port + url->path_query;
        return;
    }
}

void AddHeaders(http::Request& request, const HttpRequest& block, const Variables& variables, std::size_t& unresolved) {
    for (const http::Header& h : block.headers) {
        request.headers.push_back(
            {RenderWith(h.name, variables, &unresolved), RenderWith(h.value, variables, &unresolved)});
    }
}

bool HasHeader(const http::Request& request, std::string_view name) {
    for (const http::Header& h : request.headers) {
        if (LowerAscii(h.name) == LowerAscii(name)) return true;
    }
    return false;
}

void ApplyBlockOptions(http::Request& request, const HttpRequest& block) {
    request.follow_redirects = block.redirects && !block.host_redirects;
    request.max_redirects = block.max_redirects;
    request.max_body = block.max_size;
    request.use_cookies = !block.disable_cookie;
    if (block.timeout) request.timeout = *block.timeout;
}

}  // namespace

Variables ComposeVariables(const Template& tmpl, const Variables& base, const Variables& input) {
    Variables all = base;
    for (const auto& [name, value] : input) all[name] = value;
    for (const auto& [name, value] : tmpl.variables) all[name] = RenderWith(value, all);
    return all;
}

BuiltRequest BuildPathRequest(const Template& tmpl, const HttpRequest& block, std::string_view path_template,
                              std::string_view target_url, const Variables& base) {
    BuiltRequest out;
    std::string path(path_template);
    while (!path.empty() && (path.front() == ' ' || path.front() == '\t')) path.erase(0, 1);
    std::string target(target_url);
    ApplyPortOverride(path, target);
    auto input = InputPlaceholders(target, PathAddsSlash(path));
    if (!input) {
        out.error = input.error().message;
        return out;
    }
    out.variables = ComposeVariables(tmpl, base, *input);
    std::size_t unresolved = 0;
    std::string rendered = RenderWith(path, out.variables, &unresolved);
    http::Request request;
    request.method = block.method;
    AddHeaders(request, block, out.variables, unresolved);
    request.body = RenderWith(block.body, out.variables, &unresolved);
    if (unresolved > 0) {
        out.unresolved = true;
        return out;
    }
    auto url = headers::ParseWebUrl(rendered);
    auto target_parsed = headers::ParseWebUrl(target);
    if (!url || (url->scheme != "http" && url->scheme != "https") || !target_parsed) {
        out.error = "not an http(s) URL: " + rendered;
        return out;
    }
    if (LowerAscii(url->host) != LowerAscii(target_parsed->host)) {
        out.error = "request to another host refused: " + rendered;
        return out;
    }
    SplitUrl input_parts = SplitPathQuery(target_parsed->path_query);
    SplitUrl request_parts = SplitPathQuery(url->path_query);
    std::string query = MergeQuery(input_parts.query, request_parts.query);
    std::size_t authority = rendered.find("://") + 3;
    std::string without_query = rendered.substr(0, rendered.find_first_of("?#", authority));
    if (without_query.find('/', authority) == std::string::npos) without_query += "/";
    request.url = without_query + (query.empty() ? "" : "?" + query);
    if (!HasHeader(request, "Accept")) request.headers.push_back({"Accept", "*/*"});
    if (!HasHeader(request, "Accept-Language")) request.headers.push_back({"Accept-Language", "en"});
    ApplyBlockOptions(request, block);
    out.request = std::move(request);
    return out;
}

BuiltRequest BuildRawRequest(const Template& tmpl, const HttpRequest& block, std::string_view raw_template,
                             std::string_view target_url, const Variables& base) {
    BuiltRequest out;
    auto input = InputPlaceholders(target_url, false);
    auto target = headers::ParseWebUrl(target_url);
    if (!input || !target) {
        out.error = "target is not an absolute http(s) URL";
        return out;
    }
    out.variables = ComposeVariables(tmpl, base, *input);
    std::size_t unresolved = 0;
    std::string raw = RenderWith(raw_template, out.variables, &unresolved);
    if (unresolved > 0) {
        out.unresolved = true;
        return out;
    }
    // Request line: METHOD SP target [SP HTTP/x]; the target is merged with the input's path and query.
    std::size_t start = raw.find_first_not_of("\r\n");
    std::size_t line_end = start == std::string::npos ? std::string::npos : raw.find('\n', start);
    if (line_end == std::string::npos) {
        out.error = "raw request without header block";
        return out;
    }
    std::string line = raw.substr(start, line_end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::size_t sp1 = line.find(' ');
    std::size_t sp2 = sp1 == std::string::npos ? sp1 : line.rfind(' ');
    if (sp1 == std::string::npos || !line.substr(sp2 + 1).starts_with("HTTP/")) {
        out.error = "malformed raw request line: " + line;
        return out;
    }
    std::string method = line.substr(0, sp1);
    std::string version = line.substr(sp2 + 1);
    // "GET HTTP/1.1": no path, the input's is used (nuclei).
    std::string request_target = sp2 == sp1 ? "" : std::string(headers::TrimAscii(line.substr(sp1 + 1, sp2 - sp1 - 1)));
    if (request_target.starts_with("http://") || request_target.starts_with("https://")) {
        auto absolute = headers::ParseWebUrl(request_target);
        request_target = absolute ? absolute->path_query : "/";
    }
    if (request_target == "/") request_target.clear();
    SplitUrl input_parts = SplitPathQuery(target->path_query);
    SplitUrl raw_parts = SplitPathQuery(request_target);
    std::string base_path = block.disable_path_automerge ? "" : input_parts.path;
    std::string path;
    if (raw_parts.path.empty()) {
        path = base_path.empty() ? "/" : base_path;
    } else if (base_path.empty() || base_path == "/") {
        path = raw_parts.path.front() == '/' ? raw_parts.path : "/" + raw_parts.path;
    } else {
        while (!base_path.empty() && base_path.back() == '/') base_path.pop_back();
        path = base_path + (raw_parts.path.front() == '/' ? "" : "/") + raw_parts.path;
    }
    std::string query = MergeQuery(block.disable_path_automerge ? "" : input_parts.query, raw_parts.query);
    std::string merged_line = method + " " + path + (query.empty() ? "" : "?" + query) + " " + version;
    raw.replace(start, line_end - start, merged_line + "\r");
    std::string host_text = target->host.find(':') != std::string::npos ? "[" + target->host + "]" : target->host;
    std::string root =
        target->scheme + "://" + host_text + (target->explicit_port ? ":" + std::to_string(target->port) : "");
    auto parsed = http::ParseRawRequest(raw, root);
    if (!parsed) {
        out.error = parsed.error().message;
        return out;
    }
    http::Request request = std::move(*parsed);
    if (!HasHeader(request, "Host")) request.headers.insert(request.headers.begin(), {"Host", (*input)["Hostname"]});
    // nuclei trims one trailing CRLF of a raw body (not for multipart bodies).
    bool multipart = false;
    for (const http::Header& h : request.headers) {
        if (LowerAscii(h.name) == "content-type" && h.value.find("multipart/") != std::string::npos) multipart = true;
    }
    if (!multipart && request.body.ends_with("\r\n")) request.body.resize(request.body.size() - 2);
    auto sent_to = headers::ParseWebUrl(request.url);
    if (!sent_to || HostPort(*sent_to) != HostPort(*target)) {
        out.error = "request to another host refused: " + request.url;
        return out;
    }
    ApplyBlockOptions(request, block);
    out.request = std::move(request);
    return out;
}

std::string DumpRequest(const http::Request& request) {
    auto url = headers::ParseWebUrl(request.url);
    std::string target = url ? url->path_query : request.url;
    std::string out = request.method + " " + target + " HTTP/1.1\r\n";
    if (!HasHeader(request, "Host") && url) {
        std::string host = url->host.find(':') != std::string::npos ? "[" + url->host + "]" : url->host;
        out += "Host: " + host + (url->explicit_port ? ":" + std::to_string(url->port) : "") + "\r\n";
    }
    for (const http::Header& h : request.headers) out += h.name + ": " + h.value + "\r\n";
    out += "\r\n";
    out += request.body;
    return out;
}

}  // namespace palisade::scan::templates
