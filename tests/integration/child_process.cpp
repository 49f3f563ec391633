// SPDX-License-Identifier: Apache-2.0
#include "integration/child_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/select.h>
#include <sys/wait.h>
#include <unistd.h>

#include <thread>

namespace palisade::testing {

ChildProcess::ChildProcess(const std::string& program, const std::vector<std::string>& args,
                           const std::string& log_path) {
    int out[2];
    if (pipe(out) != 0) return;
    const int log = open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    pid_ = fork();
    if (pid_ == 0) {
        dup2(out[1], 1);
        if (log >= 0) dup2(log, 2);
        close(out[0]);
        std::vector<char*> argv{const_cast<char*>(program.c_str())};
        for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        char path[] = "PATH=/usr/bin:/bin";
        char* envp[] = {path, nullptr};
        execve(program.c_str(), argv.data(), envp);
        _exit(127);
    }
    close(out[1]);
    if (log >= 0) close(log);
    out_ = out[0];
}

ChildProcess::~ChildProcess() {
    if (pid_ > 0 && !reaped_) {
        kill(pid_, SIGKILL);
        Wait(std::chrono::seconds(10));
    }
    if (out_ >= 0) close(out_);
}

std::string ChildProcess::ReadUntil(const std::string& needle, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (stdout_.find(needle) == std::string::npos && std::chrono::steady_clock::now() < deadline) {
        fd_set set;
        FD_ZERO(&set);
        FD_SET(out_, &set);
        timeval tv{0, 100000};
        if (select(out_ + 1, &set, nullptr, nullptr, &tv) > 0) {
            char buf[4096];
            const ssize_t n = read(out_, buf, sizeof buf);
            if (n <= 0) break;
            stdout_.append(buf, static_cast<std::size_t>(n));
        }
    }
    return stdout_;
}

void ChildProcess::Signal(int signal) {
    if (pid_ > 0 && !reaped_) kill(pid_, signal);
}

int ChildProcess::Wait(std::chrono::milliseconds timeout) {
    if (pid_ <= 0 || reaped_) return -1;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    int status = 0;
    while (waitpid(pid_, &status, WNOHANG) == 0) {
        if (std::chrono::steady_clock::now() >= deadline) {
            kill(pid_, SIGKILL);
            waitpid(pid_, &status, 0);
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    reaped_ = true;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string LineValue(const std::string& text, const std::string& label) {
    const auto at = text.find(label);
    if (at == std::string::npos) return {};
    auto start = at + label.size();
    while (start < text.size() && text[start] == ' ') ++start;
    const auto end = text.find_first_of(" \r\n", start);
    return text.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

}  // namespace palisade::testing
