// SPDX-License-Identifier: Apache-2.0
#include "server/problem.hpp"

#include <boost/json.hpp>

namespace palisade::server {

Response Problem(int status, std::string_view slug, std::string_view title, std::string_view detail,
                 const std::vector<FieldError>& errors) {
    boost::json::object o;
    o["type"] = "urn:palisade:problem:" + std::string(slug);
    o["title"] = title;
    o["status"] = status;
    if (!detail.empty()) o["detail"] = detail;
    if (!errors.empty()) {
        boost::json::array arr;
        for (const auto& e : errors) arr.push_back(boost::json::object{{"field", e.field}, {"message", e.message}});
        o["errors"] = std::move(arr);
    }
    Response r;
    r.status = status;
    r.SetHeader("Content-Type", "application/problem+json");
    r.body = boost::json::serialize(o);
    return r;
}

}  // namespace palisade::server
