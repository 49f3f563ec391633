// SPDX-License-Identifier: Apache-2.0
// ScanEventLog: the events of a scan (state changes, modules started and finished, progress), stored in order in
// scan_events (seq 1, 2, 3...) and published on the event bus under the topic "scan:<id>", so a WebSocket client
// subscribed anywhere receives them live and a late one replays them from the store. Thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/scans/scan_repository.hpp"

namespace palisade::store {
class Store;
class Tx;
}  // namespace palisade::store
namespace palisade::jobs {
class EventBus;
}

namespace palisade::scans {

// "scan:<id>".
std::string ScanTopic(const std::string& scan_id);

class ScanEventLog {
  public:
    // `bus` may be null (events are then only stored).
    ScanEventLog(store::Store& store, const Clock& clock, jobs::EventBus* bus);

    // Stores the event in its own transaction, then publishes it. Returns the stored record (with its seq).
    // Errors: kUnavailable when the database failed (after one retry on a sequence clash with another writer).
    Result<store::ScanEventRecord> Append(const std::string& org_id, const std::string& scan_id, const std::string& type,
                                          const boost::json::object& data);
    // Stores the event inside the caller's transaction; the caller publishes it with Publish() after the commit.
    store::ScanEventRecord Stage(store::Tx& tx, const std::string& org_id, const std::string& scan_id,
                                 const std::string& type, const boost::json::object& data);
    void Publish(const store::ScanEventRecord& event);

    // Stored events of a scan with seq > after_seq, oldest first, at most `limit` (1..1000).
    Result<std::vector<store::ScanEventRecord>> List(const std::string& scan_id, std::int64_t after_seq, int limit);

  private:
    store::Store& store_;
    const Clock& clock_;
    jobs::EventBus* bus_;
};

}  // namespace palisade::scans
