// SPDX-License-Identifier: Apache-2.0
// Repository tests, run on every back-end from DatabaseBackends() (SQLite always; PostgreSQL under make test).
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <set>
#include <thread>

#include "core/crypto.hpp"
#include "core/time.hpp"
#include "store/audit_repository.hpp"
#include "store/credential_repository.hpp"
#include "store/identity_repository.hpp"
#include "store/migrator.hpp"
#include "store/outbox_repository.hpp"
#include "store/store.hpp"
#include "store/tx.hpp"
#include "support/test_env.hpp"

namespace palisade::store {
namespace {

class StoreTest : public ::testing::TestWithParam<std::string> {
protected:
    void SetUp() override {
        ASSERT_TRUE(InitCrypto());
        url_ = testing::FreshDatabaseUrl(GetParam(), dir_.path());
        auto opened = Store::Open({url_, 4, std::chrono::milliseconds(5000)});
        ASSERT_TRUE(opened.has_value()) << opened.error().message << " " << opened.error().detail;
        store_ = std::move(*opened);
        auto migrated = store_->Migrate();
        ASSERT_TRUE(migrated.has_value()) << migrated.error().message << " " << migrated.error().detail;
    }

    std::string Now() { return FormatTime(clock_.Now()); }
    std::string Id() { return NewUuidV7(clock_.Now()); }

    UserRecord MakeUser(const std::string& email) {
        UserRecord u;
        u.id = Id();
        u.email = email;
        u.password_hash = "$argon2id$fake";
        u.password_changed_at = u.created_at = u.updated_at = Now();
        return u;
    }

    std::string MakeOrg(const std::string& name) {
        OrgRecord o{Id(), name, Now(), Now()};
        auto r = store_->Write([&](Tx& tx) -> Status {
            orgs::Insert(tx, o);
            return Ok();
        });
        EXPECT_TRUE(r.has_value());
        return o.id;
    }

    testing::TempDir dir_;
    std::string url_;
    SystemClock clock_;
    std::unique_ptr<Store> store_;
};

TEST_P(StoreTest, MigrateIsIdempotentAndReady) {
    auto again = store_->Migrate();
    ASSERT_TRUE(again.has_value());
    ASSERT_FALSE(again->empty());
    for (const auto& m : *again) EXPECT_TRUE(m.applied) << m.name;
    EXPECT_TRUE(store_->Ready().has_value());
}

TEST_P(StoreTest, RefusesAnAppliedMigrationWhoseChecksumChanged) {
    auto w = store_->Write([&](Tx& tx) -> Status {
        tx.sql() << "UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1";
        return Ok();
    });
    ASSERT_TRUE(w.has_value());
    auto m = store_->Migrate();
    ASSERT_FALSE(m.has_value());
    EXPECT_EQ(m.error().code, ErrorCode::kConflict);
    EXPECT_NE(m.error().message.find("0001_identity was changed after it was applied"), std::string::npos)
        << m.error().message;
    EXPECT_FALSE(store_->Ready().has_value());
}

TEST_P(StoreTest, ReadyFailsBeforeMigration) {
    auto fresh = Store::Open({testing::FreshDatabaseUrl(GetParam(), dir_.path()), 2, std::chrono::milliseconds(1000)});
    ASSERT_TRUE(fresh.has_value());
    auto ready = (*fresh)->Ready();
    ASSERT_FALSE(ready.has_value());
    EXPECT_NE(ready.error().message.find("not applied"), std::string::npos);
}

TEST_P(StoreTest, UserRoundTripAndUniqueEmail) {
    const std::string org = MakeOrg("Acme");
    UserRecord u = MakeUser("ana@example.test");
    u.totp_secret = "sealed";
    auto w = store_->Write([&](Tx& tx) -> Status {
        users::Insert(tx, u);
        memberships::Insert(tx, {org, u.id, "admin", Now()});
        return Ok();
    });
    ASSERT_TRUE(w.has_value()) << w.error().detail;
    auto found = store_->Read([&](Tx& tx) -> Result<std::optional<UserRecord>> { return users::FindByEmail(tx, u.email); });
    ASSERT_TRUE(found.has_value());
    ASSERT_TRUE(found->has_value());
    EXPECT_EQ((*found)->id, u.id);
    EXPECT_EQ((*found)->totp_secret.value_or(""), "sealed");
    EXPECT_TRUE((*found)->active);
    EXPECT_FALSE((*found)->email_verified);

    UserRecord dup = MakeUser("ana@example.test");
    auto d = store_->Write([&](Tx& tx) -> Status {
        users::Insert(tx, dup);
        return Ok();
    });
    ASSERT_FALSE(d.has_value());
    EXPECT_EQ(d.error().code, ErrorCode::kConflict);
}

TEST_P(StoreTest, FailedTransactionLeavesNothingBehind) {
    const std::string org = MakeOrg("Acme");
    UserRecord u = MakeUser("bo@example.test");
    auto w = store_->Write([&](Tx& tx) -> Status {
        users::Insert(tx, u);
        return Fail(ErrorCode::kInvalidArgument, "changed my mind");
    });
    ASSERT_FALSE(w.has_value());
    EXPECT_EQ(w.error().code, ErrorCode::kInvalidArgument);
    auto found = store_->Read([&](Tx& tx) -> Result<bool> { return users::Find(tx, u.id).has_value(); });
    ASSERT_TRUE(found.has_value());
    EXPECT_FALSE(*found);

    // A database error half-way rolls back the first insert too.
    UserRecord v = MakeUser("cy@example.test");
    auto w2 = store_->Write([&](Tx& tx) -> Status {
        users::Insert(tx, v);
        memberships::Insert(tx, {"no-such-org", v.id, "admin", Now()});  // foreign key violation
        return Ok();
    });
    ASSERT_FALSE(w2.has_value());
    auto found2 = store_->Read([&](Tx& tx) -> Result<bool> { return users::Find(tx, v.id).has_value(); });
    EXPECT_FALSE(*found2);
}

TEST_P(StoreTest, MembersListPagesByCursor) {
    const std::string org = MakeOrg("Acme");
    const std::string other = MakeOrg("Other");
    std::vector<std::string> ids;
    for (int i = 0; i < 5; ++i) {
        UserRecord u = MakeUser("u" + std::to_string(i) + "@example.test");
        ids.push_back(u.id);
        ASSERT_TRUE(store_->Write([&](Tx& tx) -> Status {
                              users::Insert(tx, u);
                              memberships::Insert(tx, {i == 4 ? other : org, u.id, "viewer", Now()});
                              return Ok();
                          }).has_value());
    }
    auto page1 = store_->Read([&](Tx& tx) -> Result<std::vector<MemberRecord>> { return memberships::List(tx, org, "", 3); });
    ASSERT_EQ(page1->size(), 3u);
    auto page2 = store_->Read(
        [&](Tx& tx) -> Result<std::vector<MemberRecord>> { return memberships::List(tx, org, page1->back().user.id, 3); });
    ASSERT_EQ(page2->size(), 1u);  // the fifth user belongs to another organisation
    std::set<std::string> seen{page2->front().user.id};
    for (const auto& m : *page1) seen.insert(m.user.id);
    EXPECT_EQ(seen, std::set<std::string>(ids.begin(), ids.begin() + 4));
}

TEST_P(StoreTest, RefreshTokenCanBeMarkedUsedOnlyOnce) {
    const std::string org = MakeOrg("Acme");
    UserRecord u = MakeUser("d@example.test");
    SessionRecord s{Id(), u.id, org, Now(), Now(), std::nullopt, "127.0.0.1", "test"};
    RefreshTokenRecord r{Id(), s.id, Sha256Hex("token"), Now(), Now(), std::nullopt};
    ASSERT_TRUE(store_->Write([&](Tx& tx) -> Status {
                          users::Insert(tx, u);
                          memberships::Insert(tx, {org, u.id, "viewer", Now()});
                          sessions::Insert(tx, s);
                          sessions::InsertRefresh(tx, r);
                          return Ok();
                      }).has_value());
    auto first = store_->Write([&](Tx& tx) -> Result<bool> { return sessions::MarkRefreshUsed(tx, r.id, Now()); });
    auto second = store_->Write([&](Tx& tx) -> Result<bool> { return sessions::MarkRefreshUsed(tx, r.id, Now()); });
    EXPECT_TRUE(*first);
    EXPECT_FALSE(*second);
    auto revoked = store_->Write([&](Tx& tx) -> Result<long long> {
        return sessions::RevokeAllForUser(tx, u.id, "test", Now());
    });
    EXPECT_EQ(*revoked, 1);
    auto found = store_->Read([&](Tx& tx) -> Result<std::optional<SessionRecord>> { return sessions::Find(tx, s.id); });
    ASSERT_TRUE(found->has_value());
    EXPECT_TRUE((*found)->revoked_at.has_value());
}

TEST_P(StoreTest, LoginFailuresCountWithinWindowAndResetOnSuccess) {
    ManualClock clock(FromUnixSeconds(1790000000));
    auto add = [&](const std::string& outcome) {
        ASSERT_TRUE(store_->Write([&](Tx& tx) -> Status {
                              login_attempts::Insert(tx, Id(), "account", "e@example.test", outcome,
                                                     FormatTime(clock.Now()));
                              return Ok();
                          }).has_value());
        clock.Advance(std::chrono::seconds(1));
    };
    add("failure");
    add("failure");
    add("success");
    add("failure");
    const std::string since = FormatTime(clock.Now() - std::chrono::minutes(15));
    auto with_reset = store_->Read([&](Tx& tx) -> Result<login_attempts::Failures> {
        return login_attempts::CountFailures(tx, "account", "e@example.test", since, true);
    });
    auto without = store_->Read([&](Tx& tx) -> Result<login_attempts::Failures> {
        return login_attempts::CountFailures(tx, "account", "e@example.test", since, false);
    });
    EXPECT_EQ(with_reset->count, 1);
    EXPECT_EQ(without->count, 3);
    const std::string later = FormatTime(clock.Now() + std::chrono::minutes(20));
    auto expired = store_->Read([&](Tx& tx) -> Result<login_attempts::Failures> {
        return login_attempts::CountFailures(tx, "account", "e@example.test", later, false);
    });
    EXPECT_EQ(expired->count, 0);

    // Pruning drops what is older than the cut-off and keeps the rest.
    ASSERT_TRUE(store_->Write([&](Tx& tx) -> Status {
                          login_attempts::Prune(tx, FormatTime(clock.Now() - std::chrono::seconds(2)));
                          return Ok();
                      }).has_value());
    auto after = store_->Read([&](Tx& tx) -> Result<login_attempts::Failures> {
        return login_attempts::CountFailures(tx, "account", "e@example.test", since, false);
    });
    EXPECT_EQ(after->count, 1);  // only the failure of the last second is left
}

AuditRecord Entry(const std::string& org, const std::string& action, const std::string& id) {
    AuditRecord r;
    r.id = id;
    r.at = FormatTime(std::chrono::system_clock::now());
    r.org_id = org;
    r.action = action;
    r.outcome = "success";
    r.summary = "summary of " + action;
    return r;
}

TEST_P(StoreTest, AuditChainVerifiesAndDetectsAnEditedRow) {
    const std::string org = MakeOrg("Acme");
    for (int i = 0; i < 5; ++i) {
        ASSERT_TRUE(store_->Write([&](Tx& tx) -> Status {
                              audit::Append(tx, Entry(org, "auth.login", Id()));
                              return Ok();
                          }).has_value());
    }
    auto ok = store_->Read([&](Tx& tx) -> Result<audit::VerifyResult> { return audit::Verify(tx); });
    EXPECT_TRUE(ok->ok) << ok->problem;
    EXPECT_EQ(ok->entries, 5);
    ASSERT_TRUE(store_->Write([&](Tx& tx) -> Status {
                          tx.sql() << "UPDATE audit_log SET summary = 'nothing happened' WHERE seq = 3";
                          return Ok();
                      }).has_value());
    auto bad = store_->Read([&](Tx& tx) -> Result<audit::VerifyResult> { return audit::Verify(tx); });
    EXPECT_FALSE(bad->ok);
    EXPECT_EQ(bad->first_bad_seq, 3);
    EXPECT_NE(bad->problem.find("altered"), std::string::npos);
}

TEST_P(StoreTest, AuditChainDetectsADeletedRow) {
    const std::string org = MakeOrg("Acme");
    for (int i = 0; i < 4; ++i) {
        ASSERT_TRUE(store_->Write([&](Tx& tx) -> Status {
                              audit::Append(tx, Entry(org, "users.invite", Id()));
                              return Ok();
                          }).has_value());
    }
    ASSERT_TRUE(store_->Write([&](Tx& tx) -> Status {
                          tx.sql() << "DELETE FROM audit_log WHERE seq = 2";
                          return Ok();
                      }).has_value());
    auto bad = store_->Read([&](Tx& tx) -> Result<audit::VerifyResult> { return audit::Verify(tx); });
    EXPECT_FALSE(bad->ok);
    EXPECT_EQ(bad->first_bad_seq, 2);
    EXPECT_NE(bad->problem.find("missing"), std::string::npos);
}

TEST_P(StoreTest, ConcurrentAuditAppendsKeepTheChainIntact) {
    const std::string org = MakeOrg("Acme");
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 25; ++i) {
                auto r = store_->Write([&](Tx& tx) -> Status {
                    audit::Append(tx, Entry(org, "auth.login", Id()));
                    return Ok();
                });
                if (!r) ++failures;
            }
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(failures.load(), 0);
    auto v = store_->Read([&](Tx& tx) -> Result<audit::VerifyResult> { return audit::Verify(tx); });
    EXPECT_TRUE(v->ok) << v->problem;
    EXPECT_EQ(v->entries, 100);
}

TEST_P(StoreTest, AuditListFiltersByOrgActionPrefixAndPages) {
    const std::string org = MakeOrg("Acme");
    const std::string other = MakeOrg("Other");
    for (const auto& [o, a] : std::vector<std::pair<std::string, std::string>>{
             {org, "auth.login"}, {org, "users.invite"}, {org, "auth.logout"}, {other, "auth.login"}}) {
        ASSERT_TRUE(store_->Write([&](Tx& tx) -> Status {
                              audit::Append(tx, Entry(o, a, Id()));
                              return Ok();
                          }).has_value());
    }
    audit::Filter f;
    f.org_id = org;
    f.action = "auth.*";
    auto auth_only = store_->Read([&](Tx& tx) -> Result<std::vector<AuditRecord>> { return audit::List(tx, f); });
    ASSERT_EQ(auth_only->size(), 2u);
    EXPECT_EQ(auth_only->at(0).action, "auth.logout");  // newest first
    f.action.reset();
    f.limit = 2;
    auto page1 = store_->Read([&](Tx& tx) -> Result<std::vector<AuditRecord>> { return audit::List(tx, f); });
    ASSERT_EQ(page1->size(), 2u);
    f.before_seq = page1->back().seq;
    auto page2 = store_->Read([&](Tx& tx) -> Result<std::vector<AuditRecord>> { return audit::List(tx, f); });
    ASSERT_EQ(page2->size(), 1u);
    EXPECT_EQ(page2->front().action, "auth.login");
}

TEST_P(StoreTest, OutboxLeaseIsExclusiveAndSentBodyIsErased) {
    const std::string org = MakeOrg("Acme");
    OutboxRecord m;
    m.id = Id();
    m.org_id = org;
    m.to_address = "f@example.test";
    m.subject = "Verify";
    m.body = "token: secret";
    m.created_at = Now();
    ASSERT_TRUE(store_->Write([&](Tx& tx) -> Status {
                          outbox::Insert(tx, m);
                          return Ok();
                      }).has_value());
    const std::string until = FormatTime(clock_.Now() + std::chrono::minutes(1));
    auto a = store_->Write([&](Tx& tx) -> Result<bool> { return outbox::Lease(tx, m.id, Now(), until); });
    auto b = store_->Write([&](Tx& tx) -> Result<bool> { return outbox::Lease(tx, m.id, Now(), until); });
    EXPECT_TRUE(*a);
    EXPECT_FALSE(*b);
    ASSERT_TRUE(store_->Write([&](Tx& tx) -> Status {
                          outbox::MarkSent(tx, m.id, Now());
                          return Ok();
                      }).has_value());
    auto listed = store_->Read([&](Tx& tx) -> Result<std::vector<OutboxRecord>> { return outbox::List(tx, org, "", 10); });
    ASSERT_EQ(listed->size(), 1u);
    EXPECT_TRUE(listed->front().sent_at.has_value());
    EXPECT_EQ(listed->front().body, "");
}

TEST_P(StoreTest, ConcurrentWritersDoNotFailWithDatabaseLocked) {
    const std::string org = MakeOrg("Acme");
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 50; ++i) {
                UserRecord u = MakeUser("w" + std::to_string(t) + "-" + std::to_string(i) + "@example.test");
                auto r = store_->Write([&](Tx& tx) -> Status {
                    users::Insert(tx, u);
                    return Ok();
                });
                if (!r) ++failures;
            }
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(failures.load(), 0);
}

TEST(Migrations, BothDialectsHaveTheSameNumbers) {
    auto sqlite = EmbeddedMigrations(Dialect::kSqlite);
    auto pg = EmbeddedMigrations(Dialect::kPostgres);
    ASSERT_FALSE(sqlite.empty());
    ASSERT_EQ(sqlite.size(), pg.size());
    for (std::size_t i = 0; i < sqlite.size(); ++i) {
        EXPECT_EQ(sqlite[i].version, static_cast<int>(i + 1));
        EXPECT_EQ(sqlite[i].name, pg[i].name);
    }
}

TEST(Migrations, SplitterKeepsSemicolonsInsideStringsAndDropsComments) {
    auto stmts = SplitSqlStatements("-- a; comment\nCREATE TABLE a (x TEXT DEFAULT ';');\n\nINSERT INTO a VALUES ('b');\n");
    ASSERT_EQ(stmts.size(), 2u);
    EXPECT_NE(stmts[0].find("DEFAULT ';'"), std::string::npos);
    EXPECT_EQ(stmts[0].find("comment"), std::string::npos);
}

TEST(StoreOpen, CreatesTheSqliteFileReadableByItsOwnerOnly) {
    testing::TempDir dir;
    const auto path = dir.path() / "sub" / "p.db";
    auto s = Store::Open({"sqlite://" + path.string(), 1, std::chrono::milliseconds(100)});
    ASSERT_TRUE(s.has_value());
    const auto perms = std::filesystem::status(path).permissions();
    EXPECT_EQ(perms & (std::filesystem::perms::group_all | std::filesystem::perms::others_all),
              std::filesystem::perms::none);
}

TEST(StoreOpen, RejectsUnknownSchemes) {
    auto s = Store::Open({"mysql://x", 1, std::chrono::milliseconds(100)});
    ASSERT_FALSE(s.has_value());
    EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, ::testing::ValuesIn(testing::DatabaseBackends()),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

}  // namespace
}  // namespace palisade::store
