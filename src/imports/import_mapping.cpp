// SPDX-License-Identifier: Apache-2.0
#include "imports/import_mapping.hpp"

#include <arpa/inet.h>

#include <algorithm>

#include "core/crypto.hpp"
#include "core/strings.hpp"

namespace palisade::imports {

namespace {

// Cut at `max` bytes, before a UTF-8 continuation byte.
std::string Cut(std::string_view s, std::size_t max) {
    if (s.size() <= max) return std::string(s);
    std::size_t n = max;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
    return std::string(s.substr(0, n));
}

// The canonical text of an IPv4 or IPv6 address, or "" when `text` is neither.
std::string CanonicalAddress(const std::string& text) {
    unsigned char buf[16];
    char out[INET6_ADDRSTRLEN];
    if (inet_pton(AF_INET, text.c_str(), buf) == 1) return inet_ntop(AF_INET, buf, out, sizeof out);
    if (inet_pton(AF_INET6, text.c_str(), buf) == 1) return inet_ntop(AF_INET6, buf, out, sizeof out);
    return {};
}

}  // namespace

HostOutcome AddNmapHost(const NmapHost& host, scan::ScanReport& report) {
    HostOutcome out;
    for (const NmapPort& p : host.ports) out.errors += p.state == "invalid" ? 1 : 0;
    if (!host.status.empty() && host.status != "up") return out;
    std::vector<std::string> addresses;
    for (const auto& a : host.addresses) {
        std::string c = CanonicalAddress(a);
        if (!c.empty() && std::find(addresses.begin(), addresses.end(), c) == addresses.end()) {
            addresses.push_back(std::move(c));
        }
    }
    std::stable_partition(addresses.begin(), addresses.end(),
                          [](const std::string& a) { return a.find(':') == std::string::npos; });
    if (addresses.empty()) {
        ++out.errors;
        return out;
    }
    const std::string name = host.hostnames.empty() ? std::string() : Cut(host.hostnames.front(), 253);
    scan::TargetReport target;
    target.target = addresses.front();
    std::vector<scan::PortReport> open;
    for (const NmapPort& p : host.ports) {
        if (p.state != "open" || p.port == 0) continue;
        open.push_back({p.port, Cut(p.proto, 8), "open", Cut(p.reason, 32), 0});
        scan::Service s;
        s.host = target.target;
        s.host_name = name;
        s.port = p.port;
        s.proto = Cut(p.proto, 8);
        s.service = p.service.empty() ? "unknown" : Cut(p.service, 64);
        s.product = Cut(p.product, 256);
        s.version = Cut(p.version, 256);
        s.extra_info = Cut(p.extra_info, 256);
        s.tls = p.tls;
        s.method = p.product.empty() ? "table" : "probed";
        report.services.push_back(std::move(s));
        ++out.services;
    }
    for (const auto& a : addresses) {
        scan::HostReport h;
        h.address = a;
        h.name = name;
        h.up = true;
        h.ports = open;
        target.hosts.push_back(std::move(h));
    }
    report.targets.push_back(std::move(target));
    out.imported = true;
    return out;
}

scan::Severity SarifSeverity(const SarifResult& r) {
    if (r.security_severity) {
        const double s = *r.security_severity;
        if (s >= 9.0) return scan::Severity::kCritical;
        if (s >= 7.0) return scan::Severity::kHigh;
        if (s >= 4.0) return scan::Severity::kMedium;
        if (s > 0.0) return scan::Severity::kLow;
        return scan::Severity::kInfo;
    }
    if (r.level == "error") return scan::Severity::kHigh;
    if (r.level == "warning") return scan::Severity::kMedium;
    if (r.level == "note") return scan::Severity::kLow;
    return scan::Severity::kInfo;
}

std::string ToolSlug(const std::string& tool) {
    std::string out;
    for (char c : ToLower(tool)) {
        const bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
        if (keep) {
            out += c;
        } else if (!out.empty() && out.back() != '-') {
            out += '-';
        }
        if (out.size() >= 64) break;
    }
    while (!out.empty() && out.back() == '-') out.pop_back();
    return out.empty() ? "sarif" : out;
}

std::optional<findings::TargetFinding> SarifFinding(const SarifResult& r) {
    if (r.rule_id.empty()) return std::nullopt;
    const std::string slug = ToolSlug(r.tool);
    findings::TargetFinding tf;
    tf.target = r.repository.empty() ? "sarif:" + slug : Cut(r.repository, 1024);
    scan::Finding& f = tf.finding;
    f.check = slug + "." + r.rule_id;
    const std::string first_line = r.message.substr(0, r.message.find('\n'));
    f.title = Cut(first_line.empty() ? r.rule_id : first_line, 300);
    f.severity = SarifSeverity(r);
    f.cwe = r.cwe;
    f.location = r.uri;
    if (r.start_line > 0) f.location += ":" + std::to_string(r.start_line);
    f.evidence = Cut(SanitizeUtf8(r.message), 2048);
    f.recommendation = r.help;
    if (!r.help_uri.empty()) f.references.push_back(r.help_uri);
    std::string key = "sarif\n" + r.tool + "\n" + r.rule_id + "\n" + r.uri + "\n";
    if (r.fingerprints.empty()) {
        key += std::to_string(r.start_line) + "\n" + r.message;
    } else {
        for (const auto& [name, value] : r.fingerprints) key += name + "=" + value + "\n";
    }
    f.fingerprint = Sha256Hex(key).substr(0, 32);
    return tf;
}

}  // namespace palisade::imports
