// SPDX-License-Identifier: Apache-2.0
// The outdated-JavaScript-library check (web.js.vulnerable_library): names the libraries a page loads from their
// script URLs and contents with a retire.js-format repository (js_repository.hpp), looks their versions up in the
// repository's vulnerability ranges, and reports each vulnerable (library, version) once per scan.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "scan/engine/finding.hpp"
#include "scan/modules/web/jslibs/js_repository.hpp"

namespace palisade::scan::web::jslibs {

// The check table: web.js.vulnerable_library (high by default, CWE-1104). A finding's severity is the highest
// severity among the vulnerabilities it lists, with a representative CVSS vector for that severity.
std::span<const CheckInfo> JsLibraryChecks();

struct DetectedLibrary {
    std::string component;  // repository key ("jquery")
    std::string version;    // as extracted, trailing ".min"/"-min" removed
    std::string how;        // "uri", "filename", "filecontent" (also /regex/replacement/ extractors) or "hash"
    std::string match;      // what matched (the URL or file name, the content snippet, the SHA-1), at most 120 bytes
};

// Libraries named by a script URL: the "uri" extractors against the whole URL, then the "filename" extractors
// against its last path segment (query and fragment removed). One entry per (component, version), first way wins.
std::vector<DetectedLibrary> DetectFromUrl(const JsRepository& repo, std::string_view url);

// Libraries named by script content (CRLF and CR become LF first; at most the first 8 MiB are read): the
// "filecontent" extractors (every match counts); for a component they name nothing, its /regex/replacement/
// extractors; when nothing at all was found, the SHA-1 of the content against the "hashes" tables. Versions must
// be 1-64 printable characters without spaces. Bounded work on any input; never fails.
std::vector<DetectedLibrary> DetectFromContent(const JsRepository& repo, std::string_view content);

struct LibraryVulnerability {
    std::string severity;  // "low" ... "critical"
    std::vector<std::string> cves;
    std::string summary;
    std::vector<std::string> info;   // advisory URLs
    std::string at_or_above, below;  // the affected range as written (empty: unbounded)
    std::vector<std::string> cwe;
    std::string github_id;
};

// The repository's vulnerabilities that affect `version` of `component` (retire.js rules: below, atOrAbove,
// excludes), in repository order, duplicates removed; empty for an unknown component.
std::vector<LibraryVulnerability> Vulnerabilities(const JsRepository& repo, std::string_view component,
                                                  std::string_view version);

// Collects what the crawl's scripts reveal and reports each vulnerable (component, version) once, at Finish():
// location = the first script URL it was seen at, detail = "component@version", cve = every CVE of every affecting
// vulnerability, evidence = how it was detected, the vulnerabilities (severity, range, summary, ids) and every URL
// it was seen at. Thread-safe: InspectScript may run on many threads at once. `report` is called from Finish()
// only, on the calling thread; a second Finish() reports only what was seen since the first.
class JsLibraryScanner {
  public:
    JsLibraryScanner(JsRepository repo, std::function<void(Finding)> report);

    // `url` is the script's URL (for an inline script, the page's URL); `content` may be empty when only the URL is
    // known. Both are inspected.
    void InspectScript(std::string_view url, std::string_view content);
    void Finish();

  private:
    struct Sighting {
        std::vector<std::string> urls;  // in the order seen, unique
        std::vector<std::string> hows;  // "filename jquery-1.8.3.min.js", unique
        bool reported = false;
    };
    void Record(const DetectedLibrary& lib, std::string_view url);

    JsRepository repo_;
    std::function<void(Finding)> report_;
    std::mutex mutex_;
    std::map<std::pair<std::string, std::string>, Sighting> seen_;  // guarded by mutex_
};

}  // namespace palisade::scan::web::jslibs
