// SPDX-License-Identifier: Apache-2.0
#include "scan/modules/web/jslibs/js_regex.hpp"

#include <algorithm>
#include <utility>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

namespace palisade::scan::web::jslibs {
namespace {

// Per search start position (interpreter) or per search (JIT). Real patterns need a few hundred steps; a
// catastrophic one stops here instead of running for minutes.
constexpr std::uint32_t kMatchLimit = 200'000;
constexpr std::uint32_t kDepthLimit = 2'000;
constexpr std::uint32_t kHeapLimitKib = 8 * 1024;
constexpr std::size_t kMaxGroupBytes = 1024;  // captures are versions; longer text is cut (and rejected later)

constexpr std::uint32_t kCompileOptions = PCRE2_ALT_BSUX | PCRE2_ALLOW_EMPTY_CLASS | PCRE2_MATCH_UNSET_BACKREF |
                                          PCRE2_DOLLAR_ENDONLY | PCRE2_NEVER_UTF | PCRE2_NEVER_UCP |
                                          PCRE2_NEVER_BACKSLASH_C;

// One match context for every search: it is only read by pcre2_match, so threads can share it.
pcre2_match_context* SharedMatchContext() {
    static pcre2_match_context* context = [] {
        pcre2_match_context* c = pcre2_match_context_create(nullptr);
        if (c != nullptr) {
            pcre2_set_match_limit(c, kMatchLimit);
            pcre2_set_depth_limit(c, kDepthLimit);
            pcre2_set_heap_limit(c, kHeapLimitKib);
        }
        return c;
    }();
    return context;
}

bool JitAvailable() {
    static const bool available = [] {
        std::uint32_t jit = 0;
        return pcre2_config(PCRE2_CONFIG_JIT, &jit) >= 0 && jit == 1;
    }();
    return available;
}

std::string ReplaceVersionToken(std::string_view pattern) {
    std::string out;
    out.reserve(pattern.size());
    std::size_t pos = 0;
    while (true) {
        std::size_t hit = pattern.find(kVersionToken, pos);
        if (hit == std::string_view::npos) break;
        out.append(pattern.substr(pos, hit - pos));
        out.append(kVersionClass);
        pos = hit + kVersionToken.size();
    }
    out.append(pattern.substr(pos));
    return out;
}

std::string ErrorText(int code) {
    PCRE2_UCHAR buffer[256];
    int n = pcre2_get_error_message(code, buffer, sizeof(buffer));
    if (n < 0) return "error " + std::to_string(code);
    return std::string(reinterpret_cast<const char*>(buffer), static_cast<std::size_t>(n));
}

}  // namespace

struct JsRegex::Impl {
    pcre2_code* code = nullptr;
    std::uint32_t capture_count = 0;
    ~Impl() { pcre2_code_free(code); }
};

JsRegex::JsRegex(std::string source, std::unique_ptr<Impl> impl) : source_(std::move(source)), impl_(std::move(impl)) {}

JsRegex::~JsRegex() = default;

Result<std::shared_ptr<const JsRegex>> JsRegex::Compile(std::string_view pattern, bool anchored) {
    if (pattern.size() > kMaxPatternBytes) {
        return Fail(ErrorCode::kInvalidArgument, "pattern longer than " + std::to_string(kMaxPatternBytes) + " bytes");
    }
    std::string text = ReplaceVersionToken(pattern);
    if (anchored) text = "^" + text + "$";

    pcre2_compile_context* cctx = pcre2_compile_context_create(nullptr);
    if (cctx == nullptr) return Fail(ErrorCode::kInternal, "out of memory compiling a pattern");
    pcre2_set_newline(cctx, PCRE2_NEWLINE_ANYCRLF);  // JavaScript's '.' matches neither \r nor \n
    int error = 0;
    PCRE2_SIZE offset = 0;
    pcre2_code* code =
        pcre2_compile(reinterpret_cast<PCRE2_SPTR>(text.data()), text.size(), kCompileOptions, &error, &offset, cctx);
    pcre2_compile_context_free(cctx);
    if (code == nullptr) {
        return Fail(ErrorCode::kInvalidArgument, ErrorText(error) + " at offset " + std::to_string(offset));
    }
    auto impl = std::make_unique<Impl>();
    impl->code = code;
    pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &impl->capture_count);
    // JIT is an optimisation only: when it is missing or refuses the pattern, the interpreter runs it.
    if (JitAvailable()) pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
    return std::shared_ptr<const JsRegex>(new JsRegex(std::string(pattern), std::move(impl)));
}

std::vector<RegexMatch> JsRegex::FindAll(std::string_view text, std::size_t max_matches) const {
    std::vector<RegexMatch> out;
    pcre2_match_context* mctx = SharedMatchContext();
    if (mctx == nullptr || max_matches == 0) return out;
    pcre2_match_data* data = pcre2_match_data_create_from_pattern(impl_->code, nullptr);
    if (data == nullptr) return out;
    const auto* subject = reinterpret_cast<PCRE2_SPTR>(text.data());
    PCRE2_SIZE start = 0;
    while (out.size() < max_matches && start <= text.size()) {
        int rc = pcre2_match(impl_->code, subject, text.size(), start, 0, data, mctx);
        if (rc <= 0) break;  // no match, or a limit / error: keep what was found
        const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(data);
        if (ov[1] < ov[0]) break;  // \K in a look-ahead can report an inverted match; treat as the end
        RegexMatch m;
        m.whole.assign(text.substr(ov[0], std::min<std::size_t>(ov[1] - ov[0], kMaxGroupBytes)));
        m.groups.resize(impl_->capture_count);
        for (std::uint32_t g = 1; g <= impl_->capture_count && g < static_cast<std::uint32_t>(rc); ++g) {
            PCRE2_SIZE b = ov[2 * g], e = ov[2 * g + 1];
            if (b == PCRE2_UNSET || e < b) continue;
            m.groups[g - 1] = std::string(text.substr(b, std::min<std::size_t>(e - b, kMaxGroupBytes)));
        }
        start = ov[1] == ov[0] ? ov[1] + 1 : ov[1];
        out.push_back(std::move(m));
    }
    pcre2_match_data_free(data);
    return out;
}

std::string ExpandReplacement(std::string_view replacement, const RegexMatch& match) {
    std::string out;
    const std::size_t groups = match.groups.size();
    auto group = [&](std::size_t n) { return match.groups[n - 1].value_or(""); };
    auto digit = [](char c) { return c >= '0' && c <= '9'; };
    for (std::size_t i = 0; i < replacement.size(); ++i) {
        char c = replacement[i];
        if (c != '$' || i + 1 >= replacement.size()) {
            out += c;
            continue;
        }
        char next = replacement[i + 1];
        if (next == '$') {
            out += '$';
            ++i;
        } else if (next == '&') {
            out += match.whole;
            ++i;
        } else if (next == '`' || next == '\'') {
            ++i;  // the text before/after the match inside the match itself: empty
        } else if (digit(next)) {
            std::size_t one = static_cast<std::size_t>(next - '0');
            bool has_two = i + 2 < replacement.size() && digit(replacement[i + 2]);
            std::size_t two = has_two ? one * 10 + static_cast<std::size_t>(replacement[i + 2] - '0') : 0;
            if (has_two && two >= 1 && two <= groups) {
                out += group(two);
                i += 2;
            } else if (one >= 1 && one <= groups) {
                out += group(one);
                i += 1;
            } else {
                out += c;
            }
        } else {
            out += c;
        }
    }
    return out;
}

}  // namespace palisade::scan::web::jslibs
