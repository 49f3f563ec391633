// SPDX-License-Identifier: Apache-2.0
// Runtime: everything a command needs except HTTP: the store, the keys, the hasher and the identity services'
// dependencies. `serve`, `migrate` and `admin` all start from one.
#pragma once

#include <memory>

#include "auth/password_hasher.hpp"
#include "config/config.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "identity/context.hpp"

namespace palisade::store {
class Store;
}
namespace palisade::auth {
class JwtCodec;
class SecretBox;
}  // namespace palisade::auth

namespace palisade::app {

struct RuntimeOptions {
    const Clock* clock = nullptr;  // default: the system clock
    auth::PasswordHashParams hash_params = auth::PasswordHasher::Interactive();
};

class Runtime {
public:
    // Opens the database and loads (or, on first start, creates with 0600) the keys in data_dir. Does not migrate.
    static Result<std::unique_ptr<Runtime>> Open(const config::Config& config, const RuntimeOptions& options = {});
    ~Runtime();

    const config::Config& config() const { return config_; }
    store::Store& store() { return *store_; }
    const Clock& clock() const { return *clock_; }
    // Seals secrets at rest (webhook signing secrets) with the data directory's key.
    const auth::SecretBox& secrets() const { return *secrets_; }
    // The identity services' dependencies; `mail_queued` is set by whoever delivers mail.
    identity::IdentityDeps Deps(std::function<void()> mail_queued = {}) const;

private:
    Runtime() = default;
    config::Config config_;
    SystemClock system_clock_;
    const Clock* clock_ = nullptr;
    std::unique_ptr<store::Store> store_;
    std::unique_ptr<auth::PasswordHasher> hasher_;
    std::unique_ptr<auth::JwtCodec> jwt_;
    std::unique_ptr<auth::SecretBox> secrets_;
};

}  // namespace palisade::app
