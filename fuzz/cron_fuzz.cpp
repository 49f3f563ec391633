// SPDX-License-Identifier: Apache-2.0
// ParseCron and NextRun on arbitrary bytes (a schedule's cron expression comes from any scans:run user). Invariants:
// no crash; a parse error names the field "cron"; a next run is strictly after the start and itself matches again
// (the run after it is later still).
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

#include "scans/cron.hpp"

namespace {

void Check(bool ok) {
    if (!ok) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    auto spec = palisade::scans::ParseCron(text);
    if (!spec) {
        Check(spec.error().field == "cron" && !spec.error().message.empty());
        return 0;
    }
    const palisade::TimePoint start = palisade::TimePoint(std::chrono::seconds(1'800'000'000 + (size * 7919) % 86400));
    for (const char* tz : {"UTC", "Europe/Paris", "America/New_York"}) {
        auto next = palisade::scans::NextRun(*spec, tz, start);
        if (!next) continue;
        Check(*next > start);
        auto after = palisade::scans::NextRun(*spec, tz, *next);
        if (after) Check(*after > *next);
    }
    return 0;
}
