// SPDX-License-Identifier: Apache-2.0
// Hot paths of a request that involve no I/O: route matching, JSON body parsing, and the cost of a login
// check for a known account (Verify) against an unknown one (DummyVerify), which must be alike so that timing does
// not reveal whether an account exists.
#include <benchmark/benchmark.h>

#include "api/json_input.hpp"
#include "auth/password_hasher.hpp"
#include "core/crypto.hpp"
#include "server/router.hpp"

namespace {

using palisade::server::Method;

palisade::server::Router MakeRouter() {
    palisade::server::Router r;
    const char* patterns[] = {"/healthz", "/readyz", "/metrics", "/api/v1/me", "/api/v1/auth/login",
                              "/api/v1/users", "/api/v1/users/{id}", "/api/v1/users/{id}/deactivate",
                              "/api/v1/api-keys", "/api/v1/api-keys/{id}", "/api/v1/invitations/{id}", "/api/v1/audit"};
    for (const char* p : patterns) r.Get(p, [](palisade::server::Request&) { return palisade::server::Response{}; }).Public();
    return r;
}

void BM_RouterMatchWithCapture(benchmark::State& state) {
    const auto router = MakeRouter();
    std::map<std::string, std::string, std::less<>> params;
    for (auto _ : state) {
        auto m = router.Match(Method::kGet, "/api/v1/users/01a1fd0a-110b-7ac3-906b-9a4253a50d25/deactivate", params);
        benchmark::DoNotOptimize(m.route);
    }
}
BENCHMARK(BM_RouterMatchWithCapture);

void BM_JsonInputLoginBody(benchmark::State& state) {
    const std::string body = R"({"email":"ana@example.test","password":"correct horse battery staple","totp_code":"123456"})";
    for (auto _ : state) {
        auto in = palisade::api::JsonInput::Parse(body);
        benchmark::DoNotOptimize(in);
    }
}
BENCHMARK(BM_JsonInputLoginBody);

void BM_PasswordVerifyKnownAccount(benchmark::State& state) {
    palisade::InitCrypto();
    const palisade::auth::PasswordHasher hasher;  // production parameters
    const auto hash = hasher.Hash("correct horse battery staple");
    for (auto _ : state) benchmark::DoNotOptimize(hasher.Verify(*hash, "wrong password here"));
}
BENCHMARK(BM_PasswordVerifyKnownAccount)->Unit(benchmark::kMillisecond)->Iterations(20);

void BM_PasswordDummyVerifyUnknownAccount(benchmark::State& state) {
    palisade::InitCrypto();
    const palisade::auth::PasswordHasher hasher;
    for (auto _ : state) hasher.DummyVerify();
}
BENCHMARK(BM_PasswordDummyVerifyUnknownAccount)->Unit(benchmark::kMillisecond)->Iterations(20);

}  // namespace
