#include "core/render/view.hpp"

#include <utility>

namespace trail::render {

Value Value::boolean(bool value)
{
  Value v;
  v.m_kind = Kind::boolean;
  v.m_flag = value;
  return v;
}

Value Value::number(uint64_t value)
{
  Value v;
  v.m_kind = Kind::number;
  v.m_number = value;
  return v;
}

Value Value::text(std::string_view text)
{
  Value v;
  v.m_kind = Kind::text;
  v.m_view = text;
  return v;
}

Value Value::owned_text(std::string text)
{
  Value v;
  v.m_kind = Kind::text;
  v.m_owns = true;
  v.m_owned = std::move(text);
  return v;
}

Value Value::raw_text(std::string_view text)
{
  Value v = Value::text(text);
  v.m_raw = true;
  return v;
}

namespace {

// Keeps the one field a lookup names.
class FindField : public Fields
{
public:
  explicit FindField(std::string_view name) : m_name(name) {}

  bool wants(std::string_view name) override
  {
    return !m_found && name == m_name;
  }
  void add(std::string_view name, const Value& value) override
  {
    if (!m_found && name == m_name) {
      m_value = value;
      m_found = true;
    }
  }
  Value take()
  {
    return std::move(m_value);
  }

private:
  std::string_view m_name;
  bool m_found = false;
  Value m_value;
};

} // namespace

Value Value::field(std::string_view name) const
{
  if (m_kind != Kind::object) {
    return {};
  }
  FindField find(name);
  fields(find);
  return find.take();
}

Value text_item(const std::string& text)
{
  return Value::text(text);
}

Value strings(const std::vector<std::string>& strings)
{
  return Value::list<std::string, &text_item>(strings);
}

BufferedWrite::BufferedWrite(const Write& to) : m_to(to)
{
  m_buffer.reserve(k_block);
}

void BufferedWrite::flush()
{
  if (!m_buffer.empty()) {
    m_to(m_buffer);
    m_buffer.clear();
  }
}

void BufferedWrite::spill(std::string_view text)
{
  flush();
  if (text.size() >= k_block) {
    m_to(text);
  } else {
    m_buffer.append(text.data(), text.size());
  }
}

namespace {

// Writes TEXT as a JSON string, escaped as nlohmann's serializer escapes it (ensure_ascii off).
void write_json_string(std::string_view text, BufferedWrite& out)
{
  static constexpr char k_hex[] = "0123456789abcdef";
  for (const char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) {
      // UTF-8, valid or not: nlohmann's own serializer decides (U+FFFD for bytes that are not
      // UTF-8, with its rules for how many bytes each replacement takes).
      out(nlohmann::ordered_json(std::string(text))
              .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
      return;
    }
  }
  out('"');
  size_t plain = 0; // the start of the run of characters written as they are
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') {
      continue;
    }
    out(text.substr(plain, i - plain));
    plain = i + 1;
    switch (c) {
    case '"':
      out("\\\"");
      break;
    case '\\':
      out("\\\\");
      break;
    case '\b':
      out("\\b");
      break;
    case '\f':
      out("\\f");
      break;
    case '\n':
      out("\\n");
      break;
    case '\r':
      out("\\r");
      break;
    case '\t':
      out("\\t");
      break;
    default: {
      const char escaped[] = {'\\', 'u', '0', '0', k_hex[c >> 4], k_hex[c & 0xf]};
      out(std::string_view(escaped, sizeof escaped));
      break;
    }
    }
  }
  out(text.substr(plain));
  out('"');
}

void write_indent(int indent, BufferedWrite& out)
{
  for (int i = 0; i < indent; ++i) {
    out(' ');
  }
}

void write_json_at(const Value& value, int step, int indent, BufferedWrite& out);

// Writes an object's fields as they come: "{" before the first, "}" (or "{}") at the end.
class JsonObject : public Fields
{
public:
  JsonObject(int step, int indent, BufferedWrite& out) : m_step(step), m_indent(indent), m_out(out)
  {
  }

  bool wants(std::string_view /*name*/) override
  {
    return true;
  }
  void add(std::string_view name, const Value& value) override
  {
    if (m_step < 0) {
      m_out(m_first ? '{' : ',');
      write_json_string(name, m_out);
      m_out(':');
    } else {
      m_out(m_first ? "{\n" : ",\n");
      write_indent(m_indent + m_step, m_out);
      write_json_string(name, m_out);
      m_out(": ");
    }
    m_first = false;
    write_json_at(value, m_step, m_indent + m_step, m_out);
  }
  void close()
  {
    if (m_first) {
      m_out("{}");
    } else if (m_step < 0) {
      m_out('}');
    } else {
      m_out('\n');
      write_indent(m_indent, m_out);
      m_out('}');
    }
  }

private:
  int m_step;
  int m_indent;
  BufferedWrite& m_out;
  bool m_first = true;
};

// Writes a list's items as they come, as JsonObject writes fields.
class JsonList : public Items
{
public:
  JsonList(int step, int indent, BufferedWrite& out) : m_step(step), m_indent(indent), m_out(out) {}

  void add(const Value& item) override
  {
    if (m_step < 0) {
      m_out(m_first ? '[' : ',');
    } else {
      m_out(m_first ? "[\n" : ",\n");
      write_indent(m_indent + m_step, m_out);
    }
    m_first = false;
    write_json_at(item, m_step, m_indent + m_step, m_out);
  }
  void close()
  {
    if (m_first) {
      m_out("[]");
    } else if (m_step < 0) {
      m_out(']');
    } else {
      m_out('\n');
      write_indent(m_indent, m_out);
      m_out(']');
    }
  }

private:
  int m_step;
  int m_indent;
  BufferedWrite& m_out;
  bool m_first = true;
};

void write_json_at(const Value& value, int step, int indent, BufferedWrite& out)
{
  switch (value.kind()) {
  case Value::Kind::null:
    out("null");
    break;
  case Value::Kind::boolean:
    out(value.flag() ? "true" : "false");
    break;
  case Value::Kind::number:
    out(std::to_string(value.count()));
    break;
  case Value::Kind::text:
    write_json_string(value.str(), out);
    break;
  case Value::Kind::object: {
    JsonObject object(step, indent, out);
    value.fields(object);
    object.close();
    break;
  }
  case Value::Kind::list: {
    JsonList list(step, indent, out);
    value.items(list);
    list.close();
    break;
  }
  }
}

class TreeObject : public Fields
{
public:
  explicit TreeObject(nlohmann::ordered_json& object) : m_object(object) {}
  bool wants(std::string_view /*name*/) override
  {
    return true;
  }
  void add(std::string_view name, const Value& value) override
  {
    m_object[std::string(name)] = to_json(value);
  }

private:
  nlohmann::ordered_json& m_object;
};

class TreeList : public Items
{
public:
  explicit TreeList(nlohmann::ordered_json& list) : m_list(list) {}
  void add(const Value& item) override
  {
    m_list.push_back(to_json(item));
  }

private:
  nlohmann::ordered_json& m_list;
};

} // namespace

void write_json(const Value& value, int indent, BufferedWrite& out)
{
  write_json_at(value, indent < 0 ? -1 : indent, 0, out);
}

nlohmann::ordered_json to_json(const Value& value)
{
  switch (value.kind()) {
  case Value::Kind::null:
    return nullptr;
  case Value::Kind::boolean:
    return value.flag();
  case Value::Kind::number:
    return value.count();
  case Value::Kind::text:
    return std::string(value.str());
  case Value::Kind::object: {
    auto object = nlohmann::ordered_json::object();
    TreeObject fields(object);
    value.fields(fields);
    return object;
  }
  case Value::Kind::list: {
    auto list = nlohmann::ordered_json::array();
    TreeList items(list);
    value.items(items);
    return list;
  }
  }
  return nullptr;
}

} // namespace trail::render
