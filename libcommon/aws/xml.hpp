// The little XML that S3 and STS answer with: elements, text, the five
// predefined entities and character references, comments, CDATA. A
// callback sees each leaf element (name, decoded text, its parent's name)
// and the end of each element that had children. A document with a
// DOCTYPE (or any other <!...> declaration) is malformed: no entity is ever
// declared, expanded or fetched.
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace jlkit::aws {

struct XmlEvent {
  enum Kind { kLeaf, kEnd } kind;
  std::string_view name;    // element name (without namespace prefix)
  std::string_view parent;  // enclosing element's name
  const std::string* text;  // kLeaf: decoded text
};

// False when the document is malformed.
bool xml_each(std::string_view xml, const std::function<void(const XmlEvent&)>& f);

// The root element's name, or "" when the document is malformed (also
// when it is cut short: an element left open).
std::string xml_root_name(std::string_view xml);

// Text of the first leaf element `name`, or "" (also when the document is malformed).
std::string xml_find(std::string_view xml, std::string_view name);

}  // namespace jlkit::aws
