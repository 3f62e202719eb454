// s3cat: write the bytes of S3 objects (or local files) in order.
#include "aws/cat.hpp"
#include "common/cli.hpp"

int main(int argc, char** argv) {
  return jlkit::run_tool("s3cat", [&]() -> int {
    cxxopts::Options o("s3cat", "Write the bytes of S3 objects (or local files) in order, gzip decoded.\n"
                                "With no URL, read the list from stdin: URLs, paths or s3ls JSON lines.\n");
    o.custom_help("[OPTIONS]");
    o.positional_help("[URL...]");
    o.add_options()
        ("decompress", "auto (gzip by its magic bytes), gzip or none", cxxopts::value<std::string>()->default_value("auto"), "MODE")
        ("raw", "byte-exact: no decompression, no newline between objects")
        ("source-field", "insert \"NAME\": \"<url>\" into each JSON-object line", cxxopts::value<std::string>(), "NAME")
        ("skip-missing", "report a missing object and go on (default: stop with status 1)")
        ("concurrency", "parallel ranged reads, across objects too", cxxopts::value<int>()->default_value("4"), "N")
        ("part-size", "size of each ranged read", cxxopts::value<std::string>()->default_value("8M"), "SIZE")
        ("line-buffered", "flush the output after every line")
        ("progress", "show bytes read, rate, and with known sizes percent and ETA on stderr")
        ("inputs", "", cxxopts::value<std::vector<std::string>>());
    jlkit::cli::add_aws_options(o);
    cxxopts::ParseResult r;
    if (auto done = jlkit::cli::parse(o, argc, argv, {"inputs"}, r)) return *done;

    jlkit::aws::CatOptions c;
    c.aws = jlkit::cli::aws_flags(r);
    c.urls = jlkit::cli::strings(r, "inputs");
    c.decompress = r["decompress"].as<std::string>();
    c.raw = r.count("raw") > 0;
    c.source_field = jlkit::cli::optional_string(r, "source-field");
    c.skip_missing = r.count("skip-missing") > 0;
    c.concurrency = r["concurrency"].as<int>();
    c.part_size = jlkit::parse_size(r["part-size"].as<std::string>(), "--part-size");
    c.line_buffered = r.count("line-buffered") > 0;
    c.progress = r.count("progress") > 0;
    return jlkit::aws::run_cat(c);
  });
}
