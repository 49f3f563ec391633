// SPDX-License-Identifier: Apache-2.0
// `palisade templates check` and `palisade scan --format jsonl` as an operator runs them: the real binary, template
// files in a temporary directory, a loopback HTTP fixture as the scanned site.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "support/http/http_fixture.hpp"

namespace palisade::testing {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using ::testing::HasSubstr;

struct Outcome {
    int exit_code = -1;
    std::string out;
    std::string err;
};

std::string ReadAll(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// Runs the palisade binary with `args`; standard output and error go to files (no pipe can fill up).
Outcome RunPalisade(const std::vector<std::string>& args, const fs::path& scratch) {
    const fs::path out = scratch / "stdout", err = scratch / "stderr";
    std::fflush(stdout);  // the child must not inherit (and print again) what this process has buffered
    std::fflush(stderr);
    pid_t pid = fork();
    if (pid == 0) {
        FILE* o = std::freopen(out.c_str(), "w", stdout);
        FILE* e = std::freopen(err.c_str(), "w", stderr);
        if (o == nullptr || e == nullptr) _exit(126);
        std::vector<char*> argv{const_cast<char*>(PALISADE_BINARY)};
        for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        char path_env[] = "PATH=/usr/bin:/bin";
        char* envp[] = {path_env, nullptr};
        execve(PALISADE_BINARY, argv.data(), envp);
        _exit(127);
    }
    Outcome o;
    int status = 0;
    waitpid(pid, &status, 0);
    o.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    o.out = ReadAll(out);
    o.err = ReadAll(err);
    return o;
}

constexpr std::string_view kGitConfig = R"yaml(id: git-config
info:
  name: Git config exposed
  author: tester
  severity: medium
  tags: git,exposure
http:
  - method: GET
    path: ["{{BaseURL}}/.git/config"]
    matchers-condition: and
    matchers:
      - type: status
        status: [200]
      - type: word
        words: ["[core]"]
)yaml";

constexpr std::string_view kServerStatus = R"yaml(id: server-status
info: {name: Apache status, author: tester, severity: low}
http:
  - method: GET
    path: ["{{BaseURL}}/server-status"]
    matchers: [{type: word, words: ["Apache Server Status for"]}]
)yaml";

constexpr std::string_view kDnsTemplate = R"yaml(id: dns-thing
info: {name: DNS, author: tester, severity: info}
dns:
  - name: "{{FQDN}}"
    type: A
)yaml";

constexpr std::string_view kBrokenYaml = "id: broken\ninfo: {name: [unclosed\n";

class TemplatesCli : public ::testing::Test {
  protected:
    void SetUp() override {
        root_ = fs::temp_directory_path() / ("palisade-templates-cli-" + std::to_string(::getpid()));
        fs::remove_all(root_);
        fs::create_directories(root_ / "good" / "sub");
        fs::create_directories(root_ / "mixed");
        Write("good/git-config.yaml", kGitConfig);
        Write("good/sub/server-status.yml", kServerStatus);
        Write("good/notes.txt", "not a template");
        Write("mixed/git-config.yaml", kGitConfig);
        Write("mixed/dns-thing.yaml", kDnsTemplate);
        Write("mixed/broken.yaml", kBrokenYaml);
    }
    void TearDown() override { fs::remove_all(root_); }
    void Write(const std::string& name, std::string_view text) { std::ofstream(root_ / name) << text; }
    std::string Path(const std::string& name) const { return (root_ / name).string(); }
    Outcome Run(const std::vector<std::string>& args) { return RunPalisade(args, root_); }

    fs::path root_;
};

TEST_F(TemplatesCli, CheckOfADirectoryThatLoadsFullyExitsZero) {
    Outcome r = Run({"templates", "check", Path("good")});
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_EQ(r.out, "2 templates: 2 loaded, 0 skipped, 0 malformed\n");

    Outcome verbose = Run({"templates", "check", "--verbose", Path("good")});
    EXPECT_EQ(verbose.exit_code, 0);
    EXPECT_THAT(verbose.out, HasSubstr("loaded    " + Path("good/git-config.yaml") + " (git-config)\n"));
    EXPECT_THAT(verbose.out, HasSubstr("loaded    " + Path("good/sub/server-status.yml") + " (server-status)\n"));
}

TEST_F(TemplatesCli, CheckListsEverySkippedAndMalformedTemplateWithItsReason) {
    Outcome r = Run({"templates", "check", Path("mixed"), Path("good/git-config.yaml")});
    EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
    EXPECT_THAT(r.out, HasSubstr("skipped   " + Path("mixed/dns-thing.yaml") + ": protocol dns not supported\n"));
    EXPECT_THAT(r.out, HasSubstr("malformed " + Path("mixed/broken.yaml") + ": yaml: line "));
    EXPECT_THAT(r.out, ::testing::EndsWith("4 templates: 2 loaded, 1 skipped, 1 malformed\n"));
    EXPECT_THAT(r.out, ::testing::Not(HasSubstr("loaded    ")));
}

TEST_F(TemplatesCli, CheckJsonIsMachineReadable) {
    Outcome r = Run({"templates", "check", "--format", "json", Path("mixed")});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    json::value doc = json::parse(r.out);
    EXPECT_EQ(doc.at("total").as_int64(), 3);
    EXPECT_EQ(doc.at("loaded").as_int64(), 1);
    EXPECT_EQ(doc.at("skipped").as_int64(), 1);
    EXPECT_EQ(doc.at("malformed").as_int64(), 1);
    std::map<std::string, std::string> status_by_file;
    for (const json::value& t : doc.at("templates").as_array()) {
        std::string path(t.at("path").as_string());
        status_by_file[fs::path(path).filename().string()] = std::string(t.at("status").as_string());
        if (t.at("status") == "loaded") {
            EXPECT_EQ(t.at("id").as_string(), "git-config");
            EXPECT_TRUE(t.at("reason").is_null());
        } else {
            EXPECT_TRUE(t.at("id").is_null());
            EXPECT_FALSE(t.at("reason").as_string().empty());
        }
    }
    EXPECT_EQ(status_by_file["git-config.yaml"], "loaded");
    EXPECT_EQ(status_by_file["dns-thing.yaml"], "skipped");
    EXPECT_EQ(status_by_file["broken.yaml"], "malformed");
}

TEST_F(TemplatesCli, CheckOfTheBuiltinPackLoadsEveryTemplate) {
    Outcome r = Run({"templates", "check", "--builtin", "--format", "json"});
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    json::value doc = json::parse(r.out);
    EXPECT_GE(doc.at("loaded").as_int64(), 30);
    EXPECT_EQ(doc.at("loaded"), doc.at("total"));
    EXPECT_THAT(std::string(doc.at("templates").as_array().at(0).at("path").as_string()), HasSubstr("builtin:"));
}

TEST_F(TemplatesCli, CheckUsageErrorsExitTwoAndLoadNothing) {
    Outcome none = Run({"templates", "check"});
    EXPECT_EQ(none.exit_code, 2);
    EXPECT_THAT(none.err, HasSubstr("give template files or directories, or --builtin"));
    EXPECT_TRUE(none.out.empty());

    Outcome missing = Run({"templates", "check", Path("good"), Path("nope")});
    EXPECT_EQ(missing.exit_code, 2);
    EXPECT_THAT(missing.err, HasSubstr("no such template file or directory: " + Path("nope")));
    EXPECT_TRUE(missing.out.empty());

    Outcome format = Run({"templates", "check", "--format", "xml", Path("good")});
    EXPECT_EQ(format.exit_code, 2);
    EXPECT_THAT(format.err, HasSubstr("--format: must be text or json"));

    Outcome no_sub = Run({"templates"});
    EXPECT_EQ(no_sub.exit_code, 2);
}

// A site with an exposed .git/config (and a server-status page that is not Apache's).
void VulnerableSite(HttpFixture& server) {
    server.Route("/.git/config",
                 ScriptedResponse{200, "OK", {{"Content-Type", "text/plain"}}, "[core]\n\tbare = false\n"});
    server.SetHandler([](const HttpRequestRecord&) { return ScriptedResponse{404, "Not Found", {}, "no"}; });
}

TEST_F(TemplatesCli, ScanWritesNucleiJsonlLines) {
    HttpFixture server;
    VulnerableSite(server);
    Outcome r = Run({"scan", server.Url("/"), "--modules", "templates", "--templates", Path("good"),
                     "--no-builtin-templates", "--format", "jsonl", "--fail-on", "none", "--quiet"});
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    std::vector<std::string> lines;
    std::istringstream in(r.out);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    ASSERT_EQ(lines.size(), 1u) << r.out;
    json::value v = json::parse(lines[0]);
    EXPECT_EQ(v.at("template-id").as_string(), "git-config");
    EXPECT_EQ(v.at("template-path").as_string(), Path("good/git-config.yaml"));
    EXPECT_EQ(v.at("matched-at").as_string(), server.Url("/.git/config"));
    EXPECT_EQ(v.at("info").at("severity").as_string(), "medium");
    EXPECT_EQ(v.at("info").at("name").as_string(), "Git config exposed");
    EXPECT_EQ(v.at("type").as_string(), "http");
    EXPECT_EQ(v.at("host").as_string(), "127.0.0.1");
    EXPECT_EQ(v.at("port").as_string(), std::to_string(server.port()));
    EXPECT_TRUE(v.at("matcher-status").as_bool());
    EXPECT_THAT(std::string(v.at("response").as_string()), HasSubstr("[core]"));
}

TEST_F(TemplatesCli, ScanOfASiteWithoutFindingsWritesNoJsonlLineAndTheBuiltinPackStaysSilent) {
    HttpFixture server;
    server.SetHandler([](const HttpRequestRecord&) {
        return ScriptedResponse::Html("<!doctype html><html><head><title>Shop</title></head><body>shop</body></html>");
    });
    Outcome r = Run({"scan", server.Url("/"), "--modules", "templates", "--templates", Path("good"), "--format",
                     "jsonl", "--fail-on", "none", "--quiet"});
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_EQ(r.out, "");
    // The built-in pack ran too (the default): it asked for its paths.
    bool asked_for_env = false;
    for (const HttpRequestRecord& rec : server.Requests()) asked_for_env = asked_for_env || rec.path == "/.env";
    EXPECT_TRUE(asked_for_env);
}

}  // namespace
}  // namespace palisade::testing
