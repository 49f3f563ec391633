// SPDX-License-Identifier: Apache-2.0
#include "auth/qr_svg.hpp"

#include <gtest/gtest.h>
#include <qrencode.h>

#include <regex>
#include <vector>

namespace palisade::auth {
namespace {

using Grid = std::vector<std::vector<bool>>;

// Paints every "Mx yhNv1h-Nz" run of the SVG path onto a size x size grid; fails the test on anything else.
Grid Rasterize(const std::string& svg, int size) {
    Grid grid(size, std::vector<bool>(size, false));
    const std::size_t d = svg.find(" d=\"");
    EXPECT_NE(d, std::string::npos);
    const std::string path = svg.substr(d + 4, svg.find('"', d + 4) - d - 4);
    const std::regex run(R"(M(\d+) (\d+)h(\d+)v1h-(\d+)z)");
    std::size_t consumed = 0;
    for (auto it = std::sregex_iterator(path.begin(), path.end(), run); it != std::sregex_iterator(); ++it) {
        EXPECT_EQ(static_cast<std::size_t>(it->position()), consumed) << "unexpected path text";
        consumed += static_cast<std::size_t>(it->length());
        const int x = std::stoi((*it)[1]), y = std::stoi((*it)[2]), n = std::stoi((*it)[3]);
        EXPECT_EQ((*it)[3], (*it)[4]);
        for (int i = 0; i < n; ++i) {
            EXPECT_FALSE(grid.at(y).at(x + i)) << "module painted twice";
            grid.at(y).at(x + i) = true;
        }
    }
    EXPECT_EQ(consumed, path.size());
    return grid;
}

// A finder pattern: dark 7x7 ring, light 5x5 ring, dark 3x3 centre.
void ExpectFinderAt(const Grid& g, int x0, int y0) {
    for (int y = 0; y < 7; ++y) {
        for (int x = 0; x < 7; ++x) {
            const bool ring = x == 0 || y == 0 || x == 6 || y == 6;
            const bool centre = x >= 2 && x <= 4 && y >= 2 && y <= 4;
            EXPECT_EQ(g[y0 + y][x0 + x], ring || centre)
                << "finder at " << x0 << "," << y0 << " (" << x << "," << y << ")";
        }
    }
}

TEST(QrSvg, EncodesAShortTextAsVersionOneWithQuietZone) {
    auto svg = QrSvg("HELLO");
    ASSERT_TRUE(svg.has_value());
    // Version 1 is 21 modules; with 4 quiet modules on each side, 29.
    EXPECT_NE(svg->find("viewBox=\"0 0 29 29\""), std::string::npos) << *svg;
    const Grid g = Rasterize(*svg, 29);
    ExpectFinderAt(g, 4, 4);
    ExpectFinderAt(g, 29 - 4 - 7, 4);
    ExpectFinderAt(g, 4, 29 - 4 - 7);
    for (int i = 0; i < 29; ++i) {
        for (int q = 0; q < 4; ++q) {
            EXPECT_FALSE(g[q][i] || g[28 - q][i] || g[i][q] || g[i][28 - q]) << "quiet zone painted";
        }
    }
}

TEST(QrSvg, PaintsExactlyTheModulesLibqrencodeChose) {
    const std::string text =
        "otpauth://totp/Palisade:alice%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
        "&issuer=Palisade";
    QRcode* qr = QRcode_encodeString8bit(text.c_str(), 0, QR_ECLEVEL_M);
    ASSERT_NE(qr, nullptr);
    const int size = qr->width + 8;
    auto svg = QrSvg(text);
    ASSERT_TRUE(svg.has_value());
    EXPECT_NE(svg->find("viewBox=\"0 0 " + std::to_string(size) + " " + std::to_string(size) + "\""),
              std::string::npos);
    const Grid g = Rasterize(*svg, size);
    for (int y = 0; y < qr->width; ++y) {
        for (int x = 0; x < qr->width; ++x) {
            ASSERT_EQ(g[y + 4][x + 4], (qr->data[y * qr->width + x] & 1) != 0) << x << "," << y;
        }
    }
    QRcode_free(qr);
}

TEST(QrSvg, IsAStandaloneSvgDocument) {
    auto svg = QrSvg("https://palisade.example/enrol");
    ASSERT_TRUE(svg.has_value());
    EXPECT_EQ(svg->rfind("<svg xmlns=\"http://www.w3.org/2000/svg\" ", 0), 0u);
    EXPECT_EQ(svg->substr(svg->size() - 7), "</svg>\n");
    EXPECT_NE(svg->find("shape-rendering=\"crispEdges\""), std::string::npos);
    EXPECT_NE(svg->find("<rect "), std::string::npos);
    std::size_t paths = 0;
    for (std::size_t p = svg->find("<path"); p != std::string::npos; p = svg->find("<path", p + 1)) ++paths;
    EXPECT_EQ(paths, 1u);
    std::size_t opens = 0, closes = 0;
    for (char c : *svg) opens += c == '<', closes += c == '>';
    EXPECT_EQ(opens, closes);
    EXPECT_EQ(svg->find('&'), std::string::npos);  // no entities: the input text never reaches the markup
}

TEST(QrSvg, AcceptsBinaryInput) { EXPECT_TRUE(QrSvg(std::string("a\0b\xff", 4)).has_value()); }

TEST(QrSvg, RejectsEmptyAndOversizedText) {
    EXPECT_EQ(QrSvg("").error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(QrSvg(std::string(3000, 'x')).error().code, ErrorCode::kInvalidArgument);
    EXPECT_TRUE(QrSvg(std::string(2331, 'x')).has_value());  // the level-M byte-mode capacity of version 40
    EXPECT_FALSE(QrSvg(std::string(2332, 'x')).has_value());
}

}  // namespace
}  // namespace palisade::auth
