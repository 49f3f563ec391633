// SPDX-License-Identifier: Apache-2.0
// The route table and docs/api/openapi.yaml must agree: every registered route is documented with the same
// permission (x-permission), every documented operation is registered, and no route is left without a permission.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include <boost/json.hpp>

#include "api/api_fixture.hpp"
#include "api/openapi.hpp"
#include "core/strings.hpp"

namespace palisade::api {
namespace {

using Operations = std::map<std::string, std::string>;  // "POST /api/v1/auth/login" -> "public"

const std::set<std::string> kHttpMethods = {"get", "put", "post", "delete", "options", "head", "patch", "trace"};

boost::json::object Document() {
    const auto& json = OpenApiJson();
    EXPECT_TRUE(json.has_value()) << (json ? "" : json.error().detail);
    return json ? boost::json::parse(*json).as_object() : boost::json::object();
}

std::string Upper(std::string s) {
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

Operations Documented(const boost::json::object& doc) {
    Operations out;
    for (const auto& [path, item] : doc.at("paths").as_object()) {
        for (const auto& [method, op] : item.as_object()) {
            if (!kHttpMethods.count(method)) continue;
            const auto* permission = op.as_object().if_contains("x-permission");
            out[Upper(method) + " " + std::string(path)] =
                permission && permission->is_string() ? std::string(permission->as_string()) : "<missing>";
        }
    }
    return out;
}

// The value at a local JSON pointer ("#/components/schemas/User"), or null.
const boost::json::value* Resolve(const boost::json::object& doc, std::string_view ref) {
    if (!StartsWith(ref, "#/")) return nullptr;
    const boost::json::value* at = nullptr;
    const boost::json::object* obj = &doc;
    for (std::string_view part : Split(ref.substr(2), '/')) {
        if (obj == nullptr) return nullptr;
        at = obj->if_contains(part);
        if (at == nullptr) return nullptr;
        obj = at->if_object();
    }
    return at;
}

void CollectRefs(const boost::json::value& v, std::vector<std::string>& refs) {
    if (const auto* o = v.if_object()) {
        for (const auto& [k, child] : *o) {
            if (k == "$ref" && child.is_string()) refs.emplace_back(child.as_string());
            CollectRefs(child, refs);
        }
    } else if (const auto* a = v.if_array()) {
        for (const auto& child : *a) CollectRefs(child, refs);
    }
}

class ContractTest : public testing::ApiFixture {
protected:
    Operations Registered() const {
        Operations out;
        for (const server::Route& r : router_.Routes()) {
            out[std::string(server::ToString(r.method)) + " " + r.pattern] =
                r.permission ? std::string(auth::ToString(*r.permission)) : "<denied>";
        }
        return out;
    }
};

TEST_F(ContractTest, EveryRouteIsDocumentedWithItsPermissionAndEveryOperationIsRegistered) {
    const Operations registered = Registered();
    const Operations documented = Documented(Document());
    EXPECT_EQ(registered.size(), router_.Routes().size()) << "a method + pattern is registered twice";
    for (const auto& [op, permission] : registered) {
        auto it = documented.find(op);
        if (it == documented.end()) {
            ADD_FAILURE() << op << " is registered but not in docs/api/openapi.yaml";
        } else {
            EXPECT_EQ(it->second, permission) << op << ": x-permission differs from the route's permission";
        }
    }
    for (const auto& [op, permission] : documented) {
        EXPECT_TRUE(registered.count(op)) << op << " is documented but no route is registered";
    }
}

TEST_F(ContractTest, NoRouteIsLeftWithoutAPermission) {
    for (const server::Route& r : router_.Routes()) {
        EXPECT_TRUE(r.permission.has_value()) << server::ToString(r.method) << " " << r.pattern << " is denied to all";
    }
}

TEST_F(ContractTest, OnlyNonBlockingSystemRoutesRunInline) {
    const std::set<std::string> inline_ok = {"/", "/healthz", "/metrics", "/api/v1/openapi.json"};
    for (const server::Route& r : router_.Routes()) {
        if (r.inline_io) {
            EXPECT_TRUE(inline_ok.count(r.pattern)) << r.pattern << " blocks but runs inline";
        }
    }
}

TEST(OpenApiDocument, OperationsAreCompleteAndReferencesResolve) {
    const boost::json::object doc = Document();
    std::set<std::string> operation_ids;
    for (const auto& [path, item] : doc.at("paths").as_object()) {
        for (const auto& [method, op_value] : item.as_object()) {
            if (!kHttpMethods.count(method)) continue;
            const auto& op = op_value.as_object();
            const std::string name = Upper(method) + " " + std::string(path);
            ASSERT_TRUE(op.contains("operationId")) << name;
            EXPECT_TRUE(operation_ids.insert(std::string(op.at("operationId").as_string())).second)
                << name << ": duplicate operationId";
            EXPECT_FALSE(op.at("responses").as_object().empty()) << name;
            const bool is_public = op.contains("x-permission") && op.at("x-permission") == "public";
            if (!is_public) {
                EXPECT_FALSE(op.contains("security")) << name << ": must use the default security";
            }
            // Each {param} of the path is declared as a path parameter.
            std::set<std::string> declared;
            if (const auto* params = op.if_contains("parameters")) {
                for (const auto& p : params->as_array()) {
                    const boost::json::value* param = &p;
                    if (const auto* ref = p.as_object().if_contains("$ref")) param = Resolve(doc, ref->as_string());
                    ASSERT_NE(param, nullptr) << name;
                    if (param->at("in") == "path") declared.insert(std::string(param->at("name").as_string()));
                }
            }
            for (std::string_view seg : Split(path, '/')) {
                if (seg.size() > 2 && seg.front() == '{') {
                    EXPECT_TRUE(declared.count(std::string(seg.substr(1, seg.size() - 2))))
                        << name << ": path parameter " << seg << " is not declared";
                }
            }
        }
    }
    std::vector<std::string> refs;
    CollectRefs(doc, refs);
    EXPECT_FALSE(refs.empty());
    for (const std::string& ref : refs) EXPECT_NE(Resolve(doc, ref), nullptr) << "dangling $ref " << ref;
}

}  // namespace
}  // namespace palisade::api
