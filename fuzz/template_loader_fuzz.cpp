// SPDX-License-Identifier: Apache-2.0
// The nuclei template loader on arbitrary bytes (YAML text). Invariants: no crash, no exception escapes; a result is
// either a template or a non-empty reason; a loaded template has an id, at least one request, each with a path or a
// raw request, and compiled operators (no null regex or expression).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "scan/modules/templates/template.hpp"

namespace {

void Check(bool ok) {
    if (!ok) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace palisade::scan::templates;
    if (size > 64 * 1024) return 0;
    LoadResult r = LoadTemplate(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.yaml");
    Check(r.tmpl.has_value() != !r.skip_reason.empty());
    if (!r.tmpl) return 0;
    Check(!r.tmpl->id.empty());
    Check(!r.tmpl->requests.empty());
    for (const HttpRequest& req : r.tmpl->requests) {
        Check(!req.paths.empty() || !req.raw.empty());
        for (const Matcher& m : req.matchers) {
            for (const auto& re : m.regexes) Check(re && re->ok());
            for (const auto& e : m.expressions) Check(e != nullptr);
        }
        for (const Extractor& e : req.extractors) {
            for (const auto& re : e.regexes) Check(re && re->ok());
        }
    }
    return 0;
}
