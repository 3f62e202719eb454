// s3put: stream stdin into one S3 object.
#include "aws/partition.hpp"
#include "aws/put.hpp"
#include "common/cli.hpp"

int main(int argc, char** argv) {
  return jlkit::run_tool("s3put", [&]() -> int {
    cxxopts::Options o("s3put",
                       "Stream stdin (or a file) into one S3 object; prints {url, size, etag, parts}.\n"
                       "With --partition-by, split JSON records into objects under a prefix, one JSON line per object.\n");
    o.custom_help("[OPTIONS]");
    o.positional_help("s3://BUCKET/KEY | s3://BUCKET/PREFIX/ with --partition-by");
    auto str = [] { return cxxopts::value<std::string>(); };
    o.add_options()
        ("input", "read FILE instead of stdin (its size then sets the part size)", str(), "FILE")
        ("concurrency", "parts uploading at once", cxxopts::value<int>()->default_value("4"), "N")
        ("part-size", "first part size; doubles every 1,000 parts", str()->default_value("8M"), "SIZE")
        ("checksum", "per-part integrity checksum: crc32c, crc32, sha256, md5 or none", str()->default_value("crc32c"), "ALG")
        ("content-type", "default: from the key's extension", str(), "TYPE")
        ("content-encoding", "Content-Encoding to store", str(), "ENC")
        ("cache-control", "Cache-Control to store", str(), "VALUE")
        ("metadata", "user metadata (repeatable)", cxxopts::value<std::vector<std::string>>(), "K=V")
        ("storage-class", "STANDARD, STANDARD_IA, GLACIER_IR, ...", str(), "CLASS")
        ("acl", "canned ACL: private, public-read, bucket-owner-full-control, ...", str(), "ACL")
        ("sse", "server-side encryption: AES256 or aws:kms", str(), "ALG")
        ("sse-kms-key-id", "KMS key for --sse aws:kms", str(), "ID")
        ("if-none-match", "refuse to overwrite an existing object (conditional write)")
        ("gzip", "compress the stream with gzip on the way (each object, with --partition-by)")
        ("progress", "show bytes read, rate, and with a known input size percent and ETA on stderr")
        ("url", "", str());
    o.add_options("Partitioning")
        ("partition-by", "write objects under PREFIX/NAME=VALUE/.../ by these fields of the JSON records", str(), "PATHS")
        ("max-memory", "data held for all open partitions", str()->default_value("256M"), "SIZE")
        ("max-open", "partitions with an object open at once", cxxopts::value<int>()->default_value("64"), "N")
        ("run-id", "names this run's objects (part-RUNID-NNNNN); default: UTC time and a random suffix", str(), "ID")
        ("on-error", "bad records: fail, skip or keep:FILE", str()->default_value("fail"), "POLICY");
    jlkit::cli::add_aws_options(o);
    cxxopts::ParseResult r;
    if (auto done = jlkit::cli::parse(o, argc, argv, {"url"}, r)) return *done;
    if (!r.count("url")) throw jlkit::usage_error("missing s3://BUCKET/KEY");

    jlkit::aws::PutOptions p;
    p.aws = jlkit::cli::aws_flags(r);
    p.url = r["url"].as<std::string>();
    auto get = [&](const char* k) { return jlkit::cli::optional_string(r, k); };
    p.input = get("input");
    p.concurrency = r["concurrency"].as<int>();
    p.part_size = jlkit::parse_size(r["part-size"].as<std::string>(), "--part-size");
    p.checksum = r["checksum"].as<std::string>();
    p.content_type = get("content-type");
    p.content_encoding = get("content-encoding");
    p.cache_control = get("cache-control");
    p.storage_class = get("storage-class");
    p.acl = get("acl");
    p.sse = get("sse");
    if (!p.sse.empty() && p.sse != "AES256" && p.sse != "aws:kms") throw jlkit::usage_error("--sse: AES256 or aws:kms");
    p.sse_kms_key_id = get("sse-kms-key-id");
    if (!p.sse_kms_key_id.empty() && p.sse != "aws:kms") throw jlkit::usage_error("--sse-kms-key-id goes with --sse aws:kms");
    for (const auto& kv : jlkit::cli::strings(r, "metadata")) {
      size_t eq = kv.find('=');
      if (eq == std::string::npos || eq == 0) throw jlkit::usage_error("--metadata: expected K=V, got '" + kv + "'");
      p.metadata.emplace_back(kv.substr(0, eq), kv.substr(eq + 1));
    }
    p.if_none_match = r.count("if-none-match") > 0;
    p.gzip = r.count("gzip") > 0;
    p.progress = r.count("progress") > 0;
    if (!r.count("partition-by")) return jlkit::aws::run_put(p);

    jlkit::aws::PartitionOptions part;
    part.by = r["partition-by"].as<std::string>();
    part.max_memory = jlkit::parse_size(r["max-memory"].as<std::string>(), "--max-memory");
    part.max_open = static_cast<size_t>(std::max(r["max-open"].as<int>(), 0));
    part.run_id = get("run-id");
    if (part.run_id.find('/') != std::string::npos) throw jlkit::usage_error("--run-id: no '/'");
    part.io.on_error = jlkit::parse_on_error(r["on-error"].as<std::string>());
    if (!p.input.empty()) part.io.inputs = {p.input};
    if (p.if_none_match) throw jlkit::usage_error("--if-none-match: every partitioned object has a new name already");
    part.put = std::move(p);
    return jlkit::aws::run_partitioned(part);
  });
}
