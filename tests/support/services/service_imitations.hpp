// SPDX-License-Identifier: Apache-2.0
// Ready-made ListenerScripts that imitate real network services closely enough for service detection: the greeting
// and the answers to the commands a scanner sends, as the real servers write them (RESP, SMTP/POP3/IMAP/FTP replies,
// PostgreSQL and MySQL packets, MongoDB OP_MSG + BSON, Telnet IAC). Each answers unknown input the way its real
// server roughly does (an error line, a close, or nothing). Pass `tls = true` (or set it on the result) for the
// TLS-wrapped variant.
#pragma once

#include <string>

#include "support/services/scripted_listener.hpp"

namespace palisade::testing::services {

// Redis: PING -> +PONG (or -NOAUTH when require_pass), INFO server -> the bulk reply with redis_version.
ListenerScript RedisScript(bool require_pass, std::string version = "7.2.4");
// An SSH server that sends `banner` ("SSH-2.0-OpenSSH_9.6p1 Debian-3") and drops clients that send junk.
ListenerScript SshScript(std::string banner = "SSH-2.0-OpenSSH_9.6p1 Debian-3");
// vsftpd: "220 (vsFTPd <version>)"; FEAT lists AUTH TLS when auth_tls.
ListenerScript VsftpdScript(std::string version = "3.0.3", bool auth_tls = false);
// ProFTPD: "220 ProFTPD <version> Server (Debian) [::ffff:127.0.0.1]".
ListenerScript ProftpdScript(std::string version);
// SMTP with `greeting` ("mail.example.test ESMTP Postfix (Debian/GNU)"); EHLO lists STARTTLS when starttls.
ListenerScript SmtpScript(bool starttls, std::string greeting = "mail.example.test ESMTP Postfix (Debian/GNU)");
// Dovecot POP3; CAPA lists STLS when stls.
ListenerScript Pop3Script(bool stls);
// Dovecot IMAP; the greeting and CAPABILITY list STARTTLS when starttls.
ListenerScript ImapScript(bool starttls);
// An HTTP server whose answer to GET carries `server` as its Server header (none when empty).
ListenerScript HttpScript(std::string server = "nginx/1.24.0", int status = 200);
// Elasticsearch 8: GET / -> the cluster banner, or 401 with a Basic challenge when require_auth.
ListenerScript ElasticsearchScript(bool require_auth, std::string version = "8.11.1");
// PostgreSQL: SSLRequest -> 'N', StartupMessage -> SCRAM-SHA-256 authentication request.
ListenerScript PostgresScript();
// MySQL (or MariaDB when the version says so) protocol 10 initial handshake packet as the greeting.
ListenerScript MysqlScript(std::string version = "8.0.35");
// MongoDB: buildinfo -> version; listDatabases -> the list, or Unauthorized (13) when require_auth.
ListenerScript MongodbScript(bool require_auth, std::string version = "7.0.4");
// memcached: version -> VERSION x; stats -> STAT lines; anything else -> ERROR.
ListenerScript MemcachedScript(std::string version = "1.6.21");
// Telnet: IAC DO TERMINAL-TYPE, TSPEED, XDISPLOC, NEW-ENVIRON.
ListenerScript TelnetScript();
// Accepts and never says a word.
ListenerScript SilentScript();
// Sends 600 bytes of binary noise (no line end, no known protocol), then stays silent.
ListenerScript GarbageScript();
// Sends "A" forever.
ListenerScript EndlessScript();
// Accepts and closes at once (tcpwrapped).
ListenerScript CloseAtOnceScript();

// Helpers, exposed for tests that build their own scripts.
std::string MysqlHandshake(const std::string& version);
std::string MongoReply(const std::string& bson_document, int response_to);

}  // namespace palisade::testing::services
