// SPDX-License-Identifier: Apache-2.0
#include "api/scans/scan_json.hpp"

#include <boost/json.hpp>
#include <cmath>

#include "scans/scan_event_log.hpp"

namespace palisade::api {

namespace json = boost::json;

namespace {

json::value Parsed(const std::string& text) {
    boost::system::error_code ec;
    json::value v = json::parse(text, ec);
    if (ec) return nullptr;
    return v;
}

json::value Opt(const std::optional<std::string>& v) {
    if (!v) return nullptr;
    return json::value(*v);
}

json::array Summaries(const std::vector<scans::FindingSummary>& items) {
    json::array out;
    for (const auto& f : items) {
        out.push_back(json::object{{"fingerprint", f.fingerprint},
                                   {"check", f.check},
                                   {"title", f.title},
                                   {"severity", f.severity},
                                   {"location", f.location}});
    }
    return out;
}

}  // namespace

json::object ToJson(const store::ScanRecord& s) {
    json::object o;
    o["id"] = s.id;
    o["state"] = s.state;
    o["targets"] = Parsed(s.targets_json);
    o["profile"] = s.profile.empty() ? json::value(nullptr) : json::value(s.profile);
    o["modules"] = Parsed(s.modules_json);
    o["options"] = Parsed(s.options_json);
    o["progress"] = static_cast<std::int64_t>(std::floor(s.progress * 100));  // percent
    o["findings_count"] = s.findings_count;
    o["complete"] = s.complete;
    o["incomplete_reason"] = s.incomplete_reason.empty() ? json::value(nullptr) : json::value(s.incomplete_reason);
    o["error"] = s.error.empty() ? json::value(nullptr) : json::value(s.error);
    o["score"] = s.score ? json::value(*s.score) : json::value(nullptr);
    o["grade"] = Opt(s.grade);
    o["summary"] = Parsed(s.summary_json);
    o["created_by"] = Opt(s.created_by);
    o["schedule_id"] = Opt(s.schedule_id);
    o["created_at"] = s.created_at;
    o["started_at"] = Opt(s.started_at);
    o["finished_at"] = Opt(s.finished_at);
    return o;
}

json::object ToJson(const store::ScanEventRecord& e) {
    return json::object{{"topic", scans::ScanTopic(e.scan_id)},
                        {"type", e.type},
                        {"data", Parsed(e.data_json)},
                        {"at", e.at},
                        {"seq", e.seq}};
}

json::object ToJson(const scans::ProfileView& p) {
    json::array modules;
    for (const auto& m : p.modules) modules.emplace_back(m);
    return json::object{{"id", p.id},
                        {"name", p.name},
                        {"description", p.description},
                        {"builtin", p.builtin},
                        {"modules", std::move(modules)},
                        {"options", p.options},
                        {"created_at", p.created_at.empty() ? json::value(nullptr) : json::value(p.created_at)}};
}

json::object ToJson(const scans::OrgScope& scope) {
    json::array domains;
    for (const auto& d : scope.domains) domains.emplace_back(d);
    json::array cidrs;
    for (const auto& c : scope.cidrs) cidrs.emplace_back(c);
    return json::object{{"domains", std::move(domains)}, {"cidrs", std::move(cidrs)}};
}

json::object ToJson(const scans::ScanDiff& d) {
    json::object counts{{"new", d.new_findings.size()}, {"fixed", d.fixed.size()}, {"unchanged", d.unchanged.size()}};
    return json::object{{"scan_id", d.scan_id},
                        {"base_scan_id", d.base_scan_id},
                        {"new", Summaries(d.new_findings)},
                        {"fixed", Summaries(d.fixed)},
                        {"unchanged", Summaries(d.unchanged)},
                        {"counts", std::move(counts)}};
}

}  // namespace palisade::api
