// SPDX-License-Identifier: Apache-2.0
#include "app/worker_app.hpp"

#include "app/platform.hpp"
#include "jobs/worker_pool.hpp"
#include "log/log.hpp"
#include "store/store.hpp"

namespace palisade::app {

WorkerApp::~WorkerApp() { Shutdown(); }

Result<std::unique_ptr<WorkerApp>> WorkerApp::Create(const config::Config& config, RuntimeOptions options) {
    std::unique_ptr<WorkerApp> app(new WorkerApp());
    auto rt = Runtime::Open(config, options);
    if (!rt) return tl::unexpected<Error>(rt.error());
    app->runtime_ = std::move(*rt);
    auto platform = Platform::Create(*app->runtime_, PlatformOptions{true, std::chrono::seconds(2)});
    if (!platform) return tl::unexpected<Error>(platform.error());
    app->platform_ = std::move(*platform);
    return app;
}

Status WorkerApp::Start() {
    if (auto ready = runtime_->store().Ready(); !ready) {
        return Fail(ErrorCode::kUnavailable, ready.error().message + "; run `palisade migrate` (or start a serve node)");
    }
    platform_->Start();
    log::Info("palisade worker running", {{"worker_id", platform_->workers()->WorkerId()},
                                          {"threads", std::to_string(runtime_->config().workers.threads)}});
    return Ok();
}

void WorkerApp::Shutdown() {
    if (platform_) platform_->Stop();
}

Platform& WorkerApp::platform() { return *platform_; }

}  // namespace palisade::app
