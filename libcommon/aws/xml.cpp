#include "aws/xml.hpp"

#include <cstdlib>
#include <vector>

#include "json/text.hpp"

namespace jlkit::aws {

namespace {

bool decode(std::string_view in, std::string& out) {
  out.clear();
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '&') {
      out += in[i];
      continue;
    }
    size_t semi = in.find(';', i);
    if (semi == std::string_view::npos) return false;
    std::string_view e = in.substr(i + 1, semi - i - 1);
    if (e == "amp") out += '&';
    else if (e == "lt") out += '<';
    else if (e == "gt") out += '>';
    else if (e == "quot") out += '"';
    else if (e == "apos") out += '\'';
    else if (e.size() > 1 && e[0] == '#') {
      uint32_t cp = 0;
      if (e[1] == 'x' || e[1] == 'X') {
        if (e.size() < 3 || e.size() > 10 || !json::parse_hex(e.substr(2), cp)) return false;  // 8 digits: no overflow
      } else {
        for (char c : e.substr(1)) {
          if (c < '0' || c > '9') return false;
          cp = cp * 10 + static_cast<uint32_t>(c - '0');
          if (cp > 0x10FFFF) return false;
        }
      }
      if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;  // not XML characters
      char buf[4];
      out.append(buf, json::encode_utf8(cp, buf));
    } else {
      return false;
    }
    i = semi;
  }
  return true;
}

// Where the tag that starts at `i` ends: its '>', not one inside a quoted
// attribute value.
size_t tag_end(std::string_view x, size_t i) {
  char quote = 0;
  for (; i < x.size(); ++i) {
    char c = x[i];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '>') {
      return i;
    }
  }
  return std::string_view::npos;
}

std::string_view trim_right(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) s.remove_suffix(1);
  return s;
}

std::string_view local_name(std::string_view n) {
  size_t colon = n.find(':');
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

}  // namespace

bool xml_each(std::string_view x, const std::function<void(const XmlEvent&)>& f) {
  std::vector<std::string_view> stack;
  std::vector<bool> had_children;
  std::string text, piece;  // the open element's decoded text so far; a run of it
  size_t i = 0, text_start = 0;
  constexpr size_t npos = std::string_view::npos;
  while ((i = x.find('<', i)) != npos) {
    if (!stack.empty()) {  // character data before this markup (outside the root: ignored)
      if (!decode(x.substr(text_start, i - text_start), piece)) return false;
      text += piece;
    }
    if (x.compare(i, 4, "<!--") == 0) {
      size_t end = x.find("-->", i + 4);
      if (end == npos) return false;
      i = end + 3;
    } else if (x.compare(i, 9, "<![CDATA[") == 0) {
      size_t end = x.find("]]>", i + 9);
      if (end == npos) return false;
      if (!stack.empty()) text.append(x.substr(i + 9, end - i - 9));
      i = end + 3;
    } else if (x.compare(i, 2, "<!") == 0) {
      // A document type declaration, or an entity or element declaration:
      // S3, STS and Azure never send one. The document is refused rather
      // than the declaration skipped (its internal subset may hold '>' and
      // text that looks like elements) or its entities expanded.
      return false;
    } else if (x.compare(i, 2, "<?") == 0) {
      size_t end = x.find("?>", i + 2);
      if (end == npos) return false;
      i = end + 2;
    } else {
      size_t close = tag_end(x, i + 1);
      if (close == npos) return false;
      std::string_view tag = x.substr(i + 1, close - i - 1);
      if (!tag.empty() && tag[0] == '/') {
        std::string_view name = local_name(trim_right(tag.substr(1)));
        if (stack.empty() || stack.back() != name) return false;
        stack.pop_back();
        bool children = had_children.back();
        had_children.pop_back();
        std::string_view parent = stack.empty() ? std::string_view() : stack.back();
        if (children) f(XmlEvent{XmlEvent::kEnd, name, parent, nullptr});
        else f(XmlEvent{XmlEvent::kLeaf, name, parent, &text});
      } else {
        bool empty = !tag.empty() && tag.back() == '/';
        if (empty) tag.remove_suffix(1);
        size_t space = tag.find_first_of(" \t\r\n");
        std::string_view name = local_name(tag.substr(0, space));
        if (name.empty()) return false;
        if (!had_children.empty()) had_children.back() = true;
        text.clear();
        if (empty) {
          f(XmlEvent{XmlEvent::kLeaf, name, stack.empty() ? std::string_view() : stack.back(), &text});
        } else {
          stack.push_back(name);
          had_children.push_back(false);
        }
      }
      i = close + 1;
    }
    text_start = i;
  }
  return stack.empty();
}

std::string xml_root_name(std::string_view xml) {
  std::string root;
  bool ok = xml_each(xml, [&](const XmlEvent& e) {
    if (e.parent.empty()) root = std::string(e.name);
  });
  return ok ? root : std::string();
}

std::string xml_find(std::string_view xml, std::string_view name) {
  std::string found;
  bool done = false;
  bool ok = xml_each(xml, [&](const XmlEvent& e) {
    if (!done && e.kind == XmlEvent::kLeaf && e.name == name) {
      found = *e.text;
      done = true;
    }
  });
  return ok ? found : std::string();
}

}  // namespace jlkit::aws
