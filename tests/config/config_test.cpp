// SPDX-License-Identifier: Apache-2.0
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "config/flags.hpp"
#include "config/loader.hpp"
#include "config/validate.hpp"
#include "config/values.hpp"

namespace palisade::config {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;
using namespace std::chrono_literals;

const std::string kSecret40(40, 's');

// A scratch directory for config and secret files, removed afterwards.
class ConfigFiles : public ::testing::Test {
  protected:
    void SetUp() override {
        std::string pattern = (std::filesystem::temp_directory_path() / "palisade-config-XXXXXX").string();
        ASSERT_NE(mkdtemp(pattern.data()), nullptr);
        dir_ = pattern;
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    std::string Write(const std::string& name, const std::string& content) {
        const std::filesystem::path path = dir_ / name;
        std::ofstream(path, std::ios::binary) << content;
        return path.string();
    }

    std::filesystem::path dir_;
};

// The error message of a failed load, or "" when it succeeded.
std::string Problems(const ConfigSources& sources) {
    auto config = LoadConfig(sources);
    if (config) return {};
    EXPECT_EQ(config.error().code, ErrorCode::kInvalidArgument);
    return config.error().message;
}

Config LoadOrDie(const ConfigSources& sources) {
    auto config = LoadConfig(sources);
    EXPECT_TRUE(config.has_value()) << config.error().message;
    return config.value_or(Config{});
}

ConfigSources Flags(std::map<std::string, std::string> flags) { return ConfigSources{std::nullopt, {}, flags}; }

std::size_t LineCount(const std::string& text) { return std::count(text.begin(), text.end(), '\n') + 1; }

TEST(ConfigLoader, DefaultsAreValid) {
    const Config config = LoadOrDie(ConfigSources{});
    const Config defaults;
    EXPECT_EQ(config.server.listen, defaults.server.listen);
    EXPECT_EQ(config.server.max_body_bytes, defaults.server.max_body_bytes);
    EXPECT_EQ(config.store.database_url, defaults.store.database_url);
    EXPECT_EQ(config.auth.signup, SignupMode::kInviteOnly);
    EXPECT_EQ(config.server.public_url, "http://127.0.0.1:8080");
}

TEST_F(ConfigFiles, FileThenEnvThenFlagsTakePrecedence) {
    const std::string file = Write("config.yaml", R"(data_dir: /srv/file
server:
  listen: 127.0.10.1:1000
  max_body_bytes: 2MiB
  idle_timeout: 5m
log:
  level: warn
  format: text
auth:
  signup: open
)");
    ConfigSources sources{file,
                          {{"PALISADE_LISTEN", "127.0.10.2:2000"},
                           {"PALISADE_LOG_LEVEL", "error"},
                           {"PALISADE_DATA_DIR", "/srv/env"},
                           {"PALISADE_SERVER_IDLE_TIMEOUT", "90"},
                           {"PALISADE_DATABASE_URL", "postgresql://db/palisade"}},
                          {{"server.listen", "127.0.10.3:3000"}, {"log.level", "debug"}}};
    const Config config = LoadOrDie(sources);
    EXPECT_EQ(config.server.listen, "127.0.10.3:3000");           // flag > env > file
    EXPECT_EQ(config.log.level, "debug");                       // flag > env > file
    EXPECT_EQ(config.data_dir, "/srv/env");                     // env > file
    EXPECT_EQ(config.server.idle_timeout, 90s);                 // env > file
    EXPECT_EQ(config.log.format, "text");                       // file > default
    EXPECT_EQ(config.server.max_body_bytes, 2u * 1024 * 1024);  // file > default
    EXPECT_EQ(config.auth.signup, SignupMode::kOpen);
    EXPECT_EQ(config.store.database_url, "postgresql://db/palisade");
    EXPECT_EQ(config.server.public_url, "http://127.0.10.3:3000");
}

TEST(ConfigLoader, EnvUsesSectionAndKeyNamesAndCommaLists) {
    const Config config = LoadOrDie(ConfigSources{std::nullopt,
                                                  {{"PALISADE_SERVER_MAX_BODY_BYTES", "64KiB"},
                                                   {"PALISADE_AUTH_SIGNUP", "off"},
                                                   {"PALISADE_STORE_AUTO_MIGRATE", "false"},
                                                   {"PALISADE_MAIL_SECURITY", "tls"},
                                                   {"PALISADE_SERVER_TRUSTED_PROXIES", "10.0.0.0/8, ::1 ,"},
                                                   {"PALISADE_TEST_PG_URL", "ignored: not a config variable"}},
                                                  {}});
    EXPECT_EQ(config.server.max_body_bytes, 64u * 1024);
    EXPECT_EQ(config.auth.signup, SignupMode::kOff);
    EXPECT_FALSE(config.store.auto_migrate);
    EXPECT_EQ(config.mail.security, SmtpSecurity::kTls);
    EXPECT_EQ(config.server.trusted_proxies, (std::vector<std::string>{"10.0.0.0/8", "::1"}));
}

TEST(ConfigValues, ParsesDurations) {
    EXPECT_EQ(ParseDuration("90").value(), 90s);
    EXPECT_EQ(ParseDuration("500ms").value(), 500ms);
    EXPECT_EQ(ParseDuration("30s").value(), 30s);
    EXPECT_EQ(ParseDuration("15m").value(), 15min);
    EXPECT_EQ(ParseDuration("24h").value(), 24h);
    EXPECT_EQ(ParseDuration("7d").value(), 168h);
    EXPECT_EQ(ParseDuration("1h30m").value(), 90min);
    for (const char* bad : {"", "-5", "5x", "m", "1.5h", "5 m", "ms5", "99999999999999999999d", "999999999999999d"}) {
        EXPECT_FALSE(ParseDuration(bad).has_value()) << bad;
    }
}

TEST(ConfigValues, FormatsDurationsInTheLargestExactUnit) {
    EXPECT_EQ(FormatDuration(15min), "15m");
    EXPECT_EQ(FormatDuration(1500ms), "1500ms");
    EXPECT_EQ(FormatDuration(0s), "0s");
    EXPECT_EQ(FormatDuration(720h), "30d");
    EXPECT_EQ(ParseDuration(FormatDuration(90min)).value(), 90min);
}

TEST(ConfigValues, ParsesAndFormatsSizes) {
    EXPECT_EQ(ParseSize("1024").value(), 1024u);
    EXPECT_EQ(ParseSize("16KiB").value(), 16u * 1024);
    EXPECT_EQ(ParseSize("1MiB").value(), 1024u * 1024);
    EXPECT_EQ(ParseSize("2GiB").value(), 2ull << 30);
    EXPECT_EQ(ParseSize("7B").value(), 7u);
    for (const char* bad : {"", "1MB", "1.5MiB", "-1", "KiB", "1 KiB", "99999999999GiB"}) {
        EXPECT_FALSE(ParseSize(bad).has_value()) << bad;
    }
    EXPECT_EQ(FormatSize(1024 * 1024), "1MiB");
    EXPECT_EQ(FormatSize(1536), "1536");
    EXPECT_EQ(FormatSize(16 * 1024), "16KiB");
}

TEST_F(ConfigFiles, YamlAcceptsBothDurationAndSizeForms) {
    const std::string file = Write("c.yaml", R"(server:
  request_timeout: 2m
  idle_timeout: 45
  max_header_bytes: 32KiB
  max_body_bytes: 4096
store:
  busy_timeout: 250ms
)");
    const Config config = LoadOrDie(ConfigSources{file, {}, {}});
    EXPECT_EQ(config.server.request_timeout, 120s);
    EXPECT_EQ(config.server.idle_timeout, 45s);
    EXPECT_EQ(config.server.max_header_bytes, 32u * 1024);
    EXPECT_EQ(config.server.max_body_bytes, 4096u);
    EXPECT_EQ(config.store.busy_timeout, 250ms);
}

TEST(ConfigLoader, SecondsFieldsRejectFractionsOfASecond) {
    EXPECT_THAT(Problems(Flags({{"server.request_timeout", "1500ms"}})),
                HasSubstr("command line: server.request_timeout: must be a whole number of seconds"));
}

struct BadValue {
    std::string key;
    std::string value;
    std::string problem;  // expected in "command line: <key>: <problem...>"
};

TEST(ConfigLoader, EveryValidationRuleNamesItsKey) {
    const std::vector<BadValue> cases = {
        {"data_dir", "", "must not be empty"},
        {"server.listen", "localhost:8080", "not ADDR:PORT"},
        {"server.listen", "::1:8080", "not ADDR:PORT"},
        {"server.listen", "127.0.0.1", "not ADDR:PORT"},
        {"server.listen", "127.0.0.1:70000", "port must be 0..65535"},
        {"server.listen", "[::1]:http", "port must be 0..65535"},
        {"server.public_url", "ftp://example.com", "must start with http:// or https://"},
        {"server.io_threads", "-1", "must be at least 0"},
        {"server.blocking_threads", "-2", "must be at least 0"},
        {"server.max_header_bytes", "1023", "must be at least 1024"},
        {"server.max_body_bytes", "512", "must be at least 1024"},
        {"server.request_timeout", "0", "must be greater than 0"},
        {"server.idle_timeout", "0s", "must be greater than 0"},
        {"server.handler_timeout", "0", "must be greater than 0"},
        {"server.max_connections", "0", "must be at least 1"},
        {"server.max_connections", "many", "not an integer"},
        {"server.tls_cert_file", "/dev/null", "set without server.tls_key_file"},
        {"server.tls_key_file", "/dev/null", "set without server.tls_cert_file"},
        {"server.cors_allowed_origins", "https://app.example.com/", "is not an origin"},
        {"server.cors_allowed_origins", "*", "is not an origin"},
        {"server.cors_allowed_origins", "app.example.com", "is not an origin"},
        {"server.cors_allowed_origins", "https://a.example.com:0", "is not an origin"},
        {"server.trusted_proxies", "10.0.0.0/33", "not an IP address or CIDR"},
        {"server.trusted_proxies", "proxy.internal", "not an IP address or CIDR"},
        {"server.rate_limit_ip_per_minute", "-1", "must be at least 0"},
        {"server.rate_limit_ip_burst", "0", "must be at least 1"},
        {"server.rate_limit_principal_burst", "0", "must be at least 1"},
        {"server.max_body_bytes", "1MB", "not a size"},
        {"store.database_url", "mysql://db/palisade", "must be sqlite://PATH or postgresql://"},
        {"store.database_url", "sqlite://", "must be sqlite://PATH or postgresql://"},
        {"store.pool_size", "0", "must be between 1 and 256"},
        {"store.pool_size", "257", "must be between 1 and 256"},
        {"store.auto_migrate", "maybe", "not a boolean"},
        {"store.busy_timeout", "0", "must be greater than 0"},
        {"store.busy_timeout", "5000", "must be at most 1h"},
        {"auth.signup", "sometimes", "must be one of open, invite-only, off"},
        {"auth.jwt_secret", "too-short", "must be at least 32 bytes"},
        {"auth.issuer", " ", "must not be empty"},
        {"auth.access_token_ttl", "0", "must be greater than 0"},
        {"auth.refresh_token_ttl", "soon", "not a duration"},
        {"auth.lockout_threshold", "0", "must be at least 1"},
        {"auth.lockout_window", "0", "must be greater than 0"},
        {"mail.smtp_port", "0", "must be between 1 and 65535"},
        {"mail.security", "ssl", "must be one of starttls, tls, none"},
        {"mail.from", "Palisade", "must contain an e-mail address"},
        {"mail.timeout", "0", "must be greater than 0"},
        {"mail.smtp_host", "smtp host", "not a host name or IP address"},
        {"log.level", "verbose", "must be one of trace, debug, info, warn, error"},
        {"log.format", "xml", "must be one of json, text"},
    };
    for (const BadValue& c : cases) {
        SCOPED_TRACE(c.key + "=" + c.value);
        const std::string problems = Problems(Flags({{c.key, c.value}}));
        EXPECT_THAT(problems, StartsWith("command line: " + c.key + ": "));
        EXPECT_THAT(problems, HasSubstr(c.problem));
        EXPECT_EQ(LineCount(problems), 1u) << problems;
    }
}

TEST(ConfigLoader, AcceptsValidAddressesOriginsAndProxies) {
    const Config config = LoadOrDie(
        Flags({{"server.listen", "[::]:9000"},
               {"server.cors_allowed_origins", "https://app.example.com,http://localhost:3000,http://[::1]:8080"},
               {"server.trusted_proxies", "10.0.0.0/8,192.168.1.1,fd00::/8,::1"},
               {"auth.jwt_secret", kSecret40}}));
    EXPECT_EQ(config.server.cors_allowed_origins.size(), 3u);
    EXPECT_EQ(config.server.trusted_proxies.size(), 4u);
    EXPECT_EQ(config.server.public_url, "http://[::1]:9000");  // wildcard -> loopback for the link
    EXPECT_EQ(config.auth.jwt_secret, kSecret40);
}

TEST_F(ConfigFiles, PublicUrlIsDerivedFromListenAndTls) {
    const std::string cert = Write("cert.pem", "x");
    const std::string key = Write("key.pem", "x");
    EXPECT_EQ(
        LoadOrDie(
            Flags({{"server.listen", "0.0.0.0:8443"}, {"server.tls_cert_file", cert}, {"server.tls_key_file", key}}))
            .server.public_url,
        "https://127.0.0.1:8443");
    EXPECT_EQ(LoadOrDie(Flags({{"server.public_url", "https://palisade.example.com"}})).server.public_url,
              "https://palisade.example.com");
    EXPECT_EQ(LoadOrDie(Flags({{"server.listen", "127.0.0.1:0"}})).server.public_url, "");
}

TEST_F(ConfigFiles, ReportsEveryProblemAtOnce) {
    const std::string file = Write("config.yaml", R"(server:
  listen: nowhere
  max_body_bytes: 10
store:
  pool_size: 0
)");
    const std::string problems =
        Problems(ConfigSources{file, {{"PALISADE_LOG_LEVEL", "loud"}}, {{"mail.security", "ssl"}}});
    EXPECT_THAT(problems, HasSubstr(file + ":2: server.listen: not ADDR:PORT"));
    EXPECT_THAT(problems, HasSubstr(file + ":3: server.max_body_bytes: must be at least 1024"));
    EXPECT_THAT(problems, HasSubstr(file + ":5: store.pool_size: must be between 1 and 256"));
    EXPECT_THAT(problems, HasSubstr("env PALISADE_LOG_LEVEL: log.level: must be one of"));
    EXPECT_THAT(problems, HasSubstr("command line: mail.security: must be one of"));
    EXPECT_EQ(LineCount(problems), 5u) << problems;
}

TEST_F(ConfigFiles, ReportsUnknownKeysFromEverySource) {
    const std::string file = Write("config.yaml", "servr:\n  listen: 127.0.0.1:1\nserver:\n  listn: 127.0.0.1:1\n");
    const std::string problems = Problems(ConfigSources{
        file, {{"PALISADE_SERVER_LISTN", "x"}, {"PALISADE_CONFIG", "ignored"}}, {{"auth.sigup", "open"}}});
    EXPECT_THAT(problems, HasSubstr(file + ":1: servr: unknown key"));
    EXPECT_THAT(problems, HasSubstr(file + ":4: server.listn: unknown key"));
    EXPECT_THAT(problems, HasSubstr("env PALISADE_SERVER_LISTN: unknown variable"));
    EXPECT_THAT(problems, HasSubstr("command line: auth.sigup: unknown key"));
    EXPECT_EQ(LineCount(problems), 4u) << problems;
}

TEST_F(ConfigFiles, ReportsWrongYamlShapes) {
    const std::string file = Write("config.yaml", R"(server: 8080
store:
  pool_size: [1, 2]
auth:
  issuer: {name: x}
)");
    const std::string problems = Problems(ConfigSources{file, {}, {}});
    EXPECT_THAT(problems, HasSubstr(file + ":1: server: must be a mapping of keys"));
    EXPECT_THAT(problems, HasSubstr(file + ":3: store.pool_size: expected a single value, not a list"));
    EXPECT_THAT(problems, HasSubstr(file + ":5: auth.issuer: expected a value, not a mapping"));
}

TEST_F(ConfigFiles, MalformedYamlReportsLineAndColumn) {
    const std::string file = Write("config.yaml", "server:\n  listen: a: b\n  idle_timeout: 5\n");
    const std::string bad_indent = Write("indent.yaml", "server:\n  listen: a\n idle_timeout: 5\n");
    EXPECT_THAT(Problems(ConfigSources{file, {}, {}}), StartsWith(file + ":2:12: invalid YAML: "));
    EXPECT_THAT(Problems(ConfigSources{bad_indent, {}, {}}), HasSubstr(bad_indent + ":3:"));
}

TEST(ConfigLoader, MissingConfigFileIsAnError) {
    EXPECT_THAT(Problems(ConfigSources{"/nonexistent/palisade.yaml", {}, {}}),
                HasSubstr("/nonexistent/palisade.yaml: cannot read"));
}

TEST_F(ConfigFiles, YamlListsAndEmptyYaml) {
    const std::string file = Write("config.yaml",
                                   "server:\n  cors_allowed_origins:\n    - https://a.example\n"
                                   "    - https://b.example:8443\n  trusted_proxies: []\nlog:\n");
    const Config config = LoadOrDie(ConfigSources{file, {}, {}});
    EXPECT_EQ(config.server.cors_allowed_origins,
              (std::vector<std::string>{"https://a.example", "https://b.example:8443"}));
    LoadOrDie(ConfigSources{Write("empty.yaml", ""), {}, {}});
}

TEST_F(ConfigFiles, ReadsSecretsFromFilesStrippingOneNewline) {
    const std::string jwt = Write("jwt", kSecret40 + "\n");
    const std::string mail = Write("mail", "p@ss\n\n");
    const std::string file = Write("config.yaml", "auth:\n  jwt_secret_file: " + jwt + "\n");
    const Config config = LoadOrDie(ConfigSources{file, {{"PALISADE_MAIL_PASSWORD_FILE", mail}}, {}});
    EXPECT_EQ(config.auth.jwt_secret, kSecret40);
    EXPECT_EQ(config.mail.password, "p@ss\n");
}

TEST_F(ConfigFiles, ReportsMissingOrEmptySecretFiles) {
    const std::string file = Write("config.yaml", "auth:\n  jwt_secret_file: " + (dir_ / "missing").string() + "\n");
    const std::string empty = Write("empty", "\n");
    const std::string problems = Problems(ConfigSources{file, {{"PALISADE_MAIL_PASSWORD_FILE", empty}}, {}});
    EXPECT_THAT(problems, HasSubstr(file + ":2: auth.jwt_secret_file: cannot read " + (dir_ / "missing").string()));
    EXPECT_THAT(problems, HasSubstr("env PALISADE_MAIL_PASSWORD_FILE: mail.password_file: " + empty + " is empty"));
}

TEST_F(ConfigFiles, LaterSourceOverridesEitherSecretForm) {
    // The file names a secret file that does not exist, but the environment's inline value wins: no error.
    const std::string file = Write("config.yaml", "auth:\n  jwt_secret_file: /nonexistent/jwt\n");
    const Config config = LoadOrDie(ConfigSources{file, {{"PALISADE_AUTH_JWT_SECRET", kSecret40}}, {}});
    EXPECT_EQ(config.auth.jwt_secret, kSecret40);
    const std::string from_file = Write("jwt", std::string(33, 'f'));
    const Config flagged = LoadOrDie(
        ConfigSources{std::nullopt, {{"PALISADE_AUTH_JWT_SECRET", kSecret40}}, {{"auth.jwt_secret_file", from_file}}});
    EXPECT_EQ(flagged.auth.jwt_secret, std::string(33, 'f'));
}

TEST(ConfigLoader, TwoSettingsOfOneKeyInOneSourceConflict) {
    EXPECT_THAT(
        Problems(ConfigSources{
            std::nullopt, {{"PALISADE_AUTH_JWT_SECRET", kSecret40}, {"PALISADE_AUTH_JWT_SECRET_FILE", "/x"}}, {}}),
        HasSubstr("auth.jwt_secret_file: conflicts with auth.jwt_secret (env PALISADE_AUTH_JWT_SECRET)"));
    EXPECT_THAT(Problems(ConfigSources{
                    std::nullopt, {{"PALISADE_LISTEN", "1.2.3.4:1"}, {"PALISADE_SERVER_LISTEN", "1.2.3.4:2"}}, {}}),
                HasSubstr("server.listen: conflicts with server.listen"));
}

TEST_F(ConfigFiles, DuplicateYamlKeysConflict) {
    const std::string file = Write("config.yaml", "server:\n  listen: 127.0.0.1:1\n  listen: 127.0.0.1:2\n");
    EXPECT_THAT(Problems(ConfigSources{file, {}, {}}),
                HasSubstr(file + ":3: server.listen: conflicts with server.listen (" + file + ":2); set only one"));
}

TEST(ConfigLoader, ProblemsNeverEchoSecrets) {
    const std::string problems = Problems(ConfigSources{
        std::nullopt,
        {{"PALISADE_AUTH_JWT_SECRET", "short-but-secret"}, {"PALISADE_DATABASE_URL", "mysql://u:hunter2@db/x"}},
        {}});
    EXPECT_THAT(problems, HasSubstr("auth.jwt_secret: must be at least 32 bytes"));
    EXPECT_THAT(problems, HasSubstr("store.database_url"));
    EXPECT_THAT(problems, Not(HasSubstr("short-but-secret")));
    EXPECT_THAT(problems, Not(HasSubstr("hunter2")));
}

TEST(ConfigRender, RedactsSecretsAndShowsEverythingElse) {
    Config config;
    config.auth.jwt_secret = kSecret40;
    config.mail.password = "mail-password-value";
    config.store.database_url = "postgresql://palisade:hunter2pass@db:5432/palisade?sslmode=require&password=other";
    config.server.listen = "0.0.0.0:9999";
    config.auth.issuer = "issuer-shown";
    const std::string yaml = RenderRedacted(config);
    EXPECT_THAT(yaml, Not(HasSubstr(kSecret40)));
    EXPECT_THAT(yaml, Not(HasSubstr("mail-password-value")));
    EXPECT_THAT(yaml, Not(HasSubstr("hunter2pass")));
    EXPECT_THAT(yaml, Not(HasSubstr("other")));
    EXPECT_THAT(yaml, HasSubstr("jwt_secret: <redacted>"));
    EXPECT_THAT(yaml, HasSubstr("password: <redacted>"));
    EXPECT_THAT(yaml,
                HasSubstr("postgresql://palisade:<redacted>@db:5432/palisade?sslmode=require&password=<redacted>"));
    EXPECT_THAT(yaml, HasSubstr("listen: 0.0.0.0:9999"));
    EXPECT_THAT(yaml, HasSubstr("issuer: issuer-shown"));
    EXPECT_THAT(yaml, HasSubstr("max_body_bytes: 1MiB"));
    EXPECT_THAT(yaml, HasSubstr("access_token_ttl: 15m"));
    EXPECT_THAT(yaml, HasSubstr("signup: invite-only"));
}

TEST(ConfigRender, UnsetSecretsRenderEmpty) {
    const std::string yaml = RenderRedacted(Config{});
    EXPECT_THAT(yaml, HasSubstr("jwt_secret: \"\""));
    EXPECT_THAT(yaml, Not(HasSubstr("<redacted>")));
}

TEST_F(ConfigFiles, RenderedConfigLoadsBackUnchanged) {
    Config config;
    config.server.cors_allowed_origins = {"https://a.example", "http://localhost:3000"};
    config.server.trusted_proxies = {"10.0.0.0/8"};
    config.store.busy_timeout = 1500ms;
    config.mail.security = SmtpSecurity::kNone;
    config.server.max_body_bytes = 1536;
    config.server.public_url = "http://127.0.0.1:8080";  // what LoadConfig derives
    const std::string yaml = RenderRedacted(config);
    const Config loaded = LoadOrDie(ConfigSources{Write("shown.yaml", yaml), {}, {}});
    EXPECT_EQ(RenderRedacted(loaded), yaml);
}

TEST(ConfigRender, RedactsDatabaseUrlPasswords) {
    EXPECT_EQ(RedactDatabaseUrl("postgresql://u:p@h/db"), "postgresql://u:<redacted>@h/db");
    EXPECT_EQ(RedactDatabaseUrl("postgres://u:p:q@h:5432"), "postgres://u:<redacted>@h:5432");
    EXPECT_EQ(RedactDatabaseUrl("postgresql://u@h/db?sslpassword=x&Password=y"),
              "postgresql://u@h/db?sslpassword=<redacted>&Password=<redacted>");
    EXPECT_EQ(RedactDatabaseUrl("postgresql://h/db"), "postgresql://h/db");
    EXPECT_EQ(RedactDatabaseUrl("sqlite://var/palisade.db"), "sqlite://var/palisade.db");
}

TEST(ConfigSources, ConfigFlagWinsOverPalisadeConfigEnv) {
    EXPECT_EQ(CollectSources("a.yaml", {}, {{"PALISADE_CONFIG", "b.yaml"}}).file, std::filesystem::path("a.yaml"));
    EXPECT_EQ(CollectSources("", {}, {{"PALISADE_CONFIG", "b.yaml"}}).file, std::filesystem::path("b.yaml"));
    EXPECT_FALSE(CollectSources("", {}, {}).file.has_value());
}

TEST(ConfigSources, PalisadeEnvironmentKeepsOnlyPalisadeVariables) {
    ASSERT_EQ(setenv("PALISADE_ZZ_CONFIG_TEST", "a=b", 1), 0);
    ASSERT_EQ(setenv("NOT_PALISADE_ZZ", "x", 1), 0);
    const auto env = PalisadeEnvironment();
    unsetenv("PALISADE_ZZ_CONFIG_TEST");
    unsetenv("NOT_PALISADE_ZZ");
    EXPECT_EQ(env.at("PALISADE_ZZ_CONFIG_TEST"), "a=b");
    EXPECT_FALSE(env.contains("NOT_PALISADE_ZZ"));
    for (const auto& [name, value] : env) EXPECT_EQ(name.rfind("PALISADE_", 0), 0u) << name;
}

TEST(ConfigFlags, FillsDottedKeysFromTheCommandLine) {
    CLI::App app;
    std::map<std::string, std::string> flags;
    std::string config_file;
    AddConfigFlags(app, flags, config_file);
    std::vector<std::string> args = {"--set",        "log.level=trace",
                                     "--config",     "p.yaml",
                                     "--listen",     "[::1]:8080",
                                     "--set",        "server.max_body_bytes=2MiB",
                                     "--database",   "sqlite://x.db",
                                     "--data-dir",   "/d",
                                     "--log-format", "text",
                                     "--set",        "auth.signup=open",
                                     "--log-level",  "warn"};
    std::reverse(args.begin(), args.end());  // CLI11 parses a reversed vector
    app.parse(args);
    EXPECT_EQ(config_file, "p.yaml");
    EXPECT_EQ(flags, (std::map<std::string, std::string>{{"server.listen", "[::1]:8080"},
                                                         {"server.max_body_bytes", "2MiB"},
                                                         {"store.database_url", "sqlite://x.db"},
                                                         {"data_dir", "/d"},
                                                         {"log.format", "text"},
                                                         {"log.level", "warn"},  // the named flag wins over --set
                                                         {"auth.signup", "open"}}));
    EXPECT_TRUE(LoadConfig(ConfigSources{std::nullopt, {}, flags}).has_value());
}

TEST(ConfigFlags, RejectsSetWithoutEquals) {
    CLI::App app;
    std::map<std::string, std::string> flags;
    std::string config_file;
    AddConfigFlags(app, flags, config_file);
    EXPECT_THROW(app.parse("--set novalue", false), CLI::ValidationError);
}

}  // namespace
}  // namespace palisade::config
