// SPDX-License-Identifier: Apache-2.0
#include "server/metrics.hpp"

#include <gtest/gtest.h>

namespace palisade::server {
namespace {

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(Metrics, RendersCounterWithHelpAndType) {
    Metrics m;
    m.RecordRequest("/api/v1/users", "GET", 200, 0.003);
    m.RecordRequest("/api/v1/users", "GET", 200, 0.2);
    m.RecordRequest("", "POST", 404, 0.001);
    const std::string text = m.RenderPrometheus();
    EXPECT_TRUE(Contains(text, "# HELP palisade_http_requests_total "));
    EXPECT_TRUE(Contains(text, "# TYPE palisade_http_requests_total counter\n"));
    EXPECT_TRUE(
        Contains(text, "palisade_http_requests_total{route=\"/api/v1/users\",method=\"GET\",status=\"200\"} 2\n"));
    EXPECT_TRUE(Contains(text, "palisade_http_requests_total{route=\"unmatched\",method=\"POST\",status=\"404\"} 1\n"));
}

TEST(Metrics, RendersCumulativeHistogram) {
    Metrics m;
    m.RecordRequest("/r", "GET", 200, 0.003);
    m.RecordRequest("/r", "GET", 200, 0.2);
    m.RecordRequest("/r", "GET", 200, 30);
    const std::string text = m.RenderPrometheus();
    EXPECT_TRUE(Contains(text, "# TYPE palisade_http_request_duration_seconds histogram\n"));
    EXPECT_TRUE(Contains(text, "palisade_http_request_duration_seconds_bucket{route=\"/r\",le=\"0.005\"} 1\n"));
    EXPECT_TRUE(Contains(text, "palisade_http_request_duration_seconds_bucket{route=\"/r\",le=\"0.1\"} 1\n"));
    EXPECT_TRUE(Contains(text, "palisade_http_request_duration_seconds_bucket{route=\"/r\",le=\"0.25\"} 2\n"));
    EXPECT_TRUE(Contains(text, "palisade_http_request_duration_seconds_bucket{route=\"/r\",le=\"10\"} 2\n"));
    EXPECT_TRUE(Contains(text, "palisade_http_request_duration_seconds_bucket{route=\"/r\",le=\"+Inf\"} 3\n"));
    EXPECT_TRUE(Contains(text, "palisade_http_request_duration_seconds_count{route=\"/r\"} 3\n"));
    EXPECT_TRUE(Contains(text, "palisade_http_request_duration_seconds_sum{route=\"/r\"} 30.2"));
}

TEST(Metrics, EscapesLabelValues) {
    Metrics m;
    m.RecordRequest("/a\"b\\c\nd", "GET", 200, 0.1);
    EXPECT_TRUE(Contains(m.RenderPrometheus(), "route=\"/a\\\"b\\\\c\\nd\""));
}

TEST(Metrics, GaugesAndCallbacks) {
    Metrics m;
    m.InFlightAdd(3);
    m.InFlightAdd(-1);
    m.ConnectionsAdd(5);
    double value = 7;
    m.AddGauge("palisade_test_gauge", "A test gauge.", [&] { return value; });
    std::string text = m.RenderPrometheus();
    EXPECT_TRUE(Contains(text, "# TYPE palisade_http_in_flight_requests gauge\npalisade_http_in_flight_requests 2\n"));
    EXPECT_TRUE(Contains(text, "palisade_http_connections 5\n"));
    EXPECT_TRUE(Contains(text,
                         "# HELP palisade_test_gauge A test gauge.\n# TYPE palisade_test_gauge gauge\n"
                         "palisade_test_gauge 7\n"));
    value = 9;
    m.AddGauge("palisade_test_gauge", "Replaced.", [&] { return value * 2; });
    text = m.RenderPrometheus();
    EXPECT_TRUE(Contains(text, "palisade_test_gauge 18\n"));
    EXPECT_EQ(text.find("palisade_test_gauge 7"), std::string::npos);
    EXPECT_EQ(text.find("A test gauge."), std::string::npos);
}

TEST(Metrics, ThrowingGaugeRendersNaN) {
    Metrics m;
    m.AddGauge("palisade_broken", "Broken.", []() -> double { throw std::runtime_error("no"); });
    EXPECT_TRUE(Contains(m.RenderPrometheus(), "palisade_broken NaN\n"));
}

}  // namespace
}  // namespace palisade::server
