// The one error type of the toolkit, its exit statuses, and the messages every
// program prints the same way (`prog: error: ...`).
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace jlkit {

enum ExitCode : int {
  kExitOk = 0,
  kExitFailure = 1,  // runtime failure: I/O, network after retries, bad data
  kExitUsage = 2,    // bad option, bad expression, bad URL
};

// Thrown on rare paths (options, files, configuration) and caught once by
// run_tool(). Hot paths return codes instead.
class Error : public std::runtime_error {
 public:
  Error(int exit_code, std::string message)
      : std::runtime_error(std::move(message)), exit_code_(exit_code) {}
  int exit_code() const { return exit_code_; }

 private:
  int exit_code_;
};

// Usage errors get the `try 'prog --help'` hint.
inline Error usage_error(std::string message) { return Error(kExitUsage, std::move(message)); }
inline Error runtime_error(std::string message) { return Error(kExitFailure, std::move(message)); }

// Thrown by the writer when stdout is closed (`| head`): the program ends
// quietly with status 0.
struct BrokenPipe {};

// SIGINT and SIGTERM set a flag instead of killing the program, for programs
// that must clean up (abort an upload) before they go. Blocking reads then
// fail with "interrupted" and transfers stop.
void catch_interrupts();
// The signal caught (0: none).
int interrupted();
// Forgets it, so clean-up requests (which an interrupt would stop) can run.
void clear_interrupted();

// The program name used in messages; set by run_tool().
const char* program_name();

// `prog: error: message` on stderr.
void print_error(const std::string& message);
// `prog: warning: message` on stderr.
void print_warning(const std::string& message);
// `line` and a newline on stderr, in one write. Every message goes through
// here: a progress line on the terminal is erased first (its next tick draws
// it again), so the two never mix.
void print_stderr(std::string_view line);
// Draws `text` as the status line on a terminal, in place of the previous
// one ('\r' and padding, no escape sequences); "" erases it.
void show_status(std::string_view text);

// Runs a tool body: ignores SIGPIPE, maps Error/BrokenPipe/bad_alloc to
// messages and exit statuses. The body returns the exit status.
template <class Body>
int run_tool(const char* prog, Body&& body);

int run_tool_impl(const char* prog, int (*call)(void*), void* ctx);

template <class Body>
int run_tool(const char* prog, Body&& body) {
  return run_tool_impl(prog, [](void* ctx) { return (*static_cast<Body*>(ctx))(); }, &body);
}

}  // namespace jlkit
