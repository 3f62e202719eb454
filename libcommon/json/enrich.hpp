// jlenrich: add, derive, rename and drop fields of JSON records, applying
// the operations in the order they were given.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "json/record_reader.hpp"

namespace jlkit::json {

struct EnrichOptions {
  InputOptions io;
  // (option name, value) in command-line order, e.g. ("set", "n=1"),
  // ("copy", "SESSION_ID=.payload.sessionId"), ("now", "seen_at").
  std::vector<std::pair<std::string, std::string>> ops;
  std::string date_fields = "year,month,day,hour";
  bool extract_null = false;
};

// The option names run_enrich() takes as operations.
extern const char* const kEnrichOperations[10];

// Runs the program; returns the exit status (throws Error on fatal problems).
int run_enrich(const EnrichOptions& options);

}  // namespace jlkit::json
