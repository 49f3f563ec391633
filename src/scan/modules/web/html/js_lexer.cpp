// SPDX-License-Identifier: Apache-2.0
#include "scan/modules/web/html/js_lexer.hpp"

#include <string>

namespace palisade::scan::web {
namespace {

bool IsIdentChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$' ||
           static_cast<unsigned char>(c) >= 0x80;
}

bool IsLineEnd(std::string_view s, std::size_t i) {
    if (s[i] == '\n' || s[i] == '\r') return true;
    // U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR in UTF-8.
    return s.compare(i, 3, "\xE2\x80\xA8") == 0 || s.compare(i, 3, "\xE2\x80\xA9") == 0;
}

// Whether a '/' in code starts a regular expression literal, from what precedes it.
bool RegexAllowed(char prev, std::string_view last_word) {
    if (prev == 0) return true;
    if (std::string_view("(,=:[!&|?{};+-*%<>~^}").find(prev) != std::string_view::npos) return true;
    if (prev != 'a') return false;
    for (std::string_view keyword : {"return", "typeof", "case", "do", "else", "in", "instanceof", "new", "delete",
                                     "void", "throw", "yield", "await"}) {
        if (last_word == keyword) return true;
    }
    return false;
}

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

std::vector<std::size_t> FindAllCaseInsensitive(std::string_view haystack, std::string_view needle) {
    std::vector<std::size_t> out;
    if (needle.empty() || needle.size() > haystack.size()) return out;
    std::string hay(haystack);
    for (char& c : hay) c = Lower(c);
    std::string pin(needle);
    for (char& c : pin) c = Lower(c);
    for (std::size_t pos = hay.find(pin); pos != std::string::npos; pos = hay.find(pin, pos + 1)) out.push_back(pos);
    return out;
}

namespace {

// One pass over script text; Step() consumes one character (two for escapes and two-character tokens).
class JsLexer {
  public:
    explicit JsLexer(std::string_view s) : s_(s) {}

    JsState state() const { return state_; }

    // Consumes from `i`; returns the next position. `stop` is a position the lexer must not consume past within
    // an identifier (a marker starts there).
    std::size_t Step(std::size_t i, std::size_t stop) {
        switch (state_) {
            case JsState::kCode:
                return StepCode(i, stop);
            case JsState::kSingleQuoted:
            case JsState::kDoubleQuoted:
                return StepString(i);
            case JsState::kTemplate:
                return StepTemplate(i);
            case JsState::kLineComment:
                if (IsLineEnd(s_, i)) state_ = JsState::kCode;
                return i + 1;
            case JsState::kBlockComment:
                if (s_[i] == '*' && At(i + 1, '/')) {
                    state_ = JsState::kCode;
                    return i + 2;
                }
                return i + 1;
            case JsState::kRegex:
                return StepRegex(i);
        }
        return i + 1;
    }

  private:
    bool At(std::size_t i, char c) const { return i < s_.size() && s_[i] == c; }

    std::size_t StepCode(std::size_t i, std::size_t stop) {
        char c = s_[i];
        if (c == '\'' || c == '"' || c == '`') {
            state_ = c == '\'' ? JsState::kSingleQuoted : c == '"' ? JsState::kDoubleQuoted : JsState::kTemplate;
        } else if (c == '/' && At(i + 1, '/')) {
            state_ = JsState::kLineComment;
            return i + 2;
        } else if (c == '/' && At(i + 1, '*')) {
            state_ = JsState::kBlockComment;
            return i + 2;
        } else if (c == '/') {
            if (RegexAllowed(prev_, last_word_)) {
                state_ = JsState::kRegex;
                in_class_ = false;
            } else {
                prev_ = '/';
            }
        } else if (c == '}' && !templates_.empty() && templates_.back() == braces_) {
            templates_.pop_back();
            state_ = JsState::kTemplate;
        } else if (IsIdentChar(c)) {
            std::size_t end = i + 1;
            while (end < s_.size() && end != stop && IsIdentChar(s_[end])) ++end;
            last_word_ = s_.substr(i, end - i);
            prev_ = 'a';
            return end;
        } else if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') {
            if (c == '{') ++braces_;
            if (c == '}') --braces_;
            prev_ = c;
        }
        return i + 1;
    }

    std::size_t StepString(std::size_t i) {
        char c = s_[i];
        if (c == '\\') return i + 2;
        bool closes = (c == '\'' && state_ == JsState::kSingleQuoted) || (c == '"' && state_ == JsState::kDoubleQuoted);
        if (closes || c == '\n' || c == '\r') {  // an unterminated string ends at the line end
            state_ = JsState::kCode;
            prev_ = 'a';
        }
        return i + 1;
    }

    std::size_t StepTemplate(std::size_t i) {
        char c = s_[i];
        if (c == '\\') return i + 2;
        if (c == '`') {
            state_ = JsState::kCode;
            prev_ = 'a';
        } else if (c == '$' && At(i + 1, '{')) {
            templates_.push_back(braces_);
            state_ = JsState::kCode;
            prev_ = '{';
            return i + 2;
        }
        return i + 1;
    }

    std::size_t StepRegex(std::size_t i) {
        char c = s_[i];
        if (c == '\\') return i + 2;
        if (c == '[') in_class_ = true;
        if (c == ']') in_class_ = false;
        if ((c == '/' && !in_class_) || c == '\n' || c == '\r') {
            state_ = JsState::kCode;
            prev_ = 'a';
        }
        return i + 1;
    }

    std::string_view s_;
    JsState state_ = JsState::kCode;
    std::vector<int> templates_;  // brace depth at which each open ${ began
    int braces_ = 0;
    char prev_ = 0;               // last significant code character ('a' for an identifier, literal or number)
    std::string_view last_word_;  // last identifier in code
    bool in_class_ = false;       // inside [...] of a regex
};

}  // namespace

std::vector<std::pair<std::size_t, JsState>> JsStatesAt(std::string_view s, std::string_view marker) {
    std::vector<std::pair<std::size_t, JsState>> result;
    std::vector<std::size_t> offsets = FindAllCaseInsensitive(s, marker);
    JsLexer lexer(s);
    std::size_t next = 0;
    std::size_t i = 0;
    while (i < s.size() && next < offsets.size()) {
        // An escape or two-character token may step over a marker's first byte: it gets the state it landed in.
        while (next < offsets.size() && offsets[next] <= i) result.emplace_back(offsets[next++], lexer.state());
        if (next >= offsets.size()) break;
        i = lexer.Step(i, offsets[next]);
    }
    while (next < offsets.size()) result.emplace_back(offsets[next++], lexer.state());
    return result;
}

bool MarkerInJsCode(std::string_view script, std::string_view marker) {
    for (const auto& [offset, state] : JsStatesAt(script, marker)) {
        if (state == JsState::kCode) return true;
    }
    return false;
}

}  // namespace palisade::scan::web
