// SPDX-License-Identifier: Apache-2.0
// Template loader: YAML document -> Template (top level, info, variables, http requests), and directory walking.
// Matchers and extractors are in loader_operators.cpp.
#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <system_error>

#include "scan/modules/templates/loader_internal.hpp"
#include "scan/modules/templates/text_util.hpp"

namespace palisade::scan::templates {
namespace loader {
namespace {

constexpr std::size_t kMaxItems = 200000;
constexpr std::uintmax_t kMaxFileBytes = 4 * 1024 * 1024;
thread_local std::size_t g_items = 0;

std::string_view Trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
        s.remove_suffix(1);
    }
    return s;
}

// nuclei's template id rule: ^([a-zA-Z0-9]+[-_])*[a-zA-Z0-9]+$
bool ValidId(std::string_view id) {
    if (id.empty() || id.size() > 200) return false;
    bool previous_separator = true;
    for (char c : id) {
        bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        bool separator = c == '-' || c == '_';
        if (!alnum && !separator) return false;
        if (separator && previous_separator) return false;
        previous_separator = separator;
    }
    return !previous_separator;
}

std::string CrlfLines(const std::string& text) {
    if (text.find("\r\n") != std::string::npos) return text;
    std::string out;
    out.reserve(text.size() + text.size() / 16);
    for (char c : text) {
        if (c == '\n') out += '\r';
        out += c;
    }
    return out;
}

std::optional<std::chrono::milliseconds> ParseGoDuration(std::string_view text) {
    text = Trim(text);
    std::size_t digits = 0;
    while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
    if (digits == 0 || digits > 9) return std::nullopt;
    long value = std::stol(std::string(text.substr(0, digits)));
    std::string_view unit = text.substr(digits);
    if (unit == "ms") return std::chrono::milliseconds(value);
    if (unit == "s") return std::chrono::milliseconds(value * 1000);
    if (unit == "m") return std::chrono::milliseconds(value * 60000);
    return std::nullopt;
}

// Strips the leading `@annotation` lines of a raw request (only @timeout is supported).
std::string TakeRawAnnotations(std::string raw, HttpRequest& request) {
    std::size_t start = raw.find_first_not_of("\r\n");
    if (start == std::string::npos) return raw;
    raw.erase(0, start);
    while (!raw.empty() && raw.front() == '@') {
        std::size_t end = raw.find('\n');
        std::string line(Trim(std::string_view(raw).substr(0, end)));
        raw.erase(0, end == std::string::npos ? raw.size() : end + 1);
        std::string name = line.substr(0, line.find(':'));
        if (name == "@timeout") {
            auto timeout = ParseGoDuration(std::string_view(line).substr(std::min(line.size(), name.size() + 1)));
            if (!timeout) Unsupported("raw request annotation " + line + " not understood");
            request.timeout = *timeout;
            continue;
        }
        Unsupported("raw request annotation " + name + " not supported");
    }
    return raw;
}

TemplateSeverity ParseSeverity(const YAML::Node& info) {
    if (!info["severity"]) return TemplateSeverity::kUnknown;
    std::string text = LowerAscii(Trim(ReadString(info, "severity")));
    static const std::map<std::string, TemplateSeverity, std::less<>> kNames = {
        {"info", TemplateSeverity::kInfo},         {"low", TemplateSeverity::kLow},
        {"medium", TemplateSeverity::kMedium},     {"high", TemplateSeverity::kHigh},
        {"critical", TemplateSeverity::kCritical}, {"unknown", TemplateSeverity::kUnknown},
        {"", TemplateSeverity::kUnknown}};
    auto it = kNames.find(text);
    if (it == kNames.end()) Malformed(info["severity"], "invalid severity '" + text + "'");
    return it->second;
}

Info ParseInfo(const YAML::Node& node) {
    if (!node || !node.IsMap()) Malformed(node, "missing info");
    Info info;
    if (!node["name"]) Malformed(node, "missing info.name");
    info.name = std::string(Trim(ReadString(node, "name")));
    if (node["author"]) {
        for (std::string& a : ReadStringList(node, "author", true)) info.authors.push_back(LowerAscii(a));
    }
    info.severity = ParseSeverity(node);
    if (node["description"]) info.description = ReadString(node, "description");
    if (node["reference"]) info.references = ReadStringList(node, "reference", false);
    if (node["tags"]) {
        for (std::string& tag : ReadStringList(node, "tags", true)) info.tags.push_back(LowerAscii(tag));
    }
    if (node["remediation"]) info.remediation = ReadString(node, "remediation");
    if (node["impact"]) info.impact = ReadString(node, "impact");
    if (const YAML::Node c = node["classification"]; c && c.IsMap()) {
        if (c["cve-id"]) info.classification.cve_ids = ReadStringList(c, "cve-id", true);
        if (c["cwe-id"]) info.classification.cwe_ids = ReadStringList(c, "cwe-id", true);
        for (std::string& id : info.classification.cve_ids) id = UpperAscii(id);
        for (std::string& id : info.classification.cwe_ids) id = UpperAscii(id);
        if (c["cvss-metrics"]) info.classification.cvss_metrics = std::string(Trim(ReadString(c, "cvss-metrics")));
        if (c["cvss-score"]) {
            try {
                info.classification.cvss_score = c["cvss-score"].as<double>();
            } catch (const YAML::Exception&) {
                Malformed(c["cvss-score"], "cvss-score is not a number");
            }
        }
    }
    return info;
}

HttpRequest ParseRequest(const YAML::Node& node, std::size_t index) {
    if (!node.IsMap()) Malformed(node, "http request " + std::to_string(index + 1) + " is not a map");
    static const std::set<std::string, std::less<>> kIgnored = {
        "id", "name", "threads", "read-all", "skip-variables-check", "pipeline", "cookie-reuse"};
    static const std::map<std::string, std::string, std::less<>> kUnsupported = {
        {"payloads", "payloads"},
        {"attack", "payloads (attack)"},
        {"fuzzing", "fuzzing"},
        {"iterate-all", "iterate-all"},
        {"digest-username", "digest authentication"},
        {"digest-password", "digest authentication"},
        {"signature", "request signing"},
        {"analyzer", "analyzers"},
        {"pre-condition", "pre-condition"},
        {"global-matchers", "global-matchers"},
        {"self-contained", "self-contained requests"},
        {"race_count", "race"},
        {"pipeline-concurrent-connections", "pipelining"},
        {"pipeline-requests-per-connection", "pipelining"}};
    HttpRequest r;
    for (const auto& kv : node) {
        std::string key = kv.first.as<std::string>();
        if (auto it = kUnsupported.find(key); it != kUnsupported.end()) Unsupported(it->second + " not supported");
        if ((key == "race" || key == "unsafe") && ReadBool(node, key)) Unsupported(key + " requests not supported");
        // clang-format off
        static const std::set<std::string, std::less<>> kKnown = {
            "method", "path", "raw", "headers", "body", "redirects", "host-redirects", "max-redirects",
            "matchers-condition", "matchers", "extractors", "stop-at-first-match", "max-size", "disable-cookie",
            "req-condition", "disable-path-automerge", "race", "unsafe"};
        // clang-format on
        if (!kKnown.count(key) && !kIgnored.count(key)) Unsupported("unknown http request key '" + key + "'");
    }
    if (node["method"]) r.method = UpperAscii(Trim(ReadString(node, "method")));
    static const std::set<std::string, std::less<>> kMethods = {
        "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH", "PURGE", "DEBUG"};
    if (!kMethods.count(r.method)) Malformed(node["method"], "invalid method '" + r.method + "'");
    if (node["path"]) r.paths = ReadStringList(node, "path", false);
    if (node["raw"]) {
        for (std::string& raw : ReadStringList(node, "raw", false))
            r.raw.push_back(CrlfLines(TakeRawAnnotations(raw, r)));
    }
    if (r.paths.empty() && r.raw.empty())
        Malformed(node, "http request " + std::to_string(index + 1) + " has no path or raw");
    for (const std::string& p : r.paths) {
        if (!Trim(p).starts_with("{{")) Unsupported("path '" + p + "' does not start with {{BaseURL}} or {{RootURL}}");
    }
    if (const YAML::Node h = node["headers"]) {
        if (!h.IsMap()) Malformed(h, "headers is not a map");
        for (const auto& kv : h) {
            Spend(kv.second);
            if (!kv.second.IsScalar()) Malformed(kv.second, "header value is not a string");
            r.headers.push_back({kv.first.as<std::string>(), kv.second.as<std::string>()});
        }
    }
    if (node["body"]) r.body = CrlfLines(ReadString(node, "body"));
    if (node["redirects"]) r.redirects = ReadBool(node, "redirects");
    if (node["host-redirects"]) r.host_redirects = ReadBool(node, "host-redirects");
    if (node["max-redirects"]) r.max_redirects = static_cast<int>(std::clamp(ReadInt(node, "max-redirects"), 0L, 50L));
    if (node["stop-at-first-match"]) r.stop_at_first_match = ReadBool(node, "stop-at-first-match");
    if (node["max-size"]) r.max_size = static_cast<std::size_t>(std::max(0L, ReadInt(node, "max-size")));
    if (node["disable-cookie"]) r.disable_cookie = ReadBool(node, "disable-cookie");
    if (node["req-condition"]) r.req_condition = ReadBool(node, "req-condition");
    if (node["disable-path-automerge"]) r.disable_path_automerge = ReadBool(node, "disable-path-automerge");
    if (node["matchers-condition"]) {
        std::string c = LowerAscii(Trim(ReadString(node, "matchers-condition")));
        if (c != "and" && c != "or") Malformed(node["matchers-condition"], "matchers-condition must be and/or");
        r.matchers_condition = c == "and" ? Condition::kAnd : Condition::kOr;
    }
    if (const YAML::Node m = node["matchers"]) ParseMatchers(m, r.matchers, r.req_condition);
    if (const YAML::Node e = node["extractors"]) ParseExtractors(e, r.extractors, r.req_condition);
    return r;
}

void ParseVariables(const YAML::Node& node, std::string_view key, Template& t) {
    if (!node.IsMap()) Malformed(node, std::string(key) + " is not a map");
    for (const auto& kv : node) {
        Spend(kv.second);
        if (!kv.second.IsScalar()) Malformed(kv.second, std::string(key) + " value is not a string");
        t.variables.emplace_back(kv.first.as<std::string>(), kv.second.as<std::string>());
    }
}

void Validate(const Template& t) {
    std::set<std::string, std::less<>> known;
    for (const auto& [name, value] : t.variables) known.insert(name);
    for (const HttpRequest& r : t.requests) {
        for (const Extractor& e : r.extractors) {
            if (e.internal && !e.name.empty()) known.insert(e.name);
        }
    }
    for (const auto& [name, value] : t.variables) CheckMarkers(value, known, "variable " + name);
    for (const HttpRequest& r : t.requests) {
        for (const std::string& p : r.paths) CheckMarkers(p, known, "path");
        for (const std::string& raw : r.raw) CheckMarkers(raw, known, "raw request");
        for (const http::Header& h : r.headers) CheckMarkers(h.name + ": " + h.value, known, "header");
        CheckMarkers(r.body, known, "body");
    }
}

Template ParseTemplate(const YAML::Node& root, const std::string& path) {
    if (!root.IsMap()) Malformed(root, "not a YAML map");
    static const std::set<std::string, std::less<>> kProtocols = {"dns", "file",      "network", "tcp",  "headless",
                                                                  "ssl", "websocket", "whois",   "code", "javascript"};
    for (const auto& kv : root) {
        std::string key = kv.first.as<std::string>();
        if (kProtocols.count(key)) Unsupported("protocol " + key + " not supported");
        if (key == "flow") Unsupported("flow not supported");
        if (key == "workflows") Unsupported("workflows not supported");
        if (key == "signature") Unsupported("request signing not supported");
        if (key == "self-contained" && ReadBool(root, key)) Unsupported("self-contained templates not supported");
        static const std::set<std::string, std::less<>> kKnown = {
            "id", "info", "http", "requests", "variables", "constants", "stop-at-first-match", "self-contained"};
        if (!kKnown.count(key)) Unsupported("unknown top-level key '" + key + "'");
    }
    Template t;
    t.path = path;
    if (!root["id"]) Malformed(root, "missing id");
    t.id = std::string(Trim(ReadString(root, "id")));
    if (!ValidId(t.id)) Malformed(root["id"], "invalid id '" + t.id + "'");
    t.info = ParseInfo(root["info"]);
    if (root["stop-at-first-match"]) t.stop_at_first_match = ReadBool(root, "stop-at-first-match");
    if (const YAML::Node v = root["variables"]) ParseVariables(v, "variables", t);
    if (const YAML::Node c = root["constants"]) ParseVariables(c, "constants", t);
    YAML::Node list = root["http"] ? root["http"] : root["requests"];
    if (root["http"] && root["requests"]) Malformed(root, "both http and requests");
    if (!list) Unsupported("no http requests");
    if (!list.IsSequence()) Malformed(list, "http is not a list");
    for (std::size_t i = 0; i < list.size(); ++i) t.requests.push_back(ParseRequest(list[i], i));
    if (t.requests.empty()) Unsupported("no http requests");
    Validate(t);
    return t;
}

}  // namespace

void Unsupported(std::string reason) { throw LoadProblem{std::move(reason), false}; }

void Malformed(const YAML::Node& node, std::string what) {
    if (node && !node.Mark().is_null()) {
        what += " (line " + std::to_string(node.Mark().line + 1) + ")";
    }
    throw LoadProblem{std::move(what), true};
}

void Spend(const YAML::Node& node, std::size_t items) {
    g_items += items;
    if (g_items > kMaxItems) Malformed(node, "template too large");
}

std::string ReadString(const YAML::Node& node, std::string_view key) {
    const YAML::Node v = node[std::string(key)];
    Spend(v);
    if (v.IsNull()) return {};
    if (!v.IsScalar()) Malformed(v, std::string(key) + " is not a string");
    return v.as<std::string>();
}

bool ReadBool(const YAML::Node& node, std::string_view key) {
    const YAML::Node v = node[std::string(key)];
    bool out = false;
    if (!v.IsScalar() || !YAML::convert<bool>::decode(v, out)) Malformed(v, std::string(key) + " is not a boolean");
    return out;
}

long ReadInt(const YAML::Node& node, std::string_view key) {
    const YAML::Node v = node[std::string(key)];
    long out = 0;
    if (!v.IsScalar() || !YAML::convert<long>::decode(v, out)) Malformed(v, std::string(key) + " is not an integer");
    return out;
}

std::vector<std::string> ReadStringList(const YAML::Node& node, std::string_view key, bool split_commas) {
    const YAML::Node v = node[std::string(key)];
    std::vector<std::string> items;
    if (v.IsNull()) return items;
    if (v.IsScalar()) {
        items.push_back(v.as<std::string>());
    } else if (v.IsSequence()) {
        Spend(v, v.size());
        for (const YAML::Node& item : v) {
            if (!item.IsScalar()) Malformed(item, std::string(key) + " items must be strings");
            items.push_back(item.as<std::string>());
        }
    } else {
        Malformed(v, std::string(key) + " is not a string or list");
    }
    if (!split_commas) return items;
    std::vector<std::string> out;
    for (const std::string& item : items) {
        std::size_t pos = 0;
        while (pos <= item.size()) {
            std::size_t comma = item.find(',', pos);
            std::string_view part = Trim(std::string_view(item).substr(pos, comma - pos));
            if (!part.empty()) out.emplace_back(part);
            if (comma == std::string::npos) break;
            pos = comma + 1;
        }
    }
    return out;
}

}  // namespace loader

std::string_view TemplateSeverityName(TemplateSeverity severity) {
    switch (severity) {
        case TemplateSeverity::kInfo:
            return "info";
        case TemplateSeverity::kLow:
            return "low";
        case TemplateSeverity::kMedium:
            return "medium";
        case TemplateSeverity::kHigh:
            return "high";
        case TemplateSeverity::kCritical:
            return "critical";
        case TemplateSeverity::kUnknown:
            return "unknown";
    }
    return "unknown";
}

LoadResult LoadTemplate(std::string_view yaml_text, std::string path) {
    LoadResult result;
    result.path = path;
    loader::g_items = 0;
    try {
        YAML::Node root = YAML::Load(std::string(yaml_text));
        result.tmpl = loader::ParseTemplate(root, path);
    } catch (const loader::LoadProblem& problem) {
        result.skip_reason = problem.reason;
        result.malformed = problem.malformed;
    } catch (const YAML::Exception& e) {
        result.skip_reason = "yaml: ";
        if (!e.mark.is_null()) {
            result.skip_reason +=
                "line " + std::to_string(e.mark.line + 1) + ", column " + std::to_string(e.mark.column + 1) + ": ";
        }
        result.skip_reason += e.msg;
        result.malformed = true;
    } catch (const std::exception& e) {
        result.skip_reason = std::string("yaml: ") + e.what();
        result.malformed = true;
    }
    if (result.tmpl) result.skip_reason.clear();
    return result;
}

LoadResult LoadTemplateFile(const std::filesystem::path& file) {
    std::error_code ec;
    auto size = std::filesystem::file_size(file, ec);
    LoadResult result;
    result.path = file.string();
    result.malformed = true;
    if (ec) {
        result.skip_reason = "cannot read file: " + ec.message();
        return result;
    }
    if (size > loader::kMaxFileBytes) {
        result.skip_reason = "file larger than 4 MiB";
        return result;
    }
    std::ifstream in(file, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    if (!in) {
        result.skip_reason = "cannot read file";
        return result;
    }
    return LoadTemplate(buffer.str(), file.string());
}

Result<std::vector<LoadResult>> LoadDirectory(const std::filesystem::path& dir) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) {
        return Fail(ErrorCode::kNotFound, "template directory not found: " + dir.string());
    }
    std::vector<std::filesystem::path> files;
    std::filesystem::recursive_directory_iterator it(dir, std::filesystem::directory_options::skip_permission_denied,
                                                     ec);
    if (ec) return Fail(ErrorCode::kNotFound, "cannot read template directory " + dir.string() + ": " + ec.message());
    for (; it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) break;
        const auto& entry = *it;
        // Hidden entries (.git/, .github/workflows/*.yml, editor files) are never templates.
        if (entry.path().filename().string().starts_with(".")) {
            if (entry.is_directory(ec)) it.disable_recursion_pending();
            continue;
        }
        std::string ext = entry.path().extension().string();
        if ((ext == ".yaml" || ext == ".yml") && entry.is_regular_file(ec)) files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    std::vector<LoadResult> results;
    results.reserve(files.size());
    for (const auto& f : files) results.push_back(LoadTemplateFile(f));
    return results;
}

Result<std::vector<LoadResult>> LoadPath(const std::filesystem::path& path) {
    std::error_code ec;
    auto status = std::filesystem::status(path, ec);
    if (!ec && std::filesystem::is_directory(status)) return LoadDirectory(path);
    if (!ec && std::filesystem::is_regular_file(status)) return std::vector<LoadResult>{LoadTemplateFile(path)};
    return Fail(ErrorCode::kNotFound, "template file or directory not found: " + path.string());
}

}  // namespace palisade::scan::templates
