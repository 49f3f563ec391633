// SPDX-License-Identifier: Apache-2.0
// A repository of JavaScript libraries and their known vulnerabilities in the retire.js format ("jsrepository.json":
// component -> {vulnerabilities[], extractors{uri[], filename[], filecontent[], filecontentreplace[], hashes{}}}),
// with every pattern compiled once (PCRE2, JavaScript-compatible options, match/depth/heap limits, JIT when
// available). Palisade ships its own data file (data/jsrepository.json, built into the binary); `--jsrepo FILE`
// merges a user file in the same format. The retire.js version rules are in CompareVersions.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "scan/engine/finding.hpp"

namespace palisade::scan::web::jslibs {

class JsRegex;  // js_regex.hpp

// retire.js isAtOrAbove as a three-way comparison: both versions are split on '.' and '-'; all-digit parts compare
// as numbers, other parts as byte strings; a number is greater than a non-number (so 1.0.0 > 1.0.0-rc1); a missing
// part counts as the number 0 (1.0 == 1.0.0). Returns <0, 0 or >0. Total and antisymmetric; never fails.
int CompareVersions(std::string_view a, std::string_view b);

// One entry of a component's "vulnerabilities" list.
struct JsVulnerability {
    std::string at_or_above;            // empty: no lower bound
    std::string below;                  // empty: no upper bound (no fixed version)
    std::vector<std::string> excludes;  // versions inside the range that are not affected
    Severity severity = Severity::kMedium;
    std::vector<std::string> cwe;
    std::vector<std::string> cves;
    std::string summary;
    std::string github_id;          // GHSA id when given
    std::vector<std::string> info;  // advisory URLs

    // True when `version` is inside [at_or_above, below) and not excluded (retire.js `check`).
    bool Affects(std::string_view version) const;
};

// A `/regex/replacement/` extractor: the version is `replacement` with $1..$99, $& and $$ expanded.
struct JsReplaceExtractor {
    std::shared_ptr<const JsRegex> regex;
    std::string replacement;
};

struct JsComponent {
    std::string name;          // the repository key ("jquery"); used in finding details
    std::string display_name;  // "jQuery" (our "displayName" extension; the key when absent)
    std::vector<JsVulnerability> vulnerabilities;
    std::vector<std::shared_ptr<const JsRegex>> uri;          // matched against the whole URL
    std::vector<std::shared_ptr<const JsRegex>> filename;     // ^pattern$ against the last path segment
    std::vector<std::shared_ptr<const JsRegex>> filecontent;  // capture group 1 is the version
    std::vector<JsReplaceExtractor> filecontentreplace;
    std::map<std::string, std::string> hashes;  // lower-case SHA-1 hex of the content (CRLF -> LF) -> version
};

// An immutable, cheaply copyable set of components (copies share the compiled patterns). Thread-safe for
// concurrent reads; Merge() must not run concurrently with readers of the same object.
class JsRepository {
  public:
    JsRepository();

    // The built-in data file, parsed once per process. kInternal when it does not load (a build defect).
    static Result<JsRepository> Builtin();

    // Reads and parses a user file (at most 32 MiB). kNotFound when it cannot be read, kInvalidArgument when it is
    // not valid JSON, does not have the retire.js shape, or has more than a few patterns that do not compile;
    // the message names the file and lists every problem (component, field, pattern).
    static Result<JsRepository> LoadFile(const std::string& path);

    // Parses a repository document; `origin_name` prefixes error messages ("jsrepository.json", a file path).
    // Errors as LoadFile. Up to kMaxSkippedPatterns patterns that PCRE2 cannot compile (JavaScript syntax it
    // lacks) are skipped and reported in warnings() instead of failing the whole file.
    static Result<JsRepository> Parse(std::string_view json, std::string_view origin_name);

    // Adds `other`'s components. A component present in both keeps its entries and gains the other's extractors,
    // hashes and vulnerabilities (entries equal to existing ones are not duplicated).
    void Merge(JsRepository other);

    const std::vector<JsComponent>& components() const;
    // nullptr when the component is unknown.
    const JsComponent* Find(std::string_view name) const;
    // Patterns that were skipped while parsing ("origin: component.extractors.filecontent[2]: pattern: error").
    const std::vector<std::string>& warnings() const;
    bool has_hashes() const;

    static constexpr std::size_t kMaxSkippedPatterns = 3;

    struct Data;

  private:
    explicit JsRepository(std::shared_ptr<const Data> data);
    std::shared_ptr<const Data> data_;
};

}  // namespace palisade::scan::web::jslibs
