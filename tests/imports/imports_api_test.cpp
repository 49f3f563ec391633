// SPDX-License-Identifier: Apache-2.0
// /api/v1/imports through a real HTTP server on a loopback port (routing, authentication, permissions, per-route
// body limit) over real identity and import services, on SQLite and PostgreSQL: upload, poll, duplicate, bad input,
// authorisation and another organisation's 404. The job runs through its handler between requests.
#include <boost/json.hpp>

#include "api/imports/import_handlers.hpp"
#include "auth/jwt.hpp"
#include "auth/password_hasher.hpp"
#include "auth/secret_box.hpp"
#include "config/config.hpp"
#include "identity/auth_service.hpp"
#include "identity/bootstrap.hpp"
#include "imports/import_samples.hpp"
#include "imports/imports_fixture.hpp"
#include "server/server.hpp"
#include "store/imports/import_repository.hpp"
#include "support/http_client.hpp"

namespace palisade::imports::testing {
namespace {

namespace json = boost::json;
using palisade::testing::HttpClient;
using palisade::testing::HttpResult;

constexpr std::size_t kRouteBodyLimit = 4 * 1024 * 1024;

// Bearer access tokens checked by the real AuthService (what api::ApiAuthenticator does for them, without linking
// the whole API and its scanner).
class BearerAuthenticator final : public server::Authenticator {
public:
    explicit BearerAuthenticator(identity::AuthService& auth) : auth_(auth) {}
    Result<std::optional<auth::Principal>> Authenticate(const server::Request& request) override {
        const std::string* header = request.Header("authorization");
        if (header == nullptr) return std::optional<auth::Principal>();
        if (header->rfind("Bearer ", 0) != 0) return Fail(ErrorCode::kUnauthenticated, "bad credentials");
        auto p = auth_.AuthenticateAccessToken(header->substr(7));
        if (!p) return tl::unexpected<Error>(p.error());
        return std::optional<auth::Principal>(*p);
    }

private:
    identity::AuthService& auth_;
};
constexpr const char* kPassword = "correct horse battery staple";

class ImportsApiTest : public ImportsTest {
  protected:
    void SetUp() override {
        ImportsTest::SetUp();
        if (HasFatalFailure()) return;
        config_.server.listen = "127.0.0.1:0";
        config_.server.io_threads = 1;
        config_.server.blocking_threads = 2;
        config_.server.rate_limit_ip_per_minute = 0;
        config_.server.rate_limit_principal_per_minute = 0;
        hasher_ = std::make_unique<auth::PasswordHasher>(auth::PasswordHasher::ForTests());
        jwt_ = std::make_unique<auth::JwtCodec>(std::string(32, 'k'), "palisade", clock_);
        secrets_ = std::make_unique<auth::SecretBox>(std::string(auth::SecretBox::kKeyBytes, 's'));
        deps_ = std::make_unique<identity::IdentityDeps>(identity::IdentityDeps{
            *store_, config_.auth, clock_, *hasher_, *jwt_, *secrets_, "http://palisade.test", {}});
        auth_ = std::make_unique<identity::AuthService>(*deps_);
        authenticator_ = std::make_unique<BearerAuthenticator>(*auth_);
        api::MountImportRoutes(router_, api::ImportApi{*imports_, kRouteBodyLimit});
        server_ = std::make_unique<server::HttpServer>(config_.server, router_, *authenticator_, metrics_);
        auto started = server_->Start();
        ASSERT_TRUE(started.has_value()) << started.error().message;
        client_ = std::make_unique<HttpClient>("http://127.0.0.1:" + std::to_string(server_->Port()));
        analyst_ = Token("analyst@apico.test", "analyst", "ApiCo");
        viewer_ = Token("viewer@apico.test", "viewer", "ApiCo");
        outsider_ = Token("admin@other.test", "admin", "Other");
    }
    void TearDown() override {
        client_.reset();
        if (server_) server_->Shutdown();
    }

    std::string Token(const std::string& email, const std::string& role, const std::string& org) {
        auto id = identity::CreateUser(*deps_, {email, kPassword, role, org, "Test User"});
        EXPECT_TRUE(id.has_value()) << (id ? "" : id.error().message);
        identity::RequestContext ctx;
        ctx.client_ip = "127.0.0.1";
        auto pair = auth_->Login({email, kPassword, ""}, ctx);
        EXPECT_TRUE(pair.has_value()) << (pair ? "" : pair.error().message);
        return pair ? pair->access_token : "";
    }

    static palisade::testing::Headers As(const std::string& token, const std::string& type = "application/xml") {
        palisade::testing::Headers h{{"Content-Type", type}};
        if (!token.empty()) h.emplace_back("Authorization", "Bearer " + token);
        return h;
    }
    HttpResult Post(const std::string& query, const std::string& body, const std::string& token,
                    const std::string& type = "application/xml") {
        return client_->Request("POST", "/api/v1/imports" + query, body, As(token, type));
    }
    HttpResult Get(const std::string& path, const std::string& token) { return client_->Get(path, As(token)); }

    // Runs the queued job of import `id` (as a worker would).
    void RunImport(const std::string& id) {
        auto r = store_->Read([&](store::Tx& tx) -> Result<std::optional<store::ImportRecord>> {
            return store::imports::GetAny(tx, id);
        });
        ASSERT_TRUE(r.has_value() && r->has_value());
        RunJob(**r);
    }

    static json::value Json(const HttpResult& r) {
        boost::system::error_code ec;
        json::value v = json::parse(r.body, ec);
        EXPECT_FALSE(ec) << r.status << " " << r.body.substr(0, 300);
        return v;
    }
    static std::string Str(const json::value& v, std::string_view key) {
        const auto* x = v.is_object() ? v.as_object().if_contains(key) : nullptr;
        return x != nullptr && x->is_string() ? std::string(x->as_string()) : std::string();
    }
    // The fields named by a problem response's errors.
    static std::string Fields(const HttpResult& r) {
        std::string out;
        const json::value v = Json(r);
        const auto* errors = v.is_object() ? v.as_object().if_contains("errors") : nullptr;
        if (errors == nullptr || !errors->is_array()) return out;
        for (const auto& e : errors->as_array()) out += Str(e, "field") + ",";
        return out;
    }

    config::Config config_;
    std::unique_ptr<auth::PasswordHasher> hasher_;
    std::unique_ptr<auth::JwtCodec> jwt_;
    std::unique_ptr<auth::SecretBox> secrets_;
    std::unique_ptr<identity::IdentityDeps> deps_;
    std::unique_ptr<identity::AuthService> auth_;
    std::unique_ptr<BearerAuthenticator> authenticator_;
    server::Metrics metrics_;
    server::Router router_;
    std::unique_ptr<server::HttpServer> server_;
    std::unique_ptr<HttpClient> client_;
    std::string analyst_, viewer_, outsider_;
};

TEST_P(ImportsApiTest, UploadPollAndDuplicate) {
    HttpResult created = Post("?kind=nmap&filename=scan.xml", NmapSample(), analyst_);
    ASSERT_EQ(created.status, 202) << created.body;
    const json::value v = Json(created);
    const std::string id = Str(v, "id");
    EXPECT_EQ(created.Header("location"), "/api/v1/imports/" + id);
    EXPECT_EQ(Str(v, "state"), "queued");
    EXPECT_EQ(Str(v, "kind"), "nmap");
    EXPECT_EQ(Str(v, "filename"), "scan.xml");
    EXPECT_EQ(v.at("duplicate").as_bool(), false);
    EXPECT_EQ(v.at("size_bytes").as_int64(), static_cast<std::int64_t>(NmapSample().size()));
    EXPECT_EQ(v.at("progress").as_int64(), 0);

    HttpResult queued = Get("/api/v1/imports/" + id, viewer_);
    ASSERT_EQ(queued.status, 200) << queued.body;
    EXPECT_EQ(Str(Json(queued), "state"), "queued");
    RunImport(id);
    HttpResult done = Get("/api/v1/imports/" + id, viewer_);
    ASSERT_EQ(done.status, 200) << done.body;
    const json::value d = Json(done);
    EXPECT_EQ(Str(d, "state"), "done");
    EXPECT_EQ(d.at("progress").as_int64(), 100);
    EXPECT_EQ(d.at("counts").at("hosts").as_int64(), 2);
    EXPECT_EQ(d.at("counts").at("services").as_int64(), 3);
    EXPECT_EQ(d.at("counts").at("assets_created").as_int64(), 2);
    EXPECT_TRUE(d.at("error").is_null());
    EXPECT_FALSE(d.at("finished_at").is_null());

    HttpResult again = Post("?kind=nmap", NmapSample(), analyst_);
    ASSERT_EQ(again.status, 200) << again.body;
    EXPECT_EQ(Str(Json(again), "id"), id);
    EXPECT_EQ(Json(again).at("duplicate").as_bool(), true);
    HttpResult list = Get("/api/v1/imports", viewer_);
    ASSERT_EQ(list.status, 200) << list.body;
    EXPECT_EQ(Json(list).at("items").as_array().size(), 1u);
    EXPECT_TRUE(Json(list).at("next_cursor").is_null());
}

TEST_P(ImportsApiTest, MalformedFileEndsFailedWithItsLine) {
    const std::string doc = NmapSample();
    HttpResult created = Post("?kind=nmap", doc.substr(0, doc.size() / 2), analyst_);
    ASSERT_EQ(created.status, 202) << created.body;
    const std::string id = Str(Json(created), "id");
    RunImport(id);
    const json::value v = Json(Get("/api/v1/imports/" + id, analyst_));
    EXPECT_EQ(Str(v, "state"), "failed");
    EXPECT_NE(Str(v, "error").find("line "), std::string::npos) << Str(v, "error");
    HttpResult sarif =
        Post("?kind=sarif", R"({"version": "2.1.0", "runs": [{"results": [}]})", analyst_, "application/json");
    ASSERT_EQ(sarif.status, 202) << sarif.body;
    RunImport(Str(Json(sarif), "id"));
    EXPECT_EQ(Str(Json(Get("/api/v1/imports/" + Str(Json(sarif), "id"), analyst_)), "state"), "failed");
}

TEST_P(ImportsApiTest, RefusesBadInput) {
    EXPECT_EQ(Fields(Post("", NmapSample(), analyst_)), "kind,");
    EXPECT_EQ(Fields(Post("?kind=csv", NmapSample(), analyst_)), "kind,");
    EXPECT_EQ(Fields(Post("?kind=nmap", "", analyst_)), "body,");
    EXPECT_EQ(Fields(Post("?kind=csv", "", analyst_)), "kind,body,");
    HttpResult wrong = Post("?kind=nmap", SarifSample(), analyst_, "application/json");
    EXPECT_EQ(wrong.status, 400) << wrong.body;
    EXPECT_EQ(Fields(wrong), "body,");
    EXPECT_EQ(Fields(Post("?kind=sarif", NmapSample(), analyst_)), "body,");
    EXPECT_EQ(Fields(Post("?kind=nmap&filename=a%0Ab.xml", NmapSample(), analyst_)), "filename,");
    EXPECT_EQ(Fields(Post("?kind=nmap&filename=" + std::string(300, 'a'), NmapSample(), analyst_)), "filename,");
    EXPECT_EQ(Get("/api/v1/imports?cursor=nope", analyst_).status, 400);
    EXPECT_EQ(Get("/api/v1/imports?limit=0", analyst_).status, 400);
    EXPECT_EQ(Get("/api/v1/imports/0190e5a0-0000-7000-8000-000000000000", analyst_).status, 404);
    EXPECT_EQ(Get("/api/v1/imports/not-an-id", analyst_).status, 404);
    EXPECT_EQ(client_->Request("PUT", "/api/v1/imports", "", As(analyst_)).status, 405);
}

TEST_P(ImportsApiTest, AuthorisationAndAnotherOrganisation) {
    EXPECT_EQ(Post("?kind=nmap", NmapSample(), "").status, 401);
    EXPECT_EQ(Get("/api/v1/imports", "").status, 401);
    EXPECT_EQ(Post("?kind=nmap", NmapSample(), viewer_).status, 403);  // findings:import
    HttpResult created = Post("?kind=nmap", NmapSample(), analyst_);
    ASSERT_EQ(created.status, 202) << created.body;
    const std::string id = Str(Json(created), "id");
    EXPECT_EQ(Get("/api/v1/imports/" + id, viewer_).status, 200);  // findings:read
    EXPECT_EQ(Get("/api/v1/imports/" + id, outsider_).status, 404);
    HttpResult theirs = Get("/api/v1/imports", outsider_);
    ASSERT_EQ(theirs.status, 200);
    EXPECT_TRUE(Json(theirs).at("items").as_array().empty());
    EXPECT_EQ(client_->Request("DELETE", "/api/v1/imports/" + id, "", As(outsider_)).status, 404);
    EXPECT_EQ(client_->Request("DELETE", "/api/v1/imports/" + id, "", As(viewer_)).status, 403);
    EXPECT_EQ(client_->Request("DELETE", "/api/v1/imports/" + id, "", As(analyst_)).status, 409);  // still queued
    RunImport(id);
    // The same bytes in the other organisation are that organisation's own import.
    HttpResult other = Post("?kind=nmap", NmapSample(), outsider_);
    ASSERT_EQ(other.status, 202) << other.body;
    EXPECT_NE(Str(Json(other), "id"), id);
    EXPECT_EQ(Json(other).at("duplicate").as_bool(), false);
    EXPECT_EQ(client_->Request("DELETE", "/api/v1/imports/" + id, "", As(analyst_)).status, 204);
    EXPECT_EQ(Get("/api/v1/imports/" + id, analyst_).status, 404);
}

TEST_P(ImportsApiTest, BodyLimitIsTheRoutes) {
    // Over the server's default 1 MiB, under the route's limit: accepted.
    const std::string big = "<nmaprun>\n<!-- " + std::string(2 * 1024 * 1024, 'x') + " -->\n</nmaprun>\n";
    HttpResult accepted = Post("?kind=nmap", big, analyst_);
    EXPECT_EQ(accepted.status, 202) << accepted.body.substr(0, 300);
    // Over the route's limit: 413.
    EXPECT_EQ(Post("?kind=nmap", "<" + std::string(kRouteBodyLimit + 1, 'a'), analyst_).status, 413);
    // An anonymous request keeps the server's limit (and is refused anyway).
    const HttpResult anonymous = Post("?kind=nmap", big, "");
    EXPECT_TRUE(anonymous.status == 413 || anonymous.status == 401) << anonymous.status;
}

INSTANTIATE_TEST_SUITE_P(Backends, ImportsApiTest, ::testing::ValuesIn(palisade::testing::DatabaseBackends()));

}  // namespace
}  // namespace palisade::imports::testing
