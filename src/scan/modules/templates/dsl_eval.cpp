// SPDX-License-Identifier: Apache-2.0
// Evaluation of a compiled DSL tree with govaluate's type rules and nuclei's helper functions.
#include <cmath>

#include "scan/modules/templates/dsl.hpp"
#include "scan/modules/templates/dsl_internal.hpp"
#include "scan/modules/templates/text_util.hpp"

namespace palisade::scan::templates::dsl {
namespace {

tl::unexpected<Error> TypeError(std::string message) { return Fail(ErrorCode::kInvalidArgument, std::move(message)); }

std::string Describe(const Value& v) {
    switch (v.kind()) {
        case Value::Kind::kString:
            return "string";
        case Value::Kind::kNumber:
            return "number";
        case Value::Kind::kBool:
            return "bool";
    }
    return "value";
}

// Replaces {{name}} markers in a string literal with the variables' values.
Result<Value> RenderMarkers(const std::string& text, const Lookup& lookup) {
    std::string out;
    std::size_t pos = 0;
    while (true) {
        std::size_t open = text.find("{{", pos);
        std::size_t close = open == std::string::npos ? open : text.find("}}", open + 2);
        if (close == std::string::npos) {
            out.append(text, pos, std::string::npos);
            return Value::String(std::move(out));
        }
        out.append(text, pos, open - pos);
        std::string_view name(text.data() + open + 2, close - open - 2);
        while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
        while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
        auto value = lookup(name);
        if (!value) return TypeError("No parameter '" + std::string(name) + "' found.");
        out += value->ToString();
        pos = close + 2;
    }
}

bool Equal(const Value& a, const Value& b) {
    if (a.kind() != b.kind()) return false;
    switch (a.kind()) {
        case Value::Kind::kString:
            return a.AsString() == b.AsString();
        case Value::Kind::kNumber:
            return a.AsNumber() == b.AsNumber();
        case Value::Kind::kBool:
            return a.AsBool() == b.AsBool();
    }
    return false;
}

class Evaluator {
  public:
    explicit Evaluator(const Lookup& lookup) : lookup_(lookup) {}

    Result<Value> Eval(const Node& node) {
        switch (node.kind) {
            case NodeKind::kLiteral:
                return node.literal.IsString() ? Value::View(node.literal.AsString()) : node.literal;
            case NodeKind::kTemplateString:
                return RenderMarkers(node.text, lookup_);
            case NodeKind::kVariable: {
                auto value = lookup_(node.text);
                if (!value) return TypeError("No parameter '" + node.text + "' found.");
                return std::move(*value);
            }
            case NodeKind::kNot: {
                auto operand = Eval(*node.children[0]);
                if (!operand) return operand;
                if (operand->kind() != Value::Kind::kBool)
                    return TypeError("! needs a bool, got " + Describe(*operand));
                return Value::Bool(!operand->AsBool());
            }
            case NodeKind::kNegate: {
                auto operand = Eval(*node.children[0]);
                if (!operand) return operand;
                if (operand->kind() != Value::Kind::kNumber) {
                    return TypeError("- needs a number, got " + Describe(*operand));
                }
                return Value::Number(-operand->AsNumber());
            }
            case NodeKind::kBinary:
                return EvalBinary(node);
            case NodeKind::kCall:
                return EvalCall(node);
        }
        return TypeError("dsl: bad node");
    }

  private:
    Result<Value> EvalBinary(const Node& node) {
        auto left = Eval(*node.children[0]);
        if (!left) return left;
        if (node.op == BinaryOp::kAnd || node.op == BinaryOp::kOr) {
            if (left->kind() != Value::Kind::kBool) {
                return TypeError("value of type " + Describe(*left) + " cannot be used with a logical operator");
            }
            bool is_and = node.op == BinaryOp::kAnd;
            if (left->AsBool() != is_and) return Value::Bool(left->AsBool());  // short-cut
            auto right = Eval(*node.children[1]);
            if (!right) return right;
            if (right->kind() != Value::Kind::kBool) {
                return TypeError("value of type " + Describe(*right) + " cannot be used with a logical operator");
            }
            return Value::Bool(right->AsBool());
        }
        auto right = Eval(*node.children[1]);
        if (!right) return right;
        if (node.op == BinaryOp::kEqual) return Value::Bool(Equal(*left, *right));
        if (node.op == BinaryOp::kNotEqual) return Value::Bool(!Equal(*left, *right));
        int order = 0;
        if (left->kind() == Value::Kind::kNumber && right->kind() == Value::Kind::kNumber) {
            order = left->AsNumber() < right->AsNumber() ? -1 : left->AsNumber() > right->AsNumber() ? 1 : 0;
            if (std::isnan(left->AsNumber()) || std::isnan(right->AsNumber())) return Value::Bool(false);
        } else if (left->IsString() && right->IsString()) {
            int c = left->AsString().compare(right->AsString());
            order = c < 0 ? -1 : c > 0 ? 1 : 0;
        } else {
            return TypeError("cannot compare " + Describe(*left) + " with " + Describe(*right));
        }
        switch (node.op) {
            case BinaryOp::kLess:
                return Value::Bool(order < 0);
            case BinaryOp::kLessEqual:
                return Value::Bool(order <= 0);
            case BinaryOp::kGreater:
                return Value::Bool(order > 0);
            case BinaryOp::kGreaterEqual:
                return Value::Bool(order >= 0);
            default:
                return TypeError("dsl: bad operator");
        }
    }

    Result<Value> EvalCall(const Node& node) {
        std::vector<Value> args;
        args.reserve(node.children.size());
        for (const auto& child : node.children) {
            // The pattern of a precompiled regex() is not needed again.
            if (node.regex && args.empty()) {
                args.push_back(Value::Bool(false));
                continue;
            }
            auto value = Eval(*child);
            if (!value) return value;
            args.push_back(std::move(*value));
        }
        // Strings are used in place; other values are converted once.
        std::vector<std::string> converted(args.size());
        auto text = [&](std::size_t i) -> std::string_view {
            if (args[i].IsString()) return args[i].AsString();
            converted[i] = args[i].ToString();
            return converted[i];
        };
        switch (node.function) {
            case Function::kContains:
                return Value::Bool(ContainsBytes(text(0), text(1)));
            case Function::kContainsAll: {
                std::string_view haystack = text(0);
                for (std::size_t i = 1; i < args.size(); ++i) {
                    if (!ContainsBytes(haystack, text(i))) return Value::Bool(false);
                }
                return Value::Bool(true);
            }
            case Function::kContainsAny: {
                std::string_view haystack = text(0);
                for (std::size_t i = 1; i < args.size(); ++i) {
                    if (ContainsBytes(haystack, text(i))) return Value::Bool(true);
                }
                return Value::Bool(false);
            }
            case Function::kRegex: {
                std::string_view input = text(1);
                re2::StringPiece piece(input.data(), input.size());
                if (node.regex) return Value::Bool(re2::RE2::PartialMatch(piece, *node.regex));
                std::string error;
                auto re = CompileGoRegex(text(0), error);
                if (!re) return TypeError("dsl regex: " + error);
                return Value::Bool(re2::RE2::PartialMatch(piece, *re));
            }
            case Function::kLen:
                return Value::Number(static_cast<double>(text(0).size()));
            case Function::kToLower:
                return Value::String(LowerAscii(text(0)));
            case Function::kToUpper:
                return Value::String(UpperAscii(text(0)));
        }
        return TypeError("dsl: bad function");
    }

    const Lookup& lookup_;
};

}  // namespace

Result<Value> Evaluate(const Expression& expression, const Lookup& lookup) {
    if (!expression.root) return TypeError("dsl: empty expression");
    return Evaluator(lookup).Eval(*expression.root);
}

}  // namespace palisade::scan::templates::dsl
