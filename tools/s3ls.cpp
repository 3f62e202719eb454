// s3ls: list S3 objects as JSON lines.
#include "aws/ls.hpp"
#include "common/cli.hpp"

int main(int argc, char** argv) {
  return jlkit::run_tool("s3ls", [&]() -> int {
    cxxopts::Options o("s3ls", "List S3 objects as JSON lines (url, key, size, last_modified, etag, storage_class).\n");
    o.custom_help("[OPTIONS]");
    o.positional_help("URL...");
    o.add_options()
        ("urls", "print only the URLs, one per line")
        ("0,null", "with --urls, end each URL with NUL instead of newline")
        ("delimiter", "list one level: keys up to the next DELIM, common prefixes as {\"url\",\"prefix\":true}", cxxopts::value<std::string>(), "DELIM")
        ("since", "modified at or after TIME (ISO-8601, or an age: 30m, 6h, 7d)", cxxopts::value<std::string>(), "TIME")
        ("until", "modified at or before TIME", cxxopts::value<std::string>(), "TIME")
        ("min-size", "at least SIZE bytes", cxxopts::value<std::string>(), "SIZE")
        ("max-size", "at most SIZE bytes", cxxopts::value<std::string>(), "SIZE")
        ("start-after", "list keys after KEY (checkpoints)", cxxopts::value<std::string>(), "KEY")
        ("limit", "stop after N entries", cxxopts::value<uint64_t>(), "N")
        ("shard", "only shard I of N (0 <= I < N), a stable split by key", cxxopts::value<std::string>(), "I/N")
        ("summarize", "print the number of objects and bytes to stderr at the end (counted live on a terminal)")
        ("request-payer", "confirm that the requester pays (x-amz-request-payer)")
        ("url", "", cxxopts::value<std::vector<std::string>>());
    jlkit::cli::add_aws_options(o);
    cxxopts::ParseResult r;
    if (auto done = jlkit::cli::parse(o, argc, argv, {"url"}, r)) return *done;

    jlkit::aws::LsOptions l;
    l.aws = jlkit::cli::aws_flags(r);
    l.urls = jlkit::cli::strings(r, "url");
    l.urls_only = r.count("urls") > 0;
    l.nul = r.count("null") > 0;
    if (l.nul && !l.urls_only) throw jlkit::usage_error("-0 goes with --urls");
    l.summarize = r.count("summarize") > 0;
    l.request_payer = r.count("request-payer") > 0;
    auto str = [&](const char* k) { return jlkit::cli::optional_string(r, k); };
    l.delimiter = str("delimiter");
    l.since = str("since");
    l.until = str("until");
    l.start_after = str("start-after");
    l.shard = str("shard");
    if (r.count("min-size")) l.min_size = jlkit::parse_size(str("min-size"), "--min-size");
    if (r.count("max-size")) l.max_size = jlkit::parse_size(str("max-size"), "--max-size");
    if (r.count("limit")) l.limit = r["limit"].as<uint64_t>();
    return jlkit::aws::run_ls(l);
  });
}
