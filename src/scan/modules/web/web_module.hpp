// SPDX-License-Identifier: Apache-2.0
// The "web" scan module: crawls each web site of the target (crawler.hpp), runs the passive checks and the
// outdated-JavaScript-library check on every response, then the active checks (reflected XSS, SQL injection,
// path traversal, open redirect, CSRF, CORS, exposed files, HTTP methods) on what the crawl found. Options come from
// ScanOptions::web. docs/checks.md documents every check; docs/scanning.md the crawler.
#pragma once

#include <memory>
#include <span>

#include "scan/engine/module.hpp"

namespace palisade::scan::web {

// Every check the module can report: passive, JavaScript libraries, XSS and the other active checks.
std::span<const CheckInfo> WebChecks();

std::unique_ptr<Module> MakeWebModule();

}  // namespace palisade::scan::web
