// SPDX-License-Identifier: Apache-2.0
// JSONL: the templates module's results as nuclei `-jsonl` lines (see output.hpp and docs/output-formats.md).
#include <boost/json.hpp>

#include "scan/output/output.hpp"

namespace palisade::scan::output {

namespace json = boost::json;

std::string ToJsonl(const ScanReport& report) {
    std::string out;
    for (const TargetReport& target : report.targets) {
        for (const ModuleReport& module : target.modules) {
            if (module.name != "templates" || module.details_json.empty()) continue;
            boost::system::error_code ec;
            json::value details = json::parse(module.details_json, ec);
            if (ec || !details.is_object()) continue;
            const json::value* results = details.as_object().if_contains("results");
            if (results == nullptr || !results->is_array()) continue;
            for (const json::value& result : results->as_array()) {
                if (!result.is_object()) continue;
                out += json::serialize(result);
                out += '\n';
            }
        }
    }
    return out;
}

}  // namespace palisade::scan::output
