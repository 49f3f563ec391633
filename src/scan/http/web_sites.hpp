// SPDX-License-Identifier: Apache-2.0
// The web sites of a scan target, for the modules that work on sites (web, templates): a URL target's URL, or every
// TCP service the services module named http/https (or, without services, the usual web ports found open).
#pragma once

#include <string>
#include <vector>

#include "scan/engine/module.hpp"

namespace palisade::scan::http {

struct WebSite {
    std::string url;      // where to start: "http://name:8080/" or the URL target's URL
    std::string origin;   // scheme://host[:port]
    std::string host;     // host name or address (no brackets)
    std::string resolve;  // "host:port:address" for ClientOptions::resolve, or "" when host is an address
};

std::vector<WebSite> WebSitesOf(ModuleContext& ctx);

}  // namespace palisade::scan::http
