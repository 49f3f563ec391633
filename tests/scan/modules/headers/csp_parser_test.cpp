// SPDX-License-Identifier: Apache-2.0
#include "scan/modules/headers/csp_parser.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace palisade::scan::headers {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

CspPolicy One(std::string_view header) {
    auto policies = ParseCsp(header);
    EXPECT_TRUE(policies.has_value());
    EXPECT_EQ(policies->size(), 1u) << header;
    return policies->empty() ? CspPolicy{} : policies->front();
}

TEST(CspParser, ParsesDirectivesAndSourcesInOrder) {
    CspPolicy p = One("default-src 'self'; script-src 'self' https://cdn.example.com; img-src *");
    ASSERT_EQ(p.directives.size(), 3u);
    EXPECT_EQ(p.directives[0].name, "default-src");
    EXPECT_THAT(p.directives[1].sources, ElementsAre("'self'", "https://cdn.example.com"));
    EXPECT_THAT(p.directives[2].sources, ElementsAre("*"));
}

TEST(CspParser, LowerCasesNamesKeywordsAndSchemesButKeepsHostsAndNonceValues) {
    CspPolicy p = One("SCRIPT-SRC 'SELF' 'Nonce-AbC+/=' HTTPS: Cdn.Example.COM/Path 'SHA256-XyZ='");
    ASSERT_EQ(p.directives.size(), 1u);
    EXPECT_EQ(p.directives[0].name, "script-src");
    EXPECT_THAT(p.directives[0].sources,
                ElementsAre("'self'", "'nonce-AbC+/='", "https:", "Cdn.Example.COM/Path", "'sha256-XyZ='"));
}

TEST(CspParser, FirstDuplicateDirectiveWinsAndIsRecorded) {
    CspPolicy p = One("script-src 'none'; Script-Src *; report-uri /a; report-uri /b");
    ASSERT_EQ(p.directives.size(), 2u);
    EXPECT_THAT(FindDirective(p, "script-src")->sources, ElementsAre("'none'"));
    EXPECT_THAT(FindDirective(p, "report-uri")->sources, ElementsAre("/a"));
    EXPECT_THAT(p.duplicate_directives, ElementsAre("script-src", "report-uri"));
}

TEST(CspParser, EmptyDirectiveHasNoSourcesAndEmptyTokensAreSkipped) {
    CspPolicy p = One(" ;; object-src ;\t\r\n default-src  'self'\t'none' ; ");
    ASSERT_EQ(p.directives.size(), 2u);
    EXPECT_THAT(FindDirective(p, "object-src")->sources, IsEmpty());
    EXPECT_THAT(FindDirective(p, "default-src")->sources, ElementsAre("'self'", "'none'"));
    EXPECT_TRUE(HasObjectSrcNone(p));
}

TEST(CspParser, SkipsDirectiveNamesWithInvalidCharacters) {
    CspPolicy p = One("scr\xC3\xAFpt-src *; img_src *; default-src 'none'");
    ASSERT_EQ(p.directives.size(), 1u);
    EXPECT_EQ(p.directives[0].name, "default-src");
    EXPECT_EQ(p.invalid_directives.size(), 2u);
}

TEST(CspParser, CommaSeparatesPoliciesAndSeveralHeadersAreConcatenated) {
    auto joined = ParseCsp("default-src 'self', script-src 'none' ,, ");
    ASSERT_TRUE(joined.has_value());
    ASSERT_EQ(joined->size(), 2u);
    EXPECT_EQ((*joined)[1].directives[0].name, "script-src");

    std::vector<std::string_view> headers = {"default-src *", "script-src 'self', object-src 'none'"};
    auto many = ParseCspHeaders(headers);
    ASSERT_TRUE(many.has_value());
    EXPECT_EQ(many->size(), 3u);
}

TEST(CspParser, EmptyOrGarbageGivesNoPoliciesWithoutFailing) {
    for (std::string_view h : {"", "   ", ";;;", ",,,", "\x01\x02\xff"}) {
        auto p = ParseCsp(h);
        ASSERT_TRUE(p.has_value());
        EXPECT_THAT(*p, IsEmpty()) << h;
    }
    auto garbage = ParseCsp("\x01\x02\xff junk");  // a name with bytes outside [a-z0-9-] is skipped
    ASSERT_TRUE(garbage.has_value());
    EXPECT_THAT(*garbage, IsEmpty());
}

TEST(CspParser, RejectsHeadersLargerThan64KiB) {
    std::string big = "default-src 'self' " + std::string(kMaxHeaderBytes, 'a');
    auto r = ParseCsp(big);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_TRUE(ParseCsp(std::string(kMaxHeaderBytes, ' ')).has_value());

    std::string half(kMaxHeaderBytes / 2 + 1, 'a');
    std::vector<std::string_view> two = {half, half};
    EXPECT_FALSE(ParseCspHeaders(two).has_value());
}

TEST(CspQueries, EffectiveDirectiveFollowsCsp3Fallback) {
    CspPolicy p = One("default-src 'self'; child-src https://c; script-src https://s");
    EXPECT_EQ(EffectiveDirective(p, "script-src-elem")->name, "script-src");
    EXPECT_EQ(EffectiveDirective(p, "worker-src")->name, "child-src");
    EXPECT_EQ(EffectiveDirective(p, "frame-src")->name, "child-src");
    EXPECT_EQ(EffectiveDirective(p, "style-src")->name, "default-src");
    EXPECT_EQ(EffectiveDirective(p, "img-src")->name, "default-src");
    EXPECT_EQ(EffectiveDirective(p, "base-uri"), nullptr);
    EXPECT_EQ(EffectiveDirective(p, "frame-ancestors"), nullptr);
    EXPECT_EQ(EffectiveDirective(One("script-src 'self'"), "worker-src")->name, "script-src");
}

TEST(CspQueries, UnsafeInlineRespectsNoncesHashesAndStrictDynamic) {
    EXPECT_TRUE(AllowsUnsafeInline(One("script-src 'self' 'unsafe-inline'"), "script-src"));
    EXPECT_TRUE(AllowsUnsafeInline(One("default-src 'UNSAFE-INLINE'"), "script-src"));
    EXPECT_FALSE(AllowsUnsafeInline(One("script-src 'unsafe-inline' 'nonce-abc'"), "script-src"));
    EXPECT_FALSE(AllowsUnsafeInline(One("script-src 'unsafe-inline' 'sha384-abc'"), "script-src"));
    EXPECT_FALSE(AllowsUnsafeInline(One("script-src 'unsafe-inline' 'strict-dynamic'"), "script-src"));
    EXPECT_FALSE(AllowsUnsafeInline(One("style-src 'unsafe-inline' 'sha256-abc'"), "style-src"));
    EXPECT_TRUE(AllowsUnsafeInline(One("style-src 'unsafe-inline' 'strict-dynamic'"), "style-src"));
    EXPECT_FALSE(AllowsUnsafeInline(One("default-src 'self'"), "script-src"));
    EXPECT_TRUE(AllowsUnsafeInline(One("img-src 'self'"), "script-src"));  // nothing governs scripts
}

TEST(CspQueries, UnsafeEvalFollowsFallback) {
    EXPECT_TRUE(AllowsUnsafeEval(One("default-src 'self' 'unsafe-eval'")));
    EXPECT_FALSE(AllowsUnsafeEval(One("default-src 'unsafe-eval'; script-src 'self'")));
    EXPECT_TRUE(AllowsUnsafeEval(One("style-src 'unsafe-eval'"), "style-src"));
    EXPECT_TRUE(AllowsUnsafeEval(One("img-src 'none'")));
}

TEST(CspQueries, WildcardOrSchemeSourceUsesObservatoryBroadList) {
    for (std::string_view h :
         {"script-src *", "script-src https:", "script-src HTTP:", "script-src ftp:", "script-src https://*",
          "script-src http://*.*", "script-src data:", "default-src 'self' https:", "img-src 'self'"}) {
        EXPECT_TRUE(HasWildcardOrSchemeSource(One(h), "script-src")) << h;
    }
    EXPECT_FALSE(HasWildcardOrSchemeSource(One("script-src 'self' https://cdn.example.com"), "script-src"));
    EXPECT_FALSE(HasWildcardOrSchemeSource(One("script-src https://*.example.com"), "script-src"));
    EXPECT_FALSE(HasWildcardOrSchemeSource(One("object-src data:"), "object-src"));  // data: only for script/style
    EXPECT_TRUE(HasWildcardOrSchemeSource(One("style-src data:"), "style-src"));
    EXPECT_FALSE(HasWildcardOrSchemeSource(One("script-src 'nonce-x' 'strict-dynamic' https: *"), "script-src"));
    EXPECT_TRUE(HasWildcardOrSchemeSource(One("script-src 'strict-dynamic' https:"), "script-src"));
}

TEST(CspQueries, SeveralPoliciesAllowOnlyWhatEveryPolicyAllows) {
    auto both = ParseCsp("script-src 'unsafe-inline' 'unsafe-eval' *, script-src 'self' 'unsafe-eval'");
    ASSERT_TRUE(both.has_value());
    EXPECT_FALSE(AllowsUnsafeInline(*both, "script-src"));
    EXPECT_TRUE(AllowsUnsafeEval(*both));
    EXPECT_FALSE(HasWildcardOrSchemeSource(*both, "script-src"));
    std::vector<CspPolicy> none;
    EXPECT_TRUE(AllowsUnsafeInline(none, "script-src"));
}

TEST(CspQueries, ObjectSrcBaseUriFrameAncestorsAndStrictDynamic) {
    EXPECT_TRUE(HasObjectSrcNone(One("default-src 'none'")));
    EXPECT_FALSE(HasObjectSrcNone(One("default-src 'none'; object-src 'self'")));
    EXPECT_FALSE(HasObjectSrcNone(One("script-src 'self'")));
    EXPECT_TRUE(HasRestrictedBaseUri(One("base-uri 'self'")));
    EXPECT_TRUE(HasRestrictedBaseUri(One("base-uri")));
    EXPECT_FALSE(HasRestrictedBaseUri(One("base-uri https:")));
    EXPECT_FALSE(HasRestrictedBaseUri(One("default-src 'none'")));  // base-uri does not fall back
    EXPECT_EQ(FrameAncestors(One("default-src 'none'")), std::nullopt);
    EXPECT_THAT(*FrameAncestors(One("frame-ancestors 'SELF' https://a.example")),
                ElementsAre("'self'", "https://a.example"));
    EXPECT_TRUE(HasStrictDynamicWithoutNonceOrHash(One("script-src 'strict-dynamic'")));
    EXPECT_FALSE(HasStrictDynamicWithoutNonceOrHash(One("script-src 'strict-dynamic' 'sha512-a'")));
}

}  // namespace
}  // namespace palisade::scan::headers
