// SPDX-License-Identifier: Apache-2.0
#include "scan/probe/tls/tls_conn.hpp"

#include <arpa/inet.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace palisade::scan {
namespace {

using Clock = std::chrono::steady_clock;
constexpr const char* kDefaultCipherList = "ALL:COMPLEMENTOFALL:@SECLEVEL=0";

// ---- A socket BIO that writes with MSG_NOSIGNAL (OpenSSL's socket BIO uses write(), which raises SIGPIPE) ----

int FdOf(BIO* bio) { return static_cast<int>(reinterpret_cast<std::intptr_t>(BIO_get_data(bio))); }

bool WouldBlock(int err) { return err == EAGAIN || err == EWOULDBLOCK || err == EINTR; }

int BioWrite(BIO* bio, const char* data, int length) {
    BIO_clear_retry_flags(bio);
    ssize_t n = ::send(FdOf(bio), data, static_cast<std::size_t>(length), MSG_NOSIGNAL);
    if (n < 0) {
        if (WouldBlock(errno)) BIO_set_retry_write(bio);
        return -1;
    }
    return static_cast<int>(n);
}

int BioRead(BIO* bio, char* out, int length) {
    BIO_clear_retry_flags(bio);
    ssize_t n = ::recv(FdOf(bio), out, static_cast<std::size_t>(length), 0);
    if (n < 0) {
        if (WouldBlock(errno)) BIO_set_retry_read(bio);
        return -1;
    }
    return static_cast<int>(n);
}

int BioPuts(BIO* bio, const char* text) { return BioWrite(bio, text, static_cast<int>(std::strlen(text))); }

long BioCtrl(BIO*, int cmd, long, void*) { return cmd == BIO_CTRL_FLUSH ? 1 : 0; }

int BioCreate(BIO* bio) {
    BIO_set_init(bio, 1);
    return 1;
}

const BIO_METHOD* ConnBioMethod() {
    static BIO_METHOD* method = [] {
        BIO_METHOD* m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "palisade scan conn");
        if (m == nullptr) return m;
        BIO_meth_set_write(m, BioWrite);
        BIO_meth_set_read(m, BioRead);
        BIO_meth_set_puts(m, BioPuts);
        BIO_meth_set_ctrl(m, BioCtrl);
        BIO_meth_set_create(m, BioCreate);
        return m;
    }();
    return method;
}

bool IsIpLiteral(const std::string& text) {
    unsigned char buffer[16];
    return ::inet_pton(AF_INET, text.c_str(), buffer) == 1 || ::inet_pton(AF_INET6, text.c_str(), buffer) == 1;
}

// The most specific OpenSSL reason in the thread's error queue (then cleared), or `fallback`.
std::string TakeOpenSslReason(const char* fallback) {
    unsigned long first = ERR_get_error();
    ERR_clear_error();
    if (first == 0) return fallback;
    const char* reason = ERR_reason_error_string(first);
    if (reason != nullptr) return reason;
    char buffer[256];
    ERR_error_string_n(first, buffer, sizeof buffer);
    return buffer;
}

Millis Left(Clock::time_point deadline) {
    return std::chrono::duration_cast<Millis>(deadline - Clock::now());
}

}  // namespace

struct TlsConn::State {
    Conn conn;
    SSL_CTX* ctx = nullptr;
    SSL* ssl = nullptr;
    bool closed = false;

    ~State() {
        if (ssl != nullptr) SSL_free(ssl);
        if (ctx != nullptr) SSL_CTX_free(ctx);
    }

    // Waits for what OpenSSL asked for after `rc`. Ok to retry; an error (with the SSL error code kept in
    // `ssl_error`) otherwise.
    Status WaitFor(int rc, Clock::time_point deadline, int& ssl_error) {
        ssl_error = SSL_get_error(ssl, rc);
        Millis left = Left(deadline);
        if (ssl_error == SSL_ERROR_WANT_READ || ssl_error == SSL_ERROR_WANT_WRITE) {
            if (left.count() <= 0) return Fail(ErrorCode::kTimeout, "timed out");
            return ssl_error == SSL_ERROR_WANT_READ ? conn.WaitReadable(left) : conn.WaitWritable(left);
        }
        return Fail(ErrorCode::kUnavailable, "");
    }
};

TlsConn::TlsConn() = default;
TlsConn::~TlsConn() = default;
TlsConn::TlsConn(TlsConn&& other) noexcept = default;
TlsConn& TlsConn::operator=(TlsConn&& other) noexcept = default;

Result<TlsConn> TlsConn::Handshake(Conn conn, const TlsClientOptions& options, Millis timeout) {
    if (!conn.is_open()) return Fail(ErrorCode::kUnavailable, "connection is not open");
    const auto deadline = Clock::now() + timeout;
    ERR_clear_error();
    auto state = std::make_unique<State>();
    state->conn = std::move(conn);
    state->ctx = SSL_CTX_new(TLS_client_method());
    if (state->ctx == nullptr) return Fail(ErrorCode::kInternal, "cannot create a TLS context");
    SSL_CTX* ctx = state->ctx;
    SSL_CTX_set_security_level(ctx, 0);
    if (SSL_CTX_set_min_proto_version(ctx, options.min_version) != 1 ||
        SSL_CTX_set_max_proto_version(ctx, options.max_version) != 1) {
        ERR_clear_error();
        return Fail(ErrorCode::kInvalidArgument, "unsupported TLS version range");
    }
    const std::string& list = options.cipher_list.empty() ? std::string(kDefaultCipherList) : options.cipher_list;
    if (SSL_CTX_set_cipher_list(ctx, list.c_str()) != 1) {
        ERR_clear_error();
        return Fail(ErrorCode::kInvalidArgument, "no usable cipher in '" + list + "'");
    }
    if (!options.ciphersuites.empty() && SSL_CTX_set_ciphersuites(ctx, options.ciphersuites.c_str()) != 1) {
        ERR_clear_error();
        return Fail(ErrorCode::kInvalidArgument, "bad TLS 1.3 ciphersuites '" + options.ciphersuites + "'");
    }
    if (!options.groups.empty() && SSL_CTX_set1_groups_list(ctx, options.groups.c_str()) != 1) {
        ERR_clear_error();
        return Fail(ErrorCode::kInvalidArgument, "bad groups list '" + options.groups + "'");
    }
    // A scanner talks to old servers too: allow servers without RFC 5746, treat a TCP close as end of data.
    SSL_CTX_set_options(ctx, SSL_OP_LEGACY_SERVER_CONNECT | SSL_OP_IGNORE_UNEXPECTED_EOF);
    SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
    if (options.verify) {
        SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
        SSL_CTX_set_default_verify_paths(ctx);
        if (!options.ca_file.empty() && SSL_CTX_load_verify_locations(ctx, options.ca_file.c_str(), nullptr) != 1) {
            ERR_clear_error();
            return Fail(ErrorCode::kInvalidArgument, "cannot read CA file '" + options.ca_file + "'");
        }
    }

    state->ssl = SSL_new(ctx);
    const BIO_METHOD* method = ConnBioMethod();
    BIO* bio = method ? BIO_new(method) : nullptr;
    if (state->ssl == nullptr || bio == nullptr) {
        BIO_free(bio);
        return Fail(ErrorCode::kInternal, "cannot create a TLS session");
    }
    BIO_set_data(bio, reinterpret_cast<void*>(static_cast<std::intptr_t>(state->conn.fd())));
    SSL* ssl = state->ssl;
    SSL_set_bio(ssl, bio, bio);

    const bool ip_literal = IsIpLiteral(options.sni);
    if (!options.sni.empty() && !ip_literal && SSL_set_tlsext_host_name(ssl, options.sni.c_str()) != 1) {
        ERR_clear_error();
        return Fail(ErrorCode::kInvalidArgument, "bad server name '" + options.sni + "'");
    }
    if (options.verify && !options.sni.empty()) {
        int ok = ip_literal ? X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), options.sni.c_str())
                            : SSL_set1_host(ssl, options.sni.c_str());
        if (ok != 1) {
            ERR_clear_error();
            return Fail(ErrorCode::kInvalidArgument, "bad host name '" + options.sni + "'");
        }
    }
    if (options.request_ocsp) SSL_set_tlsext_status_type(ssl, TLSEXT_STATUSTYPE_ocsp);
    if (!options.alpn.empty()) {
        std::string wire;
        for (const auto& p : options.alpn) {
            if (p.empty() || p.size() > 255) return Fail(ErrorCode::kInvalidArgument, "bad ALPN protocol name");
            wire.push_back(static_cast<char>(p.size()));
            wire += p;
        }
        if (SSL_set_alpn_protos(ssl, reinterpret_cast<const unsigned char*>(wire.data()),
                                static_cast<unsigned int>(wire.size())) != 0) {
            return Fail(ErrorCode::kInvalidArgument, "bad ALPN list");
        }
    }

    for (;;) {
        ERR_clear_error();
        errno = 0;
        int rc = SSL_connect(ssl);
        if (rc == 1) break;
        int ssl_error = 0;
        auto waited = state->WaitFor(rc, deadline, ssl_error);
        if (waited) continue;
        if (waited.error().code == ErrorCode::kTimeout) {
            ERR_clear_error();
            bool cancelled = waited.error().message == "cancelled";
            return Fail(ErrorCode::kTimeout, cancelled ? "cancelled" : "TLS handshake timed out");
        }
        if (ssl_error != SSL_ERROR_SSL && ssl_error != SSL_ERROR_SYSCALL && ssl_error != SSL_ERROR_ZERO_RETURN) {
            // A wait failure (poll error).
            return tl::unexpected(waited.error());
        }
        int saved_errno = errno;
        long verify = SSL_get_verify_result(ssl);
        std::string reason = TakeOpenSslReason("");
        if (reason.empty()) {
            if (saved_errno == ECONNRESET) {
                reason = "connection reset by peer";
            } else if (saved_errno != 0) {
                reason = std::strerror(saved_errno);
            } else {
                reason = "connection closed by peer";
            }
        }
        if (options.verify && verify != X509_V_OK) {
            reason += std::string(": ") + X509_verify_cert_error_string(verify);
        }
        return Fail(ErrorCode::kUnavailable, "handshake failure: " + reason);
    }
    TlsConn out;
    out.state_ = std::move(state);
    return out;
}

Status TlsConn::SendAll(std::string_view data, Millis timeout) {
    if (!is_open()) return Fail(ErrorCode::kUnavailable, "connection closed");
    const auto deadline = Clock::now() + timeout;
    while (!data.empty()) {
        ERR_clear_error();
        errno = 0;
        std::size_t written = 0;
        int rc = SSL_write_ex(state_->ssl, data.data(), data.size(), &written);
        if (rc == 1) {
            data.remove_prefix(written);
            continue;
        }
        int ssl_error = 0;
        auto waited = state_->WaitFor(rc, deadline, ssl_error);
        if (waited) continue;
        if (waited.error().code == ErrorCode::kTimeout) return waited;
        if (ssl_error == SSL_ERROR_SSL || ssl_error == SSL_ERROR_SYSCALL || ssl_error == SSL_ERROR_ZERO_RETURN) {
            return Fail(ErrorCode::kUnavailable, "connection closed by peer",
                        TakeOpenSslReason(errno ? std::strerror(errno) : ""));
        }
        return waited;
    }
    return Ok();
}

Result<std::size_t> TlsConn::ReadSome(std::string& out, std::size_t max_bytes, Millis timeout) {
    if (!is_open()) return Fail(ErrorCode::kUnavailable, "connection closed");
    if (max_bytes == 0) return std::size_t{0};
    const auto deadline = Clock::now() + timeout;
    char buffer[16384];
    for (;;) {
        ERR_clear_error();
        errno = 0;
        std::size_t got = 0;
        int rc = SSL_read_ex(state_->ssl, buffer, std::min(sizeof buffer, max_bytes), &got);
        if (rc == 1) {
            out.append(buffer, got);
            return got;
        }
        int ssl_error = 0;
        auto waited = state_->WaitFor(rc, deadline, ssl_error);
        if (waited) continue;
        if (waited.error().code == ErrorCode::kTimeout) return tl::unexpected(waited.error());
        if (ssl_error == SSL_ERROR_ZERO_RETURN) return std::size_t{0};
        if (ssl_error == SSL_ERROR_SYSCALL && errno == 0 && ERR_peek_error() == 0) return std::size_t{0};
        if (ssl_error == SSL_ERROR_SYSCALL && errno == ECONNRESET) {
            return Fail(ErrorCode::kUnavailable, "connection reset by peer");
        }
        if (ssl_error == SSL_ERROR_SSL || ssl_error == SSL_ERROR_SYSCALL) {
            return Fail(ErrorCode::kUnavailable, "TLS read failed: " + TakeOpenSslReason(std::strerror(errno)));
        }
        return tl::unexpected(waited.error());
    }
}

std::vector<std::string> TlsConn::PeerChainDer() const {
    std::vector<std::string> out;
    if (!state_ || state_->ssl == nullptr) return out;
    STACK_OF(X509)* chain = SSL_get_peer_cert_chain(state_->ssl);
    if (chain == nullptr) return out;
    for (int i = 0; i < sk_X509_num(chain); ++i) {
        unsigned char* der = nullptr;
        int len = i2d_X509(sk_X509_value(chain, i), &der);
        if (len <= 0) continue;
        out.emplace_back(reinterpret_cast<char*>(der), static_cast<std::size_t>(len));
        OPENSSL_free(der);
    }
    return out;
}

std::string TlsConn::Protocol() const {
    if (!state_ || state_->ssl == nullptr) return {};
    return SSL_get_version(state_->ssl);
}

std::string TlsConn::CipherName() const {
    if (!state_ || state_->ssl == nullptr) return {};
    const SSL_CIPHER* cipher = SSL_get_current_cipher(state_->ssl);
    return cipher ? SSL_CIPHER_get_name(cipher) : "";
}

std::string TlsConn::CipherStandardName() const {
    if (!state_ || state_->ssl == nullptr) return {};
    const SSL_CIPHER* cipher = SSL_get_current_cipher(state_->ssl);
    const char* name = cipher ? SSL_CIPHER_standard_name(cipher) : nullptr;
    return name ? name : "";
}

int TlsConn::CipherBits() const {
    if (!state_ || state_->ssl == nullptr) return 0;
    const SSL_CIPHER* cipher = SSL_get_current_cipher(state_->ssl);
    return cipher ? SSL_CIPHER_get_bits(cipher, nullptr) : 0;
}

std::string TlsConn::Group() const {
    if (!state_ || state_->ssl == nullptr) return {};
    int nid = static_cast<int>(SSL_get_negotiated_group(state_->ssl));
    if (nid != 0 && nid != NID_undef) {
        if ((nid & TLSEXT_nid_unknown) != 0) {
            char buffer[16];
            std::snprintf(buffer, sizeof buffer, "0x%04x", nid & 0xffff);
            return buffer;
        }
        if (const char* name = OBJ_nid2sn(nid)) return name;
    }
    // TLS <= 1.2 DHE: the group name when the server's parameters are a named group (ffdhe2048, ...).
    EVP_PKEY* key = nullptr;
    if (SSL_get_peer_tmp_key(state_->ssl, &key) != 1 || key == nullptr) return {};
    char name[64] = {0};
    std::size_t len = 0;
    std::string out;
    if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, name, sizeof name, &len) == 1) out = name;
    EVP_PKEY_free(key);
    ERR_clear_error();
    return out;
}

int TlsConn::EphemeralKeyBits() const {
    if (!state_ || state_->ssl == nullptr) return 0;
    EVP_PKEY* key = nullptr;
    if (SSL_get_peer_tmp_key(state_->ssl, &key) != 1 || key == nullptr) return 0;
    int bits = EVP_PKEY_get_bits(key);
    EVP_PKEY_free(key);
    return bits;
}

std::string TlsConn::EphemeralKeyType() const {
    if (!state_ || state_->ssl == nullptr) return {};
    EVP_PKEY* key = nullptr;
    if (SSL_get_peer_tmp_key(state_->ssl, &key) != 1 || key == nullptr) return {};
    std::string out;
    switch (EVP_PKEY_get_base_id(key)) {
        case EVP_PKEY_EC:
            out = "ECDH";
            break;
        case EVP_PKEY_DH:
        case EVP_PKEY_DHX:
            out = "DH";
            break;
        case EVP_PKEY_X25519:
            out = "X25519";
            break;
        case EVP_PKEY_X448:
            out = "X448";
            break;
        default: {
            const char* name = EVP_PKEY_get0_type_name(key);
            out = name ? name : "unknown";
        }
    }
    EVP_PKEY_free(key);
    return out;
}

bool TlsConn::OcspStapled() const { return !OcspResponseDer().empty(); }

std::string TlsConn::OcspResponseDer() const {
    if (!state_ || state_->ssl == nullptr) return {};
    const unsigned char* data = nullptr;
    long len = SSL_get_tlsext_status_ocsp_resp(state_->ssl, &data);
    if (len <= 0 || data == nullptr) return {};
    return std::string(reinterpret_cast<const char*>(data), static_cast<std::size_t>(len));
}

std::string TlsConn::Alpn() const {
    if (!state_ || state_->ssl == nullptr) return {};
    const unsigned char* data = nullptr;
    unsigned int len = 0;
    SSL_get0_alpn_selected(state_->ssl, &data, &len);
    return data ? std::string(reinterpret_cast<const char*>(data), len) : std::string();
}

long TlsConn::VerifyResult() const {
    if (!state_ || state_->ssl == nullptr) return X509_V_ERR_UNSPECIFIED;
    return SSL_get_verify_result(state_->ssl);
}

bool TlsConn::SecureRenegotiation() const {
    if (!state_ || state_->ssl == nullptr) return false;
    return SSL_get_secure_renegotiation_support(state_->ssl) == 1;
}

bool TlsConn::Compression() const {
    if (!state_ || state_->ssl == nullptr) return false;
    return SSL_get_current_compression(state_->ssl) != nullptr;
}

bool TlsConn::is_open() const { return state_ && state_->ssl != nullptr && !state_->closed && state_->conn.is_open(); }

void TlsConn::Close() {
    if (!state_ || state_->closed) return;
    state_->closed = true;
    if (state_->ssl != nullptr && state_->conn.is_open()) {
        ERR_clear_error();
        SSL_shutdown(state_->ssl);  // non-blocking: sends close_notify if the socket takes it
        ERR_clear_error();
    }
    state_->conn.Close(true);
}

}  // namespace palisade::scan
