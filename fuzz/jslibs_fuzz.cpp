// SPDX-License-Identifier: Apache-2.0
// The outdated-JavaScript-library detector on arbitrary bytes. The whole input is script content and a script URL
// matched against the built-in retire.js-format repository; the second half is also parsed as a repository
// (JsRepository::Parse must return a repository or an error with a message, never crash or throw), and a parsed
// repository is merged into the built-in one and run over the first half. Contracts checked: every detection names
// a component of the repository, with a version of 1-64 printable characters; vulnerability lookups never fail;
// version comparison is reflexive and antisymmetric.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "scan/modules/web/jslibs/js_libraries.hpp"

namespace {

namespace j = palisade::scan::web::jslibs;

void Check(bool ok) {
    if (!ok) __builtin_trap();
}

void CheckDetections(const j::JsRepository& repo, const std::vector<j::DetectedLibrary>& found) {
    for (const auto& d : found) {
        Check(repo.Find(d.component) != nullptr);
        Check(!d.version.empty() && d.version.size() <= 64);
        for (char c : d.version) Check(c > 0x20 && c < 0x7f);
        Check(d.how == "uri" || d.how == "filename" || d.how == "filecontent" || d.how == "hash");
        Check(d.match.size() <= 120);
        for (const auto& v : j::Vulnerabilities(repo, d.component, d.version)) Check(!v.severity.empty());
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);

    static const j::JsRepository builtin = [] {
        auto repo = j::JsRepository::Builtin();
        Check(repo.has_value());
        return *repo;
    }();
    CheckDetections(builtin, j::DetectFromContent(builtin, input));
    CheckDetections(builtin, j::DetectFromUrl(builtin, input));
    CheckDetections(builtin, j::DetectFromUrl(builtin, "https://cdn.test/lib/" + std::string(input.substr(0, 256))));

    std::size_t half = size / 2;
    std::string_view first = input.substr(0, half), second = input.substr(half);
    auto parsed = j::JsRepository::Parse(second, "fuzz.json");
    if (parsed) {
        j::JsRepository merged = builtin;
        merged.Merge(*parsed);
        CheckDetections(merged, j::DetectFromContent(merged, first));
        CheckDetections(merged, j::DetectFromUrl(merged, first));
    } else {
        Check(!parsed.error().message.empty());
    }

    Check(j::CompareVersions(first, first) == 0);
    int ab = j::CompareVersions(first, second), ba = j::CompareVersions(second, first);
    Check((ab < 0 && ba > 0) || (ab > 0 && ba < 0) || (ab == 0 && ba == 0));
    return 0;
}
