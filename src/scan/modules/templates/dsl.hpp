// SPDX-License-Identifier: Apache-2.0
// The nuclei DSL subset: the boolean expressions of `type: dsl` matchers (govaluate syntax and semantics).
//
// Supported: literals ('single' or "double" quoted strings, where a backslash takes the next character literally as
// govaluate does; numbers; true/false), variables (identifiers [A-Za-z_][A-Za-z0-9_]*, or [any name] in brackets),
// parentheses, the operators || && ! == != < <= > >= and unary minus, and the functions contains, contains_all,
// contains_any, regex, len, to_lower/tolower, to_upper/toupper. `{{name}}` markers inside a string literal are
// replaced with the variable's value when the expression is evaluated (nuclei resolves them the same way).
//
// Semantics (govaluate): numbers are doubles; == and != compare type and value (the number 200 is not the string
// "200"); < <= > >= compare two numbers numerically or two strings byte-wise, anything else is an error; && || and !
// need booleans; a missing variable is an error ("No parameter 'x' found.", as govaluate says). && and || short-cut.
// Functions convert their arguments to strings as nuclei's types.ToString does (numbers shortest, no exponent).
//
// Compile() rejects everything else at load time (unknown functions: "dsl function X not supported"), compiles
// regex() patterns given as literals once with RE2, and limits expression length (16 KiB) and nesting depth (64),
// so evaluation is linear in the expression size plus the inputs. Compiled expressions are immutable and thread-safe.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace palisade::scan::templates::dsl {

// A value: a string (owned, or a view into data that outlives the evaluation), a number or a boolean.
class Value {
  public:
    enum class Kind { kString, kNumber, kBool };

    static Value String(std::string text);
    static Value View(std::string_view text);  // REQUIRES: `text` outlives every use of the value
    static Value Number(double number);
    static Value Bool(bool flag);

    Kind kind() const { return kind_; }
    bool IsString() const { return kind_ == Kind::kString; }
    std::string_view AsString() const { return owned_ ? std::string_view(text_) : view_; }
    double AsNumber() const { return number_; }
    bool AsBool() const { return flag_; }
    // nuclei's types.ToString: strings as they are, numbers in shortest form without exponent ("200", "0.5"),
    // booleans "true"/"false".
    std::string ToString() const;

  private:
    Kind kind_ = Kind::kString;
    bool owned_ = true;
    std::string text_;
    std::string_view view_;
    double number_ = 0;
    bool flag_ = false;
};

// Resolves a variable name to its value, or nullopt when it is not defined.
using Lookup = std::function<std::optional<Value>(std::string_view name)>;

// A compiled expression (opaque).
class Expression;

// Compiles `text`. Errors (kInvalidArgument) carry a message fit for a template skip reason: "dsl function md5 not
// supported", "dsl: unexpected token ')' at offset 12", "dsl regex: missing ): (abc" (RE2's message).
Result<std::shared_ptr<const Expression>> Compile(std::string_view text);

// Evaluates `expression`. Errors (kInvalidArgument): a missing variable, an operator or function applied to the
// wrong types, a regex() pattern computed at run time that RE2 rejects.
Result<Value> Evaluate(const Expression& expression, const Lookup& lookup);

// The source text the expression was compiled from.
const std::string& Source(const Expression& expression);

// Number formatting shared with the matchers (nuclei's strconv.FormatFloat(v, 'f', -1, 64)).
std::string FormatNumber(double number);

}  // namespace palisade::scan::templates::dsl
