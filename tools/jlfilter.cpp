// jlfilter: print the JSON records for which a jq predicate is true.
#include "common/cli.hpp"
#include "json/filter.hpp"

int main(int argc, char** argv) {
  return jlkit::run_tool("jlfilter", [&]() -> int {
    cxxopts::Options o("jlfilter", "Print the JSON records for which the jq predicate EXPR is true.\n");
    o.custom_help("[OPTIONS]");
    o.positional_help("EXPR [FILE...]");
    o.add_options()
        ("v,invert-match", "print the records that do not match")
        ("c,count", "print only the number of selected records")
        ("strict", "validate every record fully, not only what EXPR reads")
        ("slurpfile", "bind $NAME to an array of the JSON values in FILE (as jq)", cxxopts::value<std::vector<std::string>>(), "NAME FILE")
        ("rawfile-lines", "bind $NAME to an array of the lines of FILE, as strings", cxxopts::value<std::vector<std::string>>(), "NAME FILE")
        ("arg", "bind $NAME to the string VALUE (as jq)", cxxopts::value<std::vector<std::string>>(), "NAME VALUE")
        ("argjson", "bind $NAME to the value of the JSON text (as jq)", cxxopts::value<std::vector<std::string>>(), "NAME JSON")
        ("expr", "", cxxopts::value<std::string>());
    jlkit::cli::add_input_options(o);
    cxxopts::ParseResult r;
    if (auto done = jlkit::cli::parse(o, argc, argv, {"expr", "files"}, r, {"--slurpfile", "--rawfile-lines", "--arg", "--argjson"})) return *done;
    if (!r.count("expr")) throw jlkit::usage_error("missing EXPR");

    jlkit::json::FilterOptions f;
    f.expr = r["expr"].as<std::string>();
    f.io = jlkit::cli::input_options(r);
    f.invert = r.count("invert-match") > 0;
    f.count = r.count("count") > 0;
    f.strict = r.count("strict") > 0;
    f.slurpfiles = jlkit::cli::pairs(r, "slurpfile");
    f.rawfile_lines = jlkit::cli::pairs(r, "rawfile-lines");
    f.args = jlkit::cli::pairs(r, "arg");
    f.argjsons = jlkit::cli::pairs(r, "argjson");
    return jlkit::json::run_filter(f);
  });
}
