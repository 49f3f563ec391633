// SPDX-License-Identifier: Apache-2.0
#include "scan/modules/templates/executor.hpp"

#include <map>
#include <memory>
#include <random>
#include <set>

#include "scan/modules/headers/web_util.hpp"
#include "scan/modules/templates/loader_internal.hpp"
#include "scan/modules/templates/matchers.hpp"
#include "scan/modules/templates/placeholders.hpp"
#include "scan/modules/templates/request_builder.hpp"
#include "scan/modules/templates/text_util.hpp"

namespace palisade::scan::templates {
namespace {

// Every {{randstr}} / {{randstr_N}} name the template uses anywhere (nuclei replaces each with one value per run).
void CollectRandstr(std::string_view text, std::set<std::string>& names) {
    std::size_t pos = 0;
    while ((pos = text.find("{{", pos)) != std::string_view::npos) {
        std::size_t close = text.find("}}", pos + 2);
        if (close == std::string_view::npos) return;
        std::string_view inner = headers::TrimAscii(text.substr(pos + 2, close - pos - 2));
        if (loader::IsRandstr(inner)) names.emplace(inner);
        pos = close + 2;
    }
}

Variables RandstrValues(const Template& t, std::mt19937_64* rng) {
    std::set<std::string> names;
    for (const auto& [name, value] : t.variables) CollectRandstr(value, names);
    for (const HttpRequest& r : t.requests) {
        for (const std::string& p : r.paths) CollectRandstr(p, names);
        for (const std::string& raw : r.raw) CollectRandstr(raw, names);
        for (const http::Header& h : r.headers) CollectRandstr(h.value, names);
        CollectRandstr(r.body, names);
        for (const Matcher& m : r.matchers) {
            for (const std::string& w : m.words) CollectRandstr(w, names);
            for (const auto& e : m.expressions) CollectRandstr(dsl::Source(*e), names);
        }
    }
    Variables values;
    for (const std::string& name : names) values[name] = RandomString(rng);
    return values;
}

bool IsRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

// `host-redirects: true`: follows redirects by hand while they stay on the same host and port.
Result<http::Response> SendFollowingSameHost(http::Client& client, http::Request request, int max_redirects,
                                             std::size_t& sent) {
    auto origin = headers::ParseWebUrl(request.url);
    std::vector<std::string> hops;
    for (int hop = 0;; ++hop) {
        auto response = client.Send(request);
        ++sent;
        if (!response) return response;
        auto location = response->First("location");
        auto current = headers::ParseWebUrl(response->url.empty() ? request.url : response->url);
        std::optional<headers::WebUrl> next;
        if (location && current) next = headers::ResolveWebUrl(*current, *location);
        bool same = next && origin && LowerAscii(next->host) == LowerAscii(origin->host) &&
                    next->port == origin->port && next->scheme == origin->scheme;
        if (!IsRedirect(response->status) || !same || hop >= max_redirects) {
            if (response->redirects.empty()) response->redirects = std::move(hops);
            return response;
        }
        hops.push_back(response->url.empty() ? request.url : response->url);
        if (response->status != 307 && response->status != 308) {
            request.method = "GET";
            request.body.clear();
        }
        request.url = next->href;
    }
}

std::string Truncate(std::string text, std::size_t max) {
    if (text.size() > max) text.resize(max);
    return text;
}

class Run {
  public:
    Run(const Template& t, std::string_view target, http::Client& client, const CancelToken& cancel,
        const RunOptions& options)
        : t_(t), target_(target), client_(client), cancel_(cancel), options_(options) {
        std::optional<std::mt19937_64> rng;
        if (options.random_seed) rng.emplace(*options.random_seed);
        base_ = RandstrValues(t, rng ? &*rng : nullptr);
        auto url = headers::ParseWebUrl(target);
        host_ = url->host;
        port_ = std::to_string(url->port);
        scheme_ = url->scheme;
        path_ = url->path_query.substr(0, url->path_query.find('?'));
        ip_ = !options.ip.empty() ? options.ip : headers::IsIpLiteral(host_) ? host_ : "";
    }

    TemplateRun Execute() {
        for (const HttpRequest& block : t_.requests) {
            if (stop_template_ || cancel_.Stopped()) break;
            RunBlock(block);
        }
        return std::move(out_);
    }

  private:
    void RunBlock(const HttpRequest& block) {
        const std::vector<std::string>& entries = block.paths.empty() ? block.raw : block.paths;
        bool raw = block.paths.empty();
        for (std::size_t i = 0; i < entries.size(); ++i) {
            if (cancel_.Stopped()) return;
            Variables base = base_;
            for (const auto& [name, value] : dynamic_) base[name] = value;
            BuiltRequest built = raw ? BuildRawRequest(t_, block, entries[i], target_, base)
                                     : BuildPathRequest(t_, block, entries[i], target_, base);
            if (built.unresolved) return;  // nuclei: unresolved variables end the block
            if (!built.request) {
                out_.errors.push_back(built.error);
                continue;
            }
            std::string request_text = DumpRequest(*built.request);
            auto response = block.host_redirects ? SendFollowingSameHost(client_, *built.request, block.max_redirects,
                                                                         out_.requests_sent)
                                                 : client_.Send(*built.request);
            if (!block.host_redirects) ++out_.requests_sent;
            if (!response) {
                out_.errors.push_back(built.request->method + " " + built.request->url + ": " +
                                      response.error().message);
                continue;
            }
            std::string matched_url = response->url.empty() ? built.request->url : response->url;
            Exchange made = MakeExchange(*response, std::move(request_text), matched_url, target_);
            made.ip = ip_;
            auto exchange = std::make_shared<const Exchange>(std::move(made));
            history_[static_cast<int>(i + 1)] = exchange;
            OperatorContext context(*exchange, history_, built.variables);
            OperatorResult result = RunOperators(block, context);
            for (const auto& [name, values] : result.dynamic_values) {
                if (!name.empty()) dynamic_[name] = values.front();
            }
            if (result.emit) AddResults(result, *exchange);
            if (result.matched && (block.stop_at_first_match || t_.stop_at_first_match)) {
                stop_template_ = t_.stop_at_first_match;
                return;
            }
        }
    }

    void AddResults(const OperatorResult& result, const Exchange& exchange) {
        auto make = [&]() {
            TemplateResult r;
            r.template_id = t_.id;
            r.template_path = t_.path;
            r.info = t_.info;
            r.extracted_results = result.extracted;
            r.matched_snippets = result.snippets;
            r.matched_at = exchange.matched_url;
            r.request = exchange.request_text;
            r.response = Truncate(exchange.response_text, options_.max_response_bytes);
            r.host = host_;
            r.port = port_;
            r.scheme = scheme_;
            r.url = target_;
            r.path = path_;
            r.ip = ip_;
            r.timestamp = options_.clock ? options_.clock->Now() : std::chrono::system_clock::now();
            return r;
        };
        if (!result.matcher_names.empty()) {
            for (const std::string& name : result.matcher_names) {
                TemplateResult r = make();
                r.matcher_name = name;
                out_.results.push_back(std::move(r));
            }
        } else if (!result.named_extracts.empty()) {
            for (const auto& [name, values] : result.named_extracts) {
                TemplateResult r = make();
                r.extractor_name = name;
                r.extracted_results = values;
                out_.results.push_back(std::move(r));
            }
        } else {
            out_.results.push_back(make());
        }
    }

    const Template& t_;
    std::string target_;
    http::Client& client_;
    const CancelToken& cancel_;
    const RunOptions& options_;
    Variables base_;     // randstr values
    Variables dynamic_;  // internal extractor values (latest first value)
    std::map<int, std::shared_ptr<const Exchange>> history_;
    std::string host_, port_, scheme_, path_, ip_;
    bool stop_template_ = false;
    TemplateRun out_;
};

}  // namespace

Result<TemplateRun> RunTemplate(const Template& tmpl, std::string_view target_url, http::Client& client,
                                const CancelToken& cancel, const RunOptions& options) {
    auto input = InputPlaceholders(target_url, false);
    if (!input) return Fail(input.error());
    return Run(tmpl, target_url, client, cancel, options).Execute();
}

}  // namespace palisade::scan::templates
