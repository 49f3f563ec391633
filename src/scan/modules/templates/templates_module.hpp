// SPDX-License-Identifier: Apache-2.0
// The "templates" scan module: runs nuclei HTTP templates (template.hpp, executor.hpp) against every web site of a
// target: the URL of a URL target; for a host, http(s)://host:port/ for each open port the services module named
// http or https (without service results: ports 80/8000/8080 as http, 443/8443 as https).
//
// Every result becomes a finding whose check id is "template.<template id, lower case>", with the template's
// severity (unknown -> info), name as title, CVSS vector (cvss-metrics when CVSS:3.x), CWE and CVE ids
// (classification), references, remediation, the matched-at URL as location and the matcher name / extracted values
// / matched text as evidence. The catalogue lists one generic check, "templates.match" (docs/checks.md).
//
// ctx.SetDetails() receives (for the CLI's -jsonl output and the API):
//   {"templates": {"loaded": N, "builtin": N, "selected": N, "skipped": N},  // selected = passed the filters,
//                                                                             // builtin = of the loaded
//    "sites": ["http://10.0.0.5/"], "requests": N,
//    "results": [<nuclei JSONL object per result, result_json.hpp>],
//    "skipped": [{"path": "...", "reason": "...", "malformed": false}],
//    "errors": [{"template": "id", "site": "url", "error": "GET http://...: connect failed"}],  // first 100
//    "errors_total": N}
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "scan/engine/module.hpp"
#include "scan/http/http_client.hpp"
#include "scan/modules/templates/executor.hpp"
#include "scan/modules/templates/template.hpp"

namespace palisade::scan::templates {

// Finding check ids are this prefix + the template id in lower case ("template.git-config").
inline constexpr std::string_view kTemplateCheckPrefix = "template.";

struct TemplatesOptions {
    // Template files or directories (directories recursively: *.yaml, *.yml), loaded on the first run and again only
    // when a later run asks for other paths.
    std::vector<std::string> template_dirs;
    std::vector<std::shared_ptr<const Template>> templates;  // already loaded templates, run too
    bool builtin = false;  // also the built-in pack (builtin_pack.hpp); a template of the paths above or of
                           // `templates` with the same id replaces the built-in one
    // The HTTP client; null = MakeCurlClient with the scan's user agent, timeout (connect), CA file and cancellation,
    // `requests_per_second` (0: the scan's rate), `headers` and `cookies`, and redirects kept on the target's hosts.
    std::shared_ptr<http::Client> client;
    std::vector<std::string> headers;       // "Name: value", sent with every request (a template's own header wins)
    std::string cookies;                    // "a=1; b=2", sent with every request
    double requests_per_second = 0;         // per host; 0 = ScanOptions::rate
    std::vector<std::string> tags;          // run only templates with one of these tags (empty = no filter)
    std::vector<std::string> exclude_tags;  // never run templates with one of these tags
    std::vector<std::string> severities;    // run only these severities: info..critical, unknown (empty = all)
    std::vector<std::string> ids;           // run only these template ids (empty = all)
    std::size_t max_response_bytes = 16 * 1024;  // response text kept per result in the details
};

// What a scan asks of the module (the default MakeTemplatesModule() derives its options from each run's
// ScanOptions with this): ScanOptions::templates.dirs as template_dirs; the built-in pack when `templates.builtin`
// or when no dir is given; tags, ids and severities as filters; ScanOptions::web.headers, .cookies and
// .requests_per_second for the HTTP client.
TemplatesOptions OptionsFromScan(const ScanOptions& scan);

// The module's check catalogue (static): "templates.match".
std::span<const CheckInfo> TemplatesChecks();

// Whether a template passes the tag / severity / id filters of `options` (tags and ids compare case-insensitively).
bool TemplateSelected(const Template& tmpl, const TemplatesOptions& options);

// The finding for one result (see the file comment).
Finding ResultToFinding(const TemplateResult& result);

// The module of the built-in list: its options come from each run's ScanOptions (OptionsFromScan). Paths are
// loaded on the first run of a scan (the module instance lives one scan), the built-in pack once per process.
std::unique_ptr<Module> MakeTemplatesModule();
// A module with fixed options (tests, embedding callers); the ScanOptions of a run are then used only for the
// client's user agent, timeout, rate and CA file.
std::unique_ptr<Module> MakeTemplatesModule(TemplatesOptions options);

}  // namespace palisade::scan::templates
