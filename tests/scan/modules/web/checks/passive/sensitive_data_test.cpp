// SPDX-License-Identifier: Apache-2.0
#include "scan/modules/web/checks/passive/sensitive_data.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

namespace palisade::scan::web::passive {
namespace {

// Deterministic high-entropy text over `alphabet` (fake credentials are assembled at run time, so no
// credential-shaped literal sits in the repository).
std::string Random(std::size_t n, std::string_view alphabet, std::uint32_t seed) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) {
        seed = seed * 1664525u + 1013904223u;
        out += alphabet[(seed >> 16) % alphabet.size()];
    }
    return out;
}

constexpr std::string_view kUpperDigits = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
constexpr std::string_view kBase62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
constexpr std::string_view kBase64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string AwsKeyId() {
    return "AK"
           "IA" +
           Random(16, kUpperDigits, 7);
}
std::string GithubToken() {
    return "gh"
           "p_" +
           Random(36, kBase62, 11);
}
std::string Jwt() {
    return "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5"
           "MDIyfQ." +
           Random(43, kBase62, 5);
}

std::vector<SecretKind> Kinds(std::string_view text, bool javascript = false) {
    std::vector<SecretKind> out;
    for (const SecretMatch& m : FindSecrets(text, javascript)) out.push_back(m.kind);
    return out;
}

TEST(FindSecrets, RecognisesEachShapedCredential) {
    struct Case {
        SecretKind kind;
        std::string text;
    };
    const Case cases[] = {
        {SecretKind::kPrivateKey, "-----BEGIN RSA PRIVATE KEY-----\n" + Random(64, kBase64, 1) + "\n" +
                                      Random(64, kBase64, 2) + "\n-----END RSA PRIVATE KEY-----"},
        {SecretKind::kPrivateKey,  // inside a JSON string, with escaped newlines
         "{\"key\": \"-----BEGIN PRIVATE KEY-----\\n" + Random(64, kBase64, 3) + "\\n-----END PRIVATE KEY-----\"}"},
        {SecretKind::kAwsAccessKey, "var cfg = {accessKeyId: '" + AwsKeyId() + "'};"},
        {SecretKind::kGithubToken, "token=" + GithubToken() + "&x=1"},
        {SecretKind::kSlackToken,
         "const t = \"xo"
         "xb-" +
             Random(12, "0123456789", 3) + "-" + Random(13, "0123456789", 4) + "-" + Random(24, kBase62, 5) + "\";"},
        {SecretKind::kSlackWebhook, "post('https://hooks.slack.com/services/T" + Random(8, kUpperDigits, 6) + "/B" +
                                        Random(8, kUpperDigits, 7) + "/" + Random(24, kBase62, 8) + "')"},
        {SecretKind::kStripeSecretKey,
         "stripe(\"sk"
         "_live_" +
             Random(24, kBase62, 9) + "\")"},
        {SecretKind::kGoogleApiKey,
         "<script src=\"https://maps.example/js?key=AI"
         "za" +
             Random(35, kBase62, 10) + "\"></script>"},
    };
    for (const Case& c : cases) {
        auto found = FindSecrets(c.text, false);
        ASSERT_EQ(found.size(), 1u) << c.text;
        EXPECT_EQ(found[0].kind, c.kind) << c.text;
        EXPECT_EQ(c.text.find(found[0].masked), std::string::npos) << "evidence must not hold the whole value";
        EXPECT_EQ(found[0].masked.find(found[0].value), std::string::npos);
    }
}

TEST(FindSecrets, NotesAnAwsSecretKeyNearTheKeyId) {
    std::string secret = Random(40, kBase64, 21);
    auto found = FindSecrets("aws_access_key_id=" + AwsKeyId() + "\naws_secret_access_key=" + secret + "\n", false);
    ASSERT_FALSE(found.empty());
    EXPECT_EQ(found[0].kind, SecretKind::kAwsAccessKey);
    EXPECT_TRUE(found[0].paired_secret);
    auto alone = FindSecrets("id=" + AwsKeyId() + " and nothing else", false);
    ASSERT_EQ(alone.size(), 1u);
    EXPECT_FALSE(alone[0].paired_secret);
}

TEST(FindSecrets, SkipsDocumentationExamplesAndPlaceholders) {
    EXPECT_TRUE(Kinds("aws_access_key_id = AKIAIOSFODNN7EXAMPLE").empty());  // the AWS documentation key
    EXPECT_TRUE(Kinds("key: AKIAXXXXXXXXXXXXXXXX").empty());
    EXPECT_TRUE(Kinds("api_key = \"your_api_key_here_0123456789\"").empty());
    EXPECT_TRUE(Kinds("apiKey: \"aaaaaaaaaaaaaaaaaaaaaaaaaaaa1\"").empty());
    // A private-key header in prose, without key material.
    EXPECT_TRUE(Kinds("<p>The file starts with -----BEGIN RSA PRIVATE KEY----- and ends with END.</p>").empty());
}

TEST(FindSecrets, DoesNotMatchInsideLongerTokens) {
    // A key-id shape inside a base64 blob, a token shape inside a longer identifier.
    EXPECT_TRUE(Kinds("data:image/png;base64,iVBOR" + AwsKeyId() + "Qm9vaw==").empty());
    EXPECT_TRUE(Kinds("x" + GithubToken() + "abc").empty());
}

TEST(FindSecrets, FindsJwtsOnlyInJavaScript) {
    std::string script = "fetch('/api', {headers: {Authorization: 'Bearer " + Jwt() + "'}});";
    EXPECT_EQ(Kinds(script, true), std::vector<SecretKind>{SecretKind::kJwt});
    EXPECT_TRUE(Kinds(script, false).empty());
}

TEST(FindSecrets, GenericSecretsNeedASecretNameAndEntropy) {
    std::string value = Random(32, kBase62, 77);
    auto found = FindSecrets("const config = { api_key: \"" + value + "\" };", false);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].kind, SecretKind::kGeneric);
    EXPECT_EQ(found[0].name, "api_key");
    EXPECT_EQ(found[0].value, value);
    EXPECT_EQ(Kinds("{\"client_secret\": \"" + value + "\"}"), std::vector<SecretKind>{SecretKind::kGeneric});

    EXPECT_TRUE(Kinds("recaptchaSiteKey: \"" + value + "\"").empty());  // not a secret name
    EXPECT_TRUE(Kinds("publicApiKey: \"" + value + "\"").empty());      // public by name
    EXPECT_TRUE(Kinds("csrf_token: \"" + value + "\"").empty());        // per visitor
    EXPECT_TRUE(Kinds("api_key: \"" + std::string("abcdefghijklmnopqrstuvwxyzab") + "\"").empty());  // no digit
    EXPECT_TRUE(Kinds("secretPath: \"/static/js/main.3f9a1b2c.chunk.js\"").empty());
}

TEST(FindSecrets, ShapedMatchWinsOverGeneric) {
    auto found = FindSecrets("api_key = \"" + GithubToken() + "\"", false);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].kind, SecretKind::kGithubToken);
}

TEST(FindSecrets, DeduplicatesAndCaps) {
    std::string token = GithubToken();
    EXPECT_EQ(FindSecrets(token + " " + token + " " + token, false).size(), 1u);
    std::string many;
    for (std::uint32_t i = 0; i < 50; ++i)
        many +=
            "gh"
            "p_" +
            Random(36, kBase62, 1000 + i) + "\n";
    EXPECT_EQ(FindSecrets(many, false).size(), kMaxSecrets);
}

TEST(FindSecrets, FindsAKeyAtTheEndOfALargeAdversarialBody) {
    std::string body;
    while (body.size() < 2 * 1024 * 1024) body += "AKIA AIza ghp_ xoxb- eyJ.eyJ. -----BEGIN ";
    std::string key = AwsKeyId();
    body += " " + key;
    auto found = FindSecrets(body, true);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].value, key);
}

TEST(MaskSecret, KeepsAtMostAQuarterOfTheValue) {
    EXPECT_EQ(MaskSecret("AKIAABCDEFGHIJKLMNOP"), "AKIAA\u2026MNOP (20 chars)");
    EXPECT_EQ(MaskSecret("abcdefgh"), "ab\u2026gh (8 chars)");
    EXPECT_EQ(MaskSecret("abc"), "\u2026 (3 chars)");
}

TEST(ShannonEntropy, MeasuresBitsPerByte) {
    EXPECT_DOUBLE_EQ(ShannonEntropy(""), 0);
    EXPECT_DOUBLE_EQ(ShannonEntropy("aaaa"), 0);
    EXPECT_DOUBLE_EQ(ShannonEntropy("abab"), 1);
    EXPECT_DOUBLE_EQ(ShannonEntropy("abcdefgh"), 3);
}

std::vector<std::string> Addresses(std::string_view text) {
    std::vector<std::string> out;
    for (const PrivateIpMatch& m : FindPrivateIps(text)) out.push_back(m.address);
    return out;
}

TEST(FindPrivateIps, FindsRfc1918AndUniqueLocalAddresses) {
    EXPECT_EQ(Addresses("backend=10.0.3.7;"), std::vector<std::string>{"10.0.3.7"});
    EXPECT_EQ(Addresses("<a href=\"http://192.168.1.20:8080/admin\">"), std::vector<std::string>{"192.168.1.20"});
    EXPECT_EQ(Addresses("via 172.16.0.1 and 172.31.255.254."),
              (std::vector<std::string>{"172.16.0.1", "172.31.255.254"}));
    EXPECT_EQ(Addresses("X-Upstream: [fd12:3456:789a::1]:443"), std::vector<std::string>{"fd12:3456:789a::1"});
    EXPECT_EQ(Addresses("10.1.1.1 10.1.1.1 10.1.1.1"), std::vector<std::string>{"10.1.1.1"});
    auto m = FindPrivateIps("line1\nthe server 10.9.8.7 failed\n");
    ASSERT_EQ(m.size(), 1u);
    EXPECT_EQ(m[0].snippet, "line1 the server 10.9.8.7 failed ");
}

TEST(FindPrivateIps, IgnoresLookalikes) {
    const std::string_view decoys[] = {
        "Firefox version 110.0.0.12 released",  // 10.0.0.12 inside a longer number
        "version 10.0.0.1",                     // a version, by context
        "\"version\": \"10.0.0.1\"",
        "Mozilla/5.0 Chrome/10.0.0.1 Safari",
        "oid 1.10.0.0.1 and 10.0.0.1.5",                       // dotted numbers longer than an address
        "192.168.1.300 192.168.01.2",                          // octet out of range, leading zero
        "172.32.0.1 172.15.0.1 11.0.0.1 192.169.0.1 8.8.8.8",  // outside the private ranges
        "127.0.0.1 localhost ::1 fe80::1",                     // loopback and link-local
        "allow 10.0.0.0/8 and 192.168.0.0/16",                 // CIDR ranges
        "v10.0.0.1 a10.0.0.1 10.0.0.1a",
        "color: #fcfcfc; fd00:zz fc00: fc00:0:",
    };
    for (std::string_view text : decoys) EXPECT_TRUE(Addresses(text).empty()) << text;
}

TEST(FindPrivateIps, CapsTheNumberOfAddresses) {
    std::string text;
    for (int i = 1; i < 200; ++i) text += "10.0.0." + std::to_string(i) + " ";
    EXPECT_EQ(FindPrivateIps(text).size(), kMaxAddresses);
}

TEST(InternalHosts, ClassifiesHostsOfTheScannedSite) {
    for (std::string_view host : {"10.1.2.3", "192.168.0.10", "172.20.1.1", "127.0.0.1", "169.254.1.1", "100.64.0.1",
                                  "[fd00::5]", "fe80::1", "::1", "::ffff:10.0.0.1", "localhost", "app.localhost",
                                  "printer.local", "jenkins", "wiki.corp", "nas.home.arpa", "db.internal."}) {
        EXPECT_TRUE(IsInternalHost(host)) << host;
    }
    for (std::string_view host : {"example.com", "8.8.8.8", "2001:db8::1", "172.32.0.1", "local.example.com"}) {
        EXPECT_FALSE(IsInternalHost(host)) << host;
    }
    EXPECT_TRUE(IsLoopbackHost("127.1.2.3"));
    EXPECT_TRUE(IsLoopbackHost("[::1]"));
    EXPECT_TRUE(IsLoopbackHost("LOCALHOST"));
    EXPECT_FALSE(IsLoopbackHost("10.0.0.1"));
}

}  // namespace
}  // namespace palisade::scan::web::passive
