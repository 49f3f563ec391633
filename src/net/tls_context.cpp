// SPDX-License-Identifier: Apache-2.0
#include "net/tls_context.hpp"

#include <openssl/ssl.h>

namespace palisade {

namespace {

// Mozilla "intermediate" TLS 1.2 list; TLS 1.3 suites are OpenSSL's defaults, all of which are fine.
constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
    "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

}  // namespace

Result<std::shared_ptr<ssl::context>> MakeServerTlsContext(const std::string& cert_file, const std::string& key_file) {
    auto ctx = std::make_shared<ssl::context>(ssl::context::tls_server);
    boost::system::error_code ec;
    ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                         ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 | ssl::context::single_dh_use |
                         ssl::context::no_compression,
                     ec);
    SSL_CTX* native = ctx->native_handle();
    SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION);
    SSL_CTX_set_options(native, SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_NO_RENEGOTIATION);
    if (SSL_CTX_set_cipher_list(native, kTls12Ciphers) != 1) {
        return Fail(ErrorCode::kInternal, "TLS cipher list rejected by OpenSSL");
    }
    ctx->use_certificate_chain_file(cert_file, ec);
    if (ec) return Fail(ErrorCode::kInvalidArgument, "cannot load TLS certificate " + cert_file, ec.message());
    ctx->use_private_key_file(key_file, ssl::context::pem, ec);
    if (ec) return Fail(ErrorCode::kInvalidArgument, "cannot load TLS private key " + key_file, ec.message());
    if (SSL_CTX_check_private_key(native) != 1) {
        return Fail(ErrorCode::kInvalidArgument, "TLS private key " + key_file + " does not match " + cert_file);
    }
    return ctx;
}

}  // namespace palisade
