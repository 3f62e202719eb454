// jlfilter: print the records for which a jq predicate is true.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "cli/options.hpp"

namespace jlkit::json {

struct FilterOptions {
  std::string expr;
  std::vector<std::string> inputs;  // empty or "-": stdin
  bool invert = false;
  bool count = false;
  bool strict = false;
  bool python = false;
  bool line_buffered = false;
  OnErrorPolicy on_error;
  size_t max_line = 64u << 20;
  // (NAME, FILE) and (NAME, VALUE) bindings, as jq's options.
  std::vector<std::pair<std::string, std::string>> slurpfiles, rawfile_lines, args, argjsons;
};

// Runs the filter; returns the exit status (throws Error on fatal problems).
int run_filter(const FilterOptions& options);

}  // namespace jlkit::json
