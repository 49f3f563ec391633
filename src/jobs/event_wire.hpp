// SPDX-License-Identifier: Apache-2.0
// The NOTIFY payload of an event (jobs-internal; exposed for tests). A JSON object:
//   {"v":1,"o":origin,"s":seq,"t":topic,"y":type,"a":at,"g":org_id,"d":data_json,"x":truncated}
// or, for an event too large for NOTIFY, the same without "d" plus a reference to its stored copy (the full
// first form) in event_payloads: {..., "r":payload_id}
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"
#include "jobs/event_bus.hpp"

namespace palisade::jobs::wire {

// PostgreSQL refuses NOTIFY payloads of 8000 bytes or more; this leaves room for the server's own framing.
constexpr std::size_t kMaxNotifyBytes = 7900;

std::string Encode(const Event& event);
// The reference form: `event` without its data, pointing at event_payloads row `payload_id`.
std::string EncodeRef(const Event& event, const std::string& payload_id);

struct Notification {
    std::string ref;  // non-empty: the whole event is in event_payloads under this id; `event` lacks its data
    Event event;
};
// kInvalidArgument for anything that is not one of the two forms above.
Result<Notification> Decode(std::string_view payload);

}  // namespace palisade::jobs::wire
