// SPDX-License-Identifier: Apache-2.0
// EventBus: local delivery everywhere; on PostgreSQL, delivery between buses (separate LISTEN sessions), large
// events through event_payloads, and recovery of a killed LISTEN session.
#include <gtest/gtest.h>

#include <mutex>

#include "jobs/event_wire.hpp"
#include "jobs/jobs_fixture.hpp"
#include "store/tx.hpp"

namespace palisade::jobs::testing {
namespace {

using std::chrono::seconds;

// Collects what a bus delivers.
class Inbox {
public:
    explicit Inbox(EventBus& bus) : bus_(bus) {
        id_ = bus.Subscribe([this](const Event& e) {
            std::lock_guard<std::mutex> lock(mu_);
            events_.push_back(e);
        });
    }
    ~Inbox() { bus_.Unsubscribe(id_); }
    std::vector<Event> Events() {
        std::lock_guard<std::mutex> lock(mu_);
        return events_;
    }
    // Waits for an event of `type`; returns it (type "" when none came).
    Event WaitType(const std::string& type) {
        Event found;
        WaitFor([&] {
            for (const Event& e : Events()) {
                if (e.type == type) {
                    found = e;
                    return true;
                }
            }
            return false;
        });
        return found;
    }

private:
    EventBus& bus_;
    std::uint64_t id_ = 0;
    std::mutex mu_;
    std::vector<Event> events_;
};

Event MakeEvent(const std::string& type, std::string data = "{}") {
    Event e;
    e.topic = "scan:1";
    e.type = type;
    e.data_json = std::move(data);
    e.org_id = "org-1";
    return e;
}

TEST(EventBusLocal, DeliversEveryEventInOrderWithItsMetadata) {
    auto bus = EventBus::Local();
    EXPECT_FALSE(bus->Distributed());
    Inbox inbox(*bus);
    for (int i = 0; i < 100; ++i) bus->Publish(MakeEvent("n" + std::to_string(i)));
    ASSERT_TRUE(WaitFor([&] { return inbox.Events().size() == 100; }));
    const auto events = inbox.Events();
    for (std::size_t i = 0; i < events.size(); ++i) {
        EXPECT_EQ(events[i].type, "n" + std::to_string(i));
        EXPECT_EQ(events[i].seq, static_cast<std::int64_t>(i + 1));
        EXPECT_EQ(events[i].origin, bus->Origin());
        EXPECT_EQ(events[i].org_id, "org-1");
        EXPECT_FALSE(events[i].at.empty());
    }
}

TEST(EventBusLocal, UnsubscribedCallbacksAreNotCalledAndThrowingOnesDoNotStopOthers) {
    auto bus = EventBus::Local();
    std::atomic<int> removed_calls{0};
    const auto removed = bus->Subscribe([&](const Event&) { ++removed_calls; });
    bus->Subscribe([](const Event&) { throw std::runtime_error("subscriber bug"); });
    Inbox inbox(*bus);
    bus->Unsubscribe(removed);
    bus->Publish(MakeEvent("a"));
    bus->Publish(MakeEvent("b"));
    ASSERT_TRUE(WaitFor([&] { return inbox.Events().size() == 2; }));
    EXPECT_EQ(removed_calls.load(), 0);
    bus->Close();
    bus->Publish(MakeEvent("after-close"));  // ignored, no crash
    EXPECT_EQ(inbox.Events().size(), 2u);
}

TEST(EventBusLocal, OpenChoosesTheTransportFromTheUrl) {
    auto sqlite = EventBus::Open("sqlite:///tmp/x.db");
    ASSERT_TRUE(sqlite.has_value());
    EXPECT_FALSE((*sqlite)->Distributed());
    auto bad = EventBus::Open("mysql://x");
    ASSERT_FALSE(bad.has_value());
    EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
    auto unreachable = EventBus::Open("postgresql://nobody:x@127.0.0.1:1/none?connect_timeout=2");
    ASSERT_FALSE(unreachable.has_value());
    EXPECT_EQ(unreachable.error().code, ErrorCode::kUnavailable);
}

TEST(EventWire, RoundTripsBothForms) {
    Event e = MakeEvent("job.progress", R"({"progress":0.5,"note":"ünïcode \"quoted\""})");
    e.origin = "abc";
    e.seq = 42;
    e.at = "2026-01-02T03:04:05.678Z";
    auto back = wire::Decode(wire::Encode(e));
    ASSERT_TRUE(back.has_value());
    EXPECT_TRUE(back->ref.empty());
    EXPECT_EQ(back->event.data_json, e.data_json);
    EXPECT_EQ(back->event.seq, 42);
    EXPECT_EQ(back->event.origin, "abc");
    EXPECT_EQ(back->event.topic, "scan:1");
    EXPECT_EQ(back->event.at, e.at);
    EXPECT_EQ(back->event.org_id, "org-1");

    auto ref = wire::Decode(wire::EncodeRef(e, "payload-1"));
    ASSERT_TRUE(ref.has_value());
    EXPECT_EQ(ref->ref, "payload-1");
    EXPECT_EQ(ref->event.type, "job.progress");
    EXPECT_TRUE(ref->event.data_json.empty());

    EXPECT_FALSE(wire::Decode("not json").has_value());
    EXPECT_FALSE(wire::Decode(R"({"v":2,"s":1,"y":"x"})").has_value());
    EXPECT_FALSE(wire::Decode(R"({"v":1,"s":1})").has_value());
}

class EventBusTest : public JobsTest {
protected:
    void SetUp() override {
        if (!Postgres()) GTEST_SKIP() << "events cross processes only on PostgreSQL";
        JobsTest::SetUp();
    }
    std::unique_ptr<EventBus> Open(const EventBusOptions& options = {}) {
        auto bus = EventBus::Open(url_, options);
        EXPECT_TRUE(bus.has_value()) << bus.error().message << " " << bus.error().detail;
        return bus ? std::move(*bus) : nullptr;
    }
};

TEST_P(EventBusTest, AnEventReachesTheOtherBusOnceAndItsOwnSubscribersOnce) {
    auto a = Open();
    auto b = Open();
    ASSERT_TRUE(a && b);
    EXPECT_TRUE(a->Distributed());
    Inbox at_a(*a);
    Inbox at_b(*b);
    a->Publish(MakeEvent("first", R"({"n":1})"));
    const Event got = at_b.WaitType("first");
    ASSERT_EQ(got.type, "first");
    EXPECT_EQ(got.data_json, R"({"n":1})");
    EXPECT_EQ(got.origin, a->Origin());
    EXPECT_EQ(got.seq, 1);
    EXPECT_EQ(got.org_id, "org-1");
    EXPECT_FALSE(got.truncated);

    // NOTIFYs reach a listener in commit order: once a sees b's "second", its own "first" has come back too.
    b->Publish(MakeEvent("second"));
    ASSERT_EQ(at_a.WaitType("second").type, "second");
    const auto seen = at_a.Events();
    ASSERT_EQ(seen.size(), 2u) << "a bus must not deliver its own events twice";
    EXPECT_EQ(seen[0].type, "first");
}

TEST_P(EventBusTest, ALargeEventTravelsThroughThePayloadTable) {
    auto a = Open();
    auto b = Open();
    ASSERT_TRUE(a && b);
    Inbox at_b(*b);
    const std::string big = R"({"blob":")" + std::string(50000, 'x') + R"("})";
    a->Publish(MakeEvent("big", big));
    const Event got = at_b.WaitType("big");
    ASSERT_EQ(got.type, "big");
    EXPECT_EQ(got.data_json, big);
    EXPECT_FALSE(got.truncated);
    long long rows = 0;
    auto counted = store_->Read([&](store::Tx& tx) -> Status {
        store::Query(tx, "SELECT COUNT(*) FROM event_payloads").Into(rows).One();
        return Ok();
    });
    ASSERT_TRUE(counted.has_value());
    EXPECT_EQ(rows, 1);
}

TEST_P(EventBusTest, AnEventOverTheRemoteLimitArrivesTruncatedElsewhereAndWholeLocally) {
    EventBusOptions small;
    small.max_remote_bytes = 1000;
    auto a = Open(small);
    auto b = Open();
    ASSERT_TRUE(a && b);
    Inbox at_a(*a);
    Inbox at_b(*b);
    const std::string data = R"({"blob":")" + std::string(5000, 'y') + R"("})";
    a->Publish(MakeEvent("huge", data));
    const Event remote = at_b.WaitType("huge");
    ASSERT_EQ(remote.type, "huge");
    EXPECT_TRUE(remote.truncated);
    EXPECT_EQ(remote.data_json, "{}");
    const Event local = at_a.WaitType("huge");
    EXPECT_EQ(local.data_json, data);
    EXPECT_FALSE(local.truncated);
}

TEST_P(EventBusTest, ReconnectsAfterItsSessionsAreKilled) {
    auto a = Open();
    auto b = Open();
    ASSERT_TRUE(a && b);
    Inbox at_b(*b);
    // Both buses' LISTEN and NOTIFY sessions.
    auto killed = store_->Write([&](store::Tx& tx) -> Status {
        long long n = 0;
        store::Query(tx, "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE "
                         "datname = current_database() AND application_name = 'palisade-events'")
            .Into(n)
            .One();
        EXPECT_EQ(n, 4);
        return Ok();
    });
    ASSERT_TRUE(killed.has_value()) << killed.error().detail;
    ASSERT_EQ(at_b.WaitType("bus.reconnected").type, "bus.reconnected");
    a->Publish(MakeEvent("after"));
    EXPECT_EQ(at_b.WaitType("after").type, "after");
}

INSTANTIATE_TEST_SUITE_P(Backends, EventBusTest, ::testing::ValuesIn(palisade::testing::DatabaseBackends()),
                         BackendName);

}  // namespace
}  // namespace palisade::jobs::testing
