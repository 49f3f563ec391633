// SPDX-License-Identifier: Apache-2.0
// The page-comparison helper and the catalogue of the active checks.
#include "scan/modules/web/checks/active/similarity.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "scan/modules/web/checks/active/active_checks.hpp"

namespace palisade::scan::web::active {
namespace {

TEST(VisibleText, DropsMarkupScriptsStylesAndComments) {
    std::string html =
        "<html><head><style>body{color:red}</style><script>var secret = 1;</script></head>"
        "<body><!-- hidden --><p>Hello&nbsp;<b>world</b></p>\n\n<SCRIPT type=x>more()</SCRIPT>a<br>b</body></html>";
    EXPECT_EQ(VisibleText(html), "Hello world a b");
}

TEST(VisibleText, DecodesCharacterReferences) {
    EXPECT_EQ(VisibleText("<p>1 &lt; 2 &amp;&amp; &quot;x&quot; &#39;y&#x27; &eacute;</p>"),
              "1 < 2 && \"x\" 'y' &eacute;");
}

TEST(VisibleText, KeepsNonHtmlBodiesButCollapsesWhitespace) {
    EXPECT_EQ(VisibleText("{\"a\": 1,\n   \"b\" : [2, 3]}  "), "{\"a\": 1, \"b\" : [2, 3]}");
    EXPECT_EQ(VisibleText("a < b and c > d"), "a < b and c > d");  // '<' followed by a space is not a tag
}

TEST(ReplaceAll, ReplacesEveryOccurrence) {
    EXPECT_EQ(ReplaceAll("abcabc", "b", "XY"), "aXYcaXYc");
    EXPECT_EQ(ReplaceAll("abc", "", "X"), "abc");
    EXPECT_EQ(ReplaceAll("aaa", "aa", "b"), "ba");
}

TEST(ComparableText, RemovesTheProbesReflectionInEveryForm) {
    std::string base = ComparableText("<p>You searched for 7</p>", "7", "7");
    EXPECT_EQ(base, "You searched for 7");
    EXPECT_EQ(ComparableText("<p>You searched for 7' AND '5'='5</p>", "7' AND '5'='5", "7"), base);
    EXPECT_EQ(ComparableText("<p>You searched for 7&#39; AND &#39;5&#39;=&#39;5</p>", "7' AND '5'='5", "7"), base);
    EXPECT_EQ(ComparableText("<p>You searched for 7%27+AND+%275%27%3D%275</p>", "7' AND '5'='5", "7"), base);
    EXPECT_EQ(ComparableText("<p>You searched for 7%27%20AND%20%275%27%3D%275</p>", "7' AND '5'='5", "7"), base);
    EXPECT_NE(ComparableText("<p>You searched for 7' AND '5'='6</p>", "7' AND '5'='5", "7"), base);
}

TEST(SimilarityRatio, IsOneForEqualWordListsAndZeroForDisjoint) {
    EXPECT_DOUBLE_EQ(SimilarityRatio("a b c", "a b c"), 1.0);
    EXPECT_DOUBLE_EQ(SimilarityRatio("a b c", "c b a"), 1.0);  // order is ignored
    EXPECT_DOUBLE_EQ(SimilarityRatio("", ""), 1.0);
    EXPECT_DOUBLE_EQ(SimilarityRatio("a b", "c d"), 0.0);
    EXPECT_DOUBLE_EQ(SimilarityRatio("a b c d", "a b c e"), 0.75);
    EXPECT_DOUBLE_EQ(SimilarityRatio("a a b", "a b"), 0.8);  // multiset: 2*2/(3+2)
}

TEST(ActiveChecks, CatalogueIsWellFormedAndInTheWebNamespace) {
    EXPECT_THAT(ValidateCheckTable(ActiveChecks()), ::testing::IsEmpty());
    for (const CheckInfo& c : ActiveChecks()) EXPECT_EQ(c.id.substr(0, 4), "web.") << c.id;
    EXPECT_EQ(ActiveChecks().size(), 20u);
}

}  // namespace
}  // namespace palisade::scan::web::active
