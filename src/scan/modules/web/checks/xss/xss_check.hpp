// SPDX-License-Identifier: Apache-2.0
// Reflected cross-site scripting, context-aware (the Wapiti approach): a harmless random taint finds where a
// parameter is reflected, then one payload per context tries to break out of it, and a finding is reported only
// when the response, parsed as a browser would, shows the payload as markup or code that runs.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "scan/engine/finding.hpp"
#include "scan/modules/web/html/xss_context.hpp"
#include "scan/modules/web/web_types.hpp"

namespace palisade::scan::web {

// The checks of this file: web.xss.reflected.
std::span<const CheckInfo> XssChecks();

// Tests one injection point (at most 12 requests: the taint and up to 11 payloads):
// 1. sends a random alphanumeric taint; stops unless the response reflects it (case-insensitively) and can run
//    script (Content-Type text/html, application/xhtml+xml or none) and is not a redirect;
// 2. classifies every reflection (FindMarkerContexts) and tries the payloads of each context (XssPayloadsFor), the
//    contexts taking turns, each payload with a fresh marker;
// 3. reports web.xss.reflected once (location: the URL without query; detail: method and parameter name) when
//    ConfirmXssPayload finds a payload's marker as an element, an event handler, a javascript: URL or script code
//    in a response that can run script. Stops early when ctx.cancel is stopped. Thread-safe (ctx.report must be).
void CheckReflectedXss(CheckContext& ctx, const InjectionPoint& point);

// The payloads tried for one context, in order, with "{M}" standing for the fresh marker. Empty when the context
// cannot be broken out of (plaintext).
std::vector<std::string> XssPayloadsFor(const XssContext& context);

// A random marker: a letter then 11 lower-case letters or digits. Thread-safe.
std::string RandomXssMarker();

}  // namespace palisade::scan::web
