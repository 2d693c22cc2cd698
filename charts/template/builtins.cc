// Go's text/template builtin functions (funcs.go), registered in every Funcs.

#include <cstdio>

#include "base/error.h"
#include "charts/template/fmt.h"
#include "charts/template/detail/text.h"
#include "charts/template/template.h"

namespace primer::tmpl {
namespace {

std::vector<FmtArg> fmt_args(std::span<const TValue> args) {
  std::vector<FmtArg> out;
  out.reserve(args.size());
  for (const TValue& a : args) out.push_back(a.fmt_arg());
  return out;
}

std::string sprint_values(std::span<const TValue> args) {
  auto f = fmt_args(args);
  return go_sprint(f);
}

// ---- comparison ----

enum class Kind { Invalid, Bool, Int, Float, Complex, String };

Kind basic_kind(const TValue& v) {
  switch (v.type()) {
    case GoType::Bool: return Kind::Bool;
    case GoType::Int:
    case GoType::Int64:
      return Kind::Int;
    case GoType::Float64: return Kind::Float;
    case GoType::String: return Kind::String;
    case GoType::Complex: return Kind::Complex;
    default: return Kind::Invalid;
  }
}

[[noreturn]] void incompatible(const Call& call, const TValue& a, const TValue& b) {
  if (call.options().go_minor < 24) throw Error("incompatible types for comparison");
  // parity: Go 1.25 names both types (Go 1.23 and older print only the first part).
  throw Error("incompatible types for comparison: " + std::string(a.type_name()) + " and " +
              std::string(b.type_name()));
}

bool is_nil_value(const TValue& v) { return v.is_nil(); }

// A coarse reflect.Kind for canCompare: lists, maps and strings of bytes.
int reflect_kind(const TValue& v) {
  if (!v.is_valid()) return 0;
  if (v.is_list_like()) return 1;
  if (v.is_map_like()) return 2;
  return 3 + static_cast<int>(v.type());
}

TValue eq(Call& call, std::span<const TValue> args) {
  TValue a = args[0].unboxed();
  if (args.size() == 1) throw Error("missing argument for comparison");
  Kind k1 = basic_kind(a);
  for (const TValue& raw : args.subspan(1)) {
    TValue b = raw.unboxed();
    Kind k2 = basic_kind(b);
    bool truth = false;
    if (k1 != k2) {
      if (a.is_valid() && b.is_valid()) incompatible(call, a, b);
    } else {
      switch (k1) {
        case Kind::Bool: truth = a.value().as_bool() == b.value().as_bool(); break;
        case Kind::Float: truth = a.value().as_float() == b.value().as_float(); break;
        case Kind::Int: truth = a.value().as_int() == b.value().as_int(); break;
        case Kind::String: truth = a.value().as_string() == b.value().as_string(); break;
        case Kind::Complex: truth = a.value() == b.value(); break;
        case Kind::Invalid: {
          int r1 = reflect_kind(a), r2 = reflect_kind(b);
          if (r1 != r2 && r1 != 0 && r2 != 0) {
            std::vector<FmtArg> f{a.fmt_arg(), b.fmt_arg()};
            std::string sa = go_sprintf("%s", std::span(&f[0], 1));
            std::string sb = go_sprintf("%v", std::span(&f[1], 1));
            throw Error("non-comparable types " + sa + ": " + std::string(a.type_name()) + ", " +
                        std::string(b.type_name()) + ": " + sb);
          }
          if (is_nil_value(a) || is_nil_value(b)) {
            truth = is_nil_value(a) == is_nil_value(b);
          } else {
            FmtArg f = b.fmt_arg();
            throw Error("non-comparable type " + go_sprintf("%s", std::span(&f, 1)) + ": " +
                        std::string(b.type_name()));
          }
          break;
        }
      }
    }
    if (truth) return TValue(GoType::Bool, true);
  }
  return TValue(GoType::Bool, false);
}

bool less(const Call& call, const TValue& ra, const TValue& rb) {
  TValue a = ra.unboxed(), b = rb.unboxed();
  Kind k1 = basic_kind(a);
  if (k1 == Kind::Invalid) throw Error("invalid type for comparison");
  Kind k2 = basic_kind(b);
  if (k2 == Kind::Invalid) throw Error("invalid type for comparison");
  if (k1 != k2) incompatible(call, a, b);
  switch (k1) {
    case Kind::Bool:
    case Kind::Complex:
      throw Error("invalid type for comparison");
    case Kind::Float: return a.value().as_float() < b.value().as_float();
    case Kind::Int: return a.value().as_int() < b.value().as_int();
    case Kind::String: return a.value().as_string() < b.value().as_string();
    case Kind::Invalid: break;
  }
  return false;
}

bool equal2(Call& call, const TValue& a, const TValue& b) {
  TValue args[] = {a, b};
  return eq(call, args).value().as_bool();
}

TValue boolean(bool b) { return TValue(GoType::Bool, b); }

// ---- indexing ----

std::int64_t index_arg(const TValue& raw, std::size_t cap) {
  TValue i = raw.unboxed();
  if (!i.is_valid()) throw Error("cannot index slice/array with nil");
  if (i.type() != GoType::Int && i.type() != GoType::Int64) {
    throw Error("cannot index slice/array with type " + std::string(i.type_name()));
  }
  std::int64_t x = i.value().as_int();
  if (x < 0 || static_cast<std::uint64_t>(x) > cap) {
    throw Error("index out of range: " + std::to_string(x));
  }
  return x;
}

std::size_t length_of(const TValue& v) {
  if (v.value().is_null()) return 0;
  return v.value().size();
}

TValue index(Call&, std::span<const TValue> args) {
  TValue item = args[0].unboxed();
  if (!item.is_valid()) throw Error("index of untyped nil");
  for (const TValue& raw : args.subspan(1)) {
    if (item.type() == GoType::Nil) throw Error("index of nil pointer");
    item = item.unboxed().underlying();
    if (item.is_list_like() || item.type() == GoType::String || item.type() == GoType::Bytes) {
      std::size_t len = length_of(item);
      std::int64_t x = index_arg(raw, len);
      if (static_cast<std::size_t>(x) == len) {
        // parity: Go's indexArg lets x == len through and reflect panics.
        throw Error(item.is_list_like() ? "reflect: slice index out of range"
                                        : "reflect: string index out of range");
      }
      if (item.is_list_like()) {
        item = item.element(item.value().as_list()[static_cast<std::size_t>(x)]);
      } else {
        unsigned char c = static_cast<unsigned char>(item.value().as_string()[static_cast<std::size_t>(x)]);
        item = TValue(GoType::Int, value::Value(static_cast<std::int64_t>(c)));
      }
    } else if (item.is_map_like()) {
      TValue key = raw.unboxed();
      if (!key.is_valid()) throw Error("value is nil; should be of type string");
      if (key.type() != GoType::String) {
        throw Error("value has type " + std::string(key.type_name()) + "; should be string");
      }
      const value::Value* found =
          item.value().is_null() ? nullptr : item.value().find(key.value().as_string());
      if (found) {
        item = item.element(*found);
      } else {
        item = item.zero_element();
      }
    } else {
      // parity: Go indirects pointers before indexing, naming the struct type.
      std::string_view type = item.type_name();
      if (const Object* o = item.object(); o && o->is_pointer()) type.remove_prefix(1);
      throw Error("can't index item of type " + std::string(type));
    }
  }
  return item;
}

TValue slice(Call&, std::span<const TValue> args) {
  TValue item = args[0].unboxed();
  if (!item.is_valid()) throw Error("slice of untyped nil");
  std::size_t n = args.size() - 1;
  if (n > 3) throw Error("too many slice indexes: " + std::to_string(n));
  bool is_string = item.type() == GoType::String || item.type() == GoType::Bytes;
  if (is_string) {
    if (n == 3) throw Error("cannot 3-index slice a string");
  } else if (!item.is_list_like()) {
    throw Error("can't slice item of type " + std::string(item.type_name()));
  }
  std::size_t len = length_of(item);
  std::int64_t idx[3] = {0, static_cast<std::int64_t>(len), 0};
  for (std::size_t i = 0; i < n; ++i) idx[i] = index_arg(args[i + 1], len);
  if (idx[0] > idx[1]) {
    throw Error("invalid slice index: " + std::to_string(idx[0]) + " > " + std::to_string(idx[1]));
  }
  if (n == 3 && idx[1] > idx[2]) {
    throw Error("invalid slice index: " + std::to_string(idx[1]) + " > " + std::to_string(idx[2]));
  }
  auto from = static_cast<std::size_t>(idx[0]), to = static_cast<std::size_t>(idx[1]);
  if (is_string) {
    return TValue(item.type(), value::Value(item.value().as_string().substr(from, to - from)));
  }
  if (item.value().is_null()) return item;
  const value::List& l = item.value().as_list();
  return TValue(item.type(), value::Value(value::List(l.begin() + static_cast<std::ptrdiff_t>(from),
                                                      l.begin() + static_cast<std::ptrdiff_t>(to))))
      .with_nested_int(item.nested_int());
}

TValue length(Call&, std::span<const TValue> args) {
  const TValue v = args[0].underlying();
  if (v.type() == GoType::Nil) throw Error("len of nil pointer");
  if (!v.is_valid()) throw Error("reflect: call of reflect.Value.Type on zero Value");
  if (v.is_list_like() || v.is_map_like() || v.type() == GoType::String ||
      v.type() == GoType::Bytes) {
    return TValue::go_int(static_cast<std::int64_t>(length_of(v)));
  }
  throw Error("len of type " + std::string(v.type_name()));
}

// ---- escaping ----

// text/template evalArgs: one string argument as is, else fmt.Sprint where a missing value
// prints "<no value>".
std::string eval_args(std::span<const TValue> args) {
  if (args.size() == 1 && args[0].type() == GoType::String) return args[0].value().as_string();
  std::vector<TValue> printable;
  for (const TValue& a : args) {
    printable.push_back(a.type() == GoType::Nil || !a.is_valid() ? TValue() : a);
  }
  return sprint_values(printable);
}

std::string html_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '"': out += "&#34;"; break;
      case '\'': out += "&#39;"; break;
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '\0': out += "\uFFFD"; break;
      default: out += c;
    }
  }
  return out;
}

std::string js_escape(std::string_view s) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      switch (c) {
        case '\\': out += "\\\\"; break;
        case '\'': out += "\\'"; break;
        case '"': out += "\\\""; break;
        case '<': out += "\\u003C"; break;
        case '>': out += "\\u003E"; break;
        case '&': out += "\\u0026"; break;
        case '=': out += "\\u003D"; break;
        default:
          if (c < ' ') {
            out += "\\u00";
            out += kHex[c >> 4];
            out += kHex[c & 15];
          } else {
            out += static_cast<char>(c);
          }
      }
      continue;
    }
    auto [r, w] = decode_rune(s.substr(i));
    if (detail::is_print(r)) {
      out.append(s.substr(i, w));
    } else {
      char buf[16];
      std::snprintf(buf, sizeof buf, "\\u%04X", static_cast<unsigned>(r));
      out += buf;
    }
    i += w;
  }
  return out;
}

std::string url_query_escape(std::string_view s) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else if (c == ' ') {
      out += '+';
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

TValue str(std::string s) { return TValue(GoType::String, value::Value(std::move(s))); }

}  // namespace

Funcs::Funcs() {
  const Signature reflect1{{Param::Reflect}, false};
  const Signature reflect2{{Param::Reflect, Param::Reflect}, false};
  const Signature reflect_var{{Param::Reflect, Param::Reflect}, true};
  const Signature any_var{{Param::Any}, true};
  auto unreachable = [](Call&, std::span<const TValue>) -> TValue {
    throw Error("internal error: and/or are evaluated by the executor");
  };
  funcs_["and"] = Func{reflect_var, unreachable, Func::Special::And};
  funcs_["or"] = Func{reflect_var, unreachable, Func::Special::Or};
  add("not", reflect1, [](Call&, std::span<const TValue> a) { return boolean(!is_true(a[0].unboxed())); });
  add("len", reflect1, length);
  add("index", reflect_var, index);
  add("slice", reflect_var, slice);
  add("print", any_var, [](Call&, std::span<const TValue> a) { return str(sprint_values(a)); });
  add("println", any_var, [](Call&, std::span<const TValue> a) {
    auto f = fmt_args(a);
    return str(go_sprintln(f));
  });
  add("printf", Signature{{Param::String, Param::Any}, true}, [](Call&, std::span<const TValue> a) {
    auto f = fmt_args(a.subspan(1));
    return str(go_sprintf(a[0].value().as_string(), f));
  });
  add("html", any_var, [](Call&, std::span<const TValue> a) { return str(html_escape(eval_args(a))); });
  add("js", any_var, [](Call&, std::span<const TValue> a) { return str(js_escape(eval_args(a))); });
  add("urlquery", any_var,
      [](Call&, std::span<const TValue> a) { return str(url_query_escape(eval_args(a))); });
  add("call", reflect_var, [](Call&, std::span<const TValue> a) -> TValue {
    TValue fn = a[0].unboxed();
    if (!fn.is_valid()) throw Error("call of nil");
    // Template values are never Go functions.
    throw Error("non-function of type " + std::string(fn.type_name()));
  });
  add("eq", reflect_var, eq);
  add("ne", reflect2, [](Call& c, std::span<const TValue> a) { return boolean(!equal2(c, a[0], a[1])); });
  add("lt", reflect2, [](Call& c, std::span<const TValue> a) { return boolean(less(c, a[0], a[1])); });
  add("le", reflect2, [](Call& c, std::span<const TValue> a) {
    return boolean(less(c, a[0], a[1]) || equal2(c, a[0], a[1]));
  });
  add("gt", reflect2, [](Call& c, std::span<const TValue> a) {
    bool lt = less(c, a[0], a[1]);
    return boolean(!(lt || equal2(c, a[0], a[1])));
  });
  add("ge", reflect2, [](Call& c, std::span<const TValue> a) { return boolean(!less(c, a[0], a[1])); });
}

void Funcs::add(std::string name, Signature signature, Callable fn) {
  funcs_[std::move(name)] = Func{std::move(signature), std::move(fn), Func::Special::None};
}

const Funcs::Func* Funcs::find(std::string_view name) const {
  auto it = funcs_.find(name);
  return it == funcs_.end() ? nullptr : &it->second;
}

}  // namespace primer::tmpl
