// SPDX-License-Identifier: Apache-2.0
// NmapXmlParser and AddNmapHost on arbitrary bytes (an uploaded nmap XML file comes from any findings:import user).
// Invariants: no crash, bounded work (small limits); a refusal is kInvalidArgument naming a line or the document;
// feeding the same bytes whole or split at an input-chosen point gives the same outcome and the same hosts; every
// host maps to at most one target with services only for open ports.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "imports/import_mapping.hpp"
#include "imports/nmap_parser.hpp"

namespace {

void Check(bool ok) {
    if (!ok) __builtin_trap();
}

struct Outcome {
    bool ok = false;
    std::string error;
    std::string hosts;  // a digest of every host
};

Outcome Parse(std::string_view doc, std::size_t split) {
    palisade::imports::NmapLimits limits;
    limits.max_depth = 32;
    limits.max_attribute_bytes = 4096;
    limits.max_token_bytes = 1024 * 1024;  // above any fuzz input: the check depends on chunking
    limits.max_hosts = 200;
    limits.max_ports_per_host = 1000;
    Outcome out;
    palisade::imports::NmapXmlParser parser(limits, [&](palisade::imports::NmapHost&& h) {
        out.hosts += h.status + "|" + std::to_string(h.addresses.size()) + "|" + std::to_string(h.ports.size()) + ";";
        palisade::scan::ScanReport report;
        const auto o = palisade::imports::AddNmapHost(h, report);
        Check(report.targets.size() == (o.imported ? 1u : 0u));
        Check(static_cast<std::size_t>(o.services) == report.services.size());
        Check(o.services <= static_cast<int>(h.ports.size()));
        return palisade::Ok();
    });
    auto s = parser.Feed(doc.substr(0, split));
    if (s) s = parser.Feed(doc.substr(split));
    if (s) s = parser.Finish();
    out.ok = s.has_value();
    if (!s) {
        Check(s.error().code == palisade::ErrorCode::kInvalidArgument);
        Check(s.error().message.rfind("line ", 0) == 0 || s.error().message.rfind("not an nmap", 0) == 0);
        out.error = s.error().message;
    }
    Check(parser.hosts_seen() <= limits.max_hosts + 1);
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::string_view doc(reinterpret_cast<const char*>(data) + 1, size - 1);
    const std::size_t split = doc.empty() ? 0 : data[0] % (doc.size() + 1);
    const Outcome whole = Parse(doc, doc.size());
    const Outcome parts = Parse(doc, split);
    Check(whole.ok == parts.ok);
    Check(whole.hosts == parts.hosts);
    return 0;
}
