// SPDX-License-Identifier: Apache-2.0
#include "server/ws_hub.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <utility>

#include "core/time.hpp"
#include "log/log.hpp"

namespace palisade::server {

namespace json = boost::json;

namespace {

constexpr std::size_t kMaxTopicLength = 200;

bool ValidTopic(std::string_view topic) {
    return !topic.empty() && topic.size() <= kMaxTopicLength &&
           std::all_of(topic.begin(), topic.end(), [](unsigned char c) { return c > 0x20 && c < 0x7f; });
}

WsClientOp Invalid(std::string error, std::string message) {
    WsClientOp op;
    op.error = std::move(error);
    op.error_message = std::move(message);
    return op;
}

}  // namespace

std::string ToFrameText(const WsMessage& message) {
    std::string out = "{";
    if (!message.topic.empty()) {
        out += "\"topic\":";
        out += json::serialize(json::string_view(message.topic));
        out += ',';
    }
    out += "\"type\":";
    out += json::serialize(json::string_view(message.type));
    out += ",\"data\":";
    out += message.data_json.empty() ? std::string_view("null") : std::string_view(message.data_json);
    out += ",\"at\":";
    out += json::serialize(
        json::string_view(message.at.empty() ? FormatTime(std::chrono::system_clock::now()) : message.at));
    if (message.seq != 0) {
        out += ",\"seq\":";
        out += std::to_string(message.seq);
    }
    out += '}';
    return out;
}

std::shared_ptr<const WsFrame> MakeWsFrame(const WsMessage& message) {
    if (message.topic.empty()) {
        log::Error("websocket event without a topic dropped", {{"type", message.type}});
        return nullptr;
    }
    if (!message.data_json.empty()) {
        boost::system::error_code ec;
        json::parse(json::string_view(message.data_json), ec);
        if (ec) {
            log::Error("websocket event with invalid JSON data dropped",
                       {{"topic", message.topic}, {"type", message.type}});
            return nullptr;
        }
    }
    return std::make_shared<const WsFrame>(WsFrame{message.topic, message.seq, ToFrameText(message), message.audience});
}

std::string WsErrorData(std::string_view code, std::string_view message) {
    std::string out = "{\"error\":" + json::serialize(json::string_view(code.data(), code.size()));
    if (!message.empty()) out += ",\"message\":" + json::serialize(json::string_view(message.data(), message.size()));
    out += '}';
    return out;
}

WsClientOp ParseWsClientOp(std::string_view text) {
    boost::system::error_code ec;
    json::value value = json::parse(json::string_view(text.data(), text.size()), ec);
    if (ec) return Invalid("bad_request", "the frame is not valid JSON");
    const json::object* object = value.if_object();
    if (object == nullptr) return Invalid("bad_request", "the frame must be a JSON object");
    const json::value* op = object->if_contains("op");
    if (op == nullptr || !op->is_string()) return Invalid("bad_request", "\"op\" must be a string");
    const json::string& name = op->get_string();
    WsClientOp out;
    if (name == "ping") {
        out.kind = WsClientOp::Kind::kPing;
        return out;
    }
    if (name == "subscribe") {
        out.kind = WsClientOp::Kind::kSubscribe;
    } else if (name == "unsubscribe") {
        out.kind = WsClientOp::Kind::kUnsubscribe;
    } else {
        return Invalid("unknown_op", "unknown op; expected subscribe, unsubscribe or ping");
    }
    const json::value* topic = object->if_contains("topic");
    if (topic == nullptr || !topic->is_string() || !ValidTopic(topic->get_string())) {
        return Invalid("bad_request", "\"topic\" must be 1 to 200 printable ASCII characters without spaces");
    }
    out.topic = std::string(topic->get_string());
    if (const json::value* after = object->if_contains("after_seq");
        after != nullptr && out.kind == WsClientOp::Kind::kSubscribe) {
        // Boost.JSON keeps integers that fit in int64 as int64; larger ones (uint64) cannot be a seq.
        if (!after->is_int64() || after->get_int64() < 0) {
            return Invalid("bad_request", "\"after_seq\" must be an integer >= 0");
        }
        out.after_seq = after->get_int64();
    }
    return out;
}

WsHub::WsHub(WsLimits limits) : limits_(std::move(limits)) {}
WsHub::~WsHub() = default;

void WsHub::Publish(const WsMessage& msg) {
    {
        std::lock_guard lock(mutex_);
        if (topics_.find(msg.topic) == topics_.end()) {  // nobody listens: skip the parse and the serialisation
            ++published_;
            return;
        }
    }
    auto frame = MakeWsFrame(msg);
    if (!frame) return;
    std::shared_ptr<const List> subscribers;
    {
        std::lock_guard lock(mutex_);
        ++published_;
        auto it = topics_.find(msg.topic);
        if (it == topics_.end()) return;
        subscribers = it->second;
    }
    for (const auto& subscriber : *subscribers) subscriber->Deliver(frame);
}

std::size_t WsHub::Sessions() const {
    std::lock_guard lock(mutex_);
    return sessions_.size();
}

std::size_t WsHub::Subscriptions() const {
    std::lock_guard lock(mutex_);
    return subscriptions_;
}

std::uint64_t WsHub::Dropped() const {
    std::lock_guard lock(mutex_);
    return dropped_;
}

std::uint64_t WsHub::Published() const {
    std::lock_guard lock(mutex_);
    return published_;
}

void WsHub::Attach(std::shared_ptr<WsSubscriber> subscriber, const void* owner) {
    std::lock_guard lock(mutex_);
    const WsSubscriber* key = subscriber.get();
    sessions_.try_emplace(key, Entry{std::move(subscriber), owner, {}});
}

void WsHub::RemoveFromTopic(const std::string& topic, const WsSubscriber* subscriber) {
    auto it = topics_.find(topic);
    if (it == topics_.end()) return;
    auto list = std::make_shared<List>();
    list->reserve(it->second->size());
    for (const auto& s : *it->second) {
        if (s.get() != subscriber) list->push_back(s);
    }
    if (list->size() == it->second->size()) return;
    --subscriptions_;
    if (list->empty()) {
        topics_.erase(it);
    } else {
        it->second = std::move(list);
    }
}

void WsHub::Detach(const WsSubscriber* subscriber) {
    std::shared_ptr<WsSubscriber> last;  // released after the lock: a session's destructor may do real work
    std::lock_guard lock(mutex_);
    auto it = sessions_.find(subscriber);
    if (it == sessions_.end()) return;
    for (const std::string& topic : it->second.topics) RemoveFromTopic(topic, subscriber);
    last = std::move(it->second.subscriber);
    sessions_.erase(it);
}

void WsHub::DetachOwner(const void* owner) {
    std::vector<const WsSubscriber*> owned;
    {
        std::lock_guard lock(mutex_);
        for (const auto& [key, entry] : sessions_) {
            if (entry.owner == owner) owned.push_back(key);
        }
    }
    for (const WsSubscriber* subscriber : owned) Detach(subscriber);
}

bool WsHub::Subscribe(const std::string& topic, const WsSubscriber* subscriber) {
    std::lock_guard lock(mutex_);
    auto session = sessions_.find(subscriber);
    if (session == sessions_.end()) return false;
    auto& topics = session->second.topics;
    if (std::find(topics.begin(), topics.end(), topic) != topics.end()) return true;
    topics.push_back(topic);
    auto& slot = topics_[topic];
    auto list = slot ? std::make_shared<List>(*slot) : std::make_shared<List>();
    list->push_back(session->second.subscriber);
    slot = std::move(list);
    ++subscriptions_;
    return true;
}

void WsHub::Unsubscribe(const std::string& topic, const WsSubscriber* subscriber) {
    std::lock_guard lock(mutex_);
    auto session = sessions_.find(subscriber);
    if (session == sessions_.end()) return;
    auto& topics = session->second.topics;
    auto it = std::find(topics.begin(), topics.end(), topic);
    if (it == topics.end()) return;
    topics.erase(it);
    RemoveFromTopic(topic, subscriber);
}

void WsHub::CountDrop() {
    std::lock_guard lock(mutex_);
    ++dropped_;
}

}  // namespace palisade::server
