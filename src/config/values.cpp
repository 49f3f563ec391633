// SPDX-License-Identifier: Apache-2.0
#include "config/values.hpp"

#include <array>
#include <charconv>
#include <cstdint>
#include <limits>

#include "core/strings.hpp"

namespace palisade::config {

namespace {

constexpr std::string_view kDurationHint = "not a duration (seconds, or e.g. 30s, 15m, 24h, 500ms)";
constexpr std::string_view kSizeHint = "not a size (bytes, or e.g. 16KiB, 1MiB)";

struct Unit {
    std::string_view name;
    std::uint64_t factor;
};

// Largest first: FormatDuration/FormatSize pick the first unit that divides the value.
constexpr std::array<Unit, 5> kDurationUnits{
    {{"d", 86'400'000}, {"h", 3'600'000}, {"m", 60'000}, {"s", 1000}, {"ms", 1}}};
constexpr std::array<Unit, 4> kSizeUnits{{{"GiB", 1ull << 30}, {"MiB", 1ull << 20}, {"KiB", 1ull << 10}, {"B", 1}}};

// Reads the leading decimal digits of `text` into `value`; returns how many characters were consumed (0 = none or
// overflow).
std::size_t ReadUnsigned(std::string_view text, std::uint64_t& value) {
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc()) return 0;
    return static_cast<std::size_t>(ptr - text.data());
}

bool MultiplyAdd(std::uint64_t& acc, std::uint64_t value, std::uint64_t factor) {
    std::uint64_t product = 0;
    if (__builtin_mul_overflow(value, factor, &product)) return false;
    return !__builtin_add_overflow(acc, product, &acc);
}

const Unit* FindUnit(std::string_view name, const auto& units) {
    for (const Unit& unit : units) {
        if (unit.name == name) return &unit;
    }
    return nullptr;
}

}  // namespace

Result<int> ParseInt(std::string_view text) {
    int value = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) {
        return Fail(ErrorCode::kInvalidArgument, "not an integer");
    }
    return value;
}

Result<bool> ParseBool(std::string_view text) {
    const std::string lower = ToLower(text);
    if (lower == "true" || lower == "yes" || lower == "on" || lower == "1") return true;
    if (lower == "false" || lower == "no" || lower == "off" || lower == "0") return false;
    return Fail(ErrorCode::kInvalidArgument, "not a boolean (true or false)");
}

Result<std::chrono::milliseconds> ParseDuration(std::string_view text) {
    std::uint64_t value = 0;
    std::size_t used = ReadUnsigned(text, value);
    if (used == 0) return Fail(ErrorCode::kInvalidArgument, std::string(kDurationHint));
    std::uint64_t total_ms = 0;
    if (used == text.size()) {
        if (!MultiplyAdd(total_ms, value, 1000)) return Fail(ErrorCode::kInvalidArgument, "duration too large");
    } else {
        // <integer><unit> parts; each unit ends where the next number (or the text) starts.
        while (!text.empty()) {
            used = ReadUnsigned(text, value);
            if (used == 0) return Fail(ErrorCode::kInvalidArgument, std::string(kDurationHint));
            text.remove_prefix(used);
            const std::size_t unit_len = text.find_first_of("0123456789");
            const Unit* unit = FindUnit(text.substr(0, unit_len), kDurationUnits);
            if (unit == nullptr) return Fail(ErrorCode::kInvalidArgument, std::string(kDurationHint));
            if (!MultiplyAdd(total_ms, value, unit->factor)) {
                return Fail(ErrorCode::kInvalidArgument, "duration too large");
            }
            text.remove_prefix(unit_len == std::string_view::npos ? text.size() : unit_len);
        }
    }
    if (total_ms > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        return Fail(ErrorCode::kInvalidArgument, "duration too large");
    }
    return std::chrono::milliseconds(static_cast<std::int64_t>(total_ms));
}

Result<std::size_t> ParseSize(std::string_view text) {
    std::uint64_t value = 0;
    const std::size_t used = ReadUnsigned(text, value);
    if (used == 0) return Fail(ErrorCode::kInvalidArgument, std::string(kSizeHint));
    const std::string_view suffix = text.substr(used);
    const Unit* unit = suffix.empty() ? &kSizeUnits.back() : FindUnit(suffix, kSizeUnits);
    if (unit == nullptr) return Fail(ErrorCode::kInvalidArgument, std::string(kSizeHint));
    std::uint64_t bytes = 0;
    if (!MultiplyAdd(bytes, value, unit->factor) || bytes > std::numeric_limits<std::size_t>::max()) {
        return Fail(ErrorCode::kInvalidArgument, "size too large");
    }
    return static_cast<std::size_t>(bytes);
}

std::string FormatDuration(std::chrono::milliseconds d) {
    const std::int64_t ms = d.count();
    if (ms == 0) return "0s";
    for (const Unit& unit : kDurationUnits) {
        const auto factor = static_cast<std::int64_t>(unit.factor);
        if (ms % factor == 0) return std::to_string(ms / factor) + std::string(unit.name);
    }
    return std::to_string(ms) + "ms";  // not reached: every value is a multiple of 1ms
}

std::string FormatSize(std::size_t bytes) {
    if (bytes == 0) return "0";
    for (const Unit& unit : kSizeUnits) {
        if (unit.factor > 1 && bytes % unit.factor == 0)
            return std::to_string(bytes / unit.factor) + std::string(unit.name);
    }
    return std::to_string(bytes);
}

std::string_view ToString(SignupMode mode) {
    switch (mode) {
        case SignupMode::kOpen:
            return "open";
        case SignupMode::kInviteOnly:
            return "invite-only";
        case SignupMode::kOff:
            return "off";
    }
    return "off";
}

Result<SignupMode> ParseSignupMode(std::string_view text) {
    for (SignupMode mode : {SignupMode::kOpen, SignupMode::kInviteOnly, SignupMode::kOff}) {
        if (text == ToString(mode)) return mode;
    }
    return Fail(ErrorCode::kInvalidArgument, "must be one of open, invite-only, off");
}

std::string_view ToString(SmtpSecurity security) {
    switch (security) {
        case SmtpSecurity::kStartTls:
            return "starttls";
        case SmtpSecurity::kTls:
            return "tls";
        case SmtpSecurity::kNone:
            return "none";
    }
    return "none";
}

Result<SmtpSecurity> ParseSmtpSecurity(std::string_view text) {
    for (SmtpSecurity security : {SmtpSecurity::kStartTls, SmtpSecurity::kTls, SmtpSecurity::kNone}) {
        if (text == ToString(security)) return security;
    }
    return Fail(ErrorCode::kInvalidArgument, "must be one of starttls, tls, none");
}

}  // namespace palisade::config
