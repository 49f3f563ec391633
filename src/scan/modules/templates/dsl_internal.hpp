// SPDX-License-Identifier: Apache-2.0
// The syntax tree of a compiled DSL expression, shared by the parser (dsl.cpp) and the evaluator (dsl_eval.cpp).
// Not part of the public API.
#pragma once

#include <re2/re2.h>

#include <memory>
#include <string>
#include <vector>

#include "scan/modules/templates/dsl.hpp"

namespace palisade::scan::templates::dsl {

enum class NodeKind { kLiteral, kTemplateString, kVariable, kNot, kNegate, kBinary, kCall };
enum class BinaryOp { kOr, kAnd, kEqual, kNotEqual, kLess, kLessEqual, kGreater, kGreaterEqual };
enum class Function { kContains, kContainsAll, kContainsAny, kRegex, kLen, kToLower, kToUpper };

struct Node {
    NodeKind kind = NodeKind::kLiteral;
    Value literal = Value::Bool(false);           // kLiteral
    std::string text;                             // kVariable: the name; kTemplateString: the literal with {{markers}}
    BinaryOp op = BinaryOp::kOr;                  // kBinary
    Function function = Function::kContains;      // kCall
    std::vector<std::unique_ptr<Node>> children;  // operands / arguments
    std::shared_ptr<const re2::RE2> regex;        // kCall regex() with a literal pattern, compiled once
};

class Expression {
  public:
    std::string source;
    std::unique_ptr<Node> root;
};

// RE2 options matching Go's regexp defaults (UTF-8, perl classes, no logging to stderr).
re2::RE2::Options GoRegexOptions();

}  // namespace palisade::scan::templates::dsl
