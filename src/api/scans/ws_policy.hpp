// SPDX-License-Identifier: Apache-2.0
// The API's WebSocket policy: who may subscribe to which topic, and the stored events a late subscriber replays.
// Topics: "scan:<id>" (a scan of the caller's organisation; its stored events are replayed) and "notifications"
// (the caller's own, live only). Anything else, and another organisation's scan, is "not_found". Thread-safe.
#pragma once

#include "server/ws_hub.hpp"

namespace palisade::store {
class Store;
}

namespace palisade::api {

class TopicPolicy final : public server::WsPolicy {
  public:
    explicit TopicPolicy(store::Store& store) : store_(store) {}
    bool Authorize(const auth::Principal& principal, const std::string& topic) override;
    std::vector<server::WsMessage> Backlog(const auth::Principal& principal, const std::string& topic,
                                           std::int64_t after_seq, std::size_t limit) override;

  private:
    store::Store& store_;
};

}  // namespace palisade::api
