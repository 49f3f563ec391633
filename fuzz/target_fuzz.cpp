// SPDX-License-Identifier: Apache-2.0
// ParseTargets and ParsePorts on arbitrary bytes. The input is split on '\n': every line is one target argument, and
// the first line is also a port spec. Invariants: no crash; a successful target parse stays within the address
// limit, has no duplicates, and enumerates (briefly) and resumes consistently; a successful port parse has no port 0
// and iterates ascending.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "scan/engine/port_spec.hpp"
#include "scan/engine/target.hpp"

namespace {

void Check(bool ok) {
    if (!ok) __builtin_trap();
}

void CheckTargets(const std::vector<std::string>& args, bool allow_large) {
    const palisade::scan::TargetLimits limits{.max_addresses = 4096, .allow_large = allow_large};
    auto targets = palisade::scan::ParseTargets(args, limits);
    if (!targets) {
        Check(targets.error().code == palisade::ErrorCode::kInvalidArgument && !targets.error().message.empty());
        return;
    }
    Check(!targets->empty());
    if (!allow_large) Check(palisade::scan::CountAddresses(*targets) <= limits.max_addresses);
    std::set<std::string> texts;
    for (const auto& t : *targets) Check(texts.insert(t.ToString()).second);

    palisade::scan::AddressEnumerator e(*targets);
    std::vector<palisade::scan::Address> head;
    for (int i = 0; i < 64; ++i) {
        auto a = e.Next();
        if (!a) break;
        head.push_back(*a);
    }
    Check(e.Index() == head.size());
    for (std::size_t i = 0; i < head.size(); i += 7) {
        auto resumed = palisade::scan::AddressEnumerator::Resume(*targets, i);
        Check(resumed.Index() == i);
        auto a = resumed.Next();
        Check(a.has_value() && *a == head[i]);
    }
}

void CheckPorts(std::string_view spec) {
    auto ports = palisade::scan::ParsePorts(spec);
    if (!ports) {
        Check(ports.error().code == palisade::ErrorCode::kInvalidArgument);
        return;
    }
    Check(!ports->Contains(0));
    std::size_t n = 0;
    std::uint32_t previous = 0;
    for (std::uint16_t p : *ports) {
        Check(p > previous && ports->Contains(p));
        previous = p;
        ++n;
    }
    Check(n == ports->Count() && n > 0);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    std::vector<std::string> args;
    std::size_t start = 0;
    while (true) {
        const std::size_t end = input.find('\n', start);
        args.emplace_back(input.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
        if (end == std::string_view::npos) break;
        start = end + 1;
    }
    CheckTargets(args, false);
    CheckTargets(args, true);
    CheckPorts(args.front());
    CheckPorts(input);
    return 0;
}
