// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string_view>

namespace palisade {

// The release version ("0.1.0"), from CMake's project(VERSION).
std::string_view Version();

}  // namespace palisade
