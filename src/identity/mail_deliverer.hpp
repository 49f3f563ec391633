// SPDX-License-Identifier: Apache-2.0
// MailDeliverer: sends queued outbox mail through a Mailer on a thread of its own, with a lease per message so
// several nodes never send the same mail twice; retries failures on later passes (at most 10 attempts).
#pragma once

#include <condition_variable>
#include <mutex>
#include <thread>

#include "core/clock.hpp"

namespace palisade::store {
class Store;
}
namespace palisade::mail {
class Mailer;
}

namespace palisade::identity {

class MailDeliverer {
public:
    // `store`, `mailer` and `clock` must outlive the deliverer.
    MailDeliverer(store::Store& store, mail::Mailer& mailer, const Clock& clock,
                  std::chrono::milliseconds poll = std::chrono::seconds(5));
    ~MailDeliverer();  // stops

    void Start();
    void Stop();
    // Asks for a pass now (after a commit that queued mail). Thread-safe, cheap.
    void Wake();
    // One pass over pending mail on the calling thread; returns how many were sent.
    int DeliverPending();

private:
    void Loop();

    store::Store& store_;
    mail::Mailer& mailer_;
    const Clock& clock_;
    std::chrono::milliseconds poll_;
    std::mutex mu_;
    std::condition_variable cv_;
    bool wake_ = false;
    bool stop_ = false;
    std::thread thread_;
};

}  // namespace palisade::identity
