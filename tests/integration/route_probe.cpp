// SPDX-License-Identifier: Apache-2.0
#include "integration/route_probe.hpp"

#include <yaml-cpp/yaml.h>

#include <boost/json.hpp>
#include <cctype>

#include "api/openapi.hpp"
#include "app/server_app.hpp"
#include "integration/app_harness.hpp"
#include "server/router.hpp"

namespace palisade::testing {

namespace {

// Parsed once: the document is built into the binary and never changes while the tests run.
const YAML::Node& Document() {
    static const YAML::Node doc = YAML::Load(std::string(api::OpenApiYaml()));
    return doc;
}

std::string Lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

YAML::Node Missing() { return YAML::Node(YAML::NodeType::Undefined); }

// The node at the slash-separated `ref` below `node`, from `start`; only const lookups, which add nothing.
YAML::Node Walk(const YAML::Node& node, const std::string& ref, std::size_t start) {
    const std::size_t slash = ref.find('/', start);
    const YAML::Node child = node[ref.substr(start, slash == std::string::npos ? std::string::npos : slash - start)];
    if (!child) return Missing();
    return slash == std::string::npos ? child : Walk(child, ref, slash + 1);
}

// Follows a local "$ref" ("#/components/schemas/X") when `node` is one; returns `node` otherwise.
YAML::Node Deref(const YAML::Node& node) {
    if (!node || !node.IsMap() || !node["$ref"]) return node;
    const std::string ref = node["$ref"].as<std::string>();
    return ref.rfind("#/", 0) == 0 ? Walk(Document(), ref, 2) : Missing();
}

// The operation object of `route` in the document; an undefined node when it is not documented.
YAML::Node Operation(const ProbeRoute& route) {
    const YAML::Node path = Document()["paths"][route.pattern];
    return path ? path[Lower(route.method)] : Missing();
}

std::string StringOr(const YAML::Node& node, const std::string& fallback) {
    return node && node.IsScalar() ? node.as<std::string>() : fallback;
}

}  // namespace

std::string ProbeRoute::Path(const std::string& id) const {
    std::string out = pattern;
    const std::size_t at = out.find("{id}");
    if (at != std::string::npos) out.replace(at, 4, id);
    return out;
}

std::vector<ProbeRoute> RoutesOf(const app::ServerApp& app) {
    std::vector<ProbeRoute> out;
    for (const server::Route& r : app.router().Routes()) {
        out.push_back({std::string(server::ToString(r.method)), r.pattern, r.permission});
    }
    return out;
}

BodySpec BodySpecOf(const ProbeRoute& route) {
    BodySpec spec;
    const YAML::Node op = Operation(route);
    if (!op || !op["requestBody"]) return spec;
    const YAML::Node body = Deref(op["requestBody"]);
    const YAML::Node schema =
        body["content"] && body["content"]["application/json"] ? Deref(body["content"]["application/json"]["schema"])
                                                               : YAML::Node();
    // A body that is not a JSON object (no application/json, or a file: "type: string, format: binary") is an
    // upload (nmap XML, SARIF): the route has its own checks and size limit.
    if (!schema || !schema.IsMap() || (schema["type"] && schema["type"].IsScalar() &&
                                       schema["type"].as<std::string>() != "object")) {
        spec.raw = true;
        return spec;
    }
    spec.documented = true;
    spec.required = body["required"] && body["required"].as<bool>();
    if (const YAML::Node props = schema["properties"]; props && props.IsMap()) {
        for (const auto& p : props) {
            spec.fields.push_back(p.first.as<std::string>());
            const YAML::Node field_schema = Deref(p.second);
            // "type: integer", or "type: [integer, \"null\"]" (nullable): the first type that is not null.
            if (field_schema && field_schema.IsMap() && field_schema["type"]) {
                const YAML::Node type = field_schema["type"];
                if (type.IsScalar()) {
                    spec.types[p.first.as<std::string>()] = type.as<std::string>();
                } else if (type.IsSequence()) {
                    for (const auto& t : type) {
                        if (t.IsScalar() && t.as<std::string>() != "null") {
                            spec.types[p.first.as<std::string>()] = t.as<std::string>();
                            break;
                        }
                    }
                }
            }
        }
    }
    if (const YAML::Node req = schema["required"]; req && req.IsSequence()) {
        for (const auto& r : req) spec.required_fields.push_back(r.as<std::string>());
    }
    return spec;
}

std::vector<std::string> QueryParamsOf(const ProbeRoute& route) {
    std::vector<std::string> out;
    const YAML::Node op = Operation(route);
    if (!op || !op["parameters"] || !op["parameters"].IsSequence()) return out;
    for (const auto& raw : op["parameters"]) {
        const YAML::Node p = Deref(raw);
        if (StringOr(p["in"], "") == "query") out.push_back(StringOr(p["name"], ""));
    }
    return out;
}

std::string SampleValue(const std::string& field) {
    static int counter = 0;
    if (field == "email") return "probe-" + std::to_string(++counter) + "@example.test";
    if (field == "password") return AppHarness::kPassword;
    if (field == "role") return "viewer";
    if (field == "expires_at") return "2099-01-01T00:00:00Z";
    if (field == "code" || field == "totp_code") return "000000";
    if (field.find("token") != std::string::npos) return "not-a-real-token";
    return "Probe";
}

boost::json::object MinimalBody(const BodySpec& spec) {
    boost::json::object o;
    for (const std::string& f : spec.required_fields) {
        if (spec.IsArray(f)) {
            o[f] = boost::json::array{boost::json::string(SampleValue(f))};
        } else {
            o[f] = SampleValue(f);
        }
    }
    return o;
}

std::string PercentEncode(const std::string& bytes) {
    static const char* kHex = "0123456789ABCDEF";
    std::string out;
    for (char ch : bytes) {
        const auto c = static_cast<unsigned char>(ch);
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out.push_back(ch);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 0xF];
        }
    }
    return out;
}

::testing::AssertionResult IsProblem(const HttpResult& r) {
    if (r.Header("content-type").rfind("application/problem+json", 0) != 0) {
        return ::testing::AssertionFailure() << "content-type is '" << r.Header("content-type") << "': " << Brief(r);
    }
    boost::system::error_code ec;
    const boost::json::value v = boost::json::parse(r.body, ec);
    if (ec || !v.is_object()) return ::testing::AssertionFailure() << "not a JSON object: " << Brief(r);
    const auto& o = v.as_object();
    const auto* type = o.if_contains("type");
    const auto* title = o.if_contains("title");
    const auto* status = o.if_contains("status");
    if (!type || !type->is_string() || type->as_string().empty() || !title || !title->is_string()) {
        return ::testing::AssertionFailure() << "problem lacks type or title: " << Brief(r);
    }
    if (!status || !status->is_int64() || status->as_int64() != r.status) {
        return ::testing::AssertionFailure() << "problem status differs from HTTP status: " << Brief(r);
    }
    return ::testing::AssertionSuccess();
}

bool NamesField(const HttpResult& r, const std::string& field) {
    boost::system::error_code ec;
    const boost::json::value v = boost::json::parse(r.body, ec);
    if (ec || !v.is_object()) return false;
    const auto* errors = v.as_object().if_contains("errors");
    if (!errors || !errors->is_array()) return false;
    for (const auto& e : errors->as_array()) {
        const auto* f = e.is_object() ? e.as_object().if_contains("field") : nullptr;
        if (f && f->is_string() && f->as_string() == field) return true;
    }
    return false;
}

std::string Brief(const HttpResult& r) {
    std::string out = std::to_string(r.status);
    if (!r.error.empty()) out += " (" + r.error + ")";
    return out + " " + r.body.substr(0, 300);
}

}  // namespace palisade::testing
