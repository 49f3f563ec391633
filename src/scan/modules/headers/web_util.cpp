// SPDX-License-Identifier: Apache-2.0
#include "scan/modules/headers/web_util.hpp"

#include <arpa/inet.h>
#include <gumbo.h>
#include <libpsl.h>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace palisade::scan::headers {
namespace {

bool IsAsciiWs(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool IsSpecialScheme(std::string_view s) {
    return s == "http" || s == "https" || s == "ws" || s == "wss" || s == "ftp";
}

std::uint16_t DefaultPort(std::string_view scheme) {
    if (scheme == "http" || scheme == "ws") return 80;
    if (scheme == "https" || scheme == "wss") return 443;
    if (scheme == "ftp") return 21;
    return 0;
}

// Percent-encodes what WHATWG's path/query percent-encode sets would (approximation: controls, space, non-ASCII,
// and "<>`).
std::string EncodeUrlPart(std::string_view s) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(s.size());
    for (unsigned char c : s) {
        if (c <= 0x20 || c >= 0x7f || c == '"' || c == '<' || c == '>' || c == '`') {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

// RFC 3986 §5.2.4 dot-segment removal on an absolute path.
std::string RemoveDotSegments(std::string_view path) {
    std::vector<std::string_view> out;
    std::size_t pos = 1;  // path starts with '/'
    bool trailing_slash = false;
    while (pos <= path.size()) {
        std::size_t next = path.find('/', pos);
        std::string_view seg = path.substr(pos, next == std::string_view::npos ? std::string_view::npos : next - pos);
        std::string lower = AsciiLower(seg);
        bool last = next == std::string_view::npos;
        if (lower == "." || lower == "%2e") {
            trailing_slash = last;
        } else if (lower == ".." || lower == ".%2e" || lower == "%2e." || lower == "%2e%2e") {
            if (!out.empty()) out.pop_back();
            trailing_slash = last;
        } else {
            out.push_back(seg);
            trailing_slash = false;
        }
        if (last) break;
        pos = next + 1;
    }
    std::string result;
    for (std::string_view seg : out) {
        result += '/';
        result += seg;
    }
    if (trailing_slash || result.empty()) result += '/';
    return result;
}

std::string CleanUrlInput(std::string_view text) {
    std::size_t b = 0, e = text.size();
    while (b < e && static_cast<unsigned char>(text[b]) <= 0x20) ++b;
    while (e > b && static_cast<unsigned char>(text[e - 1]) <= 0x20) --e;
    std::string out;
    for (char c : text.substr(b, e - b)) {
        if (c != '\t' && c != '\n' && c != '\r') out += c;
    }
    return out;
}

const psl_ctx_t* Psl() {
    static const psl_ctx_t* ctx = [] {
        const psl_ctx_t* latest = psl_latest(nullptr);
        return latest ? latest : psl_builtin();
    }();
    return ctx;
}

std::string HostOf(std::string_view host_or_url) {
    if (host_or_url.find("://") != std::string_view::npos) {
        if (auto u = ParseWebUrl(host_or_url)) return u->host;
        return {};
    }
    std::string_view h = host_or_url.substr(0, host_or_url.find_first_of("/?#"));
    if (!h.empty() && h.front() == '[') {
        std::size_t close = h.find(']');
        return std::string(h.substr(1, close == std::string_view::npos ? std::string_view::npos : close - 1));
    }
    if (std::count(h.begin(), h.end(), ':') == 1) h = h.substr(0, h.find(':'));
    return AsciiLower(h);
}

}  // namespace

std::string AsciiLower(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

std::string_view TrimAscii(std::string_view s) {
    while (!s.empty() && IsAsciiWs(s.front())) s.remove_prefix(1);
    while (!s.empty() && IsAsciiWs(s.back())) s.remove_suffix(1);
    return s;
}

std::optional<WebUrl> ParseWebUrl(std::string_view text) {
    std::string input = CleanUrlInput(text);
    std::string_view in(input);
    if (in.empty() || !IsAlpha(in.front())) return std::nullopt;
    std::size_t colon = 0;
    while (colon < in.size() &&
           (IsAlpha(in[colon]) || IsDigit(in[colon]) || in[colon] == '+' || in[colon] == '-' || in[colon] == '.')) {
        ++colon;
    }
    if (colon >= in.size() || in[colon] != ':') return std::nullopt;
    WebUrl url;
    url.scheme = AsciiLower(in.substr(0, colon));
    std::string_view rest = in.substr(colon + 1);
    if (!IsSpecialScheme(url.scheme)) {
        std::size_t hash = rest.find('#');
        url.path_query = std::string(rest.substr(0, hash));
        url.href = url.scheme + ":" + url.path_query;
        return url;
    }
    while (!rest.empty() && (rest.front() == '/' || rest.front() == '\\')) rest.remove_prefix(1);
    std::size_t auth_end = rest.find_first_of("/\\?#");
    std::string_view authority = rest.substr(0, auth_end);
    rest = auth_end == std::string_view::npos ? std::string_view{} : rest.substr(auth_end);
    std::string userinfo;
    if (std::size_t at = authority.rfind('@'); at != std::string_view::npos) {
        userinfo = std::string(authority.substr(0, at));
        authority = authority.substr(at + 1);
    }
    std::string_view host = authority, port;
    if (!authority.empty() && authority.front() == '[') {
        std::size_t close = authority.find(']');
        if (close == std::string_view::npos) return std::nullopt;
        host = authority.substr(1, close - 1);
        std::string_view after = authority.substr(close + 1);
        if (!after.empty()) {
            if (after.front() != ':') return std::nullopt;
            port = after.substr(1);
        }
    } else if (std::size_t c = authority.rfind(':'); c != std::string_view::npos) {
        host = authority.substr(0, c);
        port = authority.substr(c + 1);
    }
    if (host.empty()) return std::nullopt;
    for (char ch : host) {
        if (static_cast<unsigned char>(ch) <= 0x20 || ch == '<' || ch == '>' || ch == '^' || ch == '|' ||
            ch == '%') {
            return std::nullopt;
        }
    }
    url.host = AsciiLower(host);
    while (!url.host.empty() && url.host.back() == '.' && url.host.size() > 1 &&
           url.host[url.host.size() - 2] == '.') {
        url.host.pop_back();
    }
    url.port = DefaultPort(url.scheme);
    if (!port.empty()) {
        unsigned value = 0;
        for (char ch : port) {
            if (!IsDigit(ch)) return std::nullopt;
            value = value * 10 + static_cast<unsigned>(ch - '0');
            if (value > 65535) return std::nullopt;
        }
        if (value != url.port) url.explicit_port = true;
        url.port = static_cast<std::uint16_t>(value);
    }
    std::size_t hash = rest.find('#');
    rest = rest.substr(0, hash);
    std::size_t q = rest.find('?');
    std::string path(rest.substr(0, q));
    std::replace(path.begin(), path.end(), '\\', '/');
    if (path.empty()) path = "/";
    url.path_query = EncodeUrlPart(RemoveDotSegments(path));
    if (q != std::string_view::npos) url.path_query += "?" + EncodeUrlPart(rest.substr(q + 1));
    std::string host_text = url.host.find(':') != std::string::npos ? "[" + url.host + "]" : url.host;
    url.href = url.scheme + "://" + (userinfo.empty() ? "" : userinfo + "@") + host_text +
               (url.explicit_port ? ":" + std::to_string(url.port) : "") + url.path_query;
    return url;
}

std::optional<WebUrl> ResolveWebUrl(const WebUrl& base, std::string_view reference) {
    std::string ref = CleanUrlInput(reference);
    if (auto absolute = ParseWebUrl(ref)) {
        // "http:foo" relative to an http base is a relative reference in WHATWG URL parsing.
        std::string_view after(ref);
        after.remove_prefix(absolute->scheme.size() + 1);
        if (absolute->scheme != base.scheme || after.starts_with("/") || after.starts_with("\\")) return absolute;
        ref = std::string(after);
    }
    if (!IsSpecialScheme(base.scheme)) return std::nullopt;
    std::string host_text = base.host.find(':') != std::string::npos ? "[" + base.host + "]" : base.host;
    std::string origin = base.scheme + "://" + host_text + (base.explicit_port ? ":" + std::to_string(base.port) : "");
    std::string_view r(ref);
    if (r.starts_with("//") || r.starts_with("\\\\") || r.starts_with("/\\") || r.starts_with("\\/")) {
        return ParseWebUrl(base.scheme + ":" + ref);
    }
    std::string base_path = base.path_query.substr(0, base.path_query.find('?'));
    if (r.empty()) return ParseWebUrl(origin + base.path_query);
    if (r.front() == '/' || r.front() == '\\') return ParseWebUrl(origin + ref);
    if (r.front() == '?') return ParseWebUrl(origin + base_path + ref);
    if (r.front() == '#') return ParseWebUrl(origin + base.path_query);
    std::size_t slash = base_path.rfind('/');
    return ParseWebUrl(origin + base_path.substr(0, slash + 1) + ref);
}

bool IsIpLiteral(std::string_view host) {
    std::string h(host);
    if (!h.empty() && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
    unsigned char buf[16];
    return inet_pton(AF_INET, h.c_str(), buf) == 1 || inet_pton(AF_INET6, h.c_str(), buf) == 1;
}

std::optional<std::string> RegistrableDomain(std::string_view host_or_url) {
    std::string host = HostOf(host_or_url);
    while (!host.empty() && host.back() == '.') host.pop_back();
    if (host.empty() || IsIpLiteral(host)) return std::nullopt;
    if (host.find("..") != std::string::npos || host.front() == '.') return std::nullopt;
    std::vector<std::size_t> starts{0};
    for (std::size_t i = 0; i < host.size(); ++i) {
        if (host[i] == '.') starts.push_back(i + 1);
    }
    for (std::size_t i = 0; i < starts.size(); ++i) {
        std::string suffix = host.substr(starts[i]);
        if (psl_is_public_suffix2(Psl(), suffix.c_str(), PSL_TYPE_ICANN)) {
            if (i == 0) return std::nullopt;
            return host.substr(starts[i - 1]);
        }
    }
    return std::nullopt;
}

bool IsCookiePublicSuffix(std::string_view domain) {
    std::string d = AsciiLower(domain);
    std::string_view tld = d;
    if (std::size_t dot = tld.rfind('.'); dot != std::string_view::npos) tld = tld.substr(dot + 1);
    if (tld == "localhost" || tld == "local" || tld == "example" || tld == "invalid" || tld == "test") return false;
    unsigned char buf[16];
    if (inet_pton(AF_INET6, d.c_str(), buf) == 1) return false;
    if (inet_pton(AF_INET, d.c_str(), buf) == 1) return true;
    if (d.empty()) return true;
    return psl_is_public_suffix2(Psl(), d.c_str(), PSL_TYPE_ANY) != 0;
}

namespace {

// RFC 8941 item parser over a cursor; every function returns false on a syntax error.
class SfParser {
  public:
    explicit SfParser(std::string_view s) : s_(s) {}

    std::optional<std::string> ParseItemToken() {
        while (pos_ < s_.size() && s_[pos_] == ' ') ++pos_;
        std::optional<std::string> token;
        if (!BareItem(&token)) return std::nullopt;
        if (!Parameters()) return std::nullopt;
        while (pos_ < s_.size() && s_[pos_] == ' ') ++pos_;
        if (pos_ != s_.size()) return std::nullopt;
        if (!token) return std::nullopt;
        return token;
    }

  private:
    static bool IsTchar(char c) {
        return IsAlpha(c) || IsDigit(c) || std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
    }
    bool AtEnd() const { return pos_ >= s_.size(); }

    bool BareItem(std::optional<std::string>* token) {
        if (AtEnd()) return false;
        char c = s_[pos_];
        if (c == '-' || IsDigit(c)) return Number();
        if (c == '"') return String();
        if (c == '*' || IsAlpha(c)) {
            std::size_t start = pos_++;
            while (!AtEnd() && (IsTchar(s_[pos_]) || s_[pos_] == ':' || s_[pos_] == '/')) ++pos_;
            if (token) *token = std::string(s_.substr(start, pos_ - start));
            return true;
        }
        if (c == ':') return ByteSequence();
        if (c == '?') return Boolean();
        return false;
    }
    bool Number() {
        if (s_[pos_] == '-') ++pos_;
        std::size_t int_digits = 0, frac_digits = 0;
        bool decimal = false;
        while (!AtEnd()) {
            char c = s_[pos_];
            if (IsDigit(c)) {
                (decimal ? frac_digits : int_digits)++;
                ++pos_;
            } else if (c == '.' && !decimal) {
                if (int_digits > 12) return false;
                decimal = true;
                ++pos_;
            } else {
                break;
            }
            if (!decimal && int_digits > 15) return false;
            if (decimal && int_digits + frac_digits > 16) return false;
        }
        if (int_digits == 0) return false;
        if (decimal && (frac_digits == 0 || frac_digits > 3)) return false;
        return true;
    }
    bool String() {
        ++pos_;
        while (!AtEnd()) {
            char c = s_[pos_++];
            if (c == '\\') {
                if (AtEnd()) return false;
                char n = s_[pos_++];
                if (n != '"' && n != '\\') return false;
            } else if (c == '"') {
                return true;
            } else if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e) {
                return false;
            }
        }
        return false;
    }
    bool ByteSequence() {
        ++pos_;
        while (!AtEnd()) {
            char c = s_[pos_++];
            if (c == ':') return true;
            if (!(IsAlpha(c) || IsDigit(c) || c == '+' || c == '/' || c == '=')) return false;
        }
        return false;
    }
    bool Boolean() {
        ++pos_;
        if (AtEnd() || (s_[pos_] != '0' && s_[pos_] != '1')) return false;
        ++pos_;
        return true;
    }
    bool Parameters() {
        while (!AtEnd() && s_[pos_] == ';') {
            ++pos_;
            while (!AtEnd() && s_[pos_] == ' ') ++pos_;
            if (AtEnd()) return false;
            char c = s_[pos_];
            if (!((c >= 'a' && c <= 'z') || c == '*')) return false;
            while (!AtEnd()) {
                char k = s_[pos_];
                if ((k >= 'a' && k <= 'z') || IsDigit(k) || k == '_' || k == '-' || k == '.' || k == '*') {
                    ++pos_;
                } else {
                    break;
                }
            }
            if (!AtEnd() && s_[pos_] == '=') {
                ++pos_;
                if (!BareItem(nullptr)) return false;
            }
        }
        return true;
    }

    std::string_view s_;
    std::size_t pos_ = 0;
};

std::optional<std::string> Attr(const GumboElement& el, const char* name) {
    const GumboAttribute* a = gumbo_get_attribute(&el.attributes, name);
    if (!a) return std::nullopt;
    return std::string(a->value);
}

}  // namespace

std::optional<std::string> ParseStructuredFieldToken(std::string_view value) {
    return SfParser(value).ParseItemToken();
}

HtmlFacts ExtractHtmlFacts(std::string_view html, std::size_t max_bytes) {
    HtmlFacts facts;
    if (html.size() > max_bytes) html = html.substr(0, max_bytes);
    GumboOutput* output = gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size());
    if (!output) return facts;
    std::vector<const GumboNode*> stack{output->root};
    while (!stack.empty()) {
        const GumboNode* node = stack.back();
        stack.pop_back();
        if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_TEMPLATE) continue;
        const GumboElement& el = node->v.element;
        if (node->type == GUMBO_NODE_TEMPLATE) continue;  // template contents are not in the document tree
        if (el.tag == GUMBO_TAG_SCRIPT) {
            ++facts.script_elements;
            if (el.tag_namespace == GUMBO_NAMESPACE_HTML) {
                HtmlScript script;
                script.src = Attr(el, "src");
                script.integrity = Attr(el, "integrity");
                script.crossorigin = Attr(el, "crossorigin");  // jsdom reflects the raw value
                facts.scripts.push_back(std::move(script));
            }
        } else if (el.tag == GUMBO_TAG_META && el.tag_namespace == GUMBO_NAMESPACE_HTML) {
            auto equiv = Attr(el, "http-equiv");
            auto content = Attr(el, "content");
            if (equiv && content) {
                if (AsciiLower(TrimAscii(*equiv)) == "content-security-policy" && !content->empty()) {
                    facts.csp_meta.push_back(*content);
                }
            } else if (auto name = Attr(el, "name"); name && AsciiLower(TrimAscii(*name)) == "referrer") {
                if (content && !content->empty()) facts.referrer_meta = *content;
            }
        } else if (el.tag == GUMBO_TAG_BASE && el.tag_namespace == GUMBO_NAMESPACE_HTML && !facts.base_href) {
            facts.base_href = Attr(el, "href");
        }
        for (unsigned i = el.children.length; i > 0; --i) {
            stack.push_back(static_cast<const GumboNode*>(el.children.data[i - 1]));
        }
    }
    gumbo_destroy_output(&kGumboDefaultOptions, output);
    return facts;
}

}  // namespace palisade::scan::headers
