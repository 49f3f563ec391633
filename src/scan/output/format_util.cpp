// SPDX-License-Identifier: Apache-2.0
#include "scan/output/format_util.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

#include "core/strings.hpp"

namespace palisade::scan::output::detail {
namespace {

constexpr char kHex[] = "0123456789abcdef";
constexpr char kHexUpper[] = "0123456789ABCDEF";

void AppendJsonString(std::string& out, std::string_view raw) {
    std::string text = SanitizeUtf8(raw);
    out += '"';
    for (char ch : text) {
        auto c = static_cast<unsigned char>(ch);
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (c < 0x20 || c == 0x7f) {
                    out += "\\u00";
                    out += kHex[c >> 4];
                    out += kHex[c & 15];
                } else {
                    out += ch;
                }
        }
    }
    out += '"';
}

void AppendDouble(std::string& out, double d) {
    if (!std::isfinite(d)) {
        out += "null";
        return;
    }
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);
    if (ec != std::errc()) {
        out += "null";
        return;
    }
    std::string_view text(buf, static_cast<std::size_t>(end - buf));
    out += text;
    // Keep the value a JSON "double" for readers that type numbers by their form (5.0, not 5).
    if (text.find_first_of(".eE") == std::string_view::npos) out += ".0";
}

void AppendIndent(std::string& out, int depth) { out.append(static_cast<std::size_t>(depth) * 2, ' '); }

void AppendValue(std::string& out, const boost::json::value& v, int depth) {
    switch (v.kind()) {
        case boost::json::kind::null: out += "null"; break;
        case boost::json::kind::bool_: out += v.get_bool() ? "true" : "false"; break;
        case boost::json::kind::int64: out += std::to_string(v.get_int64()); break;
        case boost::json::kind::uint64: out += std::to_string(v.get_uint64()); break;
        case boost::json::kind::double_: AppendDouble(out, v.get_double()); break;
        case boost::json::kind::string: AppendJsonString(out, v.get_string()); break;
        case boost::json::kind::array: {
            const auto& a = v.get_array();
            if (a.empty()) {
                out += "[]";
                break;
            }
            out += "[\n";
            for (std::size_t i = 0; i < a.size(); ++i) {
                AppendIndent(out, depth + 1);
                AppendValue(out, a[i], depth + 1);
                if (i + 1 < a.size()) out += ',';
                out += '\n';
            }
            AppendIndent(out, depth);
            out += ']';
            break;
        }
        case boost::json::kind::object: {
            const auto& o = v.get_object();
            if (o.empty()) {
                out += "{}";
                break;
            }
            out += "{\n";
            std::size_t i = 0;
            for (const auto& member : o) {
                AppendIndent(out, depth + 1);
                AppendJsonString(out, member.key());
                out += ": ";
                AppendValue(out, member.value(), depth + 1);
                if (++i < o.size()) out += ',';
                out += '\n';
            }
            AppendIndent(out, depth);
            out += '}';
            break;
        }
    }
}

// RFC 3986 unreserved + reserved characters, and '%' (locations may already hold escapes).
bool IsUriChar(unsigned char c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
    constexpr std::string_view kAllowed = "-._~:/?#[]@!$&'()*+,;=%";
    return c != 0 && kAllowed.find(static_cast<char>(c)) != std::string_view::npos;
}

std::string PercentEncode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char ch : text) {
        auto c = static_cast<unsigned char>(ch);
        if (IsUriChar(c)) {
            out += ch;
        } else {
            out += '%';
            out += kHexUpper[c >> 4];
            out += kHexUpper[c & 15];
        }
    }
    return out;
}

bool AllDigits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
    }
    return true;
}

}  // namespace

std::string PrettyJson(const boost::json::value& value) {
    std::string out;
    AppendValue(out, value, 0);
    out += '\n';
    return out;
}

std::string XmlEscape(std::string_view raw, bool attribute) {
    std::string text = SanitizeUtf8(raw);
    std::string out;
    out.reserve(text.size() + 16);
    for (std::size_t i = 0; i < text.size(); ++i) {
        auto c = static_cast<unsigned char>(text[i]);
        switch (c) {
            case '&': out += "&amp;"; continue;
            case '<': out += "&lt;"; continue;
            case '>': out += "&gt;"; continue;
            case '"': out += attribute ? "&quot;" : "\""; continue;
            case '\'': out += attribute ? "&apos;" : "'"; continue;
            case '\t': out += attribute ? "&#9;" : "\t"; continue;
            case '\n': out += attribute ? "&#10;" : "\n"; continue;
            case '\r': out += "&#13;"; continue;
            default: break;
        }
        if (c < 0x20) {
            out += "\\x";
            out += kHex[c >> 4];
            out += kHex[c & 15];
            continue;
        }
        // U+FFFE and U+FFFF (EF BF BE / EF BF BF) are not XML characters.
        if (c == 0xEF && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xBF &&
            (static_cast<unsigned char>(text[i + 2]) == 0xBE || static_cast<unsigned char>(text[i + 2]) == 0xBF)) {
            out += "\xEF\xBF\xBD";
            i += 2;
            continue;
        }
        out += static_cast<char>(c);
    }
    return out;
}

std::string LocationUri(std::string_view location) {
    if (location.empty()) return {};
    if (location.find("://") != std::string_view::npos) return PercentEncode(location);
    if (location.front() == '[') return "tcp://" + PercentEncode(location);
    auto first = location.find(':');
    if (first == std::string_view::npos) return "tcp://" + PercentEncode(location);
    if (location.find(':', first + 1) == std::string_view::npos) {
        // host:port, or something else with one colon (kept as the authority, escaped).
        if (AllDigits(location.substr(first + 1))) return "tcp://" + PercentEncode(location);
        return "tcp://" + PercentEncode(location.substr(0, first)) + "/" + PercentEncode(location.substr(first + 1));
    }
    return "tcp://[" + PercentEncode(location) + "]";  // a bare IPv6 address
}

std::string_view StatusName(ModuleStatus status) {
    switch (status) {
        case ModuleStatus::kDone: return "done";
        case ModuleStatus::kFailed: return "failed";
        case ModuleStatus::kTimedOut: return "timed_out";
        case ModuleStatus::kCancelled: return "cancelled";
        case ModuleStatus::kSkipped: return "skipped";
    }
    return "failed";
}

std::string_view SarifLevel(Severity severity) {
    switch (severity) {
        case Severity::kCritical:
        case Severity::kHigh: return "error";
        case Severity::kMedium: return "warning";
        case Severity::kLow:
        case Severity::kInfo: return "note";
    }
    return "note";
}

std::optional<std::string> SecuritySeverity(Severity severity, std::optional<double> cvss_score) {
    if (cvss_score && *cvss_score > 0) return FormatFixed(std::min(*cvss_score, 10.0), 1);
    switch (severity) {
        case Severity::kCritical: return "9.5";
        case Severity::kHigh: return "8.0";
        case Severity::kMedium: return "5.5";
        case Severity::kLow: return "2.0";
        case Severity::kInfo: return std::nullopt;
    }
    return std::nullopt;
}

std::string FormatFixed(double value, int decimals) {
    if (!std::isfinite(value)) value = 0;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
    return buf;
}

std::string PlainServiceName(std::string_view service, bool tls) {
    if (!tls) return std::string(service);
    static constexpr std::pair<std::string_view, std::string_view> kTlsNames[] = {
        {"https", "http"}, {"imaps", "imap"}, {"pop3s", "pop3"}, {"smtps", "smtp"}, {"ftps", "ftp"},
        {"ldaps", "ldap"}, {"ircs", "irc"},   {"nntps", "nntp"}, {"telnets", "telnet"},
    };
    for (const auto& [wrapped, plain] : kTlsNames) {
        if (service == wrapped) return std::string(plain);
    }
    return std::string(service);
}

}  // namespace palisade::scan::output::detail
