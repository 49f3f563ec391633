// SPDX-License-Identifier: Apache-2.0
// Long-lived secret keys kept in files under data_dir (jwt.key, secret.key), generated on first start.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

#include "core/result.hpp"

namespace palisade::auth {

// Returns the key stored in `file`: exactly `bytes` raw random bytes (binary, not text; inspect with xxd).
//
// If `file` exists, it must be a regular file (symlinks are followed), readable by us, no wider than 0600 (no
// group/other bits, no execute bit) and exactly `bytes` long; otherwise kInvalidArgument with a message naming
// the file and what to fix. The key is never rewritten.
//
// If it does not exist: parent folders are created, then the key is written to a unique temporary file in the
// same folder (O_CREAT|O_EXCL, mode 0600), fsync'ed, and published with link(2), which fails rather than replace
// an existing file. So when two processes start at once, one key wins and both return it, and no reader ever sees
// a half-written key. I/O failures are kUnavailable, with errno text in `detail`.
//
// REQUIRES bytes > 0. Thread-safe and safe across processes.
Result<std::string> LoadOrCreateKey(const std::filesystem::path& file, std::size_t bytes);

}  // namespace palisade::auth
