// SPDX-License-Identifier: Apache-2.0
// The passive checks of the web scanner: they read every response the crawler got (a web::Page) and report what
// the response itself shows, without sending anything: error and stack-trace disclosure, directory listings,
// private IP addresses, secrets, mixed content, cookie flags, missing frame protection on form pages and password
// forms over http. Check ids and their rules are documented in docs/checks.md ("web.*", passive checks).
#pragma once

#include <functional>
#include <mutex>
#include <span>
#include <string>
#include <unordered_set>

#include "scan/engine/finding.hpp"
#include "scan/modules/web/web_types.hpp"

namespace palisade::scan::web {

// The catalogue of the passive checks (static storage).
std::span<const CheckInfo> PassiveChecks();

// Bytes of a body that are scanned; the rest is ignored (the crawler's client caps bodies at 2 MiB as well).
inline constexpr std::size_t kPassiveMaxBodyBytes = 2 * 1024 * 1024;

// Runs the passive checks on the pages of one scan and remembers what it reported, so that one scan gives one
// finding per cookie name and host, per secret value, per private address and host, per error signature and page
// shape (path with numeric ids folded), per directory-listing or form page path, and per insecure subresource.
// Every regex is compiled once per process; a body is scanned in time linear in its size (RE2).
// Thread-safe: Inspect may be called from several threads at once; `report` is called without the internal lock
// held, possibly from several threads at once.
class PassiveScanner {
  public:
    explicit PassiveScanner(std::function<void(Finding)> report);

    // Inspects one response (any status, any media type). `page.html` is used as extracted (forms, subresources);
    // the body is read only for text media types (HTML, XML, JSON, plain text, JavaScript).
    void Inspect(const Page& page);

  private:
    // True the first time `key` is seen (then remembered).
    bool FirstTime(std::string key);

    std::function<void(Finding)> report_;
    std::mutex mutex_;
    std::unordered_set<std::string> seen_;  // guarded by mutex_
};

}  // namespace palisade::scan::web
