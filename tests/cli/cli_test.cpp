// SPDX-License-Identifier: Apache-2.0
// The `palisade` binary as an operator runs it: real processes, real SQLite files, loopback only.
#include <gtest/gtest.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "support/http_client.hpp"
#include "support/test_env.hpp"
#include "support/webapp/vulnerable_app.hpp"

namespace palisade::testing {
namespace {

struct Outcome {
    int exit_code = -1;
    std::string out;
    std::string err;
};

std::string Slurp(int fd) {
    std::string s;
    char buf[4096];
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0) s.append(buf, static_cast<std::size_t>(n));
    return s;
}

// Runs the binary with `args` and extra environment `env` (the test's own PALISADE_* variables are dropped).
class Process {
public:
    Process(const std::vector<std::string>& args, const std::vector<std::string>& env,
            const char* program = PALISADE_BINARY) {
        int out[2], err[2];
        EXPECT_EQ(pipe(out), 0);
        EXPECT_EQ(pipe(err), 0);
        pid_ = fork();
        if (pid_ == 0) {
            dup2(out[1], 1);
            dup2(err[1], 2);
            close(out[0]);
            close(err[0]);
            std::vector<char*> argv{const_cast<char*>(program)};
            for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
            argv.push_back(nullptr);
            std::vector<std::string> envs{"PATH=/usr/bin:/bin"};
            envs.insert(envs.end(), env.begin(), env.end());
            std::vector<char*> envp;
            for (auto& e : envs) envp.push_back(e.data());
            envp.push_back(nullptr);
            execve(program, argv.data(), envp.data());
            _exit(127);
        }
        close(out[1]);
        close(err[1]);
        out_ = out[0];
        err_ = err[0];
    }
    ~Process() {
        if (pid_ > 0 && !waited_) {
            kill(pid_, SIGKILL);
            Wait();
        }
    }
    // Reads stdout until `needle` appears or the deadline passes; returns what was read.
    std::string ReadUntil(const std::string& needle, std::chrono::seconds timeout) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (stdout_.find(needle) == std::string::npos && std::chrono::steady_clock::now() < deadline) {
            fd_set set;
            FD_ZERO(&set);
            FD_SET(out_, &set);
            timeval tv{0, 100000};
            if (select(out_ + 1, &set, nullptr, nullptr, &tv) > 0) {
                char buf[4096];
                const ssize_t n = read(out_, buf, sizeof buf);
                if (n <= 0) break;
                stdout_.append(buf, static_cast<std::size_t>(n));
            }
        }
        return stdout_;
    }
    void Signal(int sig) { kill(pid_, sig); }
    Outcome Wait() {
        Outcome o;
        o.out = stdout_ + Slurp(out_);
        o.err = Slurp(err_);
        int status = 0;
        waitpid(pid_, &status, 0);
        waited_ = true;
        close(out_);
        close(err_);
        o.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        return o;
    }

private:
    pid_t pid_ = -1;
    int out_ = -1, err_ = -1;
    bool waited_ = false;
    std::string stdout_;
};

Outcome RunPalisade(const std::vector<std::string>& args, const std::vector<std::string>& env = {}) {
    Process p(args, env);
    return p.Wait();
}

// Runs another program (args[0], an absolute path) with the remaining arguments.
Outcome RunCommand(const std::vector<std::string>& args) {
    Process p(std::vector<std::string>(args.begin() + 1, args.end()), {}, args[0].c_str());
    return p.Wait();
}

void Sql(const std::string& db, const std::string& statement) {
    sqlite3* h = nullptr;
    ASSERT_EQ(sqlite3_open(db.c_str(), &h), SQLITE_OK);
    char* err = nullptr;
    EXPECT_EQ(sqlite3_exec(h, statement.c_str(), nullptr, nullptr, &err), SQLITE_OK) << (err ? err : "");
    sqlite3_free(err);
    sqlite3_close(h);
}

class Cli : public ::testing::Test {
protected:
    std::vector<std::string> Db(std::vector<std::string> args) {
        args.insert(args.end(), {"--database", "sqlite://" + db_, "--data-dir", (dir_.path() / "data").string()});
        return args;
    }
    std::string WriteFile(const std::string& name, const std::string& content) {
        const auto path = (dir_.path() / name).string();
        std::ofstream(path) << content;
        return path;
    }
    TempDir dir_;
    std::string db_ = (dir_.path() / "p.db").string();
};

TEST_F(Cli, VersionAndUsage) {
    auto v = RunPalisade({"version"});
    EXPECT_EQ(v.exit_code, 0);
    EXPECT_EQ(v.out.rfind("palisade ", 0), 0u);
    EXPECT_EQ(RunPalisade({"no-such-command"}).exit_code, 2);
}

TEST_F(Cli, ConfigShowRedactsSecretsAndInvalidConfigListsEveryError) {
    auto show = RunPalisade({"config", "show", "--database", "postgresql://bob:hunter2hunter2@127.0.0.1:5432/p"},
                    {"PALISADE_AUTH_JWT_SECRET=this-is-a-very-secret-signing-key-0123456789"});
    ASSERT_EQ(show.exit_code, 0) << show.err;
    EXPECT_EQ(show.out.find("hunter2hunter2"), std::string::npos);
    EXPECT_EQ(show.out.find("this-is-a-very-secret"), std::string::npos);
    EXPECT_NE(show.out.find("<redacted>"), std::string::npos);
    EXPECT_NE(show.out.find("bob"), std::string::npos);

    auto bad = RunPalisade({"config", "show", "--listen", "nowhere", "--set", "server.max_body_bytes=1"},
                   {"PALISADE_AUTH_SIGNUP=sometimes"});
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_NE(bad.err.find("server.listen"), std::string::npos) << bad.err;
    EXPECT_NE(bad.err.find("server.max_body_bytes"), std::string::npos) << bad.err;
    EXPECT_NE(bad.err.find("auth.signup"), std::string::npos) << bad.err;
}

TEST_F(Cli, MigrateAppliesOnceAndRefusesAChangedMigration) {
    auto m = RunPalisade(Db({"migrate"}));
    ASSERT_EQ(m.exit_code, 0) << m.err;
    EXPECT_NE(m.out.find("applied  0001_identity"), std::string::npos) << m.out;
    auto status = RunPalisade(Db({"migrate", "--status"}));
    EXPECT_EQ(status.exit_code, 0);
    EXPECT_EQ(status.out.find("pending"), std::string::npos);
    Sql(db_, "UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1");
    auto refused = RunPalisade(Db({"migrate"}));
    EXPECT_EQ(refused.exit_code, 4);
    EXPECT_NE(refused.err.find("0001_identity was changed after it was applied"), std::string::npos) << refused.err;
}

TEST_F(Cli, AdminCreatesUsersResetsPasswordsAndVerifiesTheAuditChain) {
    ASSERT_EQ(RunPalisade(Db({"migrate"})).exit_code, 0);
    const std::string good = WriteFile("pw", "a long enough passphrase\n");
    const std::string weak = WriteFile("weak", "password1234\n");
    auto created = RunPalisade(Db({"admin", "create-user", "--email", "op@example.test", "--password-file", good, "--role",
                           "admin", "--org", "Acme"}));
    ASSERT_EQ(created.exit_code, 0) << created.err;
    EXPECT_EQ(RunPalisade(Db({"admin", "create-user", "--email", "op@example.test", "--password-file", good, "--role",
                      "admin"})).exit_code,
              4);
    auto rejected = RunPalisade(Db({"admin", "create-user", "--email", "w@example.test", "--password-file", weak, "--role",
                            "viewer"}));
    EXPECT_EQ(rejected.exit_code, 2);
    EXPECT_NE(rejected.err.find("password"), std::string::npos);
    EXPECT_EQ(RunPalisade(Db({"admin", "create-user", "--email", "x@example.test", "--password-file", good, "--role",
                      "overlord"})).exit_code,
              2);
    EXPECT_EQ(RunPalisade(Db({"admin", "reset-password", "--email", "op@example.test", "--password-file", good})).exit_code, 0);
    EXPECT_EQ(RunPalisade(Db({"admin", "reset-password", "--email", "nobody@example.test", "--password-file", good})).exit_code,
              3);

    auto ok = RunPalisade(Db({"admin", "verify-audit"}));
    EXPECT_EQ(ok.exit_code, 0) << ok.err;
    EXPECT_NE(ok.out.find("intact: 2 entries"), std::string::npos) << ok.out;
    Sql(db_, "UPDATE audit_log SET summary = 'nothing to see' WHERE seq = 1");
    auto broken = RunPalisade(Db({"admin", "verify-audit"}));
    EXPECT_EQ(broken.exit_code, 8);
    EXPECT_NE(broken.out.find("entry 1 was altered"), std::string::npos) << broken.out;
}

TEST_F(Cli, FirstServePrintsTheAdminPasswordOnceNeverLogsItAndStopsOnSigterm) {
    auto start = [&] {
        return std::make_unique<Process>(Db({"serve", "--listen", "127.0.0.1:0", "--log-format", "json"}),
                                         std::vector<std::string>{});
    };
    auto first = start();
    const std::string out = first->ReadUntil("is up on", std::chrono::seconds(30));
    ASSERT_NE(out.find("is up on"), std::string::npos) << out;
    const auto pos = out.find("password: ");
    ASSERT_NE(pos, std::string::npos) << out;
    const std::string password = out.substr(pos + 10, out.find('\n', pos) - pos - 10);
    ASSERT_GE(password.size(), 12u);
    const auto url_pos = out.find("http://");
    const std::string url = out.substr(url_pos, out.find(' ', url_pos) - url_pos);
    HttpClient client(url);
    auto login = client.Post("/api/v1/auth/login",
                             "{\"email\":\"admin@palisade.local\",\"password\":\"" + password + "\"}");
    EXPECT_EQ(login.status, 200) << login.body;
    first->Signal(SIGTERM);
    const Outcome o1 = first->Wait();
    EXPECT_EQ(o1.exit_code, 0) << o1.err;
    EXPECT_EQ(o1.err.find(password), std::string::npos);  // never in the log
    EXPECT_NE(o1.err.find("\"msg\":\"request\""), std::string::npos);  // JSON access log lines

    auto second = start();
    const std::string out2 = second->ReadUntil("is up on", std::chrono::seconds(30));
    EXPECT_NE(out2.find("is up on"), std::string::npos);
    EXPECT_EQ(out2.find("password"), std::string::npos);  // shown once only
    second->Signal(SIGINT);
    EXPECT_EQ(second->Wait().exit_code, 0);
}

TEST_F(Cli, ServeRefusesABadDatabaseUrlWithAClearError) {
    auto r = RunPalisade({"serve", "--database", "mysql://x", "--data-dir", (dir_.path() / "d").string()});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("store.database_url"), std::string::npos) << r.err;
}


// --- palisade scan -------------------------------------------------------------------------------------------------

// A listening socket on 127.0.0.1 (never accepted: the connect scan only needs the handshake).
class LoopbackListener {
public:
    LoopbackListener() {
        fd_ = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
        listen(fd_, 64);
        socklen_t len = sizeof addr;
        getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
        port_ = ntohs(addr.sin_port);
    }
    ~LoopbackListener() { close(fd_); }
    std::string port() const { return std::to_string(port_); }

private:
    int fd_ = -1;
    std::uint16_t port_ = 0;
};

TEST_F(Cli, ScanListsEveryBadArgumentAndSendsNothing) {
    auto r = RunPalisade({"scan", "10.0.0.1/33", "a..b", "--ports", "0,70000", "--format", "xml", "--fail-on", "bad",
                          "--modules", "ports,bogus", "--timeout", "1"});
    EXPECT_EQ(r.exit_code, 2);
    for (const char* part : {"10.0.0.1/33", "a..b", "--ports", "--format", "--fail-on", "bogus", "--timeout"}) {
        EXPECT_NE(r.err.find(part), std::string::npos) << part << " not named in: " << r.err;
    }
    EXPECT_TRUE(r.out.empty());
    auto large = RunPalisade({"scan", "10.0.0.0/8", "--modules", "ports"});
    EXPECT_EQ(large.exit_code, 2);
    EXPECT_NE(large.err.find("--allow-large"), std::string::npos) << large.err;
    auto none = RunPalisade({"scan"});
    EXPECT_EQ(none.exit_code, 2);
}

TEST_F(Cli, ScanListsEveryBadWebAndTemplatesFlag) {
    auto r = RunPalisade({"scan", "http://127.0.0.1:9/", "--modules", "web,templates", "--crawl-depth", "-1",
                          "--header", "TokenWithoutColon", "--login-field", "novalue", "--scope-path", "relative",
                          "--jsrepo", "/nonexistent/repo.json", "--templates", "/nonexistent/templates",
                          "--template-severity", "bogus", "--cookie", "@/nonexistent/cookie"});
    EXPECT_EQ(r.exit_code, 2);
    for (const char* part : {"--crawl-depth", "--header", "--login-field", "--scope-path", "--jsrepo", "--templates",
                             "--template-severity", "--cookie", "--login-url"}) {
        EXPECT_NE(r.err.find(part), std::string::npos) << part << " not named in: " << r.err;
    }
    EXPECT_EQ(r.err.find("TokenWithoutColon"), std::string::npos) << "a malformed header may be a secret";
    EXPECT_TRUE(r.out.empty());
}

TEST_F(Cli, ScanWebLogsInWithAPasswordFileAndKeepsThePasswordOutOfTheReport) {
    palisade::testing::VulnerableApp app;
    const std::string password_file = WriteFile("password", app.options().password + "\n");
    auto r = RunPalisade({"scan", app.Url("/"), "--modules", "web", "--format", "json", "--login-url", "/login",
                          "--login-field", "user=" + app.options().username, "--login-field", "pass=@" + password_file,
                          "--crawl-pages", "150", "--fail-on", "high"});
    EXPECT_EQ(r.exit_code, 1) << r.err;  // the application's high findings
    EXPECT_NE(r.out.find("/account/search"), std::string::npos) << "the area behind the login was scanned";
    EXPECT_NE(r.out.find("web.xss.reflected"), std::string::npos);
    EXPECT_EQ(r.out.find(app.options().password), std::string::npos);
    EXPECT_EQ(r.err.find(app.options().password), std::string::npos);
}

TEST_F(Cli, ScanWritesTheJsonContractAndExitsZeroWithoutFindings) {
    LoopbackListener listener;
    auto r = RunPalisade({"scan", "127.0.0.1", "--modules", "ports", "--ports", listener.port(), "--format", "json",
                          "--fail-on", "info"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("\"scanner\""), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("\"complete\": true"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("\"port\": " + listener.port()), std::string::npos) << r.out;
    EXPECT_EQ(r.err.find("\033["), std::string::npos) << "no progress line when stderr is not a terminal";
}

TEST_F(Cli, ScanOutputFileIsWrittenWholeAndPrivate) {
    LoopbackListener listener;
    const auto path = (dir_.path() / "report.xml").string();
    auto r = RunPalisade({"scan", "127.0.0.1", "--modules", "ports", "--ports", listener.port(), "--format",
                          "nmap-xml", "--output", path});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(r.out.empty());
    std::ifstream in(path);
    std::string xml((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_NE(xml.find("<nmaprun"), std::string::npos);
    EXPECT_NE(xml.find("portid=\"" + listener.port() + "\""), std::string::npos) << xml;
    struct stat st{};
    ASSERT_EQ(stat(path.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    auto bad = RunPalisade({"scan", "127.0.0.1", "--modules", "ports", "--ports", listener.port(), "--output",
                            (dir_.path() / "no" / "such" / "dir.json").string()});
    EXPECT_EQ(bad.exit_code, 2);
}

// On a terminal (a pseudo-terminal from script(1)): a live progress line on stderr and a coloured report. The other
// scan tests run without a terminal and assert neither appears.
TEST_F(Cli, OnATerminalTheScanDrawsAProgressLineAndColours) {
    ASSERT_EQ(access("/usr/bin/script", X_OK), 0) << "script(1) from bsdutils (Essential in Debian) is needed";
    std::string command = std::string(PALISADE_BINARY) +
                          " scan 127.0.0.1 --modules ports --ports 1-20000 --rate 0 --fail-on none --format text";
    auto r = RunCommand({"/usr/bin/script", "-qec", command, "/dev/null"});
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_NE(r.out.find("\r\033[2K127.0.0.1  ports "), std::string::npos) << "no progress line in: " << r.out;
    EXPECT_NE(r.out.find("\033[1m"), std::string::npos) << "no colour in the report";
    auto plain = RunPalisade({"scan", "127.0.0.1", "--modules", "ports", "--ports", "1-20000", "--fail-on", "none"});
    EXPECT_EQ(plain.out.find("\033["), std::string::npos);
    EXPECT_EQ(plain.err.find("\033["), std::string::npos);
}

TEST_F(Cli, CtrlCStopsTheScanWithinASecondAndWritesThePartialResult) {
    LoopbackListener listener;
    Process p({"scan", "127.0.0.1", "--modules", "ports", "--ports", "all", "--rate", "20", "--format", "json"}, {});
    std::this_thread::sleep_for(std::chrono::milliseconds(700));
    const auto signalled = std::chrono::steady_clock::now();
    p.Signal(SIGINT);
    auto r = p.Wait();
    EXPECT_LT(std::chrono::steady_clock::now() - signalled, std::chrono::milliseconds(1500));
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.out.find("\"complete\": false"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("\"incomplete_reason\": \"cancelled\""), std::string::npos) << r.out;
    EXPECT_NE(r.err.find("interrupted"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace palisade::testing
