// Messages and the shared runner.
#include "cli/error.hpp"

#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <mutex>
#include <new>

namespace jlkit {

namespace {
const char* g_prog = "jlkit";
volatile std::sig_atomic_t g_signal = 0;

extern "C" void on_interrupt(int sig) { g_signal = sig; }

std::mutex g_stderr;
size_t g_status_width = 0;  // of the status line shown, 0: none

void write_all(std::string_view s) {
  while (!s.empty()) {
    ssize_t n = ::write(STDERR_FILENO, s.data(), s.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // nowhere to report it
    s.remove_prefix(static_cast<size_t>(n));
  }
}

// "\r" and blanks over the status line; the caller holds g_stderr.
void erase_status(std::string& out) {
  if (!g_status_width) return;
  out += '\r';
  out.append(g_status_width, ' ');
  out += '\r';
  g_status_width = 0;
}

void print_line(const char* kind, const std::string& message) {
  print_stderr(std::string(g_prog) + ": " + kind + ": " + message);
}
}  // namespace

void print_stderr(std::string_view line) {
  std::lock_guard<std::mutex> lock(g_stderr);
  std::string out;
  erase_status(out);
  out.append(line);
  out += '\n';
  write_all(out);
}

void show_status(std::string_view text) {
  std::lock_guard<std::mutex> lock(g_stderr);
  std::string out;
  if (text.empty()) {
    erase_status(out);
  } else {
    out += '\r';
    out.append(text);
    if (text.size() < g_status_width) out.append(g_status_width - text.size(), ' ');
    g_status_width = text.size();
  }
  write_all(out);
}

const char* program_name() { return g_prog; }

void catch_interrupts() {
  struct sigaction sa {};
  sa.sa_handler = on_interrupt;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: a blocked read returns EINTR
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

int interrupted() { return g_signal; }
void clear_interrupted() { g_signal = 0; }
void print_error(const std::string& message) { print_line("error", message); }
void print_warning(const std::string& message) { print_line("warning", message); }

int run_tool_impl(const char* prog, int (*call)(void*), void* ctx) {
  g_prog = prog;
  std::signal(SIGPIPE, SIG_IGN);  // EPIPE from write() instead, handled by the writer
  try {
    return call(ctx);
  } catch (const Error& e) {
    print_error(e.what());
    if (e.exit_code() == kExitUsage) print_stderr(std::string("try '") + g_prog + " --help'");
    return e.exit_code();
  } catch (const BrokenPipe&) {
    return kExitOk;
  } catch (const std::bad_alloc&) {
    print_error("out of memory");
    return kExitFailure;
  }
}

}  // namespace jlkit
