// SPDX-License-Identifier: Apache-2.0
#include "app/runtime.hpp"

#include <filesystem>

#include "auth/jwt.hpp"
#include "auth/key_file.hpp"
#include "auth/secret_box.hpp"
#include "core/crypto.hpp"
#include "store/store.hpp"

namespace palisade::app {

Runtime::~Runtime() = default;

Result<std::unique_ptr<Runtime>> Runtime::Open(const config::Config& config, const RuntimeOptions& options) {
    if (!InitCrypto()) return Fail(ErrorCode::kInternal, "libsodium could not start");
    std::unique_ptr<Runtime> rt(new Runtime());
    rt->config_ = config;
    rt->clock_ = options.clock != nullptr ? options.clock : &rt->system_clock_;
    const std::filesystem::path data_dir(config.data_dir);

    std::string jwt_key = config.auth.jwt_secret;
    if (jwt_key.empty()) {
        auto key = auth::LoadOrCreateKey(data_dir / "jwt.key", 32);
        if (!key) return tl::unexpected<Error>(key.error());
        jwt_key = *key;
    }
    auto box_key = auth::LoadOrCreateKey(data_dir / "secret.key", auth::SecretBox::kKeyBytes);
    if (!box_key) return tl::unexpected<Error>(box_key.error());

    auto store = store::Store::Open({config.store.database_url, config.store.pool_size, config.store.busy_timeout});
    if (!store) return tl::unexpected<Error>(store.error());
    rt->store_ = std::move(*store);
    rt->hasher_ = std::make_unique<auth::PasswordHasher>(options.hash_params);
    rt->jwt_ = std::make_unique<auth::JwtCodec>(jwt_key, config.auth.issuer, *rt->clock_);
    rt->secrets_ = std::make_unique<auth::SecretBox>(*box_key);
    return rt;
}

identity::IdentityDeps Runtime::Deps(std::function<void()> mail_queued) const {
    return identity::IdentityDeps{*store_,  config_.auth,     *clock_, *hasher_, *jwt_,
                                  *secrets_, config_.server.public_url, std::move(mail_queued)};
}

}  // namespace palisade::app
