// SPDX-License-Identifier: Apache-2.0
// The passive web checks on arbitrary responses. The input is a response: an optional first line holding the URL
// ("https://..." or "http://..."), then header lines "Name: value" up to the first empty line, then the body. The
// extracted HTML is faked from the body (every whitespace-separated http(s) token is a subresource and a script, the
// body is an inline script, and a password form posts to the last such token), as the HTML extractor would hand it
// over. Besides "no crash, no sanitizer report, no exception", it checks the contracts: every finding names a check
// of the catalogue with its severity, has a location and a fingerprint; a second inspection of the same page
// reports nothing (de-duplication); detected secrets never appear whole in their masked form; detected addresses
// are private; signature snippets are bounded.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "scan/modules/web/checks/passive/body_signatures.hpp"
#include "scan/modules/web/checks/passive/page_checks.hpp"
#include "scan/modules/web/checks/passive/passive_checks.hpp"
#include "scan/modules/web/checks/passive/sensitive_data.hpp"

namespace {

namespace web = palisade::scan::web;
namespace passive = palisade::scan::web::passive;

void Check(bool ok) {
    if (!ok) __builtin_trap();
}

web::Page MakePage(std::string_view input) {
    web::Page page;
    page.url = "https://fuzz.example/p";
    std::size_t pos = 0;
    auto next_line = [&](std::string_view& line) {
        if (pos >= input.size()) return false;
        std::size_t nl = input.find('\n', pos);
        std::size_t end = nl == std::string_view::npos ? input.size() : nl;
        line = input.substr(pos, end - pos);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        pos = nl == std::string_view::npos ? input.size() : nl + 1;
        return true;
    };
    std::string_view line;
    std::size_t start = pos;
    if (next_line(line) && (line.starts_with("http://") || line.starts_with("https://"))) {
        page.url = std::string(line);
    } else {
        pos = start;
    }
    while (next_line(line) && !line.empty()) {
        std::size_t colon = line.find(':');
        if (colon == std::string_view::npos) continue;
        std::string_view value = line.substr(colon + 1);
        while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
        page.response.headers.push_back({std::string(line.substr(0, colon)), std::string(value)});
    }
    page.response.status = 200;
    page.response.url = page.url;
    page.response.body = std::string(input.substr(pos));

    std::string_view body = page.response.body;
    std::string last;
    for (std::size_t i = 0; i < body.size() && page.html.subresources.size() < 64;) {
        std::size_t end = body.find_first_of(" \t\r\n\"'<>", i);
        if (end == std::string_view::npos) end = body.size();
        std::string_view token = body.substr(i, end - i);
        if (token.starts_with("http://") || token.starts_with("https://")) {
            last = std::string(token);
            page.html.subresources.push_back(last);
            if (page.html.subresources.size() % 2 == 0) page.html.scripts.push_back(last);
        }
        i = end + 1;
    }
    page.html.inline_scripts.push_back(std::string(body.substr(0, 64 * 1024)));
    web::Form form;
    form.page_url = page.url;
    form.action = last.empty() ? page.url : last;
    form.method = "POST";
    form.has_password = true;
    form.fields = {{"user", "text", ""}, {"pass", "password", ""}};
    page.html.forms.push_back(form);
    return page;
}

const palisade::scan::CheckInfo* Find(std::string_view id) {
    for (const auto& c : web::PassiveChecks()) {
        if (c.id == id) return &c;
    }
    return nullptr;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    web::Page page = MakePage(input);

    std::vector<palisade::scan::Finding> findings;
    web::PassiveScanner scanner([&](palisade::scan::Finding f) { findings.push_back(std::move(f)); });
    scanner.Inspect(page);
    for (const auto& f : findings) {
        const palisade::scan::CheckInfo* info = Find(f.check);
        Check(info != nullptr);
        Check(f.severity == info->severity);
        Check(!f.location.empty());
        Check(f.fingerprint.size() == 32);
    }
    std::size_t first = findings.size();
    scanner.Inspect(page);
    Check(findings.size() == first);

    std::string_view body = page.response.body;
    for (const auto& m : passive::FindSignatures(body, true)) {
        Check(m.snippet.size() <= passive::kMaxSnippet && !m.snippet.empty() && !m.name.empty());
    }
    for (const auto& s : passive::FindSecrets(body, true)) {
        Check(!s.value.empty() && s.masked.find(s.value) == std::string::npos);
    }
    for (const auto& a : passive::FindPrivateIps(body)) {
        Check(passive::IsInternalHost(a.address) && !passive::IsLoopbackHost(a.address));
    }
    passive::PageShape(page.url);
    passive::FrameProtected(page.response);
    return 0;
}
