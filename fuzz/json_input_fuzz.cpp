// SPDX-License-Identifier: Apache-2.0
// JsonInput on arbitrary request bodies: Parse, every getter, Finish. Beyond "no crash", checks the getters'
// promises: a returned string is valid UTF-8, within its length, and free of NUL (and of control characters for
// kLine), and Finish fails exactly when an error was recorded.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "api/json_input.hpp"
#include "core/strings.hpp"

namespace {

using palisade::api::JsonInput;
using palisade::api::TextKind;

void Check(bool ok) {
    if (!ok) __builtin_trap();
}

void CheckText(const std::optional<std::string>& s, std::size_t max_chars, TextKind kind) {
    if (!s) return;
    Check(palisade::IsValidUtf8(*s));
    Check(palisade::Utf8Length(*s) <= max_chars);
    Check(s->find('\0') == std::string::npos);
    if (kind == TextKind::kLine) {
        for (char c : *s) Check(static_cast<unsigned char>(c) >= 0x20 && c != 0x7F);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view body(reinterpret_cast<const char*>(data), size);
    auto in = JsonInput::ParseOrEmpty(body);
    if (!in) {
        Check(in.error().field == "body");
        return 0;
    }
    const std::string email = in->RequiredString("email", 254);
    CheckText(email, 254, TextKind::kLine);
    CheckText(in->OptionalString("password", 256, TextKind::kSecret), 256, TextKind::kSecret);
    CheckText(in->OptionalString("name", 5), 5, TextKind::kLine);
    in->OptionalBool("flag");
    const std::size_t recorded = in->errors().size();
    auto done = in->Finish({"email", "password", "name", "flag"});
    Check(done.has_value() == (in->errors().empty()));
    Check(in->errors().size() >= recorded);
    if (!done) Check(!done.error().field_errors.empty());
    return 0;
}
