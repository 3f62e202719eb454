// Option handling shared by the programs (cxxopts stays in tools/): the
// standard options, --help/--version, jq-style two-argument options, and
// turning parser exceptions into usage errors.
#pragma once

#include <cxxopts.hpp>

#include <cstdio>
#include <initializer_list>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "aws/config.hpp"
#include "azure/blob.hpp"
#include "cli/error.hpp"
#include "cli/options.hpp"
#include "common/completion.hpp"
#include "json/record_reader.hpp"

namespace jlkit::cli {

// A string option without a default: its value, or "" when not given.
inline std::string optional_string(const cxxopts::ParseResult& r, const char* name) {
  return r.count(name) ? r[name].as<std::string>() : std::string();
}

// A repeatable (or positional) list, empty when not given.
inline std::vector<std::string> strings(const cxxopts::ParseResult& r, const char* name) {
  return r.count(name) ? r[name].as<std::vector<std::string>>() : std::vector<std::string>();
}

class Args {
 public:
  // Rewrites `--opt NAME VALUE` (for each of `pairs`) into `--opt=NAME=VALUE`
  // so cxxopts, which takes one value per option, can parse jq's syntax.
  Args(int argc, char** argv, std::initializer_list<const char*> pairs = {}) {
    for (int i = 0; i < argc; ++i) {
      std::string a = argv[i];
      bool paired = false;
      for (const char* p : pairs) {
        if (a == p) {
          if (i + 2 >= argc) throw usage_error(std::string(p) + " needs two arguments: NAME and a value");
          storage_.push_back(a + "=" + argv[i + 1] + "=" + argv[i + 2]);
          i += 2;
          paired = true;
          break;
        }
      }
      if (!paired) storage_.push_back(a);
      if (a == "--") {
        for (++i; i < argc; ++i) storage_.push_back(argv[i]);
        break;
      }
    }
    for (auto& s : storage_) ptrs_.push_back(s.data());
  }
  int argc() const { return static_cast<int>(ptrs_.size()); }
  char** argv() { return ptrs_.data(); }

 private:
  std::vector<std::string> storage_;
  std::vector<char*> ptrs_;
};

inline void add_standard(cxxopts::Options& o) {
  o.add_options("Other")
      ("h,help", "print this help and exit")
      ("version", "print the version and exit")
      ("completion", "print the bash or zsh completion script and exit", cxxopts::value<std::string>(), "SHELL");
}

// The options every JSON-lines program takes; FILE... is the positional
// "files".
inline void add_input_options(cxxopts::Options& o) {
  o.add_options()
      ("on-error", "bad records: fail, skip or keep:FILE", cxxopts::value<std::string>()->default_value("fail"), "POLICY")
      ("python", "accept Python literals ({'k': True, 'x': None}) as JSON values")
      ("line-buffered", "flush the output after every record")
      ("max-line", "longest line or record accepted", cxxopts::value<std::string>()->default_value("64M"), "SIZE")
      ("files", "", cxxopts::value<std::vector<std::string>>());
}

inline json::InputOptions input_options(const cxxopts::ParseResult& r) {
  json::InputOptions io;
  io.inputs = strings(r, "files");
  io.python = r.count("python") > 0;
  io.line_buffered = r.count("line-buffered") > 0;
  io.on_error = parse_on_error(r["on-error"].as<std::string>());
  io.max_line = parse_size(r["max-line"].as<std::string>(), "--max-line");
  return io;
}

// Retries and logging, for every program that talks to a service.
inline void add_request_options(cxxopts::Options& o, const std::string& group) {
  o.add_options(group)
      ("retries", "attempts per request, the first included", cxxopts::value<int>()->default_value("5"), "N")
      ("timeout", "an attempt that receives nothing for SECONDS fails (and is retried)", cxxopts::value<int>()->default_value("60"), "SECONDS")
      ("verbose", "log each request and response status to stderr (secrets never shown)");
}

inline int retries(const cxxopts::ParseResult& r) {
  int n = r["retries"].as<int>();
  if (n < 1) throw usage_error("--retries: at least 1 attempt");
  return n;
}

inline int timeout_seconds(const cxxopts::ParseResult& r) {
  int n = r["timeout"].as<int>();
  if (n < 1) throw usage_error("--timeout: at least 1 second");
  return n;
}

// The options of every program that talks to S3.
inline void add_aws_options(cxxopts::Options& o) {
  o.add_options("AWS")
      ("region", "AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, the profile, us-east-1)", cxxopts::value<std::string>(), "REGION")
      ("endpoint-url", "S3 endpoint, for S3-compatible stores (path-style addressing)", cxxopts::value<std::string>(), "URL")
      ("profile", "profile in ~/.aws/config and ~/.aws/credentials", cxxopts::value<std::string>(), "NAME")
      ("no-sign-request", "send requests unsigned (public buckets)");
  add_request_options(o, "AWS");
}

inline aws::AwsFlags aws_flags(const cxxopts::ParseResult& r) {
  aws::AwsFlags f;
  if (r.count("region")) f.region = r["region"].as<std::string>();
  if (r.count("endpoint-url")) f.endpoint_url = r["endpoint-url"].as<std::string>();
  if (r.count("profile")) f.profile = r["profile"].as<std::string>();
  f.no_sign_request = r.count("no-sign-request") > 0;
  f.verbose = r.count("verbose") > 0;
  f.attempts = retries(r);
  f.timeout_s = timeout_seconds(r);
  return f;
}

// The options of every program that talks to Azure Blob Storage.
inline void add_azure_options(cxxopts::Options& o) {
  o.add_options("Azure")
      ("endpoint-url", "blob service endpoint for az:// URLs (an emulator: http://127.0.0.1:10000/devstoreaccount1)", cxxopts::value<std::string>(), "URL");
  add_request_options(o, "Azure");
}

inline azure::AzureFlags azure_flags(const cxxopts::ParseResult& r) {
  azure::AzureFlags f;
  f.endpoint_url = optional_string(r, "endpoint-url");
  f.verbose = r.count("verbose") > 0;
  f.attempts = retries(r);
  f.timeout_s = timeout_seconds(r);
  return f;
}

// The whole start of every main: --help, --version and --completion added,
// the positional arguments named, argv parsed (jq-style `pairs` rewritten).
// Returns the exit status when one of those three was handled, else
// std::nullopt. Parser errors become usage errors (status 2). Positionals
// named "files" or "inputs" are local paths (for completion).
inline std::optional<int> parse(cxxopts::Options& o, int argc, char** argv, std::vector<std::string> positional,
                                cxxopts::ParseResult& result, std::initializer_list<const char*> pairs = {}) {
  add_standard(o);
  bool files = false;
  for (const auto& p : positional) files = files || p == "files" || p == "inputs";
  o.parse_positional(std::move(positional));
  Args args(argc, argv, pairs);
  try {
    result = o.parse(args.argc(), args.argv());
  } catch (const cxxopts::exceptions::exception& e) {
    throw usage_error(e.what());
  }
  if (result.count("help")) {
    std::fputs(o.help().c_str(), stdout);
    return kExitOk;
  }
  if (result.count("version")) {
    std::printf("%s (jlkit) %s\n", o.program().c_str(), JLKIT_VERSION);
    return kExitOk;
  }
  if (result.count("completion")) {
    const std::string shell = result["completion"].as<std::string>();
    if (shell == "bash") std::fputs(bash_completion(o, files).c_str(), stdout);
    else if (shell == "zsh") std::fputs(zsh_completion(o, files).c_str(), stdout);
    else throw usage_error("--completion: bash or zsh, not '" + shell + "'");
    return kExitOk;
  }
  return std::nullopt;
}

// Splits "NAME=VALUE" as produced by Args for the paired options.
inline std::vector<std::pair<std::string, std::string>> pairs(const cxxopts::ParseResult& r, const char* name) {
  std::vector<std::pair<std::string, std::string>> out;
  if (!r.count(name)) return out;
  for (const auto& v : r[name].as<std::vector<std::string>>()) {
    size_t eq = v.find('=');
    if (eq == std::string::npos) throw usage_error(std::string("--") + name + " needs NAME and a value");
    out.emplace_back(v.substr(0, eq), v.substr(eq + 1));
  }
  return out;
}

}  // namespace jlkit::cli
