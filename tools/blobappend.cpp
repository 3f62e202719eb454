// blobappend: append stdin to an Azure append blob, exactly once.
#include "azure/append.hpp"
#include "common/cli.hpp"

int main(int argc, char** argv) {
  return jlkit::run_tool("blobappend", [&]() -> int {
    cxxopts::Options o("blobappend",
                       "Append stdin (lines) to an Azure append blob in line-aligned blocks, each exactly once;\n"
                       "prints {url, offset, bytes, blocks}.\n");
    o.custom_help("[OPTIONS]");
    o.positional_help("az://ACCOUNT/CONTAINER/BLOB");
    auto str = [] { return cxxopts::value<std::string>(); };
    o.add_options()
        ("ledger", "append blob of JSON lines recording each KEY appended (with --key)", str(), "URL")
        ("key", "name of this input in the ledger: a key it records is never appended again", str(), "KEY")
        ("block-size", "largest block, each ending at a line end (at most 100M)", str()->default_value("4M"), "SIZE")
        ("defer-done", "with --ledger: append, but leave KEY's run open (see --mark-done)")
        ("mark-done", "with --ledger: record KEY's open run as done, reading no input")
        ("split-records", "let a line longer than a block span blocks instead of failing")
        ("max-size", "refuse to grow the blob past SIZE (x-ms-blob-condition-maxsize)", str(), "SIZE")
        ("no-create", "fail when the blob does not exist instead of creating it")
        ("content-type", "Content-Type of a blob created (default: from the name's extension)", str(), "TYPE")
        ("input", "read FILE instead of stdin", str(), "FILE")
        ("progress", "show bytes read, rate, and with a known input size percent and ETA on stderr")
        ("url", "", str());
    jlkit::cli::add_azure_options(o);
    cxxopts::ParseResult r;
    if (auto done = jlkit::cli::parse(o, argc, argv, {"url"}, r)) return *done;
    if (!r.count("url")) throw jlkit::usage_error("missing az://ACCOUNT/CONTAINER/BLOB");

    jlkit::azure::AppendOptions a;
    a.azure = jlkit::cli::azure_flags(r);
    a.url = r["url"].as<std::string>();
    a.input = jlkit::cli::optional_string(r, "input");
    a.content_type = jlkit::cli::optional_string(r, "content-type");
    a.create = r.count("no-create") == 0;
    a.block_size = jlkit::parse_size(r["block-size"].as<std::string>(), "--block-size");
    a.split_records = r.count("split-records") > 0;
    if (r.count("max-size")) a.max_size = jlkit::parse_size(r["max-size"].as<std::string>(), "--max-size");
    a.ledger_url = jlkit::cli::optional_string(r, "ledger");
    a.key = jlkit::cli::optional_string(r, "key");
    if (a.ledger_url.empty() != a.key.empty()) throw jlkit::usage_error("--ledger and --key go together");
    a.defer_done = r.count("defer-done") > 0;
    a.mark_done = r.count("mark-done") > 0;
    a.progress = r.count("progress") > 0;
    if ((a.defer_done || a.mark_done) && a.ledger_url.empty()) throw jlkit::usage_error("--defer-done and --mark-done need --ledger and --key");
    if (a.defer_done && a.mark_done) throw jlkit::usage_error("--defer-done or --mark-done, not both");
    return jlkit::azure::run_append(a);
  });
}
