// SPDX-License-Identifier: Apache-2.0
#include "config/loader.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <set>
#include <type_traits>
#include <vector>

#include "config/key_table.hpp"
#include "config/validate.hpp"
#include "config/values.hpp"
#include "core/strings.hpp"

extern char** environ;  // NOLINT: POSIX; read only by PalisadeEnvironment()

namespace palisade::config {

namespace {

constexpr std::size_t kMaxConfigFileBytes = 1 << 20;
constexpr std::size_t kMaxSecretFileBytes = 64 << 10;
constexpr std::string_view kRedacted = "<redacted>";

// A value as written: one string, or a YAML sequence of strings. A YAML null is the empty string.
struct RawValue {
    std::string scalar;
    std::vector<std::string> items;
    bool is_list = false;
};

struct Setting {
    const KeyDef* def = nullptr;
    RawValue value;
    std::string origin;  // "config.yaml:12", "env PALISADE_LISTEN", "command line"
};

struct PendingFile {
    std::string path;
    std::string origin;
    const KeyDef* def = nullptr;  // the *_file key
};

// Everything LoadConfig accumulates while applying sources in precedence order.
struct LoadState {
    Config config;
    Origins origins;                                               // slot -> origin of its effective value
    std::map<std::string, PendingFile, std::less<>> secret_files;  // slot -> file still to read
    std::vector<std::string> errors;

    void Error(std::string_view origin, std::string_view key, std::string_view problem) {
        errors.push_back(std::string(origin) + ": " + std::string(key) + ": " + std::string(problem));
    }
};

Result<std::string> ReadFile(const std::string& path, std::size_t max_bytes) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (f == nullptr) return Fail(ErrorCode::kInvalidArgument, "cannot read " + path + ": " + std::strerror(errno));
    std::string text;
    char buf[4096];
    std::size_t n = 0;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0 && text.size() <= max_bytes) text.append(buf, n);
    const bool failed = std::ferror(f) != 0;
    std::fclose(f);
    if (failed) return Fail(ErrorCode::kInvalidArgument, "cannot read " + path);
    if (text.size() > max_bytes) return Fail(ErrorCode::kInvalidArgument, path + " is larger than expected");
    return text;
}

template <typename T>
struct Tag {};

Result<int> ParseAs(std::string_view text, Tag<int>) { return ParseInt(text); }
Result<bool> ParseAs(std::string_view text, Tag<bool>) { return ParseBool(text); }
Result<std::size_t> ParseAs(std::string_view text, Tag<std::size_t>) { return ParseSize(text); }
Result<std::chrono::milliseconds> ParseAs(std::string_view t, Tag<std::chrono::milliseconds>) {
    return ParseDuration(t);
}
Result<SignupMode> ParseAs(std::string_view text, Tag<SignupMode>) { return ParseSignupMode(text); }
Result<SmtpSecurity> ParseAs(std::string_view text, Tag<SmtpSecurity>) { return ParseSmtpSecurity(text); }
Result<std::chrono::seconds> ParseAs(std::string_view text, Tag<std::chrono::seconds>) {
    auto d = ParseDuration(text);
    if (!d) return Fail(d.error());
    if (d->count() % 1000 != 0) return Fail(ErrorCode::kInvalidArgument, "must be a whole number of seconds");
    return std::chrono::duration_cast<std::chrono::seconds>(*d);
}

std::vector<std::string> ListItems(const RawValue& value) {
    std::vector<std::string> out;
    const auto add = [&out](std::string_view item) {
        if (!Trim(item).empty()) out.emplace_back(Trim(item));
    };
    if (value.is_list) {
        for (const std::string& item : value.items) add(item);
    } else {
        for (std::string_view item : Split(value.scalar, ',')) add(item);
    }
    return out;
}

// Parses `value` into `field`; returns the problem, or "" on success (the field is untouched on failure).
std::string ParseInto(const FieldRef& field, const RawValue& value) {
    return std::visit(
        [&value](auto* target) -> std::string {
            using T = std::remove_pointer_t<decltype(target)>;
            if constexpr (std::is_same_v<T, std::vector<std::string>>) {
                *target = ListItems(value);
            } else if (value.is_list) {
                return "expected a single value, not a list";
            } else if constexpr (std::is_same_v<T, std::string>) {
                *target = value.scalar;
            } else {
                auto parsed = ParseAs(Trim(value.scalar), Tag<T>{});
                if (!parsed) return parsed.error().message;
                *target = *parsed;
            }
            return {};
        },
        field);
}

void Apply(const Setting& s, LoadState& state) {
    const std::string slot(s.def->Slot());
    if (s.def->role == KeyRole::kSecretFile) {
        if (s.value.is_list || Trim(s.value.scalar).empty()) {
            state.Error(s.origin, s.def->key, "expected a file path");
            return;
        }
        state.secret_files[slot] = PendingFile{std::string(Trim(s.value.scalar)), s.origin, s.def};
        state.origins[slot] = s.origin;
        return;
    }
    const std::string problem = ParseInto(s.def->field(state.config), s.value);
    if (!problem.empty()) {
        state.Error(s.origin, s.def->key, problem);
        return;
    }
    state.secret_files.erase(slot);  // an inline value from a later source beats an earlier *_file
    state.origins[slot] = s.origin;
}

// Applies one source. Two settings of the same slot within one source (PALISADE_LISTEN and PALISADE_SERVER_LISTEN,
// or auth.jwt_secret and auth.jwt_secret_file) are ambiguous: both are reported and neither is applied.
void ApplySource(const std::vector<Setting>& settings, LoadState& state) {
    std::map<std::string_view, const Setting*> first;
    std::set<std::string_view> conflicted;
    for (const Setting& s : settings) {
        auto [it, inserted] = first.emplace(s.def->Slot(), &s);
        if (inserted) continue;
        conflicted.insert(s.def->Slot());
        state.Error(
            s.origin, s.def->key,
            "conflicts with " + std::string(it->second->def->key) + " (" + it->second->origin + "); set only one");
    }
    for (const Setting& s : settings) {
        if (!conflicted.contains(s.def->Slot())) Apply(s, state);
    }
}

RawValue ToRaw(const YAML::Node& node, std::string& problem) {
    RawValue raw;
    if (node.IsScalar()) {
        raw.scalar = node.Scalar();
    } else if (node.IsSequence()) {
        raw.is_list = true;
        for (const YAML::Node& item : node) {
            if (!item.IsScalar()) problem = "expected a list of plain values";
            raw.items.push_back(item.Scalar());
        }
    } else if (node.IsMap()) {
        problem = "expected a value, not a mapping";
    }
    return raw;  // null: empty scalar
}

std::string YamlOrigin(const std::string& path, const YAML::Mark& mark) {
    return mark.is_null() ? path : path + ":" + std::to_string(mark.line + 1);
}

// One YAML entry `key: value`, where `key` is already dotted.
void CollectYamlEntry(const std::string& path, const std::string& key, const YAML::Node& key_node,
                      const YAML::Node& value, std::vector<Setting>& out, LoadState& state) {
    const std::string origin = YamlOrigin(path, key_node.Mark());
    const KeyDef* def = FindKey(key);
    if (def == nullptr) {
        state.Error(origin, key, "unknown key");
        return;
    }
    std::string problem;
    RawValue raw = ToRaw(value, problem);
    if (!problem.empty()) {
        state.Error(origin, key, problem);
        return;
    }
    out.push_back(Setting{def, std::move(raw), origin});
}

std::vector<Setting> CollectYaml(const std::string& path, LoadState& state) {
    std::vector<Setting> out;
    auto text = ReadFile(path, kMaxConfigFileBytes);
    if (!text) {
        state.errors.push_back(path + ": " + text.error().message);
        return out;
    }
    try {
        const YAML::Node root = YAML::Load(*text);
        if (root.IsNull()) return out;
        if (!root.IsMap()) {
            state.errors.push_back(YamlOrigin(path, root.Mark()) + ": the top level must be a mapping of keys");
            return out;
        }
        for (const auto& entry : root) {
            const std::string name = entry.first.Scalar();
            const bool is_section = std::find(Sections().begin(), Sections().end(), name) != Sections().end();
            if (!is_section) {
                CollectYamlEntry(path, name, entry.first, entry.second, out, state);
            } else if (entry.second.IsMap()) {
                for (const auto& child : entry.second) {
                    CollectYamlEntry(path, name + "." + child.first.Scalar(), child.first, child.second, out, state);
                }
            } else if (!entry.second.IsNull()) {
                state.Error(YamlOrigin(path, entry.first.Mark()), name, "must be a mapping of keys");
            }
        }
    } catch (const YAML::Exception& e) {
        // yaml-cpp reports syntax errors by throwing; they stop here with their position.
        const std::string where =
            e.mark.is_null() ? path
                             : path + ":" + std::to_string(e.mark.line + 1) + ":" + std::to_string(e.mark.column + 1);
        state.errors.push_back(where + ": invalid YAML: " + e.msg);
    }
    return out;
}

std::vector<Setting> CollectEnv(const std::map<std::string, std::string>& env, LoadState& state) {
    std::map<std::string, const KeyDef*> by_name;
    for (const KeyDef& def : AllKeys()) by_name[EnvName(def.key)] = &def;
    for (const EnvAlias& alias : kEnvAliases) by_name[std::string(alias.name)] = FindKey(alias.key);
    std::vector<Setting> out;
    for (const auto& [name, value] : env) {
        if (auto it = by_name.find(name); it != by_name.end()) {
            out.push_back(Setting{it->second, RawValue{value, {}, false}, "env " + name});
            continue;
        }
        for (std::string_view section : Sections()) {
            if (StartsWith(name, EnvName(section) + "_")) state.errors.push_back("env " + name + ": unknown variable");
        }
    }
    return out;
}

std::vector<Setting> CollectFlags(const std::map<std::string, std::string>& flags, LoadState& state) {
    std::vector<Setting> out;
    for (const auto& [key, value] : flags) {
        const KeyDef* def = FindKey(key);
        if (def == nullptr) {
            state.Error("command line", key, "unknown key");
        } else {
            out.push_back(Setting{def, RawValue{value, {}, false}, "command line"});
        }
    }
    return out;
}

void ReadSecretFiles(LoadState& state) {
    for (const auto& [slot, pending] : state.secret_files) {
        auto content = ReadFile(pending.path, kMaxSecretFileBytes);
        if (!content) {
            state.Error(pending.origin, pending.def->key, content.error().message);
            continue;
        }
        std::string value = std::move(*content);
        if (value.ends_with('\n')) value.pop_back();
        if (value.ends_with('\r')) value.pop_back();
        if (value.empty()) {
            state.Error(pending.origin, pending.def->key, pending.path + " is empty");
            continue;
        }
        *std::get<std::string*>(pending.def->field(state.config)) = std::move(value);
    }
}

}  // namespace

std::map<std::string, std::string> PalisadeEnvironment() {
    std::map<std::string, std::string> out;
    for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
        const std::string_view text(*entry);
        const std::size_t eq = text.find('=');
        if (eq == std::string_view::npos || !StartsWith(text, "PALISADE_")) continue;
        out.emplace(text.substr(0, eq), text.substr(eq + 1));
    }
    return out;
}

ConfigSources CollectSources(const std::string& config_file, std::map<std::string, std::string> flags,
                             std::map<std::string, std::string> env) {
    ConfigSources sources;
    if (!config_file.empty()) {
        sources.file = config_file;
    } else if (auto it = env.find("PALISADE_CONFIG"); it != env.end() && !it->second.empty()) {
        sources.file = it->second;
    }
    sources.flags = std::move(flags);
    sources.env = std::move(env);
    return sources;
}

Result<Config> LoadConfig(const ConfigSources& sources) {
    LoadState state;
    if (sources.file) ApplySource(CollectYaml(sources.file->string(), state), state);
    ApplySource(CollectEnv(sources.env, state), state);
    ApplySource(CollectFlags(sources.flags, state), state);
    ReadSecretFiles(state);
    for (std::string& line : ValidateConfig(state.config, state.origins)) state.errors.push_back(std::move(line));
    if (!state.errors.empty()) {
        std::string message;
        for (const std::string& line : state.errors) message += (message.empty() ? "" : "\n") + line;
        return Fail(ErrorCode::kInvalidArgument, std::move(message), "invalid configuration");
    }
    state.config.server.public_url = DerivePublicUrl(state.config.server);
    return std::move(state.config);
}

std::string RedactDatabaseUrl(const std::string& url) {
    std::string out = url;
    const std::size_t scheme_end = out.find("://");
    std::size_t rest = 0;
    if (scheme_end != std::string::npos) {
        const std::size_t start = scheme_end + 3;
        const std::size_t end = std::min(out.find_first_of("/?#", start), out.size());
        const std::size_t at = out.rfind('@', end - 1);
        if (at != std::string::npos && at >= start) {
            const std::size_t colon = out.find(':', start);
            if (colon < at) out.replace(colon + 1, at - colon - 1, kRedacted);
        }
        rest = std::min(out.find_first_of("/?#", start), out.size());
    }
    // key=value parameters, in a query string or libpq keyword form: password=, sslpassword=, ...
    for (std::size_t pos = ToLower(out).find("password=", rest); pos != std::string::npos;
         pos = ToLower(out).find("password=", pos)) {
        const std::size_t value = pos + 9;
        const std::size_t end = std::min(out.find_first_of("& ;#", value), out.size());
        out.replace(value, end - value, kRedacted);
        pos = value + kRedacted.size();
    }
    return out;
}

std::string RenderRedacted(const Config& config) {
    Config copy = config;  // FieldRef points into a mutable Config; rendering only reads it
    YAML::Emitter out;
    out << YAML::BeginMap;
    std::string_view open_section;
    for (const KeyDef& def : AllKeys()) {
        if (def.role == KeyRole::kSecretFile) continue;
        const std::size_t dot = def.key.find('.');
        const std::string_view section = dot == std::string_view::npos ? std::string_view() : def.key.substr(0, dot);
        if (section != open_section) {
            if (!open_section.empty()) out << YAML::EndMap;
            if (!section.empty()) out << YAML::Key << std::string(section) << YAML::Value << YAML::BeginMap;
            open_section = section;
        }
        out << YAML::Key << std::string(dot == std::string_view::npos ? def.key : def.key.substr(dot + 1))
            << YAML::Value;
        std::visit(
            [&](auto* field) {
                using T = std::remove_pointer_t<decltype(field)>;
                if constexpr (std::is_same_v<T, std::string>) {
                    if (def.role == KeyRole::kSecret) {
                        out << (field->empty() ? std::string() : std::string(kRedacted));
                    } else {
                        out << (def.role == KeyRole::kCredentialUrl ? RedactDatabaseUrl(*field) : *field);
                    }
                } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
                    out << YAML::Flow << *field;
                } else if constexpr (std::is_same_v<T, std::size_t>) {
                    out << FormatSize(*field);
                } else if constexpr (std::is_same_v<T, int> || std::is_same_v<T, bool>) {
                    out << *field;
                } else if constexpr (std::is_same_v<T, SignupMode> || std::is_same_v<T, SmtpSecurity>) {
                    out << std::string(ToString(*field));
                } else {
                    out << FormatDuration(std::chrono::duration_cast<std::chrono::milliseconds>(*field));
                }
            },
            def.field(copy));
    }
    if (!open_section.empty()) out << YAML::EndMap;
    out << YAML::EndMap;
    return std::string(out.c_str()) + "\n";
}

}  // namespace palisade::config
