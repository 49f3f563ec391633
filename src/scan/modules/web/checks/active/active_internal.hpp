// SPDX-License-Identifier: Apache-2.0
// Helpers shared by the active checks (not part of the library's interface): catalogue lookup, cancellable sends,
// random markers, evidence excerpts and URL pieces. Thread-safe.
#pragma once

#include <re2/re2.h>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "scan/engine/finding.hpp"
#include "scan/http/http_client.hpp"
#include "scan/modules/web/web_types.hpp"

namespace palisade::scan::web::active {

// The catalogue entry `id` of ActiveChecks(); REQUIRES that it exists (a test covers every id used).
const CheckInfo& Check(std::string_view id);

// Sends `request` unless ctx.cancel is stopped; nullopt when stopped (before or during the request) or on a
// transport error.
std::optional<http::Response> Send(CheckContext& ctx, const http::Request& request);

// A GET of `url` without following redirects.
http::Request GetRequest(std::string url);

// A random marker of `length` characters [a-z0-9] starting with a letter; a random integer in [low, high].
std::string RandomAlnum(std::size_t length);
int RandomInt(int low, int high);

// The first match of `re` in `text` (nullopt when none); the whole match when `re` has no group, else group 1.
std::optional<std::string> FirstMatch(const re2::RE2& re, std::string_view text);

// `match` as a one-line excerpt: control characters shown as spaces, at most `max` bytes (then "...").
std::string OneLine(std::string_view match, std::size_t max = 160);

// A secret shown in evidence: its first 4 and last 2 characters around "...", or "***" when shorter than 10.
std::string MaskSecret(std::string_view secret);

// "scheme://host[:port]" and the path (without query) of an absolute URL; empty / "/" when it cannot be parsed.
std::string OriginOf(std::string_view url);
std::string PathOf(std::string_view url);

// Case-insensitive substring search (ASCII).
bool ContainsNoCase(std::string_view text, std::string_view needle);

// Compiles a pattern for the checks (Latin-1 so that binary bodies never fail to match for UTF-8 reasons; quiet
// on errors, which a test rules out).
std::unique_ptr<re2::RE2> CompileSignature(std::string_view pattern, bool case_sensitive = true);

// "GET query parameter 'id'" (for evidence) and "GET:query:id" (the fingerprint detail of a finding on a point).
std::string PointWhere(const InjectionPoint& point);
std::string PointDetail(const InjectionPoint& point);

// True for an optional '-' followed by 1 to 18 ASCII digits.
bool IsIntegerText(std::string_view value);

// The time-based part of CheckSqlInjection (sqli_time.cpp). `where` names the parameter for the evidence, `detail`
// is the finding's fingerprint detail.
void CheckSqlTimeBased(CheckContext& ctx, const InjectionPoint& point, const std::string& where,
                       const std::string& detail);

// The answers of one origin to random paths ("soft-404" answers), fetched once per path shape and cached. Not
// thread-safe (one per CheckExposedFiles call).
class Soft404Cache {
  public:
    explicit Soft404Cache(CheckContext& ctx) : ctx_(ctx) {}
    // The answer to `random_url` (a URL of a random name shaped like the probed one), cached under `shape`; nullptr
    // when it could not be fetched (stopped, transport error).
    const http::Response* For(const std::string& shape, const std::string& random_url);

  private:
    CheckContext& ctx_;
    std::vector<std::pair<std::string, std::optional<http::Response>>> cache_;
};

// True when the soft-404 answer `sample` (for `sample_path`) shows what `response` (for `path`) shows: it is a 2xx
// answer and `signature` (when given) matches it too, or the visible texts (each without its own path) are at
// least 90 % similar. Such a response proves nothing about `path`.
bool SameAsSoft404(const http::Response& sample, std::string_view sample_path, const http::Response& response,
                   std::string_view path, const re2::RE2* signature);

// The backup/swap part of CheckExposedFiles (backup_files.cpp).
void CheckBackupFiles(CheckContext& ctx, const std::string& origin, const std::vector<std::string>& page_urls,
                      Soft404Cache& soft404);

}  // namespace palisade::scan::web::active
