// SPDX-License-Identifier: Apache-2.0
#include "mail/smtp_mailer.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <mutex>

#include "mail/mime_message.hpp"

namespace palisade::mail {
namespace {

struct CurlDeleter {
    void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

struct Upload {
    std::string_view data;
    std::size_t offset = 0;
};

std::size_t ReadUpload(char* buffer, std::size_t size, std::size_t count, void* user) {
    auto* upload = static_cast<Upload*>(user);
    const std::size_t n = std::min(size * count, upload->data.size() - upload->offset);
    std::memcpy(buffer, upload->data.data() + upload->offset, n);
    upload->offset += n;
    return n;
}

std::string RelayUrl(const config::MailConfig& config, std::string_view ehlo_domain) {
    const bool ipv6 = config.smtp_host.find(':') != std::string::npos && config.smtp_host.front() != '[';
    const std::string host = ipv6 ? "[" + config.smtp_host + "]" : config.smtp_host;
    const char* scheme = config.security == config::SmtpSecurity::kTls ? "smtps://" : "smtp://";
    // The URL path is the name curl gives in EHLO; the sender's domain beats the container's host name.
    return scheme + host + ":" + std::to_string(config.smtp_port) + "/" + std::string(ehlo_domain);
}

long Millis(std::chrono::seconds s) {
    return static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(s).count());
}

}  // namespace

SmtpMailer::SmtpMailer(const config::MailConfig& config) : config_(config) {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

Status SmtpMailer::Send(const MailMessage& message) {
    if (config_.smtp_host.empty()) return Fail(ErrorCode::kUnavailable, "mail is not configured", "smtp_host empty");
    auto from = ParseMailbox(config_.from);
    if (!from) return Fail(ErrorCode::kInvalidArgument, "mail sender is misconfigured", "mail.from is invalid");
    auto mime = BuildMimeMessage(message, *from, std::chrono::system_clock::now());
    if (!mime) return Fail(mime.error());

    std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
    if (!curl) return Fail(ErrorCode::kUnavailable, "could not send mail", "curl_easy_init failed");
    CURL* h = curl.get();
    const std::string domain = from->address.substr(from->address.rfind('@') + 1);
    const std::string url = RelayUrl(config_, domain);
    const std::string mail_from = "<" + from->address + ">";
    std::unique_ptr<curl_slist, CurlDeleter> rcpt(curl_slist_append(nullptr, ("<" + message.to + ">").c_str()));
    Upload upload{*mime};
    char error_buffer[CURL_ERROR_SIZE] = {};

    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    if (config_.security == config::SmtpSecurity::kStartTls) {
        curl_easy_setopt(h, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
    }
    if (!config_.username.empty()) {
        curl_easy_setopt(h, CURLOPT_USERNAME, config_.username.c_str());
        curl_easy_setopt(h, CURLOPT_PASSWORD, config_.password.c_str());
    }
    curl_easy_setopt(h, CURLOPT_MAIL_FROM, mail_from.c_str());
    curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt.get());
    curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(h, CURLOPT_READFUNCTION, &ReadUpload);
    curl_easy_setopt(h, CURLOPT_READDATA, &upload);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, Millis(config_.timeout));  // the whole exchange, connect included
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);  // no SIGALRM for timeouts: we run on pool threads
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer);

    const CURLcode rc = curl_easy_perform(h);
    if (rc == CURLE_OK) return Ok();
    long reply = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &reply);
    std::string detail = std::string("smtp ") + config_.smtp_host + ":" + std::to_string(config_.smtp_port) + ": " +
                         curl_easy_strerror(rc);
    if (error_buffer[0] != '\0') detail += std::string(" (") + error_buffer + ")";
    if (reply != 0) detail += "; last reply " + std::to_string(reply);
    return Fail(ErrorCode::kUnavailable, "could not send mail", std::move(detail));
}

}  // namespace palisade::mail
