#include "charts/template/tvalue.h"

namespace primer::tmpl {
namespace {

GoType data_type(const value::Value& v, GoType int_type) {
  switch (v.kind()) {
    case value::Kind::Null: return GoType::Nil;
    case value::Kind::Bool: return GoType::Bool;
    case value::Kind::Int: return int_type;
    case value::Kind::Float: return GoType::Float64;
    case value::Kind::String: return GoType::String;
    case value::Kind::List: return GoType::List;
    case value::Kind::Map: return GoType::Map;
  }
  return GoType::Nil;
}

}  // namespace

TValue::TValue(value::Value v) : type_(data_type(v, GoType::Int64)), v_(std::move(v)) {
  boxed_ = type_ == GoType::Nil;
}

TValue TValue::unboxed() const {
  if (type_ == GoType::Nil) return TValue();
  TValue out = *this;
  out.boxed_ = false;
  return out;
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
      return v_.is_null();
    default:
      return false;
  }
}

std::string_view TValue::type_name() const {
  switch (type_) {
    case GoType::Invalid: return "<nil>";
    case GoType::Nil: return "interface {}";
    default: return go_type_name(type_);
  }
}

bool is_true(const TValue& v) {
  switch (v.type()) {
    case GoType::Invalid:
    case GoType::Nil:
      return false;
    case GoType::Bool: return v.value().as_bool();
    case GoType::Int:
    case GoType::Int64:
      return v.value().as_int() != 0;
    case GoType::Float64: return v.value().as_float() != 0;
    default: return !v.value().is_null() && v.value().size() > 0;
  }
}

}  // namespace primer::tmpl
