// SPDX-License-Identifier: Apache-2.0
// Cross-site request forgery (web.csrf.missing_token): decided from the form and the response that carried it; no
// request is sent (resubmitting a form to see whether the token is verified could change data).
#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "core/strings.hpp"
#include "scan/modules/headers/set_cookie_parser.hpp"
#include "scan/modules/web/checks/active/active_checks.hpp"
#include "scan/modules/web/checks/active/active_internal.hpp"

namespace palisade::scan::web {
namespace {

using active::Check;

// Field names of the anti-CSRF tokens of common frameworks (compared lower-cased).
constexpr std::string_view kTokenNames[] = {
    "_token",  // Laravel
    "token",
    "authenticity_token",          // Rails
    "csrfmiddlewaretoken",         // Django
    "__requestverificationtoken",  // ASP.NET
    "_wpnonce",                    // WordPress
    "form_key",                    // Magento
    "form_token",                  // phpBB
    "sesskey",                     // Moodle
};
// Parts of names that mark a token wherever they appear ("csrf_token", "_csrf", "x-xsrf-token", "AntiForgery").
constexpr std::string_view kTokenNameParts[] = {"csrf", "xsrf", "antiforgery", "anti-forgery", "verificationtoken",
                                                "nonce"};

constexpr std::size_t kMinTokenLength = 16;
constexpr double kMinTokenEntropy = 3.0;  // bits per character

double ShannonEntropy(std::string_view value) {
    std::map<char, std::size_t> counts;
    for (char c : value) ++counts[c];
    double entropy = 0;
    for (const auto& [c, n] : counts) {
        double p = static_cast<double>(n) / static_cast<double>(value.size());
        entropy -= p * std::log2(p);
    }
    return entropy;
}

bool IsTokenField(const FormField& field) {
    std::string name = ToLower(field.name);
    if (std::find(std::begin(kTokenNames), std::end(kTokenNames), name) != std::end(kTokenNames)) return true;
    for (std::string_view part : kTokenNameParts) {
        if (name.find(part) != std::string::npos) return true;
    }
    // An unknown framework: a hidden field holding a long random-looking value.
    return field.type == "hidden" && field.value.size() >= kMinTokenLength &&
           ShannonEntropy(field.value) >= kMinTokenEntropy;
}

bool IsTextLike(const FormField& field) {
    return field.type == "text" || field.type == "email" || field.type == "tel" || field.type == "number" ||
           field.type == "search" || field.type == "url";
}

// A sign-in form: one password field and at most two other typed fields (user name, e-mail, one-time code).
// Registration and password-change forms have two or more password fields, or more fields, and are not login forms.
bool IsLoginForm(const Form& form) {
    if (!form.has_password) return false;
    auto passwords =
        std::count_if(form.fields.begin(), form.fields.end(), [](const FormField& f) { return f.type == "password"; });
    auto others = std::count_if(form.fields.begin(), form.fields.end(), IsTextLike);
    return passwords == 1 && others <= 2;
}

struct CookieState {
    bool protects = false;    // at least one cookie, every one SameSite=Lax or Strict
    std::string description;  // for the evidence
};

CookieState Cookies(const http::Response& page) {
    CookieState state;
    std::size_t total = 0;
    std::size_t strict_or_lax = 0;
    std::vector<std::string> unprotected;
    for (const std::string& value : page.Values("Set-Cookie")) {
        auto cookie = headers::ParseSetCookie(value);
        if (!cookie) continue;
        ++total;
        if (cookie->same_site == headers::SameSite::kLax || cookie->same_site == headers::SameSite::kStrict) {
            ++strict_or_lax;
        } else if (unprotected.size() < 5) {
            const char* why = cookie->same_site == headers::SameSite::kNone ? "SameSite=None" : "no SameSite";
            unprotected.push_back(active::OneLine(cookie->name, 40) + " (" + why + ")");
        }
    }
    state.protects = total > 0 && strict_or_lax == total;
    if (total == 0) {
        state.description = "the page sets no cookie (SameSite unknown)";
    } else {
        state.description = "cookies without SameSite=Lax/Strict: ";
        for (std::size_t i = 0; i < unprotected.size(); ++i) state.description += (i ? ", " : "") + unprotected[i];
    }
    return state;
}

}  // namespace

void CheckCsrf(CheckContext& ctx, const Form& form, const http::Response& page_response) {
    if (ctx.cancel.Stopped()) return;
    // Only state-changing forms: GET forms (searches, filters) are not flagged.
    if (ToLower(form.method) != "post") return;
    // A form posting to another site is that site's business (payment providers, newsletter services).
    std::string page_origin = active::OriginOf(form.page_url.empty() ? form.action : form.page_url);
    if (page_origin.empty() || active::OriginOf(form.action) != page_origin) return;
    if (IsLoginForm(form)) return;
    if (std::any_of(form.fields.begin(), form.fields.end(), IsTokenField)) return;
    CookieState cookies = Cookies(page_response);
    if (cookies.protects) return;

    std::set<std::string> names;
    for (const FormField& f : form.fields) names.insert(f.name);
    std::string fields;
    std::string detail = "POST";
    for (const std::string& n : names) {
        fields += (fields.empty() ? "" : ", ") + active::OneLine(n, 40);
        detail += ":" + n;
    }
    if (fields.empty()) fields = "(none)";
    std::string evidence = "POST form on " + active::OneLine(form.page_url, 200) + " with fields " + fields +
                           " has no anti-CSRF token; " + cookies.description;
    ctx.report(MakeFinding(Check("web.csrf.missing_token"), form.action, std::move(evidence), detail));
}

}  // namespace palisade::scan::web
