// SPDX-License-Identifier: Apache-2.0
#include "scan/modules/web/html/robots.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace palisade::scan::web {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(ParseRobots, CollectsPathsOfEveryGroupWithWildcardsCutOff) {
    RobotsTxt robots = ParseRobots(
        "\xEF\xBB\xBFUser-agent: *\r\nDisallow: /admin/\r\nDisallow: /private*/data  # secret\r\n"
        "allow: /public$\n\nUser-agent: Googlebot\nDISALLOW: /search?q=\nDisallow: /*.php$\nDisallow:\n"
        "Disallow: /\nDisallow: relative/path\nDisallow: /admin/\nCrawl-delay: 10\n"
        "Sitemap: https://www.example.test/sitemap_index.xml\nsitemap:http://www.example.test/news.xml\n"
        "Sitemap: /relative.xml\nSitemap: ftp://x.example/s.xml\n# Disallow: /commented\n");
    EXPECT_THAT(robots.paths, ElementsAre("/admin/", "/private", "/public", "/search?q="));
    EXPECT_THAT(robots.sitemaps,
                ElementsAre("https://www.example.test/sitemap_index.xml", "http://www.example.test/news.xml"));
}

TEST(ParseRobots, EmptyOrGarbageGivesNothing) {
    EXPECT_THAT(ParseRobots("").paths, IsEmpty());
    constexpr char kGarbage[] = "\x00\x01<html>not robots</html>\n:::\n";
    RobotsTxt robots = ParseRobots(std::string(kGarbage, sizeof(kGarbage) - 1));
    EXPECT_THAT(robots.paths, IsEmpty());
    EXPECT_THAT(robots.sitemaps, IsEmpty());
}

TEST(ParseRobots, CapsTheNumberOfPaths) {
    std::string text;
    for (int i = 0; i < 1500; ++i) text += "Disallow: /p" + std::to_string(i) + "\n";
    EXPECT_EQ(ParseRobots(text).paths.size(), 1000u);
}

TEST(ParseSitemap, ReadsUrlsetLocsWithEntitiesWhitespaceAndCdata) {
    std::vector<std::string> urls = ParseSitemap(R"(<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
  <!-- <url><loc>https://shop.example/commented</loc></url> -->
  <url><loc>https://shop.example/item?id=1&amp;ref=sm</loc><lastmod>2024-01-01</lastmod></url>
  <url>
    <loc>
      https://shop.example/caf&#xE9;
    </loc>
    <image:image><image:loc>https://cdn.example/photo.jpg</image:loc></image:image>
  </url>
  <url><loc><![CDATA[https://shop.example/raw?a=1&b=2]]></loc></url>
  <url><loc>https://shop.example/item?id=1&amp;ref=sm</loc></url>
  <url><loc>mailto:x@example.test</loc></url>
</urlset>)",
                                                 100);
    EXPECT_THAT(urls, ElementsAre("https://shop.example/item?id=1&ref=sm", "https://shop.example/caf%C3%A9",
                                  "https://shop.example/raw?a=1&b=2"));
}

TEST(ParseSitemap, ReadsSitemapIndexWithNamespacePrefixes) {
    std::vector<std::string> urls = ParseSitemap(
        R"(<sm:sitemapindex xmlns:sm="http://www.sitemaps.org/schemas/sitemap/0.9"><sm:sitemap><sm:loc>
        http://shop.example/sitemap-1.xml</sm:loc></sm:sitemap><sm:sitemap><sm:loc>http://shop.example/sitemap-2.xml
        </sm:loc></sm:sitemap></sm:sitemapindex>)",
        100);
    EXPECT_THAT(urls, ElementsAre("http://shop.example/sitemap-1.xml", "http://shop.example/sitemap-2.xml"));
}

TEST(ParseSitemap, StopsAtMaxUrlsAndToleratesTruncation) {
    std::string xml = "<urlset>";
    for (int i = 0; i < 50; ++i) xml += "<url><loc>http://a.example/" + std::to_string(i) + "</loc></url>";
    EXPECT_EQ(ParseSitemap(xml, 10).size(), 10u);
    EXPECT_THAT(ParseSitemap("<urlset><url><loc>http://a.example/x</loc></url><url><loc>http://a.exa", 10),
                ElementsAre("http://a.example/x", "http://a.exa/"));
    EXPECT_THAT(ParseSitemap("<urlset><url><loc", 10), IsEmpty());
    EXPECT_THAT(ParseSitemap("not xml at all & <<>>", 10), IsEmpty());
}

TEST(DecodeXmlEntities, DecodesPredefinedAndNumericReferencesOnly) {
    EXPECT_EQ(DecodeXmlEntities("a&amp;b&lt;&gt;&quot;&apos;&#65;&#x42;&nbsp;&#xD800;&"), "a&b<>\"'AB&nbsp;&#xD800;&");
}

}  // namespace
}  // namespace palisade::scan::web
