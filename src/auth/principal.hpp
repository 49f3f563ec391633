// SPDX-License-Identifier: Apache-2.0
// Who is making a request, once their credentials have been checked.
#pragma once

#include <string>

#include "auth/permissions.hpp"

namespace palisade::auth {

enum class CredentialKind { kAccessToken, kCookie, kApiKey };  // declared in permissions.hpp too

struct Principal {
    std::string user_id;
    std::string org_id;
    std::string email;
    Role role = Role::kViewer;
    CredentialKind credential = CredentialKind::kAccessToken;
    std::string session_family;  // refresh-token family of the access token, empty for API keys
    std::string api_key_id;      // set when credential == kApiKey
};

}  // namespace palisade::auth
