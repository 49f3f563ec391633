// SPDX-License-Identifier: Apache-2.0
// Template loader, second half: matchers and extractors (compiled here: RE2 regexes, DSL expressions, json paths),
// and the placeholder check shared by every request field.
#include <map>

#include "scan/modules/templates/loader_internal.hpp"
#include "scan/modules/templates/text_util.hpp"

namespace palisade::scan::templates::loader {
namespace {

// nuclei's reRequestCondition: `_\d+` anywhere in a dsl expression or part.
bool NamesNumberedValue(std::string_view text) {
    for (std::size_t i = 0; i + 1 < text.size(); ++i) {
        if (text[i] == '_' && text[i + 1] >= '0' && text[i + 1] <= '9') return true;
    }
    return false;
}

std::string NormalizePart(const YAML::Node& node, bool is_dsl, bool& req_condition) {
    std::string part = node["part"] ? ReadString(node, "part") : "";
    while (!part.empty() && part.back() == ' ') part.pop_back();
    while (!part.empty() && part.front() == ' ') part.erase(0, 1);
    if (part.starts_with("interactsh")) Unsupported("OAST (interactsh) not supported");
    if (NamesNumberedValue(part)) req_condition = true;
    if (part.empty()) return is_dsl ? "" : "body";
    if (part == "header") return "all_headers";
    if (part == "raw") return "response";
    if (part == "status") return "status_code";
    return part;
}

Condition ReadCondition(const YAML::Node& node) {
    if (!node["condition"]) return Condition::kOr;
    std::string c = LowerAscii(ReadString(node, "condition"));
    if (c != "and" && c != "or") Malformed(node["condition"], "condition must be and/or");
    return c == "and" ? Condition::kAnd : Condition::kOr;
}

std::optional<std::string> HexDecode(std::string_view hex) {
    if (hex.size() % 2 != 0) return std::nullopt;
    auto nibble = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    std::string out;
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        int hi = nibble(hex[i]), lo = nibble(hex[i + 1]);
        if (hi < 0 || lo < 0) return std::nullopt;
        out += static_cast<char>(hi * 16 + lo);
    }
    return out;
}

std::vector<long> ReadIntList(const YAML::Node& node, std::string_view key) {
    std::vector<long> out;
    for (const std::string& item : ReadStringList(node, key, false)) {
        long value = 0;
        YAML::Node scalar(item);
        if (!YAML::convert<long>::decode(scalar, value))
            Malformed(node[std::string(key)], std::string(key) + " must be integers");
        out.push_back(value);
    }
    return out;
}

std::shared_ptr<const re2::RE2> CompileRegex(const std::string& pattern) {
    std::string error;
    auto re = CompileGoRegex(pattern, error);
    if (!re) Unsupported("regex '" + pattern + "': " + error);
    return re;
}

void CheckKeys(const YAML::Node& node, std::string_view what, const std::set<std::string, std::less<>>& known) {
    for (const auto& kv : node) {
        std::string key = kv.first.as<std::string>();
        if (!known.count(key)) Unsupported("unknown " + std::string(what) + " key '" + key + "'");
    }
}

// Words and dsl expressions may use {{markers}} too; response fields are valid names there, so only OAST markers and
// helper calls are rejected.
void CheckOperatorMarkers(std::string_view text) {
    std::size_t pos = 0;
    while ((pos = text.find("{{", pos)) != std::string_view::npos) {
        std::size_t close = text.find("}}", pos + 2);
        if (close == std::string_view::npos) return;
        std::string_view inner = text.substr(pos + 2, close - pos - 2);
        if (inner.find("interactsh") != std::string_view::npos) Unsupported("OAST (interactsh) not supported");
        if (std::size_t paren = inner.find('('); paren != std::string_view::npos) {
            Unsupported("helper function " + std::string(inner.substr(0, paren)) + " not supported in matchers");
        }
        pos = close + 2;
    }
}

// A dsl matcher or extractor expression, compiled; OAST and helper markers make the template unsupported.
std::shared_ptr<const dsl::Expression> CompileDsl(const std::string& text, bool& req_condition) {
    if (text.find("interactsh") != std::string::npos) Unsupported("OAST (interactsh) not supported");
    CheckOperatorMarkers(text);
    auto expression = dsl::Compile(text);
    if (!expression) Unsupported(expression.error().message);
    if (NamesNumberedValue(text)) req_condition = true;
    return std::move(*expression);
}

Matcher ParseMatcher(const YAML::Node& node, bool& req_condition) {
    if (!node.IsMap()) Malformed(node, "matcher is not a map");
    CheckKeys(node, "matcher",
              {"type", "part", "condition", "negative", "case-insensitive", "name", "internal", "words", "regex",
               "status", "size", "dsl", "encoding", "match-all", "binary", "xpath"});
    Matcher m;
    if (!node["type"]) Malformed(node, "matcher without type");
    std::string type = LowerAscii(ReadString(node, "type"));
    static const std::map<std::string, MatcherType, std::less<>> kTypes = {{"word", MatcherType::kWord},
                                                                           {"regex", MatcherType::kRegex},
                                                                           {"status", MatcherType::kStatus},
                                                                           {"size", MatcherType::kSize},
                                                                           {"dsl", MatcherType::kDsl}};
    if (type == "binary" || type == "xpath") Unsupported("matcher type " + type + " not supported");
    auto it = kTypes.find(type);
    if (it == kTypes.end()) Malformed(node["type"], "unknown matcher type '" + type + "'");
    m.type = it->second;
    m.part = NormalizePart(node, m.type == MatcherType::kDsl, req_condition);
    m.condition = ReadCondition(node);
    if (node["negative"]) m.negative = ReadBool(node, "negative");
    if (node["case-insensitive"]) m.case_insensitive = ReadBool(node, "case-insensitive");
    if (node["match-all"]) m.match_all = ReadBool(node, "match-all");
    if (node["internal"]) m.internal = ReadBool(node, "internal");
    if (node["name"]) m.name = ReadString(node, "name");
    if (m.case_insensitive && m.type != MatcherType::kWord) {
        Malformed(node, "case-insensitive is supported only for word matchers");
    }
    std::string encoding = node["encoding"] ? LowerAscii(ReadString(node, "encoding")) : "";
    if (!encoding.empty() && encoding != "hex") Unsupported("matcher encoding " + encoding + " not supported");
    switch (m.type) {
        case MatcherType::kWord:
            if (!node["words"]) Malformed(node, "word matcher without words");
            m.words = ReadStringList(node, "words", false);
            for (std::string& w : m.words) {
                if (encoding == "hex") {
                    if (auto decoded = HexDecode(w); decoded && !decoded->empty()) w = *decoded;
                }
                CheckOperatorMarkers(w);
                if (m.case_insensitive) w = LowerAscii(w);
            }
            if (m.words.empty()) Malformed(node, "word matcher without words");
            break;
        case MatcherType::kRegex:
            if (!node["regex"]) Malformed(node, "regex matcher without regex");
            for (const std::string& pattern : ReadStringList(node, "regex", false)) {
                m.regexes.push_back(CompileRegex(pattern));
            }
            if (m.regexes.empty()) Malformed(node, "regex matcher without regex");
            break;
        case MatcherType::kStatus:
            if (!node["status"]) Malformed(node, "status matcher without status");
            for (long s : ReadIntList(node, "status")) m.statuses.push_back(static_cast<int>(s));
            break;
        case MatcherType::kSize:
            if (!node["size"]) Malformed(node, "size matcher without size");
            for (long s : ReadIntList(node, "size")) m.sizes.push_back(static_cast<std::size_t>(std::max(0L, s)));
            break;
        case MatcherType::kDsl:
            if (!node["dsl"]) Malformed(node, "dsl matcher without dsl");
            for (const std::string& text : ReadStringList(node, "dsl", false)) {
                m.expressions.push_back(CompileDsl(text, req_condition));
            }
            if (m.expressions.empty()) Malformed(node, "dsl matcher without dsl");
            break;
    }
    return m;
}

bool IsIdentChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// The jq path subset: . | (.key | ."key" | .["key"] | [n] | .[n] | [] | .[])+
JsonQuery CompileJsonQuery(const std::string& source) {
    auto unsupported = [&] { Unsupported("json extractor query '" + source + "' not supported"); };
    JsonQuery q;
    q.source = source;
    std::string_view s(source);
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    if (s.empty() || s.front() != '.') unsupported();
    if (s == ".") return q;
    std::size_t i = 0;
    auto read_quoted = [&](std::size_t& pos) -> std::string {
        std::string out;
        ++pos;  // opening quote
        while (pos < s.size() && s[pos] != '"') {
            if (s[pos] == '\\') unsupported();
            out += s[pos++];
        }
        if (pos >= s.size()) unsupported();
        ++pos;
        return out;
    };
    while (i < s.size()) {
        bool dot = s[i] == '.';
        if (dot) ++i;
        if (i < s.size() && s[i] == '[') {
            ++i;
            JsonStep step;
            if (i < s.size() && s[i] == ']') {
                step.kind = JsonStep::Kind::kIterate;
            } else if (i < s.size() && s[i] == '"') {
                step.key = read_quoted(i);
            } else {
                std::size_t start = i;
                if (i < s.size() && s[i] == '-') ++i;
                while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
                if (i == start || i - start > 9 || (s[start] == '-' && i == start + 1)) unsupported();
                step.kind = JsonStep::Kind::kIndex;
                step.index = std::stol(std::string(s.substr(start, i - start)));
            }
            if (i >= s.size() || s[i] != ']') unsupported();
            ++i;
            q.steps.push_back(std::move(step));
        } else if (dot && i < s.size() && s[i] == '"') {
            q.steps.push_back({JsonStep::Kind::kKey, read_quoted(i), 0});
        } else if (dot && i < s.size() && IsIdentChar(s[i]) && !(s[i] >= '0' && s[i] <= '9')) {
            std::size_t start = i;
            while (i < s.size() && IsIdentChar(s[i])) ++i;
            q.steps.push_back({JsonStep::Kind::kKey, std::string(s.substr(start, i - start)), 0});
        } else {
            unsupported();
        }
    }
    return q;
}

Extractor ParseExtractor(const YAML::Node& node, bool& req_condition) {
    if (!node.IsMap()) Malformed(node, "extractor is not a map");
    CheckKeys(node, "extractor",
              {"type", "name", "part", "internal", "case-insensitive", "regex", "group", "kval", "json", "xpath",
               "attribute", "dsl"});
    Extractor e;
    if (!node["type"]) Malformed(node, "extractor without type");
    std::string type = LowerAscii(ReadString(node, "type"));
    if (type == "xpath") Unsupported("extractor type " + type + " not supported");
    if (type == "dsl") {
        e.type = ExtractorType::kDsl;
    } else if (type == "regex") {
        e.type = ExtractorType::kRegex;
    } else if (type == "kval") {
        e.type = ExtractorType::kKval;
    } else if (type == "json") {
        e.type = ExtractorType::kJson;
    } else {
        Malformed(node["type"], "unknown extractor type '" + type + "'");
    }
    if (node["name"]) e.name = ReadString(node, "name");
    e.part = NormalizePart(node, false, req_condition);
    if (node["internal"]) e.internal = ReadBool(node, "internal");
    if (node["case-insensitive"]) e.case_insensitive = ReadBool(node, "case-insensitive");
    if (node["group"]) e.group = static_cast<int>(ReadInt(node, "group"));
    switch (e.type) {
        case ExtractorType::kRegex:
            if (!node["regex"]) Malformed(node, "regex extractor without regex");
            for (const std::string& pattern : ReadStringList(node, "regex", false)) {
                e.regexes.push_back(CompileRegex(pattern));
            }
            break;
        case ExtractorType::kKval:
            if (!node["kval"]) Malformed(node, "kval extractor without kval");
            for (const std::string& key : ReadStringList(node, "kval", false)) e.kval.push_back(SnakeHeaderName(key));
            break;
        case ExtractorType::kJson:
            if (!node["json"]) Malformed(node, "json extractor without json");
            for (const std::string& query : ReadStringList(node, "json", false))
                e.json.push_back(CompileJsonQuery(query));
            break;
        case ExtractorType::kDsl:
            if (!node["dsl"]) Malformed(node, "dsl extractor without dsl");
            for (const std::string& text : ReadStringList(node, "dsl", false)) {
                e.expressions.push_back(CompileDsl(text, req_condition));
            }
            if (e.expressions.empty()) Malformed(node, "dsl extractor without dsl");
            break;
    }
    return e;
}

}  // namespace

void ParseMatchers(const YAML::Node& list, std::vector<Matcher>& out, bool& req_condition) {
    if (!list.IsSequence()) Malformed(list, "matchers is not a list");
    Spend(list, list.size());
    for (const YAML::Node& node : list) out.push_back(ParseMatcher(node, req_condition));
}

void ParseExtractors(const YAML::Node& list, std::vector<Extractor>& out, bool& req_condition) {
    if (!list.IsSequence()) Malformed(list, "extractors is not a list");
    Spend(list, list.size());
    for (const YAML::Node& node : list) out.push_back(ParseExtractor(node, req_condition));
}

bool IsInputPlaceholder(std::string_view name) {
    static const std::set<std::string, std::less<>> kNames = {"BaseURL", "RootURL", "Hostname", "Host",  "Port", "Path",
                                                              "File",    "Scheme",  "Query",    "Input", "FQDN"};
    return kNames.count(name) > 0;
}

bool IsRandstr(std::string_view name) {
    if (name == "randstr") return true;
    if (!name.starts_with("randstr_") || name.size() == 8 || name.size() > 12) return false;
    for (char c : name.substr(8)) {
        if (c < '0' || c > '9') return false;
    }
    return true;
}

void CheckMarkers(std::string_view text, const std::set<std::string, std::less<>>& known, std::string_view where) {
    std::size_t pos = 0;
    while ((pos = text.find("{{", pos)) != std::string_view::npos) {
        std::size_t close = text.find("}}", pos + 2);
        if (close == std::string_view::npos) return;
        std::string_view inner = text.substr(pos + 2, close - pos - 2);
        while (!inner.empty() && inner.front() == ' ') inner.remove_prefix(1);
        while (!inner.empty() && inner.back() == ' ') inner.remove_suffix(1);
        std::string where_text(where);
        if (inner.find("interactsh") != std::string_view::npos) Unsupported("OAST (interactsh) not supported");
        if (std::size_t paren = inner.find('('); paren != std::string_view::npos) {
            std::string name(inner.substr(0, paren));
            Unsupported("helper function " + name + " not supported in " + where_text);
        }
        bool identifier = !inner.empty();
        for (char c : inner) identifier = identifier && (IsIdentChar(c) || c == '-');
        if (!identifier) Unsupported("expression {{" + std::string(inner) + "}} not supported in " + where_text);
        if (!IsInputPlaceholder(inner) && !IsRandstr(inner) && !known.count(inner)) {
            Unsupported("unknown placeholder {{" + std::string(inner) + "}} in " + where_text);
        }
        pos = close + 2;
    }
}

}  // namespace palisade::scan::templates::loader
