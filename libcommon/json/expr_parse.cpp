// Lexer and recursive-descent parser for the jq subset. Precedence follows
// jq 1.6's grammar: | < , < // < or < and < comparisons < + - < * / % <
// postfix (? and indexing) < try.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <unordered_map>
#include <utility>
#include <vector>

#include "cli/error.hpp"
#include "json/expr.hpp"
#include "json/regex.hpp"
#include "json/value_set.hpp"

namespace jlkit::json {

namespace {

enum class Tok : uint8_t {
  kEnd, kDot, kDotDot, kField, kIdent, kVar, kNumber, kString, kFormat,
  kLBracket, kRBracket, kLParen, kRParen, kLBrace, kRBrace,
  kPipe, kComma, kColon, kSemi, kQuestion, kAltOp, kCmp, kPlus, kMinus, kStar, kSlash, kPercent,
  kAssign,  // = |= += ... : jq assignment, not supported
  kOther,
};

struct Token {
  Tok kind = Tok::kEnd;
  size_t pos = 0;
  std::string text;  // identifier, field name, variable name, unescaped string
  double number = 0;
  BinOp cmp = BinOp::kEq;
};

class Parser {
 public:
  Parser(std::string_view text, const Variables& vars, Expr& expr) : src_(text), vars_(vars), expr_(expr) {}

  Node* parse() {
    next();
    if (tok_.kind == Tok::kEnd) fail(tok_.pos, "empty expression");
    Node* n = parse_pipe();
    if (tok_.kind != Tok::kEnd) fail(tok_.pos, "unexpected " + describe(tok_));
    return n;
  }

 private:
  [[noreturn]] void fail(size_t pos, const std::string& what) {
    std::string caret(pos, ' ');
    for (size_t i = 0; i < pos && i < src_.size(); ++i)
      if (src_[i] == '\t') caret[i] = '\t';
    throw usage_error("invalid expression at column " + std::to_string(pos + 1) + ": " + what + "\n  " +
                      std::string(src_) + "\n  " + caret + "^");
  }
  [[noreturn]] void unsupported(size_t pos, const std::string& what) {
    fail(pos, what + " is not supported by this program (see the man page for the supported jq subset)");
  }

  static std::string describe(const Token& t) {
    switch (t.kind) {
      case Tok::kEnd: return "end of expression";
      case Tok::kIdent: return "'" + t.text + "'";
      case Tok::kField: return "'." + t.text + "'";
      case Tok::kString: return "string";
      case Tok::kNumber: return "number";
      default: return "'" + t.text + "'";
    }
  }

  // ---- lexer ----
  static bool ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
  static bool ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

  void next() {
    size_t i = pos_;
    for (;;) {  // whitespace and comments
      while (i < src_.size() && std::isspace(static_cast<unsigned char>(src_[i]))) ++i;
      if (i < src_.size() && src_[i] == '#') {
        while (i < src_.size() && src_[i] != '\n') ++i;
        continue;
      }
      break;
    }
    tok_ = Token();
    tok_.pos = i;
    if (i >= src_.size()) {
      tok_.kind = Tok::kEnd;
      pos_ = i;
      return;
    }
    char c = src_[i];
    auto two = [&](const char* s) { return src_.compare(i, 2, s) == 0; };
    auto set = [&](Tok k, size_t len) {
      tok_.kind = k;
      tok_.text = std::string(src_.substr(i, len));
      pos_ = i + len;
    };
    if (c == '.') {
      if (i + 1 < src_.size() && src_[i + 1] == '.') return set(Tok::kDotDot, 2);
      if (i + 1 < src_.size() && ident_start(src_[i + 1])) {
        size_t j = i + 1;
        while (j < src_.size() && ident_char(src_[j])) ++j;
        set(Tok::kField, j - i);
        tok_.text = tok_.text.substr(1);
        return;
      }
      if (i + 1 < src_.size() && std::isdigit(static_cast<unsigned char>(src_[i + 1]))) return lex_number(i);
      return set(Tok::kDot, 1);
    }
    if (std::isdigit(static_cast<unsigned char>(c))) return lex_number(i);
    if (c == '"') return lex_string(i);
    if (ident_start(c)) {
      size_t j = i;
      while (j < src_.size() && (ident_char(src_[j]) || (src_[j] == ':' && j + 1 < src_.size() && src_[j + 1] == ':'))) {
        j += src_[j] == ':' ? 2 : 1;
      }
      return set(Tok::kIdent, j - i);
    }
    if (c == '$') {
      size_t j = i + 1;
      while (j < src_.size() && ident_char(src_[j])) ++j;
      if (j == i + 1) fail(i, "'$' must be followed by a variable name");
      set(Tok::kVar, j - i);
      tok_.text = tok_.text.substr(1);
      return;
    }
    if (c == '@') {
      size_t j = i + 1;
      while (j < src_.size() && ident_char(src_[j])) ++j;
      return set(Tok::kFormat, j - i);
    }
    if (two("?/") && src_.compare(i, 3, "?//") == 0) return set(Tok::kOther, 3);
    if (two("//")) return src_.compare(i, 3, "//=") == 0 ? set(Tok::kAssign, 3) : set(Tok::kAltOp, 2);
    if (two("==")) { set(Tok::kCmp, 2); tok_.cmp = BinOp::kEq; return; }
    if (two("!=")) { set(Tok::kCmp, 2); tok_.cmp = BinOp::kNe; return; }
    if (two("<=")) { set(Tok::kCmp, 2); tok_.cmp = BinOp::kLe; return; }
    if (two(">=")) { set(Tok::kCmp, 2); tok_.cmp = BinOp::kGe; return; }
    if (two("|=") || two("+=") || two("-=") || two("*=") || two("/=") || two("%=")) return set(Tok::kAssign, 2);
    switch (c) {
      case '<': set(Tok::kCmp, 1); tok_.cmp = BinOp::kLt; return;
      case '>': set(Tok::kCmp, 1); tok_.cmp = BinOp::kGt; return;
      case '=': return set(Tok::kAssign, 1);
      case '[': return set(Tok::kLBracket, 1);
      case ']': return set(Tok::kRBracket, 1);
      case '(': return set(Tok::kLParen, 1);
      case ')': return set(Tok::kRParen, 1);
      case '{': return set(Tok::kLBrace, 1);
      case '}': return set(Tok::kRBrace, 1);
      case '|': return set(Tok::kPipe, 1);
      case ',': return set(Tok::kComma, 1);
      case ':': return set(Tok::kColon, 1);
      case ';': return set(Tok::kSemi, 1);
      case '?': return set(Tok::kQuestion, 1);
      case '+': return set(Tok::kPlus, 1);
      case '-': return set(Tok::kMinus, 1);
      case '*': return set(Tok::kStar, 1);
      case '/': return set(Tok::kSlash, 1);
      case '%': return set(Tok::kPercent, 1);
      default: break;
    }
    fail(i, std::string("unexpected character '") + c + "'");
  }

  void lex_number(size_t i) {
    size_t j = i;
    auto digits = [&] {
      while (j < src_.size() && std::isdigit(static_cast<unsigned char>(src_[j]))) ++j;
    };
    digits();
    if (j < src_.size() && src_[j] == '.') {
      ++j;
      digits();
    }
    if (j < src_.size() && (src_[j] == 'e' || src_[j] == 'E')) {
      size_t k = j + 1;
      if (k < src_.size() && (src_[k] == '+' || src_[k] == '-')) ++k;
      if (k < src_.size() && std::isdigit(static_cast<unsigned char>(src_[k]))) {
        j = k;
        digits();
      }
    }
    tok_.kind = Tok::kNumber;
    tok_.text = std::string(src_.substr(i, j - i));
    double d = std::strtod(tok_.text.c_str(), nullptr);
    tok_.number = d;
    pos_ = j;
  }

  void lex_string(size_t i) {
    size_t close = json_string_end(src_, i);
    if (close == std::string_view::npos) fail(i, "unterminated string");
    std::string out;
    size_t bad = unescape_json(src_.substr(i + 1, close - i - 1), out, true);
    if (bad != std::string_view::npos) {
      size_t at = i + 1 + bad;
      if (src_[at + 1] == '(') unsupported(at, "string interpolation");
      if (src_[at + 1] == 'u') fail(at + 2, "invalid \\u escape");
      fail(at, std::string("invalid escape '\\") + src_[at + 1] + "' in string");
    }
    tok_.kind = Tok::kString;
    tok_.text = std::move(out);
    pos_ = close + 1;
  }

  // ---- limits ----
  // The parser, and every later pass over the tree (projection, prefilter,
  // evaluation), recurses: input nested deeper than these is refused here
  // rather than overflowing the stack. Every recursive cycle of the grammar
  // passes through a function holding a Nesting (parse_pipe, parse_alt,
  // parse_unary, parse_term, parse_if); the tree's depth is measured as it
  // is built, so long chains made by loops ("a or b or ...") count too.
  static constexpr int kMaxNesting = 1000;
  static constexpr uint32_t kMaxDepth = 1000;
  struct Nesting {
    explicit Nesting(Parser& p) : p_(p) {
      if (++p_.nesting_ > kMaxNesting) p_.fail(p_.tok_.pos, "expression nested too deeply");
    }
    ~Nesting() { --p_.nesting_; }
    Nesting(const Nesting&) = delete;
    Nesting& operator=(const Nesting&) = delete;
    Parser& p_;
  };
  // Records the depth of `n` from its children's; call again after adding one.
  Node* measure(Node* n) {
    uint32_t d = 0;
    for (const Node* c : {n->a, n->b, n->c})
      if (c) d = std::max(d, depth_[c]);
    for (const Node* c : n->args) d = std::max(d, depth_[c]);
    if (d >= kMaxDepth) fail(n->pos, "expression nested too deeply");
    depth_[n] = d + 1;
    return n;
  }

  // ---- tree building ----
  Node* make(Op op, size_t pos, Node* a = nullptr, Node* b = nullptr, Node* c = nullptr) {
    expr_.nodes.push_back(std::make_unique<Node>());
    Node* n = expr_.nodes.back().get();
    n->op = op;
    n->pos = pos;
    n->a = a;
    n->b = b;
    n->c = c;
    return measure(n);
  }
  Node* literal(Val v, size_t pos) {
    Node* n = make(Op::kLiteral, pos);
    n->lit = v;
    return n;
  }
  Node* string_literal(const std::string& s, size_t pos) {
    return literal(Val::string(expr_.constants.copy(s)), pos);
  }
  void expect(Tok k, const char* what) {
    if (tok_.kind != k) fail(tok_.pos, std::string("expected ") + what + ", found " + describe(tok_));
    next();
  }

  // ---- grammar ----
  Node* parse_pipe() {
    Nesting guard(*this);
    Node* lhs = parse_comma();
    if (tok_.kind == Tok::kIdent && tok_.text == "as") unsupported(tok_.pos, "variable binding ('as')");
    if (tok_.kind == Tok::kPipe) {
      size_t pos = tok_.pos;
      next();
      return make(Op::kPipe, pos, lhs, parse_pipe());
    }
    return lhs;
  }

  // `a, b, c, ...` as a balanced tree (',' is associative), so a long list
  // of values (IN(.id; "a", "b", ...)) stays shallow.
  Node* parse_comma() {
    std::vector<std::pair<Node*, size_t>> items;  // each with the position of the ',' before it
    items.emplace_back(parse_alt(), 0);
    while (tok_.kind == Tok::kComma) {
      size_t pos = tok_.pos;
      next();
      items.emplace_back(parse_alt(), pos);
    }
    return comma_tree(items, 0, items.size());
  }
  Node* comma_tree(const std::vector<std::pair<Node*, size_t>>& items, size_t begin, size_t end) {
    if (end - begin == 1) return items[begin].first;
    size_t mid = begin + (end - begin) / 2;
    return make(Op::kComma, items[mid].second, comma_tree(items, begin, mid), comma_tree(items, mid, end));
  }

  Node* parse_alt() {
    Nesting guard(*this);
    Node* lhs = parse_or();
    if (tok_.kind == Tok::kAssign) unsupported(tok_.pos, "assignment ('" + tok_.text + "')");
    if (tok_.kind == Tok::kOther) unsupported(tok_.pos, "'" + tok_.text + "'");
    if (tok_.kind == Tok::kAltOp) {
      size_t pos = tok_.pos;
      next();
      return make(Op::kAlt, pos, lhs, parse_alt());
    }
    return lhs;
  }

  Node* parse_or() {
    Node* lhs = parse_and();
    while (tok_.kind == Tok::kIdent && tok_.text == "or") {
      size_t pos = tok_.pos;
      next();
      lhs = make(Op::kOr, pos, lhs, parse_and());
    }
    return lhs;
  }

  Node* parse_and() {
    Node* lhs = parse_cmp();
    while (tok_.kind == Tok::kIdent && tok_.text == "and") {
      size_t pos = tok_.pos;
      next();
      lhs = make(Op::kAnd, pos, lhs, parse_cmp());
    }
    return lhs;
  }

  Node* parse_cmp() {
    Node* lhs = parse_add();
    if (tok_.kind == Tok::kCmp) {
      Node* n = make(Op::kCmp, tok_.pos, lhs);
      n->bin = tok_.cmp;
      next();
      n->b = parse_add();
      measure(n);
      if (tok_.kind == Tok::kCmp) fail(tok_.pos, "comparison operators do not chain; use parentheses");
      return n;
    }
    return lhs;
  }

  Node* parse_add() {
    Node* lhs = parse_mul();
    while (tok_.kind == Tok::kPlus || tok_.kind == Tok::kMinus) {
      Node* n = make(Op::kArith, tok_.pos, lhs);
      n->bin = tok_.kind == Tok::kPlus ? BinOp::kAdd : BinOp::kSub;
      next();
      n->b = parse_mul();
      lhs = measure(n);
    }
    return lhs;
  }

  Node* parse_mul() {
    Node* lhs = parse_unary();
    while (tok_.kind == Tok::kStar || tok_.kind == Tok::kSlash || tok_.kind == Tok::kPercent) {
      Node* n = make(Op::kArith, tok_.pos, lhs);
      n->bin = tok_.kind == Tok::kStar ? BinOp::kMul : tok_.kind == Tok::kSlash ? BinOp::kDiv : BinOp::kMod;
      next();
      n->b = parse_unary();
      lhs = measure(n);
    }
    return lhs;
  }

  Node* parse_unary() {
    Nesting guard(*this);
    if (tok_.kind == Tok::kMinus) {
      size_t pos = tok_.pos;
      next();
      return make(Op::kNeg, pos, parse_mul());
    }
    return parse_postfix();
  }

  Node* parse_postfix() {
    bool field_term = tok_.kind == Tok::kField || tok_.kind == Tok::kDot;
    Node* t = parse_term();
    // Whether t ends with an indexing step (for what a following ? means).
    bool step = field_term && t->op == Op::kField;
    for (;;) {
      if (tok_.kind == Tok::kField) {
        Node* n = make(Op::kField, tok_.pos, t);
        n->str = tok_.text;
        next();
        t = n;
        step = true;
      } else if (tok_.kind == Tok::kDot) {
        size_t pos = tok_.pos;
        next();
        if (tok_.kind != Tok::kString) fail(tok_.pos, "expected a field name after '.'");
        Node* n = make(Op::kField, pos, t);
        n->str = tok_.text;
        next();
        t = n;
        step = true;
      } else if (tok_.kind == Tok::kLBracket) {
        t = parse_bracket(t);
        step = true;
      } else if (tok_.kind == Tok::kQuestion) {
        // After an indexing step, ? makes only that step optional (jq's
        // INDEX_OPT / EACH_OPT); after anything else it is try.
        if (step) t->opt = true;
        else t = make(Op::kTry, tok_.pos, t);
        next();
        step = false;
      } else {
        return t;
      }
    }
  }

  // t[...] : iterate, index, or (unsupported) slice.
  Node* parse_bracket(Node* t) {
    size_t pos = tok_.pos;
    next();
    if (tok_.kind == Tok::kRBracket) {
      next();
      return make(Op::kIterate, pos, t);
    }
    if (tok_.kind == Tok::kColon) unsupported(tok_.pos, "slicing ('.[a:b]')");
    Node* idx = parse_pipe();
    if (tok_.kind == Tok::kColon) unsupported(tok_.pos, "slicing ('.[a:b]')");
    expect(Tok::kRBracket, "']'");
    if (idx->op == Op::kLiteral && idx->lit.kind == Kind::kString) {
      Node* n = make(Op::kField, pos, t);
      n->str = std::string(idx->lit.sv());
      return n;
    }
    return make(Op::kIndex, pos, t, idx);
  }

  Node* parse_term() {
    Nesting guard(*this);
    size_t pos = tok_.pos;
    switch (tok_.kind) {
      case Tok::kDot: {
        next();
        if (tok_.kind == Tok::kString) {  // ."key"
          Node* n = make(Op::kField, pos, make(Op::kIdentity, pos));
          n->str = tok_.text;
          next();
          return n;
        }
        return make(Op::kIdentity, pos);
      }
      case Tok::kField: {
        Node* n = make(Op::kField, pos, make(Op::kIdentity, pos));
        n->str = tok_.text;
        next();
        return n;
      }
      case Tok::kNumber: {
        double d = tok_.number;
        next();
        return literal(Val::number(d), pos);
      }
      case Tok::kString: {
        std::string s = tok_.text;
        next();
        return string_literal(s, pos);
      }
      case Tok::kLParen: {
        next();
        Node* n = parse_pipe();
        expect(Tok::kRParen, "')'");
        return n;
      }
      case Tok::kLBracket: {
        next();
        if (tok_.kind == Tok::kRBracket) {
          next();
          return make(Op::kArray, pos);
        }
        Node* body = parse_pipe();
        expect(Tok::kRBracket, "']'");
        return make(Op::kArray, pos, body);
      }
      case Tok::kVar: {
        auto it = vars_.find(tok_.text);
        if (tok_.text == "__loc__" || tok_.text == "ENV") unsupported(pos, "$" + tok_.text);
        if (it == vars_.end()) fail(pos, "$" + tok_.text + " is not defined");
        Node* n = make(Op::kVar, pos);
        n->str = tok_.text;
        n->lit = it->second;
        next();
        return n;
      }
      case Tok::kIdent: return parse_ident();
      case Tok::kDotDot: unsupported(pos, "recursive descent ('..')");
      case Tok::kLBrace: {
        next();
        if (tok_.kind != Tok::kRBrace) unsupported(pos, "object construction ('{...}')");
        next();
        Val empty;
        empty.kind = Kind::kObject;
        return literal(empty, pos);
      }
      case Tok::kFormat: unsupported(pos, "format strings ('" + tok_.text + "')");
      default: fail(pos, "unexpected " + describe(tok_));
    }
  }

  Node* parse_ident() {
    size_t pos = tok_.pos;
    std::string name = tok_.text;
    next();
    if (name == "true") return literal(Val::boolean(true), pos);
    if (name == "false") return literal(Val::boolean(false), pos);
    if (name == "null") return literal(Val::null(), pos);
    if (name == "if") return parse_if(pos);
    if (name == "try") {
      Node* body = parse_postfix_try_body();
      Node* handler = nullptr;
      if (tok_.kind == Tok::kIdent && tok_.text == "catch") {
        next();
        handler = parse_postfix_try_body();
      }
      return make(Op::kTry, pos, body, handler);
    }
    for (const char* k : {"def", "reduce", "foreach", "label", "import", "include"})
      if (name == k) unsupported(pos, "'" + name + "'");
    for (const char* k : {"as", "then", "elif", "else", "end", "catch", "and", "or", "__loc__"})
      if (name == k) fail(pos, "unexpected '" + name + "'");
    std::vector<Node*> args;
    if (tok_.kind == Tok::kLParen) {
      next();
      for (;;) {
        args.push_back(parse_pipe());
        if (tok_.kind == Tok::kSemi) {
          next();
          continue;
        }
        expect(Tok::kRParen, "')' or ';'");
        break;
      }
    }
    return make_call(name, std::move(args), pos);
  }

  // try binds tighter than any binary operator: its body is a postfix term.
  Node* parse_postfix_try_body() {
    if (tok_.kind == Tok::kMinus) fail(tok_.pos, "unexpected '-'");
    return parse_postfix();
  }

  Node* parse_if(size_t pos) {
    Nesting guard(*this);
    Node* cond = parse_pipe();
    if (!(tok_.kind == Tok::kIdent && tok_.text == "then")) fail(tok_.pos, "expected 'then'");
    next();
    Node* then = parse_pipe();
    Node* otherwise = nullptr;
    if (tok_.kind == Tok::kIdent && tok_.text == "elif") {
      size_t epos = tok_.pos;
      next();
      otherwise = parse_if(epos);
      return make(Op::kIf, pos, cond, then, otherwise);
    }
    if (tok_.kind == Tok::kIdent && tok_.text == "else") {
      next();
      otherwise = parse_pipe();
    } else {
      fail(tok_.pos, "expected 'elif', 'else' or 'end' ('if' without 'else' needs jq 1.7)");
    }
    if (!(tok_.kind == Tok::kIdent && tok_.text == "end")) fail(tok_.pos, "expected 'end'");
    next();
    return make(Op::kIf, pos, cond, then, otherwise);
  }

  Node* make_call(const std::string& name, std::vector<Node*> args, size_t pos) {
    struct Builtin {
      const char* name;
      size_t arity;
      Func func;
    };
    static const Builtin kBuiltins[] = {
        {"empty", 0, Func::kEmpty},        {"error", 0, Func::kError0},          {"error", 1, Func::kError1},
        {"not", 0, Func::kNot},            {"length", 0, Func::kLength},         {"utf8bytelength", 0, Func::kUtf8ByteLength},
        {"type", 0, Func::kType},          {"has", 1, Func::kHas},               {"test", 1, Func::kTest},
        {"test", 2, Func::kTest},          {"startswith", 1, Func::kStartsWith}, {"endswith", 1, Func::kEndsWith},
        {"contains", 1, Func::kContains},  {"ascii_downcase", 0, Func::kAsciiDowncase},
        {"ascii_upcase", 0, Func::kAsciiUpcase}, {"ltrimstr", 1, Func::kLtrimstr}, {"rtrimstr", 1, Func::kRtrimstr},
        {"tonumber", 0, Func::kToNumber},  {"select", 1, Func::kSelect},
        {"any", 0, Func::kAny0},           {"any", 1, Func::kAny1},              {"any", 2, Func::kAny2},
        {"all", 0, Func::kAll0},           {"all", 1, Func::kAll1},              {"all", 2, Func::kAll2},
    };
    if (name == "IN" && (args.size() == 1 || args.size() == 2)) {
      Node* n = make(Op::kCall, pos);
      n->func = args.size() == 1 ? Func::kIn1 : Func::kIn2;
      attach_set(n, args.back());
      n->args = std::move(args);
      return measure(n);
    }
    for (const Builtin& b : kBuiltins) {
      if (name == b.name && args.size() == b.arity) {
        Node* n = make(Op::kCall, pos);
        n->func = b.func;
        n->args = std::move(args);
        if (b.func == Func::kTest) compile_regex(n);
        return measure(n);
      }
    }
    fail(pos, name + "/" + std::to_string(args.size()) + " is not defined (or not supported by this program)");
  }

  // A literal pattern is compiled once, and a bad one is a usage error here
  // rather than an error on every record.
  void compile_regex(Node* n) {
    Node* pat = n->args[0];
    Node* flags = n->args.size() > 1 ? n->args[1] : nullptr;
    bool literal_flags = !flags || (flags->op == Op::kLiteral && (flags->lit.kind == Kind::kString || flags->lit.kind == Kind::kNull));
    if (pat->op != Op::kLiteral || !literal_flags) return;
    if (pat->lit.kind != Kind::kString) fail(pat->pos, "test() needs a string pattern");
    std::string error;
    std::string_view f = flags && flags->lit.kind == Kind::kString ? flags->lit.sv() : std::string_view();
    auto re = Regex::compile(pat->lit.sv(), f, error);
    if (!re) fail(pat->pos, error);
    n->regex = re.get();
    expr_.regexes.push_back(std::move(re));
  }

  // Collects the constant values of `s` when it is a list of literals or
  // $var[] over a constant array, for hashed membership.
  bool constant_values(Node* s, std::vector<Val>& out) {
    switch (s->op) {
      case Op::kLiteral: out.push_back(s->lit); return true;
      case Op::kComma: return constant_values(s->a, out) && constant_values(s->b, out);
      case Op::kIterate:
        if (s->a->op == Op::kVar && s->a->lit.kind == Kind::kArray) {
          out.insert(out.end(), s->a->lit.kids, s->a->lit.kids + s->a->lit.n);
          return true;
        }
        return false;
      default: return false;
    }
  }

  void attach_set(Node* call, Node* s) {
    std::vector<Val> values;
    if (!constant_values(s, values)) return;
    Val* stored = expr_.constants.vals(values.size());
    std::copy(values.begin(), values.end(), stored);
    expr_.sets.push_back(std::make_unique<ValueSet>(stored, values.size()));
    call->set = expr_.sets.back().get();
  }

  std::string_view src_;
  const Variables& vars_;
  Expr& expr_;
  size_t pos_ = 0;
  Token tok_;
  int nesting_ = 0;
  std::unordered_map<const Node*, uint32_t> depth_;
};

}  // namespace

std::unique_ptr<Expr> parse_expr(std::string_view text, const Variables& vars) {
  auto expr = std::make_unique<Expr>();
  expr->text = std::string(text);
  Parser parser(expr->text, vars, *expr);
  expr->root = parser.parse();
  return expr;
}

}  // namespace jlkit::json
