// SPDX-License-Identifier: Apache-2.0
#include "api/scans/ws_policy.hpp"

#include <algorithm>

#include "store/scans/scan_repository.hpp"
#include "store/store.hpp"

namespace palisade::api {

namespace {

constexpr std::string_view kScanPrefix = "scan:";

// The scan id of a "scan:<id>" topic, or "".
std::string ScanIdOf(const std::string& topic) {
    if (topic.rfind(kScanPrefix, 0) != 0) return {};
    return topic.substr(kScanPrefix.size());
}

}  // namespace

bool TopicPolicy::Authorize(const auth::Principal& principal, const std::string& topic) {
    if (topic == "notifications") return true;
    const std::string scan_id = ScanIdOf(topic);
    if (scan_id.empty()) return false;
    auto found = store_.Read([&](store::Tx& tx) -> Result<bool> {
        return store::scans::Get(tx, principal.org_id, scan_id).has_value();
    });
    return found && *found;
}

std::vector<server::WsMessage> TopicPolicy::Backlog(const auth::Principal& principal, const std::string& topic,
                                                    std::int64_t after_seq, std::size_t limit) {
    std::vector<server::WsMessage> out;
    const std::string scan_id = ScanIdOf(topic);
    if (scan_id.empty()) return out;
    const int n = static_cast<int>(std::min<std::size_t>(limit, 1000));
    auto events = store_.Read([&](store::Tx& tx) -> Result<std::vector<store::ScanEventRecord>> {
        // The organisation is checked again: Backlog must never leak another tenant's events.
        if (!store::scans::Get(tx, principal.org_id, scan_id)) return std::vector<store::ScanEventRecord>{};
        return store::scan_events::List(tx, scan_id, after_seq, n);
    });
    if (!events) return out;
    for (const auto& e : *events) out.push_back({topic, e.type, e.data_json, e.at, e.seq});
    return out;
}

}  // namespace palisade::api
