// SPDX-License-Identifier: Apache-2.0
// ParseWsClientOp on arbitrary bytes (every text frame a WebSocket client sends). Invariants: no crash; an invalid op
// carries an error code; a subscribe or unsubscribe has a topic of 1 to 200 printable ASCII characters without
// spaces and a non-negative after_seq.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "server/ws_hub.hpp"

namespace {

void Check(bool ok) {
    if (!ok) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using palisade::server::WsClientOp;
    const WsClientOp op = palisade::server::ParseWsClientOp(std::string_view(reinterpret_cast<const char*>(data), size));
    switch (op.kind) {
        case WsClientOp::Kind::kInvalid: Check(!op.error.empty()); break;
        case WsClientOp::Kind::kSubscribe:
        case WsClientOp::Kind::kUnsubscribe:
            Check(!op.topic.empty() && op.topic.size() <= 200 && op.after_seq >= 0);
            for (char c : op.topic) Check(c > ' ' && c < 0x7f);
            break;
        case WsClientOp::Kind::kPing: break;
    }
    return 0;
}
