// SPDX-License-Identifier: Apache-2.0
// The PostgreSQL side of EventBus (jobs-internal): a sender thread with its own libpq session that NOTIFYs
// channel "palisade_events", and a listener thread with another session that LISTENs on it. Both reconnect with
// backoff (100 ms doubling to EventBusOptions::reconnect_max). Thread-safe.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "core/result.hpp"
#include "jobs/event_bus.hpp"

namespace palisade::jobs::detail {

inline constexpr const char* kEventChannel = "palisade_events";

class PgTransport {
public:
    // Called on the listener thread for each event of another bus, and with {topic "bus", type
    // "bus.reconnected"} after the LISTEN session came back.
    using Inbound = std::function<void(Event)>;

    // Connects both sessions (kUnavailable when PostgreSQL cannot be reached) and starts the threads. Events whose
    // origin is `origin` (this bus's own) are not handed to `inbound`.
    static Result<std::unique_ptr<PgTransport>> Open(const std::string& url, const EventBusOptions& options,
                                                     std::string origin, Inbound inbound);
    ~PgTransport();  // Close()

    // Queues `event` (origin and seq already set) for the sender thread; drops the oldest when full (logged).
    void Send(Event event);
    // Sends what is queued for up to 2 s, then stops both threads and closes the sessions. Idempotent.
    void Close();

    struct State;

private:
    explicit PgTransport(std::shared_ptr<State> state);
    std::shared_ptr<State> state_;
};

}  // namespace palisade::jobs::detail
