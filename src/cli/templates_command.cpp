// SPDX-License-Identifier: Apache-2.0
#include "cli/templates_command.hpp"

#include <boost/json.hpp>
#include <cstdio>
#include <filesystem>

#include "cli/exit_code.hpp"
#include "core/strings.hpp"
#include "scan/modules/templates/builtin_pack.hpp"
#include "scan/modules/templates/template.hpp"

namespace palisade::cli {
namespace {

namespace json = boost::json;
namespace tpl = scan::templates;

constexpr int kExitSkipped = 1;

struct Entry {
    std::string path;
    std::string id;      // loaded templates only
    std::string status;  // "loaded", "skipped", "malformed"
    std::string reason;
};

Entry FromResult(const tpl::LoadResult& r) {
    if (r.tmpl) return {r.path, r.tmpl->id, "loaded", ""};
    return {r.path, "", r.malformed ? "malformed" : "skipped", r.skip_reason};
}

// Control characters of a path or reason shown as "\xNN" so one entry stays on one line.
std::string OneLine(std::string_view text) {
    std::string out;
    for (char c : SanitizeUtf8(text)) {
        auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", u);
            out += buf;
        } else {
            out += c;
        }
    }
    return out;
}

void PrintJson(const std::vector<Entry>& entries, std::size_t loaded, std::size_t skipped, std::size_t malformed) {
    json::array list;
    for (const Entry& e : entries) {
        json::object o{{"path", SanitizeUtf8(e.path)}, {"status", e.status}};
        o["id"] = e.id.empty() ? json::value(nullptr) : json::value(e.id);
        o["reason"] = e.reason.empty() ? json::value(nullptr) : json::value(SanitizeUtf8(e.reason));
        list.emplace_back(std::move(o));
    }
    json::object doc{{"total", entries.size()},
                     {"loaded", loaded},
                     {"skipped", skipped},
                     {"malformed", malformed},
                     {"templates", std::move(list)}};
    std::string text = json::serialize(doc);
    text += '\n';
    std::fwrite(text.data(), 1, text.size(), stdout);
}

}  // namespace

CLI::App* AddTemplatesCommand(CLI::App& app, TemplatesCheckArgs& a) {
    auto* templates = app.add_subcommand("templates", "Nuclei templates: check what the templates module can load");
    templates->require_subcommand(1);
    auto* check = templates->add_subcommand("check", "Load templates and list the loaded and skipped ones");
    check->footer(
        "Exit codes: 0 = every template loaded, 1 = some template was skipped (unsupported feature) or malformed,\n"
        "            2 = usage error (no path, a path that does not exist, a bad --format).");
    check->add_option("paths", a.paths, "Template files or directories (searched recursively for *.yaml, *.yml)");
    check->add_flag("--builtin", a.builtin, "Also check the built-in template pack");
    check->add_option("--format", a.format, "text | json")->capture_default_str();
    check->add_flag("--verbose", a.verbose, "text: also a line per loaded template");
    return check;
}

int RunTemplatesCheck(const TemplatesCheckArgs& a) {
    std::vector<std::string> problems;
    if (a.format != "text" && a.format != "json") problems.push_back("--format: must be text or json");
    if (a.paths.empty() && !a.builtin) problems.push_back("give template files or directories, or --builtin");
    for (const std::string& p : a.paths) {
        std::error_code ec;
        auto status = std::filesystem::status(p, ec);
        if (ec || (!std::filesystem::is_directory(status) && !std::filesystem::is_regular_file(status))) {
            problems.push_back("no such template file or directory: " + p);
        }
    }
    if (!problems.empty()) {
        for (const std::string& p : problems) std::fprintf(stderr, "palisade templates check: %s\n", p.c_str());
        return kExitUsage;
    }

    std::vector<Entry> entries;
    for (const std::string& p : a.paths) {
        auto results = tpl::LoadPath(p);
        if (!results) {
            std::fprintf(stderr, "palisade templates check: %s\n", results.error().message.c_str());
            return kExitUsage;
        }
        for (const tpl::LoadResult& r : *results) entries.push_back(FromResult(r));
    }
    if (a.builtin) {
        const tpl::TemplatePack& pack = tpl::BuiltinPack();
        for (const auto& t : pack.templates) entries.push_back({t->path, t->id, "loaded", ""});
        for (const tpl::LoadResult& r : pack.skipped) entries.push_back(FromResult(r));
    }
    std::size_t loaded = 0, skipped = 0, malformed = 0;
    for (const Entry& e : entries) {
        if (e.status == "loaded") ++loaded;
        if (e.status == "skipped") ++skipped;
        if (e.status == "malformed") ++malformed;
    }

    if (a.format == "json") {
        PrintJson(entries, loaded, skipped, malformed);
    } else {
        for (const Entry& e : entries) {
            if (e.status == "loaded" && !a.verbose) continue;
            std::string line = e.status == "loaded" ? "loaded    " + OneLine(e.path) + " (" + OneLine(e.id) + ")"
                                                    : (e.status == "skipped" ? "skipped   " : "malformed ") +
                                                          OneLine(e.path) + ": " + OneLine(e.reason);
            std::printf("%s\n", line.c_str());
        }
        std::printf("%zu template%s: %zu loaded, %zu skipped, %zu malformed\n", entries.size(),
                    entries.size() == 1 ? "" : "s", loaded, skipped, malformed);
    }
    std::fflush(stdout);
    return skipped + malformed > 0 ? kExitSkipped : kExitOk;
}

}  // namespace palisade::cli
