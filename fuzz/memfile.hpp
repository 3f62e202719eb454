// In-memory files for the fuzz targets that run a whole program body:
// records are read from a path (/proc/self/fd/N) and stdout is read back.
#pragma once

#include <fcntl.h>
#include <sanitizer/common_interface_defs.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>

#include <cstdlib>
#include <string>
#include <string_view>

namespace fuzz {

inline int memfd(const char* name) {
  int fd = memfd_create(name, 0);
  if (fd < 0) std::abort();
  return fd;
}

// Replaces the contents of `fd` and rewinds it.
inline void rewrite(int fd, std::string_view data) {
  if (ftruncate(fd, 0) != 0 || lseek(fd, 0, SEEK_SET) != 0) std::abort();
  if (!data.empty() && write(fd, data.data(), data.size()) != static_cast<ssize_t>(data.size())) std::abort();
}

inline std::string read_all(int fd) {
  std::string s;
  off_t size = lseek(fd, 0, SEEK_END);
  s.resize(static_cast<size_t>(size));
  if (size > 0 && pread(fd, s.data(), s.size(), 0) != size) std::abort();
  return s;
}

// Makes stdout an in-memory file; call once, from LLVMFuzzerInitialize.
inline void capture_stdout() {
  if (dup2(memfd("stdout"), STDOUT_FILENO) < 0) std::abort();
}

// Silences stderr while alive (a program body's warnings, printed for
// every input, would drown the fuzzer's output). Sanitizer reports still go
// to the real stderr: call report_to_stderr() once at start-up.
class QuietStderr {
 public:
  QuietStderr() : saved_(dup(STDERR_FILENO)) {
    int null = open("/dev/null", O_WRONLY);
    if (saved_ < 0 || null < 0 || dup2(null, STDERR_FILENO) < 0) std::abort();
    close(null);
  }
  ~QuietStderr() {
    dup2(saved_, STDERR_FILENO);
    close(saved_);
  }
  QuietStderr(const QuietStderr&) = delete;
  QuietStderr& operator=(const QuietStderr&) = delete;

  static void report_to_stderr() {
    __sanitizer_set_report_fd(reinterpret_cast<void*>(static_cast<intptr_t>(dup(STDERR_FILENO))));
  }

 private:
  int saved_;
};

// A file holding the input, as a path the programs can open.
struct InputFile {
  int fd = memfd("input");
  std::string path = "/proc/self/fd/" + std::to_string(fd);
};

}  // namespace fuzz
