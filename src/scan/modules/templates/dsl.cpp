// SPDX-License-Identifier: Apache-2.0
// DSL values, tokenizer and recursive-descent parser (precedence from low to high: || , && , comparisons, prefix ! and
// -, calls/literals/variables/parentheses), as govaluate parses nuclei expressions.
#include "scan/modules/templates/dsl.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>

#include "scan/modules/templates/dsl_internal.hpp"
#include "scan/modules/templates/text_util.hpp"

namespace palisade::scan::templates::dsl {
namespace {

constexpr std::size_t kMaxExpressionBytes = 16 * 1024;
constexpr int kMaxDepth = 64;

enum class TokenKind { kString, kNumber, kIdent, kLeftParen, kRightParen, kComma, kOperator, kEnd };

struct Token {
    TokenKind kind = TokenKind::kEnd;
    std::string text;  // string value (escapes removed), identifier, operator
    double number = 0;
    std::size_t offset = 0;
};

bool IsIdentStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool IsIdentChar(char c) { return IsIdentStart(c) || (c >= '0' && c <= '9'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

Status SyntaxError(std::string what, std::size_t offset) {
    return Fail(ErrorCode::kInvalidArgument, "dsl: " + what + " at offset " + std::to_string(offset));
}

class Tokenizer {
  public:
    explicit Tokenizer(std::string_view text) : text_(text) {}

    Result<std::vector<Token>> Run() {
        std::vector<Token> tokens;
        while (true) {
            while (pos_ < text_.size() &&
                   (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' || text_[pos_] == '\r')) {
                ++pos_;
            }
            Token t;
            t.offset = pos_;
            if (pos_ >= text_.size()) {
                tokens.push_back(t);
                return tokens;
            }
            char c = text_[pos_];
            if (c == '\'' || c == '"') {
                auto s = ReadString(c);
                if (!s) return Fail(s.error());
                t.kind = TokenKind::kString;
                t.text = std::move(*s);
            } else if (IsDigit(c) || (c == '.' && pos_ + 1 < text_.size() && IsDigit(text_[pos_ + 1]))) {
                std::size_t start = pos_;
                while (pos_ < text_.size() && (IsDigit(text_[pos_]) || text_[pos_] == '.')) ++pos_;
                std::string_view digits = text_.substr(start, pos_ - start);
                auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), t.number);
                if (ec != std::errc() || end != digits.data() + digits.size()) {
                    return Fail(SyntaxError("malformed number '" + std::string(digits) + "'", start).error());
                }
                t.kind = TokenKind::kNumber;
            } else if (IsIdentStart(c)) {
                std::size_t start = pos_;
                while (pos_ < text_.size() && IsIdentChar(text_[pos_])) ++pos_;
                t.kind = TokenKind::kIdent;
                t.text = std::string(text_.substr(start, pos_ - start));
            } else if (c == '[') {
                // govaluate's escaped parameter name: [any-name]
                std::size_t close = text_.find(']', pos_);
                if (close == std::string_view::npos || close == pos_ + 1) {
                    return Fail(SyntaxError("unterminated [name]", pos_).error());
                }
                t.kind = TokenKind::kIdent;
                t.text = std::string(text_.substr(pos_ + 1, close - pos_ - 1));
                pos_ = close + 1;
            } else if (c == '(' || c == ')' || c == ',') {
                t.kind = c == '(' ? TokenKind::kLeftParen : c == ')' ? TokenKind::kRightParen : TokenKind::kComma;
                ++pos_;
            } else {
                auto op = ReadOperator();
                if (!op) return Fail(op.error());
                t.kind = TokenKind::kOperator;
                t.text = std::move(*op);
            }
            tokens.push_back(std::move(t));
        }
    }

  private:
    Result<std::string> ReadString(char quote) {
        std::size_t start = pos_++;
        std::string out;
        while (pos_ < text_.size()) {
            char c = text_[pos_++];
            if (c == '\\') {
                if (pos_ >= text_.size()) break;
                out += text_[pos_++];  // govaluate: the escaped character, taken literally
                continue;
            }
            if (c == quote) return out;
            out += c;
        }
        return Fail(SyntaxError("unterminated string", start).error());
    }

    Result<std::string> ReadOperator() {
        static constexpr std::string_view kSupported[] = {"||", "&&", "==", "!=", "<=", ">=", "<", ">", "!", "-"};
        static constexpr std::string_view kUnsupported[] = {"=~", "!~", "??", "<<", ">>", "**", "+", "*", "/",
                                                            "%",  "?",  ":",  "^",  "&",  "|",  "~", "="};
        std::string_view rest = text_.substr(pos_);
        for (std::string_view op : kSupported) {
            if (rest.starts_with(op) && !(op == "!" && rest.starts_with("!~"))) {
                pos_ += op.size();
                return std::string(op);
            }
        }
        for (std::string_view op : kUnsupported) {
            if (rest.starts_with(op)) {
                return Fail(ErrorCode::kInvalidArgument, "dsl operator " + std::string(op) + " not supported");
            }
        }
        if (rest.starts_with("{{")) {
            return Fail(ErrorCode::kInvalidArgument, "dsl: {{placeholder}} outside a string literal not supported");
        }
        return Fail(SyntaxError("unexpected character '" + std::string(1, rest.front()) + "'", pos_).error());
    }

    std::string_view text_;
    std::size_t pos_ = 0;
};

struct FunctionSpec {
    Function function;
    std::size_t min_args;
    std::size_t max_args;  // SIZE_MAX = variadic
};

const std::map<std::string, FunctionSpec, std::less<>>& Functions() {
    static const std::map<std::string, FunctionSpec, std::less<>> m = {
        {"contains", {Function::kContains, 2, 2}},
        {"contains_all", {Function::kContainsAll, 2, SIZE_MAX}},
        {"contains_any", {Function::kContainsAny, 2, SIZE_MAX}},
        {"regex", {Function::kRegex, 2, 2}},
        {"len", {Function::kLen, 1, 1}},
        {"to_lower", {Function::kToLower, 1, 1}},
        {"tolower", {Function::kToLower, 1, 1}},
        {"to_upper", {Function::kToUpper, 1, 1}},
        {"toupper", {Function::kToUpper, 1, 1}},
    };
    return m;
}

class Parser {
  public:
    explicit Parser(std::vector<Token> tokens) : tokens_(std::move(tokens)) {}

    Result<std::unique_ptr<Node>> Parse() {
        auto root = ParseOr(0);
        if (!root) return root;
        if (Peek().kind != TokenKind::kEnd) return Fail(Unexpected(Peek()).error());
        return root;
    }

  private:
    const Token& Peek() const { return tokens_[pos_]; }
    const Token& Next() { return tokens_[pos_ < tokens_.size() - 1 ? pos_++ : pos_]; }
    bool IsOperator(std::string_view op) const { return Peek().kind == TokenKind::kOperator && Peek().text == op; }

    static Status Unexpected(const Token& t) {
        if (t.kind == TokenKind::kEnd) return SyntaxError("unexpected end of expression", t.offset);
        std::string what = t.kind == TokenKind::kString ? "string" : t.text.empty() ? "token" : "'" + t.text + "'";
        if (t.kind == TokenKind::kLeftParen) what = "'('";
        if (t.kind == TokenKind::kRightParen) what = "')'";
        if (t.kind == TokenKind::kComma) what = "','";
        return SyntaxError("unexpected " + what, t.offset);
    }

    static std::unique_ptr<Node> Binary(BinaryOp op, std::unique_ptr<Node> left, std::unique_ptr<Node> right) {
        auto node = std::make_unique<Node>();
        node->kind = NodeKind::kBinary;
        node->op = op;
        node->children.push_back(std::move(left));
        node->children.push_back(std::move(right));
        return node;
    }

    Result<std::unique_ptr<Node>> ParseOr(int depth) {
        if (depth > kMaxDepth) return Fail(ErrorCode::kInvalidArgument, "dsl: expression nested too deeply");
        auto left = ParseAnd(depth);
        while (left && IsOperator("||")) {
            Next();
            auto right = ParseAnd(depth);
            if (!right) return right;
            left = Binary(BinaryOp::kOr, std::move(*left), std::move(*right));
        }
        return left;
    }

    Result<std::unique_ptr<Node>> ParseAnd(int depth) {
        auto left = ParseComparison(depth);
        while (left && IsOperator("&&")) {
            Next();
            auto right = ParseComparison(depth);
            if (!right) return right;
            left = Binary(BinaryOp::kAnd, std::move(*left), std::move(*right));
        }
        return left;
    }

    Result<std::unique_ptr<Node>> ParseComparison(int depth) {
        static const std::map<std::string, BinaryOp, std::less<>> kOps = {
            {"==", BinaryOp::kEqual},     {"!=", BinaryOp::kNotEqual}, {"<", BinaryOp::kLess},
            {"<=", BinaryOp::kLessEqual}, {">", BinaryOp::kGreater},   {">=", BinaryOp::kGreaterEqual}};
        auto left = ParseUnary(depth);
        while (left && Peek().kind == TokenKind::kOperator) {
            auto it = kOps.find(Peek().text);
            if (it == kOps.end()) break;
            Next();
            auto right = ParseUnary(depth);
            if (!right) return right;
            left = Binary(it->second, std::move(*left), std::move(*right));
        }
        return left;
    }

    Result<std::unique_ptr<Node>> ParseUnary(int depth) {
        if (depth > kMaxDepth) return Fail(ErrorCode::kInvalidArgument, "dsl: expression nested too deeply");
        if (IsOperator("!") || IsOperator("-")) {
            bool is_not = Peek().text == "!";
            Next();
            auto operand = ParseUnary(depth + 1);
            if (!operand) return operand;
            auto node = std::make_unique<Node>();
            node->kind = is_not ? NodeKind::kNot : NodeKind::kNegate;
            node->children.push_back(std::move(*operand));
            return node;
        }
        return ParsePrimary(depth);
    }

    Result<std::unique_ptr<Node>> ParsePrimary(int depth) {
        const Token& t = Next();
        auto node = std::make_unique<Node>();
        switch (t.kind) {
            case TokenKind::kString:
                if (t.text.find("{{") != std::string::npos && t.text.find("}}") != std::string::npos) {
                    node->kind = NodeKind::kTemplateString;
                    node->text = t.text;
                } else {
                    node->literal = Value::String(t.text);
                }
                return node;
            case TokenKind::kNumber:
                node->literal = Value::Number(t.number);
                return node;
            case TokenKind::kLeftParen: {
                auto inner = ParseOr(depth + 1);
                if (!inner) return inner;
                if (Peek().kind != TokenKind::kRightParen) return Fail(Unexpected(Peek()).error());
                Next();
                return inner;
            }
            case TokenKind::kIdent:
                if (Peek().kind == TokenKind::kLeftParen) return ParseCall(t, depth);
                if (t.text == "true" || t.text == "false") {
                    node->literal = Value::Bool(t.text == "true");
                    return node;
                }
                node->kind = NodeKind::kVariable;
                node->text = t.text;
                return node;
            default:
                return Fail(Unexpected(t).error());
        }
    }

    Result<std::unique_ptr<Node>> ParseCall(const Token& name, int depth) {
        auto spec = Functions().find(name.text);
        if (spec == Functions().end()) {
            return Fail(ErrorCode::kInvalidArgument, "dsl function " + name.text + " not supported");
        }
        Next();  // '('
        auto node = std::make_unique<Node>();
        node->kind = NodeKind::kCall;
        node->function = spec->second.function;
        if (Peek().kind != TokenKind::kRightParen) {
            while (true) {
                auto arg = ParseOr(depth + 1);
                if (!arg) return arg;
                node->children.push_back(std::move(*arg));
                if (Peek().kind == TokenKind::kComma) {
                    Next();
                    continue;
                }
                break;
            }
        }
        if (Peek().kind != TokenKind::kRightParen) return Fail(Unexpected(Peek()).error());
        Next();
        std::size_t n = node->children.size();
        if (n < spec->second.min_args || n > spec->second.max_args) {
            return Fail(ErrorCode::kInvalidArgument,
                        "dsl function " + name.text + ": wrong number of arguments (" + std::to_string(n) + ")");
        }
        if (node->function == Function::kRegex && node->children[0]->kind == NodeKind::kLiteral &&
            node->children[0]->literal.IsString()) {
            std::string error;
            node->regex = CompileGoRegex(node->children[0]->literal.AsString(), error);
            if (!node->regex) return Fail(ErrorCode::kInvalidArgument, "dsl regex: " + error);
        }
        return node;
    }

    std::vector<Token> tokens_;
    std::size_t pos_ = 0;
};

}  // namespace

re2::RE2::Options GoRegexOptions() {
    re2::RE2::Options options;
    options.set_log_errors(false);
    options.set_max_mem(32 << 20);
    return options;
}

Value Value::String(std::string text) {
    Value v;
    v.kind_ = Kind::kString;
    v.text_ = std::move(text);
    return v;
}

Value Value::View(std::string_view text) {
    Value v;
    v.kind_ = Kind::kString;
    v.owned_ = false;
    v.view_ = text;
    return v;
}

Value Value::Number(double number) {
    Value v;
    v.kind_ = Kind::kNumber;
    v.number_ = number;
    return v;
}

Value Value::Bool(bool flag) {
    Value v;
    v.kind_ = Kind::kBool;
    v.flag_ = flag;
    return v;
}

std::string FormatNumber(double number) {
    if (std::isnan(number)) return "NaN";
    if (std::isinf(number)) return number > 0 ? "+Inf" : "-Inf";
    char buffer[400];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), number, std::chars_format::fixed);
    if (ec != std::errc()) return std::to_string(number);
    return std::string(buffer, end);
}

std::string Value::ToString() const {
    switch (kind_) {
        case Kind::kString:
            return std::string(AsString());
        case Kind::kNumber:
            return FormatNumber(number_);
        case Kind::kBool:
            return flag_ ? "true" : "false";
    }
    return {};
}

Result<std::shared_ptr<const Expression>> Compile(std::string_view text) {
    if (text.size() > kMaxExpressionBytes) return Fail(ErrorCode::kInvalidArgument, "dsl: expression too long");
    auto tokens = Tokenizer(text).Run();
    if (!tokens) return Fail(tokens.error());
    if (tokens->size() == 1) return Fail(ErrorCode::kInvalidArgument, "dsl: empty expression");
    auto root = Parser(std::move(*tokens)).Parse();
    if (!root) return Fail(root.error());
    auto expression = std::make_shared<Expression>();
    expression->source = std::string(text);
    expression->root = std::move(*root);
    return std::shared_ptr<const Expression>(std::move(expression));
}

const std::string& Source(const Expression& expression) { return expression.source; }

}  // namespace palisade::scan::templates::dsl
