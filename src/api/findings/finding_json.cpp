// SPDX-License-Identifier: Apache-2.0
#include "api/findings/finding_json.hpp"

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>

namespace palisade::api {

namespace {

namespace json = boost::json;

json::value OrNull(const std::optional<std::string>& s) {
    if (!s) return nullptr;
    return json::value(*s);
}

json::value OrNull(const std::optional<int>& i) {
    if (!i) return nullptr;
    return json::value(*i);
}

json::array Strings(std::string_view json_text) {
    json::array out;
    for (auto& s : findings::ParseStringArray(json_text)) out.emplace_back(s);
    return out;
}

// A JSON column written by the findings library; an empty array if it does not parse.
json::value Document(std::string_view json_text) {
    boost::system::error_code ec;
    json::value v = json::parse(json_text, ec);
    if (ec || !v.is_array()) return json::array();
    return v;
}

}  // namespace

json::object FindingJson(const store::FindingRecord& f) {
    json::value cvss = nullptr;
    if (!f.cvss_vector.empty() || f.cvss_score) {
        cvss = json::object{{"version", "3.1"},
                            {"vector", f.cvss_vector},
                            {"score", f.cvss_score ? json::value(*f.cvss_score) : json::value(nullptr)}};
    }
    return {
        {"id", f.id},
        {"check", f.check_id},
        {"title", f.title},
        {"severity", f.severity},
        {"cvss", std::move(cvss)},
        {"cwe", Strings(f.cwe)},
        {"cve", Strings(f.cve)},
        {"location", f.location},
        {"evidence", f.evidence},
        {"recommendation", f.recommendation},
        {"references", Strings(f.refs)},
        {"module", f.module},
        {"target", f.target},
        {"asset_id", OrNull(f.asset_id)},
        {"fingerprint", f.fingerprint},
        {"status", f.status},
        {"regression", f.regression},
        {"first_seen", f.first_seen},
        {"last_seen", f.last_seen},
        {"occurrences", f.occurrences},
        {"first_scan_id", OrNull(f.first_scan_id)},
        {"last_scan_id", OrNull(f.last_scan_id)},
        {"fixed_scan_id", OrNull(f.fixed_scan_id)},
        {"fixed_at", OrNull(f.fixed_at)},
        {"sla_due_at", OrNull(f.sla_due_at)},
        {"sla_breached", f.sla_breached},
        {"assignee_id", OrNull(f.assignee_id)},
        {"accepted_until", OrNull(f.accepted_until)},
        {"justification", f.justification},
        {"created_at", f.created_at},
        {"updated_at", f.updated_at},
    };
}

json::object HistoryJson(const store::FindingHistoryRecord& h) {
    return {{"id", h.id},       {"at", h.at},           {"actor_user_id", OrNull(h.actor_user_id)},
            {"actor", h.actor_label}, {"field", h.field}, {"from", h.from_value},
            {"to", h.to_value}, {"note", h.note}};
}

json::object CommentJson(const store::FindingCommentRecord& c) {
    return {{"id", c.id},
            {"author_id", OrNull(c.author_id)},
            {"author", c.author_label},
            {"text", c.body},
            {"created_at", c.created_at}};
}

json::object SlaJson(const findings::SlaPolicy& p) {
    return {{"critical_days", OrNull(p.critical)},
            {"high_days", OrNull(p.high)},
            {"medium_days", OrNull(p.medium)},
            {"low_days", OrNull(p.low)},
            {"info_days", OrNull(p.info)},
            {"is_default", p.is_default},
            {"updated_at", p.is_default ? json::value(nullptr) : json::value(p.updated_at)},
            {"updated_by", OrNull(p.updated_by)}};
}

json::object AssetJson(const findings::AssetSummary& s) {
    const store::AssetRecord& a = s.asset;
    json::array tags;
    for (const auto& t : a.tags) tags.emplace_back(t);
    const auto& o = s.open_findings;
    const long long total = o[0] + o[1] + o[2] + o[3] + o[4];
    return {
        {"id", a.id},
        {"type", a.type},
        {"name", a.name},
        {"criticality", a.criticality},
        {"owner", a.owner},
        {"environment", a.environment},
        {"tags", std::move(tags)},
        {"source", a.source},
        {"addresses", Strings(a.addresses)},
        {"first_seen", OrNull(a.first_seen)},
        {"last_seen", OrNull(a.last_seen)},
        {"last_scan_id", OrNull(a.last_scan_id)},
        {"created_at", a.created_at},
        {"updated_at", a.updated_at},
        {"open_findings",
         json::object{{"critical", o[4]}, {"high", o[3]}, {"medium", o[2]}, {"low", o[1]}, {"info", o[0]},
                      {"total", total}}},
        {"risk_score", s.risk_score},
    };
}

json::object AssetDetailJson(const findings::AssetDetail& d) {
    json::object out = AssetJson(d.summary);
    json::array services;
    for (const auto& s : d.services) {
        services.push_back(json::object{{"address", s.address},
                                        {"port", s.port},
                                        {"proto", s.proto},
                                        {"service", s.service},
                                        {"product", s.product},
                                        {"version", s.version},
                                        {"tls", s.tls},
                                        {"first_seen", s.first_seen},
                                        {"last_seen", s.last_seen},
                                        {"last_scan_id", s.last_scan_id}});
    }
    out["services"] = std::move(services);
    out["certificates"] = Document(d.summary.asset.certificates);
    out["technologies"] = Document(d.summary.asset.technologies);
    json::array scans;
    for (const auto& id : d.scan_ids) scans.emplace_back(id);
    out["scan_ids"] = std::move(scans);
    return out;
}

}  // namespace palisade::api
