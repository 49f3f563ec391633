// SPDX-License-Identifier: Apache-2.0
#include "scan/modules/headers/hsts_parser.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "core/strings.hpp"

namespace palisade::scan::headers {
namespace {

bool IsTchar(char c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
    return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool IsOws(char c) { return c == ' ' || c == '\t'; }

// A cursor over the header value; every Read* returns nullopt on a syntax error.
class Scanner {
  public:
    explicit Scanner(std::string_view s) : s_(s) {}
    bool AtEnd() const { return pos_ >= s_.size(); }
    char Peek() const { return s_[pos_]; }
    void Advance() { ++pos_; }
    void SkipOws() {
        while (!AtEnd() && IsOws(Peek())) ++pos_;
    }
    std::optional<std::string_view> ReadToken() {
        std::size_t start = pos_;
        while (!AtEnd() && IsTchar(Peek())) ++pos_;
        if (pos_ == start) return std::nullopt;
        return s_.substr(start, pos_ - start);
    }
    // quoted-string = DQUOTE *( qdtext / quoted-pair ) DQUOTE (RFC 9110 §5.6.4); returns the unescaped content.
    std::optional<std::string> ReadQuoted() {
        std::string out;
        ++pos_;  // opening quote
        while (!AtEnd()) {
            char c = s_[pos_++];
            if (c == '"') return out;
            if (c == '\\') {
                if (AtEnd()) return std::nullopt;
                c = s_[pos_++];
            }
            auto u = static_cast<unsigned char>(c);
            if ((u < 0x20 && c != '\t') || u == 0x7f) return std::nullopt;
            out.push_back(c);
        }
        return std::nullopt;  // unterminated
    }

  private:
    std::string_view s_;
    std::size_t pos_ = 0;
};

std::optional<std::chrono::seconds> ParseDeltaSeconds(std::string_view v) {
    if (v.empty() || !std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return std::nullopt;
    }
    constexpr auto kMax = std::chrono::seconds::max().count();
    std::chrono::seconds::rep n = 0;
    for (char c : v) {
        int digit = c - '0';
        if (n > (kMax - digit) / 10) return std::chrono::seconds::max();
        n = n * 10 + digit;
    }
    return std::chrono::seconds(n);
}

tl::unexpected<Error> Invalid(std::string detail) {
    return Fail(ErrorCode::kInvalidArgument, "invalid Strict-Transport-Security header", std::move(detail));
}

}  // namespace

Result<Hsts> ParseHsts(std::string_view header) {
    if (header.size() > kMaxHeaderBytes) {
        return Fail(ErrorCode::kInvalidArgument, "Strict-Transport-Security header too large",
                    std::to_string(header.size()));
    }
    Hsts hsts;
    bool have_max_age = false;
    std::vector<std::string> seen;
    Scanner in(header);
    while (true) {
        in.SkipOws();
        if (in.AtEnd()) break;
        if (in.Peek() == ';') {
            in.Advance();
            continue;
        }
        auto name_token = in.ReadToken();
        if (!name_token) return Invalid("expected a directive name");
        std::string name = ToLower(*name_token);
        in.SkipOws();
        std::optional<std::string> value;
        if (!in.AtEnd() && in.Peek() == '=') {
            in.Advance();
            in.SkipOws();
            if (!in.AtEnd() && in.Peek() == '"') {
                value = in.ReadQuoted();
            } else if (auto token = in.ReadToken()) {
                value = std::string(*token);
            }
            if (!value) return Invalid("bad value for " + name);
            in.SkipOws();
        }
        if (!in.AtEnd() && in.Peek() != ';') return Invalid("unexpected character after " + name);
        if (std::find(seen.begin(), seen.end(), name) != seen.end()) return Invalid("duplicate directive " + name);
        seen.push_back(name);

        if (name == "max-age") {
            auto age = value ? ParseDeltaSeconds(*value) : std::nullopt;
            if (!age) return Invalid("max-age is not a number of seconds");
            hsts.max_age = *age;
            have_max_age = true;
        } else if (name == "includesubdomains" || name == "preload") {
            if (value) return Invalid(name + " takes no value");
            (name == "preload" ? hsts.preload : hsts.include_subdomains) = true;
        }
    }
    if (!have_max_age) return Invalid("max-age missing");
    return hsts;
}

}  // namespace palisade::scan::headers
