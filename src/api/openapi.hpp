// SPDX-License-Identifier: Apache-2.0
// The OpenAPI 3.1 document (docs/api/openapi.yaml), built into the binary and served as JSON at
// /api/v1/openapi.json. The route table and the document are kept in step by tests/api/contract_test.cpp.
#pragma once

#include <string>
#include <string_view>

#include <boost/json/value.hpp>

#include "core/result.hpp"

namespace palisade::api {

// docs/api/openapi.yaml as embedded at build time.
std::string_view OpenApiYaml();

// The document as compact JSON text, converted on first use and cached for the life of the process.
// kInternal when the embedded YAML does not convert (a build defect the contract test catches). Thread-safe.
const Result<std::string>& OpenApiJson();

// YAML -> JSON. Quoted scalars stay strings; plain scalars become null (~, null, empty), booleans (true/false),
// integers and decimals when they read as such, strings otherwise. Map keys are always strings. Aliases are
// resolved. kInvalidArgument for YAML that does not parse or a key that is not a scalar.
Result<boost::json::value> YamlToJson(std::string_view yaml);

}  // namespace palisade::api
