#include "io/bad_records.hpp"

#include "cli/error.hpp"

namespace jlkit {

BadRecords::BadRecords(const OnErrorPolicy& policy) : policy_(policy) {
  if (policy_.mode == OnErrorPolicy::kKeep) keep_ = Writer::open_file(policy_.keep_path);
}

void BadRecords::report(const std::string& input, uint64_t line, std::string_view text, std::string_view what) {
  auto where = [&] { return input + ":" + std::to_string(line) + ": " + std::string(what); };
  if (policy_.mode == OnErrorPolicy::kFail) throw runtime_error(where());
  if (count_++ == 0) first_ = where();
  if (keep_) keep_->write_line(text);
}

void BadRecords::finish() {
  if (keep_) keep_->flush();
  if (count_ == 0) return;
  std::string verb = policy_.mode == OnErrorPolicy::kKeep ? "kept " + std::to_string(count_) + " bad record" +
                                                                (count_ == 1 ? "" : "s") + " in " + policy_.keep_path
                                                          : "skipped " + std::to_string(count_) + " bad record" +
                                                                (count_ == 1 ? "" : "s");
  print_warning(verb + " (first: " + first_ + ")");
}

}  // namespace jlkit
