// SPDX-License-Identifier: Apache-2.0
#include "scan/modules/web/checks/passive/sensitive_data.hpp"

#include <algorithm>
#include <arpa/inet.h>
#include <array>
#include <cmath>
#include <cstdint>
#include <optional>
#include <unordered_set>

#include <re2/re2.h>

#include "core/strings.hpp"

namespace palisade::scan::web::passive {
namespace {

// Candidates examined per pattern and text: bounds the work on adversarial bodies full of near-misses.
constexpr std::size_t kMaxCandidates = 4096;
constexpr int kMaxGroups = 9;

// One group per kind, in SecretKind order (private key .. JWT); kGeneric has its own pattern.
// clang-format off
constexpr std::string_view kShapedPattern =
    R"re((-----BEGIN (?:(?:RSA|EC|DSA|OPENSSH|ENCRYPTED|PGP) )?PRIVATE KEY(?: BLOCK)?-----)re"
    R"re((?:\\[rn]|\s)+(?:[A-Za-z-]{1,40}: [^\r\n\\]{1,200}(?:\\[rn]|\s)+){0,4}[A-Za-z0-9+/=]{32,}))re"
    R"re(|((?:AKIA|ASIA)[0-9A-Z]{16}))re"
    R"re(|(gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{82}))re"
    R"re(|(xox[baprs]-(?:[0-9A-Za-z]{1,64}-){1,5}[0-9A-Za-z]{1,64}))re"
    R"re(|(https://hooks\.slack\.com/services/T[A-Z0-9]{6,12}/B[A-Z0-9]{6,12}/[A-Za-z0-9]{20,32}))re"
    R"re(|((?:sk|rk)_live_[0-9A-Za-z]{20,247}))re"
    R"re(|(AIza[0-9A-Za-z_-]{35}))re"
    R"re(|(eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}))re";
constexpr std::string_view kGenericPattern =
    R"re((?i:([a-z0-9_.-]{0,30}(?:api[_.-]?key|secret|access[_.-]?token|auth[_.-]?token|private[_.-]?key))re"
    R"re([a-z0-9_.-]{0,20}))["']?\s{0,5}(?::|=|=>|:=)\s{0,5}["'`]([A-Za-z0-9_+/=.~-]{16,200})["'`])re";
constexpr std::string_view kAwsSecretPattern = R"re([A-Za-z0-9/+]{40})re";
constexpr std::string_view kIpPattern =
    R"re(((?:10|172|192)\.\d{1,3}\.\d{1,3}\.\d{1,3})|((?i:f[cd][0-9a-f]{2}:[0-9a-f:]{2,36})))re";
// clang-format on

// Identifiers whose values are public by design, per-visitor, or not secrets at all.
constexpr std::string_view kBenignNameParts[] = {
    "public",  "publishable", "sitekey", "site_key", "site-key", "csrf",  "xsrf",        "nonce",
    "test",    "example",     "dummy",   "sample",   "mock",     "fake",  "placeholder", "header",
    "name",    "param",       "field",   "url",      "path",     "label", "length",      "type",
    "message", "msg",         "text",    "title",    "hint",     "error", "input",       "policy"};

constexpr std::string_view kPlaceholderParts[] = {
    "example", "xxxx",       "dummy",    "sample",   "placeholder", "your_",      "your-",      "yourkey",
    "yourapi", "yoursecret", "redacted", "changeme", "change_me",   "insert",     "replace",    "<",
    ">",       "{",          "}",        "$",        "****",        "0000000000", "1234567890", "abcdefgh"};

re2::RE2::Options Latin1() {
    re2::RE2::Options options;
    options.set_encoding(re2::RE2::Options::EncodingLatin1);
    options.set_log_errors(false);
    options.set_max_mem(32 << 20);  // DFA budget for 2 MiB texts; beyond it RE2 runs its (linear) NFA
    return options;
}

struct Patterns {
    re2::RE2 shaped{kShapedPattern, Latin1()};
    re2::RE2 generic{kGenericPattern, Latin1()};
    re2::RE2 aws_secret{kAwsSecretPattern, Latin1()};
    re2::RE2 ip{kIpPattern, Latin1()};
};

const Patterns& Regexes() {
    static const Patterns patterns;
    return patterns;
}

// Calls on_match(groups, start, end) for successive matches of `re`; on_match returns true when it used the match
// (the search goes on after it) or false (the search goes on one byte after its start).
template <typename Fn>
void ForEachMatch(const re2::RE2& re, std::string_view text, Fn&& on_match) {
    if (!re.ok()) return;
    const int n = std::min(re.NumberOfCapturingGroups(), kMaxGroups) + 1;
    std::array<re2::StringPiece, kMaxGroups + 1> groups;
    std::size_t pos = 0;
    for (std::size_t examined = 0; pos <= text.size() && examined < kMaxCandidates; ++examined) {
        if (!re.Match(text, pos, text.size(), re2::RE2::UNANCHORED, groups.data(), n)) return;
        auto start = static_cast<std::size_t>(groups[0].data() - text.data());
        std::size_t end = start + groups[0].size();
        pos = on_match(groups, start, end) ? std::max(end, start + 1) : start + 1;
    }
}

bool IsAlnum(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// True when the byte before `start` and the byte at `end` are not in `word` (the token's own alphabet).
bool Bounded(std::string_view text, std::size_t start, std::size_t end, std::string_view word_extra) {
    auto in_word = [&](char c) { return IsAlnum(c) || word_extra.find(c) != std::string_view::npos; };
    if (start > 0 && in_word(text[start - 1])) return false;
    return end >= text.size() || !in_word(text[end]);
}

bool HasLetterAndDigit(std::string_view v) {
    bool letter = false, digit = false;
    for (char c : v) {
        letter = letter || (IsAlnum(c) && !(c >= '0' && c <= '9'));
        digit = digit || (c >= '0' && c <= '9');
    }
    return letter && digit;
}

// A 40-character AWS secret access key within 256 bytes of the access key id at [start, end).
bool AwsSecretNear(std::string_view text, std::size_t start, std::size_t end) {
    std::size_t from = start > 256 ? start - 256 : 0;
    std::string_view window = text.substr(from, std::min(text.size(), end + 256) - from);
    bool found = false;
    ForEachMatch(Regexes().aws_secret, window, [&](auto&, std::size_t s, std::size_t e) {
        std::string_view v = window.substr(s, e - s);
        bool lower = std::any_of(v.begin(), v.end(), [](char c) { return c >= 'a' && c <= 'z'; });
        bool upper = std::any_of(v.begin(), v.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
        if (Bounded(window, s, e, "/+") && lower && upper && HasLetterAndDigit(v) && ShannonEntropy(v) >= 4.0 &&
            !LooksLikePlaceholder(v)) {
            found = true;
        }
        return true;
    });
    return found;
}

// The byte class around a token of each shaped kind: a key inside a longer token of its alphabet is not a key.
std::string_view WordExtra(SecretKind kind) {
    switch (kind) {
        case SecretKind::kAwsAccessKey:
            return "/+";
        case SecretKind::kGithubToken:
            return "_";
        case SecretKind::kSlackToken:
            return "-";
        case SecretKind::kStripeSecretKey:
            return "_";
        case SecretKind::kGoogleApiKey:
            return "_-";
        case SecretKind::kJwt:
            return "_-.";
        default:
            return "";
    }
}

bool GenericNameAllowed(std::string_view name) {
    std::string lower = ToLower(name);
    return std::none_of(std::begin(kBenignNameParts), std::end(kBenignNameParts),
                        [&](std::string_view part) { return lower.find(part) != std::string::npos; });
}

bool GenericValueAllowed(std::string_view v) {
    bool path_like = v.find('/') != std::string_view::npos && v.find('.') != std::string_view::npos;
    return v.size() >= 20 && HasLetterAndDigit(v) && ShannonEntropy(v) >= 3.5 && !path_like &&
           !StartsWith(ToLower(v), "http") && !LooksLikePlaceholder(v);
}

std::optional<std::array<std::uint8_t, 4>> ParseIpv4(std::string_view s) {
    std::array<std::uint8_t, 4> out{};
    auto parts = Split(s, '.');
    if (parts.size() != 4) return std::nullopt;
    for (std::size_t i = 0; i < 4; ++i) {
        std::string_view p = parts[i];
        if (p.empty() || p.size() > 3 || (p.size() > 1 && p[0] == '0')) return std::nullopt;
        int value = 0;
        for (char c : p) {
            if (c < '0' || c > '9') return std::nullopt;
            value = value * 10 + (c - '0');
        }
        if (value > 255) return std::nullopt;
        out[i] = static_cast<std::uint8_t>(value);
    }
    return out;
}

bool IsPrivateV4(const std::array<std::uint8_t, 4>& a) {
    return a[0] == 10 || (a[0] == 172 && a[1] >= 16 && a[1] <= 31) || (a[0] == 192 && a[1] == 168);
}

// "version 10.0.0.1", "ver: 10.0.0.1", "Firefox/10.0.0.1": a dotted version, not an address.
bool VersionContext(std::string_view text, std::size_t start) {
    if (start >= 2 && text[start - 1] == '/' && IsAlnum(text[start - 2])) return true;
    std::size_t from = start > 24 ? start - 24 : 0;
    std::string before = ToLower(text.substr(from, start - from));
    while (!before.empty() && std::string_view(" \t:=\"'").find(before.back()) != std::string_view::npos) {
        before.pop_back();
    }
    for (std::string_view word : {"version", "ver", "ver.", "rev", "revision", "build", "release", "firmware"}) {
        if (!before.ends_with(word)) continue;
        if (before.size() == word.size() || !IsAlnum(before[before.size() - word.size() - 1])) return true;
    }
    return false;
}

std::string IpSnippet(std::string_view text, std::size_t start, std::size_t end) {
    std::size_t from = start > 40 ? start - 40 : 0;
    std::string out(text.substr(from, std::min(text.size(), end + 40) - from));
    for (char& c : out) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
    }
    return out;
}

bool ParseIpv6(std::string_view s, in6_addr& out) {
    std::string copy(s);
    return inet_pton(AF_INET6, copy.c_str(), &out) == 1;
}

}  // namespace

std::string_view SecretKindName(SecretKind kind) {
    switch (kind) {
        case SecretKind::kPrivateKey:
            return "private_key";
        case SecretKind::kAwsAccessKey:
            return "aws_access_key";
        case SecretKind::kGithubToken:
            return "github_token";
        case SecretKind::kSlackToken:
            return "slack_token";
        case SecretKind::kSlackWebhook:
            return "slack_webhook";
        case SecretKind::kStripeSecretKey:
            return "stripe_secret_key";
        case SecretKind::kGoogleApiKey:
            return "google_api_key";
        case SecretKind::kJwt:
            return "jwt";
        case SecretKind::kGeneric:
            return "generic";
    }
    return "generic";
}

double ShannonEntropy(std::string_view value) {
    if (value.empty()) return 0;
    std::array<std::size_t, 256> counts{};
    for (char c : value) ++counts[static_cast<unsigned char>(c)];
    double bits = 0;
    for (std::size_t count : counts) {
        if (count == 0) continue;
        double p = static_cast<double>(count) / static_cast<double>(value.size());
        bits -= p * std::log2(p);
    }
    return bits;
}

bool LooksLikePlaceholder(std::string_view value) {
    std::string lower = ToLower(value);
    for (std::string_view part : kPlaceholderParts) {
        if (lower.find(part) != std::string::npos) return true;
    }
    std::size_t run = 1;
    for (std::size_t i = 1; i < value.size(); ++i) {
        run = value[i] == value[i - 1] ? run + 1 : 1;
        if (run >= 8) return true;
    }
    return false;
}

std::string MaskSecret(std::string_view value) {
    std::size_t front = std::min<std::size_t>(6, value.size() / 4);
    std::size_t back = std::min<std::size_t>(4, value.size() / 4);
    return std::string(value.substr(0, front)) + "\u2026" + std::string(value.substr(value.size() - back)) + " (" +
           std::to_string(value.size()) + " chars)";
}

std::vector<SecretMatch> FindSecrets(std::string_view text, bool javascript) {
    std::vector<SecretMatch> out;
    std::unordered_set<std::string> seen;
    auto add = [&](SecretMatch m) {
        if (out.size() < kMaxSecrets && seen.insert(m.value).second) out.push_back(std::move(m));
    };
    ForEachMatch(Regexes().shaped, text, [&](auto& groups, std::size_t start, std::size_t end) {
        int group = 1;
        while (group <= 8 && groups[group].data() == nullptr) ++group;
        auto kind = static_cast<SecretKind>(group - 1);
        std::string_view value = text.substr(start, end - start);
        if (kind == SecretKind::kJwt && !javascript) return true;
        if (!Bounded(text, start, end, WordExtra(kind))) return false;
        SecretMatch m{kind, std::string(value), {}, false, {}};
        if (kind == SecretKind::kPrivateKey) {
            m.masked = std::string(value.substr(0, value.find("-----", 5) + 5)) + " [key material masked]";
        } else {
            if (LooksLikePlaceholder(value) || ShannonEntropy(value) < 3.0) return false;
            if (kind == SecretKind::kSlackToken && value.size() < 30) return false;
            m.masked = MaskSecret(value);
            if (kind == SecretKind::kAwsAccessKey) m.paired_secret = AwsSecretNear(text, start, end);
        }
        add(std::move(m));
        return true;
    });
    std::vector<std::string> shaped;
    for (const SecretMatch& m : out) shaped.push_back(m.value);
    ForEachMatch(Regexes().generic, text, [&](auto& groups, std::size_t, std::size_t) {
        std::string_view name(groups[1].data(), groups[1].size());
        std::string_view value(groups[2].data(), groups[2].size());
        bool known = std::any_of(shaped.begin(), shaped.end(),
                                 [&](const std::string& s) { return value.find(s) != std::string_view::npos; });
        if (known || !GenericNameAllowed(name) || !GenericValueAllowed(value)) return true;
        add(SecretMatch{SecretKind::kGeneric, std::string(value), MaskSecret(value), false, std::string(name)});
        return true;
    });
    return out;
}

std::vector<PrivateIpMatch> FindPrivateIps(std::string_view text) {
    std::vector<PrivateIpMatch> out;
    std::unordered_set<std::string> seen;
    ForEachMatch(Regexes().ip, text, [&](auto& groups, std::size_t start, std::size_t end) {
        if (out.size() >= kMaxAddresses) return true;
        std::string_view found = text.substr(start, end - start);
        if (groups[1].data() != nullptr) {
            if (start > 0 && (IsAlnum(text[start - 1]) || text[start - 1] == '.')) return false;
            if (end < text.size() && IsAlnum(text[end])) return false;
            if (end + 1 < text.size() && (text[end] == '.' || text[end] == '/') && text[end + 1] >= '0' &&
                text[end + 1] <= '9') {
                return false;  // a longer dotted number, or CIDR notation (a range, not a host)
            }
            auto octets = ParseIpv4(found);
            if (!octets || !IsPrivateV4(*octets) || VersionContext(text, start)) return false;
        } else {
            if (found.ends_with(':') && !found.ends_with("::")) found.remove_suffix(1);
            end = start + found.size();
            if (start > 0 && (IsAlnum(text[start - 1]) || text[start - 1] == ':')) return false;
            if (end < text.size() && (IsAlnum(text[end]) || text[end] == ':' || text[end] == '.')) return false;
            in6_addr addr{};
            if (!ParseIpv6(found, addr) || (addr.s6_addr[0] & 0xfe) != 0xfc) return false;
        }
        if (seen.insert(std::string(found)).second) out.push_back({std::string(found), IpSnippet(text, start, end)});
        return true;
    });
    return out;
}

bool IsLoopbackHost(std::string_view host) {
    std::string h = ToLower(host);
    if (h.size() >= 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
    if (h == "localhost" || h.ends_with(".localhost")) return true;
    if (auto v4 = ParseIpv4(h)) return (*v4)[0] == 127;
    in6_addr addr{};
    return ParseIpv6(h, addr) && IN6_IS_ADDR_LOOPBACK(&addr);
}

bool IsInternalHost(std::string_view host) {
    std::string h = ToLower(host);
    if (h.size() >= 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
    while (!h.empty() && h.back() == '.') h.pop_back();
    if (h.empty() || IsLoopbackHost(h)) return true;
    if (auto a = ParseIpv4(h)) {
        return IsPrivateV4(*a) || (*a)[0] == 0 || ((*a)[0] == 169 && (*a)[1] == 254) ||
               ((*a)[0] == 100 && ((*a)[1] & 0xc0) == 64);
    }
    in6_addr addr{};
    if (ParseIpv6(h, addr)) {
        if (IN6_IS_ADDR_V4MAPPED(&addr)) {
            return IsInternalHost(std::to_string(addr.s6_addr[12]) + "." + std::to_string(addr.s6_addr[13]) + "." +
                                  std::to_string(addr.s6_addr[14]) + "." + std::to_string(addr.s6_addr[15]));
        }
        return (addr.s6_addr[0] & 0xfe) == 0xfc || IN6_IS_ADDR_LINKLOCAL(&addr);
    }
    if (h.find('.') == std::string::npos) return true;  // a single label resolves through the local search domain
    for (std::string_view suffix :
         {".local", ".internal", ".intranet", ".lan", ".corp", ".home.arpa", ".localdomain"}) {
        if (h.ends_with(suffix)) return true;
    }
    return false;
}

}  // namespace palisade::scan::web::passive
