// SPDX-License-Identifier: Apache-2.0
// Signatures of error pages and directory listings in response bodies: stack traces of the common web runtimes,
// database error messages, and the index pages of web servers' directory listings. Each signature is a set of
// specific phrases (an exception frame, a driver's error text), never a loose keyword, so ordinary prose about
// "SQL syntax" or "index of" does not match. Pure functions over bytes; thread-safe; compiled once (RE2).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace palisade::scan::web::passive {

enum class SignatureKind {
    kStackTrace,        // a stack trace or a framework's debug error page
    kDatabaseError,     // an error message of a database or its driver
    kDirectoryListing,  // a web server's generated directory index
};

struct SignatureMatch {
    SignatureKind kind = SignatureKind::kStackTrace;
    std::string_view name;  // stable signature name: "java", "php", "mysql", "apache_index"... (static storage)
    std::string snippet;    // the matching text, extended to the end of its line, at most kMaxSnippet bytes
};

inline constexpr std::size_t kMaxSnippet = 200;

// Every signature that matches `body`, each once, in table order (stack traces, database errors, listings).
// Directory-listing signatures are tried only when `html` is true. One pass over the body to find which signatures
// match (RE2::Set), then one search per matching signature for the snippet: linear in the body size.
std::vector<SignatureMatch> FindSignatures(std::string_view body, bool html);

// Every signature name of one kind (for documentation and tests), in table order.
std::vector<std::string_view> SignatureNames(SignatureKind kind);

}  // namespace palisade::scan::web::passive
