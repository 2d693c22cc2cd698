// Sprig's dict functions (dict.go), with mergo v1.0.1's map merging and copystructure's
// deep copy. Maps and lists are shared by reference as in Go: `set` mutates its argument and
// merged-in values are the source's own objects.

#include <string>
#include <vector>

#include "base/error.h"
#include "charts/template/sprig/detail/convert.h"
#include "charts/template/sprig/sprig.h"

namespace primer::tmpl::sprig {
namespace {

using detail::boolean;
using value::Value;

// parity: mergo's isEmptyValue with dereferencing, over a value held in a map.
bool value_empty(const Value& v) {
  switch (v.kind()) {
    case value::Kind::Null: return true;
    case value::Kind::Bool: return !v.as_bool();
    case value::Kind::Int: return v.as_int() == 0;
    case value::Kind::Float: return v.as_float() == 0;
    default: return v.size() == 0;
  }
}

// parity: mergo deepMerge for map[string]interface{} (Merge / MergeWithOverwrite).
void merge_maps(const Value& dst, const Value& src, bool overwrite, int depth) {
  if (depth > value::kMaxDepth) throw Error("merge: maps nested too deeply");
  if (src.is_null()) return;
  for (const auto& [key, s] : src.as_map()) {
    const Value* d = dst.find(key);
    if (s.is_null()) {
      if (overwrite) dst.set(key, Value());
      continue;
    }
    if (s.is_map() && d && d->is_map()) merge_maps(*d, s, overwrite, depth + 1);
    if (d && !value_empty(*d)) {
      if (s.is_list()) {
        if (overwrite) dst.set(key, s);
        continue;
      }
      if (s.is_map() && d->is_map()) continue;
    }
    if (overwrite || !d || value_empty(*d)) dst.set(key, s);
  }
}

TValue merge(std::span<const TValue> a, bool overwrite) {
  Value dst = a[0].value();
  if (dst.is_null()) {
    // parity: a nil dst map is replaced by a new one once a non-nil src arrives.
    for (const TValue& src : a.subspan(1)) {
      if (!src.value().is_null()) {
        dst = Value::new_map();
        break;
      }
    }
  }
  for (const TValue& src : a.subspan(1)) {
    if (dst.is_null()) break;
    merge_maps(dst, src.value(), overwrite, 0);
  }
  std::vector<TValue> all(a.begin(), a.end());
  return TValue(GoType::Map, dst).with_nested_int(detail::nested_int_of(all));
}

[[noreturn]] void conversion_panic(const TValue& v, const char* want) {
  std::string got = v.type() == GoType::Nil || !v.is_valid() ? "nil" : detail::type_of(v);
  throw Error("interface conversion: interface {} is " + got + ", not " + want);
}

TValue dig(std::span<const TValue> a) {
  if (a.size() < 3) throw Error("dig needs at least three arguments");
  TValue dict = a.back();
  if (dict.type() != GoType::Map) conversion_panic(dict, "map[string]interface {}");
  const TValue& def = a[a.size() - 2];
  std::vector<std::string> keys;
  for (std::size_t i = 0; i + 2 < a.size(); ++i) {
    if (a[i].type() != GoType::String) conversion_panic(a[i], "string");
    keys.push_back(a[i].value().as_string());
  }
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const Value* step = dict.value().is_null() ? nullptr : dict.value().find(keys[i]);
    if (!step) return def;
    TValue next = dict.element(*step);
    if (i + 1 == keys.size()) return next;
    if (next.type() != GoType::Map) conversion_panic(next, "map[string]interface {}");
    dict = next.unboxed();
  }
  return def;
}

TValue map_of(value::Map m, GoType nested) {
  return TValue(GoType::Map, Value(std::move(m))).with_nested_int(nested);
}

}  // namespace

void add_dicts(Funcs& funcs, const Options&) {
  using P = Param;
  funcs.add("dict", Signature{{P::Any}, true}, [](Call&, std::span<const TValue> a) {
    value::Map m;
    std::vector<TValue> vals;
    for (std::size_t i = 0; i < a.size(); i += 2) {
      std::string key = detail::strval(a[i]);
      if (i + 1 >= a.size()) {
        m[key] = Value("");
        continue;
      }
      m[key] = a[i + 1].value();
      vals.push_back(a[i + 1]);
    }
    return map_of(std::move(m), detail::nested_int_of(vals));
  });
  funcs.add("get", Signature{{P::Map, P::String}}, [](Call&, std::span<const TValue> a) {
    const Value* v = a[0].value().is_null() ? nullptr : a[0].value().find(a[1].value().as_string());
    return v ? a[0].element(*v) : detail::str("");
  });
  funcs.add("set", Signature{{P::Map, P::String, P::Any}}, [](Call&, std::span<const TValue> a) {
    if (a[0].value().is_null()) throw Error("assignment to entry in nil map");
    a[0].value().set(a[1].value().as_string(), a[2].value());
    TValue out = a[0];
    if (a[2].type() == GoType::Int) out = out.with_nested_int(GoType::Int);
    return out;
  });
  funcs.add("unset", Signature{{P::Map, P::String}}, [](Call&, std::span<const TValue> a) {
    if (!a[0].value().is_null()) a[0].value().as_map().erase(a[1].value().as_string());
    return a[0];
  });
  funcs.add("hasKey", Signature{{P::Map, P::String}}, [](Call&, std::span<const TValue> a) {
    return boolean(!a[0].value().is_null() && a[0].value().find(a[1].value().as_string()));
  });
  funcs.add("pluck", Signature{{P::String, P::Map}, true}, [](Call&, std::span<const TValue> a) {
    std::vector<TValue> out;
    for (const TValue& d : a.subspan(1)) {
      const Value* v = d.value().is_null() ? nullptr : d.value().find(a[0].value().as_string());
      if (v) out.push_back(d.element(*v));
    }
    return detail::make_list(out);
  });
  funcs.add("keys", Signature{{P::Map}, true}, [](Call&, std::span<const TValue> a) {
    // Go's map order is random; sorted order is one of the orders Go may produce.
    value::List out;
    for (const TValue& d : a) {
      if (d.value().is_null()) continue;
      for (const auto& [k, v] : d.value().as_map()) out.emplace_back(k);
    }
    return TValue(GoType::StringList, Value(std::move(out)));
  });
  funcs.add("pick", Signature{{P::Map, P::String}, true}, [](Call&, std::span<const TValue> a) {
    value::Map m;
    for (const TValue& k : a.subspan(1)) {
      const Value* v = a[0].value().is_null() ? nullptr : a[0].value().find(k.value().as_string());
      if (v) m[k.value().as_string()] = *v;
    }
    return map_of(std::move(m), a[0].nested_int());
  });
  funcs.add("omit", Signature{{P::Map, P::String}, true}, [](Call&, std::span<const TValue> a) {
    value::Map m;
    if (!a[0].value().is_null()) m = a[0].value().as_map();
    for (const TValue& k : a.subspan(1)) m.erase(k.value().as_string());
    return map_of(std::move(m), a[0].nested_int());
  });
  for (const char* name : {"merge", "mustMerge"}) {
    funcs.add(name, Signature{{P::Map, P::Map}, true},
              [](Call&, std::span<const TValue> a) { return merge(a, false); });
  }
  for (const char* name : {"mergeOverwrite", "mustMergeOverwrite"}) {
    funcs.add(name, Signature{{P::Map, P::Map}, true},
              [](Call&, std::span<const TValue> a) { return merge(a, true); });
  }
  funcs.add("values", Signature{{P::Map}}, [](Call&, std::span<const TValue> a) {
    std::vector<TValue> out;
    if (!a[0].value().is_null()) {
      for (const auto& [k, v] : a[0].value().as_map()) out.push_back(a[0].element(v));
    }
    return detail::make_list(out);
  });
  for (const char* name : {"deepCopy", "mustDeepCopy"}) {
    funcs.add(name, Signature{{P::Any}}, [](Call&, std::span<const TValue> a) {
      const TValue& v = a[0];
      // parity: copystructure.Copy(nil) panics inside reflect.
      if (v.type() == GoType::Nil) throw Error("reflect: call of reflect.Value.Type on zero Value");
      return TValue(v.type(), v.value().clone()).with_nested_int(v.nested_int());
    });
  }
  funcs.add("dig", Signature{{P::Any}, true},
            [](Call&, std::span<const TValue> a) { return dig(a); });
}

}  // namespace primer::tmpl::sprig
