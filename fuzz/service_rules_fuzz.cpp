// SPDX-License-Identifier: Apache-2.0
// The service-rule loader and matcher on arbitrary bytes. The input is used three ways: as a rules document
// (LoadServiceRules must return rules or an error, never crash or throw), as a reply matched by every probe of the
// built-in rules and of the loaded rules, and as escape and version text. Contracts checked: matched product,
// version and info are printable ASCII of at most 80 characters; a match names a non-empty service; version
// comparison is reflexive and antisymmetric.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "scan/modules/services/service_rules.hpp"

namespace {

namespace s = palisade::scan::services;

void Check(bool ok) {
    if (!ok) __builtin_trap();
}

void CheckField(const std::string& field) {
    Check(field.size() <= 80);
    for (unsigned char c : field) Check(c >= 0x20 && c < 0x7f);
}

void MatchAll(const s::ServiceRules& rules, std::string_view reply) {
    for (const auto& probe : rules.probes) {
        auto m = s::Match(rules, probe.name, reply);
        if (!m) continue;
        Check(!m->service.empty());
        Check(m->rule < rules.rules.size());
        CheckField(m->product);
        CheckField(m->version);
        CheckField(m->info);
        for (const s::Advisory* adv : s::FindAdvisories(rules, m->product, m->version)) Check(!adv->cve.empty());
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);

    auto loaded = s::LoadServiceRules(input);
    if (loaded) {
        MatchAll(*loaded, input);
        MatchAll(*loaded, "SSH-2.0-OpenSSH_9.6\r\nHTTP/1.1 200 OK\r\nServer: nginx/1.2\r\n\r\n");
    } else {
        Check(!loaded.error().message.empty());
    }

    static const s::ServiceRules* builtin = [] {
        auto rules = s::BuiltinServiceRules();
        Check(rules.has_value());
        return *rules;
    }();
    MatchAll(*builtin, input);

    auto decoded = s::DecodeEscapes(input);
    if (decoded) Check(decoded->size() <= input.size());

    std::size_t half = size / 2;
    std::string_view a = input.substr(0, half), b = input.substr(half);
    Check(s::CompareVersions(a, a) == 0);
    Check(s::CompareVersions(a, b) == -s::CompareVersions(b, a));
    return 0;
}
