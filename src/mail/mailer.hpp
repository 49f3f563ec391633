// SPDX-License-Identifier: Apache-2.0
// Outgoing e-mail: one plain-text message to one recipient. Implementations: SmtpMailer (mail/smtp_mailer.hpp);
// tests use a fake or SmtpMailer against tests/support/smtp_sink.hpp.
#pragma once

#include <string>

#include "core/result.hpp"

namespace palisade::mail {

struct MailMessage {
    std::string to;         // one bare address, "user@example.com" (no display name, no list)
    std::string subject;    // UTF-8, one line (CR or LF is rejected)
    std::string text_body;  // UTF-8; LF or CRLF line endings. Often holds secrets (links with tokens): never log it.
};

class Mailer {
  public:
    virtual ~Mailer() = default;
    // Hands `message` to the mail system. kInvalidArgument when the message is unsafe or malformed (header
    // injection, bad address, invalid UTF-8); kUnavailable when it could not be delivered to the relay.
    // Blocking (network I/O): call it from the blocking pool or a job, never from an I/O thread.
    virtual Status Send(const MailMessage& message) = 0;
};

}  // namespace palisade::mail
