// SPDX-License-Identifier: Apache-2.0
#include "jobs/event_bus.hpp"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <thread>

#include "core/crypto.hpp"
#include "core/strings.hpp"
#include "core/time.hpp"
#include "jobs/pg_transport.hpp"
#include "log/log.hpp"

namespace palisade::jobs {

struct EventBus::Impl {
    using Fn = std::function<void(const Event&)>;

    EventBusOptions options;
    std::string origin;
    std::atomic<std::int64_t> seq{0};

    std::mutex mu;  // queue, closing
    std::condition_variable cv;
    std::deque<Event> queue;
    bool closing = false;
    std::uint64_t dropped = 0;

    std::mutex subs_mu;
    std::map<std::uint64_t, std::shared_ptr<Fn>> subs;
    std::uint64_t next_sub = 1;
    std::mutex dispatch_mu;  // held while the dispatcher runs the callbacks of one event
    std::thread dispatcher;
    std::thread::id dispatcher_id;

    std::unique_ptr<detail::PgTransport> transport;
    std::once_flag closed;

    // Queues an event for local subscribers (from Publish or the listener thread).
    void Enqueue(Event e) {
        {
            std::lock_guard<std::mutex> lock(mu);
            if (closing) return;
            if (queue.size() >= options.max_queue) {
                queue.pop_front();
                if (dropped++ % 1000 == 0) {
                    log::Warn("event bus delivery queue full; oldest event dropped",
                              {{"dropped", std::to_string(dropped)}});
                }
            }
            queue.push_back(std::move(e));
        }
        cv.notify_all();
    }

    void Dispatch(const Event& e) {
        std::vector<std::shared_ptr<Fn>> targets;
        std::lock_guard<std::mutex> running(dispatch_mu);
        {
            std::lock_guard<std::mutex> lock(subs_mu);
            for (const auto& [id, fn] : subs) targets.push_back(fn);
        }
        for (const auto& fn : targets) {
            try {
                (*fn)(e);
            } catch (const std::exception& ex) {
                log::Error("event subscriber threw", {{"topic", e.topic}, {"type", e.type}, {"error", ex.what()}});
            } catch (...) {
                log::Error("event subscriber threw", {{"topic", e.topic}, {"type", e.type}});
            }
        }
    }

    void DispatchLoop() {
        for (;;) {
            Event e;
            {
                std::unique_lock<std::mutex> lock(mu);
                cv.wait(lock, [&] { return closing || !queue.empty(); });
                if (queue.empty()) return;  // closing and drained
                e = std::move(queue.front());
                queue.pop_front();
            }
            Dispatch(e);
        }
    }
};

EventBus::EventBus(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
EventBus::~EventBus() { Close(); }

std::unique_ptr<EventBus> EventBus::Local(const EventBusOptions& options) {
    InitCrypto();
    auto impl = std::make_unique<Impl>();
    impl->options = options;
    impl->origin = HexEncode(RandomBytes(8));
    Impl* raw = impl.get();
    raw->dispatcher = std::thread([raw] { raw->DispatchLoop(); });
    raw->dispatcher_id = raw->dispatcher.get_id();
    return std::unique_ptr<EventBus>(new EventBus(std::move(impl)));
}

Result<std::unique_ptr<EventBus>> EventBus::Open(const std::string& store_url, const EventBusOptions& options) {
    if (StartsWith(store_url, "sqlite://")) return Local(options);
    if (!StartsWith(store_url, "postgresql://") && !StartsWith(store_url, "postgres://")) {
        return Fail(ErrorCode::kInvalidArgument, "event bus URL must start with sqlite:// or postgresql://");
    }
    std::unique_ptr<EventBus> bus = Local(options);
    Impl* impl = bus->impl_.get();
    auto transport = detail::PgTransport::Open(store_url, options, impl->origin,
                                               [impl](Event e) { impl->Enqueue(std::move(e)); });
    if (!transport) return tl::unexpected<Error>(transport.error());
    impl->transport = std::move(*transport);
    return bus;
}

void EventBus::Publish(const Event& event) {
    Event e = event;
    if (e.at.empty()) e.at = FormatTime(std::chrono::system_clock::now());
    if (e.seq == 0) e.seq = ++impl_->seq;
    if (e.origin.empty()) e.origin = impl_->origin;
    if (e.data_json.empty()) e.data_json = "{}";
    if (impl_->transport) impl_->transport->Send(e);
    impl_->Enqueue(std::move(e));
}

std::uint64_t EventBus::Subscribe(std::function<void(const Event&)> fn) {
    std::lock_guard<std::mutex> lock(impl_->subs_mu);
    const std::uint64_t id = impl_->next_sub++;
    impl_->subs.emplace(id, std::make_shared<Impl::Fn>(std::move(fn)));
    return id;
}

void EventBus::Unsubscribe(std::uint64_t id) {
    {
        std::lock_guard<std::mutex> lock(impl_->subs_mu);
        impl_->subs.erase(id);
    }
    // Wait for a callback that may be running right now (unless we are that callback).
    if (std::this_thread::get_id() != impl_->dispatcher_id) std::lock_guard<std::mutex> wait(impl_->dispatch_mu);
}

bool EventBus::Distributed() const { return impl_->transport != nullptr; }
const std::string& EventBus::Origin() const { return impl_->origin; }

void EventBus::Close() {
    Impl& impl = *impl_;
    std::call_once(impl.closed, [&] {
        if (impl.transport) impl.transport->Close();  // no more inbound events after this
        {
            std::lock_guard<std::mutex> lock(impl.mu);
            impl.closing = true;
        }
        impl.cv.notify_all();
        if (impl.dispatcher.joinable()) impl.dispatcher.join();
    });
}

}  // namespace palisade::jobs
