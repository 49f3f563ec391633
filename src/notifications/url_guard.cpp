// SPDX-License-Identifier: Apache-2.0
#include "notifications/url_guard.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <cstring>

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include "core/strings.hpp"

namespace palisade::notifications {

namespace {

using V4 = std::array<unsigned char, 4>;
using V6 = std::array<unsigned char, 16>;

std::string V4Refusal(const V4& a) {
    if (a[0] == 0) return "unspecified";  // 0.0.0.0/8, "this network"
    if (a[0] == 127) return "loopback";
    if (a[0] == 10 || (a[0] == 172 && (a[1] & 0xF0) == 16) || (a[0] == 192 && a[1] == 168)) return "private";
    if (a[0] == 100 && (a[1] & 0xC0) == 64) return "shared (100.64/10)";
    if (a[0] == 169 && a[1] == 254) return "link-local";
    if (a[0] >= 224 && a[0] <= 239) return "multicast";
    if (a[0] >= 240) return "reserved";                            // 240/4 and the broadcast address
    if (a[0] == 192 && a[1] == 0 && a[2] == 0) return "reserved";  // 192.0.0/24, IETF protocol assignments
    if (a[0] == 198 && (a[1] & 0xFE) == 18) return "reserved";     // 198.18/15, benchmarking
    return "";
}

bool AllZero(const V6& a, int from, int to) {
    for (int i = from; i < to; ++i) {
        if (a[static_cast<std::size_t>(i)] != 0) return false;
    }
    return true;
}

V4 Embedded(const V6& a, int at) {
    return V4{a[static_cast<std::size_t>(at)], a[static_cast<std::size_t>(at + 1)], a[static_cast<std::size_t>(at + 2)],
              a[static_cast<std::size_t>(at + 3)]};
}

std::string Prefixed(const std::string& prefix, const std::string& v4_reason) {
    return v4_reason.empty() ? "" : prefix + v4_reason;
}

std::string V6Refusal(const V6& a) {
    if (AllZero(a, 0, 16)) return "unspecified";
    if (AllZero(a, 0, 15) && a[15] == 1) return "loopback";
    if (AllZero(a, 0, 10) && a[10] == 0xFF && a[11] == 0xFF)
        return Prefixed("IPv4-mapped ", V4Refusal(Embedded(a, 12)));
    if (AllZero(a, 0, 8) && a[8] == 0xFF && a[9] == 0xFF && a[10] == 0 && a[11] == 0) {
        return Prefixed("IPv4-translated ", V4Refusal(Embedded(a, 12)));
    }
    if (AllZero(a, 0, 12)) return Prefixed("IPv4-compatible ", V4Refusal(Embedded(a, 12)));
    if (a[0] == 0x00 && a[1] == 0x64 && a[2] == 0xFF && a[3] == 0x9B && AllZero(a, 4, 12)) {
        return Prefixed("NAT64 ", V4Refusal(Embedded(a, 12)));
    }
    if (a[0] == 0x20 && a[1] == 0x02) return Prefixed("6to4 ", V4Refusal(Embedded(a, 2)));
    if (a[0] == 0xFE && (a[1] & 0xC0) == 0x80) return "link-local";  // fe80::/10
    if (a[0] == 0xFE && (a[1] & 0xC0) == 0xC0) return "private";     // fec0::/10, deprecated site-local
    if ((a[0] & 0xFE) == 0xFC) return "unique-local";                // fc00::/7
    if (a[0] == 0xFF) return "multicast";
    if (a[0] == 0x01 && a[1] == 0x00 && AllZero(a, 2, 8)) return "reserved";              // 100::/64, discard-only
    if (a[0] == 0x20 && a[1] == 0x01 && a[2] == 0x0D && a[3] == 0xB8) return "reserved";  // 2001:db8::/32
    return "";
}

bool IsNameChar(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.'; }

Result<WebhookUrl> BadUrl(std::string message) { return FailField("url", std::move(message)); }

}  // namespace

std::string AddressRefusal(std::string_view address) {
    const std::string text(address);
    V4 v4{};
    if (inet_pton(AF_INET, text.c_str(), v4.data()) == 1) return V4Refusal(v4);
    V6 v6{};
    if (inet_pton(AF_INET6, text.c_str(), v6.data()) == 1) return V6Refusal(v6);
    return "not an IP address";
}

Result<WebhookUrl> ParseWebhookUrl(std::string_view text) {
    if (text.empty()) return BadUrl("is required");
    if (text.size() > kMaxUrlChars) return BadUrl("must be at most " + std::to_string(kMaxUrlChars) + " characters");
    for (unsigned char c : text) {
        if (c <= 0x20 || c >= 0x7F) return BadUrl("must be ASCII without spaces or control characters");
    }
    auto parsed = boost::urls::parse_absolute_uri(text);
    if (!parsed) return BadUrl("must be an absolute http or https URL");
    const boost::urls::url_view& u = *parsed;
    WebhookUrl out;
    out.url = std::string(text);
    out.scheme = ToLower(std::string(u.scheme()));
    if (out.scheme != "http" && out.scheme != "https") return BadUrl("must use http or https");
    if (!u.has_authority()) return BadUrl("must name a host");
    if (u.has_userinfo()) return BadUrl("must not contain a user name or password");
    if (u.has_fragment()) return BadUrl("must not contain a fragment");
    switch (u.host_type()) {
        case boost::urls::host_type::ipv4:
            out.host = u.host_ipv4_address().to_string();
            out.host_is_address = true;
            break;
        case boost::urls::host_type::ipv6:
            out.host = u.host_ipv6_address().to_string();
            out.host_is_address = true;
            break;
        case boost::urls::host_type::name: {
            out.host = ToLower(std::string(u.encoded_host()));
            const bool ok = !out.host.empty() && out.host.size() <= 253 &&
                            std::all_of(out.host.begin(), out.host.end(), IsNameChar);
            if (!ok) return BadUrl("host must be a DNS name (a-z, 0-9, '-', '.'; xn-- for international names)");
            break;
        }
        default:
            return BadUrl("must name a host");
    }
    if (u.has_port()) {
        // Read from the text: port_number() wraps values over 65535.
        const std::string port(u.port());
        unsigned long value = 0;
        const bool digits = !port.empty() && port.size() <= 5 &&
                            std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; });
        if (digits) value = std::stoul(port);
        if (!digits || value == 0 || value > 65535) return BadUrl("port must be between 1 and 65535");
        out.port = static_cast<std::uint16_t>(value);
    } else {
        out.port = out.scheme == "https" ? 443 : 80;
    }
    return out;
}

Result<CheckedUrl> CheckWebhookUrl(std::string_view text, bool allow_private, const Resolver& resolver) {
    auto url = ParseWebhookUrl(text);
    if (!url) return tl::unexpected<Error>(url.error());
    CheckedUrl out;
    out.url = std::move(*url);
    if (out.url.host_is_address) {
        out.addresses.push_back(out.url.host);
    } else {
        auto resolved = resolver ? resolver(out.url.host) : SystemResolver()(out.url.host);
        if (!resolved || resolved->empty()) {
            Error e{ErrorCode::kInvalidArgument, "host " + out.url.host + " could not be resolved",
                    std::string(kUrlUnresolved), "url", 0};
            return tl::unexpected<Error>(std::move(e));
        }
        out.addresses = std::move(*resolved);
    }
    for (const auto& address : out.addresses) {
        const std::string why = AddressRefusal(address);
        if (why.empty() || (allow_private && why != "not an IP address")) continue;
        const std::string what = out.url.host_is_address ? "the address " + address + " is"
                                                         : out.url.host + " resolves to " + address + ", which is";
        const bool vowel = std::string_view("aeiouAEIOU").find(why.front()) != std::string_view::npos;
        Error e{ErrorCode::kInvalidArgument,
                what + (vowel ? " an " : " a ") + why +
                    " address: webhooks may only call public addresses unless allow_private is true",
                std::string(kUrlRefused), "url", 0};
        if (why == "not an IP address") e.message = "host " + out.url.host + " did not resolve to an IP address";
        return tl::unexpected<Error>(std::move(e));
    }
    const auto v4 = std::find_if(out.addresses.begin(), out.addresses.end(),
                                 [](const std::string& a) { return a.find(':') == std::string::npos; });
    out.pinned = v4 != out.addresses.end() ? *v4 : out.addresses.front();
    return out;
}

Resolver SystemResolver() {
    return [](const std::string& host) -> Result<std::vector<std::string>> {
        addrinfo hints{};
        hints.ai_family = AF_UNSPEC;
        hints.ai_socktype = SOCK_STREAM;
        addrinfo* list = nullptr;
        const int rc = getaddrinfo(host.c_str(), nullptr, &hints, &list);
        if (rc != 0) return Fail(ErrorCode::kUnavailable, "host could not be resolved", gai_strerror(rc));
        std::vector<std::string> out;
        for (const addrinfo* ai = list; ai != nullptr; ai = ai->ai_next) {
            char buffer[INET6_ADDRSTRLEN] = {};
            const void* src = nullptr;
            if (ai->ai_family == AF_INET) {
                src = &reinterpret_cast<const sockaddr_in*>(ai->ai_addr)->sin_addr;
            } else if (ai->ai_family == AF_INET6) {
                src = &reinterpret_cast<const sockaddr_in6*>(ai->ai_addr)->sin6_addr;
            } else {
                continue;
            }
            if (inet_ntop(ai->ai_family, src, buffer, sizeof buffer) == nullptr) continue;
            if (std::find(out.begin(), out.end(), buffer) == out.end()) out.emplace_back(buffer);
        }
        freeaddrinfo(list);
        if (out.empty()) return Fail(ErrorCode::kUnavailable, "host could not be resolved", "no addresses");
        return out;
    };
}

}  // namespace palisade::notifications
