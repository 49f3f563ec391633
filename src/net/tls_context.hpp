// SPDX-License-Identifier: Apache-2.0
// Server-side TLS context: TLS 1.2 and 1.3 only, forward-secret AEAD ciphers (Mozilla "intermediate"), no
// compression, no renegotiation, server cipher preference.
#pragma once

#include <memory>
#include <string>

#include "core/result.hpp"
#include "net/asio.hpp"

namespace palisade {

// Loads a PEM certificate chain and a PEM private key. Errors: kInvalidArgument when a file cannot be read or
// parsed or the key does not match the certificate (the message names the file; OpenSSL's text is in detail).
Result<std::shared_ptr<ssl::context>> MakeServerTlsContext(const std::string& cert_file, const std::string& key_file);

}  // namespace palisade
