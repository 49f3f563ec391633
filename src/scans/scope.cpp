// SPDX-License-Identifier: Apache-2.0
#include "scans/scope.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <variant>

namespace palisade::scans {

namespace {

std::string Lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

// A DNS name of LDH labels (1-63 characters, no leading or trailing hyphen), 253 characters at most; one label
// ("localhost", "intranet") is allowed.
bool IsDnsName(const std::string& name) {
    if (name.empty() || name.size() > 253) return false;
    std::size_t start = 0;
    while (start <= name.size()) {
        std::size_t dot = name.find('.', start);
        if (dot == std::string::npos) dot = name.size();
        const std::size_t len = dot - start;
        if (len == 0 || len > 63) return false;
        if (name[start] == '-' || name[dot - 1] == '-') return false;
        for (std::size_t i = start; i < dot; ++i) {
            const char c = name[i];
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
        }
        start = dot + 1;
        if (dot == name.size()) break;
    }
    return true;
}

// Address bits compared as 128-bit values (IPv4 is IPv4-mapped, so an IPv4 prefix p is 96 + p bits).
bool PrefixMatches(const scan::Address& network, int bits, const scan::Address& a) {
    for (int i = 0; i < bits; ++i) {
        const int byte = i / 8;
        const int mask = 0x80 >> (i % 8);
        if ((network.bytes[byte] & mask) != (a.bytes[byte] & mask)) return false;
    }
    return true;
}

struct Range {
    scan::Address network;
    int bits = 128;  // in 128-bit space
    bool v4 = false;
};

std::optional<Range> ParseRange(const std::string& text) {
    auto parsed = scan::ParseTargets({text}, scan::TargetLimits{UINT64_MAX, true});
    if (!parsed || parsed->size() != 1) return std::nullopt;
    const scan::Target& t = parsed->front();
    if (const auto* a = std::get_if<scan::AddressTarget>(&t.value)) {
        return Range{a->address, 128, a->address.is_v4};
    }
    if (const auto* c = std::get_if<scan::CidrTarget>(&t.value)) {
        return Range{c->network, c->network.is_v4 ? 96 + c->prefix_length : c->prefix_length, c->network.is_v4};
    }
    return std::nullopt;
}

std::string RangeText(const Range& r) {
    return r.network.ToString() + "/" + std::to_string(r.v4 ? r.bits - 96 : r.bits);
}

bool AddressInScope(const std::vector<Range>& ranges, const scan::Address& a) {
    for (const auto& r : ranges) {
        if (r.v4 == a.is_v4 && PrefixMatches(r.network, r.bits, a)) return true;
    }
    return false;
}

bool NameInScope(const std::vector<std::string>& domains, std::string name) {
    name = Lower(std::move(name));
    while (!name.empty() && name.back() == '.') name.pop_back();
    for (const auto& d : domains) {
        if (name == d) return true;
        if (name.size() > d.size() && name.compare(name.size() - d.size(), d.size(), d) == 0 &&
            name[name.size() - d.size() - 1] == '.') {
            return true;
        }
    }
    return false;
}

std::vector<Range> Ranges(const OrgScope& scope) {
    std::vector<Range> out;
    for (const auto& c : scope.cidrs) {
        if (auto r = ParseRange(c)) out.push_back(*r);
    }
    return out;
}

bool InScopeWith(const OrgScope& scope, const std::vector<Range>& ranges, const scan::Target& target) {
    if (const auto* a = std::get_if<scan::AddressTarget>(&target.value)) return AddressInScope(ranges, a->address);
    if (const auto* c = std::get_if<scan::CidrTarget>(&target.value)) {
        const int bits = c->network.is_v4 ? 96 + c->prefix_length : c->prefix_length;
        for (const auto& r : ranges) {
            if (r.v4 == c->network.is_v4 && bits >= r.bits && PrefixMatches(r.network, r.bits, c->network)) return true;
        }
        return false;
    }
    if (const auto* h = std::get_if<scan::HostNameTarget>(&target.value)) return NameInScope(scope.domains, h->name);
    if (const auto* u = std::get_if<scan::UrlTarget>(&target.value)) {
        auto literal = scan::ParseTargets({u->host}, scan::TargetLimits{1, false});
        if (literal && literal->size() == 1) {
            if (const auto* a = std::get_if<scan::AddressTarget>(&literal->front().value)) {
                return AddressInScope(ranges, a->address);
            }
        }
        return NameInScope(scope.domains, u->host);
    }
    return false;
}

}  // namespace

OrgScope NormalizeScope(const std::vector<std::string>& domains, const std::vector<std::string>& cidrs,
                        std::vector<server::FieldError>& errors) {
    OrgScope out;
    if (domains.size() > kMaxScopeEntries) errors.push_back({"domains", "must have at most 1000 entries"});
    if (cidrs.size() > kMaxScopeEntries) errors.push_back({"cidrs", "must have at most 1000 entries"});
    for (std::size_t i = 0; i < domains.size() && i < kMaxScopeEntries; ++i) {
        std::string d = Lower(domains[i]);
        if (d.rfind("*.", 0) == 0) d.erase(0, 2);
        if (!d.empty() && d.back() == '.') d.pop_back();
        if (!IsDnsName(d)) {
            errors.push_back({"domains[" + std::to_string(i) + "]", "must be a DNS name such as example.com"});
            continue;
        }
        out.domains.push_back(std::move(d));
    }
    for (std::size_t i = 0; i < cidrs.size() && i < kMaxScopeEntries; ++i) {
        auto r = ParseRange(cidrs[i]);
        if (!r) {
            errors.push_back({"cidrs[" + std::to_string(i) + "]",
                              "must be an IPv4 or IPv6 address or CIDR range such as 10.0.0.0/8"});
            continue;
        }
        out.cidrs.push_back(RangeText(*r));
    }
    std::sort(out.domains.begin(), out.domains.end());
    out.domains.erase(std::unique(out.domains.begin(), out.domains.end()), out.domains.end());
    std::sort(out.cidrs.begin(), out.cidrs.end());
    out.cidrs.erase(std::unique(out.cidrs.begin(), out.cidrs.end()), out.cidrs.end());
    return out;
}

bool InScope(const OrgScope& scope, const scan::Target& target) {
    return InScopeWith(scope, Ranges(scope), target);
}

std::vector<std::string> OutOfScope(const OrgScope& scope, const std::vector<scan::Target>& targets) {
    const auto ranges = Ranges(scope);
    std::vector<std::string> out;
    for (const auto& t : targets) {
        if (!InScopeWith(scope, ranges, t)) out.push_back(t.ToString());
    }
    return out;
}

std::string ToJsonArray(const std::vector<std::string>& items) {
    boost::json::array a;
    for (const auto& s : items) a.emplace_back(s);
    return boost::json::serialize(a);
}

std::vector<std::string> FromJsonArray(const std::string& json) {
    std::vector<std::string> out;
    boost::system::error_code ec;
    auto v = boost::json::parse(json, ec);
    if (ec || !v.is_array()) return out;
    for (const auto& item : v.as_array()) {
        if (item.is_string()) out.emplace_back(item.as_string());
    }
    return out;
}

}  // namespace palisade::scans
