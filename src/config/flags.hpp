// SPDX-License-Identifier: Apache-2.0
// The configuration flags every `palisade` subcommand that loads a Config shares. The only config TU that includes
// CLI11; loader.hpp stays free of it.
#pragma once

#include <map>
#include <string>

namespace CLI {
class App;
}

namespace palisade::config {

// Registers on `app`:
//   --config FILE          -> config_file (empty when not given; see CollectSources for the PALISADE_CONFIG fallback)
//   --listen ADDR:PORT     -> flags["server.listen"]
//   --database URL         -> flags["store.database_url"]
//   --data-dir DIR         -> flags["data_dir"]
//   --log-level LEVEL      -> flags["log.level"]
//   --log-format FORMAT    -> flags["log.format"]
//   --set KEY=VALUE        -> flags[KEY] = VALUE; repeatable, any dotted key (see loader.hpp), e.g.
//                             --set server.max_body_bytes=4MiB --set auth.signup=open
// Values are checked by LoadConfig, not here, so every source reports problems the same way; only the KEY=VALUE
// shape of --set is checked at parse time. The named flags win over --set for the same key.
// `flags` and `config_file` are written while `app` parses and must outlive that parse.
void AddConfigFlags(CLI::App& app, std::map<std::string, std::string>& flags, std::string& config_file);

}  // namespace palisade::config
