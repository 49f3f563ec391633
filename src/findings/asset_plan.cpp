// SPDX-License-Identifier: Apache-2.0
#include "findings/asset_plan.hpp"

#include <algorithm>
#include <set>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "core/strings.hpp"

namespace palisade::findings {

namespace {

enum class TargetKind { kAddress, kCidr, kName, kUrl };

TargetKind KindOf(std::string_view target) {
    if (StartsWith(target, "http://") || StartsWith(target, "https://")) return TargetKind::kUrl;
    if (target.find('/') != std::string_view::npos) return TargetKind::kCidr;
    if (target.find(':') != std::string_view::npos) return TargetKind::kAddress;  // IPv6 literal
    const bool dotted = !target.empty() && std::all_of(target.begin(), target.end(), [](char c) {
        return (c >= '0' && c <= '9') || c == '.';
    });
    return dotted ? TargetKind::kAddress : TargetKind::kName;
}

std::string_view TypeOf(TargetKind kind) {
    switch (kind) {
        case TargetKind::kUrl: return "web";
        case TargetKind::kName: return "domain";
        default: return "host";
    }
}

// At most kMaxScanAssetNameBytes, cut before a UTF-8 continuation byte.
std::string AssetName(std::string_view text) {
    if (text.size() <= kMaxScanAssetNameBytes) return std::string(text);
    std::size_t n = kMaxScanAssetNameBytes;
    while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
    return std::string(text.substr(0, n));
}

std::string Text(const boost::json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

// {endpoints: [{location, certificate: {subject, issuer, not_after}}]} of the tls module's details.
std::vector<CertificateSeen> CertificatesOf(const std::string& details_json) {
    std::vector<CertificateSeen> out;
    boost::system::error_code ec;
    const boost::json::value root = boost::json::parse(details_json, ec);
    if (ec || !root.is_object()) return out;
    const auto* endpoints = root.get_object().if_contains("endpoints");
    if (!endpoints || !endpoints->is_array()) return out;
    for (const auto& ep : endpoints->get_array()) {
        if (!ep.is_object()) continue;
        const auto* cert = ep.get_object().if_contains("certificate");
        if (!cert || !cert->is_object()) continue;
        CertificateSeen c{Text(ep.get_object(), "location"), Text(cert->get_object(), "subject"),
                          Text(cert->get_object(), "issuer"), Text(cert->get_object(), "not_after")};
        if (!c.subject.empty() || !c.not_after.empty()) out.push_back(std::move(c));
    }
    return out;
}

class Planner {
public:
    std::size_t Asset(std::string_view type, std::string_view raw_name) {
        const std::string name = AssetName(raw_name);
        auto [it, added] = index_.try_emplace(name, plan_.assets.size());
        if (added) plan_.assets.push_back(AssetSeen{std::string(type), name});
        return it->second;
    }
    void AddAddress(std::size_t asset, const std::string& address) {
        auto& list = plan_.assets[asset].addresses;
        if (!address.empty() && std::find(list.begin(), list.end(), address) == list.end()) list.push_back(address);
    }

    void AddTarget(const scan::TargetReport& t) {
        const TargetKind kind = KindOf(t.target);
        bool ports_done = false;
        for (const auto& m : t.modules) ports_done |= m.name == "ports" && m.status == scan::ModuleStatus::kDone;
        std::optional<std::size_t> own;
        if (kind == TargetKind::kCidr) {
            for (const auto& h : t.hosts) {
                const std::size_t a = Asset("host", h.address);
                AddAddress(a, h.address);
                plan_.by_host[{t.target, h.address}] = a;
                plan_.assets[a].ports_done |= ports_done;
            }
        } else {
            own = Asset(TypeOf(kind), t.target);
            for (const auto& h : t.hosts) AddAddress(*own, h.address);
            if (kind == TargetKind::kAddress) AddAddress(*own, t.target);
            plan_.by_target[t.target] = *own;
            plan_.assets[*own].ports_done |= ports_done;
        }
        for (const auto& m : t.modules) {
            if (m.name != "tls" || m.details_json.empty()) continue;
            for (CertificateSeen& c : CertificatesOf(m.details_json)) {
                auto a = plan_.AssetFor(t.target, c.location);
                if (a) plan_.assets[*a].certificates.push_back(std::move(c));
            }
        }
    }

    void AddServices(const std::vector<scan::Service>& services) {
        for (AssetSeen& a : plan_.assets) {
            std::sort(a.addresses.begin(), a.addresses.end());
            const std::set<std::string> addresses(a.addresses.begin(), a.addresses.end());
            std::set<std::pair<std::string, std::string>> tech;
            for (const scan::Service& s : services) {
                if (!addresses.count(s.host)) continue;
                a.services.push_back({s.host, s.port, s.proto, s.service, s.product, s.version, s.tls});
                if (!s.product.empty()) tech.emplace(s.product, s.version);
            }
            a.technologies.assign(tech.begin(), tech.end());
        }
    }

    AssetPlan Take() { return std::move(plan_); }

private:
    AssetPlan plan_;
    std::map<std::string, std::size_t> index_;  // name -> asset
};

}  // namespace

std::optional<std::size_t> AssetPlan::AssetFor(const std::string& target, std::string_view location) const {
    if (auto it = by_target.find(target); it != by_target.end()) return it->second;
    if (auto it = by_host.find({target, HostOfLocation(location)}); it != by_host.end()) return it->second;
    return std::nullopt;
}

AssetPlan PlanAssets(const scan::ScanReport& report) {
    Planner planner;
    for (const auto& t : report.targets) planner.AddTarget(t);
    planner.AddServices(report.services);
    return planner.Take();
}

std::string HostOfLocation(std::string_view location) {
    std::string_view s = location;
    if (const auto scheme = s.find("://"); scheme != std::string_view::npos) {
        s.remove_prefix(scheme + 3);
        s = s.substr(0, s.find_first_of("/?#"));
        if (const auto at = s.rfind('@'); at != std::string_view::npos) s.remove_prefix(at + 1);
    }
    if (!s.empty() && s.front() == '[') {
        const auto close = s.find(']');
        return ToLower(s.substr(1, close == std::string_view::npos ? std::string_view::npos : close - 1));
    }
    if (std::count(s.begin(), s.end(), ':') == 1) s = s.substr(0, s.find(':'));
    return ToLower(s);
}

}  // namespace palisade::findings
