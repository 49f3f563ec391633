// SPDX-License-Identifier: Apache-2.0
#include "scan/modules/services/service_rules.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include <re2/re2.h>
#include <yaml-cpp/yaml.h>

#include "core/embedded_file.hpp"
#include "core/strings.hpp"

namespace palisade {
extern const EmbeddedFile kServiceRuleFiles[];
extern const std::size_t kServiceRuleFiles_count;
}  // namespace palisade

namespace palisade::scan::services {
namespace {

constexpr std::size_t kMaxYamlBytes = 1 << 20;
constexpr std::size_t kMaxFieldChars = 80;
constexpr int kMaxGroups = 9;
constexpr std::int64_t kRegexMaxMem = 2 << 20;  // per pattern; RE2 falls back or fails beyond it

// Collects every problem of one load.
class Problems {
  public:
    void Add(std::string where, std::string what) { list_.push_back(std::move(where) + ": " + std::move(what)); }
    bool empty() const { return list_.empty(); }
    std::string Join() const {
        std::string out;
        for (const auto& p : list_) {
            if (!out.empty()) out += "; ";
            out += p;
        }
        return out;
    }
    std::size_t size() const { return list_.size(); }

  private:
    std::vector<std::string> list_;
};

int LineOf(const YAML::Node& node) { return node.Mark().line + 1; }

// Printable, shortened text of a user string for messages.
std::string Quote(std::string_view text) {
    std::string out = "'";
    for (unsigned char c : text.substr(0, 60)) {
        if (c >= 0x20 && c < 0x7f) {
            out += static_cast<char>(c);
        } else {
            static const char* hex = "0123456789abcdef";
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    if (text.size() > 60) out += "...";
    return out + "'";
}

bool IsNameChar(char c, bool allow_dash) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || (allow_dash && c == '-');
}

bool ValidName(std::string_view name, bool allow_dash) {
    return !name.empty() && name.size() <= 64 &&
           std::all_of(name.begin(), name.end(), [&](char c) { return IsNameChar(c, allow_dash); });
}

void CheckKeys(const YAML::Node& map, std::initializer_list<std::string_view> allowed, const std::string& where,
               Problems& problems) {
    for (const auto& kv : map) {
        if (!kv.first.IsScalar()) {
            problems.Add(where, "a key is not a plain string");
            continue;
        }
        const std::string& key = kv.first.Scalar();
        if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
            problems.Add(where, "unknown key " + Quote(key));
        }
    }
}

std::optional<std::string> ScalarField(const YAML::Node& map, const char* key, const std::string& where,
                                       Problems& problems, bool required) {
    YAML::Node node = map[key];
    if (!node || node.IsNull()) {
        if (required) problems.Add(where, std::string("missing field '") + key + "'");
        return std::nullopt;
    }
    if (!node.IsScalar()) {
        problems.Add(where, std::string("'") + key + "' must be a string");
        return std::nullopt;
    }
    return node.Scalar();
}

std::optional<bool> BoolField(const YAML::Node& map, const char* key, const std::string& where, Problems& problems) {
    YAML::Node node = map[key];
    if (!node || node.IsNull()) return std::nullopt;
    if (node.IsScalar()) {
        const std::string& v = node.Scalar();
        if (v == "true" || v == "yes") return true;
        if (v == "false" || v == "no") return false;
    }
    problems.Add(where, std::string("'") + key + "' must be true or false");
    return std::nullopt;
}

std::optional<long long> ParseInt(std::string_view text) {
    if (text.empty() || text.size() > 12) return std::nullopt;
    long long v = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + (c - '0');
    }
    return v;
}

// A list of scalars (a single scalar is accepted as a one-element list).
std::vector<std::string> ScalarList(const YAML::Node& map, const char* key, const std::string& where,
                                    Problems& problems, bool required) {
    std::vector<std::string> out;
    YAML::Node node = map[key];
    if (!node || node.IsNull()) {
        if (required) problems.Add(where, std::string("missing field '") + key + "'");
        return out;
    }
    if (node.IsScalar()) {
        out.push_back(node.Scalar());
        return out;
    }
    if (!node.IsSequence()) {
        problems.Add(where, std::string("'") + key + "' must be a list of strings");
        return out;
    }
    for (const auto& item : node) {
        if (!item.IsScalar()) {
            problems.Add(where, std::string("'") + key + "' must be a list of strings");
            return {};
        }
        out.push_back(item.Scalar());
    }
    if (required && out.empty()) problems.Add(where, std::string("'") + key + "' must not be empty");
    return out;
}

std::vector<std::uint16_t> PortList(const YAML::Node& map, const char* key, const std::string& where,
                                    Problems& problems) {
    std::vector<std::uint16_t> out;
    for (const auto& text : ScalarList(map, key, where, problems, false)) {
        auto v = ParseInt(text);
        if (!v || *v < 1 || *v > 65535) {
            problems.Add(where, std::string("'") + key + "' has a bad port " + Quote(text));
            continue;
        }
        out.push_back(static_cast<std::uint16_t>(*v));
    }
    return out;
}

// Compiles a pattern with the given flags over Latin-1 bytes; reports RE2's message on failure.
std::shared_ptr<const re2::RE2> Compile(const std::string& pattern, std::string_view flags, const std::string& where,
                                        const char* what, Problems& problems) {
    re2::RE2::Options options;
    options.set_encoding(re2::RE2::Options::EncodingLatin1);
    options.set_log_errors(false);
    options.set_max_mem(kRegexMaxMem);
    options.set_case_sensitive(flags.find('i') == std::string_view::npos);
    options.set_dot_nl(flags.find('s') != std::string_view::npos);
    std::string full = pattern;
    if (flags.find('m') != std::string_view::npos) full = "(?m)" + full;
    auto re = std::make_shared<re2::RE2>(full, options);
    if (!re->ok()) {
        problems.Add(where, std::string("bad regex in '") + what + "': " + re->error());
        return nullptr;
    }
    return re;
}

// Checks a $n template against the number of groups.
void CheckTemplate(const std::string& text, int groups, const char* field, const std::string& where,
                   Problems& problems) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '$') continue;
        if (i + 1 < text.size() && text[i + 1] == '$') {
            ++i;
            continue;
        }
        if (i + 1 >= text.size() || text[i + 1] < '1' || text[i + 1] > '9') {
            problems.Add(where, std::string("'") + field + "': '$' must be followed by 1..9 or '$'");
            return;
        }
        int n = text[i + 1] - '0';
        if (n > groups) {
            problems.Add(where, std::string("'") + field + "' refers to $" + std::to_string(n) + " but the pattern has " +
                                    std::to_string(groups) + " group(s)");
        }
        ++i;
    }
}

std::string Clean(std::string_view raw) {
    std::string out;
    for (unsigned char c : raw) {
        if (c >= 0x20 && c < 0x7f) out += static_cast<char>(c);
        if (out.size() >= kMaxFieldChars) break;
    }
    auto trimmed = Trim(out);
    return std::string(trimmed);
}

std::string Fill(const std::string& tmpl, const re2::StringPiece* groups, int count) {
    std::string out;
    for (std::size_t i = 0; i < tmpl.size(); ++i) {
        char c = tmpl[i];
        if (c == '$' && i + 1 < tmpl.size()) {
            char d = tmpl[i + 1];
            if (d == '$') {
                out += '$';
                ++i;
                continue;
            }
            if (d >= '1' && d <= '9') {
                int n = d - '0';
                if (n <= count && groups[n].data() != nullptr) out.append(groups[n].data(), groups[n].size());
                ++i;
                continue;
            }
        }
        out += c;
    }
    return Clean(out);
}

std::optional<VersionBound> ParseBound(std::string_view text) {
    text = Trim(text);
    VersionBound b;
    if (text.substr(0, 2) == "<=") {
        b.op = VersionBound::Op::kLessEqual;
        text.remove_prefix(2);
    } else if (text.substr(0, 2) == ">=") {
        b.op = VersionBound::Op::kGreaterEqual;
        text.remove_prefix(2);
    } else if (text.substr(0, 1) == "<") {
        b.op = VersionBound::Op::kLess;
        text.remove_prefix(1);
    } else if (text.substr(0, 1) == ">") {
        b.op = VersionBound::Op::kGreater;
        text.remove_prefix(1);
    } else if (text.substr(0, 1) == "=") {
        b.op = VersionBound::Op::kEqual;
        text.remove_prefix(1);
    } else {
        return std::nullopt;
    }
    text = Trim(text);
    if (text.empty() || text.size() > 40) return std::nullopt;
    for (char c : text) {
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != '_' && c != '+') {
            return std::nullopt;
        }
    }
    b.version = std::string(text);
    return b;
}

void LoadProbes(const YAML::Node& list, ServiceRules& out, Problems& problems) {
    if (!list || list.IsNull()) {
        problems.Add("document", "missing 'probes'");
        return;
    }
    if (!list.IsSequence()) {
        problems.Add("document", "'probes' must be a list");
        return;
    }
    std::set<std::string> names;
    std::size_t index = 0;
    for (const auto& node : list) {
        ++index;
        std::string where = "probe #" + std::to_string(index) + " (line " + std::to_string(LineOf(node)) + ")";
        if (!node.IsMap()) {
            problems.Add(where, "must be a map");
            continue;
        }
        ServiceProbe probe;
        probe.line = LineOf(node);
        auto name = ScalarField(node, "name", where, problems, true);
        if (name) {
            where = "probe " + Quote(*name) + " (line " + std::to_string(probe.line) + ")";
            if (!ValidName(*name, false)) problems.Add(where, "name must be [a-z0-9_]+ (at most 64)");
            if (!names.insert(*name).second) problems.Add(where, "duplicate probe name");
            probe.name = *name;
        }
        CheckKeys(node, {"name", "payload", "ports", "tls_ports", "wait_ms", "banner", "until", "after", "in_tls"},
                  where, problems);
        YAML::Node payload = node["payload"];
        std::vector<std::string> parts;
        if (!payload) {
            problems.Add(where, "missing field 'payload' (use '' for a probe that only waits for a banner)");
        } else if (payload.IsNull()) {
            // payload: (empty) is the NULL probe
        } else {
            parts = ScalarList(node, "payload", where, problems, false);
        }
        for (const auto& part : parts) {
            auto decoded = DecodeEscapes(part);
            if (!decoded) {
                problems.Add(where, "payload: " + decoded.error().message);
                continue;
            }
            probe.payload += *decoded;
        }
        probe.ports = PortList(node, "ports", where, problems);
        probe.tls_ports = PortList(node, "tls_ports", where, problems);
        if (auto wait = ScalarField(node, "wait_ms", where, problems, false)) {
            auto v = ParseInt(*wait);
            if (!v || *v < 1 || *v > 300000) {
                problems.Add(where, "'wait_ms' must be 1..300000");
            } else {
                probe.wait = std::chrono::milliseconds(*v);
            }
        }
        if (auto banner = ScalarField(node, "banner", where, problems, false)) {
            probe.banner = Compile(*banner, "", where, "banner", problems);
        }
        if (auto until = ScalarField(node, "until", where, problems, false)) {
            probe.until = Compile(*until, "", where, "until", problems);
        }
        probe.after = ScalarList(node, "after", where, problems, false);
        for (const auto& s : probe.after) {
            if (!ValidName(s, true)) problems.Add(where, "'after' has a bad service name " + Quote(s));
        }
        if (auto in_tls = BoolField(node, "in_tls", where, problems)) probe.in_tls = *in_tls;
        if (probe.IsNull() && probe.IsFollowUp()) problems.Add(where, "a follow-up probe ('after') needs a payload");
        out.probes.push_back(std::move(probe));
    }
}

void LoadRules(const YAML::Node& list, ServiceRules& out, Problems& problems) {
    if (!list || list.IsNull()) {
        problems.Add("document", "missing 'rules'");
        return;
    }
    if (!list.IsSequence()) {
        problems.Add("document", "'rules' must be a list");
        return;
    }
    for (const auto& node : list) {
        std::string where = "rule at line " + std::to_string(LineOf(node));
        if (!node.IsMap()) {
            problems.Add(where, "must be a map");
            continue;
        }
        MatchRule rule;
        rule.line = LineOf(node);
        auto service = ScalarField(node, "service", where, problems, true);
        if (service) {
            where += " (" + Quote(*service) + ")";
            if (!ValidName(*service, true)) problems.Add(where, "service must be [a-z0-9_-]+ (at most 64)");
            rule.service = *service;
        }
        CheckKeys(node,
                  {"probes", "service", "pattern", "flags", "product", "version", "info", "soft", "facts", "tunnel"},
                  where, problems);
        rule.probes = ScalarList(node, "probes", where, problems, true);
        for (const auto& p : rule.probes) {
            if (p != "*" && !out.FindProbe(p)) problems.Add(where, "unknown probe " + Quote(p));
        }
        if (auto flags = ScalarField(node, "flags", where, problems, false)) {
            for (char c : *flags) {
                if (c != 'i' && c != 's' && c != 'm' && c != ' ') {
                    problems.Add(where, "unknown flag " + Quote(std::string(1, c)) + " (known: i, s, m)");
                }
            }
            rule.flags = *flags;
        }
        if (auto pattern = ScalarField(node, "pattern", where, problems, true)) {
            rule.pattern = *pattern;
            if (pattern->empty()) {
                problems.Add(where, "'pattern' must not be empty");
            } else {
                rule.regex = Compile(*pattern, rule.flags, where, "pattern", problems);
            }
        }
        int groups = rule.regex ? std::min(rule.regex->NumberOfCapturingGroups(), 99) : 99;
        if (rule.regex && groups > kMaxGroups) {
            problems.Add(where, "the pattern has " + std::to_string(groups) + " groups; at most 9 can be used");
        }
        for (auto [field, target] : {std::pair{"product", &rule.product}, std::pair{"version", &rule.version},
                                     std::pair{"info", &rule.info}}) {
            if (auto text = ScalarField(node, field, where, problems, false)) {
                *target = *text;
                CheckTemplate(*text, groups, field, where, problems);
            }
        }
        if (auto soft = BoolField(node, "soft", where, problems)) rule.soft = *soft;
        rule.facts = ScalarList(node, "facts", where, problems, false);
        for (const auto& f : rule.facts) {
            if (!ValidName(f, false)) problems.Add(where, "bad fact name " + Quote(f));
        }
        if (auto tunnel = ScalarField(node, "tunnel", where, problems, false)) {
            if (*tunnel == "tls") {
                rule.tunnel_tls = true;
            } else {
                problems.Add(where, "'tunnel' must be 'tls'");
            }
        }
        out.rules.push_back(std::move(rule));
    }
}

void LoadNameMaps(const YAML::Node& doc, ServiceRules& out, Problems& problems) {
    YAML::Node tls = doc["tls_names"];
    if (tls && !tls.IsNull()) {
        if (!tls.IsMap()) {
            problems.Add("tls_names", "must be a map of service names");
        } else {
            for (const auto& kv : tls) {
                if (!kv.first.IsScalar() || !kv.second.IsScalar() || !ValidName(kv.first.Scalar(), true) ||
                    !ValidName(kv.second.Scalar(), true)) {
                    problems.Add("tls_names (line " + std::to_string(LineOf(kv.first)) + ")",
                                 "entries must be service: name, both [a-z0-9_-]+");
                    continue;
                }
                out.tls_names[kv.first.Scalar()] = kv.second.Scalar();
            }
        }
    }
    YAML::Node ports = doc["ports"];
    if (ports && !ports.IsNull()) {
        if (!ports.IsMap()) {
            problems.Add("ports", "must be a map of port: service");
        } else {
            for (const auto& kv : ports) {
                std::string where = "ports (line " + std::to_string(LineOf(kv.first)) + ")";
                auto port = kv.first.IsScalar() ? ParseInt(kv.first.Scalar()) : std::nullopt;
                if (!port || *port < 1 || *port > 65535) {
                    problems.Add(where, "bad port " + Quote(kv.first.IsScalar() ? kv.first.Scalar() : "?"));
                    continue;
                }
                if (!kv.second.IsScalar() || !ValidName(kv.second.Scalar(), true)) {
                    problems.Add(where, "the service name must be [a-z0-9_-]+");
                    continue;
                }
                out.port_table[static_cast<std::uint16_t>(*port)] = kv.second.Scalar();
            }
        }
    }
}

void LoadAdvisories(const YAML::Node& list, ServiceRules& out, Problems& problems) {
    if (!list || list.IsNull()) return;
    if (!list.IsSequence()) {
        problems.Add("document", "'advisories' must be a list");
        return;
    }
    for (const auto& node : list) {
        std::string where = "advisory at line " + std::to_string(LineOf(node));
        if (!node.IsMap()) {
            problems.Add(where, "must be a map");
            continue;
        }
        Advisory adv;
        adv.line = LineOf(node);
        CheckKeys(node, {"product", "affected", "cve", "severity", "cvss", "summary"}, where, problems);
        if (auto product = ScalarField(node, "product", where, problems, true)) adv.product = *product;
        for (const auto& range : ScalarList(node, "affected", where, problems, true)) {
            std::vector<VersionBound> bounds;
            bool ok = true;
            for (auto part : Split(range, ',')) {
                auto bound = ParseBound(part);
                if (!bound) {
                    problems.Add(where, "bad version constraint " + Quote(part) +
                                            " (expected one of < <= > >= = followed by a version)");
                    ok = false;
                    break;
                }
                bounds.push_back(*bound);
            }
            if (ok) adv.affected.push_back(std::move(bounds));
        }
        adv.cve = ScalarList(node, "cve", where, problems, true);
        for (const auto& cve : adv.cve) {
            if (cve.rfind("CVE-", 0) != 0 || cve.size() < 13) problems.Add(where, "bad CVE id " + Quote(cve));
        }
        if (auto severity = ScalarField(node, "severity", where, problems, true)) {
            if (auto s = ParseSeverity(*severity)) {
                adv.severity = *s;
            } else {
                problems.Add(where, "unknown severity " + Quote(*severity));
            }
        }
        if (auto cvss = ScalarField(node, "cvss", where, problems, true)) {
            if (!CvssBaseScore(*cvss)) problems.Add(where, "bad CVSS 3.1 vector " + Quote(*cvss));
            adv.cvss = *cvss;
        }
        if (auto summary = ScalarField(node, "summary", where, problems, true)) adv.summary = *summary;
        out.advisories.push_back(std::move(adv));
    }
}

}  // namespace

bool ServiceProbe::ListsPort(std::uint16_t port, bool tls) const {
    const auto& list = tls ? tls_ports : ports;
    return std::find(list.begin(), list.end(), port) != list.end();
}

const ServiceProbe* ServiceRules::FindProbe(std::string_view name) const {
    for (const auto& p : probes) {
        if (p.name == name) return &p;
    }
    return nullptr;
}

bool ServiceRules::ProbeCanMatch(std::string_view probe, std::string_view service) const {
    auto it = rules_by_probe.find(probe);
    if (it == rules_by_probe.end()) return false;
    return std::any_of(it->second.begin(), it->second.end(),
                       [&](std::size_t i) { return rules[i].service == service; });
}

std::string ServiceRules::TlsName(const std::string& service) const {
    auto it = tls_names.find(service);
    return it == tls_names.end() ? service : it->second;
}

Result<std::string> DecodeEscapes(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c != '\\') {
            out += c;
            continue;
        }
        if (i + 1 >= text.size()) {
            return Fail(ErrorCode::kInvalidArgument, "bad escape: a lone '\\' at the end (offset " +
                                                         std::to_string(i) + ")");
        }
        char e = text[++i];
        switch (e) {
            case 'r': out += '\r'; break;
            case 'n': out += '\n'; break;
            case 't': out += '\t'; break;
            case '0': out += '\0'; break;
            case '\\': out += '\\'; break;
            case '\'': out += '\''; break;
            case '"': out += '"'; break;
            case 'x': {
                int hi = i + 1 < text.size() ? hex(text[i + 1]) : -1;
                int lo = i + 2 < text.size() ? hex(text[i + 2]) : -1;
                if (hi < 0 || lo < 0) {
                    return Fail(ErrorCode::kInvalidArgument, "bad escape: '\\x' needs two hex digits (offset " +
                                                                 std::to_string(i - 1) + ")");
                }
                out += static_cast<char>(hi * 16 + lo);
                i += 2;
                break;
            }
            default: {
                std::string shown = Quote(std::string("\\") + e);
                return Fail(ErrorCode::kInvalidArgument,
                            "bad escape " + shown + " (offset " + std::to_string(i - 1) +
                                "; known: \\r \\n \\t \\0 \\\\ \\' \\\" \\xHH)");
            }
        }
    }
    return out;
}

Result<ServiceRules> LoadServiceRules(std::string_view yaml) {
    if (yaml.size() > kMaxYamlBytes) {
        return Fail(ErrorCode::kInvalidArgument, "service rules: the document is larger than 1 MiB");
    }
    ServiceRules out;
    Problems problems;
    try {
        YAML::Node doc = YAML::Load(std::string(yaml));
        if (!doc.IsMap()) {
            return Fail(ErrorCode::kInvalidArgument, "service rules: the document must be a map");
        }
        CheckKeys(doc, {"version", "probes", "rules", "tls_names", "ports", "advisories"}, "document", problems);
        auto version = ScalarField(doc, "version", "document", problems, true);
        if (version && *version != "1") problems.Add("document", "unsupported version " + Quote(*version));
        LoadProbes(doc["probes"], out, problems);
        LoadRules(doc["rules"], out, problems);
        LoadNameMaps(doc, out, problems);
        LoadAdvisories(doc["advisories"], out, problems);
    } catch (const YAML::Exception& e) {
        problems.Add("YAML", e.what());
    } catch (const std::exception& e) {
        problems.Add("YAML", e.what());
    }
    if (!problems.empty()) {
        return Fail(ErrorCode::kInvalidArgument, "service rules: " + std::to_string(problems.size()) +
                                                     " problem(s): " + problems.Join());
    }
    for (const auto& probe : out.probes) {
        auto& list = out.rules_by_probe[probe.name];
        for (std::size_t i = 0; i < out.rules.size(); ++i) {
            const auto& names = out.rules[i].probes;
            if (std::find(names.begin(), names.end(), "*") != names.end() ||
                std::find(names.begin(), names.end(), probe.name) != names.end()) {
                list.push_back(i);
            }
        }
    }
    return out;
}

Result<const ServiceRules*> BuiltinServiceRules() {
    static const Result<ServiceRules> rules = []() -> Result<ServiceRules> {
        for (std::size_t i = 0; i < kServiceRuleFiles_count; ++i) {
            if (kServiceRuleFiles[i].path == "services.yaml") return LoadServiceRules(kServiceRuleFiles[i].data);
        }
        return Fail(ErrorCode::kInternal, "services.yaml is not built in");
    }();
    if (!rules) return Fail(rules.error());
    return &*rules;
}

std::optional<ServiceMatch> Match(const ServiceRules& rules, std::string_view probe, std::string_view bytes) {
    auto it = rules.rules_by_probe.find(probe);
    if (it == rules.rules_by_probe.end()) return std::nullopt;
    const re2::StringPiece text(bytes.data(), bytes.size());
    std::optional<std::size_t> hard, soft;
    std::vector<std::size_t> matched;
    re2::StringPiece groups[kMaxGroups + 1];
    ServiceMatch result;
    for (std::size_t index : it->second) {
        const MatchRule& rule = rules.rules[index];
        if (!rule.regex) continue;
        int n = std::min(rule.regex->NumberOfCapturingGroups(), kMaxGroups);
        if (!rule.regex->Match(text, 0, text.size(), re2::RE2::UNANCHORED, groups, n + 1)) continue;
        matched.push_back(index);
        if (!rule.soft && !hard) {
            hard = index;
            result.product = Fill(rule.product, groups, n);
            result.version = Fill(rule.version, groups, n);
            result.info = Fill(rule.info, groups, n);
        } else if (rule.soft && !soft && !hard) {
            soft = index;
        }
    }
    if (!hard && !soft) return std::nullopt;
    const MatchRule& winner = rules.rules[hard ? *hard : *soft];
    result.service = winner.service;
    result.soft = !hard;
    result.tunnel_tls = winner.tunnel_tls;
    result.rule = hard ? *hard : *soft;
    for (std::size_t index : matched) {
        const MatchRule& rule = rules.rules[index];
        if (rule.service != winner.service) continue;
        for (const auto& fact : rule.facts) {
            if (std::find(result.facts.begin(), result.facts.end(), fact) == result.facts.end()) {
                result.facts.push_back(fact);
            }
        }
    }
    return result;
}

}  // namespace palisade::scan::services
