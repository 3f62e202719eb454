#include "json/record_reader.hpp"

#include <cctype>
#include <cstring>

#include <simdjson.h>

#include "cli/error.hpp"
#include "cli/progress.hpp"
#include "json/value.hpp"

namespace jlkit::json {

namespace {

bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_structural(char c) {
  return c == ',' || c == ':' || c == '[' || c == ']' || c == '{' || c == '}' || c == '"';
}


// Resumable JSON grammar scanner: finds where one top-level value ends
// without parsing it (simdjson does that afterwards). Only structure is
// checked here: brackets, commas, colons, string boundaries.
class Scanner {
 public:
  enum Result { kDone, kNeedMore, kError };

  void reset() {
    stack_.clear();
    state_ = kValue;
  }

  // Scans from pos; on kDone pos is just past the value.
  Result run(const char* p, size_t end, size_t& pos, const char*& error) {
    while (pos < end) {
      char c = p[pos];
      if (is_ws(c)) {
        ++pos;
        continue;
      }
      switch (state_) {
        case kValue:
        case kValueOrClose:
          if (c == ']' && state_ == kValueOrClose) {
            ++pos;
            if (close()) return kDone;
            continue;
          }
          if (c == '{') {
            stack_.push_back('{');
            state_ = kKeyOrClose;
            ++pos;
            continue;
          }
          if (c == '[') {
            stack_.push_back('[');
            state_ = kValueOrClose;
            ++pos;
            continue;
          }
          if (c == '"') {
            if (!skip_string(p, end, pos, error)) return kError;
          } else if (c == ',' || c == ':' || c == ']' || c == '}') {
            error = "malformed JSON (unexpected punctuation where a value should be)";
            return kError;
          } else {
            size_t token = pos;
            while (pos < end && !is_ws(p[pos]) && !is_structural(p[pos])) ++pos;
            std::string_view word(p + token, pos - token);
            bool plausible = word == "true" || word == "false" || word == "null" ||
                             (!word.empty() && (word[0] == '-' || (word[0] >= '0' && word[0] <= '9')));
            if (!plausible) {
              error = "malformed JSON (not a value)";
              return kError;
            }
          }
          if (stack_.empty()) return kDone;
          state_ = kAfterValue;
          continue;
        case kKeyOrClose:
        case kKey:
          if (c == '}' && state_ == kKeyOrClose) {
            ++pos;
            if (close()) return kDone;
            continue;
          }
          if (c != '"') {
            error = "malformed JSON (expected a quoted key)";
            return kError;
          }
          if (!skip_string(p, end, pos, error)) return kError;
          state_ = kColon;
          continue;
        case kColon:
          if (c != ':') {
            error = "malformed JSON (expected ':' after a key)";
            return kError;
          }
          ++pos;
          state_ = kValue;
          continue;
        case kAfterValue:
          if (c == ',') {
            ++pos;
            state_ = stack_.back() == '{' ? kKey : kValue;
            continue;
          }
          if ((c == '}' && stack_.back() == '{') || (c == ']' && stack_.back() == '[')) {
            ++pos;
            if (close()) return kDone;
            continue;
          }
          error = stack_.back() == '{' ? "malformed JSON (expected ',' or '}' in an object)"
                                       : "malformed JSON (expected ',' or ']' in an array)";
          return kError;
      }
    }
    return kNeedMore;
  }

 private:
  enum State { kValue, kValueOrClose, kKeyOrClose, kKey, kColon, kAfterValue };

  // Pops a container; true when that finished the top-level value.
  bool close() {
    stack_.pop_back();
    state_ = kAfterValue;
    return stack_.empty();
  }

  static bool skip_string(const char* p, size_t end, size_t& pos, const char*& error) {
    size_t i = pos + 1;
    while (i < end) {
      char c = p[i];
      if (c == '"') {
        pos = i + 1;
        return true;
      }
      if (c == '\\') ++i;
      else if (c == '\n') break;
      ++i;
    }
    error = "malformed JSON string (unclosed string)";
    return false;
  }

  std::vector<char> stack_;
  State state_ = kValue;
};

}  // namespace

RecordReader::RecordReader(std::vector<std::string> inputs, size_t max_record, bool python)
    : inputs_(std::move(inputs)), max_record_(max_record), python_(python) {
  if (inputs_.empty()) inputs_.push_back("-");
}

RecordReader::~RecordReader() = default;

bool RecordReader::open_next_input() {
  if (next_input_ >= inputs_.size()) return false;
  name_ = inputs_[next_input_++];
  std::unique_ptr<Source> raw = open_raw(name_);
  if (progress_) raw = progress_->counted(std::move(raw));
  lines_ = std::make_unique<LineReader>(decode_input(std::move(raw), name_), name_, max_record_);
  first_line_ = true;
  return true;
}

// The next physical line of the current input (read-ahead lines first),
// without CR and BOM.
bool RecordReader::next_line(std::string_view& line, uint64_t& number, size_t& capacity) {
  if (!pushback_.empty()) {
    auto& [text, no] = pushback_.front();
    pushback_buf_.assign(text.begin(), text.end());
    pushback_buf_.resize(text.size() + kReadPadding, ' ');
    line = std::string_view(pushback_buf_.data(), text.size());
    number = no;
    capacity = pushback_buf_.size();
    pushback_.pop_front();
    return true;
  }
  if (!lines_) return false;
  if (!lines_->next(line)) return false;
  number = lines_->line_number();
  if (first_line_) {
    first_line_ = false;
    if (line.size() >= 3 && std::memcmp(line.data(), "\xEF\xBB\xBF", 3) == 0) line.remove_prefix(3);
  }
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  capacity = lines_->readable_from(line.data());
  return true;
}

bool RecordReader::next(Record& r) {
  if (!queue_.empty()) {
    Pending& p = queue_.front();
    r = Record();
    r.text = std::string_view(slow_.data() + p.begin, p.end - p.begin);
    r.capacity = slow_.size() - p.begin;
    r.line = p.line;
    r.multi_line = p.multi_line;
    if (!p.error.empty()) {
      error_text_ = std::move(p.error);
      r.error = error_text_;
    }
    queue_.pop_front();
    last_ = r;
    return true;
  }
  for (;;) {
    std::string_view line;
    uint64_t number;
    size_t capacity;
    if (!next_line(line, number, capacity)) {
      if (!open_next_input()) return false;
      continue;
    }
    std::string_view text = trim_json_space(line);
    if (text.empty()) continue;
    r = Record();
    r.line = number;
    if (python_) {
      std::string error;
      if (!python_to_json(text, python_buf_, python_scratch_, error)) {
        r.text = text;
        r.capacity = capacity - static_cast<size_t>(text.data() - line.data());
        error_text_ = "not a Python literal: " + error;
        r.error = error_text_;
        last_ = r;
        return true;
      }
      size_t size = python_buf_.size();
      python_buf_.resize(size + kReadPadding, ' ');
      text = std::string_view(python_buf_.data(), size);
      capacity = python_buf_.size();
      line = text;
    }
    r.text = text;
    r.capacity = capacity - static_cast<size_t>(text.data() - line.data());
    r.whole_line = true;
    last_ = r;
    return true;
  }
}

void RecordReader::split_last() {
  slow_.assign(last_.text.begin(), last_.text.end());
  slow_size_ = slow_.size();
  scan(0, last_.line);
  slow_.resize(slow_size_ + kReadPadding, ' ');
}

// Scans slow_[start, slow_size_) into queue_, pulling more lines while a
// value is open. On a malformed value, only its first line is the bad record;
// the lines read ahead are put back to be read again.
void RecordReader::scan(size_t start, uint64_t line_no) {
  Scanner scanner;
  size_t pos = start;
  for (;;) {
    while (pos < slow_size_ && is_ws(slow_[pos])) ++pos;
    if (pos >= slow_size_) return;
    size_t begin = pos;
    uint64_t begin_line = line_no;
    size_t first_line_end = slow_size_;
    std::vector<std::pair<size_t, uint64_t>> joined;  // (offset, number) of each joined line
    scanner.reset();
    const char* error = nullptr;
    for (;;) {
      Scanner::Result res = scanner.run(slow_.data(), slow_size_, pos, error);
      if (res == Scanner::kDone) break;
      if (res == Scanner::kNeedMore) {
        std::string_view line;
        uint64_t number;
        size_t capacity;
        if (slow_size_ - begin > max_record_) {
          error = "record longer than the limit (--max-line)";
        } else if (!next_line(line, number, capacity)) {
          error = "malformed JSON (input ends inside a value)";
        }
        if (error) break;
        slow_.resize(slow_size_ + 1 + line.size());
        slow_[slow_size_] = '\n';
        std::memcpy(slow_.data() + slow_size_ + 1, line.data(), line.size());
        joined.emplace_back(slow_size_ + 1, number);
        slow_size_ += 1 + line.size();
        line_no = number;
        continue;
      }
      break;  // kError
    }
    if (error) {
      size_t bad_end = joined.empty() ? slow_size_ : first_line_end;
      queue_.push_back({begin, bad_end, begin_line, false, std::string(error)});
      // Read the joined lines again as lines of their own.
      for (auto it = joined.rbegin(); it != joined.rend(); ++it) {
        size_t line_end = (it == joined.rbegin()) ? slow_size_ : (it - 1)->first - 1;
        pushback_.emplace_front(std::string(slow_.data() + it->first, line_end - it->first), it->second);
      }
      slow_size_ = bad_end;
      return;
    }
    queue_.push_back({begin, pos, begin_line, !joined.empty(), std::string()});
  }
}

// ---- Python literals ----

namespace {

class PyConverter {
 public:
  PyConverter(std::string_view in, std::string& out, std::string& scratch) : in_(in), out_(out), str_(scratch) {}

  bool run(std::string& error) {
    out_.clear();
    if (!value()) {
      error = error_ + " at column " + std::to_string(pos_ + 1);
      return false;
    }
    ws();
    if (pos_ != in_.size()) {
      error = "unexpected content at column " + std::to_string(pos_ + 1);
      return false;
    }
    return true;
  }

 private:
  void ws() {
    while (pos_ < in_.size() && is_ws(in_[pos_])) ++pos_;
  }
  bool fail(const char* what) {
    error_ = what;
    return false;
  }
  bool word(std::string_view w) {
    if (in_.compare(pos_, w.size(), w) != 0) return false;
    size_t e = pos_ + w.size();
    if (e < in_.size() && (std::isalnum(static_cast<unsigned char>(in_[e])) || in_[e] == '_')) return false;
    pos_ = e;
    return true;
  }

  bool value() {
    ws();
    if (pos_ >= in_.size()) return fail("unexpected end");
    char c = in_[pos_];
    if (c == '{') return container('}', true);
    if (c == '[') return container(']', false);
    if (c == '(') return container(')', false);
    if (c == '\'' || c == '"') return string();
    if (word("True")) return out_ += "true", true;
    if (word("False")) return out_ += "false", true;
    if (word("None")) return out_ += "null", true;
    // JSON's own words (never Python identifiers in a literal): mixed input passes.
    if (word("true")) return out_ += "true", true;
    if (word("false")) return out_ += "false", true;
    if (word("null")) return out_ += "null", true;
    return number();
  }

  bool container(char close, bool dict) {
    ++pos_;
    out_ += dict ? '{' : '[';
    bool first = true;
    for (;;) {
      ws();
      if (pos_ < in_.size() && in_[pos_] == close) {
        ++pos_;
        out_ += dict ? '}' : ']';
        return true;
      }
      if (!first) {
        if (pos_ >= in_.size() || in_[pos_] != ',') return fail("expected ','");
        ++pos_;
        ws();
        if (pos_ < in_.size() && in_[pos_] == close) continue;  // trailing comma
        out_ += ',';
      }
      first = false;
      if (dict) {
        ws();
        if (pos_ >= in_.size() || (in_[pos_] != '\'' && in_[pos_] != '"')) return fail("expected a string key");
        if (!string()) return false;
        ws();
        if (pos_ >= in_.size() || in_[pos_] != ':') return fail("expected ':'");
        ++pos_;
        out_ += ':';
      }
      if (!value()) return false;
    }
  }

  // Decodes a Python string literal, then writes it as a JSON string.
  bool string() {
    char quote = in_[pos_++];
    str_.clear();
    while (pos_ < in_.size() && in_[pos_] != quote) {
      char c = in_[pos_++];
      if (c != '\\') {
        str_ += c;
        continue;
      }
      if (pos_ >= in_.size()) return fail("unterminated string");
      char e = in_[pos_++];
      auto code_point = [&](size_t digits) {
        uint32_t cp;
        if (pos_ + digits > in_.size() || !parse_hex(in_.substr(pos_, digits), cp) || cp > 0x10FFFF) return false;
        pos_ += digits;
        char utf8[4];
        str_.append(utf8, encode_utf8(cp, utf8));
        return true;
      };
      switch (e) {
        case 'n': str_ += '\n'; break;
        case 't': str_ += '\t'; break;
        case 'r': str_ += '\r'; break;
        case 'b': str_ += '\b'; break;
        case 'f': str_ += '\f'; break;
        case '0': str_ += '\0'; break;
        case '\\': case '\'': case '"': str_ += e; break;
        case 'x': if (!code_point(2)) return fail("bad \\x escape"); break;
        case 'u': if (!code_point(4)) return fail("bad \\u escape"); break;
        case 'U': if (!code_point(8)) return fail("bad \\U escape"); break;
        default: str_ += '\\'; str_ += e; break;  // Python keeps unknown escapes
      }
    }
    if (pos_ >= in_.size()) return fail("unterminated string");
    ++pos_;
    append_json_string(out_, str_);
    return true;
  }

  bool number() {
    size_t start = pos_;
    if (pos_ < in_.size() && (in_[pos_] == '-' || in_[pos_] == '+')) ++pos_;
    while (pos_ < in_.size() && (std::isalnum(static_cast<unsigned char>(in_[pos_])) || in_[pos_] == '.' ||
                                 ((in_[pos_] == '-' || in_[pos_] == '+') && (in_[pos_ - 1] == 'e' || in_[pos_ - 1] == 'E'))))
      ++pos_;
    std::string_view tok = in_.substr(start, pos_ - start);
    if (tok.empty()) return fail("unexpected character");
    // Python spells numbers JSON does not: leading '+', '1.', '.5', '1_000'.
    std::string text;
    for (char c : tok)
      if (c != '_') text += c;
    if (!text.empty() && text[0] == '+') text.erase(0, 1);
    if (text.find_first_not_of("0123456789.eE+-") != std::string::npos) return fail("not a Python literal");
    size_t dot = text.find('.');
    if (dot != std::string::npos) {
      if (dot == 0 || !std::isdigit(static_cast<unsigned char>(text[dot - 1]))) text.insert(dot, "0"), ++dot;
      if (dot + 1 >= text.size() || !std::isdigit(static_cast<unsigned char>(text[dot + 1]))) text.insert(dot + 1, "0");
    }
    out_ += text;
    return true;
  }

  std::string_view in_;
  std::string& out_;
  std::string& str_;
  size_t pos_ = 0;
  std::string error_;
};

}  // namespace

bool python_to_json(std::string_view in, std::string& out, std::string& scratch, std::string& error) {
  return PyConverter(in, out, scratch).run(error);
}

std::string_view record_line(std::string_view text, bool multi_line, std::vector<char>& scratch) {
  if (!multi_line) return text;
  scratch.resize(text.size());
  size_t len = 0;
  if (simdjson::minify(text.data(), text.size(), scratch.data(), len) != simdjson::SUCCESS) len = 0;
  return std::string_view(scratch.data(), len);
}

void write_record(Writer& out, std::string_view text, bool multi_line, std::vector<char>& scratch) {
  out.write_line(record_line(text, multi_line, scratch));
}

}  // namespace jlkit::json
