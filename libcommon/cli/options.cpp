#include "cli/options.hpp"

#include <cctype>
#include <limits>

#include "cli/error.hpp"

namespace jlkit {

uint64_t parse_size(std::string_view text, std::string_view option) {
  auto bad = [&] {
    return usage_error("invalid size '" + std::string(text) + "' for " + std::string(option) +
                       " (expected bytes or a number with K, M, G or T)");
  };
  size_t i = 0;
  uint64_t value = 0;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
    uint64_t digit = text[i] - '0';
    if (value > (std::numeric_limits<uint64_t>::max() - digit) / 10) throw bad();
    value = value * 10 + digit;
    ++i;
  }
  if (i == 0) throw bad();
  // Accept K, KB, KiB (any case of the letters around the unit letter).
  std::string_view unit = text.substr(i);
  int shift = 0;
  if (!unit.empty()) {
    static constexpr std::string_view kUnits = "BKMGT";
    size_t pos = kUnits.find(static_cast<char>(std::toupper(static_cast<unsigned char>(unit[0]))));
    if (pos == std::string_view::npos) throw bad();
    shift = static_cast<int>(pos) * 10;
    std::string_view rest = unit.substr(1);
    bool ok = rest.empty() || (shift > 0 && (rest == "B" || rest == "b" || rest == "iB" || rest == "ib"));
    if (!ok) throw bad();
  }
  if (shift && value > (std::numeric_limits<uint64_t>::max() >> shift)) throw bad();
  return value << shift;
}

OnErrorPolicy parse_on_error(std::string_view text) {
  OnErrorPolicy p;
  if (text == "fail") {
    p.mode = OnErrorPolicy::kFail;
  } else if (text == "skip") {
    p.mode = OnErrorPolicy::kSkip;
  } else if (text.substr(0, 5) == "keep:" && text.size() > 5) {
    p.mode = OnErrorPolicy::kKeep;
    p.keep_path = std::string(text.substr(5));
  } else {
    throw usage_error("invalid --on-error value '" + std::string(text) +
                      "' (expected fail, skip or keep:FILE)");
  }
  return p;
}

}  // namespace jlkit
