// SPDX-License-Identifier: Apache-2.0
// Turns one `path:` or `raw:` entry of a template into an http::Request for a target (rendering, nuclei's port
// override, query and path merging, scope check), and prints requests the way nuclei reports them. Used by the
// executor; pure functions, thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "scan/http/http_client.hpp"
#include "scan/modules/templates/matchers.hpp"
#include "scan/modules/templates/template.hpp"

namespace palisade::scan::templates {

struct BuiltRequest {
    std::optional<http::Request> request;  // set when the request can be sent
    Variables variables;                   // every name the request was rendered with (for its matchers)
    bool unresolved = false;               // placeholders left after rendering (nuclei skips the rest of the block)
    std::string error;  // why it cannot be sent (out of scope, malformed); empty when `request` or unresolved
};

// The names a request is rendered with, by precedence as in nuclei: `base` (randstr values, values of internal
// extractors of earlier requests) < `input` placeholders < the template's variables, each rendered in order with
// everything before it.
Variables ComposeVariables(const Template& tmpl, const Variables& base, const Variables& input);

// Builds the request for one entry of `block`. The input placeholders are derived from `target_url` here (with the
// trailing-slash rule and the port override of path requests) and composed with `base` and the template variables.
BuiltRequest BuildPathRequest(const Template& tmpl, const HttpRequest& block, std::string_view path_template,
                              std::string_view target_url, const Variables& base);
BuiltRequest BuildRawRequest(const Template& tmpl, const HttpRequest& block, std::string_view raw_template,
                             std::string_view target_url, const Variables& base);

// The request as text: "GET /x?y HTTP/1.1\r\nHost: h\r\nName: value\r\n\r\nbody".
std::string DumpRequest(const http::Request& request);

}  // namespace palisade::scan::templates
