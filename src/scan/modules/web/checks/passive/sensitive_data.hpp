// SPDX-License-Identifier: Apache-2.0
// Sensitive data in response text: credentials with a recognisable shape (private keys, cloud and SaaS tokens),
// high-entropy values assigned to secret-looking names, and private (RFC 1918 / RFC 4193) IP addresses. Pure
// functions over bytes; thread-safe; regexes compiled once (RE2), each text scanned in linear time with a cap on
// the candidates examined.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace palisade::scan::web::passive {

enum class SecretKind {
    kPrivateKey,       // -----BEGIN ... PRIVATE KEY----- followed by key material
    kAwsAccessKey,     // AKIA/ASIA + 16 (a secret access key nearby is noted)
    kGithubToken,      // ghp_/gho_/ghu_/ghs_/ghr_ + 36, github_pat_ + 82
    kSlackToken,       // xoxb-/xoxp-/xoxa-/xoxr-/xoxs-
    kSlackWebhook,     // https://hooks.slack.com/services/T.../B.../...
    kStripeSecretKey,  // sk_live_ / rk_live_
    kGoogleApiKey,     // AIza + 35
    kJwt,              // a signed JSON Web Token (only looked for in JavaScript)
    kGeneric,          // a high-entropy literal assigned to api_key, secret, access_token... (not "public")
};

// "private_key", "aws_access_key", ... : the last part of the check id web.secret.<name>.
std::string_view SecretKindName(SecretKind kind);

struct SecretMatch {
    SecretKind kind = SecretKind::kGeneric;
    std::string value;           // the secret as found (for de-duplication by hash); never put it in a finding
    std::string masked;          // what a finding may show: the start and end of the value, the middle masked
    bool paired_secret = false;  // AWS: a 40-character secret access key appears within 256 bytes
    std::string name;            // kGeneric: the identifier it was assigned to
};

// The secrets in `text`, de-duplicated by value, in order of appearance, at most kMaxSecrets. JWTs are looked for
// only when `javascript` is true (in HTML and JSON they are mostly the visitor's own session). Values that look
// like placeholders or documentation examples ("EXAMPLE", "xxxx", "your_api_key", one repeated character, low
// entropy) are skipped; a key embedded in a longer token (base64, hex) is not matched.
std::vector<SecretMatch> FindSecrets(std::string_view text, bool javascript);

inline constexpr std::size_t kMaxSecrets = 20;

// "AKIAIO…MPLE (20 chars)": at most a quarter of the value (6 characters) at the start and (4) at the end.
std::string MaskSecret(std::string_view value);

// Shannon entropy of the byte distribution, in bits per byte.
double ShannonEntropy(std::string_view value);

// True for values that documentation and templates use instead of real secrets.
bool LooksLikePlaceholder(std::string_view value);

struct PrivateIpMatch {
    std::string address;  // as written ("10.0.3.7", "fd12:3456::1")
    std::string snippet;  // up to 40 bytes either side, control characters replaced by spaces
};

// Private addresses in `text`: IPv4 10/8, 172.16/12, 192.168/16 and IPv6 unique-local fc00::/7 (never loopback,
// link-local or public addresses). Word-bounded with valid octets, so "110.0.0.12", "10.0.0.1.5" and
// "192.168.1.300" do not match, nor a version ("version 10.0.0.1", "Firefox/10.0.0.1"). De-duplicated by address,
// in order of appearance, at most kMaxAddresses.
std::vector<PrivateIpMatch> FindPrivateIps(std::string_view text);

inline constexpr std::size_t kMaxAddresses = 20;

// True when `host` (a URL host: name, IPv4, or IPv6 with or without brackets) is itself internal: a private,
// loopback, link-local, CGNAT or unique-local address, "localhost", or a name under .localhost, .local, .internal,
// .intranet, .lan, .corp, .home.arpa. Private addresses in such a site's responses are not reported.
bool IsInternalHost(std::string_view host);

// True for loopback hosts (127/8, ::1, localhost, *.localhost): browsers treat them as secure origins.
bool IsLoopbackHost(std::string_view host);

}  // namespace palisade::scan::web::passive
