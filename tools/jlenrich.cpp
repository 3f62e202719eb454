// jlenrich: add, derive, rename and drop fields of JSON records.
#include "common/cli.hpp"
#include "json/enrich.hpp"

int main(int argc, char** argv) {
  return jlkit::run_tool("jlenrich", [&]() -> int {
    cxxopts::Options o("jlenrich",
                       "Add, derive, rename and drop fields of JSON records, applying the operations in the order given.\n");
    o.custom_help("[OPTIONS]");
    o.positional_help("[FILE...]");
    auto many = [] { return cxxopts::value<std::vector<std::string>>(); };
    o.add_options()
        ("set", "set NAME to a JSON value", many(), "NAME=JSON")
        ("set-str", "set NAME to a string", many(), "NAME=STRING")
        ("copy", "copy the value at PATH to NAME", many(), "NAME=PATH")
        ("move", "copy the value at PATH to NAME, then drop PATH", many(), "NAME=PATH")
        ("drop", "remove the member at PATH", many(), "PATH")
        ("keep", "keep only these members, in their order", many(), "PATH[,PATH...]")
        ("extract", "capture groups of REGEX on the string at PATH become fields NAME...", many(), "NAME[,NAME...]=PATH:REGEX")
        ("extract-null", "set the --extract fields to null when there is no match (else they are absent)")
        ("date-parts", "add year, month, day, hour (UTC, zero-padded strings) from the timestamp at PATH", many(), "PATH[:s|:ms]")
        ("date-parts-fields", "which of year,month,day,hour --date-parts adds", cxxopts::value<std::string>()->default_value("year,month,day,hour"), "LIST")
        ("now", "set NAME to the run's UTC time (SOURCE_DATE_EPOCH if set)", many(), "NAME")
        ("hash", "set NAME to a stable 64-bit digest (16 hex digits) of the values", many(), "NAME=PATH[,PATH...]");
    jlkit::cli::add_input_options(o);
    cxxopts::ParseResult r;
    if (auto done = jlkit::cli::parse(o, argc, argv, {"files"}, r)) return *done;

    jlkit::json::EnrichOptions e;
    e.io = jlkit::cli::input_options(r);
    // The operations in command-line order (cxxopts keeps it in arguments()).
    for (const auto& kv : r.arguments())
      for (const char* op : jlkit::json::kEnrichOperations)
        if (kv.key() == op) e.ops.emplace_back(kv.key(), kv.value());
    e.date_fields = r["date-parts-fields"].as<std::string>();
    e.extract_null = r.count("extract-null") > 0;
    return jlkit::json::run_enrich(e);
  });
}
