// SPDX-License-Identifier: Apache-2.0
// What identity services need from the outside, and who is asking.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "auth/principal.hpp"
#include "config/config.hpp"
#include "core/clock.hpp"

namespace palisade::store {
class Store;
}
namespace palisade::auth {
class PasswordHasher;
class JwtCodec;
class SecretBox;
}  // namespace palisade::auth

namespace palisade::identity {

// Shared, long-lived collaborators. Everything referenced must outlive the services.
struct IdentityDeps {
    store::Store& store;
    const config::AuthConfig& config;
    const Clock& clock;
    const auth::PasswordHasher& hasher;
    const auth::JwtCodec& jwt;
    const auth::SecretBox& secrets;
    std::string public_url;           // base of links in e-mails ("http://127.0.0.1:8080")
    std::function<void()> mail_queued;  // called after a commit that queued mail (wakes the deliverer); may be empty
};

// The request a service call comes from: recorded in the audit trail.
struct RequestContext {
    std::string client_ip;
    std::string request_id;
    std::string user_agent;
    std::optional<auth::Principal> principal;  // set for authenticated calls
};

// One page of a list and the cursor of the next, empty when there is none.
template <typename T>
struct Page {
    std::vector<T> items;
    std::string next_cursor;
};

}  // namespace palisade::identity
