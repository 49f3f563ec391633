// SPDX-License-Identifier: Apache-2.0
// The SSRF guard of webhooks: which addresses are refused, how URLs are parsed, which address is pinned, and the
// signature format (checked against a vector computed independently, with Python's hmac module).
#include "notifications/url_guard.hpp"

#include <gtest/gtest.h>

#include <map>

#include "core/crypto.hpp"
#include "notifications/webhook_sender.hpp"

namespace palisade::notifications {
namespace {

Resolver FakeDns(std::map<std::string, std::vector<std::string>> answers) {
    return [answers](const std::string& host) -> Result<std::vector<std::string>> {
        auto it = answers.find(host);
        if (it == answers.end()) return Fail(ErrorCode::kUnavailable, "host could not be resolved", "NXDOMAIN");
        return it->second;
    };
}

TEST(UrlGuard, RefusesInternalAddresses) {
    const Resolver system = SystemResolver();  // "localhost" comes from /etc/hosts
    for (const char* url : {"http://127.0.0.1/hook",
                            "http://127.1.2.3:8080/",
                            "http://10.1.2.3/",
                            "http://172.16.0.1/",
                            "http://192.168.1.1/",
                            "http://169.254.169.254/latest/meta-data/",
                            "http://100.64.0.1/",
                            "http://0.0.0.0/",
                            "http://224.0.0.1/",
                            "http://255.255.255.255/",
                            "http://[::1]/",
                            "http://[::]/",
                            "http://[::ffff:127.0.0.1]/",
                            "http://[::ffff:10.0.0.1]/",
                            "http://[::ffff:169.254.169.254]/",
                            "http://[fe80::1]/",
                            "http://[fc00::1]/",
                            "http://[fd12:3456::1]/",
                            "http://[ff02::1]/",
                            "http://[64:ff9b::7f00:1]/",
                            "http://[2002:7f00:1::1]/",
                            "http://[::127.0.0.1]/",
                            "http://localhost:8080/hook",
                            "https://LOCALHOST/"}) {
        auto r = CheckWebhookUrl(url, false, system);
        ASSERT_FALSE(r.has_value()) << url;
        EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument) << url;
        EXPECT_EQ(r.error().field, "url") << url;
        EXPECT_EQ(r.error().detail, kUrlRefused) << url << ": " << r.error().message;
    }
}

TEST(UrlGuard, NamesTheAddressAndTheReason) {
    auto r = CheckWebhookUrl("http://169.254.169.254/", false, SystemResolver());
    ASSERT_FALSE(r.has_value());
    EXPECT_NE(r.error().message.find("169.254.169.254"), std::string::npos) << r.error().message;
    EXPECT_NE(r.error().message.find("link-local"), std::string::npos) << r.error().message;
    r = CheckWebhookUrl("http://[::ffff:127.0.0.1]/", false, SystemResolver());
    ASSERT_FALSE(r.has_value());
    EXPECT_NE(r.error().message.find("IPv4-mapped loopback"), std::string::npos) << r.error().message;
}

TEST(UrlGuard, AllowPrivateLetsThemThrough) {
    for (const char* url : {"http://127.0.0.1:9/hook", "http://10.1.2.3/", "http://169.254.169.254/", "http://[::1]/",
                            "http://[::ffff:127.0.0.1]/", "http://localhost:8080/"}) {
        auto r = CheckWebhookUrl(url, true, SystemResolver());
        ASSERT_TRUE(r.has_value()) << url << ": " << r.error().message;
        EXPECT_FALSE(r->pinned.empty());
    }
}

TEST(UrlGuard, AcceptsPublicAddresses) {
    auto r = CheckWebhookUrl("https://93.184.216.34/hooks?x=1", false, SystemResolver());
    ASSERT_TRUE(r.has_value()) << r.error().message;
    EXPECT_EQ(r->pinned, "93.184.216.34");
    EXPECT_EQ(r->url.port, 443);
    r = CheckWebhookUrl("http://[2606:4700::1111]:8443/", false, SystemResolver());
    ASSERT_TRUE(r.has_value()) << r.error().message;
    EXPECT_EQ(r->pinned, "2606:4700::1111");
    EXPECT_EQ(r->url.port, 8443);
}

TEST(UrlGuard, EveryResolvedAddressMustBePublic) {
    const Resolver dns = FakeDns(
        {{"mixed.example", {"93.184.216.34", "10.0.0.7"}}, {"public.example", {"2606:4700::1111", "93.184.216.34"}}});
    auto r = CheckWebhookUrl("https://mixed.example/", false, dns);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().detail, kUrlRefused);
    EXPECT_NE(r.error().message.find("10.0.0.7"), std::string::npos);
    r = CheckWebhookUrl("https://Public.Example/", false, dns);
    ASSERT_TRUE(r.has_value()) << r.error().message;
    EXPECT_EQ(r->url.host, "public.example");
    EXPECT_EQ(r->pinned, "93.184.216.34");  // IPv4 first
    EXPECT_EQ(r->addresses.size(), 2u);
}

TEST(UrlGuard, UnresolvableHostIsItsOwnError) {
    auto r = CheckWebhookUrl("https://nowhere.example/", false, FakeDns({}));
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().detail, kUrlUnresolved);
    EXPECT_EQ(r.error().field, "url");
}

TEST(UrlGuard, RejectsMalformedUrls) {
    const Resolver dns = FakeDns({{"example.com", {"93.184.216.34"}}});
    for (const char* url : {"", "example.com/hook", "ftp://example.com/", "file:///etc/passwd", "gopher://example.com/",
                            "http://user:secret@example.com/", "http://user@example.com/", "https://example.com/#frag",
                            "http:///nohost", "http://exa mple.com/", "http://example.com:0/",
                            "http://example.com:99999/", "http://[v1.fe80::a]/", "http://ex%41mple.com/",
                            "https://b\xc3\xbc"
                            "cher.example/",
                            "javascript:alert(1)"}) {
        auto r = CheckWebhookUrl(url, true, dns);
        ASSERT_FALSE(r.has_value()) << url;
        EXPECT_EQ(r.error().field, "url") << url;
        EXPECT_TRUE(r.error().detail.empty()) << url << ": " << r.error().detail;
    }
    EXPECT_TRUE(ParseWebhookUrl("https://xn--bcher-kva.example/hook").has_value());
    EXPECT_FALSE(ParseWebhookUrl(std::string(3000, 'a')).has_value());
}

TEST(UrlGuard, ClassifiesAddresses) {
    EXPECT_EQ(AddressRefusal("8.8.8.8"), "");
    EXPECT_EQ(AddressRefusal("2001:4860:4860::8888"), "");
    EXPECT_EQ(AddressRefusal("172.32.0.1"), "");   // just outside 172.16/12
    EXPECT_EQ(AddressRefusal("100.128.0.1"), "");  // just outside 100.64/10
    EXPECT_EQ(AddressRefusal("127.0.0.1"), "loopback");
    EXPECT_EQ(AddressRefusal("172.31.255.255"), "private");
    EXPECT_EQ(AddressRefusal("100.127.255.255"), "shared (100.64/10)");
    EXPECT_EQ(AddressRefusal("fe80::1"), "link-local");
    EXPECT_EQ(AddressRefusal("fc00::1"), "unique-local");
    EXPECT_EQ(AddressRefusal("::ffff:8.8.8.8"), "");
    EXPECT_EQ(AddressRefusal("::ffff:192.168.0.1"), "IPv4-mapped private");
    EXPECT_EQ(AddressRefusal("localhost"), "not an IP address");
}

TEST(WebhookSignature, MatchesAnIndependentVector) {
    ASSERT_TRUE(InitCrypto());
    // python3 -c 'import
    // hmac,hashlib;print(hmac.new(b"whsec_test",b"1700000000.{\"a\":1}",hashlib.sha256).hexdigest())'
    EXPECT_EQ(SignatureHeader("whsec_test", 1700000000, R"({"a":1})"),
              "sha256=38877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789");
    const std::string base = SignatureHeader("whsec_test", 1700000000, R"({"a":1})");
    EXPECT_NE(SignatureHeader("whsec_test", 1700000001, R"({"a":1})"), base);
    EXPECT_NE(SignatureHeader("whsec_tesu", 1700000000, R"({"a":1})"), base);
    EXPECT_NE(SignatureHeader("whsec_test", 1700000000, R"({"a":2})"), base);
}

}  // namespace
}  // namespace palisade::notifications
