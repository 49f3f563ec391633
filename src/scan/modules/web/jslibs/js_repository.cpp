// SPDX-License-Identifier: Apache-2.0
// Loading a retire.js-format repository: JSON (Boost.JSON) -> shape checks (every problem reported, with its path)
// -> compiled patterns. Merging and the built-in file.
#include "scan/modules/web/jslibs/js_repository.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <fstream>
#include <utility>

#include "core/embedded_file.hpp"
#include "scan/modules/web/jslibs/js_regex.hpp"

namespace palisade {
extern const EmbeddedFile kJsRepositoryFiles[];
extern const std::size_t kJsRepositoryFiles_count;
}  // namespace palisade

namespace palisade::scan::web::jslibs {

struct JsRepository::Data {
    std::vector<JsComponent> components;
    std::map<std::string, std::size_t, std::less<>> index;
    std::vector<std::string> warnings;
    bool has_hashes = false;
};

namespace {

namespace json = boost::json;

constexpr std::size_t kMaxFileBytes = 32u << 20;
constexpr std::size_t kMaxListedProblems = 25;
constexpr std::size_t kMaxNameChars = 128;
constexpr std::size_t kMaxTextChars = 2000;

class Problems {
  public:
    void Add(const std::string& where, std::string_view what) { list_.push_back(where + ": " + std::string(what)); }
    bool empty() const { return list_.empty(); }
    std::size_t size() const { return list_.size(); }
    const std::vector<std::string>& list() const { return list_; }

  private:
    std::vector<std::string> list_;
};

std::string Joined(std::string_view origin, std::string_view headline, const std::vector<std::string>& items) {
    std::string out = std::string(origin) + ": " + std::string(headline);
    for (std::size_t i = 0; i < items.size() && i < kMaxListedProblems; ++i) out += "\n  " + items[i];
    if (items.size() > kMaxListedProblems) {
        out += "\n  ... and " + std::to_string(items.size() - kMaxListedProblems) + " more";
    }
    return out;
}

std::string Cut(std::string_view s) { return std::string(s.substr(0, kMaxTextChars)); }

struct Loader {
    std::string origin;
    Problems problems;
    std::vector<std::string> bad_patterns;

    std::optional<std::string> String(const json::value* v, const std::string& where) {
        if (v == nullptr || v->is_null()) return std::nullopt;
        if (!v->is_string()) {
            problems.Add(where, "expected a string");
            return std::nullopt;
        }
        return Cut(v->get_string());
    }

    std::vector<std::string> Strings(const json::value* v, const std::string& where) {
        std::vector<std::string> out;
        if (v == nullptr || v->is_null()) return out;
        if (!v->is_array()) {
            problems.Add(where, "expected an array of strings");
            return out;
        }
        const json::array& a = v->get_array();
        for (std::size_t i = 0; i < a.size(); ++i) {
            if (auto s = String(&a[i], where + "[" + std::to_string(i) + "]")) out.push_back(std::move(*s));
        }
        return out;
    }

    std::shared_ptr<const JsRegex> Pattern(const std::string& pattern, bool anchored, const std::string& where) {
        auto re = JsRegex::Compile(pattern, anchored);
        if (re) return *re;
        bad_patterns.push_back(where + ": /" + pattern + "/: " + re.error().message);
        return nullptr;
    }

    std::vector<std::shared_ptr<const JsRegex>> Patterns(const json::object& ex, std::string_view key, bool anchored,
                                                         const std::string& where) {
        std::vector<std::shared_ptr<const JsRegex>> out;
        std::string path = where + "." + std::string(key);
        std::vector<std::string> list = Strings(ex.if_contains(key), path);
        for (std::size_t i = 0; i < list.size(); ++i) {
            if (auto re = Pattern(list[i], anchored, path + "[" + std::to_string(i) + "]")) out.push_back(re);
        }
        return out;
    }

    // retire.js replacementMatch: /^\/(.*[^\\])\/([^\/]+)\/$/ — the pattern ends at the last '/' before a
    // non-empty, slash-free replacement.
    std::vector<JsReplaceExtractor> Replacements(const json::object& ex, const std::string& where) {
        std::vector<JsReplaceExtractor> out;
        std::string path = where + ".filecontentreplace";
        std::vector<std::string> list = Strings(ex.if_contains("filecontentreplace"), path);
        for (std::size_t i = 0; i < list.size(); ++i) {
            const std::string& s = list[i];
            std::string item = path + "[" + std::to_string(i) + "]";
            std::size_t split = s.size() >= 4 ? s.rfind('/', s.size() - 2) : std::string::npos;
            if (s.size() < 4 || s.front() != '/' || s.back() != '/' || split == std::string::npos || split < 2 ||
                split + 2 > s.size() - 1 || s[split - 1] == '\\') {
                problems.Add(item, "expected the form /regex/replacement/");
                continue;
            }
            std::string replacement = s.substr(split + 1, s.size() - split - 2);
            if (auto re = Pattern(s.substr(1, split - 1), false, item)) out.push_back({re, replacement});
        }
        return out;
    }

    std::map<std::string, std::string> Hashes(const json::value* v, const std::string& where) {
        std::map<std::string, std::string> out;
        if (v == nullptr || v->is_null()) return out;
        if (!v->is_object()) {
            problems.Add(where, "expected an object of sha1 -> version");
            return out;
        }
        for (const auto& [key, value] : v->get_object()) {
            std::string item = where + "." + Cut(key);
            bool hex = key.size() == 40 && std::all_of(key.begin(), key.end(), [](char c) {
                           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
                       });
            if (!hex) {
                problems.Add(item, "expected a SHA-1 as 40 hex digits");
                continue;
            }
            if (auto version = String(&value, item)) {
                std::string lower(key);
                std::transform(lower.begin(), lower.end(), lower.begin(),
                               [](char c) { return c >= 'A' && c <= 'F' ? static_cast<char>(c - 'A' + 'a') : c; });
                out.emplace(std::move(lower), std::move(*version));
            }
        }
        return out;
    }

    std::optional<JsVulnerability> Vulnerability(const json::value& v, const std::string& where) {
        if (!v.is_object()) {
            problems.Add(where, "expected an object");
            return std::nullopt;
        }
        const json::object& o = v.get_object();
        JsVulnerability vuln;
        vuln.at_or_above = String(o.if_contains("atOrAbove"), where + ".atOrAbove").value_or("");
        vuln.below = String(o.if_contains("below"), where + ".below").value_or("");
        vuln.excludes = Strings(o.if_contains("excludes"), where + ".excludes");
        vuln.cwe = Strings(o.if_contains("cwe"), where + ".cwe");
        vuln.info = Strings(o.if_contains("info"), where + ".info");
        if (auto sev = String(o.if_contains("severity"), where + ".severity")) {
            std::string lower = *sev;
            std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
            if (lower == "none") lower = "info";
            if (lower == "moderate") lower = "medium";
            if (auto parsed = ParseSeverity(lower)) {
                vuln.severity = *parsed;
            } else {
                problems.Add(where + ".severity", "expected low, medium, high or critical, got \"" + *sev + "\"");
            }
        }
        if (const json::value* ids = o.if_contains("identifiers"); ids != nullptr && !ids->is_null()) {
            if (!ids->is_object()) {
                problems.Add(where + ".identifiers", "expected an object");
            } else {
                const json::object& io = ids->get_object();
                vuln.summary = String(io.if_contains("summary"), where + ".identifiers.summary").value_or("");
                vuln.cves = Strings(io.if_contains("CVE"), where + ".identifiers.CVE");
                vuln.github_id = String(io.if_contains("githubID"), where + ".identifiers.githubID").value_or("");
            }
        }
        return vuln;
    }

    std::optional<JsComponent> Component(std::string_view name, const json::value& v) {
        std::string where(Cut(name));
        if (name.empty() || name.size() > kMaxNameChars) {
            problems.Add("\"" + where + "\"", "component names must have 1 to 128 characters");
            return std::nullopt;
        }
        if (!v.is_object()) {
            problems.Add(where, "expected an object with vulnerabilities and extractors");
            return std::nullopt;
        }
        const json::object& o = v.get_object();
        JsComponent c;
        c.name = std::string(name);
        c.display_name = String(o.if_contains("displayName"), where + ".displayName").value_or(c.name);
        if (const json::value* vulns = o.if_contains("vulnerabilities"); vulns != nullptr && !vulns->is_null()) {
            if (!vulns->is_array()) {
                problems.Add(where + ".vulnerabilities", "expected an array");
            } else {
                const json::array& a = vulns->get_array();
                for (std::size_t i = 0; i < a.size(); ++i) {
                    auto vuln = Vulnerability(a[i], where + ".vulnerabilities[" + std::to_string(i) + "]");
                    if (vuln) c.vulnerabilities.push_back(std::move(*vuln));
                }
            }
        }
        if (const json::value* ex = o.if_contains("extractors"); ex != nullptr && !ex->is_null()) {
            if (!ex->is_object()) {
                problems.Add(where + ".extractors", "expected an object");
            } else {
                std::string path = where + ".extractors";
                const json::object& eo = ex->get_object();
                c.uri = Patterns(eo, "uri", false, path);
                c.filename = Patterns(eo, "filename", true, path);
                c.filecontent = Patterns(eo, "filecontent", false, path);
                c.filecontentreplace = Replacements(eo, path);
                c.hashes = Hashes(eo.if_contains("hashes"), path + ".hashes");
            }
        }
        return c;
    }
};

std::string JsonError(std::string_view text, std::size_t offset, const boost::system::error_code& ec) {
    offset = std::min(offset, text.size());
    std::size_t line = 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + offset, '\n'));
    std::size_t line_start = text.rfind('\n', offset == 0 ? 0 : offset - 1);
    std::size_t column = line_start == std::string_view::npos || offset == 0 ? offset + 1 : offset - line_start;
    return "not valid JSON (" + ec.message() + ") at line " + std::to_string(line) + ", column " +
           std::to_string(column);
}

bool SameVulnerability(const JsVulnerability& a, const JsVulnerability& b) {
    return a.at_or_above == b.at_or_above && a.below == b.below && a.summary == b.summary && a.cves == b.cves &&
           a.excludes == b.excludes;
}

template <typename T, typename Key>
void AppendNew(std::vector<T>& to, const std::vector<T>& from, Key key) {
    for (const T& item : from) {
        bool present = std::any_of(to.begin(), to.end(), [&](const T& have) { return key(have) == key(item); });
        if (!present) to.push_back(item);
    }
}

}  // namespace

JsRepository::JsRepository() : data_(std::make_shared<const Data>()) {}

JsRepository::JsRepository(std::shared_ptr<const Data> data) : data_(std::move(data)) {}

const std::vector<JsComponent>& JsRepository::components() const { return data_->components; }
const std::vector<std::string>& JsRepository::warnings() const { return data_->warnings; }
bool JsRepository::has_hashes() const { return data_->has_hashes; }

const JsComponent* JsRepository::Find(std::string_view name) const {
    auto it = data_->index.find(name);
    return it == data_->index.end() ? nullptr : &data_->components[it->second];
}

Result<JsRepository> JsRepository::Parse(std::string_view text, std::string_view origin_name) {
    std::string origin(origin_name);
    if (text.size() > kMaxFileBytes) {
        return Fail(ErrorCode::kInvalidArgument,
                    origin + ": larger than " + std::to_string(kMaxFileBytes >> 20) + " MiB");
    }
    try {
        json::parse_options options;
        options.max_depth = 64;
        json::stream_parser parser({}, options);
        boost::system::error_code ec;
        std::size_t used = parser.write(text.data(), text.size(), ec);
        if (!ec) parser.finish(ec);
        if (ec) return Fail(ErrorCode::kInvalidArgument, origin + ": " + JsonError(text, used, ec));
        json::value root = parser.release();
        if (!root.is_object()) {
            return Fail(ErrorCode::kInvalidArgument,
                        origin + ": expected a JSON object of components (the retire.js jsrepository.json format)");
        }
        Loader loader{origin, {}, {}};
        auto data = std::make_shared<Data>();
        for (const auto& [key, value] : root.get_object()) {
            auto component = loader.Component(key, value);
            if (!component) continue;
            data->has_hashes = data->has_hashes || !component->hashes.empty();
            data->index.emplace(component->name, data->components.size());
            data->components.push_back(std::move(*component));
        }
        if (!loader.problems.empty()) {
            std::string headline = std::to_string(loader.problems.size()) + " problem(s) in the repository:";
            return Fail(ErrorCode::kInvalidArgument, Joined(origin, headline, loader.problems.list()));
        }
        if (loader.bad_patterns.size() > kMaxSkippedPatterns) {
            std::string headline = std::to_string(loader.bad_patterns.size()) + " patterns do not compile:";
            return Fail(ErrorCode::kInvalidArgument, Joined(origin, headline, loader.bad_patterns));
        }
        for (const std::string& bad : loader.bad_patterns) data->warnings.push_back(origin + ": skipped " + bad);
        return JsRepository(std::move(data));
    } catch (const std::exception& e) {  // Boost.JSON allocation failures
        return Fail(ErrorCode::kInvalidArgument, origin + ": cannot be loaded", e.what());
    }
}

Result<JsRepository> JsRepository::LoadFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Fail(ErrorCode::kNotFound, path + ": cannot be read");
    std::string text;
    char buffer[65536];
    while (in.read(buffer, sizeof(buffer)) || in.gcount() > 0) {
        text.append(buffer, static_cast<std::size_t>(in.gcount()));
        if (text.size() > kMaxFileBytes) {
            return Fail(ErrorCode::kInvalidArgument,
                        path + ": larger than " + std::to_string(kMaxFileBytes >> 20) + " MiB");
        }
    }
    if (in.bad()) return Fail(ErrorCode::kNotFound, path + ": cannot be read");
    return Parse(text, path);
}

Result<JsRepository> JsRepository::Builtin() {
    static const Result<JsRepository> builtin = []() -> Result<JsRepository> {
        for (std::size_t i = 0; i < kJsRepositoryFiles_count; ++i) {
            if (kJsRepositoryFiles[i].path != "jsrepository.json") continue;
            auto repo = Parse(kJsRepositoryFiles[i].data, "built-in jsrepository.json");
            if (!repo) return Fail(ErrorCode::kInternal, repo.error().message);
            if (!repo->warnings().empty()) return Fail(ErrorCode::kInternal, repo->warnings().front());
            return repo;
        }
        return Fail(ErrorCode::kInternal, "jsrepository.json is not built in");
    }();
    return builtin;
}

void JsRepository::Merge(JsRepository other) {
    auto next = std::make_shared<Data>(*data_);
    for (const JsComponent& in : other.components()) {
        auto it = next->index.find(in.name);
        if (it == next->index.end()) {
            next->index.emplace(in.name, next->components.size());
            next->components.push_back(in);
            continue;
        }
        JsComponent& have = next->components[it->second];
        for (const JsVulnerability& v : in.vulnerabilities) {
            bool present = std::any_of(have.vulnerabilities.begin(), have.vulnerabilities.end(),
                                       [&](const JsVulnerability& h) { return SameVulnerability(h, v); });
            if (!present) have.vulnerabilities.push_back(v);
        }
        auto source = [](const std::shared_ptr<const JsRegex>& re) { return re->source(); };
        AppendNew(have.uri, in.uri, source);
        AppendNew(have.filename, in.filename, source);
        AppendNew(have.filecontent, in.filecontent, source);
        AppendNew(have.filecontentreplace, in.filecontentreplace,
                  [](const JsReplaceExtractor& r) { return r.regex->source() + "/" + r.replacement; });
        have.hashes.insert(in.hashes.begin(), in.hashes.end());
    }
    next->has_hashes = next->has_hashes || other.has_hashes();
    next->warnings.insert(next->warnings.end(), other.warnings().begin(), other.warnings().end());
    data_ = std::move(next);
}

}  // namespace palisade::scan::web::jslibs
