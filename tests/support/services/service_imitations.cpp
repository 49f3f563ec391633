// SPDX-License-Identifier: Apache-2.0
#include "support/services/service_imitations.hpp"

#include <cstdint>
#include <cstring>

namespace palisade::testing::services {
namespace {

std::string Le32(std::uint32_t v) {
    std::string out(4, '\0');
    for (int i = 0; i < 4; ++i) out[static_cast<std::size_t>(i)] = static_cast<char>((v >> (8 * i)) & 0xff);
    return out;
}

std::string Cstr(const std::string& s) { return s + std::string(1, '\0'); }

// BSON (bsonspec.org) elements and documents.
std::string BsonString(const std::string& name, const std::string& value) {
    return "\x02" + Cstr(name) + Le32(static_cast<std::uint32_t>(value.size() + 1)) + Cstr(value);
}
std::string BsonInt32(const std::string& name, std::int32_t value) {
    return "\x10" + Cstr(name) + Le32(static_cast<std::uint32_t>(value));
}
std::string BsonDouble(const std::string& name, double value) {
    std::uint64_t bits;
    std::memcpy(&bits, &value, sizeof bits);
    std::string out = "\x01" + Cstr(name);
    for (int i = 0; i < 8; ++i) out += static_cast<char>((bits >> (8 * i)) & 0xff);
    return out;
}
std::string BsonDocument(const std::string& elements) {
    return Le32(static_cast<std::uint32_t>(elements.size() + 5)) + elements + std::string(1, '\0');
}
std::string BsonEmbedded(char type, const std::string& name, const std::string& document) {
    return std::string(1, type) + Cstr(name) + document;
}

std::string HttpResponse(const std::string& status_line, const std::string& headers, const std::string& body) {
    return status_line + "\r\n" + headers + "Content-Length: " + std::to_string(body.size()) +
           "\r\nConnection: close\r\n\r\n" + body;
}

}  // namespace

std::string MysqlHandshake(const std::string& version) {
    std::string body;
    body += '\x0a';                               // protocol version 10
    body += Cstr(version);                        // server version
    body += Le32(7);                              // connection id
    body += "abcdefgh";                           // auth-plugin-data part 1
    body += '\0';                                 // filler
    body += std::string("\xff\xf7", 2);           // capability flags (lower)
    body += '\x21';                               // character set utf8_general_ci
    body += std::string("\x02\x00", 2);           // status: autocommit
    body += std::string("\xff\xdf", 2);           // capability flags (upper)
    body += '\x15';                               // auth-plugin-data length
    body += std::string(10, '\0');                // reserved
    body += Cstr("ijklmnopqrst");                 // auth-plugin-data part 2 (13 bytes with NUL)
    body += Cstr("caching_sha2_password");
    std::string packet;
    packet += static_cast<char>(body.size() & 0xff);
    packet += static_cast<char>((body.size() >> 8) & 0xff);
    packet += static_cast<char>((body.size() >> 16) & 0xff);
    packet += '\0';  // sequence id
    return packet + body;
}

std::string MongoReply(const std::string& bson_document, int response_to) {
    std::string body = Le32(0) + std::string(1, '\0') + bson_document;  // flagBits, section kind 0
    return Le32(static_cast<std::uint32_t>(16 + body.size())) + Le32(100) +
           Le32(static_cast<std::uint32_t>(response_to)) + Le32(2013) + body;
}

ListenerScript RedisScript(bool require_pass, std::string version) {
    ListenerScript s;
    const std::string noauth = "-NOAUTH Authentication required.\r\n";
    std::string info = "# Server\r\nredis_version:" + version +
                       "\r\nredis_git_sha1:00000000\r\nredis_mode:standalone\r\nos:Linux 6.1.0 x86_64\r\n"
                       "tcp_port:6379\r\n";
    std::string info_reply = "$" + std::to_string(info.size()) + "\r\n" + info + "\r\n";
    s.rules = {
        {R"(^(?:\*1\r\n\$4\r\nPING\r\n|PING\r\n))", require_pass ? noauth : "+PONG\r\n"},
        {R"(^\*2\r\n\$4\r\nINFO\r\n\$6\r\nserver\r\n)", require_pass ? noauth : info_reply},
        {R"(\n)", "-ERR unknown command, with args beginning with: \r\n"},
    };
    return s;
}

ListenerScript SshScript(std::string banner) {
    ListenerScript s;
    s.banner = banner + "\r\n";
    s.rules = {{R"(\n)", "Invalid SSH identification string.\r\n", true}};
    return s;
}

ListenerScript VsftpdScript(std::string version, bool auth_tls) {
    ListenerScript s;
    s.banner = "220 (vsFTPd " + version + ")\r\n";
    std::string feat = "211-Features:\r\n";
    if (auth_tls) feat += " AUTH TLS\r\n PBSZ\r\n PROT\r\n";
    feat += " EPRT\r\n EPSV\r\n MDTM\r\n PASV\r\n REST STREAM\r\n SIZE\r\n TVFS\r\n UTF8\r\n211 End\r\n";
    s.rules = {
        {R"(^FEAT\r\n)", feat},
        {R"(\n)", "530 Please login with USER and PASS.\r\n"},
    };
    return s;
}

ListenerScript ProftpdScript(std::string version) {
    ListenerScript s;
    s.banner = "220 ProFTPD " + version + " Server (Debian) [::ffff:127.0.0.1]\r\n";
    s.rules = {
        {R"(^FEAT\r\n)", "211-Features:\r\n MDTM\r\n MFMT\r\n LANG en-US\r\n SIZE\r\n MLST type*;size*;modify*;\r\n"
                         " EPRT\r\n EPSV\r\n211 End\r\n"},
        {R"(\n)", "500 Invalid command: try being more creative\r\n"},
    };
    return s;
}

ListenerScript SmtpScript(bool starttls, std::string greeting) {
    ListenerScript s;
    s.banner = "220 " + greeting + "\r\n";
    std::string ehlo = "250-mail.example.test\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-VRFY\r\n250-ETRN\r\n";
    if (starttls) ehlo += "250-STARTTLS\r\n";
    ehlo += "250-ENHANCEDSTATUSCODES\r\n250-8BITMIME\r\n250-DSN\r\n250 CHUNKING\r\n";
    s.rules = {
        {R"(^EHLO [^\r\n]*\r\n)", ehlo},
        {R"(\n)", "502 5.5.2 Error: command not recognized\r\n"},
    };
    return s;
}

ListenerScript Pop3Script(bool stls) {
    ListenerScript s;
    s.banner = "+OK Dovecot (Debian) ready.\r\n";
    std::string capa = "+OK\r\nCAPA\r\nTOP\r\nUIDL\r\nRESP-CODES\r\nPIPELINING\r\nAUTH-RESP-CODE\r\n";
    if (stls) capa += "STLS\r\n";
    capa += "SASL PLAIN\r\n.\r\n";
    s.rules = {
        {R"(^CAPA\r\n)", capa},
        {R"(\n)", "-ERR Unknown command.\r\n"},
    };
    return s;
}

ListenerScript ImapScript(bool starttls) {
    ListenerScript s;
    std::string caps = "IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+";
    if (starttls) caps += " STARTTLS";
    caps += " AUTH=PLAIN";
    s.banner = "* OK [CAPABILITY " + caps + "] Dovecot (Debian) ready.\r\n";
    s.rules = {
        {R"(^a1 CAPABILITY\r\n)",
         "* CAPABILITY " + caps + "\r\na1 OK Pre-login capabilities listed, post-login capabilities have more.\r\n"},
        {R"(\n)", "* BAD Error in IMAP command received by server.\r\n"},
    };
    return s;
}

ListenerScript HttpScript(std::string server, int status) {
    ListenerScript s;
    std::string server_header = server.empty() ? "" : "Server: " + server + "\r\n";
    std::string status_line = "HTTP/1.1 " + std::to_string(status) + (status == 200 ? " OK" : " Status");
    std::string page = "<!DOCTYPE html><html><head><title>Welcome</title></head><body>It works.</body></html>\n";
    std::string ok = HttpResponse(status_line,
                                  server_header + "Date: Mon, 01 Jan 2024 00:00:00 GMT\r\n"
                                                  "Content-Type: text/html\r\n"
                                                  "Set-Cookie: session=S3CR3T-SESSION-TOKEN; HttpOnly\r\n",
                                  page);
    std::string bad = HttpResponse("HTTP/1.1 400 Bad Request", server_header + "Content-Type: text/html\r\n",
                                   "<html><body>400 Bad Request</body></html>\n");
    s.rules = {
        {R"(^[A-Z]+ [^\r\n]* HTTP/1\.[01]\r\n(?:.*\r\n)?\r\n)", ok, true},
        {R"(^[^A-Z])", bad, true},
    };
    return s;
}

ListenerScript ElasticsearchScript(bool require_auth, std::string version) {
    ListenerScript s;
    std::string body = "{\n  \"name\" : \"node-1\",\n  \"cluster_name\" : \"docker-cluster\",\n"
                       "  \"cluster_uuid\" : \"Kq3sGf1qT9m0kQ2m7n5Y8w\",\n  \"version\" : {\n"
                       "    \"number\" : \"" + version + "\",\n    \"build_flavor\" : \"default\",\n"
                       "    \"build_type\" : \"docker\",\n    \"lucene_version\" : \"9.8.0\"\n  },\n"
                       "  \"tagline\" : \"You Know, for Search\"\n}\n";
    std::string ok = HttpResponse("HTTP/1.1 200 OK",
                                  "X-elastic-product: Elasticsearch\r\ncontent-type: application/json\r\n", body);
    std::string denied = HttpResponse(
        "HTTP/1.1 401 Unauthorized",
        "WWW-Authenticate: Basic realm=\"security\" charset=\"UTF-8\"\r\ncontent-type: application/json\r\n",
        "{\"error\":{\"type\":\"security_exception\",\"reason\":\"missing authentication credentials\"},"
        "\"status\":401}");
    s.rules = {{R"(^[A-Z]+ [^\r\n]* HTTP/1\.[01]\r\n(?:.*\r\n)?\r\n)", require_auth ? denied : ok, true},
               {R"(^[^A-Z])", "", true}};
    return s;
}

ListenerScript PostgresScript() {
    ListenerScript s;
    std::string sasl = std::string("R\x00\x00\x00\x17\x00\x00\x00\x0a", 9) + Cstr("SCRAM-SHA-256") + std::string(1, '\0');
    s.rules = {
        {R"(^\x00\x00\x00\x08\x04\xd2\x16\x2f)", "N"},
        {R"(^\x00\x00\x00[\x08-\xff]\x00\x03\x00\x00)", sasl},
        {R"(^[^\x00])", "", true},
    };
    return s;
}

ListenerScript MysqlScript(std::string version) {
    ListenerScript s;
    s.banner = MysqlHandshake(version);
    // A client that sends junk instead of a HandshakeResponse gets "Bad handshake" (ER_HANDSHAKE_ERROR 1043).
    std::string bad = std::string("\x13\x00\x00\x02\xff\x13\x04#08S01", 13) + "Bad handshake";
    bad[0] = static_cast<char>(bad.size() - 4);
    s.rules = {{R"((?s).)", bad, true}};
    return s;
}

ListenerScript MongodbScript(bool require_auth, std::string version) {
    ListenerScript s;
    std::string build = BsonDocument(BsonString("version", version) +
                                     BsonString("gitVersion", "38f3e37057a43d2e9f41a39142681a76062d582e") +
                                     BsonInt32("bits", 64) + BsonDouble("ok", 1.0));
    std::string list;
    if (require_auth) {
        list = BsonDocument(BsonDouble("ok", 0.0) +
                            BsonString("errmsg", "command listDatabases requires authentication") +
                            BsonInt32("code", 13) + BsonString("codeName", "Unauthorized"));
    } else {
        std::string dbs = BsonDocument(BsonEmbedded('\x03', "0", BsonDocument(BsonString("name", "admin"))) +
                                       BsonEmbedded('\x03', "1", BsonDocument(BsonString("name", "customers"))));
        list = BsonDocument(BsonEmbedded('\x04', "databases", dbs) + BsonDouble("ok", 1.0));
    }
    s.rules = {
        {R"(buildinfo\x00)", MongoReply(build, 1)},
        {R"(listDatabases\x00)", MongoReply(list, 2)},
    };
    return s;
}

ListenerScript MemcachedScript(std::string version) {
    ListenerScript s;
    s.rules = {
        {R"(^version\r\n)", "VERSION " + version + "\r\n"},
        {R"(^stats\r\n)", "STAT pid 4242\r\nSTAT uptime 3600\r\nSTAT time 1704067200\r\nSTAT version " + version +
                              "\r\nSTAT curr_connections 2\r\nEND\r\n"},
        {R"(\n)", "ERROR\r\n"},
    };
    return s;
}

ListenerScript TelnetScript() {
    ListenerScript s;
    s.banner = std::string("\xff\xfd\x18\xff\xfd\x20\xff\xfd\x23\xff\xfd\x27", 12);
    return s;
}

ListenerScript SilentScript() { return ListenerScript{}; }

ListenerScript GarbageScript() {
    ListenerScript s;
    std::uint32_t x = 0x12345678;
    for (int i = 0; i < 600; ++i) {
        x = x * 1664525u + 1013904223u;
        char c = static_cast<char>((x >> 24) & 0xff);
        if (c == '\n' || c == '\0' || c == '\xff' || c == '\x16' || c == '\x15') c = '\x01';
        s.banner += c;
    }
    s.banner[0] = '\x01';
    return s;
}

ListenerScript EndlessScript() {
    ListenerScript s;
    s.endless = true;
    return s;
}

ListenerScript CloseAtOnceScript() {
    ListenerScript s;
    s.close_at_once = true;
    return s;
}

}  // namespace palisade::testing::services
