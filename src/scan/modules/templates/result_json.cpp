// SPDX-License-Identifier: Apache-2.0
#include "scan/modules/templates/result_json.hpp"

#include "core/strings.hpp"
#include "core/time.hpp"

namespace palisade::scan::templates {
namespace {

namespace json = boost::json;

json::array Strings(const std::vector<std::string>& items) {
    json::array out;
    for (const std::string& s : items) out.emplace_back(SanitizeUtf8(s));
    return out;
}

void Put(json::object& o, std::string_view key, const std::string& value) {
    if (!value.empty()) o[key] = SanitizeUtf8(value);
}

json::object InfoJson(const Info& info) {
    json::object o;
    o["name"] = SanitizeUtf8(info.name);
    if (!info.authors.empty()) o["author"] = Strings(info.authors);
    if (!info.tags.empty()) o["tags"] = Strings(info.tags);
    Put(o, "description", info.description);
    Put(o, "impact", info.impact);
    if (!info.references.empty()) o["reference"] = Strings(info.references);
    o["severity"] = std::string(TemplateSeverityName(info.severity));
    const Classification& c = info.classification;
    if (!c.cve_ids.empty() || !c.cwe_ids.empty() || !c.cvss_metrics.empty() || c.cvss_score) {
        json::object cls;
        if (!c.cve_ids.empty()) cls["cve-id"] = Strings(c.cve_ids);
        if (!c.cwe_ids.empty()) cls["cwe-id"] = Strings(c.cwe_ids);
        Put(cls, "cvss-metrics", c.cvss_metrics);
        if (c.cvss_score) cls["cvss-score"] = *c.cvss_score;
        o["classification"] = std::move(cls);
    }
    Put(o, "remediation", info.remediation);
    return o;
}

}  // namespace

json::object ResultToJson(const TemplateResult& r) {
    json::object o;
    o["template-id"] = r.template_id;
    Put(o, "template-path", r.template_path);
    o["info"] = InfoJson(r.info);
    Put(o, "matcher-name", r.matcher_name);
    Put(o, "extractor-name", r.extractor_name);
    o["type"] = r.type;
    Put(o, "host", r.host);
    Put(o, "port", r.port);
    Put(o, "scheme", r.scheme);
    Put(o, "url", r.url);
    Put(o, "path", r.path);
    o["matched-at"] = SanitizeUtf8(r.matched_at);
    if (!r.extracted_results.empty()) o["extracted-results"] = Strings(r.extracted_results);
    Put(o, "request", r.request);
    Put(o, "response", r.response);
    Put(o, "ip", r.ip);
    o["timestamp"] = FormatTime(r.timestamp);
    o["matcher-status"] = true;
    return o;
}

std::string ResultToJsonLine(const TemplateResult& result) { return json::serialize(ResultToJson(result)); }

}  // namespace palisade::scan::templates
