// SPDX-License-Identifier: Apache-2.0
// Small helpers shared by the TLS fixture, connection and certificate tests.
#pragma once

#include <cstdint>
#include <string>

#include "scan/probe/conn.hpp"
#include "scan/probe/tls/tls_conn.hpp"

namespace palisade::testing {

inline scan::Address Loopback4() {
    scan::Address a;
    a.is_v4 = true;
    a.bytes[10] = 0xff;
    a.bytes[11] = 0xff;
    a.bytes[12] = 127;
    a.bytes[15] = 1;
    return a;
}

inline Result<scan::TlsConn> ConnectTls(std::uint16_t port, const scan::TlsClientOptions& options,
                                        scan::Millis timeout = scan::Millis(5000),
                                        const scan::CancelToken& cancel = {}) {
    auto conn = scan::Conn::Connect(Loopback4(), port, timeout, cancel);
    if (!conn) return tl::unexpected(conn.error());
    return scan::TlsConn::Handshake(std::move(*conn), options, timeout);
}

}  // namespace palisade::testing
