// SPDX-License-Identifier: Apache-2.0
// The Observatory scorer against the reference implementation's own unit vectors (header values -> result id,
// pass, modifier), re-expressed as tables, plus score/grade replay cases. No network, no node.
#include <gtest/gtest.h>

#include <random>

#include <boost/json.hpp>

#include "scan/modules/headers/observatory.hpp"
#include "scan/modules/headers/observatory_csp.hpp"
#include "scan/modules/headers/web_util.hpp"

namespace palisade::scan::headers {
namespace {

namespace json = boost::json;

HttpResponse Html200() {
    HttpResponse r;
    r.status = 200;
    r.headers = {{"Content-Type", "text/html"}};
    r.verified = true;
    return r;
}

// The reference tests' synthetic request set: mozilla.org, everything 200 text/html and verified, http chain
// http://mozilla.org/ -> https://mozilla.org/ -> https://www.mozilla.org/, session https://mozilla.org/.
ObservatoryInput EmptyRequests(std::string html = {}) {
    ObservatoryInput in;
    in.hostname = "mozilla.org";
    in.auto_response = Html200();
    in.auto_response->body = std::move(html);
    in.cors = Html200();
    in.http = Html200();
    in.https = Html200();
    in.http_redirects = {{"http://mozilla.org/", 301}, {"https://mozilla.org/", 301}, {"https://www.mozilla.org/", 200}};
    in.https_redirects = {{"https://mozilla.org/", 301}, {"https://www.mozilla.org/", 200}};
    in.session_url = "https://mozilla.org/";
    return in;
}

void SetHeader(std::optional<HttpResponse>& r, std::string name, std::string value) {
    r->headers.push_back({std::move(name), std::move(value)});
}

json::object Extra(const ObservatoryTest& t) { return json::parse(t.data_json).as_object(); }

const ScorerOptions kV4{4, {}};
const ScorerOptions kV5{5, {}};
const ScorerOptions kV6{6, {}};

struct Case {
    std::string value;
    std::string result;
    bool pass;
};

// ------------------------------------------------------------------------------------------------ CSP

TEST(ObservatoryCsp, Missing) {
    ObservatoryInput in = EmptyRequests();
    ObservatoryTest t = CspTest(in, kV4);
    EXPECT_EQ(t.result, "csp-not-implemented");
    EXPECT_FALSE(t.pass);
    EXPECT_EQ(Extra(t).at("numPolicies").as_int64(), 0);
}

TEST(ObservatoryCsp, Vectors) {
    const std::vector<Case> cases = {
        // invalid
        {"  ", "csp-header-invalid", false},
        {"", "csp-header-invalid", false},
        {"default-src 'none'; default-src 'none'", "csp-header-invalid", false},
        {"default-src 'none'; img-src 'self'; default-src 'none'", "csp-header-invalid", false},
        {"default-src 'none'; script-src 'strict-dynamic'", "csp-header-invalid", false},
        {"defa", "csp-header-invalid", false},
        // broad and unsafe
        {"default-src 'none'; script-src https://*", "csp-implemented-with-unsafe-inline", false},
        {"default-src 'none'; script-src 'unsafe-inline'", "csp-implemented-with-unsafe-inline", false},
        // insecure scheme
        {"default-src http://mozilla.org", "csp-implemented-with-insecure-scheme", false},
        {"default-src 'none'; script-src http://mozilla.org", "csp-implemented-with-insecure-scheme", false},
        {"default-src 'none'; script-src ftp://mozilla.org", "csp-implemented-with-insecure-scheme", false},
        // passive only
        {"default-src 'none'; img-src http://mozilla.org", "csp-implemented-with-insecure-scheme-in-passive-content-only", true},
        {"default-src 'self'; img-src ftp:", "csp-implemented-with-insecure-scheme-in-passive-content-only", true},
        {"default-src 'self'; img-src http:", "csp-implemented-with-insecure-scheme-in-passive-content-only", true},
        {"default-src 'none'; img-src https:; media-src http://mozilla.org",
         "csp-implemented-with-insecure-scheme-in-passive-content-only", true},
        {"default-src 'none'; img-src http: https:; script-src 'self'; style-src 'self'",
         "csp-implemented-with-insecure-scheme-in-passive-content-only", true},
        {"default-src 'none'; img-src 'none'; media-src http:; script-src 'self'; style-src 'unsafe-inline'",
         "csp-implemented-with-insecure-scheme-in-passive-content-only", true},
        // unsafe inline
        {"script-src 'unsafe-inline'", "csp-implemented-with-unsafe-inline", false},
        {"script-src data:", "csp-implemented-with-unsafe-inline", false},
        {"script-src http:", "csp-implemented-with-unsafe-inline", false},
        {"script-src ftp:", "csp-implemented-with-unsafe-inline", false},
        {"default-src 'unsafe-inline'", "csp-implemented-with-unsafe-inline", false},
        {"default-src 'UNSAFE-INLINE'", "csp-implemented-with-unsafe-inline", false},
        {"upgrade-insecure-requests", "csp-implemented-with-unsafe-inline", false},
        {"script-src 'none'", "csp-implemented-with-unsafe-inline", false},
        {"script-src https:", "csp-implemented-with-unsafe-inline", false},
        {"script-src https://mozilla.org https:", "csp-implemented-with-unsafe-inline", false},
        {"default-src https://mozilla.org https:", "csp-implemented-with-unsafe-inline", false},
        {"default-src 'none'; script-src *", "csp-implemented-with-unsafe-inline", false},
        {"default-src *; script-src *; object-src 'none'", "csp-implemented-with-unsafe-inline", false},
        {"default-src 'none'; script-src 'none'; object-src *", "csp-implemented-with-unsafe-inline", false},
        {"default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'", "csp-implemented-with-unsafe-inline", false},
        {"default-src 'none'; script-src 'unsafe-inline' http:", "csp-implemented-with-unsafe-inline", false},
        {"object-src https:; script-src 'none'", "csp-implemented-with-unsafe-inline", false},
        // unsafe eval
        {"default-src 'none'; script-src 'unsafe-eval'", "csp-implemented-with-unsafe-eval", false},
        // unsafe inline in style only
        {"object-src 'none'; script-src 'none'; style-src 'unsafe-inline'",
         "csp-implemented-with-unsafe-inline-in-style-src-only", true},
        {"default-src 'none'; script-src https://mozilla.org; style-src 'unsafe-inline'",
         "csp-implemented-with-unsafe-inline-in-style-src-only", true},
        {"default-src 'unsafe-inline'; script-src https://mozilla.org",
         "csp-implemented-with-unsafe-inline-in-style-src-only", true},
        {"default-src 'none';;; ;;;style-src 'self' 'unsafe-inline'",
         "csp-implemented-with-unsafe-inline-in-style-src-only", true},
        {"default-src 'none'; style-src data:", "csp-implemented-with-unsafe-inline-in-style-src-only", true},
        {"default-src 'none'; style-src *", "csp-implemented-with-unsafe-inline-in-style-src-only", true},
        {"default-src 'none'; style-src https:", "csp-implemented-with-unsafe-inline-in-style-src-only", true},
        {"default-src 'none'; style-src 'unsafe-inline'; script-src "
         "'sha256-hqBEA/HXB3aJU2FgOnYN8rkAgEVgyfi3Vs1j2/XMPBB=' 'unsafe-inline'",
         "csp-implemented-with-unsafe-inline-in-style-src-only", true},
        // no unsafe
        {"default-src https://mozilla.org", "csp-implemented-with-no-unsafe", true},
        {"default-src https://mozilla.org;;; ;;;script-src 'none'", "csp-implemented-with-no-unsafe", true},
        {"object-src 'none'; script-src https://mozilla.org; style-src https://mozilla.org; upgrade-insecure-requests;",
         "csp-implemented-with-no-unsafe", true},
        {"object-src 'none'; script-src 'strict-dynamic' 'nonce-abc' 'unsafe-inline'; style-src 'none'",
         "csp-implemented-with-no-unsafe", true},
        {"object-src 'none'; style-src 'self';script-src 'sha256-hqBEA/HXB3aJU2FgOnYN8rkAgEVgyfi3Vs1j2/XMPBA='",
         "csp-implemented-with-no-unsafe", true},
        {"object-src 'none'; script-src 'unsafe-inline' 'nonce-abc123' 'unsafe-inline'; style-src 'none'",
         "csp-implemented-with-no-unsafe", true},
        {"default-src https://mozilla.org; style-src 'unsafe-inline' 'nonce-abc123' 'unsafe-inline'",
         "csp-implemented-with-no-unsafe", true},
        // default-src 'none'
        {"default-src", "csp-implemented-with-no-unsafe-default-src-none", true},
        {"default-src 'none'; script-src 'strict-dynamic' 'nonce-abc123' 'unsafe-inline'",
         "csp-implemented-with-no-unsafe-default-src-none", true},
        {"default-src 'none'; object-src https://mozilla.org", "csp-implemented-with-no-unsafe-default-src-none", true},
        // duplicate report-uri on a passing policy
        {"default-src 'none'; report-uri /a; report-uri /b", "csp-implemented-but-duplicate-directives", true},
    };
    for (const Case& c : cases) {
        ObservatoryInput in = EmptyRequests();
        SetHeader(in.auto_response, "Content-Security-Policy", c.value);
        ObservatoryTest t = CspTest(in, kV4);
        EXPECT_EQ(t.result, c.result) << c.value;
        EXPECT_EQ(t.pass, c.pass) << c.value;
    }
}

TEST(ObservatoryCsp, FlagsDataAndModifiers) {
    ObservatoryInput in = EmptyRequests();
    SetHeader(in.auto_response, "Content-Security-Policy", "default-src 'none'; script-src 'unsafe-eval'");
    ObservatoryTest t = CspTest(in, kV4);
    json::object extra = Extra(t);
    EXPECT_EQ(json::serialize(extra.at("data").at("script-src")), R"(["'unsafe-eval'"])");
    EXPECT_TRUE(extra.at("policy").at("unsafeEval").as_bool());
    EXPECT_TRUE(extra.at("http").as_bool());
    EXPECT_FALSE(extra.at("meta").as_bool());
    EXPECT_EQ(ObservatoryModifier(t.result, 4), -10);
}

TEST(ObservatoryCsp, ReportOnlyOnly) {
    ObservatoryInput in = EmptyRequests();
    SetHeader(in.auto_response, "Content-Security-Policy-Report-Only", "default-src 'none'");
    EXPECT_EQ(CspTest(in, kV4).result, "csp-not-implemented-but-reporting-enabled");
}

TEST(ObservatoryCsp, MetaPolicies) {
    // A header plus a meta policy: intersected; the meta one narrows default-src to 'none'.
    ObservatoryInput in = EmptyRequests(
        R"(<html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'"></head></html>)");
    SetHeader(in.auto_response, "Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
    ObservatoryTest t = CspTest(in, kV4);
    EXPECT_EQ(t.result, "csp-implemented-with-no-unsafe-default-src-none");
    EXPECT_EQ(Extra(t).at("numPolicies").as_int64(), 2);
    EXPECT_TRUE(Extra(t).at("meta").as_bool());

    // Only a meta tag with a header-only directive: not implemented.
    ObservatoryInput meta_only = EmptyRequests(
        R"(<meta http-equiv="content-security-policy" content="frame-ancestors 'none'">)");
    EXPECT_EQ(CspTest(meta_only, kV4).result, "csp-not-implemented");

    // Not HTML: meta is not read.
    ObservatoryInput json_type = EmptyRequests(R"(<meta http-equiv="content-security-policy" content="default-src 'none'">)");
    json_type.auto_response->headers = {{"Content-Type", "application/json"}};
    EXPECT_EQ(CspTest(json_type, kV4).result, "csp-not-implemented");
}

TEST(ObservatoryCsp, TwoHeaderFieldsVersion4JoinsVersion5Splits) {
    ObservatoryInput in = EmptyRequests();
    SetHeader(in.auto_response, "Content-Security-Policy", "default-src 'none'");
    SetHeader(in.auto_response, "Content-Security-Policy", "script-src 'self'");
    // 1.4.x sees one joined value "default-src 'none', script-src 'self'": default-src gets 'none', + two tokens.
    ObservatoryTest v4 = CspTest(in, kV4);
    EXPECT_EQ(v4.result, "csp-implemented-with-no-unsafe");
    EXPECT_EQ(Extra(v4).at("numPolicies").as_int64(), 1);
    ObservatoryTest v5 = CspTest(in, kV5);
    EXPECT_EQ(Extra(v5).at("numPolicies").as_int64(), 2);
    // Intersection: script-src only in the second policy becomes 'none'.
    EXPECT_EQ(v5.result, "csp-implemented-with-no-unsafe-default-src-none");
}

TEST(ObservatoryCspParser, IntersectionAndPrefixes) {
    auto one = ParseObservatoryCsp({"script-src https://a.com https://a.com/x 'self'"});
    ASSERT_TRUE(one.has_value());
    EXPECT_EQ(*one->Find("script-src"), (std::vector<std::string>{"'self'", "https://a.com"}));
    auto two = ParseObservatoryCsp({"script-src https://a.com/ 'self'", "script-src https://a.com/js/x.js"});
    ASSERT_TRUE(two.has_value());
    EXPECT_EQ(*two->Find("script-src"), (std::vector<std::string>{"https://a.com/js/x.js"}));
    EXPECT_FALSE(ParseObservatoryCsp({"script-src a", "script-src %zz"}).has_value());
    EXPECT_LT(CollateEn("'self'", "https:"), 0);
    EXPECT_LT(CollateEn("a", "a-b"), 0);
    EXPECT_LT(CollateEn("*", "a"), 0);
    EXPECT_LT(CollateEn("9", "a"), 0);
}

// ------------------------------------------------------------------------------------------------ Cookies

ObservatoryInput WithCookies(const std::vector<std::string>& cookies, bool hsts) {
    ObservatoryInput in = EmptyRequests();
    CookieJar jar;
    for (const std::string& c : cookies) {
        SetHeader(in.auto_response, "Set-Cookie", c);
        jar.Set(c, in.session_url);
    }
    in.cookies = jar.cookies();
    if (hsts) SetHeader(in.https, "Strict-Transport-Security", "max-age=15768000");
    return in;
}

TEST(ObservatoryCookies, Vectors) {
    struct CookieCase {
        std::vector<std::string> cookies;
        bool hsts;
        std::string result;
        bool pass;
    };
    const std::vector<CookieCase> cases = {
        {{}, false, "cookies-not-found", true},
        {{"SESSIONID=bar; Domain=mozilla.org; Path=/; Secure; HttpOnly", "foo=bar; Domain=mozilla.org; Secure; Path=/",
          "heroku-session-affinity=bar; Domain=mozilla.org; Path=/"},
         false, "cookies-secure-with-httponly-sessions", true},
        {{"SESSIONID_SAMESITE_STRICT=bar; Domain=mozilla.org; Path=/; Secure; HttpOnly; SameSite=Strict",
          "SESSIONID_SAMESITE_LAX=bar; Domain=mozilla.org; Path=/; Secure; HttpOnly; SameSite=Lax",
          "SESSIONID_SAMESITE_NONE=bar; Domain=mozilla.org; Path=/; Secure; HttpOnly; SameSite=None"},
         false, "cookies-secure-with-httponly-sessions-and-samesite", true},
        {{"SESSIONID_SAMESITE_STRICT=bar; Domain=mozilla.org; Path=/; Secure; HttpOnly; SameSite=Strict",
          "SESSIONID_SAMESITE_NO_SAMESITE=bar; Domain=mozilla.org; Path=/; Secure; HttpOnly"},
         false, "cookies-secure-with-httponly-sessions", true},
        {{"CSRFTOKEN=bar; Domain=mozilla.org; Path=/; Secure; HttpOnly"}, false,
         "cookies-anticsrf-without-samesite-flag", false},
        {{"SESSIONID=bar; Domain=mozilla.org; Path=/; Secure; HttpOnly; SameSite="}, false,
         "cookies-samesite-flag-invalid", false},
        {{"SESSIONID=bar; Domain=mozilla.org; Path=/; Secure; HttpOnly; SameSite=True"}, false,
         "cookies-samesite-flag-invalid", false},
        {{"SESSIONID=bar; Domain=mozilla.org; Path=/; Secure; HttpOnly; SameSite=Invalid"}, false,
         "cookies-samesite-flag-invalid", false},
        {{"foo=bar; Domain=mozilla.org; Path=/; SameSite=None"}, true, "cookies-samesite-flag-invalid", false},
        {{"foo=bar; Domain=mozilla.org; Path=/"}, true, "cookies-without-secure-flag-but-protected-by-hsts", false},
        {{"SESSIONID=bar; Domain=mozilla.org; Path=/; HttpOnly"}, true,
         "cookies-session-without-secure-flag-but-protected-by-hsts", false},
        {{"foo=bar; Domain=mozilla.org; Path=/"}, false, "cookies-without-secure-flag", false},
        {{"SESSIONID=bar; Domain=mozilla.org; Path=/; Secure"}, false, "cookies-session-without-httponly-flag", false},
        {{"SESSIONID=bar; Domain=mozilla.org; Path=/; HttpOnly"}, false, "cookies-session-without-secure-flag", false},
        {{"SESSIONID=bar; Domain=mozilla.org; Path=/"}, false, "cookies-session-without-secure-flag", false},
        // Rejected by the jar: wrong domain, public suffix domain, no '=', __Secure- without Secure.
        {{"a=b; Domain=example.com", "c=d; Domain=org", "novalue", "__Secure-x=1"}, false, "cookies-not-found", true},
    };
    for (const CookieCase& c : cases) {
        ObservatoryTest t = CookiesTest(WithCookies(c.cookies, c.hsts), kV4);
        EXPECT_EQ(t.result, c.result) << (c.cookies.empty() ? "" : c.cookies.front());
        EXPECT_EQ(t.pass, c.pass) << (c.cookies.empty() ? "" : c.cookies.front());
    }
}

TEST(ObservatoryCookies, JarReplacesAndKeepsOrder) {
    CookieJar jar;
    jar.Set("a=1", "https://mozilla.org/x/y");
    jar.Set("b=2; Path=/", "https://mozilla.org/");
    jar.Set("a=3; Secure", "https://mozilla.org/x/z");
    ASSERT_EQ(jar.cookies().size(), 2u);
    EXPECT_EQ(jar.cookies()[0].key, "a");
    EXPECT_EQ(jar.cookies()[0].value, "3");
    EXPECT_EQ(jar.cookies()[0].path, "/x");
    EXPECT_TRUE(jar.cookies()[0].secure);
}

// ------------------------------------------------------------------------------------------------ CORS

TEST(ObservatoryCors, Vectors) {
    ObservatoryInput in = EmptyRequests();
    EXPECT_EQ(CorsTest(in, kV4).result, "cross-origin-resource-sharing-not-implemented");
    SetHeader(in.cors, "Access-Control-Allow-Origin", "*");
    EXPECT_EQ(CorsTest(in, kV4).result, "cross-origin-resource-sharing-implemented-with-public-access");
    in = EmptyRequests();
    SetHeader(in.cors, "Access-Control-Allow-Origin", "https://http-observatory.security.mozilla.org");
    SetHeader(in.cors, "Access-Control-Allow-Credentials", "true");
    EXPECT_EQ(CorsTest(in, kV4).result, "cross-origin-resource-sharing-implemented-with-restricted-access");
    in.cors_request_origin = "https://http-observatory.security.mozilla.org";
    ObservatoryTest t = CorsTest(in, kV4);
    EXPECT_EQ(t.result, "cross-origin-resource-sharing-implemented-with-universal-access");
    EXPECT_FALSE(t.pass);
    EXPECT_EQ(ObservatoryModifier(t.result, 4), -50);
}

// ------------------------------------------------------------------------------------------------ Redirection

TEST(ObservatoryRedirection, Vectors) {
    struct R {
        std::vector<RedirectEntry> route;
        std::string result;
    };
    const std::vector<R> cases = {
        {{{"http://mozilla.org/", 301}, {"https://mozilla.org/", 301}, {"https://www.mozilla.org/", 200}},
         "redirection-to-https"},
        {{{"http://mozilla.org/", 200}}, "redirection-missing"},
        {{{"http://mozilla.org/", 301}, {"http://www.mozilla.org/", 200}}, "redirection-not-to-https"},
        {{{"http://mozilla.org/", 301}, {"http://www.mozilla.org/", 301}, {"https://www.mozilla.org/", 200}},
         "redirection-not-to-https-on-initial-redirection"},
        {{{"http://mozilla.org/", 301}, {"https://www.mozilla.org/", 200}}, "redirection-off-host-from-http"},
    };
    for (const R& c : cases) {
        ObservatoryInput in = EmptyRequests();
        in.http_redirects = c.route;
        EXPECT_EQ(RedirectionTest(in, kV4).result, c.result) << c.route.back().url;
    }
    ObservatoryInput no_http = EmptyRequests();
    no_http.http.reset();
    EXPECT_EQ(RedirectionTest(no_http, kV4).result, "redirection-not-needed-no-http");
    ObservatoryInput bad_cert = EmptyRequests();
    bad_cert.http->verified = false;
    EXPECT_EQ(RedirectionTest(bad_cert, kV4).result, "redirection-invalid-cert");
    ObservatoryInput preloaded = EmptyRequests();
    ScorerOptions with_preload{4, [](std::string_view host) -> std::optional<HstsPreloadEntry> {
                                   if (host == "mozilla.org") return HstsPreloadEntry{true, "force-https"};
                                   return std::nullopt;
                               }};
    EXPECT_EQ(RedirectionTest(preloaded, with_preload).result, "redirection-all-redirects-preloaded");
}

// ------------------------------------------------------------------------------------------------ Referrer-Policy

TEST(ObservatoryReferrer, Vectors) {
    const std::vector<Case> cases = {
        {"no-referrer", "referrer-policy-private", true},
        {"same-origin", "referrer-policy-private", true},
        {"strict-origin", "referrer-policy-private", true},
        {"STRICT-ORIGIN", "referrer-policy-private", true},
        {"strict-origin-when-cross-origin", "referrer-policy-private", true},
        {"origin", "referrer-policy-unsafe", false},
        {"origin-when-cross-origin", "referrer-policy-unsafe", false},
        {"unsafe-url", "referrer-policy-unsafe", false},
        {"no-referrer-when-downgrade", "referrer-policy-unsafe", false},
        {"origin-when-cross-origin, no-referrer, unsafe-url", "referrer-policy-unsafe", false},
        {"no-referrer, unsafe-url", "referrer-policy-unsafe", false},
        {"unsafe-url, no-referrer", "referrer-policy-private", true},
        {"no-referrer, whatever", "referrer-policy-private", true},
        {"whatever", "referrer-policy-header-invalid", false},
        {"", "referrer-policy-header-invalid", false},
    };
    for (const Case& c : cases) {
        ObservatoryInput in = EmptyRequests();
        SetHeader(in.auto_response, "Referrer-Policy", c.value);
        ObservatoryTest t = ReferrerPolicyTest(in, kV4);
        EXPECT_EQ(t.result, c.result) << c.value;
        EXPECT_EQ(t.pass, c.pass) << c.value;
    }
    EXPECT_EQ(ReferrerPolicyTest(EmptyRequests(), kV4).result, "referrer-policy-not-implemented");
    // The meta tag comes last and so wins.
    ObservatoryInput meta = EmptyRequests(R"(<meta name="referrer" content="no-referrer">)");
    SetHeader(meta.auto_response, "Referrer-Policy", "unsafe-url");
    ObservatoryTest t = ReferrerPolicyTest(meta, kV4);
    EXPECT_EQ(t.result, "referrer-policy-private");
    EXPECT_TRUE(Extra(t).at("meta").as_bool());
}

// ------------------------------------------------------------------------------------------------ HSTS

TEST(ObservatoryHsts, Vectors) {
    const std::vector<Case> cases = {
        {"includeSubDomains; preload", "hsts-header-invalid", false},
        {"max-age=15768000; includeSubDomains, max-age=15768000; includeSubDomains", "hsts-header-invalid", false},
        {"max-age=15768000", "hsts-implemented-max-age-at-least-six-months", true},
        {"max-age=15552000", "hsts-implemented-max-age-at-least-six-months", true},
        {"max-age=15551999", "hsts-implemented-max-age-less-than-six-months", false},
        {"max-age=0", "hsts-implemented-max-age-less-than-six-months", false},
        {"MAX-AGE=31536000; includeSubDomains; preload", "hsts-implemented-max-age-at-least-six-months", true},
        {"max-age=abc", "hsts-implemented-max-age-at-least-six-months", true},  // NaN < x is false in JS
        {"max-age = 31536000", "hsts-header-invalid", false},
    };
    for (const Case& c : cases) {
        ObservatoryInput in = EmptyRequests();
        SetHeader(in.https, "Strict-Transport-Security", c.value);
        ObservatoryTest t = HstsTest(in, kV4);
        EXPECT_EQ(t.result, c.result) << c.value;
        EXPECT_EQ(t.pass, c.pass) << c.value;
    }
    ObservatoryInput none = EmptyRequests();
    EXPECT_EQ(HstsTest(none, kV4).result, "hsts-not-implemented");
    none.https.reset();
    EXPECT_EQ(HstsTest(none, kV4).result, "hsts-not-implemented-no-https");
    ObservatoryInput bad = EmptyRequests();
    SetHeader(bad.https, "Strict-Transport-Security", "max-age=15768000; includeSubDomains; preload");
    bad.https->verified = false;
    EXPECT_EQ(HstsTest(bad, kV4).result, "hsts-invalid-cert");
    ObservatoryInput parsed = EmptyRequests();
    SetHeader(parsed.https, "Strict-Transport-Security", "max-age=15768000; includeSubDomains; preload");
    json::object extra = Extra(HstsTest(parsed, kV4));
    EXPECT_EQ(extra.at("maxAge").as_int64(), 15768000);
    EXPECT_TRUE(extra.at("includeSubDomains").as_bool());
    EXPECT_TRUE(extra.at("preload").as_bool());
    ScorerOptions preload{4, [](std::string_view host) -> std::optional<HstsPreloadEntry> {
                              if (host == "mozilla.org") return HstsPreloadEntry{false, "force-https"};
                              return std::nullopt;
                          }};
    EXPECT_EQ(HstsTest(EmptyRequests(), preload).result, "hsts-preloaded");
}

// ------------------------------------------------------------------------------------------------ SRI

TEST(ObservatorySri, Vectors) {
    struct SriCase {
        std::string html;
        std::string result;
        bool pass;
    };
    const std::vector<SriCase> cases = {
        {"<html><body>hi</body></html>", "sri-not-implemented-but-no-scripts-loaded", true},
        {"<script>var a;</script>", "sri-not-implemented-but-all-scripts-loaded-from-secure-origin", true},
        {"<script src=\"/static/a.js\"></script>", "sri-not-implemented-but-all-scripts-loaded-from-secure-origin", true},
        {"<script src=\"https://mozilla.org/a.js\" integrity=\"sha384-x\"></script>",
         "sri-implemented-and-all-scripts-loaded-securely", true},
        {"<script src=\"https://cdn.mozilla.org/a.js\"></script>",
         "sri-not-implemented-but-all-scripts-loaded-from-secure-origin", true},  // same registrable domain
        {"<script src=\"https://ajax.googleapis.com/a.js\" integrity=\"sha384-x\" crossorigin=\"anonymous\"></script>",
         "sri-implemented-and-external-scripts-loaded-securely", true},
        {"<script src=\"http://ajax.googleapis.com/a.js\" integrity=\"sha384-x\"></script>",
         "sri-implemented-but-external-scripts-not-loaded-securely", false},
        {"<script src=\"https://ajax.googleapis.com/a.js\"></script>",
         "sri-not-implemented-but-external-scripts-loaded-securely", false},
        {"<script src=\"http://ajax.googleapis.com/a.js\"></script>",
         "sri-not-implemented-and-external-scripts-not-loaded-securely", false},
        {"<script src=\"//ajax.googleapis.com/a.js\" integrity=\"sha384-x\"></script>",
         "sri-implemented-but-external-scripts-not-loaded-securely", false},
        {"<script src=\"//ajax.googleapis.com/a.js\"></script>",
         "sri-not-implemented-and-external-scripts-not-loaded-securely", false},
    };
    for (const SriCase& c : cases) {
        ObservatoryTest t = SriTest(EmptyRequests(c.html), kV4);
        EXPECT_EQ(t.result, c.result) << c.html;
        EXPECT_EQ(t.pass, c.pass) << c.html;
    }
    ObservatoryInput not_html = EmptyRequests("<script src=\"http://evil.example/a.js\"></script>");
    not_html.auto_response->headers = {{"Content-Type", "application/json"}};
    EXPECT_EQ(SriTest(not_html, kV4).result, "sri-not-implemented-response-not-html");
    json::object extra = Extra(SriTest(EmptyRequests("<script src=\"https://ajax.googleapis.com/a.js\" "
                                                     "crossorigin></script>"),
                                       kV4));
    EXPECT_EQ(json::serialize(extra.at("data")),
              R"({"https://ajax.googleapis.com/a.js":{"crossorigin":"","integrity":null}})");
}

// ------------------------------------------------------------------------------------------------ XCTO / XFO / CORP

TEST(ObservatoryXcto, Vectors) {
    const std::vector<Case> cases = {
        {"nosniff", "x-content-type-options-nosniff", true},
        {"NOSNIFF ", "x-content-type-options-nosniff", true},
        {"nosniff, nosniff", "x-content-type-options-header-invalid", false},
        {"whimsy", "x-content-type-options-header-invalid", false},
    };
    for (const Case& c : cases) {
        ObservatoryInput in = EmptyRequests();
        SetHeader(in.auto_response, "X-Content-Type-Options", c.value);
        ObservatoryTest t = XctoTest(in, kV4);
        EXPECT_EQ(t.result, c.result) << c.value;
        EXPECT_EQ(t.pass, c.pass);
    }
    EXPECT_EQ(XctoTest(EmptyRequests(), kV4).result, "x-content-type-options-not-implemented");
}

TEST(ObservatoryXfo, VectorsAndVersions) {
    const std::vector<Case> cases = {
        {"DENY", "x-frame-options-sameorigin-or-deny", true},
        {"sameorigin", "x-frame-options-sameorigin-or-deny", true},
        {"allow-from https://mozilla.org", "x-frame-options-allow-from-origin", true},
        {"whimsy", "x-frame-options-header-invalid", false},
        {"deny, deny", "x-frame-options-header-invalid", false},
    };
    for (const Case& c : cases) {
        ObservatoryInput in = EmptyRequests();
        SetHeader(in.auto_response, "X-Frame-Options", c.value);
        ObservatoryTest t = XfoTest(in, kV4);
        EXPECT_EQ(t.result, c.result) << c.value;
        EXPECT_EQ(t.pass, c.pass);
    }
    EXPECT_EQ(XfoTest(EmptyRequests(), kV4).result, "x-frame-options-not-implemented");
    ObservatoryInput via_csp = EmptyRequests();
    SetHeader(via_csp.auto_response, "X-Frame-Options", "whimsy");
    SetHeader(via_csp.auto_response, "Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
    EXPECT_EQ(XfoTest(via_csp, kV4).result, "x-frame-options-implemented-via-csp");
    EXPECT_EQ(ObservatoryModifier("x-frame-options-sameorigin-or-deny", 4), 0);
    EXPECT_EQ(ObservatoryModifier("x-frame-options-sameorigin-or-deny", 5), 5);
    EXPECT_EQ(ObservatoryModifier("x-frame-options-implemented-via-csp", 4), 5);
}

TEST(ObservatoryCorp, Vectors) {
    const std::vector<Case> cases = {
        {"same-site", "corp-implemented-with-same-site", true},
        {"Same-Origin", "corp-implemented-with-same-origin", true},
        {"cross-origin", "corp-implemented-with-cross-origin", true},
        {"whimsy", "corp-header-invalid", false},
    };
    for (const Case& c : cases) {
        ObservatoryInput in = EmptyRequests();
        SetHeader(in.auto_response, "Cross-Origin-Resource-Policy", c.value);
        ObservatoryTest t = CorpTest(in, kV4);
        EXPECT_EQ(t.result, c.result) << c.value;
        EXPECT_EQ(t.pass, c.pass);
    }
    ObservatoryInput twice = EmptyRequests();
    SetHeader(twice.auto_response, "Cross-Origin-Resource-Policy", "same-site");
    SetHeader(twice.auto_response, "Cross-Origin-Resource-Policy", "same-site");
    EXPECT_EQ(CorpTest(twice, kV4).result, "corp-header-invalid");  // joined "same-site, same-site"
    EXPECT_EQ(CorpTest(EmptyRequests(), kV4).result, "corp-not-implemented");
}

TEST(ObservatoryCoopCoep, Vectors) {
    const std::vector<Case> coop = {
        {"same-origin", "coop-implemented-with-same-origin", true},
        {"same-origin; report-to=\"x\"", "coop-implemented-with-same-origin", true},
        {"same-origin-allow-popups", "coop-implemented-with-same-origin-allow-popups", true},
        {"noopener-allow-popups", "coop-implemented-with-noopener-allow-popups", true},
        {"unsafe-none", "coop-implemented-with-unsafe-none", true},
        {"\"same-origin\"", "coop-header-invalid", false},
        {"Same-Origin", "coop-header-invalid", false},
        {"same-origin, same-origin", "coop-header-invalid", false},
        {"whimsy", "coop-header-invalid", false},
    };
    for (const Case& c : coop) {
        ObservatoryInput in = EmptyRequests();
        SetHeader(in.auto_response, "Cross-Origin-Opener-Policy", c.value);
        ObservatoryTest t = CoopTest(in, kV6);
        EXPECT_EQ(t.result, c.result) << c.value;
        EXPECT_EQ(t.pass, c.pass);
    }
    const std::vector<Case> coep = {
        {"require-corp", "coep-implemented-with-require-corp", true},
        {"credentialless; report-to=\"e\"", "coep-implemented-with-credentialless", true},
        {"unsafe-none", "coep-implemented-with-unsafe-none", true},
        {"require-corp;", "coep-header-invalid", false},
        {"whimsy", "coep-header-invalid", false},
    };
    for (const Case& c : coep) {
        ObservatoryInput in = EmptyRequests();
        SetHeader(in.auto_response, "Cross-Origin-Embedder-Policy", c.value);
        ObservatoryTest t = CoepTest(in, kV6);
        EXPECT_EQ(t.result, c.result) << c.value;
        EXPECT_EQ(t.pass, c.pass);
    }
    EXPECT_EQ(CoopTest(EmptyRequests(), kV6).result, "coop-not-implemented");
    EXPECT_EQ(CoepTest(EmptyRequests(), kV6).result, "coep-not-implemented");
}

// ------------------------------------------------------------------------------------------------ Score & grade

TEST(ObservatoryScore, GradeChart) {
    EXPECT_EQ(ObservatoryGrade(100), "A+");
    EXPECT_EQ(ObservatoryGrade(120), "A+");
    EXPECT_EQ(ObservatoryGrade(99), "A");
    EXPECT_EQ(ObservatoryGrade(90), "A");
    EXPECT_EQ(ObservatoryGrade(85), "A-");
    EXPECT_EQ(ObservatoryGrade(84), "B+");
    EXPECT_EQ(ObservatoryGrade(70), "B");
    EXPECT_EQ(ObservatoryGrade(65), "B-");
    EXPECT_EQ(ObservatoryGrade(60), "C+");
    EXPECT_EQ(ObservatoryGrade(50), "C");
    EXPECT_EQ(ObservatoryGrade(45), "C-");
    EXPECT_EQ(ObservatoryGrade(40), "D+");
    EXPECT_EQ(ObservatoryGrade(30), "D");
    EXPECT_EQ(ObservatoryGrade(25), "D-");
    EXPECT_EQ(ObservatoryGrade(24), "F");
    EXPECT_EQ(ObservatoryGrade(0), "F");
    EXPECT_EQ(ObservatoryGrade(-10), "F");
}

TEST(ObservatoryScore, BonusRuleAndClamp) {
    EXPECT_EQ(ObservatoryTotal({10, 5, 5, 5}), 125);   // no penalties: all bonuses, no upper clamp
    EXPECT_EQ(ObservatoryTotal({10, -10, 5}), 105);    // penalties leave 90: bonuses count
    EXPECT_EQ(ObservatoryTotal({10, -15, 5}), 85);     // penalties leave 85: bonuses ignored
    EXPECT_EQ(ObservatoryTotal({-50, -40, -30}), 0);   // floored at 0
}

TEST(ObservatoryScore, EndToEndReplay) {
    // A strong site: CSP default-src 'none' (+10), HSTS, nosniff, XFO DENY, Referrer-Policy (+5), CORP (+10).
    ObservatoryInput in = EmptyRequests();
    for (auto& r : {&in.auto_response, &in.https}) {
        SetHeader(*r, "Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
        SetHeader(*r, "Strict-Transport-Security", "max-age=63072000");
        SetHeader(*r, "X-Content-Type-Options", "nosniff");
        SetHeader(*r, "X-Frame-Options", "DENY");
        SetHeader(*r, "Referrer-Policy", "no-referrer");
        SetHeader(*r, "Cross-Origin-Resource-Policy", "same-origin");
        SetHeader(*r, "Cross-Origin-Opener-Policy", "same-origin");
    }
    auto v4 = ScoreObservatory(in, kV4);
    ASSERT_TRUE(v4.has_value());
    // 100 + csp 10 + referrer 5 + xfo via csp 5 + corp 10 = 130
    EXPECT_EQ(v4->score, 130);
    EXPECT_EQ(v4->grade, "A+");
    EXPECT_EQ(v4->tests_quantity, 10);
    EXPECT_EQ(v4->tests_passed, 10);
    EXPECT_EQ(v4->algorithm_version, 4);
    auto v6 = ScoreObservatory(in, kV6);
    ASSERT_TRUE(v6.has_value());
    EXPECT_EQ(v6->tests_quantity, 12);
    EXPECT_EQ(v6->score, 140);  // + COOP 10, COEP not implemented 0
    json::value doc = json::parse(ObservatoryJson(*v6));
    EXPECT_EQ(doc.at("scan").at("algorithmVersion").as_int64(), 6);
    EXPECT_EQ(doc.at("tests").at("cross-origin-opener-policy").at("result").as_string(),
              "coop-implemented-with-same-origin");
    EXPECT_EQ(doc.at("tests").at("content-security-policy").at("scoreModifier").as_int64(), 10);

    // A bare site: CSP -25, HSTS -20, XCTO -5, XFO -20 -> 30, bonuses ignored.
    ObservatoryInput bare = EmptyRequests();
    SetHeader(bare.auto_response, "Referrer-Policy", "no-referrer");
    auto b = ScoreObservatory(bare, kV4);
    ASSERT_TRUE(b.has_value());
    EXPECT_EQ(b->score, 30);
    EXPECT_EQ(b->grade, "D");
    EXPECT_EQ(b->tests_failed, 4);

    ObservatoryInput down;
    EXPECT_FALSE(ScoreObservatory(down, kV4).has_value());
    ObservatoryInput error = EmptyRequests();
    error.auto_response->status = 500;
    auto e = ScoreObservatory(error, kV4);
    ASSERT_FALSE(e.has_value());
    EXPECT_EQ(e.error().message, "Site did respond with an unexpected HTTP status code 500.");
    EXPECT_FALSE(ScoreObservatory(EmptyRequests(), ScorerOptions{7, {}}).has_value());
}

// ------------------------------------------------------------------------------------------------ helpers

TEST(WebUtil, UrlsDomainsTokens) {
    auto u = ParseWebUrl("HTTP://Example.COM:80/a/../b?x=1#f");
    ASSERT_TRUE(u.has_value());
    EXPECT_EQ(u->href, "http://example.com/b?x=1");
    auto r = ResolveWebUrl(*u, "//other.org/x");
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->href, "http://other.org/x");
    EXPECT_EQ(ResolveWebUrl(*u, "c/d")->href, "http://example.com/c/d");
    EXPECT_EQ(ResolveWebUrl(*u, "https://x.org:8443")->href, "https://x.org:8443/");
    EXPECT_FALSE(ParseWebUrl("/relative").has_value());
    EXPECT_EQ(RegistrableDomain("www.mozilla.org"), std::optional<std::string>("mozilla.org"));
    EXPECT_EQ(RegistrableDomain("https://a.b.example.co.uk/x"), std::optional<std::string>("example.co.uk"));
    EXPECT_EQ(RegistrableDomain("foo.github.io"), std::optional<std::string>("github.io"));  // ICANN section only
    EXPECT_FALSE(RegistrableDomain("127.0.0.1").has_value());
    EXPECT_FALSE(RegistrableDomain("com").has_value());
    EXPECT_EQ(ParseStructuredFieldToken(" same-origin;report-to=\"a\" "), std::optional<std::string>("same-origin"));
    EXPECT_FALSE(ParseStructuredFieldToken("\"same-origin\"").has_value());
    EXPECT_FALSE(ParseStructuredFieldToken("a b").has_value());
    EXPECT_FALSE(ParseStructuredFieldToken("").has_value());
    HtmlFacts f = ExtractHtmlFacts(
        "<meta http-equiv=' Content-Security-Policy ' content=\"default-src 'none'\">"
        "<meta name=referrer content=origin><template><script src=x></script></template>"
        "<script src=a integrity=i crossorigin=USE-CREDENTIALS></script><svg><script></script></svg>");
    EXPECT_EQ(f.csp_meta, std::vector<std::string>{"default-src 'none'"});
    EXPECT_EQ(f.referrer_meta, std::optional<std::string>("origin"));
    ASSERT_EQ(f.scripts.size(), 1u);
    EXPECT_EQ(f.scripts[0].crossorigin, std::optional<std::string>("USE-CREDENTIALS"));
    EXPECT_EQ(f.script_elements, 2u);
}

TEST(NodeHeaders, JoiningRules) {
    HttpResponse r;
    r.headers = {{"X-A", "1"}, {"x-a", "2"}, {"Content-Type", "text/html"}, {"content-type", "text/plain"},
                 {"Set-Cookie", "a=1"}, {"Set-Cookie", "b=2"}};
    EXPECT_EQ(r.First("x-a"), std::optional<std::string>("1, 2"));
    EXPECT_EQ(r.First("content-type"), std::optional<std::string>("text/html"));
    EXPECT_EQ(r.Values("set-cookie").size(), 2u);
    EXPECT_EQ(r.NodeHeaders().size(), 4u);
}

TEST(ObservatoryScore, RandomHeaderValuesAlwaysScore) {
    std::mt19937 gen(12345);
    const std::string alphabet = "abcdefghijklmnop-'\";:,=/*. \t<>\"%0123456789";
    for (int round = 0; round < 2000; ++round) {
        std::string value;
        int len = static_cast<int>(gen() % 80);
        for (int i = 0; i < len; ++i) value += alphabet[gen() % alphabet.size()];
        ObservatoryInput in = EmptyRequests("<script src='" + value + "'></script><meta http-equiv=content-security-policy content='" + value + "'>");
        for (const char* name : {"Content-Security-Policy", "Set-Cookie", "Referrer-Policy", "X-Frame-Options",
                                 "Cross-Origin-Opener-Policy", "Cross-Origin-Embedder-Policy",
                                 "Cross-Origin-Resource-Policy", "X-Content-Type-Options"}) {
            SetHeader(in.auto_response, name, value);
        }
        SetHeader(in.https, "Strict-Transport-Security", value);
        CookieJar jar;
        jar.Set(value, in.session_url);
        in.cookies = jar.cookies();
        auto score = ScoreObservatory(in, kV6);
        ASSERT_TRUE(score.has_value()) << value;
        EXPECT_GE(score->score, 0);
        EXPECT_FALSE(ObservatoryJson(*score).empty());
    }
}

}  // namespace
}  // namespace palisade::scan::headers
