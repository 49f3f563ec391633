// SPDX-License-Identifier: Apache-2.0
// A file built into the binary by palisade_embed() (cmake/Palisade.cmake).
#pragma once

#include <cstddef>
#include <string_view>

namespace palisade {

struct EmbeddedFile {
    std::string_view path;  // relative to the embed base folder, '/'-separated
    std::string_view data;
};

}  // namespace palisade
