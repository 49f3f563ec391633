// SPDX-License-Identifier: Apache-2.0
#include "log/log.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>

#include "core/strings.hpp"
#include "core/time.hpp"

namespace palisade::log {

namespace {

std::atomic<int> g_level{static_cast<int>(Level::kInfo)};
std::atomic<bool> g_json{true};

void AppendJsonString(std::string& out, std::string_view raw) {
    // Values may carry bytes from requests (paths, database errors quoting them): keep every line valid UTF-8.
    const std::string s = SanitizeUtf8(raw);
    out.push_back('"');
    for (unsigned char c : s) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (c < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", c);
                    out += buf;
                } else {
                    out.push_back(static_cast<char>(c));
                }
        }
    }
    out.push_back('"');
}

std::string_view LevelName(Level l) {
    switch (l) {
        case Level::kTrace: return "trace";
        case Level::kDebug: return "debug";
        case Level::kInfo: return "info";
        case Level::kWarn: return "warn";
        case Level::kError: return "error";
    }
    return "info";
}

spdlog::logger& Logger() {
    // stderr, unformatted: the line is built here so both formats share one code path.
    static std::shared_ptr<spdlog::logger> logger = [] {
        auto l = std::make_shared<spdlog::logger>("palisade", std::make_shared<spdlog::sinks::stderr_sink_mt>());
        l->set_pattern("%v");
        l->set_level(spdlog::level::trace);
        l->flush_on(spdlog::level::trace);
        return l;
    }();
    return *logger;
}

template <typename Fields>
void WriteImpl(Level level, std::string_view msg, const Fields& fields) {
    if (!Enabled(level)) return;
    std::string line;
    const std::string ts = FormatTime(std::chrono::system_clock::now());
    if (g_json.load()) {
        line = "{\"ts\":\"" + ts + "\",\"level\":\"" + std::string(LevelName(level)) + "\",\"msg\":";
        AppendJsonString(line, msg);
        for (const auto& [k, v] : fields) {
            line.push_back(',');
            AppendJsonString(line, k);
            line.push_back(':');
            AppendJsonString(line, v);
        }
        line.push_back('}');
    } else {
        // Appended piece by piece: GCC 12 at -O3 reports a false -Wrestrict on chained operator+ here.
        line.append(ts).append(" ").append(LevelName(level)).append(" ").append(msg);
        for (const auto& [k, v] : fields) line.append(" ").append(k).append("=").append(v);
    }
    Logger().log(spdlog::level::info, "{}", line);
}

}  // namespace

void Init(std::string_view level, std::string_view format) {
    Level l = Level::kInfo;
    if (level == "trace") l = Level::kTrace;
    if (level == "debug") l = Level::kDebug;
    if (level == "warn") l = Level::kWarn;
    if (level == "error") l = Level::kError;
    g_level = static_cast<int>(l);
    g_json = format != "text";
}

bool Enabled(Level level) { return static_cast<int>(level) >= g_level.load(); }

void Write(Level level, std::string_view msg, std::initializer_list<Field> fields) { WriteImpl(level, msg, fields); }
void Write(Level level, std::string_view msg, const std::vector<Field>& fields) { WriteImpl(level, msg, fields); }

}  // namespace palisade::log
