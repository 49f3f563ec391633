// SPDX-License-Identifier: Apache-2.0
// Detection (retire.js scanUri, scanFileName, scanFileContent) and the vulnerability lookup (retire.js check).
#include <openssl/evp.h>

#include <algorithm>
#include <set>
#include <utility>

#include "scan/modules/web/jslibs/js_libraries.hpp"
#include "scan/modules/web/jslibs/js_regex.hpp"

namespace palisade::scan::web::jslibs {
namespace {

constexpr std::size_t kMaxContentBytes = 8u << 20;
constexpr std::size_t kMaxUrlBytes = 8192;
constexpr std::size_t kMaxMatchesPerPattern = 16;
constexpr std::size_t kMaxVersionChars = 64;
constexpr std::size_t kMaxMatchText = 120;

// retire.js: match.replace(/(\.|-)min$/, '').
std::string StripMin(std::string version) {
    if (version.size() >= 4) {
        std::string_view tail = std::string_view(version).substr(version.size() - 4);
        if (tail == ".min" || tail == "-min") version.resize(version.size() - 4);
    }
    return version;
}

bool PlausibleVersion(std::string_view v) {
    if (v.empty() || v.size() > kMaxVersionChars) return false;
    return std::all_of(v.begin(), v.end(), [](char c) { return c > 0x20 && c < 0x7f; });
}

class Collector {
  public:
    bool Add(const JsComponent& c, std::string version, std::string_view how, std::string_view match) {
        version = StripMin(std::move(version));
        if (!PlausibleVersion(version)) return false;
        if (!seen_.emplace(c.name, version).second) return true;
        out_.push_back({c.name, std::move(version), std::string(how), std::string(match.substr(0, kMaxMatchText))});
        return true;
    }
    bool empty() const { return out_.empty(); }
    std::vector<DetectedLibrary> Take() { return std::move(out_); }

  private:
    std::set<std::pair<std::string, std::string>> seen_;
    std::vector<DetectedLibrary> out_;
};

// Group 1 of every match of every pattern (retire.js simpleMatch).
bool MatchAll(Collector& out, const JsComponent& c, const std::vector<std::shared_ptr<const JsRegex>>& patterns,
              std::string_view text, std::string_view how, bool show_text) {
    bool found = false;
    for (const auto& re : patterns) {
        for (RegexMatch& m : re->FindAll(text, kMaxMatchesPerPattern)) {
            if (m.groups.empty() || !m.groups[0]) continue;
            found = out.Add(c, std::move(*m.groups[0]), how, show_text ? text : std::string_view(m.whole)) || found;
        }
    }
    return found;
}

std::string_view LastPathSegment(std::string_view url) {
    url = url.substr(0, url.find('#'));
    url = url.substr(0, url.find('?'));
    std::size_t scheme = url.find("://");
    if (scheme != std::string_view::npos) {
        std::size_t path = url.find('/', scheme + 3);
        if (path == std::string_view::npos) return {};
        url = url.substr(path);
    }
    std::size_t slash = url.find_last_of("/\\");
    return slash == std::string_view::npos ? url : url.substr(slash + 1);
}

std::string Sha1Hex(std::string_view data) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha1(), nullptr) != 1) return {};
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < length; ++i) {
        out += kHex[digest[i] >> 4];
        out += kHex[digest[i] & 0x0f];
    }
    return out;
}

// retire.js normalises line ends before matching and hashing: content.replace(/(\r\n|\r)/g, "\n").
std::string NormaliseLineEnds(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '\r') {
            out += text[i];
        } else {
            out += '\n';
            if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
        }
    }
    return out;
}

}  // namespace

std::vector<DetectedLibrary> DetectFromUrl(const JsRepository& repo, std::string_view url) {
    url = url.substr(0, kMaxUrlBytes);
    Collector out;
    for (const JsComponent& c : repo.components()) MatchAll(out, c, c.uri, url, "uri", true);
    std::string_view name = LastPathSegment(url);
    if (!name.empty()) {
        for (const JsComponent& c : repo.components()) MatchAll(out, c, c.filename, name, "filename", true);
    }
    return out.Take();
}

std::vector<DetectedLibrary> DetectFromContent(const JsRepository& repo, std::string_view content) {
    content = content.substr(0, kMaxContentBytes);
    std::string normalised;
    if (content.find('\r') != std::string_view::npos) {
        normalised = NormaliseLineEnds(content);
        content = normalised;
    }
    Collector out;
    for (const JsComponent& c : repo.components()) {
        if (MatchAll(out, c, c.filecontent, content, "filecontent", false)) continue;
        // A component its plain patterns did not name gets its /regex/replacement/ extractors (retire.js tries
        // them only when no component at all was found; per component they also find a second library in a bundle).
        for (const JsReplaceExtractor& r : c.filecontentreplace) {
            for (const RegexMatch& m : r.regex->FindAll(content, kMaxMatchesPerPattern)) {
                out.Add(c, ExpandReplacement(r.replacement, m), "filecontent", m.whole);
            }
        }
    }
    if (out.empty() && repo.has_hashes()) {
        std::string sha1 = Sha1Hex(content);
        for (const JsComponent& c : repo.components()) {
            auto it = c.hashes.find(sha1);
            if (it != c.hashes.end()) {
                out.Add(c, it->second, "hash", sha1);
                break;
            }
        }
    }
    return out.Take();
}

std::vector<LibraryVulnerability> Vulnerabilities(const JsRepository& repo, std::string_view component,
                                                  std::string_view version) {
    std::vector<LibraryVulnerability> out;
    const JsComponent* c = repo.Find(component);
    if (c == nullptr) return out;
    for (const JsVulnerability& v : c->vulnerabilities) {
        if (!v.Affects(version)) continue;
        bool duplicate = std::any_of(out.begin(), out.end(), [&](const LibraryVulnerability& have) {
            return have.at_or_above == v.at_or_above && have.below == v.below && have.summary == v.summary &&
                   have.cves == v.cves;
        });
        if (duplicate) continue;
        out.push_back({std::string(SeverityName(v.severity)), v.cves, v.summary, v.info, v.at_or_above, v.below, v.cwe,
                       v.github_id});
    }
    return out;
}

}  // namespace palisade::scan::web::jslibs
