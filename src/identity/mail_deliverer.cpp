// SPDX-License-Identifier: Apache-2.0
#include "identity/mail_deliverer.hpp"

#include "core/time.hpp"
#include "log/log.hpp"
#include "mail/mailer.hpp"
#include "store/outbox_repository.hpp"
#include "store/store.hpp"

namespace palisade::identity {

MailDeliverer::MailDeliverer(store::Store& store, mail::Mailer& mailer, const Clock& clock,
                             std::chrono::milliseconds poll)
    : store_(store), mailer_(mailer), clock_(clock), poll_(poll) {}

MailDeliverer::~MailDeliverer() { Stop(); }

void MailDeliverer::Start() {
    if (thread_.joinable()) return;
    stop_ = false;
    thread_ = std::thread([this] { Loop(); });
}

void MailDeliverer::Stop() {
    {
        std::lock_guard<std::mutex> lock(mu_);
        stop_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void MailDeliverer::Wake() {
    {
        std::lock_guard<std::mutex> lock(mu_);
        wake_ = true;
    }
    cv_.notify_all();
}

int MailDeliverer::DeliverPending() {
    const std::string now = FormatTime(clock_.Now());
    auto pending = store_.Read([&](store::Tx& tx) -> Result<std::vector<store::OutboxRecord>> {
        return store::outbox::Pending(tx, now, 20);
    });
    if (!pending) return 0;
    int sent = 0;
    for (const auto& m : *pending) {
        const std::string until = FormatTime(clock_.Now() + std::chrono::minutes(2));
        auto leased = store_.Write([&](store::Tx& tx) -> Result<bool> { return store::outbox::Lease(tx, m.id, now, until); });
        if (!leased || !*leased) continue;  // another node has it
        Status s = mailer_.Send(mail::MailMessage{m.to_address, m.subject, m.body});
        if (s) {
            ++sent;
            (void)store_.Write([&](store::Tx& tx) -> Status {
                store::outbox::MarkSent(tx, m.id, FormatTime(clock_.Now()));
                return Ok();
            });
            log::Info("mail sent", {{"outbox_id", m.id}});
        } else {
            (void)store_.Write([&](store::Tx& tx) -> Status {
                store::outbox::MarkFailed(tx, m.id, s.error().message);
                return Ok();
            });
            log::Warn("mail not sent; will retry", {{"outbox_id", m.id}, {"error", s.error().message},
                                                    {"attempt", std::to_string(m.attempts + 1)}});
        }
    }
    return sent;
}

void MailDeliverer::Loop() {
    while (true) {
        {
            std::unique_lock<std::mutex> lock(mu_);
            cv_.wait_for(lock, poll_, [this] { return stop_ || wake_; });
            if (stop_) return;
            wake_ = false;
        }
        DeliverPending();
    }
}

}  // namespace palisade::identity
