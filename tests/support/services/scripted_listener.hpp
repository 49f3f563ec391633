// SPDX-License-Identifier: Apache-2.0
// A scripted TCP server on 127.0.0.1 and a free port, for service-detection tests. Per connection it optionally
// sends a banner, then answers by rules: "when the bytes received since the last answer match this RE2 pattern
// (Latin-1, so \xHH is one byte), send this reply, then close or stay". It can also stay silent, send garbage,
// send forever, close at once, or speak everything inside TLS (a self-signed P-256 certificate made at start).
// One thread accepts, one thread serves each connection; Stop() (or the destructor) ends and joins them all.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace palisade::testing::services {

struct ReplyRule {
    std::string when;    // RE2 pattern searched in the unanswered input (Latin-1, dot matches \n)
    std::string reply;   // bytes sent when it matches (may be empty)
    bool close = false;  // close the connection after the reply
};

struct ListenerScript {
    std::string banner;               // sent on connect (inside TLS when tls)
    std::vector<ReplyRule> rules;     // tried in order on the unanswered input; the input is cleared on a match
    bool close_at_once = false;       // accept, then close without a byte (a tcpwrapped port)
    bool endless = false;             // after the banner, send endless_chunk again and again until the peer goes
    std::string endless_chunk = std::string(4096, 'A');
    bool tls = false;                 // speak inside TLS
    std::size_t max_input = 1 << 16;  // unanswered input beyond this is dropped (the connection is closed)
};

class ScriptedListener {
  public:
    explicit ScriptedListener(ListenerScript script);  // listening when it returns; aborts the test if it cannot
    ~ScriptedListener();
    ScriptedListener(const ScriptedListener&) = delete;
    ScriptedListener& operator=(const ScriptedListener&) = delete;

    std::uint16_t Port() const { return port_; }
    // Connections accepted so far.
    std::size_t Connections() const { return connections_.load(); }
    // Everything each connection received (decrypted for TLS), in accept order; capped at max_input per connection.
    std::vector<std::string> Received() const;
    // Bytes sent by endless connections so far.
    std::size_t EndlessBytesSent() const { return endless_sent_.load(); }
    // Closes the listener and every connection and joins the threads. Idempotent.
    void Stop();

  private:
    struct Tls;
    void AcceptLoop();
    void Serve(int fd, std::size_t index);

    ListenerScript script_;
    std::unique_ptr<Tls> tls_;
    int listen_fd_ = -1;
    std::uint16_t port_ = 0;
    std::atomic<bool> stopping_{false};
    std::atomic<std::size_t> connections_{0};
    std::atomic<std::size_t> endless_sent_{0};
    mutable std::mutex mutex_;
    std::vector<std::string> received_;
    std::vector<int> fds_;
    std::vector<std::thread> workers_;
    std::thread acceptor_;
};

}  // namespace palisade::testing::services
