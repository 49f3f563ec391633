// SPDX-License-Identifier: Apache-2.0
// Limits shared by the HTTP security header parsers.
#pragma once

#include <cstddef>

namespace palisade::scan::headers {

// A header value (or, for CSP, the sum of all CSP header values of one response) longer than this is refused with
// kInvalidArgument as too large. Real policies are a few KiB; servers commonly cap a whole header block at 8-64 KiB.
inline constexpr std::size_t kMaxHeaderBytes = 64 * 1024;

}  // namespace palisade::scan::headers
