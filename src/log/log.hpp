// SPDX-License-Identifier: Apache-2.0
// Logging facade over spdlog. JSON lines in production ("json"), human text for development ("text").
// Never log passwords, tokens, cookies, Authorization headers or raw bodies. Thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace palisade::log {

enum class Level { kTrace, kDebug, kInfo, kWarn, kError };

// A structured field: key and already-formatted value.
using Field = std::pair<std::string_view, std::string>;

// Configure once at start-up. Safe to call again (tests).
void Init(std::string_view level, std::string_view format);
bool Enabled(Level level);

// Writes one event: {"ts":..., "level":..., "msg":..., fields...} or "ts level msg k=v ...".
void Write(Level level, std::string_view msg, std::initializer_list<Field> fields = {});
void Write(Level level, std::string_view msg, const std::vector<Field>& fields);

inline void Info(std::string_view msg, std::initializer_list<Field> f = {}) { Write(Level::kInfo, msg, f); }
inline void Warn(std::string_view msg, std::initializer_list<Field> f = {}) { Write(Level::kWarn, msg, f); }
inline void Error(std::string_view msg, std::initializer_list<Field> f = {}) { Write(Level::kError, msg, f); }
inline void Debug(std::string_view msg, std::initializer_list<Field> f = {}) {
    if (Enabled(Level::kDebug)) Write(Level::kDebug, msg, f);
}

}  // namespace palisade::log
