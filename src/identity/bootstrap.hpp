// SPDX-License-Identifier: Apache-2.0
// First start and the `palisade admin` commands: operations that run without an HTTP request.
#pragma once

#include <optional>
#include <string>

#include "core/result.hpp"
#include "identity/context.hpp"
#include "store/audit_repository.hpp"

namespace palisade::identity {

struct BootstrapResult {
    std::string org_name;
    std::string email;
    std::string password;  // one-time: print it once, never log it
};

// When the database has no organisation yet: creates "Default" and a verified admin with a random password.
// nullopt when there was already an organisation. Safe when several nodes start at once (one wins).
Result<std::optional<BootstrapResult>> BootstrapIfEmpty(const IdentityDeps& deps);

struct CreateUserInput {
    std::string email;
    std::string password;
    std::string role;
    std::string org_name;  // created when missing; empty = "Default"
    std::string display_name;
};
// Creates a verified user (policy-checked password). kAlreadyExists when the e-mail is taken.
Result<std::string> CreateUser(const IdentityDeps& deps, const CreateUserInput& in);
// Sets a new (policy-checked) password, revokes every session, clears the lockout.
Status ResetPassword(const IdentityDeps& deps, const std::string& email, const std::string& password);
Result<store::audit::VerifyResult> VerifyAudit(const IdentityDeps& deps);

}  // namespace palisade::identity
