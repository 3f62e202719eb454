// jl2csv: JSON records to CSV or TSV.
#include "common/cli.hpp"
#include "json/csv.hpp"

int main(int argc, char** argv) {
  return jlkit::run_tool("jl2csv", [&]() -> int {
    cxxopts::Options o("jl2csv", "Write JSON records as RFC 4180 CSV (or TSV), one row per record.\n");
    o.custom_help("[OPTIONS]");
    o.positional_help("[FILE...]");
    o.add_options()
        ("f,fields", "the columns: PATH or NAME=PATH, comma-separated (default: inferred)", cxxopts::value<std::string>(), "SPEC")
        ("infer", "infer the header from the first N records", cxxopts::value<size_t>()->default_value("1000"), "N")
        ("strict", "a member outside the inferred header is a bad record; validate every value")
        ("null", "text for null and missing values", cxxopts::value<std::string>()->default_value(""), "STR")
        ("quote-all", "quote every cell")
        ("crlf", "end rows with CR LF")
        ("delimiter", "cell separator (one character, or \\t)", cxxopts::value<std::string>(), "C")
        ("no-header", "do not write the header row")
        ("tsv", "tab-separated, with tab, CR, LF and backslash escaped as \\t \\r \\n \\\\");
    jlkit::cli::add_input_options(o);
    cxxopts::ParseResult r;
    if (auto done = jlkit::cli::parse(o, argc, argv, {"files"}, r)) return *done;

    jlkit::json::CsvOptions c;
    c.io = jlkit::cli::input_options(r);
    if (r.count("fields")) {
      c.fields = r["fields"].as<std::string>();
      if (c.fields.empty()) throw jlkit::usage_error("--fields: no columns given");
    }
    c.infer = r["infer"].as<size_t>();
    c.strict = r.count("strict") > 0;
    c.null_text = r["null"].as<std::string>();
    c.quote_all = r.count("quote-all") > 0;
    c.crlf = r.count("crlf") > 0;
    c.no_header = r.count("no-header") > 0;
    c.tsv = r.count("tsv") > 0;
    if (r.count("delimiter")) {
      if (c.tsv) throw jlkit::usage_error("--delimiter and --tsv cannot be combined");
      c.delimiter = jlkit::json::parse_delimiter(r["delimiter"].as<std::string>());
    }
    if (c.tsv && c.quote_all) throw jlkit::usage_error("--quote-all and --tsv cannot be combined (TSV has no quoting)");
    return jlkit::json::run_csv(c);
  });
}
