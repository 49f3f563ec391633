// SPDX-License-Identifier: Apache-2.0
// The vocabulary of the web-application scanner, shared by the HTML extractor, the crawler, the passive and active
// checks, the JavaScript-library check and the "web" module: what a page contains, what the crawler saw, and where
// input can be injected.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "scan/engine/cancel.hpp"
#include "scan/engine/finding.hpp"
#include "scan/http/http_client.hpp"

namespace palisade::scan::web {

struct FormField {
    std::string name;
    std::string type = "text";  // lower-cased input type; "select", "textarea" for those elements
    std::string value;          // the default value (checked radio/checkbox, selected option, textarea text)
};

struct Form {
    std::string page_url;  // the page the form is on
    std::string action;    // absolute URL (the page URL when the action is missing or empty)
    std::string method = "GET";  // upper case: GET or POST
    std::string enctype = "application/x-www-form-urlencoded";
    std::vector<FormField> fields;  // named, enabled fields in document order (submit buttons included)
    bool has_password = false;      // an <input type=password>
};

// What the HTML extractor finds in one document. Every URL is absolute, resolved against the document URL (or its
// <base href>), without fragment; only http(s) URLs are kept, in document order, duplicates removed.
struct ExtractedPage {
    std::vector<std::string> links;      // a/area href, frame/iframe src, meta refresh, srcset candidates, form
                                         // actions (GET), URLs found by pattern in inline scripts
    std::vector<std::string> scripts;    // <script src>
    std::vector<std::string> inline_scripts;  // text of <script> elements without src (JavaScript types only)
    std::vector<std::string> iframes;    // frame/iframe src
    std::vector<std::string> subresources;  // what the page loads: script src, link rel=stylesheet/icon/preload
                                            // href, img/audio/video/source/track/embed src, object data,
                                            // srcset, iframe src (mixed-content check)
    std::optional<std::string> meta_refresh;  // target URL of <meta http-equiv=refresh>
    std::vector<Form> forms;
    bool meta_frame_protection = false;  // never true: XFO in <meta> is ignored by browsers (kept for clarity)
    std::string title;
};

// One fetched page (or other response) of the crawl.
struct Page {
    std::string url;  // the URL requested (before redirects)
    http::Response response;
    ExtractedPage html;  // empty unless the response is HTML
    int depth = 0;
};

// A place where input can be injected: one named parameter of one request shape.
struct InjectionPoint {
    enum class Location { kQuery, kBody };
    Location location = Location::kQuery;
    std::string method = "GET";
    std::string url;  // the request URL without query when location is kQuery; the form action for kBody
    std::vector<std::pair<std::string, std::string>> params;  // every parameter of the request, decoded, in order
    std::size_t index = 0;  // which of `params` is injected
    std::string enctype = "application/x-www-form-urlencoded";
    std::string page_url;   // where it was found (a page with the form or link)

    const std::string& name() const { return params[index].first; }
    const std::string& original() const { return params[index].second; }
};

// The request for `point` with its parameter set to `value` (other parameters keep their values). Parameters are
// percent-encoded (application/x-www-form-urlencoded rules).
http::Request BuildInjection(const InjectionPoint& point, std::string_view value);

// Percent-encoding and decoding of one component (form rules: space <-> '+').
std::string FormEncode(std::string_view text);
std::string FormDecode(std::string_view text);
// "a=1&b=2" -> pairs (decoded).
std::vector<std::pair<std::string, std::string>> ParseQuery(std::string_view query);
// The inverse of ParseQuery.
std::string BuildQuery(const std::vector<std::pair<std::string, std::string>>& params);

// What the checks need while they run.
struct CheckContext {
    http::Client& client;
    CancelToken cancel;
    std::function<void(Finding)> report;  // thread-safe
    bool time_based_sqli = false;         // off by default: slow, and it holds the site's workers
    std::string redirect_marker_host = "palisade-redirect-probe.example";  // external host for open-redirect probes
};

}  // namespace palisade::scan::web
