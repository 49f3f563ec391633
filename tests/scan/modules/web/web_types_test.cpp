// SPDX-License-Identifier: Apache-2.0
#include "scan/modules/web/web_types.hpp"

#include <gtest/gtest.h>

namespace palisade::scan::web {
namespace {

TEST(WebTypes, FormEncodingRoundTripsEveryByte) {
    std::string all;
    for (int c = 0; c < 256; ++c) all += static_cast<char>(c);
    std::string encoded = FormEncode(all);
    EXPECT_EQ(encoded.find_first_of(" &=?#<>\"'"), std::string::npos);
    EXPECT_EQ(FormDecode(encoded), all);
    EXPECT_EQ(FormEncode("a b&c=d"), "a+b%26c%3Dd");
    EXPECT_EQ(FormDecode("%3Cx%3e+%zz%"), "<x> %zz%");
}

TEST(WebTypes, ParsesAndBuildsQueries) {
    auto params = ParseQuery("?id=1&name=a+b&&flag&x=%26");
    ASSERT_EQ(params.size(), 4u);
    EXPECT_EQ(params[1], (std::pair<std::string, std::string>("name", "a b")));
    EXPECT_EQ(params[2], (std::pair<std::string, std::string>("flag", "")));
    EXPECT_EQ(params[3].second, "&");
    EXPECT_EQ(BuildQuery(params), "id=1&name=a+b&flag=&x=%26");
}

TEST(WebTypes, BuildsQueryAndBodyInjections) {
    InjectionPoint q;
    q.url = "http://127.0.0.1:8080/search?q=old&page=2";
    q.params = {{"q", "old"}, {"page", "2"}};
    q.index = 0;
    http::Request r = BuildInjection(q, "<x'\">");
    EXPECT_EQ(r.method, "GET");
    EXPECT_EQ(r.url, "http://127.0.0.1:8080/search?q=%3Cx%27%22%3E&page=2");
    EXPECT_TRUE(r.body.empty());

    InjectionPoint b;
    b.location = InjectionPoint::Location::kBody;
    b.method = "POST";
    b.url = "http://127.0.0.1:8080/login";
    b.params = {{"user", "a"}, {"pass", "b"}};
    b.index = 1;
    r = BuildInjection(b, "x y");
    EXPECT_EQ(r.method, "POST");
    EXPECT_EQ(r.url, "http://127.0.0.1:8080/login");
    EXPECT_EQ(r.body, "user=a&pass=x+y");
    ASSERT_EQ(r.headers.size(), 1u);
    EXPECT_EQ(r.headers[0].value, "application/x-www-form-urlencoded");
}

}  // namespace
}  // namespace palisade::scan::web
