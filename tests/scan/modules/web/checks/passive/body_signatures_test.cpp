// SPDX-License-Identifier: Apache-2.0
#include "scan/modules/web/checks/passive/body_signatures.hpp"

#include <gtest/gtest.h>

#include <set>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace palisade::scan::web::passive {
namespace {

std::vector<std::string> Names(std::string_view body, bool html = true) {
    std::vector<std::string> out;
    for (const SignatureMatch& m : FindSignatures(body, html)) out.emplace_back(m.name);
    return out;
}

struct Sample {
    std::string_view expected;
    std::string_view body;
};

const Sample kStackSamples[] = {
    {"java",
     "java.lang.NullPointerException: Cannot invoke \"String.length()\"\n"
     "\tat com.example.shop.CartService.total(CartService.java:42)\n"
     "\tat java.base/java.lang.Thread.run(Thread.java:829)\n"},
    {"python",
     "Traceback (most recent call last):\n  File \"/srv/app/views.py\", line 12, in index\n"
     "    return render(x)\nNameError: name 'x' is not defined\n"},
    {"java",  // inside a JSON string
     "{\"trace\":\"java.lang.IllegalStateException: x\\n\\tat com.example.A.b(A.java:3)\"}"},
    {"python",  // as an HTML error page shows it
     "<pre>Traceback (most recent call last):<br>  File &quot;/srv/app/views.py&quot;, line 12, in index</pre>"},
    {"django_debug",
     "<p>You\xe2\x80\x99re seeing this error because you have <code>DEBUG = True</code> in your Django settings</p>"},
    {"werkzeug_debugger", "<title>ZeroDivisionError: division by zero // Werkzeug Debugger</title>"},
    {"php",
     "<br />\n<b>Warning</b>:  include(x.php): Failed to open stream: No such file or directory in "
     "<b>/var/www/html/index.php</b> on line <b>5</b><br />"},
    {"php",
     "<b>Fatal error</b>:  Uncaught Error: Call to undefined function foo() in /var/www/html/index.php:3\n"
     "Stack trace:\n#0 {main}\n  thrown in <b>/var/www/html/index.php</b> on line <b>3</b><br />"},
    {"dotnet", "<H1>Server Error in '/' Application.<hr width=100% size=1 color=silver></H1>"},
    {"dotnet",
     "System.NullReferenceException: Object reference not set to an instance of an object.\n"
     "   at Shop.Controllers.CartController.Index() in C:\\src\\Shop\\Controllers\\CartController.cs:line 27\n"},
    {"node",
     "TypeError: Cannot read properties of undefined (reading 'id')\n"
     "    at Object.<anonymous> (/app/server.js:14:22)\n"},
    {"node", "Error: boom\n    at Module._compile (node:internal/modules/cjs/loader:1105:14)\n"},
    {"ruby", "app/controllers/users_controller.rb:12:in `show'\n"},
    {"go",
     "panic: runtime error: index out of range [3] with length 3\n\ngoroutine 1 [running]:\nmain.main()\n"
     "\t/tmp/x.go:8 +0x1d\n"},
};
const Sample kDatabaseSamples[] = {
    {"mysql",
     "You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version for "
     "the right syntax to use near ''1''' at line 1"},
    {"mysql", "mysqli_fetch_array() expects parameter 1 to be mysqli_result, bool given"},
    {"mysql", "Unknown column 'foo' in 'where clause'"},
    {"postgresql", "ERROR:  syntax error at or near \"'\"\nLINE 1: SELECT * FROM users WHERE id = 1'"},
    {"postgresql", "pg_query(): Query failed: ERROR: unterminated"},
    {"mssql", "Unclosed quotation mark after the character string ''."},
    {"mssql", "Microsoft OLE DB Provider for SQL Server error '80040e14'"},
    {"oracle", "java.sql.SQLException: ORA-01756: quoted string not properly terminated"},
    {"sqlite", "sqlite3.OperationalError: near \"'\": syntax error"},
    {"sqlite", "SQLITE_ERROR: near &quot;FROM&quot;: syntax error"},
    {"db2", "DB2 SQL Error: SQLCODE=-104, SQLSTATE=42601"},
    {"pdo", "SQLSTATE[42000]: Syntax error or access violation: 1064"},
    {"jdbc", "java.sql.SQLSyntaxErrorException: Unknown table"},
};
const Sample kListingSamples[] = {
    {"index_of", "<html><head><title>Index of /backup</title></head><body><h1>Index of /backup</h1>"},
    {"index_of", "<html>\r\n<head><title>Index of /files/</title></head>\r\n<body>\r\n<h1>Index of /files/</h1>"},
    {"directory_listing_for", "<title>Directory listing for /</title>"},
    {"directory_listing_for", "<title>Directory Listing For [/docs/]</title>"},
    {"iis", "<pre><A HREF=\"/\">[To Parent Directory]</A><br><br>"},
    {"jetty", "<TITLE>Directory: /static/</TITLE>"},
    {"serve_index", "<title>listing directory /public</title>"},
};

TEST(BodySignatures, RecognisesStackTracesOfEachRuntime) {
    for (const Sample& s : kStackSamples) {
        auto matches = FindSignatures(s.body, true);
        ASSERT_FALSE(matches.empty()) << s.body;
        EXPECT_EQ(matches.front().name, s.expected) << s.body;
        EXPECT_EQ(matches.front().kind, SignatureKind::kStackTrace) << s.body;
        EXPECT_FALSE(matches.front().snippet.empty());
        EXPECT_LE(matches.front().snippet.size(), kMaxSnippet);
    }
}

TEST(BodySignatures, RecognisesDatabaseErrors) {
    for (const Sample& s : kDatabaseSamples) {
        auto matches = FindSignatures(s.body, false);
        bool found = false;
        for (const auto& m : matches)
            found = found || (m.name == s.expected && m.kind == SignatureKind::kDatabaseError);
        EXPECT_TRUE(found) << s.expected << ": " << s.body;
    }
}

TEST(BodySignatures, IgnoresProseAboutErrors) {
    const std::string_view decoys[] = {
        "<p>Learn about SQL syntax in our tutorial. A common SQL syntax error is a missing comma.</p>",
        "<p>When an exception is not caught, Python prints Traceback (most recent call last) and the frames.</p>",
        "<p>Meet us at the corner of 5th Ave. at 10:30, or email sales@example.com.</p>",
        "<p>Oracle error codes look like ORA-12345 and are listed in the manual.</p>",
        "<p>The Warning: sign on line 4 of the form means the field is required.</p>",
        "<p>Go programs start goroutines; a panic prints their state.</p>",
        "<p>A MySQL tutorial: mysqli_query is the function you call to run a query.</p>",
    };
    for (std::string_view body : decoys) EXPECT_TRUE(Names(body).empty()) << body;
}

TEST(BodySignatures, RecognisesDirectoryListingsInHtmlOnly) {
    for (const Sample& s : kListingSamples) {
        EXPECT_EQ(Names(s.body), std::vector<std::string>{std::string(s.expected)}) << s.body;
        EXPECT_TRUE(Names(s.body, false).empty()) << s.body;
    }
}

TEST(BodySignatures, IgnoresProseAboutListings) {
    EXPECT_TRUE(Names("<title>Products</title><p>See the Index of /docs for details.</p>").empty());
    EXPECT_TRUE(Names("<title>Index of products</title>").empty());
}

TEST(BodySignatures, ReportsEachSignatureOnceAndSnippetIsBounded) {
    std::string body = "<pre>";
    for (int i = 0; i < 50; ++i)
        body += "\tat com.example.App.run" + std::to_string(i) + "(App.java:" + std::to_string(i + 1) + ")" +
                std::string(300, 'x') + "\n";
    auto matches = FindSignatures(body, true);
    ASSERT_EQ(matches.size(), 1u);
    EXPECT_EQ(matches[0].snippet.size(), kMaxSnippet);
    EXPECT_TRUE(matches[0].snippet.starts_with("at com.example.App.run0(App.java:1)"));
}

TEST(BodySignatures, FindsASignatureAtTheEndOfALargeBody) {
    std::string body(2 * 1024 * 1024 - 100, 'a');
    for (std::size_t i = 0; i < body.size(); i += 97) body[i] = '\n';
    body += "\nORA-00933: SQL command not properly ended";
    auto matches = FindSignatures(body, false);
    ASSERT_EQ(matches.size(), 1u);
    EXPECT_EQ(matches[0].name, "oracle");
}

// Every signature (so every pattern, which RE2 could otherwise reject silently) has a sample that it matches.
TEST(BodySignatures, EverySignatureHasAMatchingSample) {
    std::set<std::string_view> matched;
    for (std::span<const Sample> table :
         {std::span<const Sample>(kStackSamples), std::span<const Sample>(kDatabaseSamples),
          std::span<const Sample>(kListingSamples)}) {
        for (const Sample& sample : table) {
            for (const SignatureMatch& m : FindSignatures(sample.body, true)) {
                if (m.name == sample.expected) matched.insert(m.name);
            }
        }
    }
    for (SignatureKind kind :
         {SignatureKind::kStackTrace, SignatureKind::kDatabaseError, SignatureKind::kDirectoryListing}) {
        for (std::string_view name : SignatureNames(kind)) EXPECT_EQ(matched.count(name), 1u) << name;
    }
}

TEST(BodySignatures, ListsNamesByKind) {
    auto listings = SignatureNames(SignatureKind::kDirectoryListing);
    EXPECT_EQ(listings.front(), "index_of");
    EXPECT_EQ(SignatureNames(SignatureKind::kDatabaseError).size(), 8u);
}

}  // namespace
}  // namespace palisade::scan::web::passive
