// SPDX-License-Identifier: Apache-2.0
#include "scan/http/web_sites.hpp"

#include <set>

#include "scan/modules/headers/web_util.hpp"

namespace palisade::scan::http {
namespace {

std::string Bracketed(const std::string& host) { return host.find(':') != std::string::npos ? "[" + host + "]" : host; }

WebSite MakeSite(const std::string& scheme, const std::string& host, const std::string& address, std::uint16_t port,
                 const std::string& path) {
    WebSite site;
    bool default_port = (scheme == "http" && port == 80) || (scheme == "https" && port == 443);
    site.host = host;
    site.origin = scheme + "://" + Bracketed(host) + (default_port ? "" : ":" + std::to_string(port));
    site.url = site.origin + (path.empty() ? "/" : path);
    if (!address.empty() && !headers::IsIpLiteral(host)) {
        site.resolve = host + ":" + std::to_string(port) + ":" + Bracketed(address);
    }
    return site;
}

}  // namespace

std::vector<WebSite> WebSitesOf(ModuleContext& ctx) {
    TargetState& state = ctx.state();
    std::vector<WebSite> sites;
    if (state.url) {
        const UrlTarget& url = *state.url;
        std::string address = state.hosts.empty() ? std::string() : state.hosts.front().address.ToString();
        sites.push_back(MakeSite(url.scheme, url.host, address, url.port, url.path));
        return sites;
    }
    std::set<std::string> seen;
    auto add = [&](const std::string& scheme, const std::string& address, const std::string& name, std::uint16_t port) {
        WebSite site = MakeSite(scheme, name.empty() ? address : name, address, port, "/");
        if (seen.insert(site.origin).second) sites.push_back(std::move(site));
    };
    auto lock = ctx.Lock();
    bool any_service = false;
    for (const Service& svc : state.services) {
        if (svc.proto != "tcp") continue;
        if (svc.service == "https" || (svc.service == "http" && svc.tls)) {
            add("https", svc.host, svc.host_name, svc.port);
            any_service = true;
        } else if (svc.service == "http") {
            add("http", svc.host, svc.host_name, svc.port);
            any_service = true;
        }
    }
    if (any_service || !state.services.empty()) return sites;
    for (const OpenPort& p : state.open_ports) {
        if (p.port == 80 || p.port == 8080 || p.port == 8000) add("http", p.address.ToString(), p.name, p.port);
        if (p.port == 443 || p.port == 8443) add("https", p.address.ToString(), p.name, p.port);
    }
    return sites;
}

}  // namespace palisade::scan::http
