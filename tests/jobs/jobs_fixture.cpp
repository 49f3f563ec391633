// SPDX-License-Identifier: Apache-2.0
#include "jobs/jobs_fixture.hpp"

#include "core/crypto.hpp"
#include "core/time.hpp"
#include "log/log.hpp"
#include "store/identity_repository.hpp"
#include "store/tx.hpp"

namespace palisade::jobs::testing {

void JobsTest::SetUp() {
    ASSERT_TRUE(InitCrypto());
    log::Init("error", "text");
    url_ = palisade::testing::FreshDatabaseUrl(GetParam(), dir_.path());
    store_ = OpenStore(8);
    ASSERT_NE(store_, nullptr);
    auto migrated = store_->Migrate();
    ASSERT_TRUE(migrated.has_value()) << migrated.error().message << " " << migrated.error().detail;
    queue_ = std::make_unique<JobQueue>(*store_, clock_);
}

std::unique_ptr<store::Store> JobsTest::OpenStore(int pool_size) {
    auto opened = store::Store::Open({url_, pool_size, std::chrono::milliseconds(10000)});
    EXPECT_TRUE(opened.has_value()) << opened.error().message << " " << opened.error().detail;
    return opened ? std::move(*opened) : nullptr;
}

std::string JobsTest::MakeOrg(const std::string& name) {
    const std::string now = FormatTime(clock_.Now());
    store::OrgRecord o{NewUuidV7(clock_.Now()), name, now, now};
    auto r = store_->Write([&](store::Tx& tx) -> Status {
        store::orgs::Insert(tx, o);
        return Ok();
    });
    EXPECT_TRUE(r.has_value());
    return o.id;
}

JobSpec JobsTest::Spec(const std::string& kind, const std::string& org_id, int priority) {
    JobSpec s;
    s.kind = kind;
    s.org_id = org_id;
    s.priority = priority;
    s.payload_json = R"({"target":"127.0.0.1"})";
    return s;
}

Job JobsTest::MustEnqueue(const JobSpec& spec) {
    auto j = queue_->Enqueue(spec);
    EXPECT_TRUE(j.has_value()) << j.error().message << " " << j.error().detail;
    return j ? *j : Job{};
}

Job JobsTest::MustGet(const std::string& id) {
    auto j = queue_->GetAny(id);
    EXPECT_TRUE(j.has_value()) << j.error().message;
    return j ? *j : Job{};
}

Job JobsTest::MustClaim(const std::string& worker, std::chrono::milliseconds lease) {
    auto c = queue_->Claim(worker, {"scan", "import", "report"}, lease, {});
    EXPECT_TRUE(c.has_value()) << c.error().message << " " << c.error().detail;
    EXPECT_TRUE(c.has_value() && c->has_value()) << "nothing claimed";
    return (c && *c) ? **c : Job{};
}

std::string BackendName(const ::testing::TestParamInfo<std::string>& info) { return info.param; }

}  // namespace palisade::jobs::testing
