// SPDX-License-Identifier: Apache-2.0
#include "jobs/event_wire.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

namespace palisade::jobs::wire {

namespace {

std::string Text(const boost::json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    if (v == nullptr || !v->is_string()) return {};
    return std::string(v->as_string());
}

boost::json::object Envelope(const Event& event) {
    boost::json::object o;
    o["v"] = 1;
    o["o"] = event.origin;
    o["s"] = event.seq;
    o["t"] = event.topic;
    o["y"] = event.type;
    o["a"] = event.at;
    o["g"] = event.org_id;
    if (event.truncated) o["x"] = true;
    return o;
}

}  // namespace

std::string Encode(const Event& event) {
    boost::json::object o = Envelope(event);
    o["d"] = event.data_json.empty() ? std::string("{}") : event.data_json;
    return boost::json::serialize(o);
}

std::string EncodeRef(const Event& event, const std::string& payload_id) {
    boost::json::object o = Envelope(event);
    o["r"] = payload_id;
    return boost::json::serialize(o);
}

Result<Notification> Decode(std::string_view payload) {
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(payload, ec);
    if (ec || !v.is_object()) return Fail(ErrorCode::kInvalidArgument, "event notification is not a JSON object");
    const boost::json::object& o = v.as_object();
    const auto* version = o.if_contains("v");
    const auto* seq = o.if_contains("s");
    if (version == nullptr || !version->is_int64() || version->as_int64() != 1 || seq == nullptr ||
        !seq->is_int64()) {
        return Fail(ErrorCode::kInvalidArgument, "event notification has an unknown version");
    }
    Notification n;
    n.ref = Text(o, "r");
    Event& e = n.event;
    e.origin = Text(o, "o");
    e.seq = seq->as_int64();
    e.topic = Text(o, "t");
    e.type = Text(o, "y");
    e.at = Text(o, "a");
    e.org_id = Text(o, "g");
    e.data_json = Text(o, "d");
    const auto* truncated = o.if_contains("x");
    e.truncated = truncated != nullptr && truncated->is_bool() && truncated->as_bool();
    if (e.type.empty()) return Fail(ErrorCode::kInvalidArgument, "event notification has no type");
    return n;
}

}  // namespace palisade::jobs::wire
