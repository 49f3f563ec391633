// SPDX-License-Identifier: Apache-2.0
#include "auth/key_file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

namespace palisade::auth {
namespace {

namespace fs = std::filesystem;

class KeyFileTest : public ::testing::Test {
  protected:
    void SetUp() override {
        std::string tmpl = (fs::temp_directory_path() / "palisade-keyfile-XXXXXX").string();
        ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
        dir_ = tmpl;
    }
    void TearDown() override { fs::remove_all(dir_); }

    static unsigned Mode(const fs::path& p) {
        struct stat st {};
        EXPECT_EQ(::stat(p.c_str(), &st), 0);
        return st.st_mode & 07777;
    }

    fs::path dir_;
};

TEST_F(KeyFileTest, CreatesAPrivateFileOfTheRequestedLength) {
    const fs::path file = dir_ / "jwt.key";
    auto key = LoadOrCreateKey(file, 32);
    ASSERT_TRUE(key.has_value()) << key.error().message << " " << key.error().detail;
    EXPECT_EQ(key->size(), 32u);
    EXPECT_EQ(Mode(file), 0600u);
    EXPECT_EQ(fs::file_size(file), 32u);
    EXPECT_NE(*key, std::string(32, '\0'));
}

TEST_F(KeyFileTest, IsExactly0600WhateverTheUmask) {
    for (mode_t mask : {0000, 0022, 0477}) {  // 0477 would leave a write-only file that could not be read back
        const fs::path file = dir_ / ("umask-" + std::to_string(mask) + ".key");
        const mode_t old = ::umask(mask);
        auto key = LoadOrCreateKey(file, 32);
        ::umask(old);
        ASSERT_TRUE(key.has_value()) << std::oct << mask << ": " << key.error().message;
        EXPECT_EQ(Mode(file), 0600u) << std::oct << mask;
    }
}

TEST_F(KeyFileTest, ReusesTheKeyOnLaterLoads) {
    auto first = LoadOrCreateKey(dir_ / "jwt.key", 32);
    auto second = LoadOrCreateKey(dir_ / "jwt.key", 32);
    ASSERT_TRUE(first && second);
    EXPECT_EQ(*first, *second);
    auto other = LoadOrCreateKey(dir_ / "other.key", 32);
    ASSERT_TRUE(other.has_value());
    EXPECT_NE(*first, *other);
}

TEST_F(KeyFileTest, CreatesMissingParentFolders) {
    const fs::path file = dir_ / "a" / "b" / "jwt.key";
    ASSERT_TRUE(LoadOrCreateKey(file, 16).has_value());
    EXPECT_TRUE(fs::is_regular_file(file));
}

TEST_F(KeyFileTest, RefusesFilesReadableByOthers) {
    const fs::path file = dir_ / "jwt.key";
    ASSERT_TRUE(LoadOrCreateKey(file, 32).has_value());
    for (unsigned mode : {0644u, 0640u, 0604u, 0700u, 0660u}) {
        ASSERT_EQ(::chmod(file.c_str(), mode), 0);
        auto key = LoadOrCreateKey(file, 32);
        ASSERT_FALSE(key.has_value()) << std::oct << mode;
        EXPECT_EQ(key.error().code, ErrorCode::kInvalidArgument);
        EXPECT_NE(key.error().message.find("chmod 600"), std::string::npos) << key.error().message;
    }
    ASSERT_EQ(::chmod(file.c_str(), 0400), 0);  // narrower than 0600 is fine
    EXPECT_TRUE(LoadOrCreateKey(file, 32).has_value());
}

TEST_F(KeyFileTest, RefusesAKeyOfTheWrongLength) {
    const fs::path file = dir_ / "jwt.key";
    ASSERT_TRUE(LoadOrCreateKey(file, 32).has_value());
    auto key = LoadOrCreateKey(file, 64);
    ASSERT_FALSE(key.has_value());
    EXPECT_EQ(key.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(key.error().message.find("expected 64"), std::string::npos) << key.error().message;
    EXPECT_EQ(fs::file_size(file), 32u);  // never rewritten
}

TEST_F(KeyFileTest, RefusesSomethingThatIsNotAFile) {
    fs::create_directory(dir_ / "jwt.key");
    auto key = LoadOrCreateKey(dir_ / "jwt.key", 32);
    ASSERT_FALSE(key.has_value());
    EXPECT_EQ(key.error().code, ErrorCode::kInvalidArgument);
}

TEST_F(KeyFileTest, ConcurrentCreatorsAllGetTheSameKey) {
    for (int round = 0; round < 10; ++round) {
        const fs::path file = dir_ / ("race-" + std::to_string(round) + ".key");
        std::vector<std::string> keys(8);
        std::vector<std::thread> threads;
        for (std::size_t i = 0; i < keys.size(); ++i) {
            threads.emplace_back([&, i] {
                auto key = LoadOrCreateKey(file, 32);
                keys[i] = key ? *key : "error: " + key.error().message + " " + key.error().detail;
            });
        }
        for (auto& t : threads) t.join();
        for (const auto& k : keys) EXPECT_EQ(k, keys[0]);
        EXPECT_EQ(keys[0].size(), 32u) << keys[0];
    }
    std::size_t entries = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir_)) ++entries;
    EXPECT_EQ(entries, 10u) << "temporary files left behind";
}

}  // namespace
}  // namespace palisade::auth
