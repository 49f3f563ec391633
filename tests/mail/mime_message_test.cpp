// SPDX-License-Identifier: Apache-2.0
#include "mail/mime_message.hpp"

#include <gtest/gtest.h>

#include "core/strings.hpp"
#include "core/time.hpp"
#include "support/smtp_sink.hpp"

namespace palisade::mail {
namespace {

const TimePoint kNow = FromUnixSeconds(1767225600);  // Thu, 01 Jan 2026 00:00:00 UTC
const Mailbox kFrom{"Palisade", "noreply@palisade.test"};

// Decodes a built message the way the test SMTP sink does.
testing::ReceivedMail Received(const std::string& data) {
    testing::ReceivedMail mail;
    mail.data = data;
    return mail;
}

TEST(MimeMessage, ParsesMailboxesFromConfig) {
    auto box = ParseMailbox("Palisade <palisade@localhost>");
    ASSERT_TRUE(box.has_value());
    EXPECT_EQ(box->display_name, "Palisade");
    EXPECT_EQ(box->address, "palisade@localhost");
    box = ParseMailbox("  \"Acme, Inc.\" <ops@acme.example> ");
    ASSERT_TRUE(box.has_value());
    EXPECT_EQ(box->display_name, "Acme, Inc.");
    box = ParseMailbox("bare@example.com");
    ASSERT_TRUE(box.has_value());
    EXPECT_EQ(box->display_name, "");
    EXPECT_EQ(box->address, "bare@example.com");
    EXPECT_FALSE(ParseMailbox("Evil\r\nBcc: x@y.z <a@b.c>").has_value());
    EXPECT_FALSE(ParseMailbox("Name <not an address>").has_value());
    EXPECT_FALSE(ParseMailbox("").has_value());
}

TEST(MimeMessage, SafeAddressesAreBareAscii) {
    EXPECT_TRUE(IsSafeAddress("alice@example.com"));
    EXPECT_TRUE(IsSafeAddress("a.b+tag@sub.example.co.uk"));
    for (std::string bad : {"", "alice", "@example.com", "alice@", "a b@c.d", "a@b.c\r\nRCPT TO:<x@y.z>", "a@b.c\n",
                            "<a@b.c>", "a@b.c,d@e.f", "a@b.c;", "\"a\"@b.c",
                            "al\xc3\xaf"
                            "ce@b.c"}) {
        EXPECT_FALSE(IsSafeAddress(bad)) << bad;
    }
    EXPECT_FALSE(IsSafeAddress(std::string(250, 'a') + "@b.cd"));
}

TEST(MimeMessage, EncodesNonAsciiHeadersAsShortEncodedWords) {
    EXPECT_EQ(EncodeHeaderText("Verify your address"), "Verify your address");
    const std::string subject =
        "V\xc3\xa9rifiez votre adresse \xe2\x9c\x93 " + std::string(40, 'x') + " \xc3\xa9t\xc3\xa9";
    const std::string encoded = EncodeHeaderText(subject);
    EXPECT_EQ(encoded.rfind("=?utf-8?B?", 0), 0u);
    for (std::string_view line : Split(encoded, '\n')) {
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        EXPECT_LE(Trim(line).size(), 75u) << line;
    }
    EXPECT_EQ(Received("Subject: " + encoded + "\r\n\r\n").Subject(), subject);
    // ASCII that merely looks like an encoded word is encoded, so it is not decoded by mistake.
    EXPECT_NE(EncodeHeaderText("=?utf-8?B?SGk=?="), "=?utf-8?B?SGk=?=");
    const std::string long_ascii(200, 'a');
    EXPECT_EQ(Received("Subject: " + EncodeHeaderText(long_ascii) + "\r\n\r\n").Subject(), long_ascii);
}

TEST(MimeMessage, QuotedPrintableEscapesAndWrapsLines) {
    EXPECT_EQ(QuotedPrintable("a=b"), "a=3Db");
    EXPECT_EQ(QuotedPrintable("caf\xc3\xa9"), "caf=C3=A9");
    EXPECT_EQ(QuotedPrintable("trailing \nx"), "trailing=20\r\nx");
    EXPECT_EQ(QuotedPrintable("one\r\ntwo\nthree"), "one\r\ntwo\r\nthree");
    const std::string url = "https://palisade.example/verify?token=" + std::string(200, 'T');
    const std::string encoded = QuotedPrintable(url);
    for (std::string_view line : Split(encoded, '\n')) EXPECT_LE(line.size(), 77u);  // 76 + '\r'
    EXPECT_EQ(Received("Content-Transfer-Encoding: quoted-printable\r\n\r\n" + encoded).Body(), url);
}

TEST(MimeMessage, FormatsRfc5322Dates) {
    EXPECT_EQ(FormatMailDate(FromUnixSeconds(0)), "Thu, 01 Jan 1970 00:00:00 +0000");
    EXPECT_EQ(FormatMailDate(kNow + std::chrono::seconds(3723)), "Thu, 01 Jan 2026 01:02:03 +0000");
}

TEST(MimeMessage, BuildsACompleteTextMessage) {
    auto built = BuildMimeMessage({"alice@example.com", "Welcome", "Hello\n.\nBye"}, kFrom, kNow);
    ASSERT_TRUE(built.has_value());
    const auto mail = Received(*built);
    EXPECT_EQ(mail.Header("Date"), "Thu, 01 Jan 2026 00:00:00 +0000");
    EXPECT_EQ(mail.Header("From"), "\"Palisade\" <noreply@palisade.test>");
    EXPECT_EQ(mail.Header("To"), "<alice@example.com>");
    EXPECT_EQ(mail.Header("Subject"), "Welcome");
    EXPECT_EQ(mail.Header("MIME-Version"), "1.0");
    EXPECT_EQ(mail.Header("Content-Type"), "text/plain; charset=utf-8");
    EXPECT_EQ(mail.Header("Content-Transfer-Encoding"), "quoted-printable");
    EXPECT_EQ(mail.Header("Auto-Submitted"), "auto-generated");
    const std::string id = mail.Header("Message-ID");
    EXPECT_EQ(id.front(), '<');
    EXPECT_NE(id.find("@palisade.test>"), std::string::npos) << id;
    EXPECT_EQ(mail.Body(), "Hello\n.\nBye\n");
    for (std::size_t i = 0; i < built->size(); ++i) {
        if ((*built)[i] == '\n') {
            ASSERT_TRUE(i > 0 && (*built)[i - 1] == '\r') << "bare LF at " << i;
        }
    }
    auto other = BuildMimeMessage({"alice@example.com", "Welcome", "x"}, kFrom, kNow);
    EXPECT_NE(Received(*other).Header("Message-ID"), id);
}

TEST(MimeMessage, RefusesHeaderInjectionAndBadInput) {
    const auto expect_invalid = [](const MailMessage& m, std::string_view field) {
        auto built = BuildMimeMessage(m, kFrom, kNow);
        ASSERT_FALSE(built.has_value());
        EXPECT_EQ(built.error().code, ErrorCode::kInvalidArgument);
        EXPECT_EQ(built.error().field, field);
    };
    expect_invalid({"alice@example.com", "Hi\r\nBcc: evil@example.com", "x"}, "subject");
    expect_invalid({"alice@example.com", "Hi\nBcc: evil@example.com", "x"}, "subject");
    expect_invalid({"alice@example.com", "Hi\rthere", "x"}, "subject");
    expect_invalid({"alice@example.com", std::string("Hi\0", 3), "x"}, "subject");
    expect_invalid({"alice@example.com\r\nBcc: evil@example.com", "Hi", "x"}, "to");
    expect_invalid({"Alice <alice@example.com>", "Hi", "x"}, "to");
    expect_invalid({"alice@example.com", "Hi \xff", "x"}, "subject");
    expect_invalid({"alice@example.com", "Hi", "body \xc0\xaf"}, "text_body");
    EXPECT_TRUE(BuildMimeMessage({"alice@example.com", "Tab\tis fine", "x"}, kFrom, kNow).has_value());
}

TEST(MimeMessage, EncodesNonAsciiDisplayNames) {
    auto built = BuildMimeMessage({"a@b.cd", "s", "x"},
                                  Mailbox{"S\xc3\xa9"
                                          "curit\xc3\xa9",
                                          "sec@b.cd"},
                                  kNow);
    ASSERT_TRUE(built.has_value());
    const std::string from = Received(*built).Header("From");
    EXPECT_EQ(from.rfind("=?utf-8?B?", 0), 0u) << from;
    EXPECT_NE(from.find(" <sec@b.cd>"), std::string::npos) << from;
}

}  // namespace
}  // namespace palisade::mail
