// Shell completion scripts made from a program's own option table, so they
// can never fall out of step with it: `PROG --completion bash|zsh` prints one,
// and the build installs their output.
#pragma once

#include <cxxopts.hpp>

#include <string>
#include <vector>

namespace jlkit::cli {

// What the values of an option can be completed with.
struct ValueHint {
  std::vector<std::string> words;  // fixed choices
  bool files = false;
  bool profiles = false;  // AWS profile names from ~/.aws/config and ~/.aws/credentials
};

struct CompletedOption {
  std::string short_name, long_name, desc;
  std::vector<std::string> args;  // one hint name per value word: "FILE", "N", ...
  std::vector<ValueHint> hints;
  bool repeatable = false;
};

inline ValueHint value_hint(const std::string& option, const std::string& arg) {
  ValueHint h;
  if (arg == "FILE" || option == "input") h.files = true;
  else if (option == "on-error") h.words = {"fail", "skip", "keep:"};
  else if (option == "decompress") h.words = {"auto", "gzip", "none"};
  else if (option == "checksum") h.words = {"crc32c", "crc32", "sha256", "md5", "none"};
  else if (option == "sse") h.words = {"AES256", "aws:kms"};
  else if (option == "completion") h.words = {"bash", "zsh"};
  else if (option == "profile") h.profiles = true;
  else if (option == "storage-class")
    h.words = {"STANDARD", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER_IR", "GLACIER", "DEEP_ARCHIVE", "REDUCED_REDUNDANCY"};
  else if (option == "acl")
    h.words = {"private", "public-read", "public-read-write", "authenticated-read", "aws-exec-read", "bucket-owner-read",
               "bucket-owner-full-control"};
  return h;
}

// The documented options (positionals have no description and are left out).
inline std::vector<CompletedOption> completed_options(const cxxopts::Options& o) {
  std::vector<CompletedOption> out;
  for (const auto& group : o.groups()) {
    for (const auto& d : o.group_help(group).options) {
      if (d.desc.empty() || d.l.empty()) continue;
      CompletedOption c;
      c.short_name = d.s;
      c.long_name = d.l.front();
      c.desc = d.desc;
      c.repeatable = d.is_container;
      if (!d.is_boolean) {
        // "NAME FILE" for jq-style two-word options, else one word ("" for a bare value).
        std::string arg = d.arg_help.empty() ? "VALUE" : d.arg_help;
        for (size_t at = 0; at <= arg.size();) {
          size_t sp = arg.find(' ', at);
          if (sp == std::string::npos) sp = arg.size();
          c.args.push_back(arg.substr(at, sp - at));
          at = sp + 1;
        }
        for (const auto& a : c.args) c.hints.push_back(value_hint(c.long_name, a));
      }
      out.push_back(std::move(c));
    }
  }
  return out;
}

// Lines of AWS profile names, for both shells.
inline const char* kProfilesCommand =
    "sed -n -e 's/^\\[profile \\(.*\\)\\]$/\\1/p' -e 's/^\\[\\([^ ]*\\)\\]$/\\1/p' "
    "\"${AWS_CONFIG_FILE:-$HOME/.aws/config}\" \"${AWS_SHARED_CREDENTIALS_FILE:-$HOME/.aws/credentials}\" 2>/dev/null | sort -u";

inline std::string join(const std::vector<std::string>& words, const char* sep) {
  std::string s;
  for (const auto& w : words) s += (s.empty() ? "" : sep) + w;
  return s;
}

// bash: options after '-', the values of options that take them, and local
// files for the positional arguments when `files` says they are paths.
inline std::string bash_completion(const cxxopts::Options& o, bool files) {
  const std::string prog = o.program(), fn = "_jlkit_" + prog;
  std::vector<std::string> words, second;
  std::string cases;
  for (const auto& c : completed_options(o)) {
    words.push_back("--" + c.long_name);
    if (!c.short_name.empty()) words.push_back("-" + c.short_name);
    if (c.args.empty()) continue;
    std::string pattern = "--" + c.long_name + (c.short_name.empty() ? "" : "|-" + c.short_name);
    auto action = [](const ValueHint& h) -> std::string {
      if (h.files) return "compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- \"$cur\"))";
      if (h.profiles) return std::string("COMPREPLY=($(compgen -W \"$(") + kProfilesCommand + ")\" -- \"$cur\"))";
      if (!h.words.empty()) return "COMPREPLY=($(compgen -W \"" + join(h.words, " ") + "\" -- \"$cur\"))";
      return "COMPREPLY=()";
    };
    cases += "    " + pattern + ") " + action(c.hints[0]) + "; return ;;\n";
    if (c.args.size() > 1) second.push_back("    " + pattern + ") " + action(c.hints[1]) + "; return ;;\n");
  }
  std::string s = "# bash completion for " + prog + " (jlkit " + JLKIT_VERSION + "); made by `" + prog + " --completion bash`\n";
  s += fn + "() {\n";
  s += "  local cur=${COMP_WORDS[COMP_CWORD]} prev= prev2=\n";
  s += "  ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD-1]}\n";
  s += "  ((COMP_CWORD > 1)) && prev2=${COMP_WORDS[COMP_CWORD-2]}\n";
  s += "  # --opt=value arrives as three words: --opt, =, value\n";
  s += "  if [[ $cur == = ]]; then cur=; fi\n";
  s += "  if [[ $prev == = ]]; then prev=$prev2; prev2=; ((COMP_CWORD > 2)) && prev2=${COMP_WORDS[COMP_CWORD-3]}; fi\n";
  if (!second.empty()) {
    s += "  case $prev2 in\n";
    for (const auto& c : second) s += c;
    s += "  esac\n";
  }
  s += "  case $prev in\n" + cases + "  esac\n";
  s += "  if [[ $cur == -* ]]; then\n";
  s += "    COMPREPLY=($(compgen -W \"" + join(words, " ") + "\" -- \"$cur\"))\n";
  s += "    return\n  fi\n";
  if (files) s += "  compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- \"$cur\"))\n";
  else s += "  COMPREPLY=()\n";
  s += "}\ncomplete -F " + fn + " " + prog + "\n";
  return s;
}

// Text inside a single-quoted _arguments spec: the quote itself, and the
// characters _arguments gives a meaning to, escaped.
inline std::string zsh_quote(const std::string& text) {
  std::string s;
  for (char ch : text) {
    if (ch == '\'') s += "'\\''";
    else if (ch == '\\' || ch == ':' || ch == '[' || ch == ']') s += std::string("\\") + ch;
    else s += ch;
  }
  return s;
}

inline std::string zsh_completion(const cxxopts::Options& o, bool files) {
  const std::string prog = o.program();
  std::string s = "#compdef " + prog + "\n# zsh completion for " + prog + " (jlkit " + JLKIT_VERSION + "); made by `" +
                  prog + " --completion zsh`\n";
  bool profiles = false;
  for (const auto& c : completed_options(o))
    for (const auto& h : c.hints) profiles = profiles || h.profiles;
  if (profiles)
    s += std::string("_jlkit_aws_profiles() {\n  local -a p\n  p=(${(f)\"$(") + kProfilesCommand + ")\"})\n  compadd -a p\n}\n";
  s += "local -a specs\nspecs=(\n";
  for (const auto& c : completed_options(o)) {
    std::string names, spec_tail;
    for (size_t i = 0; i < c.args.size(); ++i) {
      const ValueHint& h = c.hints[i];
      // The action is the rest of the spec: only a word list needs its colons escaped.
      std::string action = " ";
      if (h.files) action = "_files";
      else if (h.profiles) action = "_jlkit_aws_profiles";
      else if (!h.words.empty()) action = "(" + zsh_quote(join(h.words, " ")) + ")";
      spec_tail += ":" + zsh_quote(c.args[i]) + ":" + action;
    }
    // One value may follow '=' or come as the next word; two always come as words.
    std::string value = c.args.size() == 1 ? "=" : "";
    std::string shortv = c.args.size() == 1 ? "+" : "";
    std::string desc = "[" + zsh_quote(c.desc) + "]";
    std::string rep = c.repeatable ? "*" : "";
    if (c.short_name.empty()) {
      s += "  '" + rep + "--" + c.long_name + value + desc + spec_tail + "'\n";
    } else {
      std::string excl = c.repeatable ? "" : "(-" + c.short_name + " --" + c.long_name + ")";
      s += "  '" + excl + rep + "-" + c.short_name + shortv + desc + spec_tail + "'\n";
      s += "  '" + excl + rep + "--" + c.long_name + value + desc + spec_tail + "'\n";
    }
  }
  s += files ? "  '*:file:_files'\n" : "  '*: :'\n";
  s += ")\n_arguments -s -S $specs\n";
  return s;
}

}  // namespace jlkit::cli
