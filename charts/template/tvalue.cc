#include "charts/template/tvalue.h"

namespace primer::tmpl {
namespace {

GoType data_type(const value::Value& v, GoType int_type) {
  switch (v.kind()) {
    case value::Kind::Null:
      return GoType::Nil;
    case value::Kind::Bool:
      return GoType::Bool;
    case value::Kind::Int:
      return int_type;
    case value::Kind::Float:
      return GoType::Float64;
    case value::Kind::String:
      return GoType::String;
    case value::Kind::List:
      return GoType::List;
    case value::Kind::Map:
      return GoType::Map;
    case value::Kind::Opaque:
      return GoType::Object;
  }
  return GoType::Nil;
}

}  // namespace

TValue TValue::zero_element() const {
  switch (type_) {
    case GoType::StringMap:
      return TValue(GoType::String, value::Value(""));
    case GoType::BytesMap:
      return TValue(GoType::Bytes, value::Value());
    default:
      return nil();
  }
}

const Function* Object::method(std::string_view) const { return nullptr; }
std::vector<std::pair<std::string, TValue>> Object::fields() const { return {}; }
std::optional<TValue> Object::underlying() const { return std::nullopt; }
std::optional<std::string> Object::string() const { return std::nullopt; }

std::optional<TValue> Object::field(std::string_view name) const {
  for (auto& [n, v] : fields()) {
    if (n == name) return v;
  }
  return std::nullopt;
}

TValue TValue::of(std::shared_ptr<const Object> object) {
  return TValue(GoType::Object,
                value::Value(std::shared_ptr<const value::Opaque>(std::move(object))));
}

const Object* TValue::object() const {
  if (type_ != GoType::Object || !v_.is_opaque()) return nullptr;
  return dynamic_cast<const Object*>(&v_.as_opaque());
}

TValue TValue::underlying() const {
  if (const Object* o = object()) {
    if (auto u = o->underlying()) return *u;
  }
  return *this;
}

TValue::TValue(value::Value v) : type_(data_type(v, GoType::Int64)), v_(std::move(v)) {
  boxed_ = type_ == GoType::Nil;
}

TValue TValue::unboxed() const& {
  if (type_ == GoType::Nil) return TValue();
  TValue out = *this;
  out.boxed_ = false;
  return out;
}

TValue TValue::unboxed() && {
  if (type_ == GoType::Nil) return TValue();
  boxed_ = false;
  return std::move(*this);
}

TValue TValue::as_boxed() const {
  if (type_ == GoType::Invalid) return nil();
  TValue out = *this;
  out.boxed_ = true;
  return out;
}

TValue TValue::element(const value::Value& v) const {
  switch (type_) {
    case GoType::StringList:
    case GoType::StringMap:
      return TValue(GoType::String, v);
    case GoType::IntList:
      return TValue(GoType::Int, v);
    case GoType::Bytes:
      return TValue(GoType::Int, v);
    case GoType::BytesMap:
      return TValue(GoType::Bytes, v);
    default: {
      TValue out(data_type(v, nested_int_), v, true);
      out.nested_int_ = nested_int_;
      return out;
    }
  }
}

bool TValue::is_nil() const {
  switch (type_) {
    case GoType::Invalid:
    case GoType::Nil:
      return true;
    case GoType::List:
    case GoType::StringList:
    case GoType::IntList:
    case GoType::Map:
    case GoType::StringMap:
    case GoType::BytesMap:
      return v_.is_null();
    default:
      return false;
  }
}

std::string_view TValue::type_name() const {
  switch (type_) {
    case GoType::Invalid:
      return "<nil>";
    case GoType::Nil:
      return "interface {}";
    case GoType::Object:
      if (const Object* o = object()) return o->type_name();
      return go_type_name(type_);
    default:
      return go_type_name(type_);
  }
}

bool is_true(const TValue& v) {
  switch (v.type()) {
    case GoType::Invalid:
    case GoType::Nil:
      return false;
    case GoType::Bool:
      return v.value().as_bool();
    case GoType::Int:
    case GoType::Int64:
      return v.value().as_int() != 0;
    case GoType::Float64:
      return v.value().as_float() != 0;
    case GoType::Complex:
      return v.value().as_list()[0].as_float() != 0 || v.value().as_list()[1].as_float() != 0;
    case GoType::Object: {
      // parity: a struct is always true, a non-nil pointer too; named maps and slices
      // are true when not empty.
      TValue u = v.underlying();
      if (u.type() == GoType::Object) return true;
      return is_true(u);
    }
    default:
      return !v.value().is_null() && v.value().size() > 0;
  }
}

}  // namespace primer::tmpl
