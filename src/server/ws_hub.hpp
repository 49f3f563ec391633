// SPDX-License-Identifier: Apache-2.0
// Live events over WebSocket (GET /api/v1/ws): WsHub fans each published event out to the sessions subscribed to
// its topic; WsPolicy, implemented by the API layer, decides who may subscribe to what and supplies the stored
// events a late subscriber missed. Beast-free: publishers include only this header. The wire protocol is described
// in docs/fragments/websocket.md; the sessions themselves live in server/ws_session.cpp.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "auth/principal.hpp"
#include "server/http.hpp"

namespace palisade::server {

// One event, as publishers and WsPolicy::Backlog produce it.
struct WsMessage {
    std::string topic;      // "scan:<id>", "notifications", ...
    std::string type;       // "progress", "finding", "finished", ... (the client switches on it)
    std::string data_json;  // the payload: one JSON value, sent verbatim as "data"; empty = null
    std::string at;         // UTC "YYYY-MM-DDTHH:MM:SS.mmmZ" (core/time.hpp); empty = the time it is serialised
    std::int64_t seq = 0;   // per-topic sequence of a stored event (> 0, increasing); 0 = ephemeral (never replayed,
                            // never de-duplicated)
    std::string audience;   // non-empty: only the sessions of this user id receive it (per-user streams such as
                            // "notifications", one topic that every user subscribes to)
};

// The text frame for `message`: {"topic","type","data","at","seq"} ("topic" left out when empty, "seq" when 0).
// REQUIRES data_json is empty or one valid JSON value (WsHub::Publish checks; Backlog results are checked too).
std::string ToFrameText(const WsMessage& message);

struct WsFrame;
// ToFrameText as a shareable frame; null (logged) when the topic is empty or data_json is not valid JSON.
std::shared_ptr<const WsFrame> MakeWsFrame(const WsMessage& message);

// The "data" of an error frame: {"error":code} or {"error":code,"message":message}.
std::string WsErrorData(std::string_view code, std::string_view message = {});

// What a client sent, parsed. Beast-free so it can be tested and fuzzed alone.
struct WsClientOp {
    enum class Kind { kInvalid, kSubscribe, kUnsubscribe, kPing };
    Kind kind = Kind::kInvalid;
    std::string topic;           // subscribe, unsubscribe
    std::int64_t after_seq = 0;  // subscribe: replay stored events after this one (0 = from the start)
    std::string error;           // kInvalid: "bad_request" or "unknown_op"
    std::string error_message;   // kInvalid: for the client
};

// {"op":"subscribe","topic":T,"after_seq":N?} | {"op":"unsubscribe","topic":T} | {"op":"ping"}. A topic is 1 to
// 200 printable ASCII characters without spaces; after_seq an integer >= 0. Other fields are ignored.
WsClientOp ParseWsClientOp(std::string_view text);

// Per-session limits and timers. Defaults are what production uses; tests shrink them.
struct WsLimits {
    std::size_t max_message_bytes = 4 * 1024;             // a client frame larger than this closes the session (1009)
    std::size_t max_subscriptions = 64;                   // topics per session (pending ones included)
    std::size_t max_queued_messages = 1024;               // frames waiting to be sent (held live events included) ...
    std::size_t max_queued_bytes = 4 * 1024 * 1024;       // ... and their bytes; beyond either the client is dropped
    std::size_t backlog_page = 256;                       // events asked of WsPolicy::Backlog per call
    std::size_t max_backlog = 10'000;                     // events replayed per subscribe; beyond: "truncated": true
    double subscribes_per_second = 10;                    // subscribe ops per session, sustained ...
    std::size_t subscribe_burst = 64;                     // ... and in a burst; beyond: error "rate_limited"
    std::chrono::milliseconds idle_timeout{300'000};      // nothing from the client (a ping goes out at half): closed
    std::chrono::milliseconds handshake_timeout{30'000};  // the 101 answer, and the closing handshake
    std::chrono::milliseconds close_timeout{5'000};       // once the server starts closing, the TCP connection ends
                                                          // after this at the latest (a peer that does not answer)
    std::chrono::milliseconds reauth_interval{60'000};    // credentials are re-authenticated this often; 0 = never
};

// Implemented by the API layer. Called on the server's blocking pool (may query the database), never on an I/O
// thread. Must be thread-safe. An exception is logged and answered as error "unavailable".
class WsPolicy {
  public:
    virtual ~WsPolicy() = default;
    // May `principal` subscribe to `topic`? false -> the client gets {"type":"error","topic":T,
    // "data":{"error":"not_found"}}: the same answer for an unknown topic and another organisation's.
    virtual bool Authorize(const auth::Principal& principal, const std::string& topic) = 0;
    // Stored events of `topic` with seq > `after_seq` (0 = from the start), oldest first, at most `limit`. Sent
    // before live events, so a late subscriber sees what it missed. Called again with the last seq while a page
    // comes back full. Publishers must store an event before publishing it (then nothing falls between the two).
    virtual std::vector<WsMessage> Backlog(const auth::Principal& principal, const std::string& topic,
                                           std::int64_t after_seq, std::size_t limit) = 0;
    // When the credential of the upgrade request stops being valid (an access token's expiry); the session is
    // closed with 4001 "token expired" then. nullopt (the default): no fixed end; the credential is still
    // re-authenticated every WsLimits::reauth_interval. Called once per session, after authentication.
    virtual std::optional<std::chrono::system_clock::time_point> CredentialExpiry(const auth::Principal& principal,
                                                                                  const Request& upgrade) {
        (void)principal;
        (void)upgrade;
        return std::nullopt;
    }
};

// One serialised event, shared by every session it goes to.
struct WsFrame {
    std::string topic;
    std::int64_t seq = 0;
    std::string text;      // ToFrameText()
    std::string audience;  // WsMessage::audience: subscribers of another user drop the frame
};

// A session as the hub sees it: implemented by the server's WebSocket sessions (and test doubles).
class WsSubscriber {
  public:
    virtual ~WsSubscriber() = default;
    // Takes one frame of a subscribed topic. Called from the publisher's thread, without the hub's lock; must not
    // block (the server's sessions post it to their strand, or drop the client when its queue is full). A frame
    // with an audience other than the subscriber's user must be dropped.
    virtual void Deliver(std::shared_ptr<const WsFrame> frame) = 0;
};

// Thread-safe. Publish never blocks on a client and costs one serialisation whatever the number of subscribers.
class WsHub {
  public:
    explicit WsHub(WsLimits limits = {});
    ~WsHub();
    WsHub(const WsHub&) = delete;
    WsHub& operator=(const WsHub&) = delete;

    // Delivers `msg` to every session subscribed to msg.topic. A message with invalid data_json or an empty topic
    // is logged and dropped (checked only when the topic has subscribers: with none, Publish costs one lookup).
    void Publish(const WsMessage& msg);

    // Metrics.
    std::size_t Sessions() const;       // attached sessions
    std::size_t Subscriptions() const;  // (session, topic) pairs
    std::uint64_t Dropped() const;      // sessions closed because they could not keep up
    std::uint64_t Published() const;    // Publish calls that were delivered (to zero or more sessions)

    const WsLimits& Limits() const { return limits_; }

    // For the server's sessions. `owner` groups sessions (one HttpServer) for DetachOwner().
    void Attach(std::shared_ptr<WsSubscriber> subscriber, const void* owner);
    // Removes the subscriber and all its subscriptions. Idempotent.
    void Detach(const WsSubscriber* subscriber);
    // Detaches every subscriber attached with `owner` (a stopped server's sessions).
    void DetachOwner(const void* owner);
    // False when `subscriber` is not attached. Subscribing twice to a topic is a no-op.
    bool Subscribe(const std::string& topic, const WsSubscriber* subscriber);
    void Unsubscribe(const std::string& topic, const WsSubscriber* subscriber);
    void CountDrop();

  private:
    using List = std::vector<std::shared_ptr<WsSubscriber>>;
    struct Entry {
        std::shared_ptr<WsSubscriber> subscriber;
        const void* owner = nullptr;
        std::vector<std::string> topics;
    };
    void RemoveFromTopic(const std::string& topic, const WsSubscriber* subscriber);  // REQUIRES mutex_ held

    const WsLimits limits_;
    mutable std::mutex mutex_;
    std::unordered_map<const WsSubscriber*, Entry> sessions_;
    // Copy-on-write: Publish copies one pointer under the lock, then delivers without it.
    std::unordered_map<std::string, std::shared_ptr<const List>> topics_;
    std::size_t subscriptions_ = 0;
    std::uint64_t dropped_ = 0;
    std::uint64_t published_ = 0;
};

}  // namespace palisade::server
