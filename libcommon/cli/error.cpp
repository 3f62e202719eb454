// Messages and the shared runner.
#include "cli/error.hpp"

#include <csignal>
#include <cstdio>
#include <new>

namespace jlkit {

namespace {
const char* g_prog = "jlkit";
volatile std::sig_atomic_t g_signal = 0;

extern "C" void on_interrupt(int sig) { g_signal = sig; }

void print_line(const char* kind, const std::string& message) {
  std::fprintf(stderr, "%s: %s: %s\n", g_prog, kind, message.c_str());
}
}  // namespace

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
    if (e.exit_code() == kExitUsage) std::fprintf(stderr, "try '%s --help'\n", g_prog);
    return e.exit_code();
  } catch (const BrokenPipe&) {
    return kExitOk;
  } catch (const std::bad_alloc&) {
    print_error("out of memory");
    return kExitFailure;
  }
}

}  // namespace jlkit
