// SPDX-License-Identifier: Apache-2.0
#include "auth/key_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include "core/crypto.hpp"

namespace palisade::auth {
namespace {

namespace fs = std::filesystem;

// Closes the descriptor on every path out.
class Fd {
  public:
    explicit Fd(int fd) : fd_(fd) {}
    ~Fd() {
        if (fd_ >= 0) ::close(fd_);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return fd_; }

  private:
    int fd_;
};

tl::unexpected<Error> IoError(const fs::path& file, std::string_view what, int err) {
    return Fail(ErrorCode::kUnavailable, "cannot " + std::string(what) + " key file " + file.string(),
                std::string(what) + ": " + std::strerror(err));
}

Result<std::string> ReadKey(const fs::path& file, std::size_t bytes) {
    Fd fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) return IoError(file, "open", errno);
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) return IoError(file, "stat", errno);
    if (!S_ISREG(st.st_mode)) {
        return Fail(ErrorCode::kInvalidArgument, "key file " + file.string() + " is not a regular file");
    }
    if ((st.st_mode & 0177) != 0) {
        return Fail(ErrorCode::kInvalidArgument,
                    "key file " + file.string() + " is readable by others; run: chmod 600 " + file.string());
    }
    if (static_cast<std::size_t>(st.st_size) != bytes) {
        return Fail(ErrorCode::kInvalidArgument, "key file " + file.string() + " has " + std::to_string(st.st_size) +
                                                     " bytes, expected " + std::to_string(bytes) +
                                                     "; restore it or remove it");
    }
    std::string key(bytes, '\0');
    std::size_t done = 0;
    while (done < bytes) {
        const ssize_t n = ::read(fd.get(), key.data() + done, bytes - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return IoError(file, "read", errno);
        if (n == 0) return Fail(ErrorCode::kInvalidArgument, "key file " + file.string() + " is truncated");
        done += static_cast<std::size_t>(n);
    }
    return key;
}

Status WriteAll(int fd, const std::string& data, const fs::path& file) {
    std::size_t done = 0;
    while (done < data.size()) {
        const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return IoError(file, "write", errno);
        done += static_cast<std::size_t>(n);
    }
    return Ok();
}

void SyncDirectory(const fs::path& dir) {
    Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (fd.get() >= 0) ::fsync(fd.get());  // best effort: the key itself is already durable
}

// Writes a fresh key to a private temporary file and links it into place. Ok() also when another process got
// there first: link(2) never replaces an existing file, so theirs stays and the caller reads it.
Status CreateKey(const fs::path& file, std::size_t bytes) {
    const fs::path tmp = file.parent_path() / (file.filename().string() + ".tmp-" + RandomToken(9));
    {
        Fd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600));
        if (fd.get() < 0) return IoError(tmp, "create", errno);
        ::fchmod(fd.get(), 0600);  // the umask can only narrow 0600; make sure we can still read it
        std::string key = RandomBytes(bytes);
        auto written = WriteAll(fd.get(), key, tmp);
        std::fill(key.begin(), key.end(), '\0');
        if (written && ::fsync(fd.get()) != 0) written = IoError(tmp, "fsync", errno);
        if (!written) {
            ::unlink(tmp.c_str());
            return written;
        }
    }
    const int rc = ::link(tmp.c_str(), file.c_str());
    const int err = errno;
    ::unlink(tmp.c_str());
    if (rc != 0 && err != EEXIST) return IoError(file, "publish", err);
    SyncDirectory(file.parent_path());
    return Ok();
}

}  // namespace

Result<std::string> LoadOrCreateKey(const std::filesystem::path& file, std::size_t bytes) {
    PALISADE_ASSERT(bytes > 0, "a key has at least one byte");
    InitCrypto();
    std::error_code ec;
    if (fs::exists(file, ec)) return ReadKey(file, bytes);
    if (ec) return IoError(file, "stat", ec.value());

    const fs::path parent = file.parent_path().empty() ? fs::path(".") : file.parent_path();
    fs::create_directories(parent, ec);
    if (ec) return IoError(file, "create the folder of", ec.value());
    if (auto created = CreateKey(parent / file.filename(), bytes); !created) return Fail(created.error());
    // Read back in both cases: the winner's key when we lost the race, and a check of what we wrote otherwise.
    return ReadKey(file, bytes);
}

}  // namespace palisade::auth
