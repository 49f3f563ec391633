// SPDX-License-Identifier: Apache-2.0
#include "auth/qr_svg.hpp"

#include <qrencode.h>

#include <memory>

namespace palisade::auth {
namespace {

struct QrDeleter {
    void operator()(QRcode* qr) const { QRcode_free(qr); }
};

}  // namespace

Result<std::string> QrSvg(std::string_view text) {
    if (text.empty()) return Fail(ErrorCode::kInvalidArgument, "nothing to encode in a QR code");
    // QRcode_encodeData takes bytes and a length, so text with NUL or non-ASCII bytes is encoded as given.
    std::unique_ptr<QRcode, QrDeleter> qr(QRcode_encodeData(
        static_cast<int>(text.size()), reinterpret_cast<const unsigned char*>(text.data()), 0, QR_ECLEVEL_M));
    if (!qr) {
        return Fail(ErrorCode::kInvalidArgument, "text too long for a QR code",
                    "QRcode_encodeData failed for " + std::to_string(text.size()) + " bytes");
    }
    const int width = qr->width;
    const int size = width + 2 * kQrQuietZoneModules;
    const std::string n = std::to_string(size);

    // One sub-path per horizontal run of dark modules keeps the path short (about a third of the modules).
    std::string path;
    for (int y = 0; y < width; ++y) {
        const unsigned char* row = qr->data + static_cast<std::ptrdiff_t>(y) * width;
        for (int x = 0; x < width;) {
            if ((row[x] & 1) == 0) {
                ++x;
                continue;
            }
            int run = 1;
            while (x + run < width && (row[x + run] & 1) != 0) ++run;
            path += "M" + std::to_string(x + kQrQuietZoneModules) + " " + std::to_string(y + kQrQuietZoneModules) +
                    "h" + std::to_string(run) + "v1h-" + std::to_string(run) + "z";
            x += run;
        }
    }
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + n + " " + n +
           "\" shape-rendering=\"crispEdges\"><rect width=\"" + n + "\" height=\"" + n +
           "\" fill=\"#fff\"/><path fill=\"#000\" d=\"" + path + "\"/></svg>\n";
}

}  // namespace palisade::auth
