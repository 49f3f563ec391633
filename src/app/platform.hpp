// SPDX-License-Identifier: Apache-2.0
// Platform: the engine room shared by `palisade serve` and `palisade worker`: the event bus (LISTEN/NOTIFY on
// PostgreSQL), the job queue, the findings and assets services, the scan service and its events, the job workers
// (when this process runs them) and the periodic maintenance (orphaned scans, SLA breaches, expired accepted risks).
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace palisade::jobs {
class EventBus;
class JobQueue;
class WorkerPool;
}  // namespace palisade::jobs
namespace palisade::findings {
class FindingService;
class AssetService;
}  // namespace palisade::findings
namespace palisade::scans {
class ScanService;
class ScanEventLog;
class ScheduleService;
}  // namespace palisade::scans
namespace palisade::notifications {
class Notifications;
}
namespace palisade::imports {
class ImportService;
}

namespace palisade::app {

class Runtime;

// A user's in-app notifications travel on the event bus (to every serve node) under this topic prefix plus the
// user id; the server hands them to that user's WebSocket sessions subscribed to "notifications".
inline constexpr std::string_view kUserNotificationTopicPrefix = "notifications:";

struct PlatformOptions {
    bool run_workers = true;                               // this process claims and runs jobs
    std::chrono::milliseconds maintenance_interval{2000};  // schedules, orphaned scans; every 30 ticks SLA breaches,
                                                           // accepted risks; every 1800 ticks retention
    std::function<void()> mail_queued;                     // wakes this process's mail deliverer; may be empty
};

class Platform {
  public:
    // `runtime` must outlive the platform. Errors: the event bus could not connect (PostgreSQL).
    static Result<std::unique_ptr<Platform>> Create(Runtime& runtime, PlatformOptions options);
    ~Platform();

    // Starts the workers (if any) and the maintenance thread. Call after migrations are applied.
    void Start();
    // Stops the maintenance thread and the workers: running jobs are asked to stop and handed back to the queue
    // (another worker, or this one after a restart, runs them again). Idempotent.
    void Stop();

    jobs::EventBus& bus();
    jobs::JobQueue& queue();
    jobs::WorkerPool* workers();  // null when this process runs no workers
    findings::FindingService& findings();
    findings::AssetService& assets();
    scans::ScanEventLog& scan_events();
    scans::ScanService& scans();
    scans::ScheduleService& schedules();
    notifications::Notifications& notifications();
    imports::ImportService& imports();

  private:
    struct Impl;
    explicit Platform(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace palisade::app
