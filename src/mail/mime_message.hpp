// SPDX-License-Identifier: Apache-2.0
// Building RFC 5322 / MIME text messages: the pure part of SmtpMailer, kept apart so it can be tested alone.
#pragma once

#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "mail/mailer.hpp"

namespace palisade::mail {

// A mailbox as written in config ("Palisade <palisade@example.com>" or "palisade@example.com").
struct Mailbox {
    std::string display_name;  // may be empty; UTF-8
    std::string address;       // "local@domain"
};

// Splits `text` into display name and address. kInvalidArgument when the address is not IsSafeAddress or the
// name holds control characters (CR, LF, ...).
Result<Mailbox> ParseMailbox(std::string_view text);

// True for a bare ASCII address "local@domain" with no whitespace, control characters or the specials that could
// change the meaning of a header or SMTP command (<>()[],;:\" and spaces). At most 254 bytes.
bool IsSafeAddress(std::string_view address);

// The value of a header: as is when it is short printable ASCII, otherwise RFC 2047 "=?utf-8?B?...?=" words of at
// most 75 characters, split on UTF-8 character boundaries and folded with CRLF SPACE.
// REQUIRES valid UTF-8 without CR/LF.
std::string EncodeHeaderText(std::string_view text);

// Quoted-printable (RFC 2045) with CRLF line endings. Input lines may end in LF or CRLF; lines longer than 76
// characters get soft breaks.
std::string QuotedPrintable(std::string_view text);

// "Fri, 21 Nov 2025 07:20:12 +0000" (RFC 5322 date-time, UTC).
std::string FormatMailDate(TimePoint t);

// The whole message: Date, From, To, Subject, Message-ID (<uuid@from-domain>), MIME-Version, Content-Type
// text/plain; charset=utf-8, Content-Transfer-Encoding quoted-printable, Auto-Submitted, a blank line and the body.
// CRLF line endings; SMTP dot-stuffing is left to the transport. kInvalidArgument when `to` is not a safe address,
// the subject holds CR, LF or other control characters, or subject or body is not valid UTF-8.
Result<std::string> BuildMimeMessage(const MailMessage& message, const Mailbox& from, TimePoint now);

}  // namespace palisade::mail
