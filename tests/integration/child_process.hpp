// SPDX-License-Identifier: Apache-2.0
// ChildProcess: the real `palisade` binary as a child of the test, for multi-process tests. Its stdout is read
// through a pipe (the start-up lines: port, one-time admin password); its stderr (the log) goes to a file, so a
// chatty child never blocks on a full pipe. The destructor kills (SIGKILL) and reaps a child still running.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace palisade::testing {

class ChildProcess {
  public:
    // Starts `program` with `args`, the environment reduced to PATH (no PALISADE_* of the test leaks in).
    ChildProcess(const std::string& program, const std::vector<std::string>& args, const std::string& log_path);
    ~ChildProcess();
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    // Reads stdout until `needle` appears or `timeout` passes; returns everything read so far.
    std::string ReadUntil(const std::string& needle, std::chrono::milliseconds timeout);
    void Signal(int signal);
    // Waits for the child to exit (at most `timeout`, then SIGKILL); returns its exit status (128 + signal when
    // killed by one).
    int Wait(std::chrono::milliseconds timeout);
    pid_t pid() const { return pid_; }

  private:
    pid_t pid_ = -1;
    int out_ = -1;
    bool reaped_ = false;
    std::string stdout_;
};

// The value after `label` on its line of `text` ("  password: X" -> "X"), or "".
std::string LineValue(const std::string& text, const std::string& label);

}  // namespace palisade::testing
