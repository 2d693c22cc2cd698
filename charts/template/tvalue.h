// The values a Go template executor handles: a value::Value plus the Go type it has while
// a template runs. Go's executor distinguishes things value::Value does not: the invalid
// value ("no value") from a nil interface, Go `int` (literals, `len`) from `int64` (data),
// typed slices such as `[]string`, and whether a value sits inside an `interface {}`.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "charts/template/fmt.h"
#include "value/value.h"

namespace primer::tmpl {

struct Function;  // template.h
class Object;

// GoType (declared with Go's fmt printing in fmt.h) names the Go type a template value has.
// Data decoded from YAML/JSON is Nil, Bool, Int64, Float64, String, List or Map; Int comes
// from literals and builtins such as `len`; typed slices and maps come from functions.

/// A template-level value. Copying is cheap (lists and maps are shared, as in Go).
class TValue {
 public:
  /// The invalid value.
  TValue() = default;
  /// A data value typed as Go decodes data: null -> Nil, int -> Int64, float -> Float64, ...
  /// The result is not boxed (see boxed()).
  TValue(value::Value v);  // NOLINT: implicit on purpose, data flows in everywhere
  /// `v` with an explicit Go type; `v`'s kind must fit `type` (a null list/map is a nil one).
  TValue(GoType type, value::Value v, bool boxed = false)
      : type_(type), boxed_(boxed), v_(std::move(v)) {}

  /// A Go object (struct, pointer, named map or slice with methods); not boxed.
  static TValue of(std::shared_ptr<const Object> object);
  static TValue nil() { return TValue(GoType::Nil, value::Value(), true); }
  static TValue go_int(std::int64_t i) { return TValue(GoType::Int, value::Value(i)); }

  GoType type() const { return type_; }
  bool is_valid() const { return type_ != GoType::Invalid; }
  /// True when the Go value sits in an `interface {}` (an element of a map or list of the
  /// data, a range element). Go names such values `interface {}` in some errors.
  bool boxed() const { return boxed_; }
  /// This value outside its interface (what Go's indirectInterface returns).
  TValue unboxed() const&;
  TValue unboxed() &&;
  /// This value as an element of an `interface {}` container.
  TValue as_boxed() const;

  /// The underlying data (null for Invalid/Nil and for nil lists or maps).
  const value::Value& value() const { return v_; }
  /// True for Invalid, Nil and nil lists/maps.
  bool is_nil() const;
  bool is_list_like() const {
    return type_ == GoType::List || type_ == GoType::StringList || type_ == GoType::IntList;
  }
  bool is_map_like() const {
    return type_ == GoType::Map || type_ == GoType::StringMap || type_ == GoType::BytesMap;
  }
  /// What a missing key of this map reads as under missingkey=zero: the element type's zero.
  TValue zero_element() const;
  /// The Go type of ints found inside this list or map (value::Value keeps none): Int64 for
  /// decoded data, Int for lists built from template literals (Sprig's `list 1 2`).
  GoType nested_int() const { return nested_int_; }
  TValue with_nested_int(GoType t) const {
    TValue out = *this;
    out.nested_int_ = t;
    return out;
  }
  /// The object this value holds, or nullptr.
  const Object* object() const;
  /// What the executor indexes, ranges over and measures: an object's underlying map or
  /// slice (Object::underlying), else this value.
  TValue underlying() const;
  /// The element `v` of this list or map, typed and boxed as Go reads it out.
  TValue element(const value::Value& v) const;
  /// This value as an argument to Go's fmt.
  FmtArg fmt_arg() const { return FmtArg{&v_, type_, nested_int_}; }

  /// Go's reflect type name as errors show it: "int", "float64", "[]interface {}";
  /// "interface {}" for a Nil; "<nil>" for an invalid value.
  std::string_view type_name() const;

 private:
  GoType type_ = GoType::Invalid;
  bool boxed_ = false;
  GoType nested_int_ = GoType::Int64;
  value::Value v_;
};

/// A Go value that is not plain data: a struct, a pointer to one, or a named map or slice type
/// with methods (Helm's `.Files`, `.Capabilities`, Sprig's certificates and semver versions).
/// Held in value::Value as an Opaque, so objects sit in dicts and lists like any Go value;
/// data() is what encoding/json makes of them (toJson, toYaml).
class Object : public value::Opaque {
 public:
  /// Go's type name as %T and errors print it: "*chart.Metadata", "engine.files".
  virtual std::string_view type_name() const = 0;
  /// The reflect.Kind name (Sprig's kindOf): "struct", "ptr", "map", "slice".
  virtual std::string_view kind_name() const = 0;
  /// The method `name`, or nullptr. text/template looks methods up before fields and keys.
  virtual const Function* method(std::string_view name) const;
  /// A struct's exported fields in declaration order (for pointers: the pointee's).
  virtual std::vector<std::pair<std::string, TValue>> fields() const;
  /// For named map and slice types: the value as its underlying map or slice.
  virtual std::optional<TValue> underlying() const;
  /// The result of a String() method (fmt's Stringer), if the type has one.
  virtual std::optional<std::string> string() const;
  /// True when String() has a pointer receiver on a struct type: fmt then ignores it and
  /// only the executor's own printing (of an addressable value) calls it.
  virtual bool string_needs_address() const { return false; }

  /// The field `name` the template may read, if any (default: a search of fields(); structs
  /// hide unexported fields or promote embedded ones by overriding it).
  virtual std::optional<TValue> field(std::string_view name) const;
  bool is_pointer() const { return kind_name() == "ptr"; }
};

/// Go template truthiness (text/template isTrue): false for invalid, nil, false, zero numbers,
/// empty strings, lists and maps; true otherwise.
bool is_true(const TValue& v);

}  // namespace primer::tmpl
