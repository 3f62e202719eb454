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
        if (!json::parse_hex(e.substr(2), cp)) return false;
      } else {
        for (char c : e.substr(1)) {
          if (c < '0' || c > '9') return false;
          cp = cp * 10 + static_cast<uint32_t>(c - '0');
        }
      }
      if (cp > 0x10FFFF) return false;
      char buf[4];
      out.append(buf, json::encode_utf8(cp, buf));
    } else {
      return false;
    }
    i = semi;
  }
  return true;
}

std::string_view local_name(std::string_view n) {
  size_t colon = n.find(':');
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

}  // namespace

bool xml_each(std::string_view x, const std::function<void(const XmlEvent&)>& f) {
  std::vector<std::string_view> stack;
  std::vector<bool> had_children;
  std::string text;
  size_t i = 0, text_start = 0;
  while ((i = x.find('<', i)) != std::string_view::npos) {
    if (x.compare(i, 4, "<!--") == 0) {
      i = x.find("-->", i);
      if (i == std::string_view::npos) return false;
      continue;
    }
    if (x.compare(i, 2, "<?") == 0 || x.compare(i, 2, "<!") == 0) {
      i = x.find('>', i);
      if (i == std::string_view::npos) return false;
      continue;
    }
    size_t close = x.find('>', i);
    if (close == std::string_view::npos) return false;
    std::string_view tag = x.substr(i + 1, close - i - 1);
    if (!tag.empty() && tag[0] == '/') {
      std::string_view name = local_name(tag.substr(1));
      if (stack.empty() || stack.back() != name) return false;
      stack.pop_back();
      bool children = had_children.back();
      had_children.pop_back();
      std::string_view parent = stack.empty() ? std::string_view() : stack.back();
      if (children) {
        f(XmlEvent{XmlEvent::kEnd, name, parent, nullptr});
      } else {
        if (!decode(x.substr(text_start, i - text_start), text)) return false;
        f(XmlEvent{XmlEvent::kLeaf, name, parent, &text});
      }
    } else {
      bool empty = !tag.empty() && tag.back() == '/';
      if (empty) tag.remove_suffix(1);
      size_t space = tag.find_first_of(" \t\r\n");
      std::string_view name = local_name(tag.substr(0, space));
      if (!had_children.empty()) had_children.back() = true;
      if (empty) {
        text.clear();
        f(XmlEvent{XmlEvent::kLeaf, name, stack.empty() ? std::string_view() : stack.back(), &text});
      } else {
        stack.push_back(name);
        had_children.push_back(false);
      }
    }
    i = close + 1;
    text_start = i;
  }
  return stack.empty();
}

std::string xml_find(std::string_view xml, std::string_view name) {
  std::string found;
  bool done = false;
  xml_each(xml, [&](const XmlEvent& e) {
    if (!done && e.kind == XmlEvent::kLeaf && e.name == name) {
      found = *e.text;
      done = true;
    }
  });
  return found;
}

}  // namespace jlkit::aws
