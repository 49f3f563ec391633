// SPDX-License-Identifier: Apache-2.0
#include "mail/mime_message.hpp"

#include <sodium.h>

#include <cstdio>
#include <ctime>

#include "core/crypto.hpp"
#include "core/strings.hpp"
#include "core/time.hpp"

namespace palisade::mail {
namespace {

constexpr std::size_t kMaxEncodedChunk = 45;  // bytes per encoded word: 60 base64 chars + 12 = 72 <= 75

bool HasControl(std::string_view s, bool allow_tab) {
    for (unsigned char c : s) {
        if ((c < 0x20 && !(allow_tab && c == '\t')) || c == 0x7F) return true;
    }
    return false;
}

bool IsPrintableAscii(std::string_view s) {
    for (unsigned char c : s) {
        if (c < 0x20 || c > 0x7E) return false;
    }
    return true;
}

std::string Base64(std::string_view bytes) {
    std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                      sodium_base64_VARIANT_ORIGINAL);
    out.resize(out.size() - 1);  // the terminating NUL
    return out;
}

// Length of the longest prefix of `s` of at most `max` bytes that ends on a UTF-8 character boundary.
std::size_t Utf8Prefix(std::string_view s, std::size_t max) {
    if (s.size() <= max) return s.size();
    std::size_t n = max;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
    return n;
}

std::string FormatMailbox(const Mailbox& box) {
    if (box.display_name.empty()) return "<" + box.address + ">";
    if (!IsPrintableAscii(box.display_name)) return EncodeHeaderText(box.display_name) + " <" + box.address + ">";
    std::string quoted = "\"";
    for (char c : box.display_name) {
        if (c == '"' || c == '\\') quoted.push_back('\\');
        quoted.push_back(c);
    }
    return quoted + "\" <" + box.address + ">";
}

void AppendQuotedPrintableLine(std::string_view line, std::string& out) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::size_t column = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const auto c = static_cast<unsigned char>(line[i]);
        const bool last = i + 1 == line.size();
        const bool literal = (c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !last);
        const std::size_t width = literal ? 1 : 3;
        if (column + width > 75) {  // 75 + the '=' of the soft break = 76
            out += "=\r\n";
            column = 0;
        }
        if (literal) {
            out.push_back(static_cast<char>(c));
        } else {
            out += '=';
            out += kHex[c >> 4];
            out += kHex[c & 0x0F];
        }
        column += width;
    }
}

}  // namespace

bool IsSafeAddress(std::string_view address) {
    if (address.empty() || address.size() > 254) return false;
    const std::size_t at = address.rfind('@');
    if (at == std::string_view::npos || at == 0 || at + 1 == address.size()) return false;
    for (unsigned char c : address) {
        if (c <= 0x20 || c >= 0x7F) return false;
        if (std::string_view("<>()[],;:\\\"").find(static_cast<char>(c)) != std::string_view::npos) return false;
    }
    return true;
}

Result<Mailbox> ParseMailbox(std::string_view text) {
    text = Trim(text);
    Mailbox box;
    const std::size_t open = text.rfind('<');
    if (open != std::string_view::npos && !text.empty() && text.back() == '>') {
        std::string_view name = Trim(text.substr(0, open));
        if (name.size() >= 2 && name.front() == '"' && name.back() == '"') name = name.substr(1, name.size() - 2);
        box.display_name = std::string(name);
        box.address = std::string(text.substr(open + 1, text.size() - open - 2));
    } else {
        box.address = std::string(text);
    }
    if (!IsSafeAddress(box.address)) return Fail(ErrorCode::kInvalidArgument, "invalid e-mail address");
    if (HasControl(box.display_name, false) || !IsValidUtf8(box.display_name)) {
        return Fail(ErrorCode::kInvalidArgument, "invalid display name in e-mail address");
    }
    return box;
}

std::string EncodeHeaderText(std::string_view text) {
    // "Subject: " plus the text fits in a 78-character line: no encoding needed unless it looks like one.
    if (IsPrintableAscii(text) && text.size() <= 68 && text.find("=?") == std::string_view::npos) {
        return std::string(text);
    }
    std::string out;
    while (!text.empty()) {
        std::size_t n = Utf8Prefix(text, kMaxEncodedChunk);
        if (n == 0) n = 1;  // cannot happen for valid UTF-8; never loop forever
        if (!out.empty()) out += "\r\n ";
        out += "=?utf-8?B?" + Base64(text.substr(0, n)) + "?=";
        text.remove_prefix(n);
    }
    return out;
}

std::string QuotedPrintable(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    bool first = true;
    for (std::string_view line : Split(text, '\n')) {
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (!first) out += "\r\n";
        first = false;
        AppendQuotedPrintableLine(line, out);
    }
    return out;
}

std::string FormatMailDate(TimePoint t) {
    const std::time_t secs = static_cast<std::time_t>(ToUnixSeconds(t));
    std::tm tm{};
    gmtime_r(&secs, &tm);
    static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[tm.tm_wday], tm.tm_mday,
                  kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
    return buf;
}

Result<std::string> BuildMimeMessage(const MailMessage& message, const Mailbox& from, TimePoint now) {
    if (!IsSafeAddress(message.to)) return FailField("to", "invalid recipient address");
    if (!IsSafeAddress(from.address)) return FailField("from", "invalid sender address");
    if (HasControl(message.subject, true) || !IsValidUtf8(message.subject)) {
        return FailField("subject", "subject must be one line of UTF-8 text");
    }
    if (!IsValidUtf8(message.text_body)) return FailField("text_body", "mail body must be UTF-8 text");

    const std::string domain = from.address.substr(from.address.rfind('@') + 1);
    std::string out;
    out += "Date: " + FormatMailDate(now) + "\r\n";
    out += "From: " + FormatMailbox(from) + "\r\n";
    out += "To: <" + message.to + ">\r\n";
    out += "Subject: " + EncodeHeaderText(message.subject) + "\r\n";
    out += "Message-ID: <" + NewUuidV7(now) + "@" + domain + ">\r\n";
    out += "MIME-Version: 1.0\r\n";
    out += "Content-Type: text/plain; charset=utf-8\r\n";
    out += "Content-Transfer-Encoding: quoted-printable\r\n";
    out += "Auto-Submitted: auto-generated\r\n";
    out += "\r\n";
    out += QuotedPrintable(message.text_body);
    out += "\r\n";
    return out;
}

}  // namespace palisade::mail
