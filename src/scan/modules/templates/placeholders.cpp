// SPDX-License-Identifier: Apache-2.0
#include "scan/modules/templates/placeholders.hpp"

#include "core/crypto.hpp"
#include "scan/modules/headers/web_util.hpp"

namespace palisade::scan::templates {
namespace {

// Go's path.Dir for the URL paths seen here: "" -> "", "/" -> "/", "/a" -> "/", "/a/b" -> "/a", "a" -> "".
std::string PathDir(std::string_view path) {
    std::size_t slash = path.rfind('/');
    if (slash == std::string_view::npos) return "";
    std::string_view dir = path.substr(0, slash);
    while (!dir.empty() && dir.back() == '/') dir.remove_suffix(1);
    return dir.empty() ? "/" : std::string(dir);
}

// Go's path.Base: "" -> "", "/" -> "/", "/a/b/" -> "b".
std::string PathBase(std::string_view path) {
    if (path.empty()) return "";
    while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
    if (path == "/") return "/";
    std::size_t slash = path.rfind('/');
    return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

}  // namespace

Result<Variables> InputPlaceholders(std::string_view target_url, bool trim_trailing_slash) {
    auto url = headers::ParseWebUrl(target_url);
    if (!url || (url->scheme != "http" && url->scheme != "https") || url->host.empty()) {
        return Fail(ErrorCode::kInvalidArgument, "target is not an absolute http(s) URL");
    }
    std::string host_text = url->host.find(':') != std::string::npos ? "[" + url->host + "]" : url->host;
    std::string hostname = host_text + (url->explicit_port ? ":" + std::to_string(url->port) : "");
    std::string path = url->path_query.substr(0, url->path_query.find('?'));
    std::string query;
    if (std::size_t q = url->path_query.find('?'); q != std::string::npos && q + 1 < url->path_query.size()) {
        query = url->path_query.substr(q);
    }
    // The parsed path is "/" at least; nuclei's input "http://h" has an empty path, "http://h/" the path "/".
    if (path == "/") {
        std::string_view raw = target_url;
        std::size_t scheme_end = raw.find("://");
        std::size_t path_start =
            scheme_end == std::string_view::npos ? raw.npos : raw.find_first_of("/?#", scheme_end + 3);
        if (path_start == std::string_view::npos || raw[path_start] != '/') path.clear();
    }
    if (trim_trailing_slash && !path.empty() && path.back() == '/') path.pop_back();
    Variables v;
    v["Scheme"] = url->scheme;
    v["Hostname"] = hostname;
    v["Host"] = url->host;  // Go URL.Hostname(): IPv6 without brackets
    v["FQDN"] = url->host;
    v["Port"] = std::to_string(url->port);
    v["RootURL"] = url->scheme + "://" + hostname;
    v["BaseURL"] = v["RootURL"] + path;
    v["Path"] = PathDir(path);
    v["File"] = PathBase(path);
    v["Query"] = query;
    v["Input"] = std::string(target_url);
    return v;
}

bool PathAddsSlash(std::string_view path_template) {
    while (!path_template.empty() && (path_template.front() == ' ' || path_template.front() == '\t')) {
        path_template.remove_prefix(1);
    }
    if (!path_template.starts_with("{{")) return false;
    std::size_t i = 2;
    while (i < path_template.size() && ((path_template[i] >= 'a' && path_template[i] <= 'z') ||
                                        (path_template[i] >= 'A' && path_template[i] <= 'Z'))) {
        ++i;
    }
    return i > 2 && path_template.substr(i).starts_with("}}/");
}

std::string RenderMarkers(std::string_view text,
                          const std::function<std::optional<std::string>(std::string_view)>& lookup,
                          std::size_t* unresolved) {
    std::string out;
    out.reserve(text.size());
    std::size_t pos = 0;
    while (true) {
        std::size_t open = text.find("{{", pos);
        std::size_t close = open == std::string_view::npos ? open : text.find("}}", open + 2);
        if (close == std::string_view::npos) {
            out.append(text.substr(pos));
            return out;
        }
        out.append(text.substr(pos, open - pos));
        std::string_view name = text.substr(open + 2, close - open - 2);
        while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
        while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
        if (auto value = lookup(name)) {
            out += *value;
        } else {
            out.append(text.substr(open, close + 2 - open));
            if (unresolved) ++*unresolved;
        }
        pos = close + 2;
    }
}

std::string RenderWith(std::string_view text, const Variables& variables, std::size_t* unresolved) {
    return RenderMarkers(
        text,
        [&](std::string_view name) -> std::optional<std::string> {
            auto it = variables.find(name);
            if (it == variables.end()) return std::nullopt;
            return it->second;
        },
        unresolved);
}

std::string RandomString(std::mt19937_64* rng) {
    static constexpr std::string_view kAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    std::string out(27, '0');
    std::string bytes = rng ? std::string() : RandomBytes(out.size());
    for (std::size_t i = 0; i < out.size(); ++i) {
        std::uint64_t r = rng ? (*rng)() : static_cast<unsigned char>(bytes[i]);
        out[i] = kAlphabet[r % kAlphabet.size()];
    }
    return out;
}

}  // namespace palisade::scan::templates
