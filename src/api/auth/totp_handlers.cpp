// SPDX-License-Identifier: Apache-2.0
// /api/v1/auth/totp/*: enrol, confirm and disable the second factor of the signed-in user.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "api/auth/auth_handlers.hpp"
#include "api/handler_support.hpp"
#include "api/http_error.hpp"
#include "api/json_input.hpp"
#include "api/json_output.hpp"
#include "identity/account_service.hpp"

namespace palisade::api {

namespace {

using server::Request;
using server::Response;

Response Enroll(const ApiContext& api, Request& request) {
    auto enrollment = api.account.TotpEnroll(MakeRequestContext(request));
    if (!enrollment) return ErrorResponse(enrollment.error(), request);
    return JsonResponse(200, boost::json::object{
                                 {"secret", enrollment->secret_base32},
                                 {"otpauth_uri", enrollment->otpauth_uri},
                                 {"qr_svg", enrollment->qr_svg},
                             });
}

Response Confirm(const ApiContext& api, Request& request) {
    auto in = JsonInput::Parse(request.body);
    if (!in) return ErrorResponse(in.error(), request);
    const std::string code = in->RequiredString("code", kMaxCodeChars);
    if (auto done = in->Finish({"code"}); !done) return ErrorResponse(done.error(), request);
    auto codes = api.account.TotpConfirm(code, MakeRequestContext(request));
    if (!codes) return ErrorResponse(codes.error(), request);
    boost::json::array list;
    for (const std::string& c : *codes) list.emplace_back(c);
    return JsonResponse(200, boost::json::object{{"recovery_codes", std::move(list)}});
}

Response Disable(const ApiContext& api, Request& request) {
    auto in = JsonInput::Parse(request.body);
    if (!in) return ErrorResponse(in.error(), request);
    const std::string password = in->RequiredString("password", kMaxPasswordChars, TextKind::kSecret);
    const std::string code = in->RequiredString("code", kMaxCodeChars);
    if (auto done = in->Finish({"password", "code"}); !done) return ErrorResponse(done.error(), request);
    auto s = api.account.TotpDisable(password, code, MakeRequestContext(request));
    if (!s) return ErrorResponse(s.error(), request);
    return EmptyResponse(204);
}

}  // namespace

void MountTotpRoutes(server::Router& router, const ApiContext& api) {
    using auth::Permission;
    router.Post("/api/v1/auth/totp/enroll", Bind(api, Enroll)).Require(Permission::kSession);
    router.Post("/api/v1/auth/totp/confirm", Bind(api, Confirm)).Require(Permission::kSession);
    router.Post("/api/v1/auth/totp/disable", Bind(api, Disable)).Require(Permission::kSession);
}

}  // namespace palisade::api
