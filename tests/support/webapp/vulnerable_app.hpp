// SPDX-License-Identifier: Apache-2.0
// VulnerableApp: a deliberately vulnerable web shop ("WebShop") on loopback, for the web scanner's tests and its
// benchmark. Every vulnerability is real behaviour, not payload matching: reflected input in several HTML and
// script contexts, SQL built by string concatenation against a real in-memory SQLite database (with MySQL,
// PostgreSQL, SQL Server and Oracle error texts derived from SQLite's own parse errors), path traversal over a fake
// file system (the real one is never read), an open redirect, forms without CSRF tokens, a CORS policy that reflects
// any origin with credentials, exposed VCS and configuration files, TRACE and PUT/DELETE, and passive weaknesses
// (stack trace, database error, directory listing, private IP, cloud key, cookie flags, framing, password over
// http, outdated JavaScript libraries). Each has a decoy beside it that looks alike but is safe.
//
// The site is found only by crawling from "/" (links, forms, iframe, srcset, script fetch() URLs, robots.txt,
// sitemap.xml); an authenticated area sits behind /login. Planted() and Decoys() say what a scanner must and must
// not report; the table lives in planted_table.cpp.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "support/http/http_fixture.hpp"

namespace palisade::testing {

namespace webapp {
class Site;
}

struct VulnerableAppOptions {
    // Soft-404 mode: every path without a page (including /.git/HEAD, /.env, ... which are then absent) answers 200
    // with one and the same page, and TRACE answers that page too. The application pages keep working.
    bool catch_all = false;
    std::string username = "admin";  // the account of /login
    std::string password = "s3cret";
};

// How a scanner reaches a planted vulnerability or a decoy.
enum class Reach {
    kCrawl,  // by following links, forms, iframes, srcset, script URLs, robots.txt and sitemap.xml from "/"
    kLogin,  // by crawling after logging in at /login (POST user, pass; sets the "auth" cookie)
    kProbe,  // not linked: by requesting well-known paths (/.git/HEAD, ...) or by other methods (TRACE)
};

// A vulnerability the scanner must report.
struct PlantedVuln {
    std::string check;      // the scanner's check id, e.g. "web.sqli.error"
    std::string path;       // where: the path without query (the script's path for JavaScript findings)
    std::string parameter;  // the query or form parameter; the cookie name for cookie checks, the library name
                            // for web.js.vulnerable_library; "" when the finding is about the whole response
    Reach reach = Reach::kCrawl;
    std::string note;  // what is planted, for test messages and the report
};

// Something that looks like `check` at `path`/`parameter` but is safe: the scanner must NOT report it.
struct Decoy {
    std::string check;
    std::string path;
    std::string parameter;
    Reach reach = Reach::kCrawl;
    std::string note;  // why it is safe
};

// The tables for a configuration (catch_all turns the exposed files and TRACE from planted into decoys).
std::vector<PlantedVuln> PlantedFor(const VulnerableAppOptions& options);
std::vector<Decoy> DecoysFor(const VulnerableAppOptions& options);

// The application without a server: one request in, one response out. Thread-safe. Absolute URLs it writes
// (robots.txt, sitemap.xml) are built from the request's Host header.
class VulnerableSite {
  public:
    explicit VulnerableSite(VulnerableAppOptions options = {});
    ~VulnerableSite();
    VulnerableSite(const VulnerableSite&) = delete;
    VulnerableSite& operator=(const VulnerableSite&) = delete;

    ScriptedResponse Handle(const HttpRequestRecord& request);

  private:
    std::unique_ptr<webapp::Site> site_;
};

// The application served by an HttpFixture on 127.0.0.1 (port chosen by the kernel), from construction until
// Stop() or destruction.
class VulnerableApp {
  public:
    using Options = VulnerableAppOptions;

    explicit VulnerableApp(Options options = {});
    VulnerableApp(const VulnerableApp&) = delete;
    VulnerableApp& operator=(const VulnerableApp&) = delete;

    std::string Url(std::string_view path = "/") const;  // "http://127.0.0.1:<port><path>"
    std::uint16_t port() const;
    const Options& options() const { return options_; }

    std::vector<PlantedVuln> Planted() const { return PlantedFor(options_); }
    std::vector<Decoy> Decoys() const { return DecoysFor(options_); }
    std::vector<HttpRequestRecord> Requests() const;  // every request so far, in arrival order

    void Stop();  // idempotent

  private:
    Options options_;
    std::shared_ptr<VulnerableSite> site_;
    HttpFixture fixture_;  // last member: stopped (threads joined) before the site goes away
};

}  // namespace palisade::testing
