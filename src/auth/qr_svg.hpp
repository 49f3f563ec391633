// SPDX-License-Identifier: Apache-2.0
// QR codes as standalone SVG (libqrencode), for showing an otpauth:// URI during TOTP enrolment.
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace palisade::auth {

inline constexpr int kQrQuietZoneModules = 4;

// An <svg> document encoding `text` as bytes (8-bit mode, error correction level M, smallest version that fits).
// One user unit is one module: viewBox="0 0 N N" with N = modules + 2 * kQrQuietZoneModules; a white background
// <rect>, then a single black <path> with every dark module; shape-rendering="crispEdges". Scale it with CSS.
// kInvalidArgument when `text` is empty or too long for a QR code (2331 bytes at level M). Thread-safe.
Result<std::string> QrSvg(std::string_view text);

}  // namespace palisade::auth
