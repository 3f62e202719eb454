// jlfilter: print the records for which a jq predicate is true.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "json/record_reader.hpp"

namespace jlkit::json {

struct FilterOptions {
  std::string expr;
  InputOptions io;
  bool invert = false;
  bool count = false;
  bool strict = false;
  // (NAME, FILE) and (NAME, VALUE) bindings, as jq's options.
  std::vector<std::pair<std::string, std::string>> slurpfiles, rawfile_lines, args, argjsons;
};

// Runs the filter; returns the exit status (throws Error on fatal problems).
int run_filter(const FilterOptions& options);

}  // namespace jlkit::json
