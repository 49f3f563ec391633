// SPDX-License-Identifier: Apache-2.0
#include "mail/smtp_mailer.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "support/smtp_sink.hpp"

namespace palisade::mail {
namespace {

using namespace std::chrono_literals;
using testing::SmtpSink;
using testing::SmtpSinkOptions;

config::MailConfig ConfigFor(std::uint16_t port) {
    config::MailConfig config;
    config.smtp_host = "127.0.0.1";
    config.smtp_port = port;
    config.security = config::SmtpSecurity::kNone;
    config.username = "mailer";
    config.password = "s3cret-Pa55";
    config.from = "Palisade <noreply@palisade.test>";
    config.timeout = 5s;
    return config;
}

// A loopback socket bound and listening (so connects succeed) that never speaks: a relay that hangs.
class SilentServer {
  public:
    SilentServer() {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof addr;
        EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
        EXPECT_EQ(::listen(fd_, 4), 0);
        EXPECT_EQ(::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len), 0);
        port_ = ntohs(addr.sin_port);
    }
    ~SilentServer() { ::close(fd_); }
    std::uint16_t Port() const { return port_; }

  private:
    int fd_ = -1;
    std::uint16_t port_ = 0;
};

// A loopback port with nothing listening on it.
std::uint16_t ClosedPort() {
    std::uint16_t port = 0;
    {
        SilentServer probe;
        port = probe.Port();
    }
    return port;
}

TEST(SmtpMailer, DeliversToTheRelayWithAuthentication) {
    SmtpSink sink;
    SmtpMailer mailer(ConfigFor(sink.Port()));
    const std::string link = "https://palisade.example/verify-email?token=" + std::string(120, 'T');
    auto sent = mailer.Send({"alice@example.com", "Verify your e-mail", "Hello Alice,\n\nOpen " + link + "\n"});
    ASSERT_TRUE(sent.has_value()) << sent.error().detail;

    auto mail = sink.WaitForMessage(5s);
    ASSERT_TRUE(mail.has_value());
    EXPECT_EQ(mail->auth_user, "mailer");
    EXPECT_EQ(mail->auth_password, "s3cret-Pa55");
    EXPECT_EQ(mail->helo, "palisade.test");
    EXPECT_EQ(mail->mail_from, "noreply@palisade.test");
    EXPECT_EQ(mail->recipients, std::vector<std::string>{"alice@example.com"});
    EXPECT_EQ(mail->Header("From"), "\"Palisade\" <noreply@palisade.test>");
    EXPECT_EQ(mail->Header("To"), "<alice@example.com>");
    EXPECT_EQ(mail->Subject(), "Verify your e-mail");
    EXPECT_EQ(mail->Header("Content-Type"), "text/plain; charset=utf-8");
    EXPECT_FALSE(mail->Header("Date").empty());
    EXPECT_NE(mail->Header("Message-ID").find("@palisade.test>"), std::string::npos);
    EXPECT_NE(mail->Body().find("Open " + link + "\n"), std::string::npos) << mail->Body();
    EXPECT_EQ(sink.Messages().size(), 1u);
}

TEST(SmtpMailer, KeepsNonAsciiSubjectsAndDotLinesIntact) {
    SmtpSink sink;
    SmtpMailer mailer(ConfigFor(sink.Port()));
    const std::string subject = "V\xc3\xa9rifiez votre adresse \xe2\x9c\x93";
    const std::string body = "line one\n.\n..two dots\n.hidden\nr\xc3\xa9sum\xc3\xa9\n";
    ASSERT_TRUE(mailer.Send({"bob@example.com", subject, body}).has_value());
    auto mail = sink.WaitForMessage(5s);
    ASSERT_TRUE(mail.has_value());
    EXPECT_EQ(mail->Subject(), subject);
    EXPECT_EQ(mail->Body().substr(0, body.size()), body);
}

TEST(SmtpMailer, SkipsAuthenticationWithoutAUsername) {
    SmtpSink sink;
    auto config = ConfigFor(sink.Port());
    config.username.clear();
    SmtpMailer mailer(config);
    ASSERT_TRUE(mailer.Send({"bob@example.com", "s", "b"}).has_value());
    auto mail = sink.WaitForMessage(5s);
    ASSERT_TRUE(mail.has_value());
    EXPECT_EQ(mail->auth_user, "");
}

TEST(SmtpMailer, RefusesHeaderInjectionBeforeConnecting) {
    SmtpSink sink;
    SmtpMailer mailer(ConfigFor(sink.Port()));
    for (const MailMessage& m : {MailMessage{"alice@example.com", "Hi\r\nBcc: evil@example.com", "x"},
                                 MailMessage{"alice@example.com\r\nRCPT TO:<evil@example.com>", "Hi", "x"},
                                 MailMessage{"alice@example.com>\nBcc: evil@example.com", "Hi", "x"}}) {
        auto sent = mailer.Send(m);
        ASSERT_FALSE(sent.has_value());
        EXPECT_EQ(sent.error().code, ErrorCode::kInvalidArgument);
    }
    ASSERT_TRUE(mailer.Send({"alice@example.com", "control", "x"}).has_value());  // the sink does work
    ASSERT_TRUE(sink.WaitForMessage(5s).has_value());
    EXPECT_EQ(sink.Messages().size(), 1u);
}

TEST(SmtpMailer, ConnectionRefusedIsUnavailable) {
    SmtpMailer mailer(ConfigFor(ClosedPort()));
    auto sent = mailer.Send({"alice@example.com", "s", "b"});
    ASSERT_FALSE(sent.has_value());
    EXPECT_EQ(sent.error().code, ErrorCode::kUnavailable);
    EXPECT_EQ(sent.error().message, "could not send mail");
    EXPECT_NE(sent.error().detail.find("127.0.0.1"), std::string::npos) << sent.error().detail;
}

TEST(SmtpMailer, RejectedCredentialsAreUnavailableWithoutLeakingThePassword) {
    SmtpSink sink(SmtpSinkOptions{"the-right-one", {}});
    SmtpMailer mailer(ConfigFor(sink.Port()));  // sends "s3cret-Pa55"
    auto sent = mailer.Send({"alice@example.com", "s", "b"});
    ASSERT_FALSE(sent.has_value());
    EXPECT_EQ(sent.error().code, ErrorCode::kUnavailable);
    EXPECT_EQ(sent.error().detail.find("s3cret-Pa55"), std::string::npos) << sent.error().detail;
    EXPECT_EQ(sent.error().message.find("s3cret-Pa55"), std::string::npos);
    EXPECT_TRUE(sink.Messages().empty());

    auto config = ConfigFor(sink.Port());
    config.password = "the-right-one";
    EXPECT_TRUE(SmtpMailer(config).Send({"alice@example.com", "s", "b"}).has_value());  // control
}

TEST(SmtpMailer, RejectedRecipientIsUnavailable) {
    SmtpSink sink(SmtpSinkOptions{"", {"nobody@example.com"}});
    SmtpMailer mailer(ConfigFor(sink.Port()));
    auto sent = mailer.Send({"nobody@example.com", "s", "b"});
    ASSERT_FALSE(sent.has_value());
    EXPECT_EQ(sent.error().code, ErrorCode::kUnavailable);
    EXPECT_NE(sent.error().detail.find("550"), std::string::npos) << sent.error().detail;
    EXPECT_TRUE(sink.Messages().empty());
}

TEST(SmtpMailer, StartTlsIsRequiredWhenConfigured) {
    SmtpSink sink;  // does not offer STARTTLS
    auto config = ConfigFor(sink.Port());
    config.security = config::SmtpSecurity::kStartTls;
    auto sent = SmtpMailer(config).Send({"alice@example.com", "s", "b"});
    ASSERT_FALSE(sent.has_value());
    EXPECT_EQ(sent.error().code, ErrorCode::kUnavailable);
    EXPECT_TRUE(sink.Messages().empty());  // nothing went out in clear text
}

TEST(SmtpMailer, SilentRelayTimesOut) {
    SilentServer server;
    auto config = ConfigFor(server.Port());
    config.timeout = 1s;
    const auto start = std::chrono::steady_clock::now();
    auto sent = SmtpMailer(config).Send({"alice@example.com", "s", "b"});
    const auto took = std::chrono::steady_clock::now() - start;
    ASSERT_FALSE(sent.has_value());
    EXPECT_EQ(sent.error().code, ErrorCode::kUnavailable);
    EXPECT_GE(took, 900ms);
    EXPECT_LT(took, 4s);
}

TEST(SmtpMailer, RelayThatStallsMidTransactionTimesOut) {
    SmtpSink sink(SmtpSinkOptions{"", {}, true});  // greets and accepts everything, then never confirms DATA
    auto config = ConfigFor(sink.Port());
    config.timeout = 1s;
    const auto start = std::chrono::steady_clock::now();
    auto sent = SmtpMailer(config).Send({"alice@example.com", "s", "b"});
    const auto took = std::chrono::steady_clock::now() - start;
    ASSERT_FALSE(sent.has_value());
    EXPECT_EQ(sent.error().code, ErrorCode::kUnavailable);
    EXPECT_NE(sent.error().detail.find("imeout"), std::string::npos) << sent.error().detail;
    EXPECT_GE(took, 900ms);
    EXPECT_LT(took, 4s);
}

TEST(SmtpMailer, UnconfiguredOrMisconfiguredIsAnError) {
    config::MailConfig config;  // no smtp_host
    EXPECT_EQ(SmtpMailer(config).Send({"alice@example.com", "s", "b"}).error().code, ErrorCode::kUnavailable);
    config = ConfigFor(ClosedPort());
    config.from = "Palisade <broken address>";
    EXPECT_EQ(SmtpMailer(config).Send({"alice@example.com", "s", "b"}).error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace palisade::mail
