// SPDX-License-Identifier: Apache-2.0
// The scan result contract (DESIGN.md "Scan result contract") and its extensions; see docs/output-formats.md.
#include <cmath>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "scan/output/format_util.hpp"
#include "scan/output/output.hpp"

namespace palisade::scan::output {
namespace {

namespace json = boost::json;

json::value OrNull(const std::optional<int>& v) {
    if (!v) return nullptr;
    return json::value(static_cast<std::int64_t>(*v));
}

json::value OrNull(const std::optional<std::string>& v) {
    if (!v) return nullptr;
    return json::value(*v);
}

// Empty means "none" for these fields: null.
json::value EmptyAsNull(const std::string& v) {
    if (v.empty()) return nullptr;
    return json::value(v);
}

json::array Strings(const std::vector<std::string>& items) {
    json::array out;
    out.reserve(items.size());
    for (const auto& s : items) out.emplace_back(s);
    return out;
}

// Three decimals (microseconds) are all a round-trip time measured by a connect() carries.
double RoundMs(double ms) { return std::isfinite(ms) ? std::round(ms * 1000.0) / 1000.0 : 0.0; }

json::object ServiceJson(const Service& s) {
    return {
        {"host", s.host},
        {"port", static_cast<std::int64_t>(s.port)},
        {"proto", s.proto},
        {"service", s.service},
        {"product", EmptyAsNull(s.product)},
        {"version", EmptyAsNull(s.version)},
        {"tls", s.tls},
    };
}

json::object FindingJson(const Finding& f) {
    json::value cvss = nullptr;
    if (f.cvss) {
        cvss = json::object{{"version", f.cvss->version}, {"vector", f.cvss->vector}, {"score", f.cvss->score}};
    }
    return {
        {"check", f.check},
        {"title", f.title},
        {"severity", SeverityName(f.severity)},
        {"cvss", std::move(cvss)},
        {"cwe", Strings(f.cwe)},
        {"cve", Strings(f.cve)},
        {"location", f.location},
        {"evidence", f.evidence},
        {"recommendation", f.recommendation},
        {"references", Strings(f.references)},
        {"fingerprint", f.fingerprint},
    };
}

// The DESIGN.md module summary: name, status, duration_ms, grade, score.
json::object ModuleSummaryJson(const ModuleReport& m) {
    return {
        {"name", m.name},
        {"status", detail::StatusName(m.status)},
        {"duration_ms", m.duration_ms},
        {"grade", OrNull(m.grade)},
        {"score", OrNull(m.score)},
    };
}

// details_json is the module's own JSON value; a module that wrote something unparsable gets it as a string.
json::value DetailsJson(const std::string& details) {
    if (details.empty()) return nullptr;
    boost::system::error_code ec;
    json::value parsed = json::parse(details, ec);
    if (ec) return json::value(details);
    return parsed;
}

json::object ModuleJson(const ModuleReport& m) {
    json::object out = ModuleSummaryJson(m);
    out["error"] = EmptyAsNull(m.error);
    out["details"] = DetailsJson(m.details_json);
    return out;
}

json::object HostJson(const HostReport& h) {
    json::array ports;
    ports.reserve(h.ports.size());
    for (const auto& p : h.ports) {
        ports.push_back(json::object{
            {"port", static_cast<std::int64_t>(p.port)},
            {"proto", p.proto},
            {"state", p.state},
            {"reason", p.reason},
            {"rtt_ms", RoundMs(p.rtt_ms)},
        });
    }
    return {
        {"address", h.address},
        {"name", EmptyAsNull(h.name)},
        {"up", h.up},
        {"ports", std::move(ports)},
        {"closed", h.closed},
        {"filtered", h.filtered},
    };
}

json::object TargetJson(const TargetReport& t) {
    json::array modules;
    for (const auto& m : t.modules) modules.emplace_back(ModuleJson(m));
    json::array hosts;
    for (const auto& h : t.hosts) hosts.emplace_back(HostJson(h));
    return {
        {"target", t.target},
        {"score", OrNull(t.score)},
        {"grade", OrNull(t.grade)},
        {"error", EmptyAsNull(t.error)},
        {"modules", std::move(modules)},
        {"hosts", std::move(hosts)},
    };
}

}  // namespace

std::string ToJson(const ScanReport& report) {
    std::string target;
    for (const auto& t : report.targets) {
        if (!target.empty()) target += ", ";
        target += t.target;
    }
    json::array modules;
    if (!report.targets.empty()) {
        for (const auto& m : report.targets.front().modules) modules.emplace_back(ModuleSummaryJson(m));
    }
    json::array services;
    for (const auto& s : report.services) services.emplace_back(ServiceJson(s));
    json::array findings;
    for (const auto& f : report.findings) findings.emplace_back(FindingJson(f));
    json::array targets;
    for (const auto& t : report.targets) targets.emplace_back(TargetJson(t));

    json::object root{
        {"scanner", json::object{{"name", report.scanner_name}, {"version", report.scanner_version}}},
        {"target", target},
        {"started_at", report.started_at},
        {"finished_at", report.finished_at},
        {"score", OrNull(report.score)},
        {"grade", OrNull(report.grade)},
        {"modules", std::move(modules)},
        {"services", std::move(services)},
        {"findings", std::move(findings)},
        {"complete", report.complete},
        {"incomplete_reason", report.complete ? json::value(nullptr) : EmptyAsNull(report.incomplete_reason)},
        {"targets", std::move(targets)},
    };
    return detail::PrettyJson(root);
}

}  // namespace palisade::scan::output
