// SPDX-License-Identifier: Apache-2.0
#include "config/flags.hpp"

#include <CLI/CLI.hpp>

namespace palisade::config {

namespace {

void AddKeyFlag(CLI::App& app, std::map<std::string, std::string>& flags, const std::string& name,
                const std::string& key, const std::string& value_name, const std::string& help) {
    app.add_option_function<std::string>(
           name, [&flags, key](const std::string& value) { flags[key] = value; }, help + " (" + key + ")")
        ->type_name(value_name);
}

}  // namespace

void AddConfigFlags(CLI::App& app, std::map<std::string, std::string>& flags, std::string& config_file) {
    app.add_option("--config", config_file, "YAML configuration file (default: $PALISADE_CONFIG)")->type_name("FILE");
    // Registered before the named flags: CLI11 runs callbacks in registration order, so --listen etc. win.
    const CLI::Validator key_value(
        [](std::string& text) -> std::string {
            const std::size_t eq = text.find('=');
            return eq == std::string::npos || eq == 0 ? "expected KEY=VALUE, got '" + text + "'" : std::string();
        },
        "KEY=VALUE", "key_value");
    app.add_option_function<std::vector<std::string>>(
           "--set",
           [&flags](const std::vector<std::string>& items) {
               for (const std::string& item : items) {
                   const std::size_t eq = item.find('=');
                   flags[item.substr(0, eq)] = item.substr(eq + 1);
               }
           },
           "Set any configuration key, e.g. --set server.max_body_bytes=4MiB (repeatable)")
        ->type_name("KEY=VALUE")
        ->check(key_value)
        ->allow_extra_args(false);
    AddKeyFlag(app, flags, "--listen", "server.listen", "ADDR:PORT", "Address to listen on");
    AddKeyFlag(app, flags, "--database", "store.database_url", "URL", "sqlite://PATH or postgresql://...");
    AddKeyFlag(app, flags, "--data-dir", "data_dir", "DIR", "Directory for keys and local state");
    AddKeyFlag(app, flags, "--log-level", "log.level", "LEVEL", "trace, debug, info, warn or error");
    AddKeyFlag(app, flags, "--log-format", "log.format", "FORMAT", "json or text");
}

}  // namespace palisade::config
