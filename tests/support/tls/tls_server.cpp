// SPDX-License-Identifier: Apache-2.0
#include "support/tls/tls_server.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <list>
#include <set>

#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

namespace palisade::testing {
namespace {

[[noreturn]] void Die(const char* what) {
    std::fprintf(stderr, "tls_server: %s failed\n", what);
    ERR_print_errors_fp(stderr);
    std::abort();
}

void IgnoreSigpipe() {
    static const bool done = [] {
        std::signal(SIGPIPE, SIG_IGN);
        return true;
    }();
    (void)done;
}

// A listening socket on 127.0.0.1:0 with an accept thread and one thread per connection. Stop() wakes the accept
// loop through a pipe, shuts down every open connection (so blocked reads return) and joins all threads.
class Acceptor {
  public:
    using Serve = std::function<void(int fd, std::size_t index)>;

    Acceptor() {
        IgnoreSigpipe();
        listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (listen_fd_ < 0) Die("socket");
        int one = 1;
        ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        addr.sin_port = 0;
        if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) Die("bind");
        if (::listen(listen_fd_, 128) != 0) Die("listen");
        socklen_t len = sizeof addr;
        ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
        port_ = ntohs(addr.sin_port);
        if (::pipe2(wake_, O_CLOEXEC) != 0) Die("pipe2");
    }

    ~Acceptor() {
        Stop();
        ::close(listen_fd_);
        ::close(wake_[0]);
        ::close(wake_[1]);
    }

    std::uint16_t port() const { return port_; }
    std::size_t accepted() const { return accepted_.load(); }

    void Start(Serve serve) {
        serve_ = std::move(serve);
        thread_ = std::thread([this] { Loop(); });
    }

    void Stop() {
        {
            std::lock_guard lock(mutex_);
            if (stopping_) return;
            stopping_ = true;
        }
        char c = 'x';
        [[maybe_unused]] auto n = ::write(wake_[1], &c, 1);
        if (thread_.joinable()) thread_.join();
        std::list<Worker> workers;
        {
            std::lock_guard lock(mutex_);
            for (int fd : open_) ::shutdown(fd, SHUT_RDWR);
            workers.swap(workers_);
        }
        for (auto& w : workers) w.thread.join();
    }

  private:
    struct Worker {
        std::thread thread;
        std::shared_ptr<std::atomic<bool>> done;
    };

    void Loop() {
        std::size_t index = 0;
        for (;;) {
            pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {wake_[0], POLLIN, 0}};
            int rc = ::poll(fds, 2, -1);
            if (rc < 0) {
                if (errno == EINTR) continue;
                return;
            }
            if (fds[1].revents) return;
            if (!(fds[0].revents & POLLIN)) continue;
            int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
            if (fd < 0) continue;
            accepted_++;
            int one = 1;
            ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            timeval tv{10, 0};  // a forgotten client cannot hold a thread forever
            ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
            ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
            std::lock_guard lock(mutex_);
            // Reap finished workers so a long test does not accumulate threads.
            for (auto it = workers_.begin(); it != workers_.end();) {
                if (it->done->load()) {
                    it->thread.join();
                    it = workers_.erase(it);
                } else {
                    ++it;
                }
            }
            open_.insert(fd);
            auto done = std::make_shared<std::atomic<bool>>(false);
            std::size_t this_index = index++;
            workers_.push_back(Worker{std::thread([this, fd, this_index, done] {
                                          serve_(fd, this_index);
                                          {
                                              std::lock_guard inner(mutex_);
                                              open_.erase(fd);
                                          }
                                          ::close(fd);
                                          done->store(true);
                                      }),
                                      done});
        }
    }

    int listen_fd_ = -1;
    int wake_[2] = {-1, -1};
    std::uint16_t port_ = 0;
    std::atomic<std::size_t> accepted_{0};
    Serve serve_;
    std::thread thread_;
    std::mutex mutex_;
    bool stopping_ = false;
    std::set<int> open_;
    std::list<Worker> workers_;
};

std::vector<X509*> ReadCerts(const std::string& pem) {
    std::vector<X509*> out;
    if (pem.empty()) return out;
    BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
    while (X509* cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr)) out.push_back(cert);
    ERR_clear_error();  // the read that ends the loop leaves "no start line"
    BIO_free(bio);
    return out;
}

int StatusCallback(SSL* ssl, void* arg) {
    const auto* response = static_cast<const std::string*>(arg);
    if (response->empty()) return SSL_TLSEXT_ERR_NOACK;
    auto* copy = static_cast<unsigned char*>(OPENSSL_malloc(response->size()));
    if (copy == nullptr) return SSL_TLSEXT_ERR_ALERT_FATAL;
    std::memcpy(copy, response->data(), response->size());
    SSL_set_tlsext_status_ocsp_resp(ssl, copy, static_cast<long>(response->size()));
    return SSL_TLSEXT_ERR_OK;
}

int AlpnCallback(SSL*, const unsigned char** out, unsigned char* outlen, const unsigned char* in, unsigned int inlen,
                 void* arg) {
    const auto* wire = static_cast<const std::string*>(arg);
    unsigned char* selected = nullptr;
    if (SSL_select_next_proto(&selected, outlen, reinterpret_cast<const unsigned char*>(wire->data()),
                              static_cast<unsigned int>(wire->size()), in, inlen) != OPENSSL_NPN_NEGOTIATED) {
        return SSL_TLSEXT_ERR_NOACK;
    }
    *out = selected;
    return SSL_TLSEXT_ERR_OK;
}

}  // namespace

struct TlsServer::Impl {
    TlsServerOptions options;
    std::string alpn_wire;
    SSL_CTX* ctx = nullptr;
    Acceptor acceptor;
    mutable std::mutex mutex;
    mutable std::condition_variable changed;
    std::vector<ServerHandshake> seen;
};

TlsServer::TlsServer(TlsServerOptions options) : impl_(std::make_unique<Impl>()) {
    impl_->options = std::move(options);
    const TlsServerOptions& o = impl_->options;
    SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
    if (ctx == nullptr) Die("SSL_CTX_new");
    impl_->ctx = ctx;
    SSL_CTX_set_security_level(ctx, 0);
    if (SSL_CTX_set_min_proto_version(ctx, o.min_version) != 1) Die("min version");
    if (SSL_CTX_set_max_proto_version(ctx, o.max_version) != 1) Die("max version");
    if (!o.cipher_list.empty() && SSL_CTX_set_cipher_list(ctx, o.cipher_list.c_str()) != 1) Die("cipher list");
    if (!o.ciphersuites.empty() && SSL_CTX_set_ciphersuites(ctx, o.ciphersuites.c_str()) != 1) Die("ciphersuites");
    if (!o.groups.empty() && SSL_CTX_set1_groups_list(ctx, o.groups.c_str()) != 1) Die("groups");
    std::uint64_t opts = 0;
    if (o.server_preference) opts |= SSL_OP_CIPHER_SERVER_PREFERENCE;
    if (!o.allow_renegotiation) opts |= SSL_OP_NO_RENEGOTIATION;
    if (o.allow_legacy_renegotiation) opts |= SSL_OP_ALLOW_UNSAFE_LEGACY_RENEGOTIATION;
    SSL_CTX_set_options(ctx, opts);
    SSL_CTX_set_mode(ctx, SSL_MODE_NO_AUTO_CHAIN | SSL_MODE_AUTO_RETRY);
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);

    if (o.dh_group.empty()) {
        SSL_CTX_set_dh_auto(ctx, 1);
    } else {
        EVP_PKEY_CTX* pctx = EVP_PKEY_CTX_new_from_name(nullptr, "DH", nullptr);
        OSSL_PARAM params[2] = {
            OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, const_cast<char*>(o.dh_group.c_str()), 0),
            OSSL_PARAM_construct_end()};
        EVP_PKEY* dh = nullptr;
        if (pctx == nullptr || EVP_PKEY_fromdata_init(pctx) <= 0 ||
            EVP_PKEY_fromdata(pctx, &dh, EVP_PKEY_KEY_PARAMETERS, params) <= 0) {
            Die("DH group");
        }
        EVP_PKEY_CTX_free(pctx);
        if (SSL_CTX_set0_tmp_dh_pkey(ctx, dh) != 1) Die("SSL_CTX_set0_tmp_dh_pkey");
    }

    auto leaf = ReadCerts(o.cert.cert_pem);
    if (leaf.size() != 1) Die("leaf certificate PEM");
    if (SSL_CTX_use_certificate(ctx, leaf[0]) != 1) Die("SSL_CTX_use_certificate");
    X509_free(leaf[0]);
    BIO* key_bio = BIO_new_mem_buf(o.cert.key_pem.data(), static_cast<int>(o.cert.key_pem.size()));
    EVP_PKEY* key = PEM_read_bio_PrivateKey(key_bio, nullptr, nullptr, nullptr);
    BIO_free(key_bio);
    if (key == nullptr || SSL_CTX_use_PrivateKey(ctx, key) != 1) Die("private key");
    EVP_PKEY_free(key);
    if (o.send_chain) {
        for (X509* c : ReadCerts(o.cert.chain_pem)) {
            if (SSL_CTX_add0_chain_cert(ctx, c) != 1) Die("chain certificate");
        }
    }
    SSL_CTX_set_tlsext_status_cb(ctx, StatusCallback);
    SSL_CTX_set_tlsext_status_arg(ctx, &impl_->options.ocsp_response_der);
    if (!o.alpn.empty()) {
        for (const auto& p : o.alpn) {
            impl_->alpn_wire.push_back(static_cast<char>(p.size()));
            impl_->alpn_wire += p;
        }
        SSL_CTX_set_alpn_select_cb(ctx, AlpnCallback, &impl_->alpn_wire);
    }
    port_ = impl_->acceptor.port();
    impl_->acceptor.Start([this](int fd, std::size_t) { Serve(fd); });
}

TlsServer::~TlsServer() {
    Stop();
    SSL_CTX_free(impl_->ctx);
}

void TlsServer::Stop() { impl_->acceptor.Stop(); }

bool TlsServer::WaitForHandshakes(std::size_t count, std::chrono::milliseconds timeout) const {
    std::unique_lock lock(impl_->mutex);
    return impl_->changed.wait_for(lock, timeout, [&] { return impl_->seen.size() >= count; });
}

std::vector<ServerHandshake> TlsServer::Handshakes() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->seen;
}

std::size_t TlsServer::accepted() const { return impl_->acceptor.accepted(); }

void TlsServer::Serve(int fd) {
    SSL* ssl = SSL_new(impl_->ctx);
    if (ssl == nullptr) return;
    SSL_set_fd(ssl, fd);
    if (SSL_accept(ssl) != 1) {
        failures_++;
        ERR_clear_error();
        SSL_free(ssl);
        return;
    }
    ServerHandshake h;
    if (const char* name = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name)) h.sni = name;
    h.protocol = SSL_get_version(ssl);
    h.cipher = SSL_CIPHER_get_name(SSL_get_current_cipher(ssl));
    h.status_requested = SSL_get_tlsext_status_type(ssl) == TLSEXT_STATUSTYPE_ocsp;
    {
        std::lock_guard lock(impl_->mutex);
        impl_->seen.push_back(h);
        handshakes_++;
    }
    impl_->changed.notify_all();

    char buffer[16384];
    switch (impl_->options.after) {
        case AfterHandshake::kEcho:
            for (;;) {
                int n = SSL_read(ssl, buffer, sizeof buffer);
                if (n <= 0) break;
                if (SSL_write(ssl, buffer, n) <= 0) break;
            }
            break;
        case AfterHandshake::kHttp: {
            std::string request;
            while (request.find("\r\n\r\n") == std::string::npos && request.size() < 65536) {
                int n = SSL_read(ssl, buffer, sizeof buffer);
                if (n <= 0) break;
                request.append(buffer, static_cast<std::size_t>(n));
            }
            const std::string& answer = impl_->options.http_response;
            if (!answer.empty()) SSL_write(ssl, answer.data(), static_cast<int>(answer.size()));
            SSL_shutdown(ssl);
            break;
        }
        case AfterHandshake::kClose:
            SSL_shutdown(ssl);
            break;
    }
    ERR_clear_error();
    SSL_free(ssl);
}

// ---- RawTlsServer ----

struct RawTlsServer::Impl {
    Acceptor acceptor;
};

RawTlsServer::RawTlsServer(Handler handler, int idle_ms)
    : impl_(std::make_unique<Impl>()), handler_(std::move(handler)), idle_ms_(idle_ms) {
    port_ = impl_->acceptor.port();
    impl_->acceptor.Start([this](int fd, std::size_t index) { Serve(fd, index); });
}

RawTlsServer::~RawTlsServer() { Stop(); }

void RawTlsServer::Stop() { impl_->acceptor.Stop(); }

std::size_t RawTlsServer::accepted() const { return impl_->acceptor.accepted(); }

void RawTlsServer::Serve(int fd, std::size_t index) {
    std::string buffer;
    std::size_t exchange = 0;
    char chunk[16384];
    for (;;) {
        pollfd p{fd, POLLIN, 0};
        int rc = ::poll(&p, 1, idle_ms_);
        if (rc < 0 && errno == EINTR) continue;
        if (rc <= 0) return;
        ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
        if (n <= 0) return;
        buffer.append(chunk, static_cast<std::size_t>(n));
        RawReply reply = handler_(RawExchange{buffer, index, exchange});
        if (reply.need_more) continue;
        buffer.clear();
        ++exchange;
        std::string_view out = reply.send;
        while (!out.empty()) {
            ssize_t sent = ::send(fd, out.data(), out.size(), MSG_NOSIGNAL);
            if (sent <= 0) return;
            out.remove_prefix(static_cast<std::size_t>(sent));
        }
        if (reply.close) return;
    }
}

}  // namespace palisade::testing
