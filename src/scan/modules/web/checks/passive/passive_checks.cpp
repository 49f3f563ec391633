// SPDX-License-Identifier: Apache-2.0
#include "scan/modules/web/checks/passive/passive_checks.hpp"

#include <algorithm>
#include <utility>

#include "core/crypto.hpp"
#include "core/strings.hpp"
#include "scan/modules/web/checks/passive/body_signatures.hpp"
#include "scan/modules/web/checks/passive/page_checks.hpp"
#include "scan/modules/web/checks/passive/sensitive_data.hpp"

namespace palisade::scan::web {
namespace {

using passive::EffectiveUrl;
using passive::Observation;
using enum Severity;

constexpr std::string_view kLeakLow = "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:N/A:N";            // 3.7
constexpr std::string_view kLeakMedium = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N";         // 5.3
constexpr std::string_view kCredential = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:L/A:N";         // 8.2
constexpr std::string_view kWeakCredential = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:L/A:N";     // 6.5
constexpr std::string_view kWebhook = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:L/A:N";            // 5.3
constexpr std::string_view kMixedActive = "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:L/A:N";        // 4.2
constexpr std::string_view kMixedPassive = "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:N/I:L/A:N";       // 3.1
constexpr std::string_view kCookie = "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N";             // 3.1
constexpr std::string_view kFraming = "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:N/I:L/A:N";            // 4.3
constexpr std::string_view kCleartextPassword = "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:H/I:N/A:N";  // 5.3

constexpr std::string_view kSecretFix =
    "Remove the credential from the response and revoke it at its issuer now: it must be treated as public. "
    "Keep credentials on the server side (environment, secret store), never in pages or scripts.";

// clang-format off
constexpr CheckInfo kChecks[] = {
    {"web.disclosure.stack_trace", "Stack trace or debug error page in a response", kLow, kLeakLow, "CWE-209",
     "Turn off debug mode and detailed errors in production; return a generic error page and log the details on "
     "the server.",
     "https://cwe.mitre.org/data/definitions/209.html https://owasp.org/www-community/Improper_Error_Handling"},
    {"web.disclosure.database_error", "Database error message in a response", kMedium, kLeakMedium, "CWE-209",
     "Catch database errors and return a generic message; also review the request that caused it, since a query "
     "that breaks on user input may be injectable.",
     "https://cwe.mitre.org/data/definitions/209.html "
     "https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_Security_Testing/08-Testing_for_Error_Handling/01-Testing_For_Improper_Error_Handling"},
    {"web.directory_listing", "Directory listing is enabled", kMedium, kLeakMedium, "CWE-548",
     "Turn off automatic directory indexes (Apache Options -Indexes, nginx autoindex off, IIS directoryBrowse "
     "enabled=false) and serve an index page or 403 instead.",
     "https://cwe.mitre.org/data/definitions/548.html https://httpd.apache.org/docs/2.4/mod/mod_autoindex.html"},
    {"web.disclosure.private_ip", "Private IP address disclosed", kLow, kLeakLow, "CWE-200",
     "Keep internal addresses out of responses: fix proxy and application headers (Via, X-Backend-Server...), "
     "configuration rendered into pages and error messages.",
     "https://cwe.mitre.org/data/definitions/200.html https://www.rfc-editor.org/rfc/rfc1918"},
    {"web.secret.private_key", "Private key in a response", kHigh, kCredential, "CWE-321,CWE-798", kSecretFix,
     "https://cwe.mitre.org/data/definitions/321.html https://cwe.mitre.org/data/definitions/798.html"},
    {"web.secret.aws_access_key", "AWS access key in a response", kHigh, kCredential, "CWE-798", kSecretFix,
     "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html "
     "https://cwe.mitre.org/data/definitions/798.html"},
    {"web.secret.github_token", "GitHub token in a response", kHigh, kCredential, "CWE-798", kSecretFix,
     "https://github.blog/2021-04-05-behind-githubs-new-authentication-token-formats/ "
     "https://cwe.mitre.org/data/definitions/798.html"},
    {"web.secret.slack_token", "Slack token in a response", kHigh, kCredential, "CWE-798", kSecretFix,
     "https://api.slack.com/authentication/token-types https://cwe.mitre.org/data/definitions/798.html"},
    {"web.secret.slack_webhook", "Slack incoming-webhook URL in a response", kMedium, kWebhook, "CWE-798",
     "Revoke the webhook in the Slack app settings and post through the server instead of from the page.",
     "https://api.slack.com/messaging/webhooks https://cwe.mitre.org/data/definitions/798.html"},
    {"web.secret.stripe_secret_key", "Stripe live secret key in a response", kHigh, kCredential, "CWE-798",
     kSecretFix, "https://stripe.com/docs/keys https://cwe.mitre.org/data/definitions/798.html"},
    {"web.secret.google_api_key", "Google API key in a response", kLow, kLeakLow, "CWE-200",
     "Browser keys are public by design: restrict the key to your HTTP referrers and to the APIs the page needs; "
     "a key meant for servers must be revoked and kept out of pages.",
     "https://cloud.google.com/docs/authentication/api-keys#securing https://cwe.mitre.org/data/definitions/200.html"},
    {"web.secret.jwt", "JSON Web Token embedded in JavaScript", kLow, kLeakLow, "CWE-200,CWE-798",
     "Do not ship bearer tokens in scripts; fetch short-lived tokens per session and revoke any long-lived one "
     "that was published.",
     "https://www.rfc-editor.org/rfc/rfc7519 https://cwe.mitre.org/data/definitions/798.html"},
    {"web.secret.generic", "Secret-looking value in a response", kMedium, kWeakCredential, "CWE-798",
     "Check whether the value is a credential; if so, revoke it and keep it on the server side.",
     "https://cwe.mitre.org/data/definitions/798.html"},
    {"web.mixed_content.active", "HTTPS page loads scripts, stylesheets or frames over http", kMedium, kMixedActive,
     "CWE-319", "Load every subresource over https (or protocol-relative); add CSP upgrade-insecure-requests.",
     "https://www.w3.org/TR/mixed-content/ https://developer.mozilla.org/en-US/docs/Web/Security/Mixed_content"},
    {"web.mixed_content.passive", "HTTPS page loads images or media over http", kLow, kMixedPassive, "CWE-319",
     "Load images and media over https; add CSP upgrade-insecure-requests.",
     "https://www.w3.org/TR/mixed-content/ https://developer.mozilla.org/en-US/docs/Web/Security/Mixed_content"},
    {"web.cookie.no_secure", "Cookie set over HTTPS without the Secure flag", kLow, kCookie, "CWE-614",
     "Set the Secure attribute on every cookie of an https site.",
     "https://developer.mozilla.org/en-US/docs/Web/HTTP/Cookies#restrict_access_to_cookies "
     "https://datatracker.ietf.org/doc/html/draft-ietf-httpbis-rfc6265bis"},
    {"web.cookie.no_httponly", "Session cookie without the HttpOnly flag", kLow, kCookie, "CWE-1004",
     "Set HttpOnly on session and login cookies so that scripts (and injected scripts) cannot read them.",
     "https://developer.mozilla.org/en-US/docs/Web/HTTP/Cookies#restrict_access_to_cookies "
     "https://cwe.mitre.org/data/definitions/1004.html"},
    {"web.cookie.no_samesite", "Session cookie without SameSite Lax or Strict", kLow, kCookie, "CWE-1275",
     "Set SameSite=Lax (or Strict) on session, login and anti-CSRF cookies; use None only for cookies that must "
     "be sent cross-site.",
     "https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Set-Cookie#samesitesamesite-value "
     "https://cwe.mitre.org/data/definitions/1275.html"},
    {"web.clickjacking", "Form page can be framed by other sites (clickjacking)", kMedium, kFraming, "CWE-1021",
     "Send Content-Security-Policy: frame-ancestors 'self' (or 'none'), and X-Frame-Options: DENY or SAMEORIGIN "
     "for older browsers.",
     "https://cheatsheetseries.owasp.org/cheatsheets/Clickjacking_Defense_Cheat_Sheet.html "
     "https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Content-Security-Policy/frame-ancestors"},
    {"web.password_over_http", "Password form over unencrypted http", kMedium, kCleartextPassword, "CWE-319,CWE-523",
     "Serve login pages over https and make the form submit to an https URL; redirect http to https and send HSTS.",
     "https://developer.mozilla.org/en-US/docs/Web/Security/Insecure_passwords "
     "https://cwe.mitre.org/data/definitions/319.html"},
};
// clang-format on

const CheckInfo& Info(std::string_view id) {
    for (const CheckInfo& c : kChecks) {
        if (c.id == id) return c;
    }
    return kChecks[0];  // unreachable: every observation names a check of this table (a test pins it)
}

enum class BodyType { kNone, kHtml, kText, kScript };

BodyType Classify(const http::Response& response, std::string_view body) {
    std::string type = response.MediaType();
    if (type == "text/html" || type == "application/xhtml+xml") return BodyType::kHtml;
    if (type.find("javascript") != std::string::npos || type.find("ecmascript") != std::string::npos) {
        return BodyType::kScript;
    }
    if ((type.starts_with("text/") && type != "text/css") || type == "application/json" || type.ends_with("+json") ||
        type == "application/xml" || type.ends_with("+xml")) {
        return BodyType::kText;
    }
    if (!type.empty()) return BodyType::kNone;  // images, fonts, archives, CSS...
    // No Content-Type: text unless the first bytes hold a NUL (a binary file).
    return body.substr(0, 1024).find('\0') == std::string_view::npos ? BodyType::kText : BodyType::kNone;
}

void AddSignatures(const Page& page, std::string_view body, BodyType type, std::vector<Observation>& out) {
    std::string url = EffectiveUrl(page);
    std::string location = passive::WithoutQuery(url);
    std::string at = location == url ? "" : " (at " + url + ")";
    for (passive::SignatureMatch& m : passive::FindSignatures(body, type == BodyType::kHtml)) {
        std::string_view check;
        switch (m.kind) {
            case passive::SignatureKind::kStackTrace:
                check = "web.disclosure.stack_trace";
                break;
            case passive::SignatureKind::kDatabaseError:
                check = "web.disclosure.database_error";
                break;
            case passive::SignatureKind::kDirectoryListing:
                if (page.response.status != 200) continue;
                check = "web.directory_listing";
                break;
        }
        std::string key = m.kind == passive::SignatureKind::kDirectoryListing ? location : passive::PageShape(url);
        out.push_back({check, location, std::string(m.name) + ": " + m.snippet + at, std::string(m.name),
                       std::string(m.name) + "|" + key});
    }
}

void AddPrivateIps(const Page& page, std::string_view body, BodyType type, std::vector<Observation>& out) {
    std::string url = EffectiveUrl(page);
    std::string host = passive::Host(url);
    // A site on a private network: its neighbours' addresses are no news. A loopback target is not such a site: it is
    // usually the application under test in a CI pipeline, deployed elsewhere later.
    if (passive::IsInternalHost(host) && !passive::IsLoopbackHost(host)) return;
    std::string origin = passive::Origin(url);
    auto add = [&](const passive::PrivateIpMatch& m, const std::string& where) {
        out.push_back({"web.disclosure.private_ip", origin, m.address + " in " + where + ": " + m.snippet, m.address,
                       host + "|" + m.address});
    };
    for (const http::Header& h : page.response.headers) {
        if (IEquals(h.name, "set-cookie")) continue;  // cookie values are opaque; the cookie checks read them
        for (const auto& m : passive::FindPrivateIps(h.value)) add(m, "header " + h.name + " of " + url);
    }
    if (type == BodyType::kNone) return;
    for (const auto& m : passive::FindPrivateIps(body)) add(m, "body of " + url);
}

void AddSecrets(const Page& page, std::string_view body, BodyType type, std::vector<Observation>& out) {
    if (type == BodyType::kNone) return;
    std::string url = EffectiveUrl(page);
    std::string location = passive::WithoutQuery(url);
    std::vector<passive::SecretMatch> secrets = passive::FindSecrets(body, type == BodyType::kScript);
    if (type == BodyType::kHtml) {
        for (const std::string& script : page.html.inline_scripts) {
            for (passive::SecretMatch& m : passive::FindSecrets(script, true)) {
                if (m.kind == passive::SecretKind::kJwt) secrets.push_back(std::move(m));
            }
        }
    }
    for (const passive::SecretMatch& m : secrets) {
        std::string kind(passive::SecretKindName(m.kind));
        std::string hash = Sha256Hex(m.value).substr(0, 16);
        std::string evidence = kind + " " + m.masked + " in " + url;
        if (!m.name.empty()) evidence = kind + " value of '" + m.name + "' " + m.masked + " in " + url;
        if (m.paired_secret) evidence += "; a secret access key appears within 256 bytes";
        out.push_back({Info("web.secret." + kind).id, location, evidence, kind + ":" + hash, kind + "|" + hash});
    }
}

}  // namespace

std::span<const CheckInfo> PassiveChecks() { return kChecks; }

PassiveScanner::PassiveScanner(std::function<void(Finding)> report) : report_(std::move(report)) {}

bool PassiveScanner::FirstTime(std::string key) { return seen_.insert(std::move(key)).second; }

void PassiveScanner::Inspect(const Page& page) {
    std::string_view body = std::string_view(page.response.body).substr(0, kPassiveMaxBodyBytes);
    BodyType type = Classify(page.response, body);
    std::vector<Observation> seen;
    if (type == BodyType::kHtml || type == BodyType::kText) AddSignatures(page, body, type, seen);
    AddPrivateIps(page, body, type, seen);
    AddSecrets(page, body, type, seen);
    for (auto* check :
         {passive::CheckCookies, passive::CheckMixedContent, passive::CheckClickjacking, passive::CheckPasswordForms}) {
        for (Observation& o : check(page)) seen.push_back(std::move(o));
    }

    // De-duplicate under the lock; build and report the findings outside it.
    std::vector<Observation> fresh;
    {
        std::lock_guard lock(mutex_);
        for (Observation& o : seen) {
            if (FirstTime(std::string(o.check) + "\n" + o.dedup_key)) fresh.push_back(std::move(o));
        }
    }
    std::vector<Observation> grouped;  // one per (check, location) for grouped observations
    for (Observation& o : fresh) {
        if (!o.grouped) {
            report_(MakeFinding(Info(o.check), std::move(o.location), std::move(o.evidence), o.detail));
            continue;
        }
        auto it = std::find_if(grouped.begin(), grouped.end(),
                               [&](const Observation& g) { return g.check == o.check && g.location == o.location; });
        if (it == grouped.end()) {
            grouped.push_back(std::move(o));
        } else {
            it->evidence += ", " + o.evidence;
        }
    }
    for (Observation& g : grouped) {
        g.evidence = "loaded over http by an https page: " + g.evidence;
        report_(MakeFinding(Info(g.check), std::move(g.location), std::move(g.evidence), g.detail));
    }
}

}  // namespace palisade::scan::web
