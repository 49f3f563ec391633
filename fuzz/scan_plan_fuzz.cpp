// SPDX-License-Identifier: Apache-2.0
// The scan request checks on arbitrary bytes: the input is a JSON object of scan options (as POST /api/v1/scans
// takes them) validated against every module, and its lines are scope entries. Invariants: no crash; options that
// validate also build engine options; normalised scope entries normalise to themselves.
#include <boost/json.hpp>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "scans/scan_plan.hpp"
#include "scans/scope.hpp"

namespace {

void Check(bool ok) {
    if (!ok) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    boost::system::error_code ec;
    boost::json::parse_options limits;
    limits.max_depth = 32;
    boost::json::value v = boost::json::parse(text, ec, {}, limits);
    if (!ec && v.is_object()) {
        const std::vector<std::string> modules{"ports", "services", "tls", "headers", "web", "templates"};
        std::vector<palisade::server::FieldError> errors;
        palisade::scans::ValidatePlan(modules, v.as_object(), errors);
        auto built = palisade::scans::BuildScanOptions(modules, v.as_object());
        Check(built.has_value() == errors.empty());
    }
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start <= text.size() && lines.size() < 64) {
        const std::size_t end = text.find('\n', start);
        lines.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
        if (end == std::string::npos) break;
        start = end + 1;
    }
    std::vector<palisade::server::FieldError> errors;
    const auto scope = palisade::scans::NormalizeScope(lines, lines, errors);
    std::vector<palisade::server::FieldError> again;
    const auto twice = palisade::scans::NormalizeScope(scope.domains, scope.cidrs, again);
    Check(again.empty() && twice.domains == scope.domains && twice.cidrs == scope.cidrs);
    return 0;
}
