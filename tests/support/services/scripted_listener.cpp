// SPDX-License-Identifier: Apache-2.0
#include "support/services/scripted_listener.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <re2/re2.h>

namespace palisade::testing::services {
namespace {

[[noreturn]] void Die(const char* what) {
    std::fprintf(stderr, "ScriptedListener: %s\n", what);
    std::abort();
}

}  // namespace

struct ScriptedListener::Tls {
    SSL_CTX* ctx = nullptr;
    std::vector<std::unique_ptr<re2::RE2>> rules;  // compiled script rules (kept here to keep the header light)

    ~Tls() {
        if (ctx) SSL_CTX_free(ctx);
    }

    void MakeContext() {
        EVP_PKEY* key = EVP_EC_gen("P-256");
        if (!key) Die("cannot make a key");
        X509* cert = X509_new();
        X509_set_version(cert, 2);
        ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
        X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
        X509_gmtime_adj(X509_getm_notAfter(cert), 86400);
        X509_set_pubkey(cert, key);
        X509_NAME* name = X509_get_subject_name(cert);
        X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("localhost"), -1,
                                   -1, 0);
        X509_set_issuer_name(cert, name);
        if (X509_sign(cert, key, EVP_sha256()) <= 0) Die("cannot sign the certificate");
        ctx = SSL_CTX_new(TLS_server_method());
        if (!ctx || SSL_CTX_use_certificate(ctx, cert) != 1 || SSL_CTX_use_PrivateKey(ctx, key) != 1) {
            Die("cannot make the TLS context");
        }
        X509_free(cert);
        EVP_PKEY_free(key);
    }
};

ScriptedListener::ScriptedListener(ListenerScript script) : script_(std::move(script)), tls_(std::make_unique<Tls>()) {
    std::signal(SIGPIPE, SIG_IGN);  // SSL_write on a closed peer
    re2::RE2::Options options;
    options.set_encoding(re2::RE2::Options::EncodingLatin1);
    options.set_dot_nl(true);
    options.set_log_errors(false);
    for (const auto& rule : script_.rules) {
        auto re = std::make_unique<re2::RE2>(rule.when, options);
        if (!re->ok()) Die("bad rule pattern");
        tls_->rules.push_back(std::move(re));
    }
    if (script_.tls) tls_->MakeContext();

    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (listen_fd_ < 0) Die("socket");
    int one = 1;
    ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) Die("bind");
    if (::listen(listen_fd_, 64) != 0) Die("listen");
    socklen_t len = sizeof addr;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    acceptor_ = std::thread([this] { AcceptLoop(); });
}

ScriptedListener::~ScriptedListener() { Stop(); }

std::vector<std::string> ScriptedListener::Received() const {
    std::lock_guard lock(mutex_);
    return received_;
}

void ScriptedListener::Stop() {
    if (stopping_.exchange(true)) return;
    if (acceptor_.joinable()) acceptor_.join();
    if (listen_fd_ >= 0) ::close(listen_fd_);
    listen_fd_ = -1;
    {
        std::lock_guard lock(mutex_);
        for (int fd : fds_) {
            if (fd >= 0) ::shutdown(fd, SHUT_RDWR);
        }
    }
    // Workers exit within one 100 ms receive timeout; no new ones start after the acceptor has ended.
    for (auto& t : workers_) {
        if (t.joinable()) t.join();
    }
}

void ScriptedListener::AcceptLoop() {
    while (!stopping_.load()) {
        pollfd p{listen_fd_, POLLIN, 0};
        int rc = ::poll(&p, 1, 100);
        if (rc <= 0) continue;
        int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0) continue;
        timeval tv{0, 100000};
        ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
        std::size_t index;
        {
            std::lock_guard lock(mutex_);
            index = received_.size();
            received_.emplace_back();
            fds_.push_back(fd);
        }
        ++connections_;
        workers_.emplace_back([this, fd, index] { Serve(fd, index); });
    }
}

void ScriptedListener::Serve(int fd, std::size_t index) {
    SSL* ssl = nullptr;
    auto finish = [&] {
        if (ssl) SSL_free(ssl);
        std::lock_guard lock(mutex_);
        for (int& f : fds_) {
            if (f == fd) f = -1;
        }
        ::close(fd);
    };
    if (script_.close_at_once) {
        finish();
        return;
    }
    auto retry = [&](int rc) {
        if (!ssl) return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
        int err = SSL_get_error(ssl, rc);
        return err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE;
    };
    // Sends everything; false when the peer went away or the listener stops.
    auto send_all = [&](std::string_view data) {
        while (!data.empty()) {
            if (stopping_.load()) return false;
            int n = ssl ? SSL_write(ssl, data.data(), static_cast<int>(data.size()))
                        : static_cast<int>(::send(fd, data.data(), data.size(), MSG_NOSIGNAL));
            if (n > 0) {
                data.remove_prefix(static_cast<std::size_t>(n));
                continue;
            }
            if (!retry(n)) return false;
            ERR_clear_error();
        }
        return true;
    };
    if (script_.tls) {
        ssl = SSL_new(tls_->ctx);
        SSL_set_fd(ssl, fd);
        for (;;) {
            int rc = SSL_accept(ssl);
            if (rc == 1) break;
            if (stopping_.load() || !retry(rc)) {
                ERR_clear_error();
                finish();
                return;
            }
            ERR_clear_error();
        }
    }
    if (!script_.banner.empty() && !send_all(script_.banner)) {
        finish();
        return;
    }
    if (script_.endless) {
        while (send_all(script_.endless_chunk)) endless_sent_ += script_.endless_chunk.size();
        finish();
        return;
    }
    std::string input;
    char buffer[4096];
    while (!stopping_.load()) {
        int n = ssl ? SSL_read(ssl, buffer, sizeof buffer) : static_cast<int>(::recv(fd, buffer, sizeof buffer, 0));
        if (n <= 0) {
            if (n < 0 && retry(n)) {
                ERR_clear_error();
                continue;
            }
            break;  // closed or failed
        }
        input.append(buffer, static_cast<std::size_t>(n));
        {
            std::lock_guard lock(mutex_);
            auto& log = received_[index];
            log.append(buffer, std::min<std::size_t>(static_cast<std::size_t>(n), script_.max_input - std::min(
                                                                                     log.size(), script_.max_input)));
        }
        bool close = false;
        for (std::size_t i = 0; i < script_.rules.size(); ++i) {
            if (!re2::RE2::PartialMatch(re2::StringPiece(input.data(), input.size()), *tls_->rules[i])) continue;
            input.clear();
            if (!send_all(script_.rules[i].reply)) close = true;
            if (script_.rules[i].close) close = true;
            break;
        }
        if (close || input.size() > script_.max_input) break;
    }
    if (ssl) SSL_shutdown(ssl);
    finish();
}

}  // namespace palisade::testing::services
