// SPDX-License-Identifier: Apache-2.0
// The SSRF guard of webhooks. A webhook URL must be absolute http(s) without user name or password; its host is
// resolved and refused when any address is loopback, private (RFC 1918, 100.64/10, fc00::/7, fec0::/10),
// link-local (169.254/16, fe80::/10), unspecified, multicast or reserved, including those addresses embedded in
// IPv6 (IPv4-mapped ::ffff:0:0/96, IPv4-compatible ::/96, NAT64 64:ff9b::/96, 6to4 2002::/16) - unless the
// webhook has allow_private. The check runs when a webhook is saved and again before every delivery, and the
// request is pinned to the checked address (webhook_sender.hpp), so a DNS answer that changes in between
// (rebinding) cannot redirect it. Thread-safe (pure functions, plus the resolver).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "notifications/notification_types.hpp"

namespace palisade::notifications {

// Error.detail of a URL whose address is not allowed (the API answers 422 naming `url`).
inline constexpr std::string_view kUrlRefused = "url_refused";
// Error.detail of a URL whose host does not resolve (422 when saving; a retry at delivery time).
inline constexpr std::string_view kUrlUnresolved = "url_unresolved";
inline constexpr std::size_t kMaxUrlChars = 2048;

struct WebhookUrl {
    std::string url;     // as given
    std::string scheme;  // http | https
    std::string host;    // lower-case name, dotted IPv4, or IPv6 text without brackets
    bool host_is_address = false;
    std::uint16_t port = 0;  // explicit or the scheme's default
};

// The URL's parts. kInvalidArgument naming "url" for anything but an absolute http(s) URL with a host (names may
// hold only a-z, 0-9, '-', '_' and '.': international names in their xn-- form), for user names or passwords,
// fragments, bad ports and over-long or non-ASCII text.
Result<WebhookUrl> ParseWebhookUrl(std::string_view url);

// Why `address` (IPv4 or IPv6 text) may not be called without allow_private: "loopback", "private",
// "shared (100.64/10)", "link-local", "unique-local", "unspecified", "multicast", "reserved", prefixed with
// "IPv4-mapped " and the like for embedded IPv4; "" for a public address; "not an IP address" for other text.
std::string AddressRefusal(std::string_view address);

struct CheckedUrl {
    WebhookUrl url;
    std::vector<std::string> addresses;  // every address of the host, each allowed
    std::string pinned;                  // the one to connect to (the first IPv4 address, else the first)
};

// Parses and resolves `url` (an address literal is not resolved) and checks every address. Errors, all
// kInvalidArgument naming "url": ParseWebhookUrl's; detail kUrlUnresolved when the host does not resolve; detail
// kUrlRefused when an address is refused (the message names it and why).
Result<CheckedUrl> CheckWebhookUrl(std::string_view url, bool allow_private, const Resolver& resolver);

// getaddrinfo: every address of `host` (IPv4 and IPv6), de-duplicated, in the resolver's order. kUnavailable when
// it does not resolve. Blocking.
Resolver SystemResolver();

}  // namespace palisade::notifications
