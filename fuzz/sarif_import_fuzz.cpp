// SPDX-License-Identifier: Apache-2.0
// SarifReader and SarifFinding on arbitrary bytes (an uploaded SARIF log comes from any findings:import user).
// Invariants: no crash, bounded memory (small per-result limit); a refusal is kInvalidArgument naming a line;
// feeding the same bytes whole or split at an input-chosen point gives the same outcome and results; a result with a
// rule id maps to a finding with a 32-digit fingerprint and a "<tool>.<rule>" check.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "imports/import_mapping.hpp"
#include "imports/sarif_reader.hpp"

namespace {

void Check(bool ok) {
    if (!ok) __builtin_trap();
}

struct Outcome {
    bool ok = false;
    std::string results;
};

Outcome Read(std::string_view doc, std::size_t split) {
    palisade::imports::SarifLimits limits;
    limits.max_result_bytes = 16 * 1024;
    limits.max_results = 500;
    limits.max_rules = 500;
    limits.max_depth = 32;
    Outcome out;
    palisade::imports::SarifReader reader(limits, [&](palisade::imports::SarifResult&& r) {
        auto tf = palisade::imports::SarifFinding(r);
        Check(tf.has_value() == !r.rule_id.empty());
        if (tf) {
            Check(tf->finding.fingerprint.size() == 32);
            Check(tf->finding.check.find('.') != std::string::npos);
            out.results += tf->finding.fingerprint + ";";
        }
        return palisade::Ok();
    });
    auto s = reader.Feed(doc.substr(0, split));
    if (s) s = reader.Feed(doc.substr(split));
    if (s) s = reader.Finish();
    out.ok = s.has_value();
    if (!s) {
        Check(s.error().code == palisade::ErrorCode::kInvalidArgument);
        Check(s.error().message.rfind("line ", 0) == 0);
    }
    Check(reader.results_seen() <= limits.max_results + 1);
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::string_view doc(reinterpret_cast<const char*>(data) + 1, size - 1);
    const std::size_t split = doc.empty() ? 0 : data[0] % (doc.size() + 1);
    const Outcome whole = Read(doc, doc.size());
    const Outcome parts = Read(doc, split);
    Check(whole.ok == parts.ok);
    Check(whole.results == parts.results);
    return 0;
}
