// SPDX-License-Identifier: Apache-2.0
// CSRF (forms and cookies), CORS (reflected and null origins) and HTTP methods (TRACE, OPTIONS) against simulated
// sites, with their decoys.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "fake_site.hpp"
#include "scan/modules/web/checks/active/active_checks.hpp"

namespace palisade::scan::web {
namespace {

using namespace palisade::scan::web::testing;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

Form PostForm(std::vector<FormField> fields, std::string action = "https://shop.test/profile") {
    Form form;
    form.page_url = "https://shop.test/profile/edit";
    form.action = std::move(action);
    form.method = "POST";
    form.fields = std::move(fields);
    for (const auto& f : form.fields) form.has_password = form.has_password || f.type == "password";
    return form;
}

std::vector<std::string> RunCsrf(const Form& form, const http::Response& page) {
    FakeSite site([](const http::Request&) { return NotFound(); });
    Findings findings;
    CheckContext ctx = Context(site, findings);
    CheckCsrf(ctx, form, page);
    EXPECT_EQ(site.count(), 0u) << "CheckCsrf must not send requests";
    return findings.Ids();
}

const std::vector<FormField> kProfileFields = {
    {"email", "email", ""}, {"display_name", "text", ""}, {"save", "submit", "Save"}};

TEST(Csrf, ReportsAPostFormWithoutTokenAndWithoutCookies) {
    FakeSite site([](const http::Request&) { return NotFound(); });
    Findings findings;
    CheckContext ctx = Context(site, findings);
    CheckCsrf(ctx, PostForm(kProfileFields), HtmlPage("<form></form>"));
    ASSERT_THAT(findings.Ids(), ElementsAre("web.csrf.missing_token"));
    const Finding* f = findings.Get("web.csrf.missing_token");
    EXPECT_EQ(f->location, "https://shop.test/profile");
    EXPECT_THAT(f->evidence, HasSubstr("display_name, email, save"));
    EXPECT_THAT(f->evidence, HasSubstr("sets no cookie"));
}

TEST(Csrf, ReportsWhenASessionCookieLacksSameSite) {
    auto page = HtmlPage("<form></form>", {{"Set-Cookie", "prefs=dark; Path=/; SameSite=Lax"},
                                           {"Set-Cookie", "sid=abc123; Path=/; HttpOnly; Secure"}});
    EXPECT_THAT(RunCsrf(PostForm(kProfileFields), page), ElementsAre("web.csrf.missing_token"));
    auto none = HtmlPage("<form></form>", {{"Set-Cookie", "sid=abc123; Path=/; Secure; SameSite=None"}});
    EXPECT_THAT(RunCsrf(PostForm(kProfileFields), none), ElementsAre("web.csrf.missing_token"));
}

TEST(Csrf, FormWithAKnownTokenFieldIsNotFlagged) {
    for (const char* name : {"csrf_token", "_csrf", "authenticity_token", "csrfmiddlewaretoken",
                             "__RequestVerificationToken", "_token", "_wpnonce", "X-XSRF-TOKEN"}) {
        auto fields = kProfileFields;
        fields.push_back({name, "hidden", "abc"});
        EXPECT_THAT(RunCsrf(PostForm(fields), HtmlPage("")), IsEmpty()) << name;
    }
}

TEST(Csrf, HiddenHighEntropyValueCountsAsAToken) {
    auto fields = kProfileFields;
    fields.push_back({"state", "hidden", "q8Zr2LkP0vX7mN4tY1wB"});
    EXPECT_THAT(RunCsrf(PostForm(fields), HtmlPage("")), IsEmpty());
    auto weak = kProfileFields;
    weak.push_back({"step", "hidden", "aaaaaaaaaaaaaaaaaaaa"});  // long but not random
    EXPECT_THAT(RunCsrf(PostForm(weak), HtmlPage("")), ElementsAre("web.csrf.missing_token"));
}

TEST(Csrf, SameSiteLaxOrStrictCookiesProtectTheForm) {
    auto page = HtmlPage("", {{"Set-Cookie", "sid=abc; Path=/; HttpOnly; SameSite=Lax"},
                              {"Set-Cookie", "remember=1; Path=/; SameSite=Strict"}});
    EXPECT_THAT(RunCsrf(PostForm(kProfileFields), page), IsEmpty());
}

TEST(Csrf, GetFormsLoginFormsAndForeignActionsAreNotFlagged) {
    Form search = PostForm({{"q", "search", ""}});
    search.method = "GET";
    EXPECT_THAT(RunCsrf(search, HtmlPage("")), IsEmpty());
    Form login = PostForm({{"username", "text", ""}, {"password", "password", ""}, {"go", "submit", "Sign in"}});
    EXPECT_THAT(RunCsrf(login, HtmlPage("")), IsEmpty());
    Form foreign = PostForm(kProfileFields, "https://payments.example/checkout");
    EXPECT_THAT(RunCsrf(foreign, HtmlPage("")), IsEmpty());
}

TEST(Csrf, PasswordChangeFormIsNotALoginForm) {
    Form change = PostForm({{"current", "password", ""}, {"new", "password", ""}, {"confirm", "password", ""}});
    EXPECT_THAT(RunCsrf(change, HtmlPage("")), ElementsAre("web.csrf.missing_token"));
}

// --- CORS ----------------------------------------------------------------------------------------------------------

std::string OriginHeader(const http::Request& r) {
    for (const auto& h : r.headers) {
        if (h.name == "Origin") return h.value;
    }
    return {};
}

TEST(Cors, ReportsAReflectedOriginWithCredentials) {
    FakeSite site([](const http::Request& r) {
        return MakeResponse(
            200, "{}", {{"Access-Control-Allow-Origin", OriginHeader(r)}, {"Access-Control-Allow-Credentials", "true"}},
            "application/json");
    });
    Findings findings;
    CheckContext ctx = Context(site, findings);
    CheckCors(ctx, "https://api.shop.test/me");
    ASSERT_THAT(findings.Ids(), ElementsAre("web.cors.reflected_origin_with_credentials"));
    EXPECT_THAT(findings.all[0].evidence, HasSubstr(".palisade-cors-probe.example"));
    EXPECT_THAT(OriginHeader(site.requests()[0]), ::testing::StartsWith("https://"));
}

TEST(Cors, ReflectionWithoutCredentialsOrAWildcardIsNotFlagged) {
    FakeSite reflect([](const http::Request& r) {
        return MakeResponse(200, "{}", {{"Access-Control-Allow-Origin", OriginHeader(r)}}, "application/json");
    });
    FakeSite wildcard([](const http::Request&) {
        return MakeResponse(200, "{}",
                            {{"Access-Control-Allow-Origin", "*"}, {"Access-Control-Allow-Credentials", "true"}},
                            "application/json");
    });
    for (FakeSite* site : {&reflect, &wildcard}) {
        Findings findings;
        CheckContext ctx = Context(*site, findings);
        CheckCors(ctx, "https://api.shop.test/me");
        EXPECT_THAT(findings.Ids(), IsEmpty());
    }
}

TEST(Cors, ReportsTheNullOriginWithCredentials) {
    FakeSite site([](const http::Request& r) {
        if (OriginHeader(r) != "null") return MakeResponse(200, "{}", {}, "application/json");
        return MakeResponse(200, "{}",
                            {{"Access-Control-Allow-Origin", "null"}, {"Access-Control-Allow-Credentials", "true"}},
                            "application/json");
    });
    Findings findings;
    CheckContext ctx = Context(site, findings);
    CheckCors(ctx, "https://api.shop.test/me");
    EXPECT_THAT(findings.Ids(), ElementsAre("web.cors.null_origin_with_credentials"));
}

TEST(Cors, ReportsAnOriginCheckThatOnlyLooksAtThePrefix) {
    // Trusts every origin that starts with https://api.shop.test.
    FakeSite site([](const http::Request& r) {
        std::string origin = OriginHeader(r);
        if (!origin.starts_with("https://api.shop.test")) return MakeResponse(200, "{}", {}, "application/json");
        return MakeResponse(200, "{}",
                            {{"Access-Control-Allow-Origin", origin}, {"Access-Control-Allow-Credentials", "true"}},
                            "application/json");
    });
    Findings findings;
    CheckContext ctx = Context(site, findings);
    CheckCors(ctx, "https://api.shop.test/me");
    ASSERT_THAT(findings.Ids(), ElementsAre("web.cors.reflected_origin_with_credentials"));
    EXPECT_THAT(findings.all[0].evidence, HasSubstr("https://api.shop.test."));
}

TEST(Cors, ExactAllowListIsNotFlagged) {
    FakeSite site([](const http::Request& r) {
        if (OriginHeader(r) != "https://www.shop.test") return MakeResponse(200, "{}", {}, "application/json");
        return MakeResponse(
            200, "{}",
            {{"Access-Control-Allow-Origin", "https://www.shop.test"}, {"Access-Control-Allow-Credentials", "true"}},
            "application/json");
    });
    Findings findings;
    CheckContext ctx = Context(site, findings);
    CheckCors(ctx, "https://api.shop.test/me");
    EXPECT_THAT(findings.Ids(), IsEmpty());
}

// --- HTTP methods --------------------------------------------------------------------------------------------------

http::Response EchoTrace(const http::Request& r) {
    std::string echo = "TRACE " + PathOfUrl(r.url) + " HTTP/1.1\r\nHost: shop.test\r\n";
    for (const auto& h : r.headers) echo += h.name + ": " + h.value + "\r\n";
    return MakeResponse(200, echo + "\r\n", {}, "message/http");
}

TEST(HttpMethods, ReportsTraceEchoAndAdvertisedPutDelete) {
    FakeSite site([](const http::Request& r) {
        if (r.method == "TRACE") return EchoTrace(r);
        if (r.method == "OPTIONS") {
            return MakeResponse(200, "", {{"Allow", "OPTIONS, GET, HEAD, POST, PUT, DELETE"}, {"DAV", "1,2"}});
        }
        return HtmlPage("");
    });
    Findings findings;
    CheckContext ctx = Context(site, findings);
    CheckHttpMethods(ctx, "https://shop.test/files/");
    ASSERT_THAT(findings.Ids(), ElementsAre("web.http.trace", "web.http.put_delete_allowed"));
    EXPECT_THAT(findings.all[0].evidence, HasSubstr("TRACE /files/ HTTP/1.1"));
    EXPECT_THAT(findings.all[1].evidence, HasSubstr("Allow: OPTIONS, GET, HEAD, POST, PUT, DELETE"));
    EXPECT_THAT(findings.all[1].evidence, HasSubstr("DAV: 1,2"));
    for (const auto& r : site.requests()) {
        EXPECT_THAT(r.method, Not(::testing::AnyOf("PUT", "DELETE")));
    }
}

TEST(HttpMethods, CorsAllowMethodsCountsToo) {
    FakeSite site([](const http::Request& r) {
        if (r.method == "OPTIONS") return MakeResponse(204, "", {{"Access-Control-Allow-Methods", "get,delete"}});
        return MakeResponse(405, "");
    });
    Findings findings;
    CheckContext ctx = Context(site, findings);
    CheckHttpMethods(ctx, "https://shop.test/api/items");
    EXPECT_THAT(findings.Ids(), ElementsAre("web.http.put_delete_allowed"));
}

TEST(HttpMethods, RefusedTraceAndSafeAllowAreNotFlagged) {
    FakeSite site([](const http::Request& r) {
        if (r.method == "TRACE") return MakeResponse(405, "Method Not Allowed", {{"Allow", "GET, HEAD"}});
        if (r.method == "OPTIONS") return MakeResponse(200, "", {{"Allow", "GET, HEAD, OPTIONS, POST"}});
        return HtmlPage("");
    });
    Findings findings;
    CheckContext ctx = Context(site, findings);
    CheckHttpMethods(ctx, "https://shop.test/");
    EXPECT_THAT(findings.Ids(), IsEmpty());
}

TEST(HttpMethods, TraceAnsweredWithAnOrdinaryPageIsNotFlagged) {
    // A catch-all that answers every method with the home page (no echo of the request).
    FakeSite site([](const http::Request&) { return HtmlPage("<p>Welcome. TRACE your order here.</p>"); });
    Findings findings;
    CheckContext ctx = Context(site, findings);
    CheckHttpMethods(ctx, "https://shop.test/");
    EXPECT_THAT(findings.Ids(), IsEmpty());
}

}  // namespace
}  // namespace palisade::scan::web
