// SPDX-License-Identifier: Apache-2.0
// The SMTP sink is test support, but mail tests rely on it to tell the truth: check it with a raw client.
#include "support/smtp_sink.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace palisade::testing {
namespace {

using namespace std::chrono_literals;

class RawClient {
  public:
    explicit RawClient(std::uint16_t port) {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        addr.sin_port = htons(port);
        EXPECT_EQ(::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
        timeval timeout{5, 0};
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    }
    ~RawClient() { ::close(fd_); }

    // Sends `line` + CRLF (unless empty) and returns the whole reply, all of its lines.
    std::string Say(const std::string& line) {
        if (!line.empty()) {
            const std::string out = line + "\r\n";
            EXPECT_EQ(::send(fd_, out.data(), out.size(), MSG_NOSIGNAL), static_cast<ssize_t>(out.size()));
        }
        std::string reply;
        while (true) {
            const std::size_t lf = buffer_.find('\n');
            if (lf != std::string::npos) {
                const std::string l = buffer_.substr(0, lf + 1);
                buffer_.erase(0, lf + 1);
                reply += l;
                if (l.size() >= 4 && l[3] == ' ') return reply;  // "250 ..." ends a reply, "250-..." does not
                continue;
            }
            char chunk[1024];
            const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
            if (n <= 0) return reply + "<closed>";
            buffer_.append(chunk, static_cast<std::size_t>(n));
        }
    }

  private:
    int fd_ = -1;
    std::string buffer_;
};

TEST(SmtpSink, SpeaksEnoughSmtpForAuthLoginAndUndoesDotStuffing) {
    SmtpSink sink;
    RawClient c(sink.Port());
    EXPECT_EQ(c.Say("").substr(0, 4), "220 ");
    const std::string ehlo = c.Say("EHLO client.test");
    EXPECT_NE(ehlo.find("250-AUTH PLAIN LOGIN"), std::string::npos) << ehlo;
    EXPECT_EQ(ehlo.find("STARTTLS"), std::string::npos);
    EXPECT_EQ(c.Say("AUTH LOGIN").substr(0, 4), "334 ");
    EXPECT_EQ(c.Say("dXNlcg==").substr(0, 4), "334 ");  // "user"
    EXPECT_EQ(c.Say("cGFzcw==").substr(0, 4), "235 ");  // "pass"
    EXPECT_EQ(c.Say("MAIL FROM:<from@example.com> SIZE=100").substr(0, 4), "250 ");
    EXPECT_EQ(c.Say("RCPT TO:<a@example.com>").substr(0, 4), "250 ");
    EXPECT_EQ(c.Say("rcpt to:<b@example.com>").substr(0, 4), "250 ");
    EXPECT_EQ(c.Say("DATA").substr(0, 4), "354 ");
    EXPECT_EQ(c.Say("Subject: hi\r\n\r\n..starts with a dot\r\n...\r\nend\r\n.").substr(0, 4), "250 ");
    EXPECT_EQ(c.Say("QUIT").substr(0, 4), "221 ");

    auto mail = sink.WaitForMessage(5s);
    ASSERT_TRUE(mail.has_value());
    EXPECT_EQ(mail->helo, "client.test");
    EXPECT_EQ(mail->auth_user, "user");
    EXPECT_EQ(mail->auth_password, "pass");
    EXPECT_EQ(mail->mail_from, "from@example.com");
    EXPECT_EQ(mail->recipients, (std::vector<std::string>{"a@example.com", "b@example.com"}));
    EXPECT_EQ(mail->data, "Subject: hi\r\n\r\n.starts with a dot\r\n..\r\nend\r\n");
    EXPECT_EQ(mail->Body(), ".starts with a dot\n..\nend\n");
}

TEST(SmtpSink, AuthPlainAndRequiredPassword) {
    SmtpSink sink(SmtpSinkOptions{"pass", {}});
    RawClient c(sink.Port());
    c.Say("");
    c.Say("EHLO x");
    EXPECT_EQ(c.Say("MAIL FROM:<f@example.com>").substr(0, 4), "530 ");
    EXPECT_EQ(c.Say("AUTH PLAIN AHVzZXIAd3Jvbmc=").substr(0, 4), "535 ");  // \0user\0wrong
    EXPECT_EQ(c.Say("AUTH PLAIN").substr(0, 4), "334 ");
    EXPECT_EQ(c.Say("AHVzZXIAcGFzcw==").substr(0, 4), "235 ");  // \0user\0pass
    EXPECT_EQ(c.Say("MAIL FROM:<f@example.com>").substr(0, 4), "250 ");
}

TEST(SmtpSink, EnforcesCommandOrderAndRset) {
    SmtpSink sink(SmtpSinkOptions{"", {"gone@example.com"}});
    RawClient c(sink.Port());
    c.Say("");
    c.Say("HELO x");
    EXPECT_EQ(c.Say("RCPT TO:<a@example.com>").substr(0, 4), "503 ");
    EXPECT_EQ(c.Say("DATA").substr(0, 4), "503 ");
    EXPECT_EQ(c.Say("MAIL FROM:<f@example.com>").substr(0, 4), "250 ");
    EXPECT_EQ(c.Say("RCPT TO:<gone@example.com>").substr(0, 4), "550 ");
    EXPECT_EQ(c.Say("RCPT TO:<a@example.com>").substr(0, 4), "250 ");
    EXPECT_EQ(c.Say("RSET").substr(0, 4), "250 ");
    EXPECT_EQ(c.Say("DATA").substr(0, 4), "503 ");
    EXPECT_EQ(c.Say("NOOP").substr(0, 4), "250 ");
    EXPECT_EQ(c.Say("BOGUS").substr(0, 4), "502 ");
    EXPECT_TRUE(sink.Messages().empty());
}

TEST(SmtpSink, WaitForMessageTimesOut) {
    SmtpSink sink;
    const auto start = std::chrono::steady_clock::now();
    EXPECT_FALSE(sink.WaitForMessage(100ms).has_value());
    EXPECT_GE(std::chrono::steady_clock::now() - start, 100ms);
}

TEST(SmtpSink, StopEndsOpenConnections) {
    auto sink = std::make_unique<SmtpSink>();
    RawClient c(sink->Port());
    c.Say("");
    const auto start = std::chrono::steady_clock::now();
    sink.reset();  // must not wait for the idle client's 10-second timeout
    EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
    EXPECT_NE(c.Say("NOOP").find("<closed>"), std::string::npos);
}

TEST(ReceivedMail, DecodesHeadersAndBodies) {
    ReceivedMail mail;
    mail.data =
        "subject: =?UTF-8?Q?caf=C3=A9_ok?= =?utf-8?B?IOKckw==?=\r\n"
        "  and more\r\n"
        "X-Folded: a\r\n\tb\r\n"
        "Content-Transfer-Encoding: base64\r\n"
        "\r\n"
        "aGVsbG8K\r\n";
    EXPECT_EQ(mail.Subject(), "caf\xc3\xa9 ok \xe2\x9c\x93  and more");
    EXPECT_EQ(mail.Header("x-folded"), "a\tb");
    EXPECT_EQ(mail.Header("missing"), "");
    EXPECT_EQ(mail.Body(), "hello\n");
}

}  // namespace
}  // namespace palisade::testing
