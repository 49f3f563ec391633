// SPDX-License-Identifier: Apache-2.0
// EventBus: progress and state-change events for live views (WebSocket) and worker wake-ups.
//
// Delivery: every event published in this process reaches this process's subscribers on the bus's dispatcher
// thread, in publish order. On PostgreSQL the event also goes to every other EventBus on the same database
// (other processes, or other buses of this process) through NOTIFY on channel "palisade_events"; a LISTEN thread
// with its own libpq connection receives them and hands them to the dispatcher. Delivery is best effort: events
// published while a connection is down are lost (the database stays the truth); after a reconnect subscribers
// get a local event {topic "bus", type "bus.reconnected"} so they can resynchronise.
//
// Size: a NOTIFY payload must stay under 8000 bytes. A larger event is stored in the event_payloads table and the
// notification carries its id; receivers read it back (rows are kept for 10 minutes). An event whose data_json is
// larger than EventBusOptions::max_remote_bytes reaches other processes with data_json "{}" and truncated = true
// (logged at warn); local subscribers always get the whole event.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/result.hpp"

namespace palisade::jobs {

struct Event {
    std::string topic;      // what it is about: "job:<id>", "scan:<id>", "bus", ...
    std::string type;       // what happened: "job.progress", "job.done", ...
    std::string data_json;  // a JSON document ("" is sent as "{}")
    std::string at;         // core/time.hpp text; filled by Publish when empty
    std::string org_id;     // the organisation allowed to see it; "" for system events
    std::int64_t seq = 0;   // filled by Publish when 0: increasing per publishing bus (see origin)
    std::string origin;     // id of the publishing bus (filled by Publish); (origin, seq) identifies an event
    bool truncated = false;  // received from another process without its data (see "Size" above)
};

struct EventBusOptions {
    std::size_t max_queue = 10000;                     // pending events per queue; the oldest is dropped (logged)
    std::size_t max_remote_bytes = 1024 * 1024;        // larger data_json is not sent to other processes
    std::chrono::milliseconds reconnect_max{5000};     // LISTEN/NOTIFY reconnect backoff: 100 ms doubling to this
};

class EventBus {
public:
    // sqlite://... : an in-process bus. postgresql:// or postgres://: also connects a LISTEN session and a NOTIFY
    // session (libpq, the URL as libpq reads it). kInvalidArgument for another scheme, kUnavailable when
    // PostgreSQL cannot be reached at start (later losses reconnect with backoff).
    static Result<std::unique_ptr<EventBus>> Open(const std::string& store_url, const EventBusOptions& options = {});
    // An in-process bus (tests, the CLI).
    static std::unique_ptr<EventBus> Local(const EventBusOptions& options = {});
    ~EventBus();  // Close()
    EventBus(const EventBus&) = delete;
    EventBus& operator=(const EventBus&) = delete;

    // Queues `event` for local subscribers (dispatcher thread) and, on PostgreSQL, for other buses (sender thread).
    // Never blocks on I/O. Thread-safe. After Close: ignored.
    void Publish(const Event& event);
    // fn is called on the dispatcher thread for every event (local and remote), one at a time; it must not block
    // for long. Exceptions are caught and logged. Returns an id for Unsubscribe. Thread-safe.
    std::uint64_t Subscribe(std::function<void(const Event&)> fn);
    // After it returns, fn is no longer running and is never called again (when called from inside a callback,
    // only the latter). Thread-safe.
    void Unsubscribe(std::uint64_t id);
    // True when events reach other processes (PostgreSQL).
    bool Distributed() const;
    // This bus's origin id.
    const std::string& Origin() const;
    // Sends what is queued (best effort, bounded wait), delivers pending local events, stops the threads and
    // closes the connections. Idempotent. Must not be called from a subscriber callback.
    void Close();

    struct Impl;

private:
    explicit EventBus(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace palisade::jobs
