// SPDX-License-Identifier: Apache-2.0
// Path traversal and open redirect against simulated sites: vulnerable ones (plain, filter-evading, Windows,
// Location / meta refresh / script redirects, backslash bypass) and decoys (allow-lists, pages quoting
// /etc/passwd, relative-only redirects, reflected links, parameters that are not redirect-like).
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

constexpr const char* kPasswd = "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n";
constexpr const char* kWinIni = "; for 16-bit app support\r\n[fonts]\r\n[extensions]\r\n[mci extensions]\r\n";

// Resolves `value` under /var/www/files/ the way a naive include() would; returns the file's content.
std::optional<std::string> NaiveRead(std::string path) {
    std::vector<std::string> parts;
    if (path.starts_with("/"))
        path = path.substr(1);
    else
        path = "var/www/files/" + path;
    std::size_t start = 0;
    while (start <= path.size()) {
        std::size_t slash = path.find('/', start);
        std::string part = path.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
        if (part == "..") {
            if (!parts.empty()) parts.pop_back();
        } else if (!part.empty() && part != ".") {
            parts.push_back(part);
        }
        if (slash == std::string::npos) break;
        start = slash + 1;
    }
    std::string joined;
    for (const auto& p : parts) joined += "/" + p;
    if (joined == "/etc/passwd") return kPasswd;
    if (joined == "/var/www/files/about.txt") return "About our shop.";
    return std::nullopt;
}

http::Response FileAnswer(const std::optional<std::string>& content) {
    if (!content) return MakeResponse(200, "<html><body><p>File not found.</p></body></html>");
    return HtmlPage("<pre>" + *content + "</pre>");
}

InjectionPoint FilePoint() { return QueryPoint("http://shop.test/view", {{"file", "about.txt"}}); }

TEST(PathTraversal, ReportsPlainTraversal) {
    FakeSite site([](const http::Request& r) { return FileAnswer(NaiveRead(Param(r, "file"))); });
    Findings findings;
    CheckContext ctx = Context(site, findings);
    CheckPathTraversal(ctx, FilePoint());
    ASSERT_THAT(findings.Ids(), ElementsAre("web.path_traversal"));
    EXPECT_THAT(findings.Get("web.path_traversal")->evidence, HasSubstr("root:x:0:0:"));
    EXPECT_THAT(findings.Get("web.path_traversal")->evidence, HasSubstr("/etc/passwd"));
    EXPECT_EQ(findings.Get("web.path_traversal")->location, "http://shop.test/view");
}

TEST(PathTraversal, ReportsTraversalPastAFilterThatStripsDotDotSlashOnce) {
    // Absolute paths are refused and "../" is removed once (str_replace): only "....//" gets through.
    FakeSite site([](const http::Request& r) {
        std::string v = Param(r, "file");
        if (v.starts_with("/") || v.find(':') != std::string::npos) return FileAnswer(std::nullopt);
        std::string cleaned;
        for (std::size_t i = 0; i < v.size();) {
            if (v.compare(i, 3, "../") == 0) {
                i += 3;
            } else {
                cleaned += v[i++];
            }
        }
        return FileAnswer(NaiveRead(cleaned));
    });
    Findings findings;
    CheckContext ctx = Context(site, findings);
    CheckPathTraversal(ctx, FilePoint());
    ASSERT_THAT(findings.Ids(), ElementsAre("web.path_traversal"));
    EXPECT_THAT(findings.Get("web.path_traversal")->evidence, HasSubstr("....//"));
}

TEST(PathTraversal, ReportsWindowsWinIni) {
    FakeSite site([](const http::Request& r) {
        std::string v = Param(r, "file");
        bool up = v.find("..\\") != std::string::npos || v.find("../") != std::string::npos;
        if (up && v.ends_with("windows\\win.ini")) return HtmlPage(std::string("<pre>") + kWinIni + "</pre>");
        return FileAnswer(std::nullopt);
    });
    Findings findings;
    CheckContext ctx = Context(site, findings);
    CheckPathTraversal(ctx, FilePoint());
    ASSERT_THAT(findings.Ids(), ElementsAre("web.path_traversal"));
    EXPECT_THAT(findings.Get("web.path_traversal")->evidence, HasSubstr("win.ini content"));
}

TEST(PathTraversal, AllowListedFilesAreNotFlagged) {
    FakeSite site([](const http::Request& r) {
        std::string v = Param(r, "file");
        return FileAnswer(v == "about.txt" ? std::optional<std::string>("About our shop.") : std::nullopt);
    });
    Findings findings;
    CheckContext ctx = Context(site, findings);
    CheckPathTraversal(ctx, FilePoint());
    EXPECT_THAT(findings.Ids(), IsEmpty());
}

TEST(PathTraversal, PageThatAlwaysQuotesPasswdIsNotFlagged) {
    // A tutorial about /etc/passwd: the sample line is on every answer, whatever the parameter.
    FakeSite site([](const http::Request& r) {
        return HtmlPage("<p>A line of /etc/passwd looks like <code>root:x:0:0:root:/root:/bin/bash</code>.</p><p>" +
                        Param(r, "file") + "</p>");
    });
    Findings findings;
    CheckContext ctx = Context(site, findings);
    CheckPathTraversal(ctx, FilePoint());
    EXPECT_THAT(findings.Ids(), IsEmpty());
}

// --- open redirect -----------------------------------------------------------------------------------------------

constexpr const char* kMarker = "palisade-redirect-probe.example";

http::Response RedirectTo(const std::string& location) { return MakeResponse(302, "", {{"Location", location}}); }

InjectionPoint NextPoint() { return QueryPoint("http://shop.test/login", {{"next", "/account"}}); }

TEST(OpenRedirect, ReportsLocationToTheMarkerHost) {
    FakeSite site([](const http::Request& r) { return RedirectTo(Param(r, "next")); });
    Findings findings;
    CheckContext ctx = Context(site, findings);
    CheckOpenRedirect(ctx, NextPoint());
    ASSERT_THAT(findings.Ids(), ElementsAre("web.open_redirect"));
    EXPECT_THAT(findings.Get("web.open_redirect")->evidence,
                HasSubstr(std::string("Location: https://") + kMarker + "/"));
    for (const auto& r : site.requests()) EXPECT_FALSE(r.follow_redirects);
}

TEST(OpenRedirect, ReportsBackslashBypassOfARelativeOnlyCheck) {
    // Rejects http(s):// and // but not /\host, which browsers treat as //host.
    FakeSite site([](const http::Request& r) {
        std::string v = Param(r, "next");
        if (v.starts_with("/") && !v.starts_with("//")) return RedirectTo(v);
        return RedirectTo("/");
    });
    Findings findings;
    CheckContext ctx = Context(site, findings);
    CheckOpenRedirect(ctx, NextPoint());
    ASSERT_THAT(findings.Ids(), ElementsAre("web.open_redirect"));
    EXPECT_THAT(findings.Get("web.open_redirect")->evidence, HasSubstr("/\\"));
}

TEST(OpenRedirect, RelativeOnlyRedirectIsNotFlagged) {
    FakeSite site([](const http::Request& r) {
        std::string v = Param(r, "next");
        bool relative = v.starts_with("/") && !v.starts_with("//") && !v.starts_with("/\\");
        return RedirectTo(relative ? v : "/");
    });
    Findings findings;
    CheckContext ctx = Context(site, findings);
    CheckOpenRedirect(ctx, NextPoint());
    EXPECT_THAT(findings.Ids(), IsEmpty());
    EXPECT_GE(site.count(), 3u);
}

TEST(OpenRedirect, ReportsMetaRefreshAndScriptRedirects) {
    for (int variant = 0; variant < 2; ++variant) {
        FakeSite site([variant](const http::Request& r) {
            std::string v = Param(r, "return_to");
            if (variant == 0) {
                return HtmlPage("<meta content=\"0; URL='" + v + "'\" http-equiv=\"Refresh\">");
            }
            return HtmlPage("<script>window.location.href = \"" + v + "\";</script>");
        });
        Findings findings;
        CheckContext ctx = Context(site, findings);
        CheckOpenRedirect(ctx, QueryPoint("http://shop.test/out", {{"return_to", "home"}}));
        ASSERT_THAT(findings.Ids(), ElementsAre("web.open_redirect")) << variant;
        EXPECT_THAT(findings.Get("web.open_redirect")->evidence,
                    HasSubstr(variant == 0 ? "meta refresh" : "script assigns location"));
    }
}

TEST(OpenRedirect, ReflectedLinkIsNotARedirect) {
    FakeSite site([](const http::Request& r) {
        return HtmlPage("<a href=\"" + Param(r, "url") + "\">Continue</a><script>var next = \"" + Param(r, "url") +
                        "\";</script>");
    });
    Findings findings;
    CheckContext ctx = Context(site, findings);
    CheckOpenRedirect(ctx, QueryPoint("http://shop.test/out", {{"url", "https://shop.test/"}}));
    EXPECT_THAT(findings.Ids(), IsEmpty());
}

TEST(OpenRedirect, OtherParametersAreNotProbed) {
    FakeSite site([](const http::Request& r) { return RedirectTo(Param(r, "q")); });
    Findings findings;
    CheckContext ctx = Context(site, findings);
    CheckOpenRedirect(ctx, QueryPoint("http://shop.test/search", {{"q", "shoes"}}));
    EXPECT_THAT(findings.Ids(), IsEmpty());
    EXPECT_EQ(site.count(), 0u);
}

TEST(OpenRedirect, UrlLikeValueIsProbedWhateverItsName) {
    FakeSite site([](const http::Request& r) { return RedirectTo(Param(r, "x")); });
    Findings findings;
    CheckContext ctx = Context(site, findings);
    CheckOpenRedirect(ctx, QueryPoint("http://shop.test/go", {{"x", "https://shop.test/home"}}));
    EXPECT_THAT(findings.Ids(), ElementsAre("web.open_redirect"));
}

TEST(OpenRedirect, PrefixCheckIsBypassedWithASubdomainOfTheMarker) {
    // Accepts values that start with "https://shop.test": https://shop.test.<marker>/ passes.
    FakeSite site([](const http::Request& r) {
        std::string v = Param(r, "next");
        return RedirectTo(v.starts_with("https://shop.test") ? v : "/");
    });
    Findings findings;
    CheckContext ctx = Context(site, findings);
    CheckOpenRedirect(ctx, QueryPoint("http://shop.test/login", {{"next", "https://shop.test/account"}}));
    ASSERT_THAT(findings.Ids(), ElementsAre("web.open_redirect"));
    EXPECT_THAT(findings.Get("web.open_redirect")->evidence, HasSubstr(std::string("shop.test.") + kMarker));
}

}  // namespace
}  // namespace palisade::scan::web
