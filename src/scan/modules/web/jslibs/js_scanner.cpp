// SPDX-License-Identifier: Apache-2.0
// The check table and the per-scan collector that turns detections into one finding per vulnerable library version.
#include <algorithm>
#include <utility>

#include "scan/modules/web/jslibs/js_libraries.hpp"

namespace palisade::scan::web::jslibs {
namespace {

using enum Severity;

// Representative vectors per severity: a library advisory's own score is per CVE, the finding carries one.
constexpr std::string_view kCriticalVector = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";  // 9.8
constexpr std::string_view kHighVector = "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:N";      // 8.1
constexpr std::string_view kMediumVector = "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N";    // 6.1
constexpr std::string_view kLowVector = "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N";       // 3.1

constexpr std::size_t kMaxListedUrls = 10;

// clang-format off
constexpr CheckInfo kChecks[] = {
    {"web.js.vulnerable_library", "JavaScript library with known vulnerabilities", kHigh, kHighVector, "CWE-1104",
     "Upgrade the library to a release outside every listed range (usually the latest), or remove it if unused; "
     "keep front-end dependencies under the same patch process as server software.",
     "https://owasp.org/Top10/A06_2021-Vulnerable_and_Outdated_Components/ "
     "https://cwe.mitre.org/data/definitions/1104.html https://retirejs.github.io/retire.js/"},
};
// clang-format on

std::string_view VectorFor(Severity s) {
    switch (s) {
        case kCritical:
            return kCriticalVector;
        case kHigh:
            return kHighVector;
        case kMedium:
            return kMediumVector;
        case kLow:
            return kLowVector;
        case kInfo:
            return {};
    }
    return {};
}

std::string RangeText(const LibraryVulnerability& v) {
    if (!v.at_or_above.empty() && !v.below.empty()) return "from " + v.at_or_above + ", below " + v.below;
    if (!v.below.empty()) return "below " + v.below;
    if (!v.at_or_above.empty()) return "from " + v.at_or_above + ", no fixed version";
    return "all versions";
}

std::string VulnerabilityLine(const LibraryVulnerability& v) {
    std::string line =
        "- " + v.severity + " (" + RangeText(v) + "): " + (v.summary.empty() ? "(no summary)" : v.summary);
    std::vector<std::string> ids = v.cves;
    if (!v.github_id.empty()) ids.push_back(v.github_id);
    if (ids.empty() && !v.info.empty()) ids.push_back(v.info.front());
    if (!ids.empty()) {
        line += " [";
        for (std::size_t i = 0; i < ids.size(); ++i) line += (i ? ", " : "") + ids[i];
        line += "]";
    }
    return line;
}

template <typename T>
void PushUnique(std::vector<T>& list, T item) {
    if (std::find(list.begin(), list.end(), item) == list.end()) list.push_back(std::move(item));
}

}  // namespace

std::span<const CheckInfo> JsLibraryChecks() { return kChecks; }

JsLibraryScanner::JsLibraryScanner(JsRepository repo, std::function<void(Finding)> report)
    : repo_(std::move(repo)), report_(std::move(report)) {}

void JsLibraryScanner::InspectScript(std::string_view url, std::string_view content) {
    // Matching runs outside the lock: it is the expensive part and only reads the repository.
    std::vector<DetectedLibrary> found = DetectFromUrl(repo_, url);
    if (!content.empty()) {
        for (DetectedLibrary& lib : DetectFromContent(repo_, content)) found.push_back(std::move(lib));
    }
    for (const DetectedLibrary& lib : found) {
        if (Vulnerabilities(repo_, lib.component, lib.version).empty()) continue;
        Record(lib, url);
    }
}

void JsLibraryScanner::Record(const DetectedLibrary& lib, std::string_view url) {
    std::lock_guard lock(mutex_);
    Sighting& s = seen_[{lib.component, lib.version}];
    PushUnique(s.urls, std::string(url));
    PushUnique(s.hows, lib.how + " \"" + lib.match + "\"");
}

void JsLibraryScanner::Finish() {
    std::vector<Finding> findings;
    {
        std::lock_guard lock(mutex_);
        for (auto& [key, sighting] : seen_) {
            if (sighting.reported) continue;
            sighting.reported = true;
            // The crawl is parallel: sort so that the location (and the fingerprint) is the same in every scan.
            std::sort(sighting.urls.begin(), sighting.urls.end());
            const auto& [component, version] = key;
            std::vector<LibraryVulnerability> vulns = Vulnerabilities(repo_, component, version);
            const JsComponent* c = repo_.Find(component);
            std::string name = c != nullptr ? c->display_name : component;

            Severity worst = kInfo;
            std::vector<std::string> cves;
            for (const LibraryVulnerability& v : vulns) {
                worst = std::max(worst, ParseSeverity(v.severity).value_or(kMedium));
                for (const std::string& cve : v.cves) PushUnique(cves, cve);
            }
            std::string evidence = name + " " + version + " (";
            for (std::size_t i = 0; i < sighting.hows.size(); ++i) evidence += (i ? ", " : "") + sighting.hows[i];
            evidence += ")\nSeen at (" + std::to_string(sighting.urls.size()) + "): ";
            for (std::size_t i = 0; i < sighting.urls.size() && i < kMaxListedUrls; ++i) {
                evidence += (i ? ", " : "") + sighting.urls[i];
            }
            if (sighting.urls.size() > kMaxListedUrls) {
                evidence += " and " + std::to_string(sighting.urls.size() - kMaxListedUrls) + " more";
            }
            evidence += "\nVulnerabilities (" + std::to_string(vulns.size()) + "):";
            for (const LibraryVulnerability& v : vulns) evidence += "\n" + VulnerabilityLine(v);

            Finding f = MakeFinding(kChecks[0], sighting.urls.front(), std::move(evidence), component + "@" + version,
                                    std::move(cves), name + " " + version + " has known vulnerabilities");
            f.severity = worst;
            std::string_view vector = VectorFor(worst);
            auto score = vector.empty() ? std::nullopt : CvssBaseScore(vector);
            f.cvss = score ? std::optional<Cvss>(Cvss{"3.1", std::string(vector), *score}) : std::nullopt;
            findings.push_back(std::move(f));
        }
    }
    for (Finding& f : findings) report_(std::move(f));
}

}  // namespace palisade::scan::web::jslibs
