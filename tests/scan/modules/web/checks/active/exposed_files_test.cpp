// SPDX-License-Identifier: Apache-2.0
// Exposed files and backup copies against simulated sites: a site with real leftovers (each file confirmed by its
// content), catch-all sites that answer 200 for every path (nothing may be reported), pages quoting file formats,
// and source copies of crawled pages.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <re2/re2.h>

#include <map>

#include "fake_site.hpp"
#include "scan/modules/web/checks/active/active_checks.hpp"

namespace palisade::scan::web {
namespace {

using namespace palisade::scan::web::testing;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::UnorderedElementsAre;

const std::string kPhpinfo =
    "<!DOCTYPE html><html><head><title>PHP 8.2.7 - phpinfo()</title></head><body><div class=\"center\">"
    "<table><tr class=\"h\"><td><h1 class=\"p\">PHP Version 8.2.7</h1></td></tr></table>"
    "<table><tr><td class=\"e\">System </td><td class=\"v\">Linux web1 6.1.0 x86_64</td></tr></table>"
    "</div></body></html>";

const std::string kEnv =
    "APP_NAME=Shop\nAPP_ENV=production\nAPP_KEY=base64:Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA==\nDB_HOST=10.0.0.5\n"
    "DB_PASSWORD=Sup3rS3cretPassw0rd\n";

// A site that serves exactly the files in `files` (path -> response) and 404 elsewhere.
FakeSite FileSite(std::map<std::string, http::Response> files) {
    return FakeSite([files](const http::Request& r) {
        auto it = files.find(PathOfUrl(r.url));
        return it == files.end() ? NotFound() : it->second;
    });
}

http::Response Text(std::string body) { return MakeResponse(200, std::move(body), {}, "text/plain"); }

TEST(ExposedFiles, ReportsEachLeftoverConfirmedByContent) {
    static constexpr char kDsStore[] = "\0\0\0\1Bud1\0\0\x10\0\0\0\x08\0\0\0\x10\0\0\0";
    static constexpr char kWcDb[] = "SQLite format 3\0\x10\0\x01\x01\0\x40\x20\x20";
    std::string ds_store(kDsStore, sizeof kDsStore - 1);
    std::string wc_db(kWcDb, sizeof kWcDb - 1);
    FakeSite site = FileSite({
        {"/.git/HEAD", Text("ref: refs/heads/main\n")},
        {"/.git/config", Text("[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n")},
        {"/.svn/wc.db", MakeResponse(200, wc_db, {}, "application/octet-stream")},
        {"/.env", Text(kEnv)},
        {"/.DS_Store", MakeResponse(200, ds_store, {}, "application/octet-stream")},
        {"/server-status", MakeResponse(200,
                                        "<html><body><h1>Apache Server Status for shop.test (via 10.0.0.2)"
                                        "</h1><dl><dt>Server uptime: 3 days</dt></dl></body></html>")},
        {"/phpinfo.php", MakeResponse(200, kPhpinfo)},
        {"/id_rsa", Text("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n")},
        {"/dump.sql", Text("-- MySQL dump 10.13\n--\nCREATE TABLE `users` (\n  `id` int NOT NULL\n);\n")},
        {"/web.config", MakeResponse(200,
                                     "<?xml version=\"1.0\"?>\n<configuration>\n  <connectionStrings>\n"
                                     "  </connectionStrings>\n</configuration>",
                                     {}, "application/xml")},
        {"/config.php.bak", Text("<?php\n$db_password = 'secret';\n")},
    });
    Findings findings;
    CheckContext ctx = Context(site, findings);
    CheckExposedFiles(ctx, "https://shop.test", {});
    EXPECT_THAT(findings.Ids(),
                UnorderedElementsAre("web.exposed.git", "web.exposed.svn", "web.exposed.env", "web.exposed.ds_store",
                                     "web.exposed.server_status", "web.exposed.phpinfo", "web.exposed.credentials",
                                     "web.exposed.sql_dump", "web.exposed.config", "web.exposed.backup_file"));
    const Finding* git = findings.Get("web.exposed.git");
    EXPECT_EQ(git->location, "https://shop.test/.git/HEAD");
    EXPECT_THAT(git->evidence, HasSubstr("/.git/HEAD: ref: refs/heads/main"));
    EXPECT_THAT(git->evidence, HasSubstr("/.git/config: [core]"));
    const Finding* env = findings.Get("web.exposed.env");
    EXPECT_THAT(env->evidence, HasSubstr("DB_PASSWORD=***"));
    EXPECT_THAT(env->evidence, Not(HasSubstr("Sup3rS3cret")));
    EXPECT_THAT(env->evidence, Not(HasSubstr("Zm9vYmFy")));
    EXPECT_THAT(findings.Get("web.exposed.phpinfo")->evidence, HasSubstr("PHP Version 8.2.7"));
    EXPECT_THAT(findings.Get("web.exposed.credentials")->evidence, HasSubstr("BEGIN OPENSSH PRIVATE KEY"));
    EXPECT_THAT(findings.Get("web.exposed.backup_file")->evidence, Not(HasSubstr("secret")));
    for (const auto& r : site.requests()) {
        EXPECT_EQ(r.method, "GET");
        EXPECT_FALSE(r.follow_redirects);
    }
}

TEST(ExposedFiles, SecretsAreMaskedInEvidence) {
    FakeSite site = FileSite({
        {"/.aws/credentials", Text("[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"
                                   "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n")},
        {"/.npmrc", Text("//registry.npmjs.org/:_authToken=npm_abcdefghijklmnopqrstuvwxyz0123456789\n")},
    });
    Findings findings;
    CheckContext ctx = Context(site, findings);
    CheckExposedFiles(ctx, "https://shop.test/", {});
    ASSERT_THAT(findings.Ids(), ElementsAre("web.exposed.credentials"));
    const std::string& evidence = findings.all[0].evidence;
    EXPECT_THAT(evidence, HasSubstr("AKIA...LE"));
    EXPECT_THAT(evidence, HasSubstr("npm_...89"));
    EXPECT_THAT(evidence, Not(HasSubstr("IOSFODNN7EXAMP")));
    EXPECT_THAT(evidence, Not(HasSubstr("wJalrXUtnFEMI")));
    EXPECT_THAT(evidence, Not(HasSubstr("abcdefghijklmnop")));
}

TEST(ExposedFiles, CatchAllSiteRaisesNothing) {
    // Every path answers 200 with the same page, which happens to look like several of the files.
    for (const std::string& page : {kPhpinfo, kEnv, std::string("ref: refs/heads/main\n"),
                                    std::string("<?php echo 1; ?>\n-- MySQL dump 10.13\nCREATE TABLE t (\n")}) {
        FakeSite site([page](const http::Request&) { return MakeResponse(200, page); });
        Findings findings;
        CheckContext ctx = Context(site, findings);
        CheckExposedFiles(ctx, "https://shop.test", {"https://shop.test/app/index.php", "https://shop.test/about"});
        EXPECT_THAT(findings.Ids(), IsEmpty()) << page;
    }
}

TEST(ExposedFiles, StatusAloneIsNotEnough) {
    // 200 with an ordinary (different per path) page for every path: no signature matches.
    FakeSite site([](const http::Request& r) { return HtmlPage("<p>Browse " + PathOfUrl(r.url) + "</p>"); });
    Findings findings;
    CheckContext ctx = Context(site, findings);
    CheckExposedFiles(ctx, "https://shop.test", {"https://shop.test/index.php"});
    EXPECT_THAT(findings.Ids(), IsEmpty());
}

TEST(ExposedFiles, ErrorPageQuotingTheFileIsNotTheFile) {
    // A 200 HTML error page that mentions .env syntax is not a .env file.
    FakeSite site([](const http::Request& r) {
        if (PathOfUrl(r.url) == "/.env") {
            return MakeResponse(200, "<!DOCTYPE html><html><body><pre>\nDB_PASSWORD=\nAPP_KEY=\n</pre></body></html>");
        }
        return NotFound();
    });
    Findings findings;
    CheckContext ctx = Context(site, findings);
    CheckExposedFiles(ctx, "https://shop.test", {});
    EXPECT_THAT(findings.Ids(), IsEmpty());
}

TEST(ExposedFiles, ReportsSourceBackupsOfCrawledPages) {
    static constexpr char kSwap[] = "b0VIM 8.2\0\0\0\0";
    FakeSite site = FileSite({
        {"/app/index.php", HtmlPage("<p>Hello</p>")},
        {"/app/index.php.bak", Text("<?php echo '<p>Hello</p>'; $key = 'x'; ?>")},
        {"/app/.cart.php.swp", MakeResponse(200, std::string(kSwap, sizeof kSwap - 1), {}, "application/octet-stream")},
        {"/app/cart.php", HtmlPage("<p>Cart</p>")},
        {"/static/about.html~", Text("<p>About</p>")},  // a static page's copy: nothing to disclose
    });
    Findings findings;
    CheckContext ctx = Context(site, findings);
    CheckExposedFiles(ctx, "https://shop.test",
                      {"https://shop.test/app/index.php?lang=en", "https://shop.test/app/cart.php",
                       "https://shop.test/static/about.html", "https://other.test/app/x.php", "https://shop.test/"});
    std::vector<std::string> locations;
    for (const auto& f : findings.all) {
        EXPECT_EQ(f.check, "web.exposed.backup_file");
        locations.push_back(f.location);
    }
    EXPECT_THAT(locations,
                UnorderedElementsAre("https://shop.test/app/index.php.bak", "https://shop.test/app/.cart.php.swp"));
    for (const auto& r : site.requests()) EXPECT_THAT(r.url, Not(HasSubstr("other.test")));
}

TEST(ExposedFiles, PageThatShowsCodeAsContentIsNotABackupLeak) {
    // A tutorial page whose rendered content contains "<?php", and whose .bak copy is the same text.
    std::string tutorial = "<pre>&lt;?php echo 1; ?&gt;</pre><p>Write <?php to start PHP code.</p>";
    FakeSite site = FileSite({
        {"/learn/php.php", MakeResponse(200, tutorial)},
        {"/learn/php.php.bak", MakeResponse(200, tutorial)},
    });
    Findings findings;
    CheckContext ctx = Context(site, findings);
    CheckExposedFiles(ctx, "https://shop.test", {"https://shop.test/learn/php.php"});
    EXPECT_THAT(findings.Ids(), IsEmpty());
}

TEST(ExposedFiles, StoppedTokenSendsNothing) {
    FakeSite site = FileSite({{"/.git/HEAD", Text("ref: refs/heads/main\n")}});
    Findings findings;
    StopSource stop;
    stop.RequestStop();
    CheckContext ctx = Context(site, findings, CancelToken(stop));
    CheckExposedFiles(ctx, "https://shop.test", {"https://shop.test/index.php"});
    EXPECT_EQ(site.count(), 0u);
    EXPECT_THAT(findings.Ids(), IsEmpty());
}

TEST(ExposedFiles, BackupProbesAreCapped) {
    FakeSite site([](const http::Request&) { return NotFound(); });
    std::vector<std::string> pages;
    for (int i = 0; i < 100; ++i) pages.push_back("https://shop.test/p" + std::to_string(i) + ".php");
    Findings findings;
    CheckContext ctx = Context(site, findings);
    CheckExposedFiles(ctx, "https://shop.test", pages);
    std::size_t backup_probes = 0;
    for (const auto& r : site.requests()) {
        // Copies of the pages "/p<n>.php": "/p<n>.php.bak" ... and "/.p<n>.php.swp".
        if (RE2::PartialMatch(PathOfUrl(r.url), R"(^/\.?p\d{1,2}\.php.)")) ++backup_probes;
    }
    EXPECT_EQ(backup_probes, kMaxBackupPages * 7);
}

}  // namespace
}  // namespace palisade::scan::web
