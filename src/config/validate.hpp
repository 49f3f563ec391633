// SPDX-License-Identifier: Apache-2.0
// Checks on a fully merged Config, and the address/URL syntax helpers they use. Thread-safe; the only I/O is
// ValidateConfig checking that the TLS certificate and key files can be opened.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"
#include "core/result.hpp"

namespace palisade::config {

// Where each key's effective value came from: dotted key -> "config.yaml:12", "env PALISADE_LISTEN",
// "command line". A key that is absent kept its default and is reported as "default".
using Origins = std::map<std::string, std::string, std::less<>>;

struct ListenAddress {
    std::string host;  // IP literal, without brackets
    int port = 0;      // 0..65535; 0 = any free port (tests)
    bool ipv6 = false;
};

// "ADDR:PORT" (ADDR an IPv4 literal) or "[IPv6]:PORT". Hostnames are rejected: the listener binds an address.
// kInvalidArgument with a message that follows "key: " ("not ADDR:PORT ...", "port must be 0..65535").
Result<ListenAddress> ParseListenAddress(std::string_view text);

bool IsIpAddress(std::string_view text);  // IPv4 or IPv6 literal
bool IsIpOrCidr(std::string_view text);   // an IP literal, or IP/prefix with prefix <= 32 (v4) or 128 (v6)

// An exact web origin: http(s)://host[:port], no path, no trailing slash, no wildcard.
bool IsWebOrigin(std::string_view text);

// Every problem with `config`, one line each, "<origin>: <key>: <problem>", in key order; empty when valid.
// Secret values never appear in the lines.
std::vector<std::string> ValidateConfig(const Config& config, const Origins& origins);

// server.public_url if set; else "http://ADDR:PORT" from server.listen ("https" when tls_cert_file is set), with
// the wildcard addresses 0.0.0.0 and :: replaced by loopback so the link works locally. Empty when listen is
// invalid or its port is 0.
std::string DerivePublicUrl(const ServerConfig& server);

}  // namespace palisade::config
