#pragma once

// A view: a model (the changelog, say) read as JSON-like values, lazily. An object is a pointer
// to a part of the model and the function that lists its fields; a list, a pointer and the
// function that passes its items. Nothing is copied out of the model up front: a JSON writer
// walks the view and writes as it goes, a template asks an object for the one field it names.

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace trail::render {

class Value;

// Receives the fields of an object, in order.
class Fields
{
public:
  virtual ~Fields() = default;
  // Whether the field NAME is wanted: a field that costs something to compute (a join, a
  // description in words) is computed and added only when wanted. A template's lookup wants one
  // name, a JSON writer every one.
  virtual bool wants(std::string_view name) = 0;
  // Passes the field NAME; VALUE lives only during the call.
  virtual void add(std::string_view name, const Value& value) = 0;
};

// Receives the items of a list, in order.
class Items
{
public:
  virtual ~Items() = default;
  // Passes one item; ITEM lives only during the call.
  virtual void add(const Value& item) = 0;
};

// One value of a view: null, a boolean, a number, text, an object or a list.
class Value
{
public:
  enum class Kind : uint8_t
  {
    null,
    boolean,
    number,
    text,
    object,
    list
  };

  Value() = default;

  static Value boolean(bool value);
  static Value number(uint64_t value);
  // Text borrowed from the model or a literal: TEXT must outlive every copy of the value.
  static Value text(std::string_view text);
  static Value text(const char* literal)
  {
    return text(std::string_view(literal));
  }
  static Value text(std::string&& text) = delete; // a temporary: use owned_text
  // Text computed for the value, held by it.
  static Value owned_text(std::string text);
  // Text a template writes as it is (CSS, an identifier): not made a Markdown table cell, and
  // not false when empty; borrowed, as text(). JSON does not tell it from other text.
  static Value raw_text(std::string_view text);
  static Value raw_text(std::string&& text) = delete;

  // The object NODE, whose fields F passes.
  template<class T, void (*F)(const T&, Fields&)>
  static Value object(const T& node)
  {
    Value v;
    v.m_kind = Kind::object;
    v.m_node = &node;
    v.m_fields = [](const void* n, Fields& out) {
      F(*static_cast<const T*>(n), out);
    };
    return v;
  }

  // The list of ITEMS, each read as ITEM makes it.
  template<class E, Value (*Item)(const E&)>
  static Value list(const std::vector<E>& items)
  {
    Value v;
    v.m_kind = Kind::list;
    v.m_node = &items;
    v.m_size = [](const void* n) {
      return static_cast<const std::vector<E>*>(n)->size();
    };
    v.m_items = [](const void* n, Items& out) {
      for (const E& e : *static_cast<const std::vector<E>*>(n)) {
        out.add(Item(e));
      }
    };
    return v;
  }

  // A list computed from NODE: SIZE counts its items, F passes them.
  template<class T, size_t (*Size)(const T&), void (*F)(const T&, Items&)>
  static Value computed_list(const T& node)
  {
    Value v;
    v.m_kind = Kind::list;
    v.m_node = &node;
    v.m_size = [](const void* n) {
      return Size(*static_cast<const T*>(n));
    };
    v.m_items = [](const void* n, Items& out) {
      F(*static_cast<const T*>(n), out);
    };
    return v;
  }

  Kind kind() const
  {
    return m_kind;
  }
  bool is_null() const
  {
    return m_kind == Kind::null;
  }
  // A boolean's value.
  bool flag() const
  {
    return m_flag;
  }
  // A number's value.
  uint64_t count() const
  {
    return m_number;
  }
  // Text's value.
  std::string_view str() const
  {
    return m_owns ? std::string_view(m_owned) : m_view;
  }
  // Whether text is raw (raw_text).
  bool raw() const
  {
    return m_raw;
  }
  // An object's fields, in order.
  void fields(Fields& out) const
  {
    m_fields(m_node, out);
  }
  // A list's items, in order, and how many there are.
  void items(Items& out) const
  {
    m_items(m_node, out);
  }
  size_t size() const
  {
    return m_size(m_node);
  }

  // The field NAME of an object; null for a name it does not have, or when this is no object.
  Value field(std::string_view name) const;

private:
  Kind m_kind = Kind::null;
  bool m_flag = false;
  bool m_raw = false;
  bool m_owns = false;
  uint64_t m_number = 0;
  std::string_view m_view;
  std::string m_owned;
  const void* m_node = nullptr;
  void (*m_fields)(const void*, Fields&) = nullptr;
  void (*m_items)(const void*, Items&) = nullptr;
  size_t (*m_size)(const void*) = nullptr;
};

// A list item that is text borrowed from the model (Value::list<std::string, &text_item>).
Value text_item(const std::string& text);
// The list of STRINGS, each as text.
Value strings(const std::vector<std::string>& strings);

// Where text goes, piece by piece (standard output, a file, a digest, a string).
using Write = std::function<void(std::string_view)>;

// Collects small pieces of text and passes them on to a Write in blocks of 64 KiB, so that a
// writer of many short pieces costs few calls. flush() passes what is left; the destructor
// does not (an exception may be unwinding past an incomplete document).
class BufferedWrite
{
public:
  explicit BufferedWrite(const Write& to);
  BufferedWrite(const BufferedWrite&) = delete;
  BufferedWrite& operator=(const BufferedWrite&) = delete;

  void operator()(std::string_view text)
  {
    if (m_buffer.size() + text.size() > k_block) {
      spill(text);
      return;
    }
    m_buffer.append(text.data(), text.size());
  }
  void operator()(char c)
  {
    if (m_buffer.size() + 1 > k_block) {
      spill(std::string_view(&c, 1));
      return;
    }
    m_buffer.push_back(c);
  }
  void flush();

private:
  static constexpr size_t k_block = 64 * 1024;
  void spill(std::string_view text);

  const Write& m_to;
  std::string m_buffer;
};

// Writes VALUE to OUT as JSON text, byte for byte as nlohmann::ordered_json's dump(INDENT, ' ',
// false, error_handler_t::replace) writes the same document (INDENT < 0: compact; bytes that
// are not UTF-8 become U+FFFD), without building it.
void write_json(const Value& value, int indent, BufferedWrite& out);

// Returns VALUE as an nlohmann document (tests compare it with write_json's text).
nlohmann::ordered_json to_json(const Value& value);

} // namespace trail::render
