// SPDX-License-Identifier: Apache-2.0
#include "scan/modules/services/services_module.hpp"

#include <algorithm>
#include <atomic>

#include <yaml-cpp/yaml.h>

#include "core/strings.hpp"
#include "scan/modules/services/service_prober.hpp"

namespace palisade::scan::services {
namespace {

constexpr std::string_view kCvssNoAuth = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
constexpr std::string_view kCvssCleartext = "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N";

constexpr CheckInfo kChecks[] = {
    {"services.redis.no_auth", "Redis answers without authentication", Severity::kCritical, kCvssNoAuth, "CWE-306",
     "Set a password (requirepass or ACL users), bind Redis to private interfaces and keep protected-mode on; "
     "firewall port 6379 from untrusted networks.",
     "https://redis.io/docs/latest/operate/oss_and_stack/management/security/ "
     "https://cwe.mitre.org/data/definitions/306.html"},
    {"services.memcached.exposed", "memcached is reachable without authentication", Severity::kHigh,
     "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:L/A:L", "CWE-306",
     "Bind memcached to localhost or a private interface (-l), disable UDP (-U 0), enable SASL or TLS client "
     "certificates, and firewall port 11211.",
     "https://github.com/memcached/memcached/wiki/SASLHowto https://www.cisa.gov/news-events/alerts/2018/03/01/"
     "udp-based-amplification-attacks"},
    {"services.mongodb.no_auth", "MongoDB lists databases without authentication", Severity::kCritical, kCvssNoAuth,
     "CWE-306",
     "Enable access control (security.authorization: enabled), create users with least privilege, and bind "
     "MongoDB to private interfaces (net.bindIp).",
     "https://www.mongodb.com/docs/manual/administration/security-checklist/ "
     "https://cwe.mitre.org/data/definitions/306.html"},
    {"services.elasticsearch.no_auth", "Elasticsearch answers without authentication", Severity::kCritical,
     kCvssNoAuth, "CWE-306",
     "Enable Elasticsearch security (xpack.security.enabled: true) with TLS and users, and keep port 9200 off "
     "untrusted networks.",
     "https://www.elastic.co/guide/en/elasticsearch/reference/current/security-minimal-setup.html "
     "https://cwe.mitre.org/data/definitions/306.html"},
    {"services.cleartext.ftp", "FTP without TLS", Severity::kMedium, kCvssCleartext, "CWE-319",
     "Replace FTP with SFTP, or offer and require FTPS (AUTH TLS, RFC 4217) so that passwords and files do not "
     "cross the network in clear text.",
     "https://www.rfc-editor.org/rfc/rfc4217 https://cwe.mitre.org/data/definitions/319.html"},
    {"services.cleartext.telnet", "Telnet is enabled", Severity::kHigh, "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:N",
     "CWE-319", "Disable Telnet and use SSH instead.",
     "https://www.rfc-editor.org/rfc/rfc854 https://cwe.mitre.org/data/definitions/319.html"},
    {"services.cleartext.smtp", "SMTP without STARTTLS", Severity::kMedium, kCvssCleartext, "CWE-319",
     "Offer STARTTLS (RFC 3207) with a valid certificate; for submission prefer implicit TLS on port 465 "
     "(RFC 8314).",
     "https://www.rfc-editor.org/rfc/rfc3207 https://www.rfc-editor.org/rfc/rfc8314"},
    {"services.cleartext.pop3", "POP3 without STARTTLS", Severity::kMedium, kCvssCleartext, "CWE-319",
     "Offer STLS (RFC 2595) and refuse logins before it, or serve POP3 over implicit TLS on port 995 and close "
     "port 110 (RFC 8314).",
     "https://www.rfc-editor.org/rfc/rfc2595 https://www.rfc-editor.org/rfc/rfc8314"},
    {"services.cleartext.imap", "IMAP without STARTTLS", Severity::kMedium, kCvssCleartext, "CWE-319",
     "Offer STARTTLS (RFC 2595) and refuse logins before it, or serve IMAP over implicit TLS on port 993 and close "
     "port 143 (RFC 8314).",
     "https://www.rfc-editor.org/rfc/rfc2595 https://www.rfc-editor.org/rfc/rfc8314"},
    {"services.cleartext.http", "Plain HTTP serves content", Severity::kInfo, "", "CWE-319",
     "Serve the site over HTTPS and make plain HTTP only redirect to it (with HSTS).",
     "https://cwe.mitre.org/data/definitions/319.html https://www.rfc-editor.org/rfc/rfc6797"},
    {"services.version.outdated", "Software version with known vulnerabilities", Severity::kHigh,
     "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H", "CWE-1104",
     "Upgrade to a release that fixes the listed CVEs. Distributions backport fixes without changing the upstream "
     "version: confirm with the package version before acting.",
     "https://nvd.nist.gov/ https://cwe.mitre.org/data/definitions/1104.html"},
};

const CheckInfo& Check(std::string_view id) {
    for (const auto& c : kChecks) {
        if (c.id == id) return c;
    }
    PALISADE_ASSERT(false, "unknown services check id");
    return kChecks[0];
}

std::string Location(const Address& address, std::uint16_t port) {
    std::string host = address.ToString();
    if (!address.is_v4) host = "[" + host + "]";
    return host + ":" + std::to_string(port);
}

bool MostlyPrintable(std::string_view s) {
    if (s.empty()) return false;
    std::size_t printable = 0;
    for (unsigned char c : s) {
        if ((c >= 0x20 && c < 0x7f) || c == '\t') ++printable;
    }
    return printable * 10 >= s.size() * 9;
}

std::string FirstLine(std::string_view s) {
    auto end = s.find('\n');
    auto line = s.substr(0, end);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return std::string(line.substr(0, 200));
}

// What the server said, safe to show: the greeting line of text protocols; for HTTP only the status line and the
// Server header (never cookies or bodies); nothing from binary protocols or from follow-up replies.
std::string Banner(const PortDetection& d) {
    std::string_view reply = d.reply;
    if (StartsWith(reply, "HTTP/")) {
        std::string out = FirstLine(reply);
        auto head = reply.substr(0, reply.find("\r\n\r\n"));
        for (auto line : Split(head, '\n')) {
            if (line.size() > 7 && IEquals(line.substr(0, 7), "server:")) {
                out += "; " + FirstLine(line);
                break;
            }
        }
        return out;
    }
    std::string line = FirstLine(reply);
    return MostlyPrintable(line) ? line : std::string();
}

std::string Describe(const PortDetection& d) {
    std::string out = d.tls ? d.service + " (inside TLS)" : d.service;
    if (!d.product.empty()) out += ", " + d.product;
    if (!d.version.empty()) out += " " + d.version;
    if (!d.info.empty()) out += " (" + d.info + ")";
    std::string banner = Banner(d);
    if (!banner.empty()) out += "; banner: " + banner;
    return out;
}

class ServicesModule final : public Module {
  public:
    explicit ServicesModule(ServicesOptions options) : options_(options) {}

    std::string_view Name() const override { return "services"; }
    std::string_view Description() const override {
        return "Names the service on each open port (probes and match rules), finds exposed data stores, cleartext "
               "protocols and versions with known vulnerabilities";
    }
    std::span<const CheckInfo> Checks() const override { return kChecks; }

    Status Run(ModuleContext& ctx) override {
        const ServiceRules* rules = options_.rules;
        if (!rules) {
            auto builtin = BuiltinServiceRules();
            if (!builtin) return Fail(builtin.error());
            rules = *builtin;
        }
        std::vector<OpenPort> ports;
        {
            auto lock = ctx.Lock();
            ports = ctx.state().open_ports;
        }
        ProberOptions prober_options;
        prober_options.timeout = ctx.options().timeout;
        prober_options.max_reply_bytes = std::max<std::size_t>(options_.max_reply_bytes, 64);
        prober_options.quiet_gap = std::min(options_.quiet_gap, ctx.options().timeout);
        prober_options.tls = options_.tls;
        prober_options.follow_ups = options_.follow_ups;
        ServiceProber prober(*rules, prober_options);

        std::atomic<std::size_t> done{0};
        ctx.Progress(0, "probing " + std::to_string(ports.size()) + " open port(s)");
        ParallelFor(ports.size(), ctx.options().dialogue_concurrency, ctx.cancel(), [&](std::size_t i) {
            const OpenPort& open = ports[i];
            PortDetection d = prober.Detect(open.address, open.port, open.name, ctx.cancel());
            Report(ctx, *rules, open, d);
            std::size_t n = ++done;
            ctx.Progress(static_cast<double>(n) / static_cast<double>(ports.size()),
                         std::to_string(n) + "/" + std::to_string(ports.size()) + " port(s) probed");
        });
        return Ok();
    }

  private:
    void Report(ModuleContext& ctx, const ServiceRules& rules, const OpenPort& open, const PortDetection& d) const {
        // A detection cut short by the cancel token is only trusted when it reached a hard match.
        if (d.interrupted && !(d.matched && !d.soft)) return;
        Service service;
        service.host = open.address.ToString();
        service.host_name = open.name;
        service.port = open.port;
        if (d.matched) {
            service.service = d.tls && d.service != "tls" ? rules.TlsName(d.service) : d.service;
            service.product = d.product;
            service.version = d.version;
            service.extra_info = d.info;
            service.tls = d.tls;
            service.method = "probed";
            service.confidence = 10;
        } else if (d.wrapped) {
            service.service = "tcpwrapped";
            service.method = "probed";
            service.confidence = 8;
        } else {
            auto it = rules.port_table.find(open.port);
            if (options_.port_table && it != rules.port_table.end()) {
                service.service = it->second;
            } else {
                service.service = "unknown";
                service.confidence = 0;
            }
            service.method = "table";
            if (service.service != "unknown") service.confidence = 3;
        }
        ctx.AddService(service);
        if (d.matched) Findings(ctx, rules, open, d);
    }

    void Findings(ModuleContext& ctx, const ServiceRules& rules, const OpenPort& open, const PortDetection& d) const {
        const std::string location = Location(open.address, open.port);
        const std::string what = Describe(d);
        auto report = [&](std::string_view id, std::string evidence) {
            ctx.Report(MakeFinding(Check(id), location, std::move(evidence)));
        };
        const std::string& s = d.service;
        if (s == "redis" && d.HasFact("no_auth")) {
            report("services.redis.no_auth", "PING was answered +PONG without AUTH. " + what);
        }
        if (s == "memcached" && d.HasFact("no_auth")) {
            std::string e = "the version command was answered without authentication";
            if (d.HasFact("stats")) e += "; stats too";
            report("services.memcached.exposed", e + ". " + what);
        }
        if (s == "mongodb" && d.HasFact("no_auth")) {
            report("services.mongodb.no_auth",
                   "listDatabases was answered without authentication (the database names are not shown). " + what);
        }
        if (s == "elasticsearch" && d.HasFact("no_auth")) {
            report("services.elasticsearch.no_auth", "GET / returned the cluster banner without credentials. " + what);
        }
        if (!d.tls && s == "telnet") {
            report("services.cleartext.telnet", "Telnet option negotiation in clear text. " + what);
        }
        // A missing fact proves nothing when the follow-ups were cut short by a cancel or the time budget.
        if (!d.tls && !d.interrupted) {
            if (s == "ftp" && !d.HasFact("starttls")) {
                report("services.cleartext.ftp", std::string(Answered(d, "ftp_feat")
                                                                 ? "FEAT does not list AUTH TLS. "
                                                                 : "FEAT got no answer; AUTH TLS is not known to be "
                                                                   "offered. ") +
                                                     what);
            }
            if (s == "smtp" && !d.HasFact("starttls")) {
                report("services.cleartext.smtp",
                       std::string(Answered(d, "smtp_ehlo") ? "EHLO does not list STARTTLS. "
                                                            : "EHLO got no answer; STARTTLS is not known to be "
                                                              "offered. ") +
                           what);
            }
            if (s == "pop3" && !d.HasFact("starttls")) {
                report("services.cleartext.pop3",
                       std::string(Answered(d, "pop3_capa") ? "CAPA does not list STLS. "
                                                            : "CAPA got no answer; STLS is not known to be "
                                                              "offered. ") +
                           what);
            }
            if (s == "imap" && !d.HasFact("starttls")) {
                report("services.cleartext.imap",
                       std::string(Answered(d, "imap_capability") ? "CAPABILITY does not list STARTTLS. "
                                                                  : "CAPABILITY got no answer; STARTTLS is not "
                                                                    "known to be offered. ") +
                           what);
            }
            if (s == "http" && d.HasFact("serves_content")) {
                report("services.cleartext.http", "GET / over plain HTTP returned a 2xx response. " + what);
            }
        }
        for (const Advisory* adv : FindAdvisories(rules, d.product, d.version)) {
            std::string cves;
            for (const auto& c : adv->cve) cves += (cves.empty() ? "" : ", ") + c;
            std::string title = d.product + " " + d.version + ": " + cves;
            Finding f = MakeFinding(Check("services.version.outdated"), location,
                                    adv->summary + ". " + what, cves, adv->cve, title);
            f.severity = adv->severity;
            if (auto score = CvssBaseScore(adv->cvss)) f.cvss = Cvss{"3.1", adv->cvss, *score};
            ctx.Report(std::move(f));
        }
    }

    static bool Answered(const PortDetection& d, std::string_view probe) {
        return std::find(d.follow_ups_answered.begin(), d.follow_ups_answered.end(), probe) !=
               d.follow_ups_answered.end();
    }

    ServicesOptions options_;
};

}  // namespace

Result<ServicesOptions> ServicesOptions::Parse(const YAML::Node& node) {
    ServicesOptions out;
    std::vector<std::string> problems;
    try {
        if (!node || node.IsNull()) return out;
        if (!node.IsMap()) return FailField("services", "services: must be a map");
        for (const auto& kv : node) {
            const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "?";
            const YAML::Node& v = kv.second;
            auto as_int = [&](long long lo, long long hi) -> std::optional<long long> {
                if (!v.IsScalar()) return std::nullopt;
                try {
                    long long x = v.as<long long>();
                    if (x < lo || x > hi) return std::nullopt;
                    return x;
                } catch (const YAML::Exception&) {
                    return std::nullopt;
                }
            };
            auto as_bool = [&]() -> std::optional<bool> {
                if (!v.IsScalar()) return std::nullopt;
                try {
                    return v.as<bool>();
                } catch (const YAML::Exception&) {
                    return std::nullopt;
                }
            };
            if (key == "max_reply_bytes") {
                if (auto x = as_int(64, 1 << 24)) out.max_reply_bytes = static_cast<std::size_t>(*x);
                else problems.push_back("services.max_reply_bytes: must be 64..16777216");
            } else if (key == "quiet_gap_ms") {
                if (auto x = as_int(10, 60000)) out.quiet_gap = std::chrono::milliseconds(*x);
                else problems.push_back("services.quiet_gap_ms: must be 10..60000");
            } else if (key == "tls" || key == "follow_ups" || key == "port_table") {
                auto b = as_bool();
                if (!b) {
                    problems.push_back("services." + key + ": must be true or false");
                } else if (key == "tls") {
                    out.tls = *b;
                } else if (key == "follow_ups") {
                    out.follow_ups = *b;
                } else {
                    out.port_table = *b;
                }
            } else {
                problems.push_back("services: unknown key '" + key + "'");
            }
        }
    } catch (const YAML::Exception& e) {
        problems.push_back(std::string("services: ") + e.what());
    }
    if (!problems.empty()) {
        std::string message;
        for (const auto& p : problems) message += (message.empty() ? "" : "; ") + p;
        return FailField("services", message);
    }
    return out;
}

std::span<const CheckInfo> ServicesChecks() { return kChecks; }

std::unique_ptr<Module> MakeServicesModule(ServicesOptions options) {
    return std::make_unique<ServicesModule>(options);
}

}  // namespace palisade::scan::services
