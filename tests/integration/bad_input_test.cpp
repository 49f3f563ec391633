// SPDX-License-Identifier: Apache-2.0
// Bad input on every route that reads a body, query or path parameters, generated from the route table and the
// OpenAPI document: the answer is a 4xx problem naming what is wrong (never a 2xx, never a 5xx), and nothing is
// half-written: the lists, the organisations, the mail and the audit chain are as they were. On SQLite and
// PostgreSQL.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <thread>

#include "identity/bootstrap.hpp"
#include "integration/app_harness.hpp"
#include "integration/route_probe.hpp"
#include "store/identity_repository.hpp"
#include "store/store.hpp"

namespace palisade::testing {
namespace {

constexpr std::size_t kOverlong = 10'001;  // characters: over every documented maxLength (10,000 at most)

// What a rejected request must leave as it was.
struct State {
    std::vector<std::string> lists;  // what the admin reads from the list endpoints, /me and the organisation
    long long orgs = 0;
    long long audit_entries = 0;
    std::size_t mails = 0;
    bool operator==(const State&) const = default;
    friend void PrintTo(const State& s, std::ostream* os) {
        *os << "orgs=" << s.orgs << " audit_entries=" << s.audit_entries << " mails=" << s.mails;
        for (const std::string& l : s.lists) *os << "\n  " << l.substr(0, 2000);
    }
};

struct BodyCase {
    std::string name;
    std::string body;
    std::string field;  // the field the problem must name; "" for none
    int status = 400;
};

class BadInput : public ::testing::TestWithParam<std::string> {
protected:
    void SetUp() override {
        h_ = std::make_unique<AppHarness>(GetParam(), [](config::Config& c) {
            c.server.rate_limit_ip_per_minute = 0;
            c.server.rate_limit_principal_per_minute = 0;
            c.server.trusted_proxies = {"127.0.0.1"};  // login checks come from addresses of their own
        });
        h_->Start();
        c_ = h_->Client();
        h_->CreateUser("bad-admin@acme.test", "admin", "Acme");
        admin_ = Bearer(h_->Login("bad-admin@acme.test").access);
        target_ = h_->CreateUser("bad-target@acme.test", "viewer", "Acme");
        // Something in every list, so that a change to any of them shows.
        ASSERT_EQ(c_->Post("/api/v1/api-keys", R"({"name":"k"})", admin_).status, 201);
        ASSERT_EQ(c_->Post("/api/v1/invitations", R"({"email":"inv@acme.test","role":"viewer"})", admin_).status, 201);
        h_->Mail(0);
        // The deliverer marks the mail sent just after the sink has it: wait, or the first snapshot may race it.
        const auto unsent = [&] { return c_->Get("/api/v1/outbox", admin_).body.find(R"("sent_at":null)"); };
        for (int i = 0; i < 100 && unsent() != std::string::npos; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    }

    State Snapshot() {
        State s;
        for (const char* path :
             {"/api/v1/users?limit=200", "/api/v1/invitations?limit=200", "/api/v1/api-keys?limit=200",
              "/api/v1/outbox?limit=200", "/api/v1/orgs/current", "/api/v1/me"}) {
            auto r = c_->Get(path, admin_);
            EXPECT_EQ(r.status, 200) << path << " " << r.body;
            s.lists.push_back(r.body);
        }
        const identity::IdentityDeps deps = h_->App().runtime().Deps();
        auto orgs = deps.store.Read([](store::Tx& tx) -> Result<long long> { return store::orgs::Count(tx); });
        s.orgs = orgs.value_or(-1);
        auto verified = identity::VerifyAudit(deps);
        EXPECT_TRUE(verified.has_value() && verified->ok) << (verified ? verified->problem : verified.error().message);
        s.audit_entries = verified ? verified->entries : -1;
        s.mails = h_->Sink().Messages().size();
        return s;
    }

    Headers CredentialsFor(const ProbeRoute& route) const { return route.IsPublic() ? Headers{} : admin_; }
    std::string PathOf(const ProbeRoute& route) const { return route.Path(target_); }

    // Sends `body` to `route` and checks the answer is the problem `c` expects and that nothing changed.
    void Reject(const ProbeRoute& route, const BodyCase& c) {
        const State before = Snapshot();
        const HttpResult r = c_->Request(route.method, PathOf(route), c.body, CredentialsFor(route));
        const std::string where = route.Name() + " [" + c.name + "]: " + Brief(r);
        EXPECT_EQ(r.status, c.status) << where;
        EXPECT_TRUE(IsProblem(r)) << where;
        if (!c.field.empty()) {
            EXPECT_TRUE(NamesField(r, c.field)) << "errors should name '" << c.field << "': " << where;
        }
        EXPECT_EQ(Snapshot(), before) << "a rejected request changed something: " << where;
    }

    // Sends each of `ids` (already percent-encoded) as the {id} of every route that has one, with a valid body.
    void ProbeIds(const std::vector<std::string>& ids) {
        int probed = 0;
        for (const ProbeRoute& route : RoutesOf(h_->App())) {
            if (!route.HasId()) continue;
            const BodySpec spec = BodySpecOf(route);
            const std::string body = spec.documented ? boost::json::serialize(MinimalBody(spec)) : "";
            for (const std::string& id : ids) {
                const State before = Snapshot();
                const HttpResult r = c_->Request(route.method, route.Path(id), body, CredentialsFor(route));
                const std::string where = route.Name() + " id=" + id.substr(0, 40) + ": " + Brief(r);
                EXPECT_TRUE(r.status == 404 || r.status == 400) << where;
                EXPECT_TRUE(IsProblem(r)) << where;
                EXPECT_EQ(Snapshot(), before) << "a rejected request changed something: " << where;
            }
            ++probed;
        }
        EXPECT_GE(probed, 7) << "fewer {id} routes than expected";
    }

    std::unique_ptr<AppHarness> h_;
    std::unique_ptr<HttpClient> c_;
    Headers admin_;
    std::string target_;  // the Acme user that /users/{id} routes name
};

boost::json::value Text(const std::string& s) { return boost::json::string(s); }

std::string With(boost::json::object o, const std::string& field, boost::json::value v) {
    o[field] = std::move(v);
    return boost::json::serialize(o);
}

// Bodies that are wrong as a whole: not JSON, not an object, not UTF-8, too deep, too big, an unknown member.
std::vector<BodyCase> BodyCases(const BodySpec& spec) {
    const std::string f = spec.fields.empty() ? "x" : spec.fields.front();
    const boost::json::object minimal = MinimalBody(spec);
    std::vector<BodyCase> cases = {
        {"malformed", R"({"email":)", "body"},
        {"array", "[]", "body"},
        {"string", R"("x")", "body"},
        {"number", "42", "body"},
        {"null", "null", "body"},
        {"invalid UTF-8", "{\"" + f + "\":\"\xff\xfe\"}", "body"},
        {"too deep", std::string(100, '[') + std::string(100, ']'), "body"},
        {"unknown field", With(minimal, "zz_unknown", "x"), "zz_unknown"},
        {"oversized", "{\"" + f + "\":\"" + std::string(1024 * 1024 + 1, 'a') + "\"}", "", 413},
    };
    if (spec.required) cases.push_back({"empty", "", "body"});
    return cases;
}

// Bodies with one field at fault, for every documented field.
std::vector<BodyCase> FieldCases(const BodySpec& spec) {
    const boost::json::object minimal = MinimalBody(spec);
    std::vector<BodyCase> cases;
    for (const std::string& f : spec.fields) {
        // A value of every wrong JSON type: a number, a boolean, an array (an object for array fields, a string for
        // number and boolean fields, whose own type is no error).
        const std::string type = spec.TypeOf(f);
        if (type == "integer" || type == "number") {
            cases.push_back({f + " is a string", With(minimal, f, "x"), f});
        } else {
            cases.push_back({f + " is a number", With(minimal, f, 42), f});
        }
        if (type == "boolean") {
            cases.push_back({f + " is a string", With(minimal, f, "x"), f});
        } else {
            cases.push_back({f + " is a boolean", With(minimal, f, true), f});
        }
        if (spec.IsArray(f)) {
            cases.push_back({f + " is an object", With(minimal, f, boost::json::object{{"x", 1}}), f});
        } else {
            cases.push_back({f + " is an array", With(minimal, f, boost::json::array{"x"}), f});
        }
        cases.push_back({f + " is overlong", With(minimal, f, Text(std::string(kOverlong, 'a'))), f});
        cases.push_back({f + " holds NUL", With(minimal, f, Text(std::string("a\0b", 3))), f});
        // An escaped lone surrogate is no character at all: the parser refuses it (so the problem names "body").
        std::string surrogate = With(minimal, f, "@@");
        surrogate.replace(surrogate.find("@@"), 2, "\\ud800");
        cases.push_back({f + " holds a lone surrogate", surrogate, "body"});
    }
    for (const std::string& f : spec.required_fields) {
        boost::json::object missing = minimal;
        missing.erase(f);
        cases.push_back({f + " is missing", boost::json::serialize(missing), f});
        cases.push_back({f + " is null", With(minimal, f, nullptr), f});
    }
    return cases;
}

TEST_P(BadInput, EveryBodyRouteRejectsMalformedBodiesAndBadFieldsByName) {
    int probed = 0;
    for (const ProbeRoute& route : RoutesOf(h_->App())) {
        const BodySpec spec = BodySpecOf(route);
        if (!route.TakesBody() || !spec.documented) continue;
        for (const BodyCase& c : BodyCases(spec)) Reject(route, c);
        for (const BodyCase& c : FieldCases(spec)) Reject(route, c);
        // Every required field is named at once.
        const HttpResult empty = c_->Request(route.method, PathOf(route), "{}", CredentialsFor(route));
        for (const std::string& f : spec.required_fields) EXPECT_TRUE(NamesField(empty, f)) << route.Name() << " " << f;
        ++probed;
    }
    EXPECT_GE(probed, 14) << "fewer documented request bodies than expected: is the OpenAPI lookup broken?";
}

// Routes that document no body (TOTP enrolment, deactivate, reactivate, unlock) do not read one: whatever is
// sent, the answer must not be a 5xx, and a body over the size limit is still refused. Each request names a
// fresh user, as these requests are carried out.
TEST_P(BadInput, WriteRoutesWithoutADocumentedBodyNeverFailOnOne) {
    int serial = 0;
    std::string ignored;
    for (const ProbeRoute& route : RoutesOf(h_->App())) {
        const BodySpec spec = BodySpecOf(route);
        if (!route.TakesBody() || spec.documented) continue;
        for (const BodyCase& c : BodyCases(BodySpec{})) {
            const std::string email = "fresh-" + std::to_string(++serial) + "@acme.test";
            const std::string path = route.HasId() ? route.Path(h_->CreateUser(email, "viewer", "Acme")) : route.Path();
            const HttpResult r = c_->Request(route.method, path, c.body, CredentialsFor(route));
            EXPECT_TRUE(r.status > 0 && r.status < 500) << route.Name() << " [" << c.name << "]: " << Brief(r);
            if (c.status == 413 && !spec.raw) {
                EXPECT_EQ(r.status, 413) << route.Name() << " " << Brief(r);
            }
            // An upload route reads the body as a file: none of these is one it can take.
            if (spec.raw) {
                EXPECT_TRUE(r.status >= 400 && r.status < 500) << route.Name() << " " << Brief(r);
            }
            if (r.status >= 200 && r.status < 300) ignored += " " + route.Name() + " [" + c.name + "]";
        }
    }
    if (!ignored.empty()) RecordProperty("bodies_ignored", ignored);
    auto verified = identity::VerifyAudit(h_->App().runtime().Deps());
    ASSERT_TRUE(verified.has_value());
    EXPECT_TRUE(verified->ok) << verified->problem;
}

TEST_P(BadInput, RejectedSignUpCreatesNoAccount) {
    const ProbeRoute reg{"POST", "/api/v1/auth/register", auth::Permission::kPublic};
    const std::vector<std::pair<std::string, boost::json::value>> faults = {
        {"password", 42},
        {"password", Text(std::string(kOverlong, 'p'))},
        {"display_name", Text(std::string(kOverlong, 'd'))},
        {"organization", Text(std::string("A\0B", 3))},
        {"invitation_token", boost::json::array{}},
        {"zz_unknown", "x"},
    };
    int n = 0;
    for (const auto& [field, value] : faults) {
        const std::string email = "half-" + std::to_string(++n) + "@example.test";
        boost::json::object body{{"email", email}, {"password", AppHarness::kPassword}, {"organization", "Half"}};
        Reject(reg, {field + " at fault", With(body, field, value), field});
        // 401 (no such account), not 403 (an unverified account exists) and not 200.
        const std::string login =
            boost::json::serialize(boost::json::object{{"email", email}, {"password", AppHarness::kPassword}});
        auto r = c_->Post("/api/v1/auth/login", login, {{"X-Forwarded-For", "127.50.0." + std::to_string(n)}});
        EXPECT_EQ(r.status, 401) << email << ": " << r.body;
        auto user = h_->App().runtime().Deps().store.Read(
            [&](store::Tx& tx) -> Result<bool> { return store::users::FindByEmail(tx, email).has_value(); });
        EXPECT_EQ(user.value_or(true), false) << email;
    }
}

TEST_P(BadInput, ListParametersOutOfRangeAreRejectedByName) {
    int lists = 0;
    for (const ProbeRoute& route : RoutesOf(h_->App())) {
        if (route.method != "GET") continue;
        const std::vector<std::string> params = QueryParamsOf(route);
        for (const std::string& p : params) {
            std::vector<std::string> bad = {std::string(1000, 'a'), "%FF", "a%00b", "a%07b"};
            if (p == "limit") bad = {"0", "201", "abc", "-1", "1.5", "", "99999999999999999999"};
            if (p == "cursor") bad = {std::string(300, 'c'), "%FF", "a%00b"};
            if (p == "since" || p == "until") {
                bad.insert(bad.end(), {"garbage", "2026-13-45T99:99:99Z", "26-1-2T3:4:5Z"});
            }
            if (p == "outcome") bad.push_back("bogus");
            if (p == "action") bad.push_back("a*b");
            for (const std::string& value : bad) {
                const HttpResult r = c_->Get(route.pattern + "?" + p + "=" + value, admin_);
                const std::string where = route.Name() + " ?" + p + "=" + value.substr(0, 40) + ": " + Brief(r);
                EXPECT_EQ(r.status, 400) << where;
                EXPECT_TRUE(IsProblem(r)) << where;
                EXPECT_TRUE(NamesField(r, p)) << where;
            }
        }
        if (std::find(params.begin(), params.end(), "limit") != params.end()) ++lists;
    }
    EXPECT_GE(lists, 5) << "fewer list routes than expected: is the OpenAPI lookup broken?";
    auto reversed = c_->Get("/api/v1/audit?since=2026-02-01T00:00:00Z&until=2026-01-01T00:00:00Z", admin_);
    EXPECT_EQ(reversed.status, 400) << reversed.body;
    EXPECT_TRUE(NamesField(reversed, "until")) << reversed.body;
    auto cursor = c_->Get("/api/v1/audit?cursor=not-a-seq", admin_);
    EXPECT_EQ(cursor.status, 400) << cursor.body;
    EXPECT_TRUE(NamesField(cursor, "cursor")) << cursor.body;
}

TEST_P(BadInput, MalformedPathIdsAreNotFoundNeverAServerError) {
    ProbeIds({"%00", "not-a-uuid", std::string(1000, 'x'), "%2E%2E", "%2F", "%ZZ", "%20", "a%0Ab",
              "00000000-0000-0000-0000-000000000000", PercentEncode("' OR '1'='1"), PercentEncode("\xE2\x80\xAE")});
}

// Percent-escapes that decode to bytes that are not UTF-8: a stray byte, an overlong '/', an encoded surrogate.
TEST_P(BadInput, PathIdsThatAreNotUtf8AreNotFound) { ProbeIds({"%FF", "%C0%AF", "%ED%A0%80", "a%80"}); }

INSTANTIATE_TEST_SUITE_P(Backends, BadInput, ::testing::ValuesIn(DatabaseBackends()),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

}  // namespace
}  // namespace palisade::testing
