// SPDX-License-Identifier: Apache-2.0
// VulnerableApp: the passive weaknesses are present where planted and absent from their look-alike decoys; the
// standalone program serves the same site and stops on SIGTERM.
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "support/webapp/webapp_test_helpers.hpp"

namespace palisade::testing {
namespace {

using webapp_test::Contains;
using webapp_test::CookiePair;
using webapp_test::Get;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Dotted quads (each part 0-255, not inside a longer run of digits and dots) in private ranges.
std::vector<std::string> PrivateIps(const std::string& text) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (!IsDigit(text[i]) || (i > 0 && (IsDigit(text[i - 1]) || text[i - 1] == '.'))) continue;
        std::size_t end = i;
        while (end < text.size() && (IsDigit(text[end]) || text[end] == '.')) ++end;
        std::string run = text.substr(i, end - i);
        while (!run.empty() && run.back() == '.') run.pop_back();  // a full stop after the address
        std::vector<int> parts;
        std::size_t start = 0;
        bool ok = true;
        for (std::size_t dot; ok && start <= run.size(); start = dot + 1) {
            dot = run.find('.', start);
            if (dot == std::string::npos) dot = run.size();
            std::string part = run.substr(start, dot - start);
            ok = !part.empty() && part.size() <= 3 && std::stoi(part) <= 255;
            if (ok) parts.push_back(std::stoi(part));
        }
        if (!ok || parts.size() != 4) continue;
        if (parts[0] == 10 || (parts[0] == 172 && parts[1] >= 16 && parts[1] <= 31) ||
            (parts[0] == 192 && parts[1] == 168)) {
            out.push_back(run);
        }
        i = end;
    }
    return out;
}

// "AKIA" followed by 16 upper-case letters or digits.
bool HasAwsKeyId(const std::string& text) {
    for (std::size_t at = text.find("AKIA"); at != std::string::npos; at = text.find("AKIA", at + 1)) {
        if (at + 20 > text.size()) break;
        bool ok = true;
        for (std::size_t i = at + 4; i < at + 20; ++i)
            ok = ok && ((text[i] >= 'A' && text[i] <= 'Z') || IsDigit(text[i]));
        if (ok) return true;
    }
    return false;
}

TEST(VulnerableAppPassive, StackTraceAndDatabaseError) {
    VulnerableApp app;
    HttpResult trace = Get(app, "/report?id=latest");
    EXPECT_EQ(trace.status, 500);
    EXPECT_TRUE(Contains(trace.body, "java.lang.NumberFormatException: For input string"));
    EXPECT_TRUE(Contains(trace.body, "\tat com.webshop.web.ReportController.show(ReportController.java:42)\n"));
    HttpResult fine = Get(app, "/report?id=7");
    EXPECT_EQ(fine.status, 200);
    EXPECT_FALSE(Contains(fine.body, "java."));
    EXPECT_TRUE(Contains(Get(app, "/legacy/stats").body, "You have an error in your SQL syntax"));
}

TEST(VulnerableAppPassive, DirectoryListingPrivateIpAndSecret) {
    VulnerableApp app;
    HttpResult listing = Get(app, "/files/");
    EXPECT_TRUE(Contains(listing.body, "<title>Index of /files</title>"));
    EXPECT_TRUE(Contains(listing.body, "Parent Directory"));
    EXPECT_EQ(Get(app, "/files/notes.txt").status, 200);
    EXPECT_EQ(Get(app, "/files").Header("location"), "/files/");
    EXPECT_EQ(PrivateIps(Get(app, "/about").body), std::vector<std::string>{"10.20.30.40"});
    EXPECT_TRUE(HasAwsKeyId(Get(app, "/static/js/config.js").body));
}

TEST(VulnerableAppPassive, CookiesFramingAndPassword) {
    VulnerableApp app;
    HttpResult home = Get(app, "/");
    const std::string sid = home.Header("set-cookie");
    EXPECT_TRUE(sid.starts_with("sid=")) << sid;
    EXPECT_FALSE(Contains(sid, "HttpOnly") || Contains(sid, "SameSite"));
    EXPECT_TRUE(Get(app, "/", {{"Cookie", CookiePair(sid)}}).Header("set-cookie").empty());  // a known visitor
    EXPECT_EQ(home.Header("x-frame-options"), "SAMEORIGIN");
    HttpResult login = Get(app, "/login");
    EXPECT_TRUE(login.Header("x-frame-options").empty());
    EXPECT_TRUE(login.Header("content-security-policy").empty());
    EXPECT_TRUE(Contains(login.body, "<form action=\"/login\" method=\"post\">"));
    EXPECT_TRUE(Contains(login.body, "type=\"password\""));
}

TEST(VulnerableAppPassive, OutdatedJavaScriptLibraries) {
    VulnerableApp app;
    EXPECT_TRUE(Get(app, "/static/js/jquery-1.8.3.min.js")
                    .body.starts_with("/*! jQuery v1.8.3 jquery.com | jquery.org/license */"));
    HttpResult angular = Get(app, "/static/js/angular.min.js");
    EXPECT_TRUE(Contains(angular.body, "AngularJS v1.5.8"));
    EXPECT_TRUE(Contains(angular.body, "(c) 2010-2016 Google, Inc."));
    EXPECT_EQ(angular.Header("content-type"), "application/javascript");
}

TEST(VulnerableAppPassiveDecoys, LookAlikesAreClean) {
    VulnerableApp app;
    HttpResult debugging = Get(app, "/tutorials/debugging");
    EXPECT_TRUE(Contains(debugging.body, "stack trace"));
    EXPECT_FALSE(Contains(debugging.body, "\tat ") || Contains(debugging.body, ".java:") ||
                 Contains(debugging.body, "Traceback"));
    HttpResult glossary = Get(app, "/glossary");
    EXPECT_TRUE(Contains(glossary.body, "Index of terms"));
    EXPECT_FALSE(Contains(glossary.body, "Index of /") || Contains(glossary.body, "Parent Directory"));
    HttpResult changelog = Get(app, "/changelog");
    EXPECT_TRUE(Contains(changelog.body, "10.20.30.400") && Contains(changelog.body, "172.32.0.1"));
    EXPECT_TRUE(PrivateIps(changelog.body).empty());
    HttpResult app_js = Get(app, "/static/js/app.js");
    EXPECT_TRUE(Contains(app_js.body, "AKIA"));
    EXPECT_FALSE(HasAwsKeyId(app_js.body));
    HttpResult sql = Get(app, "/tutorials/sql-errors?page=1");
    EXPECT_TRUE(Contains(sql.body, "SQL syntax"));
    for (const char* signature : {"You have an error in your SQL syntax", "ORA-", "SQLSTATE", "Unclosed quotation",
                                  "unterminated quoted string", "syntax error at or near"}) {
        EXPECT_FALSE(Contains(sql.body, signature)) << signature;
    }
    EXPECT_TRUE(Get(app, "/static/js/jquery-3.7.1.min.js").body.starts_with("/*! jQuery v3.7.1 "));
}

TEST(VulnerableAppPassiveDecoys, FeedbackIsFramingProtectedAndItsCookieFlagged) {
    VulnerableApp app;
    HttpResult feedback = Get(app, "/feedback");
    EXPECT_TRUE(Contains(feedback.body, "<form action=\"/feedback\""));
    EXPECT_TRUE(feedback.Header("x-frame-options").empty());
    EXPECT_EQ(feedback.Header("content-security-policy"), "frame-ancestors 'self'");
    const std::string cookie = feedback.Header("set-cookie");
    EXPECT_TRUE(cookie.starts_with("prefs="));
    EXPECT_TRUE(Contains(cookie, "; HttpOnly") && Contains(cookie, "; SameSite=Lax")) << cookie;
}

// Runs palisade_vulnapp with `args`, returns its pid and the first line it printed (the URL).
struct Child {
    pid_t pid = -1;
    int out = -1;
    std::string first_line;
};

Child Start(std::vector<std::string> args) {
    int pipe_fds[2];
    EXPECT_EQ(::pipe(pipe_fds), 0);
    std::string program = PALISADE_VULNAPP_PATH;
    std::vector<char*> argv{program.data()};
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    Child child;
    child.pid = ::fork();
    if (child.pid == 0) {  // only async-signal-safe calls until exec
        ::dup2(pipe_fds[1], STDOUT_FILENO);
        ::close(pipe_fds[0]);
        ::execv(program.c_str(), argv.data());
        ::_exit(127);
    }
    ::close(pipe_fds[1]);
    child.out = pipe_fds[0];
    char c;
    pollfd p{child.out, POLLIN, 0};
    while (::poll(&p, 1, 10'000) > 0 && ::read(child.out, &c, 1) == 1 && c != '\n') child.first_line += c;
    return child;
}

int StopAndWait(Child& child) {
    ::kill(child.pid, SIGTERM);
    int status = 0;
    ::waitpid(child.pid, &status, 0);
    ::close(child.out);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(VulnerableAppProgram, ServesUntilSigterm) {
    Child child = Start({"--port", "0"});
    const std::string prefix = "listening on http://127.0.0.1:";
    ASSERT_TRUE(child.first_line.starts_with(prefix)) << child.first_line;
    const std::string base = "http://127.0.0.1:" + std::to_string(std::stoi(child.first_line.substr(prefix.size())));
    HttpClient client(base);
    HttpResult home = client.Get("/");
    EXPECT_EQ(home.status, 200);
    EXPECT_TRUE(Contains(home.body, "Welcome to WebShop"));
    EXPECT_TRUE(Contains(client.Get("/.git/HEAD").body, "ref: refs/heads/main"));
    HttpResult posted = client.Request("POST", "/guestbook", "message=%3Cb%3Ehi%3C%2Fb%3E",
                                       {{"Content-Type", "application/x-www-form-urlencoded"}});
    EXPECT_TRUE(Contains(posted.body, "<div><b>hi</b></div>"));
    EXPECT_EQ(StopAndWait(child), 0);
}

TEST(VulnerableAppProgram, CatchAllFlag) {
    Child child = Start({"--catch-all"});
    const std::string prefix = "listening on http://127.0.0.1:";
    ASSERT_TRUE(child.first_line.starts_with(prefix)) << child.first_line;
    HttpClient client("http://127.0.0.1:" + std::to_string(std::stoi(child.first_line.substr(prefix.size()))));
    EXPECT_EQ(client.Get("/.git/HEAD").status, 200);
    EXPECT_EQ(client.Get("/.git/HEAD").body, client.Get("/no/such/page").body);
    EXPECT_EQ(StopAndWait(child), 0);
}

}  // namespace
}  // namespace palisade::testing
