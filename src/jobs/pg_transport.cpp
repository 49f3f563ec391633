// SPDX-License-Identifier: Apache-2.0
#include "jobs/pg_transport.hpp"

#include <fcntl.h>
#include <libpq-fe.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "core/crypto.hpp"
#include "core/time.hpp"
#include "jobs/event_wire.hpp"
#include "log/log.hpp"

namespace palisade::jobs::detail {

namespace {

using std::chrono::milliseconds;
constexpr milliseconds kFirstBackoff{100};
constexpr milliseconds kFlushWait{2000};
constexpr milliseconds kIdleCheck{30000};         // an idle LISTEN session is probed this often
constexpr const char* kApplicationName = "palisade-events";
constexpr auto kPayloadKeep = std::chrono::minutes(10);  // event_payloads rows older than this are deleted

struct PgConnDeleter {
    void operator()(PGconn* c) const { PQfinish(c); }
};
using PgConn = std::unique_ptr<PGconn, PgConnDeleter>;
struct PgResultDeleter {
    void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, PgResultDeleter>;

// libpq reads postgresql:// URLs itself (SOCI's mangling, worked around in store.cpp, does not apply here). The
// sessions are named so operators can tell them apart in pg_stat_activity.
Result<PgConn> Connect(const std::string& url) {
    const char* keys[] = {"dbname", "application_name", nullptr};
    const char* values[] = {url.c_str(), kApplicationName, nullptr};
    PgConn conn(PQconnectdbParams(keys, values, 1));
    if (!conn || PQstatus(conn.get()) != CONNECTION_OK) {
        std::string detail = conn ? PQerrorMessage(conn.get()) : "out of memory";
        return Fail(ErrorCode::kUnavailable, "cannot connect the event bus to PostgreSQL", detail);
    }
    // libpq prints server notices (also "terminating connection" on a killed session) to stderr by default.
    PQsetNoticeProcessor(
        conn.get(), [](void*, const char* message) { log::Debug("event bus session notice", {{"notice", message}}); },
        nullptr);
    PgResult r(PQexec(conn.get(), "SET client_min_messages TO WARNING"));
    return conn;
}

enum class ExecStatus { kOk, kFailed, kConnectionLost };

// Runs one parameterised statement. kConnectionLost when the session is unusable (caller reconnects).
ExecStatus Exec(PGconn* conn, const char* sql, std::initializer_list<const std::string*> params,
                PgResult* out = nullptr) {
    std::array<const char*, 4> values{};
    std::size_t n = 0;
    for (const std::string* p : params) values[n++] = p->c_str();
    PgResult r(PQexecParams(conn, sql, static_cast<int>(n), nullptr, values.data(), nullptr, nullptr, 0));
    const ExecStatusType st = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
        if (out != nullptr) *out = std::move(r);
        return ExecStatus::kOk;
    }
    if (PQstatus(conn) == CONNECTION_BAD) return ExecStatus::kConnectionLost;
    log::Warn("event bus statement failed", {{"error", PQerrorMessage(conn)}});
    return ExecStatus::kFailed;
}

}  // namespace

struct PgTransport::State {
    std::string url;
    EventBusOptions options;
    std::string origin;
    Inbound inbound;

    std::mutex mu;
    std::condition_variable cv;
    std::deque<Event> outbox;
    bool stopping = false;
    std::uint64_t dropped = 0;
    int wake_pipe[2] = {-1, -1};  // wakes the listener's poll() on Close
    PgConn send;                   // sender thread only (after Open)
    PgConn listen;                 // listener thread only (after Open)
    std::thread sender;
    std::thread listener;
    std::once_flag closed;

    Result<PgConn> ConnectListen() {
        auto c = Connect(url);
        if (!c) return c;
        const std::string sql = std::string("LISTEN ") + kEventChannel;
        PgResult r(PQexec(c->get(), sql.c_str()));
        if (!r || PQresultStatus(r.get()) != PGRES_COMMAND_OK) {
            return Fail(ErrorCode::kUnavailable, "cannot LISTEN for events", PQerrorMessage(c->get()));
        }
        return c;
    }

    // Sleeps up to `d`; false when stopping.
    bool Backoff(milliseconds d) {
        std::unique_lock<std::mutex> lock(mu);
        return !cv.wait_for(lock, d, [&] { return stopping; });
    }

    ExecStatus Notify(const std::string& payload) {
        const std::string channel = kEventChannel;
        return Exec(send.get(), "SELECT pg_notify($1, $2)", {&channel, &payload});
    }

    // One event out. kConnectionLost: the caller reconnects and tries the event again.
    ExecStatus SendOne(Event e) {
        if (e.data_json.size() > options.max_remote_bytes) {
            log::Warn("event too large for other processes; sent without its data",
                      {{"topic", e.topic}, {"type", e.type}, {"bytes", std::to_string(e.data_json.size())}});
            e.data_json = "{}";
            e.truncated = true;
        }
        const std::string body = wire::Encode(e);
        if (body.size() <= wire::kMaxNotifyBytes) return Notify(body);
        const TimePoint now = std::chrono::system_clock::now();
        const std::string id = NewUuidV7(now);
        const std::string at = FormatTime(now);
        const std::string cutoff = FormatTime(now - kPayloadKeep);
        ExecStatus st = Exec(send.get(), "INSERT INTO event_payloads (id, created_at, body) VALUES ($1, $2, $3)",
                             {&id, &at, &body});
        if (st == ExecStatus::kConnectionLost) return st;
        if (st == ExecStatus::kFailed) {
            log::Warn("large event could not be stored; sent without its data", {{"topic", e.topic}, {"type", e.type}});
            e.data_json = "{}";
            e.truncated = true;
            return Notify(wire::Encode(e));
        }
        st = Notify(wire::EncodeRef(e, id));
        if (st != ExecStatus::kOk) return st;
        return Exec(send.get(), "DELETE FROM event_payloads WHERE created_at < $1", {&cutoff});
    }

    void SendLoop() {
        milliseconds backoff = kFirstBackoff;
        std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
        for (;;) {
            Event e;
            {
                std::unique_lock<std::mutex> lock(mu);
                cv.wait(lock, [&] { return stopping || !outbox.empty(); });
                if (stopping && deadline == std::chrono::steady_clock::time_point::max()) {
                    deadline = std::chrono::steady_clock::now() + kFlushWait;
                }
                if (outbox.empty() || std::chrono::steady_clock::now() > deadline) break;
                e = std::move(outbox.front());
                outbox.pop_front();
            }
            if (!send) {
                auto c = Connect(url);
                if (!c) {
                    Requeue(std::move(e));
                    if (!Backoff(backoff)) break;
                    backoff = std::min(backoff * 2, options.reconnect_max);
                    continue;
                }
                send = std::move(*c);
                backoff = kFirstBackoff;
            }
            if (SendOne(e) == ExecStatus::kConnectionLost) {
                log::Warn("event bus NOTIFY session lost; reconnecting");
                send.reset();
                Requeue(std::move(e));
            }
        }
        std::lock_guard<std::mutex> lock(mu);
        if (!outbox.empty()) {
            log::Warn("event bus closed with unsent events", {{"count", std::to_string(outbox.size())}});
            outbox.clear();
        }
    }

    void Requeue(Event e) {
        std::lock_guard<std::mutex> lock(mu);
        if (outbox.size() < options.max_queue) outbox.push_front(std::move(e));
    }

    void Deliver(const std::string& payload) {
        auto n = wire::Decode(payload);
        if (!n) {
            log::Warn("malformed event notification ignored", {{"error", n.error().message}});
            return;
        }
        if (n->event.origin == origin) return;  // our own, already delivered locally
        if (!n->ref.empty()) {
            PgResult r;
            const ExecStatus st = Exec(listen.get(), "SELECT body FROM event_payloads WHERE id = $1", {&n->ref}, &r);
            auto full = (st == ExecStatus::kOk && PQntuples(r.get()) == 1)
                            ? wire::Decode(PQgetvalue(r.get(), 0, 0))
                            : Result<wire::Notification>(Fail(ErrorCode::kNotFound, "stored event is gone"));
            if (full) {
                n->event = std::move(full->event);
            } else {
                log::Warn("large event body unavailable; delivered without its data",
                          {{"topic", n->event.topic}, {"type", n->event.type}});
                n->event.data_json = "{}";
                n->event.truncated = true;
            }
        }
        inbound(std::move(n->event));
    }

    // Polls the LISTEN session; false when it was lost.
    bool ListenOnce() {
        std::array<pollfd, 2> fds{pollfd{PQsocket(listen.get()), POLLIN, 0}, pollfd{wake_pipe[0], POLLIN, 0}};
        const int r = ::poll(fds.data(), fds.size(), static_cast<int>(kIdleCheck.count()));
        if (r < 0 && errno != EINTR) return false;
        if (fds[1].revents != 0) {
            char buf[16];
            while (::read(wake_pipe[0], buf, sizeof buf) > 0) {
            }
        }
        if (r == 0) {  // idle: make sure the session is still there (a dead peer sends no FIN)
            PgResult probe(PQexec(listen.get(), "SELECT 1"));
            if (PQstatus(listen.get()) == CONNECTION_BAD) return false;
        } else if (fds[0].revents != 0 && PQconsumeInput(listen.get()) == 0) {
            return false;
        }
        while (PGnotify* note = PQnotifies(listen.get())) {
            const std::string payload = note->extra;
            PQfreemem(note);
            Deliver(payload);
        }
        return PQstatus(listen.get()) == CONNECTION_OK;
    }

    void ListenLoop() {
        milliseconds backoff = kFirstBackoff;
        for (;;) {
            {
                std::lock_guard<std::mutex> lock(mu);
                if (stopping) break;
            }
            if (!listen) {
                if (!Backoff(backoff)) break;
                auto c = ConnectListen();
                if (!c) {
                    backoff = std::min(backoff * 2, options.reconnect_max);
                    continue;
                }
                listen = std::move(*c);
                backoff = kFirstBackoff;
                log::Info("event bus LISTEN session reconnected");
                Event e;
                e.topic = "bus";
                e.type = "bus.reconnected";
                e.data_json = "{}";
                inbound(std::move(e));
                continue;
            }
            if (!ListenOnce()) {
                log::Warn("event bus LISTEN session lost; reconnecting");
                listen.reset();
            }
        }
        listen.reset();
    }
};

PgTransport::PgTransport(std::shared_ptr<State> state) : state_(std::move(state)) {}
PgTransport::~PgTransport() { Close(); }

Result<std::unique_ptr<PgTransport>> PgTransport::Open(const std::string& url, const EventBusOptions& options,
                                                       std::string origin, Inbound inbound) {
    auto s = std::make_shared<State>();
    s->url = url;
    s->options = options;
    s->origin = std::move(origin);
    s->inbound = std::move(inbound);
    auto send = Connect(url);
    if (!send) return tl::unexpected<Error>(send.error());
    auto listen = s->ConnectListen();
    if (!listen) return tl::unexpected<Error>(listen.error());
    s->send = std::move(*send);
    s->listen = std::move(*listen);
    if (::pipe2(s->wake_pipe, O_CLOEXEC | O_NONBLOCK) != 0) {
        return Fail(ErrorCode::kInternal, "cannot create the event bus wake-up pipe");
    }
    s->sender = std::thread([st = s.get()] { st->SendLoop(); });
    s->listener = std::thread([st = s.get()] { st->ListenLoop(); });
    return std::unique_ptr<PgTransport>(new PgTransport(std::move(s)));
}

void PgTransport::Send(Event event) {
    State& s = *state_;
    {
        std::lock_guard<std::mutex> lock(s.mu);
        if (s.stopping) return;
        if (s.outbox.size() >= s.options.max_queue) {
            s.outbox.pop_front();
            if (s.dropped++ % 1000 == 0) {
                log::Warn("event bus send queue full; oldest event dropped", {{"dropped", std::to_string(s.dropped)}});
            }
        }
        s.outbox.push_back(std::move(event));
    }
    s.cv.notify_all();
}

void PgTransport::Close() {
    State& s = *state_;
    std::call_once(s.closed, [&] {
        {
            std::lock_guard<std::mutex> lock(s.mu);
            s.stopping = true;
        }
        s.cv.notify_all();
        const char byte = 1;
        [[maybe_unused]] const auto w = ::write(s.wake_pipe[1], &byte, 1);
        if (s.sender.joinable()) s.sender.join();
        if (s.listener.joinable()) s.listener.join();
        s.send.reset();
        ::close(s.wake_pipe[0]);
        ::close(s.wake_pipe[1]);
    });
}

}  // namespace palisade::jobs::detail
