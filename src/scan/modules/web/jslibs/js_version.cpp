// SPDX-License-Identifier: Apache-2.0
// retire.js version rules (node/lib/retire.js isAtOrAbove, toComparable and check), as a three-way comparison.
#include <algorithm>
#include <string_view>

#include "scan/modules/web/jslibs/js_repository.hpp"

namespace palisade::scan::web::jslibs {
namespace {

// A part of a version string split on '.' and '-'; `missing` is the 0 that stands for an absent part.
struct Part {
    std::string_view text;
    bool missing = false;
};

bool IsNumber(const Part& p) {
    if (p.missing) return true;
    if (p.text.empty()) return false;
    return std::all_of(p.text.begin(), p.text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Numeric comparison of digit strings of any length (parseInt would lose precision past 2^53; the order is the
// same for every realistic version).
int CompareNumbers(std::string_view a, std::string_view b) {
    auto strip = [](std::string_view s) {
        std::size_t i = 0;
        while (i + 1 < s.size() && s[i] == '0') ++i;
        return s.substr(i);
    };
    a = strip(a);
    b = strip(b);
    if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
    int c = a.compare(b);
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

// The i-th part, or a missing part past the end.
class Parts {
  public:
    explicit Parts(std::string_view v) : v_(v) {}
    bool Next(Part& out) {
        if (done_) {
            out = Part{{}, true};
            return false;
        }
        std::size_t end = v_.find_first_of(".-", pos_);
        if (end == std::string_view::npos) {
            out = Part{v_.substr(pos_), false};
            done_ = true;
        } else {
            out = Part{v_.substr(pos_, end - pos_), false};
            pos_ = end + 1;
        }
        return true;
    }

  private:
    std::string_view v_;
    std::size_t pos_ = 0;
    bool done_ = false;
};

}  // namespace

int CompareVersions(std::string_view a, std::string_view b) {
    Parts pa(a), pb(b);
    while (true) {
        Part x, y;
        bool more_a = pa.Next(x);
        bool more_b = pb.Next(y);
        if (!more_a && !more_b) return 0;
        bool nx = IsNumber(x), ny = IsNumber(y);
        if (nx != ny) return nx ? 1 : -1;  // a number is greater than a non-number
        int c = 0;
        if (nx) {
            c = CompareNumbers(x.missing ? std::string_view("0") : x.text, y.missing ? std::string_view("0") : y.text);
        } else {
            int raw = x.text.compare(y.text);
            c = raw < 0 ? -1 : (raw > 0 ? 1 : 0);
        }
        if (c != 0) return c;
    }
}

bool JsVulnerability::Affects(std::string_view version) const {
    if (!below.empty() && CompareVersions(version, below) >= 0) return false;
    if (!at_or_above.empty() && CompareVersions(version, at_or_above) < 0) return false;
    return std::find(excludes.begin(), excludes.end(), version) == excludes.end();
}

}  // namespace palisade::scan::web::jslibs
