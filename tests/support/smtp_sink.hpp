// SPDX-License-Identifier: Apache-2.0
// A minimal SMTP server for tests, on 127.0.0.1 and a free port. It speaks enough of RFC 5321 for libcurl:
// EHLO/HELO (advertises AUTH PLAIN LOGIN, no STARTTLS), AUTH PLAIN/LOGIN, MAIL FROM, RCPT TO, DATA, RSET, NOOP,
// QUIT. Every accepted message is kept in memory. One thread accepts, one thread serves each connection.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace palisade::testing {

struct ReceivedMail {
    std::string helo;                     // the EHLO/HELO argument
    std::string auth_user;                // empty when the client did not authenticate
    std::string auth_password;            // as the client sent it (tests check the mailer sends the right one)
    std::string mail_from;                // the address inside MAIL FROM:<...>
    std::vector<std::string> recipients;  // the addresses inside RCPT TO:<...>
    std::string data;                     // the message as sent, CRLF line endings, dot-stuffing undone

    // The first header called `name` (case-insensitive), unfolded, undecoded; "" when absent.
    std::string Header(std::string_view name) const;
    // The Subject with RFC 2047 encoded words (B and Q) decoded.
    std::string Subject() const;
    // The body with its Content-Transfer-Encoding (quoted-printable, base64) undone and CRLF turned into "\n".
    std::string Body() const;
};

struct SmtpSinkOptions {
    std::string required_password;                 // when set, AUTH must present it (else 535) before MAIL (530)
    std::vector<std::string> rejected_recipients;  // RCPT TO these answers 550
    bool stall_after_data = false;                 // never answer the end of DATA (a relay that hangs mid-way)
};

class SmtpSink {
  public:
    explicit SmtpSink(SmtpSinkOptions options = {});  // listening when it returns; aborts the test if it cannot
    ~SmtpSink();                                      // Stop()
    SmtpSink(const SmtpSink&) = delete;
    SmtpSink& operator=(const SmtpSink&) = delete;

    std::uint16_t Port() const { return port_; }
    std::vector<ReceivedMail> Messages() const;
    // Message number `index` (0-based, arrival order) once it has arrived, or nullopt after `timeout`.
    std::optional<ReceivedMail> WaitForMessage(std::chrono::milliseconds timeout, std::size_t index = 0) const;
    // Closes the listener and every connection and joins the threads. Idempotent.
    void Stop();

  private:
    void AcceptLoop();
    void Serve(int fd);

    SmtpSinkOptions options_;
    int listen_fd_ = -1;
    std::uint16_t port_ = 0;
    std::thread acceptor_;
    mutable std::mutex mu_;
    mutable std::condition_variable arrived_;
    bool stopping_ = false;
    std::vector<int> client_fds_;
    std::vector<std::thread> clients_;
    std::vector<ReceivedMail> messages_;
};

}  // namespace palisade::testing
