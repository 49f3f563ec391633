// SPDX-License-Identifier: Apache-2.0
// A template result as the JSON object of one nuclei `-jsonl` line (nuclei's output.ResultEvent), so results can be
// printed, stored and compared with nuclei's. Keys, in nuclei's order (empty values omitted as nuclei's omitempty
// does): template-id, template-path, info {name, author[], tags[], description, impact, reference[], severity,
// classification {cve-id[], cwe-id[], cvss-metrics, cvss-score}, remediation}, matcher-name, extractor-name, type,
// host, port, scheme, url, path, matched-at, extracted-results[], request, response, ip, timestamp (RFC 3339 UTC,
// milliseconds), matcher-status (true). Strings are made valid UTF-8 (invalid bytes become U+FFFD).
#pragma once

#include <boost/json.hpp>
#include <string>

#include "scan/modules/templates/executor.hpp"

namespace palisade::scan::templates {

boost::json::object ResultToJson(const TemplateResult& result);

// ResultToJson serialised on one line (no trailing newline).
std::string ResultToJsonLine(const TemplateResult& result);

}  // namespace palisade::scan::templates
