// SPDX-License-Identifier: Apache-2.0
// The findings list: filters, sort orders, keyset cursors (no gaps or duplicates while findings arrive), export.
#include <gmock/gmock.h>

#include <set>

#include "core/time.hpp"
#include "findings/findings_fixture.hpp"
#include "store/findings/finding_repository.hpp"

namespace palisade::findings::testing {
namespace {

using ::testing::UnorderedElementsAre;
using ::testing::UnorderedElementsAreArray;

class ListTest : public FindingsTest {
protected:
    void SetUp() override {
        FindingsTest::SetUp();
        org_ = MakeOrg("Acme");
        ctx_ = MakeMember(org_, "analyst@acme.test");
    }

    std::vector<std::string> Ids(FindingQuery q) {
        q.limit = 200;
        auto page = findings_->List(q, ctx_);
        EXPECT_TRUE(page.has_value()) << (page ? "" : page.error().field + ": " + page.error().message);
        std::vector<std::string> out;
        if (page) {
            for (const auto& f : page->items) out.push_back(f.check_id);
        }
        return out;
    }

    Error QueryError(const FindingQuery& q) {
        auto page = findings_->List(q, ctx_);
        EXPECT_FALSE(page.has_value());
        return page ? Error{} : page.error();
    }

    // `n` findings of distinct checks "<prefix>.<i>" on `target`, severities cycling, one scan.
    void Seed(const std::string& scan_id, const std::string& prefix, int n, const std::string& target = "10.0.0.5") {
        std::vector<scan::Finding> list;
        for (int i = 0; i < n; ++i) {
            list.push_back(MakeFinding(prefix + "." + std::to_string(i), target + ":443",
                                       static_cast<scan::Severity>(i % 5)));
        }
        IngestOne(org_, scan_id, target, {}, list);
    }

    std::string org_;
    identity::RequestContext ctx_;
};

TEST_P(ListTest, FiltersNarrowTheList) {
    IngestOne(org_, "scan-1", "10.0.0.5", {"tls"},
              {MakeFinding("tls.protocol.tls1_0", "10.0.0.5:443", scan::Severity::kHigh),
               MakeFinding("tls.cert.expired", "10.0.0.5:443", scan::Severity::kCritical)});
    clock_.Advance(std::chrono::hours(24));
    auto odd = MakeFinding("web.xss", "https://a.test/search?q=100%25_off", scan::Severity::kLow);
    odd.title = "Reflected XSS in Search";
    odd.evidence = "payload 100%_off echoed";
    IngestOne(org_, "scan-2", "https://a.test/", {"web"},
              {odd, MakeFinding("headers.csp.missing", "https://a.test/", scan::Severity::kMedium)});
    const std::string tls10 = ByCheck(ctx_, "tls.protocol.tls1_0").id;
    ASSERT_TRUE(findings_->Update(tls10, {.status = "triaged",
                                          .assignee_id = std::optional<std::string>(ctx_.principal->user_id)},
                                  ctx_));

    EXPECT_THAT(Ids({.severities = {"high", "critical"}}),
                UnorderedElementsAre("tls.protocol.tls1_0", "tls.cert.expired"));
    EXPECT_THAT(Ids({.statuses = {"triaged"}}), UnorderedElementsAre("tls.protocol.tls1_0"));
    EXPECT_THAT(Ids({.check = "tls."}), UnorderedElementsAre("tls.protocol.tls1_0", "tls.cert.expired"));
    EXPECT_THAT(Ids({.check = "tls.*"}), UnorderedElementsAre("tls.protocol.tls1_0", "tls.cert.expired"));
    EXPECT_THAT(Ids({.check = "tls.cert.expired"}), UnorderedElementsAre("tls.cert.expired"));
    EXPECT_THAT(Ids({.check = "tls"}), UnorderedElementsAre()) << "no dot: an exact check id";
    EXPECT_THAT(Ids({.assignee = "me"}), UnorderedElementsAre("tls.protocol.tls1_0"));
    EXPECT_THAT(Ids({.target = "https://a.test/"}), UnorderedElementsAre("web.xss", "headers.csp.missing"));
    EXPECT_THAT(Ids({.scan_id = "scan-1"}), UnorderedElementsAre("tls.protocol.tls1_0", "tls.cert.expired"));
    EXPECT_THAT(Ids({.text = "SEARCH"}), UnorderedElementsAre("web.xss"));
    EXPECT_THAT(Ids({.text = "%_"}), UnorderedElementsAre("web.xss")) << "LIKE wildcards are literal";
    EXPECT_THAT(Ids({.text = "100%25"}), UnorderedElementsAre("web.xss"));
    // "_" matches only where there is one ("tls1_0" in a title), not any single character.
    EXPECT_THAT(Ids({.text = "_"}), UnorderedElementsAre("web.xss", "tls.protocol.tls1_0"));
    EXPECT_THAT(Ids({.first_seen_from = "2026-03-02T00:00:00Z"}),
                UnorderedElementsAre("web.xss", "headers.csp.missing"));
    EXPECT_THAT(Ids({.first_seen_to = "2026-03-02T00:00:00Z"}),
                UnorderedElementsAre("tls.protocol.tls1_0", "tls.cert.expired"));
    EXPECT_THAT(Ids({.last_seen_from = "2026-03-01T00:00:00Z", .last_seen_to = "2026-03-01T00:00:01Z"}),
                UnorderedElementsAre("tls.protocol.tls1_0", "tls.cert.expired"));
    EXPECT_THAT(Ids({.sla_breached = true}), UnorderedElementsAre());
    EXPECT_EQ(Ids({.sla_breached = false}).size(), 4u);
    const auto web = ByCheck(ctx_, "web.xss");
    ASSERT_TRUE(web.asset_id.has_value());
    EXPECT_THAT(Ids({.asset_id = *web.asset_id}), UnorderedElementsAre("web.xss", "headers.csp.missing"));
}

TEST_P(ListTest, BadQueryValuesNameTheirField) {
    Seed("scan-1", "tls.x", 3);
    EXPECT_EQ(QueryError({.severities = {"urgent"}}).field, "severity");
    EXPECT_EQ(QueryError({.statuses = {"closed"}}).field, "status");
    EXPECT_EQ(QueryError({.first_seen_from = "yesterday"}).field, "first_seen_from");
    EXPECT_EQ(QueryError({.last_seen_to = "26-1-2T3:4:5Z"}).field, "last_seen_to");
    EXPECT_EQ(QueryError({.sort = "name"}).field, "sort");
    EXPECT_EQ(QueryError({.cursor = "not a cursor!"}).field, "cursor");
    auto page = findings_->List({.sort = "last_seen", .limit = 1}, ctx_);
    ASSERT_TRUE(page.has_value());
    ASSERT_FALSE(page->next_cursor.empty());
    EXPECT_EQ(QueryError({.sort = "-severity", .cursor = page->next_cursor}).field, "cursor")
        << "a cursor belongs to its sort order";
}

bool InOrder(const store::FindingRecord& a, const store::FindingRecord& b, const FindingSort& sort) {
    const std::string ka = store::SortKeyOf(a, sort.key), kb = store::SortKeyOf(b, sort.key);
    if (ka != kb) return sort.descending ? ka > kb : ka < kb;
    return sort.descending ? a.id > b.id : a.id < b.id;
}

TEST_P(ListTest, CursorPagesHaveNoGapsOrDuplicatesWhileFindingsArrive) {
    for (int batch = 0; batch < 4; ++batch) {
        Seed("seed-" + std::to_string(batch), "check" + std::to_string(batch), 6);
        clock_.Advance(std::chrono::minutes(batch + 1));
    }
    ASSERT_TRUE(findings_->Update(ByCheck(ctx_, "check0.4").id,
                                  {.sla_due_at = std::optional<std::string>(std::nullopt)}, ctx_));
    std::set<std::string> original;
    {
        auto all = findings_->List({.limit = 200}, ctx_);
        ASSERT_TRUE(all.has_value());
        for (const auto& f : all->items) original.insert(f.id);
        ASSERT_EQ(original.size(), 24u);
    }
    int arrivals = 0;
    for (const char* sort_text : {"-severity", "severity", "-last_seen", "last_seen", "first_seen", "-first_seen",
                                  "sla_due_at", "-sla_due_at"}) {
        const FindingSort sort = *ParseSort(sort_text);
        std::vector<std::string> seen;
        std::string cursor;
        store::FindingRecord previous;
        bool first = true;
        for (int page_no = 0; page_no < 1000; ++page_no) {
            auto page = findings_->List({.sort = sort_text, .cursor = cursor, .limit = 10}, ctx_);
            ASSERT_TRUE(page.has_value()) << sort_text << ": " << page.error().message;
            for (const auto& f : page->items) {
                if (!first) {
                    EXPECT_TRUE(InOrder(previous, f, sort)) << sort_text << " " << previous.id << " " << f.id;
                }
                previous = f;
                first = false;
                seen.push_back(f.id);
            }
            // New findings arrive between pages (some sort before the cursor, some after).
            clock_.Advance(std::chrono::seconds(1));
            ++arrivals;
            Seed("arrival-" + std::to_string(arrivals), "new" + std::to_string(arrivals), 2);
            if (page->next_cursor.empty()) break;
            cursor = page->next_cursor;
        }
        const std::set<std::string> unique(seen.begin(), seen.end());
        EXPECT_EQ(unique.size(), seen.size()) << sort_text << ": a finding was listed twice";
        for (const auto& id : original) EXPECT_TRUE(unique.count(id)) << sort_text << ": " << id << " was skipped";
    }
}

TEST_P(ListTest, ExportIsCappedAndSaysSo) {
    Seed("scan-1", "tls.x", 7);
    auto rows = findings_->Export({.severities = {"info", "low", "medium", "high", "critical"}}, 5, ctx_);
    ASSERT_TRUE(rows.has_value());
    EXPECT_EQ(rows->items.size(), 5u);
    EXPECT_TRUE(rows->truncated);
    rows = findings_->Export({.check = "tls.x.1"}, 5, ctx_);
    ASSERT_TRUE(rows.has_value());
    EXPECT_EQ(rows->items.size(), 1u);
    EXPECT_FALSE(rows->truncated);
}

INSTANTIATE_TEST_SUITE_P(Backends, ListTest, ::testing::ValuesIn(palisade::testing::DatabaseBackends()),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

}  // namespace
}  // namespace palisade::findings::testing
