// SPDX-License-Identifier: Apache-2.0
#include "scans/scan_event_log.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "core/time.hpp"
#include "jobs/event_bus.hpp"
#include "store/store.hpp"

namespace palisade::scans {

std::string ScanTopic(const std::string& scan_id) { return "scan:" + scan_id; }

ScanEventLog::ScanEventLog(store::Store& store, const Clock& clock, jobs::EventBus* bus)
    : store_(store), clock_(clock), bus_(bus) {}

store::ScanEventRecord ScanEventLog::Stage(store::Tx& tx, const std::string& org_id, const std::string& scan_id,
                                           const std::string& type, const boost::json::object& data) {
    store::ScanEventRecord e;
    e.scan_id = scan_id;
    e.org_id = org_id;
    e.type = type;
    e.data_json = boost::json::serialize(data);
    e.at = FormatTime(clock_.Now());
    e.seq = store::scan_events::LastSeq(tx, scan_id) + 1;
    store::scan_events::Insert(tx, e);
    return e;
}

void ScanEventLog::Publish(const store::ScanEventRecord& event) {
    if (bus_ == nullptr) return;
    jobs::Event e;
    e.topic = ScanTopic(event.scan_id);
    e.type = event.type;
    e.data_json = event.data_json;
    e.at = event.at;
    e.org_id = event.org_id;
    e.seq = event.seq;
    bus_->Publish(e);
}

Result<store::ScanEventRecord> ScanEventLog::Append(const std::string& org_id, const std::string& scan_id,
                                                    const std::string& type, const boost::json::object& data) {
    Result<store::ScanEventRecord> stored = Fail(ErrorCode::kUnavailable, "event not stored");
    for (int attempt = 0; attempt < 2; ++attempt) {
        // Two writers of one scan (the worker and an API cancel) may pick the same seq; the primary key refuses the
        // second, which then reads the new last seq and tries again.
        stored = store_.Write([&](store::Tx& tx) -> Result<store::ScanEventRecord> {
            return Stage(tx, org_id, scan_id, type, data);
        });
        if (stored || stored.error().code != ErrorCode::kConflict) break;
    }
    if (stored) Publish(*stored);
    return stored;
}

Result<std::vector<store::ScanEventRecord>> ScanEventLog::List(const std::string& scan_id, std::int64_t after_seq,
                                                              int limit) {
    limit = std::clamp(limit, 1, 1000);
    return store_.Read([&](store::Tx& tx) -> Result<std::vector<store::ScanEventRecord>> {
        return store::scan_events::List(tx, scan_id, after_seq, limit);
    });
}

}  // namespace palisade::scans
