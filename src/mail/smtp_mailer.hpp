// SPDX-License-Identifier: Apache-2.0
// Mailer over SMTP (libcurl): one connection per message, to the relay in config::MailConfig.
#pragma once

#include "config/config.hpp"
#include "mail/mailer.hpp"

namespace palisade::mail {

class SmtpMailer final : public Mailer {
  public:
    // Copies `config`. Security: kStartTls = smtp:// and STARTTLS is required (fails if the server does not offer
    // it); kTls = smtps:// (implicit TLS); kNone = plain smtp://, for a local relay only. TLS certificates and
    // host names are always verified. Authenticates when `username` is set.
    explicit SmtpMailer(const config::MailConfig& config);

    // See Mailer::Send. kUnavailable also when smtp_host is empty. `detail` carries curl's error and the SMTP
    // reply code; it never holds the password or the body. Nothing is logged here. Thread-safe (one curl handle
    // per call); blocks for up to config.timeout.
    Status Send(const MailMessage& message) override;

  private:
    config::MailConfig config_;
};

}  // namespace palisade::mail
