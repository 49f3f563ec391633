// SPDX-License-Identifier: Apache-2.0
// AssetPlan: what a scan report says about assets, before it meets the database (findings-internal). One asset
// per address, host name or URL target; one host asset per host found in a CIDR target. Pure; thread-safe.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "scan/engine/report.hpp"

namespace palisade::findings {

struct ServiceSeen {
    std::string address;
    int port = 0;
    std::string proto = "tcp";
    std::string service;
    std::string product;
    std::string version;
    bool tls = false;
};

struct CertificateSeen {
    std::string location;
    std::string subject;
    std::string issuer;
    std::string not_after;
};

struct AssetSeen {
    std::string type;  // host | web | domain
    std::string name;
    std::vector<std::string> addresses;  // sorted, unique
    std::vector<ServiceSeen> services;
    std::vector<CertificateSeen> certificates;
    std::vector<std::pair<std::string, std::string>> technologies;  // (product, version), sorted, unique
    // The ports module finished on the asset's target: its service list is the whole truth, and services it no
    // longer lists are closed.
    bool ports_done = false;
};

// Longest asset name taken from a scan target (longer names are cut at a UTF-8 boundary).
inline constexpr std::size_t kMaxScanAssetNameBytes = 1024;

struct AssetPlan {
    std::vector<AssetSeen> assets;
    std::map<std::string, std::size_t> by_target;                           // literal, name or URL target
    std::map<std::pair<std::string, std::string>, std::size_t> by_host;     // (CIDR target, address)

    // The asset a finding of `target` at `location` belongs to, if any.
    std::optional<std::size_t> AssetFor(const std::string& target, std::string_view location) const;
};

AssetPlan PlanAssets(const scan::ScanReport& report);

// The host part of a finding location: "10.0.0.5:443" -> "10.0.0.5", "[2001:db8::1]:443" -> "2001:db8::1",
// "https://a.test:8443/x" -> "a.test", "10.0.0.5" -> "10.0.0.5".
std::string HostOfLocation(std::string_view location);

}  // namespace palisade::findings
