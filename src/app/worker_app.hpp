// SPDX-License-Identifier: Apache-2.0
// WorkerApp: `palisade worker`: job workers only (no HTTP), for scale-out on PostgreSQL. It needs the migrations
// applied (by a `serve` node or `palisade migrate`), claims jobs from the shared queue, and publishes scan events
// that reach WebSocket clients of every `serve` node through LISTEN/NOTIFY.
#pragma once

#include <memory>

#include "app/runtime.hpp"
#include "core/result.hpp"

namespace palisade::app {

class Platform;

class WorkerApp {
  public:
    static Result<std::unique_ptr<WorkerApp>> Create(const config::Config& config, RuntimeOptions options = {});
    ~WorkerApp();

    // kUnavailable when the database is not reachable or not migrated.
    Status Start();
    // Stops claiming; running jobs are asked to stop and handed back to the queue. Idempotent.
    void Shutdown();
    Platform& platform();

  private:
    WorkerApp() = default;
    std::unique_ptr<Runtime> runtime_;
    std::unique_ptr<Platform> platform_;
};

}  // namespace palisade::app
