// SPDX-License-Identifier: Apache-2.0
#include "app/platform.hpp"

#include <condition_variable>
#include <mutex>
#include <thread>

#include "app/runtime.hpp"
#include "core/version.hpp"
#include "findings/asset_service.hpp"
#include "findings/finding_service.hpp"
#include "imports/import_job.hpp"
#include "imports/import_service.hpp"
#include "jobs/event_bus.hpp"
#include "jobs/job_queue.hpp"
#include "jobs/worker_pool.hpp"
#include "log/log.hpp"
#include "notifications/notifications.hpp"
#include "notifications/webhook_delivery.hpp"
#include "scans/scan_event_log.hpp"
#include "scans/scan_job.hpp"
#include "scans/scan_service.hpp"
#include "scans/schedule_service.hpp"
#include "store/scans/scan_repository.hpp"

namespace palisade::app {

struct Platform::Impl {
    Runtime* runtime = nullptr;
    PlatformOptions options;
    identity::IdentityDeps deps;
    std::unique_ptr<jobs::EventBus> bus;
    std::unique_ptr<jobs::JobQueue> queue;
    std::unique_ptr<jobs::WorkerPool> workers;
    std::unique_ptr<findings::FindingService> findings;
    std::unique_ptr<findings::AssetService> assets;
    std::unique_ptr<scans::ScanEventLog> events;
    std::unique_ptr<scans::ScanService> scans;
    std::unique_ptr<scans::ScheduleService> schedules;
    std::unique_ptr<notifications::Notifications> notifications;
    std::unique_ptr<imports::ImportService> imports;

    std::mutex mutex;
    std::condition_variable wake;
    bool stopping = false;
    bool started = false;
    std::thread maintenance;

    explicit Impl(Runtime& rt) : runtime(&rt), deps(rt.Deps()) {}

    // Accepted risks that expired reopen; SLA breaches and accepted risks about to expire are notified. Every node
    // runs it; each step is idempotent.
    void Sweep(TimePoint now) {
        if (auto r = findings->ExpireAcceptedRisks(now); !r) {
            log::Warn("maintenance: accepted risks not checked", {{"error", r.error().message}});
        }
        auto breached = findings->MarkSlaBreaches(now);
        if (!breached) {
            log::Warn("maintenance: SLA breaches not checked", {{"error", breached.error().message}});
        } else if (!breached->empty()) {
            if (auto s = notifications->notifier().OnSlaBreached(*breached); !s) {
                log::Warn("maintenance: SLA breaches not notified", {{"error", s.error().message}});
            }
        }
        if (auto s = notifications->notifier().OnAcceptedRisksExpiring(now); !s) {
            log::Warn("maintenance: expiring accepted risks not notified", {{"error", s.error().message}});
        }
    }

    // Retention: finished jobs after 30 days, read notifications and webhook logs after 180.
    void Retain(TimePoint now) {
        if (auto n = queue->Purge(std::chrono::hours(24 * 30)); !n) {
            log::Warn("maintenance: finished jobs not purged", {{"error", n.error().message}});
        }
        if (auto n = notifications->notifier().Purge(now); !n) {
            log::Warn("maintenance: old notifications not purged", {{"error", n.error().message}});
        }
    }

    void ScanEnded(const store::ScanRecord& scan, const std::vector<std::string>& new_finding_ids) {
        auto s = notifications->notifier().OnScanEnded(scan.org_id, scan.id, scan.state, scan.created_by.value_or(""),
                                                       scan.summary_json, new_finding_ids);
        if (!s) log::Warn("scan end not notified", {{"scan_id", scan.id}, {"error", s.error().message}});
    }

    void Maintain() {
        int tick = 0;
        std::unique_lock lock(mutex);
        while (!stopping) {
            wake.wait_for(lock, options.maintenance_interval);
            if (stopping) break;
            lock.unlock();
            if (auto n = schedules->Tick(runtime->clock().Now()); !n) {
                log::Warn("maintenance: schedules not run", {{"error", n.error().message}});
            }
            if (auto n = scans->ReconcileOrphans(); !n) {
                log::Warn("maintenance: orphaned scans not checked", {{"error", n.error().message}});
            }
            if (auto n = imports->Reconcile(); !n) {
                log::Warn("maintenance: imports not reconciled", {{"error", n.error().message}});
            }
            if (tick % 30 == 0) Sweep(runtime->clock().Now());
            if (tick % 1800 == 0) Retain(runtime->clock().Now());
            ++tick;
            lock.lock();
        }
    }
};

Platform::Platform(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Platform::~Platform() {
    if (impl_) Stop();
}

Result<std::unique_ptr<Platform>> Platform::Create(Runtime& runtime, PlatformOptions options) {
    auto impl = std::make_unique<Impl>(runtime);
    impl->options = options;
    const config::Config& cfg = runtime.config();
    auto bus = jobs::EventBus::Open(cfg.store.database_url);
    if (!bus) return tl::unexpected<Error>(bus.error());
    impl->bus = std::move(*bus);
    store::Store& store = runtime.store();
    const Clock& clock = runtime.clock();
    impl->queue = std::make_unique<jobs::JobQueue>(store, clock, impl->bus.get());
    impl->findings = std::make_unique<findings::FindingService>(store, clock);
    impl->assets = std::make_unique<findings::AssetService>(store, clock);
    impl->events = std::make_unique<scans::ScanEventLog>(store, clock, impl->bus.get());
    Impl* raw = impl.get();
    notifications::NotificationDeps nd{
        store,
        clock,
        runtime.secrets(),
        *impl->queue,
        cfg.server.public_url,
        [raw](const std::string& org_id, const std::string& user_id, const std::string& type,
              const std::string& data_json) {
            jobs::Event event;
            event.topic = std::string(kUserNotificationTopicPrefix) + user_id;
            event.type = type;
            event.data_json = data_json;
            event.org_id = org_id;
            raw->bus->Publish(event);
        },
        options.mail_queued,
        [raw] {
            if (raw->workers) raw->workers->Wake();
        },
        {},
        {}};
    impl->notifications = std::make_unique<notifications::Notifications>(nd);
    if (options.run_workers) {
        jobs::WorkerOptions w;
        w.threads = cfg.workers.threads;
        w.lease = cfg.workers.lease;
        w.poll = cfg.workers.poll;
        w.limits.global = cfg.workers.global_limit;
        w.limits.per_org = cfg.workers.per_org_limit;
        impl->workers = std::make_unique<jobs::WorkerPool>(*impl->queue, w, impl->bus.get());
        scans::ScanJobDeps job{store, clock, *impl->events,
                               [raw](const findings::ScanIngest& in) { return raw->findings->IngestScan(in); },
                               std::string(Version())};
        job.on_ended = [raw](const store::ScanRecord& scan, const std::vector<std::string>& new_finding_ids) {
            raw->ScanEnded(scan, new_finding_ids);
        };
        impl->workers->Register(scans::kScanJobKind, scans::MakeScanJobHandler(std::move(job)));
        imports::ImportJobDeps import_job{
            store, clock, [raw](const findings::ScanIngest& in) { return raw->findings->IngestScan(in); }};
        impl->workers->Register(imports::kImportJobKind, imports::MakeImportJobHandler(std::move(import_job)));
        impl->workers->Register(notifications::kWebhookJobKind,
                                notifications::MakeWebhookJobHandler({store, clock, runtime.secrets(), {}, {}}));
    }
    scans::ScanServiceDeps sd{impl->deps,
                              *impl->queue,
                              *impl->events,
                              scans::ScanLimits{static_cast<std::size_t>(cfg.scans.max_targets),
                                               static_cast<std::uint64_t>(cfg.scans.max_addresses)},
                              [raw] {
                                  if (raw->workers) raw->workers->Wake();
                              },
                              [raw](const std::string& job_id) {
                                  return raw->workers != nullptr && raw->workers->CancelLocal(job_id);
                              },
                              cfg.workers.max_attempts};
    impl->scans = std::make_unique<scans::ScanService>(std::move(sd));
    impl->schedules = std::make_unique<scans::ScheduleService>(scans::ScheduleServiceDeps{
        impl->deps, *impl->scans, static_cast<std::size_t>(cfg.scans.max_targets),
        static_cast<std::uint64_t>(cfg.scans.max_addresses)});
    imports::ImportServiceDeps import_deps{store, clock, *impl->queue};
    import_deps.max_upload_bytes = cfg.imports.max_upload_bytes;
    import_deps.max_attempts = cfg.workers.max_attempts;
    import_deps.job_enqueued = [raw] {
        if (raw->workers) raw->workers->Wake();
    };
    impl->imports = std::make_unique<imports::ImportService>(std::move(import_deps));
    return std::unique_ptr<Platform>(new Platform(std::move(impl)));
}

void Platform::Start() {
    std::lock_guard lock(impl_->mutex);
    if (impl_->started) return;
    impl_->started = true;
    if (impl_->workers) impl_->workers->Start();
    impl_->maintenance = std::thread([impl = impl_.get()] { impl->Maintain(); });
}

void Platform::Stop() {
    {
        std::lock_guard lock(impl_->mutex);
        if (impl_->stopping) return;
        impl_->stopping = true;
    }
    impl_->wake.notify_all();
    if (impl_->maintenance.joinable()) impl_->maintenance.join();
    if (impl_->workers) impl_->workers->Stop(std::chrono::seconds(5), true);
    if (impl_->bus) impl_->bus->Close();
}

jobs::EventBus& Platform::bus() { return *impl_->bus; }
jobs::JobQueue& Platform::queue() { return *impl_->queue; }
jobs::WorkerPool* Platform::workers() { return impl_->workers.get(); }
findings::FindingService& Platform::findings() { return *impl_->findings; }
findings::AssetService& Platform::assets() { return *impl_->assets; }
scans::ScanEventLog& Platform::scan_events() { return *impl_->events; }
scans::ScanService& Platform::scans() { return *impl_->scans; }
scans::ScheduleService& Platform::schedules() { return *impl_->schedules; }
notifications::Notifications& Platform::notifications() { return *impl_->notifications; }
imports::ImportService& Platform::imports() { return *impl_->imports; }

}  // namespace palisade::app
