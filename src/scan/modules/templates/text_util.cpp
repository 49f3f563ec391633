// SPDX-License-Identifier: Apache-2.0
#include "scan/modules/templates/text_util.hpp"

#include <string.h>

#include <memory>

#include "scan/modules/templates/dsl_internal.hpp"

namespace palisade::scan::templates {

bool ContainsBytes(std::string_view haystack, std::string_view needle) {
    if (needle.empty()) return true;
    if (needle.size() > haystack.size()) return false;
    return memmem(haystack.data(), haystack.size(), needle.data(), needle.size()) != nullptr;
}

std::string LowerAscii(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

std::string UpperAscii(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
    return out;
}

std::string SnakeHeaderName(std::string_view name) {
    while (!name.empty() && (name.front() == ' ' || name.front() == '\t')) name.remove_prefix(1);
    while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.remove_suffix(1);
    std::string out = LowerAscii(name);
    for (char& c : out) {
        if (c == '-') c = '_';
    }
    return out;
}

std::vector<std::vector<std::string_view>> FindAll(const re2::RE2& re, std::string_view text, std::size_t limit) {
    std::vector<std::vector<std::string_view>> out;
    const int groups = re.NumberOfCapturingGroups() + 1;
    std::vector<re2::StringPiece> match(static_cast<std::size_t>(groups));
    std::size_t pos = 0;
    std::size_t previous_end = std::string_view::npos;
    const re2::StringPiece piece(text.data(), text.size());
    while (pos <= text.size() && out.size() < limit) {
        if (!re.Match(piece, pos, text.size(), re2::RE2::UNANCHORED, match.data(), groups)) break;
        std::size_t start = static_cast<std::size_t>(match[0].data() - text.data());
        std::size_t end = start + match[0].size();
        bool skip = match[0].empty() && start == previous_end;  // Go: no empty match abutting the previous one
        if (!skip) {
            std::vector<std::string_view> groups_out;
            groups_out.reserve(match.size());
            for (const auto& g : match) {
                groups_out.emplace_back(g.data() == nullptr ? std::string_view()
                                                            : std::string_view(g.data(), g.size()));
            }
            out.push_back(std::move(groups_out));
            previous_end = end;
        }
        if (end > start) {
            pos = end;
        } else {
            // Step over one UTF-8 sequence so an empty match does not repeat forever.
            std::size_t step = 1;
            if (start < text.size()) {
                unsigned char c = static_cast<unsigned char>(text[start]);
                step = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
            }
            pos = start + step;
        }
    }
    return out;
}

std::shared_ptr<const re2::RE2> CompileGoRegex(std::string_view pattern, std::string& error) {
    std::string rewritten;
    rewritten.reserve(pattern.size());
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        rewritten += pattern[i];
        if (pattern[i] == '\\' && i + 1 < pattern.size()) {
            rewritten += pattern[++i];
            continue;
        }
        if (pattern.substr(i, 3) == "(?<" && i + 3 < pattern.size() && pattern[i + 3] != '=' && pattern[i + 3] != '!') {
            rewritten += "?P<";
            i += 2;
        }
    }
    auto re = std::make_shared<re2::RE2>(rewritten, dsl::GoRegexOptions());
    if (!re->ok()) {
        error = re->error();
        return nullptr;
    }
    return re;
}

}  // namespace palisade::scan::templates
