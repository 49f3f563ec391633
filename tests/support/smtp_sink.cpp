// SPDX-License-Identifier: Apache-2.0
#include "support/smtp_sink.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sodium.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <functional>

#include "core/crypto.hpp"
#include "core/strings.hpp"

namespace palisade::testing {
namespace {

constexpr std::size_t kMaxLine = 64 * 1024;
constexpr std::size_t kMaxData = 10 * 1024 * 1024;

std::string Upper(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
    return out;
}

std::optional<std::string> DecodeBase64(std::string_view text) {
    std::string out(text.size(), '\0');
    std::size_t len = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), " \t\r\n",
                          &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0) {
        return std::nullopt;
    }
    out.resize(len);
    return out;
}

int HexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

// Undoes =XX escapes (and, for RFC 2047 Q words, '_' as space). Soft breaks "=\r\n" vanish.
std::string DecodeQuoted(std::string_view s, bool underscore_is_space) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '=' && s.substr(i + 1, 2) == "\r\n") {
            i += 2;
        } else if (s[i] == '=' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 && HexValue(s[i + 2]) >= 0) {
            out.push_back(static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2])));
            i += 2;
        } else {
            out.push_back(underscore_is_space && s[i] == '_' ? ' ' : s[i]);
        }
    }
    return out;
}

std::string AddressInBrackets(std::string_view arg) {
    const std::size_t open = arg.find('<');
    const std::size_t close = arg.find('>', open == std::string_view::npos ? 0 : open);
    if (open == std::string_view::npos || close == std::string_view::npos) return std::string(Trim(arg));
    return std::string(arg.substr(open + 1, close - open - 1));
}

// One client connection: line I/O on a blocking socket with a receive timeout.
class Connection {
  public:
    explicit Connection(int fd) : fd_(fd) {}

    bool Send(std::string_view text) {
        while (!text.empty()) {
            const ssize_t n = ::send(fd_, text.data(), text.size(), MSG_NOSIGNAL);
            if (n <= 0) return false;
            text.remove_prefix(static_cast<std::size_t>(n));
        }
        return true;
    }

    // The next line without its CRLF (a bare LF is accepted too); false on EOF, error, timeout or overlong line.
    bool ReadLine(std::string& line) {
        while (true) {
            const std::size_t lf = buffer_.find('\n');
            if (lf != std::string::npos) {
                line = buffer_.substr(0, lf);
                if (!line.empty() && line.back() == '\r') line.pop_back();
                buffer_.erase(0, lf + 1);
                return true;
            }
            if (buffer_.size() > kMaxLine) return false;
            char chunk[4096];
            const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
            if (n <= 0) return false;
            buffer_.append(chunk, static_cast<std::size_t>(n));
        }
    }

  private:
    int fd_;
    std::string buffer_;
};

// The SMTP dialogue of one connection. Replies are sent as soon as each command is read.
class SmtpSession {
  public:
    SmtpSession(int fd, const SmtpSinkOptions& options, std::function<void(const ReceivedMail&)> deliver)
        : conn_(fd), options_(options), deliver_(std::move(deliver)) {}

    void Run() {
        bool open = conn_.Send("220 127.0.0.1 ESMTP palisade-smtp-sink\r\n");
        std::string line;
        while (open && conn_.ReadLine(line)) open = Handle(line);
    }

  private:
    // False when the connection should end.
    bool Handle(const std::string& line) {
        const std::string upper = Upper(line);
        const std::string verb = upper.substr(0, upper.find(' '));
        const std::size_t space = line.find(' ');
        const std::string arg = space == std::string::npos ? "" : std::string(Trim(line.substr(space)));
        if (verb == "EHLO" || verb == "HELO") {
            mail_.helo = arg;
            if (verb == "HELO") return conn_.Send("250 127.0.0.1\r\n");
            return conn_.Send("250-127.0.0.1\r\n250-AUTH PLAIN LOGIN\r\n250-8BITMIME\r\n250 SIZE 10485760\r\n");
        }
        if (verb == "AUTH") return Auth(arg);
        if (StartsWith(upper, "MAIL FROM:")) return MailFrom(line.substr(10));
        if (StartsWith(upper, "RCPT TO:")) return RcptTo(line.substr(8));
        if (verb == "DATA") return Data();
        if (verb == "RSET" || verb == "NOOP") {
            if (verb == "RSET") Reset();
            return conn_.Send("250 2.0.0 OK\r\n");
        }
        if (verb == "QUIT") {
            conn_.Send("221 2.0.0 Bye\r\n");
            return false;
        }
        return conn_.Send("502 5.5.2 Command not recognized\r\n");
    }

    bool Auth(const std::string& arg) {
        const std::string mechanism = Upper(arg.substr(0, arg.find(' ')));
        std::string first = arg.find(' ') == std::string::npos ? "" : std::string(Trim(arg.substr(arg.find(' '))));
        std::optional<std::string> user, pass;
        if (mechanism == "PLAIN") {
            if (first.empty() && !(conn_.Send("334 \r\n") && conn_.ReadLine(first))) return false;
            const auto decoded = DecodeBase64(first);  // authzid NUL authcid NUL passwd
            const auto parts = decoded ? Split(*decoded, '\0') : std::vector<std::string_view>{};
            if (parts.size() == 3) user = std::string(parts[1]), pass = std::string(parts[2]);
        } else if (mechanism == "LOGIN") {
            std::string second;
            if (first.empty() && !(conn_.Send("334 VXNlcm5hbWU6\r\n") && conn_.ReadLine(first))) return false;
            if (!(conn_.Send("334 UGFzc3dvcmQ6\r\n") && conn_.ReadLine(second))) return false;
            user = DecodeBase64(first);
            pass = DecodeBase64(second);
        } else {
            return conn_.Send("504 5.5.4 Unrecognized authentication type\r\n");
        }
        if (!user || !pass) return conn_.Send("501 5.5.2 Cannot decode AUTH response\r\n");
        if (!options_.required_password.empty() && *pass != options_.required_password) {
            return conn_.Send("535 5.7.8 Authentication credentials invalid\r\n");
        }
        mail_.auth_user = *user;
        mail_.auth_password = *pass;
        return conn_.Send("235 2.7.0 Authentication successful\r\n");
    }

    bool MailFrom(std::string_view arg) {
        if (!options_.required_password.empty() && mail_.auth_user.empty()) {
            return conn_.Send("530 5.7.0 Authentication required\r\n");
        }
        Reset();
        mail_.mail_from = AddressInBrackets(arg);
        has_from_ = true;
        return conn_.Send("250 2.1.0 OK\r\n");
    }

    bool RcptTo(std::string_view arg) {
        const std::string rcpt = AddressInBrackets(arg);
        const auto& rejected = options_.rejected_recipients;
        if (!has_from_) return conn_.Send("503 5.5.1 MAIL first\r\n");
        if (std::find(rejected.begin(), rejected.end(), rcpt) != rejected.end()) {
            return conn_.Send("550 5.1.1 No such user\r\n");
        }
        mail_.recipients.push_back(rcpt);
        return conn_.Send("250 2.1.5 OK\r\n");
    }

    bool Data() {
        if (mail_.recipients.empty()) return conn_.Send("503 5.5.1 RCPT first\r\n");
        if (!conn_.Send("354 End data with <CR><LF>.<CR><LF>\r\n")) return false;
        std::string data, line;
        while (conn_.ReadLine(line) && data.size() <= kMaxData) {
            if (line == "." && options_.stall_after_data) {
                conn_.ReadLine(line);  // silent until the client gives up and hangs up (or Stop)
                return false;
            }
            if (line == ".") {
                mail_.data = std::move(data);
                deliver_(mail_);
                Reset();
                return conn_.Send("250 2.0.0 OK queued\r\n");
            }
            data += (!line.empty() && line.front() == '.') ? line.substr(1) : line;  // undo dot-stuffing
            data += "\r\n";
        }
        return false;  // connection lost or message too large
    }

    // Forgets the transaction; HELO and AUTH stay.
    void Reset() {
        mail_.mail_from.clear();
        mail_.recipients.clear();
        mail_.data.clear();
        has_from_ = false;
    }

    Connection conn_;
    const SmtpSinkOptions& options_;
    std::function<void(const ReceivedMail&)> deliver_;
    ReceivedMail mail_;
    bool has_from_ = false;
};

}  // namespace

std::string ReceivedMail::Header(std::string_view name) const {
    const std::size_t end = data.find("\r\n\r\n");
    const std::string_view head = std::string_view(data).substr(0, end == std::string::npos ? data.size() : end + 2);
    std::string found;
    bool in_match = false;
    for (std::string_view line : Split(head, '\n')) {
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty()) continue;
        if (line.front() == ' ' || line.front() == '\t') {
            if (in_match) found += std::string(line);  // folded continuation: CRLF removed, WSP kept
            continue;
        }
        if (in_match) return found;
        const std::size_t colon = line.find(':');
        if (colon != std::string_view::npos && IEquals(line.substr(0, colon), name)) {
            in_match = true;
            found = std::string(Trim(line.substr(colon + 1)));
        }
    }
    return found;
}

std::string ReceivedMail::Subject() const {
    const std::string raw = Header("Subject");
    std::string out;
    bool last_was_word = false;  // whitespace between two encoded words is dropped (RFC 2047 6.2)
    std::size_t i = 0;
    while (i < raw.size()) {
        const std::size_t start = raw.find("=?", i);
        const std::size_t q1 = start == std::string::npos ? start : raw.find('?', start + 2);
        const std::size_t q2 = q1 == std::string::npos ? q1 : raw.find('?', q1 + 1);
        const std::size_t stop = q2 == std::string::npos ? q2 : raw.find("?=", q2 + 1);
        if (stop == std::string::npos || q2 != q1 + 2) {
            out += raw.substr(i);
            break;
        }
        const std::string between = raw.substr(i, start - i);
        if (!(last_was_word && Trim(between).empty())) out += between;
        const char encoding = static_cast<char>(std::toupper(static_cast<unsigned char>(raw[q1 + 1])));
        const std::string_view text = std::string_view(raw).substr(q2 + 1, stop - q2 - 1);
        if (encoding == 'B') {
            out += DecodeBase64(text).value_or(std::string(text));
        } else {
            out += DecodeQuoted(text, true);
        }
        last_was_word = true;
        i = stop + 2;
    }
    return out;
}

std::string ReceivedMail::Body() const {
    const std::size_t end = data.find("\r\n\r\n");
    std::string body = end == std::string::npos ? std::string() : data.substr(end + 4);
    const std::string encoding = ToLower(Header("Content-Transfer-Encoding"));
    if (encoding == "quoted-printable") body = DecodeQuoted(body, false);
    if (encoding == "base64") body = DecodeBase64(body).value_or(body);
    std::string out;
    for (std::size_t k = 0; k < body.size(); ++k) {
        if (body[k] == '\r' && k + 1 < body.size() && body[k + 1] == '\n') continue;
        out.push_back(body[k]);
    }
    return out;
}

SmtpSink::SmtpSink(SmtpSinkOptions options) : options_(std::move(options)) {
    InitCrypto();
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof addr;
    if (listen_fd_ < 0 || ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::listen(listen_fd_, 16) != 0 || ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
        std::perror("SmtpSink: cannot listen on 127.0.0.1");
        std::abort();
    }
    port_ = ntohs(addr.sin_port);
    acceptor_ = std::thread([this] { AcceptLoop(); });
}

SmtpSink::~SmtpSink() { Stop(); }

void SmtpSink::Stop() {
    {
        std::lock_guard lock(mu_);
        if (stopping_) return;
        stopping_ = true;
        for (int fd : client_fds_) {
            if (fd >= 0) ::shutdown(fd, SHUT_RDWR);  // wakes the serving thread's recv
        }
    }
    if (acceptor_.joinable()) acceptor_.join();
    ::close(listen_fd_);
    // No new clients can appear now: the acceptor has stopped.
    for (std::thread& t : clients_) t.join();
}

void SmtpSink::AcceptLoop() {
    while (true) {
        pollfd p{listen_fd_, POLLIN, 0};
        const int ready = ::poll(&p, 1, 50);
        std::lock_guard lock(mu_);
        if (stopping_) return;
        if (ready <= 0) continue;
        const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0) continue;
        timeval timeout{10, 0};  // a stuck client ends its session instead of hanging the test
        ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
        client_fds_.push_back(fd);
        clients_.emplace_back([this, fd] { Serve(fd); });
    }
}

std::vector<ReceivedMail> SmtpSink::Messages() const {
    std::lock_guard lock(mu_);
    return messages_;
}

std::optional<ReceivedMail> SmtpSink::WaitForMessage(std::chrono::milliseconds timeout, std::size_t index) const {
    std::unique_lock lock(mu_);
    if (!arrived_.wait_for(lock, timeout, [&] { return messages_.size() > index; })) return std::nullopt;
    return messages_[index];
}

void SmtpSink::Serve(int fd) {
    SmtpSession session(fd, options_, [this](const ReceivedMail& mail) {
        {
            std::lock_guard lock(mu_);
            messages_.push_back(mail);
        }
        arrived_.notify_all();
    });
    session.Run();
    std::lock_guard lock(mu_);
    auto it = std::find(client_fds_.begin(), client_fds_.end(), fd);
    if (it != client_fds_.end()) *it = -1;
    ::close(fd);  // under the lock, so Stop() never shuts down a reused descriptor number
}

}  // namespace palisade::testing
