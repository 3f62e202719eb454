// What part of each record the predicate reads. Built once from the
// expression; the materialiser walks a record with simdjson On-Demand and
// keeps only these parts, so a filter on `.status` never unescapes the rest.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "json/expr.hpp"

namespace jlkit::json {

struct Proj {
  bool full = false;  // everything below is needed
  bool count = false; // the member count is needed (implies every member, shallowly)
  bool end = false;   // tries built from command-line paths: a path ends here
  // Members read by name. Each is already merged with `each` when both exist.
  std::vector<std::pair<std::string, std::unique_ptr<Proj>>> keys;
  std::unique_ptr<Proj> each;  // every array element / object member value

  Proj* key(const std::string& k);
  Proj* elements();
  const Proj* find(const char* k, size_t len) const {
    for (auto& [name, p] : keys)
      if (name.size() == len && std::memcmp(name.data(), k, len) == 0) return p.get();
    return nullptr;
  }
};

// Analyses `expr` into a projection rooted at the record; `strict` asks for
// the whole record (full validation).
std::unique_ptr<Proj> project(const Expr& expr, bool strict);

}  // namespace jlkit::json
