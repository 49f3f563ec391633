// SPDX-License-Identifier: Apache-2.0
// Placeholders of nuclei templates: the {{markers}} generated from the target URL (nuclei's
// protocols/utils/variables.go), randstr values, and marker rendering. Pure functions; thread-safe.
//
// For the input "https://example.test:8443/app/index.php?x=1":
//   BaseURL  https://example.test:8443/app/index.php   (the query is not part of it: see below)
//   RootURL  https://example.test:8443                  Hostname example.test:8443 (port only when in the input)
//   Host     example.test (IPv6 without brackets)       Port 8443 (80/443 by default)
//   Path     /app                                       File index.php
//   Scheme   https                                      Query ?x=1        Input / FQDN: the input URL / host
// Trailing-slash rule (nuclei): when a path template starts with "{{Name}}/" (e.g. "{{BaseURL}}/admin"), one trailing
// slash of the input path is dropped first, so "http://h/" + "{{BaseURL}}/x" gives "http://h/x", not "http://h//x".
// Deviation from nuclei: nuclei's BaseURL keeps the input's query ("http://h/p?x=1"), which garbles
// "{{BaseURL}}/x"; here BaseURL has no query and the executor adds the input's query parameters to every request
// URL instead (the input's values win for a parameter both name), which is what nuclei's parameter merge intends.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <random>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "scan/modules/templates/matchers.hpp"

namespace palisade::scan::templates {

// The input placeholders for `target_url` (an absolute http or https URL). `trim_trailing_slash` applies the
// trailing-slash rule. Errors: kInvalidArgument when the URL is not an absolute http(s) URL.
Result<Variables> InputPlaceholders(std::string_view target_url, bool trim_trailing_slash);

// True when a path template starts with "{{Name}}/" (nuclei's HasTrailingSlash: the input's trailing slash is
// dropped before rendering).
bool PathAddsSlash(std::string_view path_template);

// Replaces {{name}} markers (spaces inside the braces ignored) with values from `lookup`; markers it cannot resolve
// are kept as written and counted in `unresolved` when given.
std::string RenderMarkers(std::string_view text,
                          const std::function<std::optional<std::string>(std::string_view)>& lookup,
                          std::size_t* unresolved = nullptr);

// Renders `text` with `variables` (RenderMarkers over a map).
std::string RenderWith(std::string_view text, const Variables& variables, std::size_t* unresolved = nullptr);

// A random value for {{randstr}} / {{randstr_N}}: 27 characters [0-9A-Za-z] (the length of nuclei's ksuid values).
std::string RandomString(std::mt19937_64* rng);

}  // namespace palisade::scan::templates
