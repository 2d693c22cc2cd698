// Sprig's list functions (list.go). The non-must variants panic where the must variants
// return an error; text/template reports both the same way, so one body serves both.

#include <cmath>
#include <string>
#include <vector>

#include "base/error.h"
#include "charts/template/sprig/detail/convert.h"
#include "charts/template/sprig/sprig.h"

namespace primer::tmpl::sprig {
namespace {

using detail::boolean;
using detail::elements;
using detail::make_list;

// parity: reflect.TypeOf(list).Kind() must be a slice; nil panics in reflect.
const TValue& require_list(const TValue& v, const std::string& what) {
  if (v.type() == GoType::Nil || !v.is_valid()) detail::nil_kind_panic();
  if (!v.is_list_like() && v.type() != GoType::Bytes) {
    throw Error(what + " " + detail::kind_of(v));
  }
  return v;
}

TValue nil_list() { return TValue(GoType::List, value::Value()); }

TValue first_of(const TValue& v) {
  auto items = elements(require_list(v, "Cannot find first on type"));
  return items.empty() ? TValue::nil() : items.front();
}

TValue last_of(const TValue& v) {
  auto items = elements(require_list(v, "Cannot find last on type"));
  return items.empty() ? TValue::nil() : items.back();
}

TValue rest_of(const TValue& v) {
  auto items = elements(require_list(v, "Cannot find rest on type"));
  if (items.empty()) return nil_list();
  return make_list(std::span(items).subspan(1));
}

TValue initial_of(const TValue& v) {
  auto items = elements(require_list(v, "Cannot find initial on type"));
  if (items.empty()) return nil_list();
  return make_list(std::span(items).first(items.size() - 1));
}

TValue reverse_of(const TValue& v) {
  auto items = elements(require_list(v, "Cannot find reverse on type"));
  std::vector<TValue> out(items.rbegin(), items.rend());
  return make_list(out);
}

bool in_list(const std::vector<TValue>& hay, const TValue& needle) {
  for (const TValue& h : hay) {
    if (detail::deep_equal(needle, h)) return true;
  }
  return false;
}

TValue uniq_of(const TValue& v) {
  auto items = elements(require_list(v, "Cannot find uniq on type"));
  std::vector<TValue> out;
  for (const TValue& t : items) {
    if (!in_list(out, t)) out.push_back(t);
  }
  return make_list(out);
}

TValue compact_of(const TValue& v) {
  auto items = elements(require_list(v, "Cannot compact on type"));
  std::vector<TValue> out;
  for (const TValue& t : items) {
    if (!detail::is_empty(t)) out.push_back(t);
  }
  return make_list(out);
}

TValue without_of(std::span<const TValue> a) {
  auto items = elements(require_list(a[0], "Cannot find without on type"));
  std::vector<TValue> omit(a.begin() + 1, a.end());
  std::vector<TValue> out;
  for (const TValue& t : items) {
    if (!in_list(omit, t)) out.push_back(t);
  }
  return make_list(out);
}

TValue has_of(const TValue& needle, const TValue& hay) {
  if (hay.type() == GoType::Nil) return boolean(false);
  auto items = elements(require_list(hay, "Cannot find has on type"));
  return boolean(in_list(items, needle));
}

TValue push_of(const TValue& list, const TValue& v) {
  auto items = elements(require_list(list, "Cannot push on type"));
  items.push_back(v);
  return make_list(items);
}

TValue prepend_of(const TValue& list, const TValue& v) {
  auto items = elements(require_list(list, "Cannot prepend on type"));
  items.insert(items.begin(), v);
  return make_list(items);
}

[[noreturn]] void makeslice_panic() { throw Error("runtime error: makeslice: len out of range"); }

TValue chunk_of(std::int64_t size, const TValue& list) {
  auto items = elements(require_list(list, "Cannot chunk type"));
  auto l = static_cast<double>(items.size());
  auto s = static_cast<double>(size);
  std::int64_t cs = detail::float_to_int64(std::floor((l - 1) / s) + 1);
  if (cs < 0) makeslice_panic();
  std::vector<TValue> chunks;
  for (std::int64_t i = 0; i < cs; ++i) {
    std::int64_t clen = size;
    if (i == cs - 1) {
      clen = detail::float_to_int64(std::floor(std::fmod(l, s)));
      if (clen == 0) clen = size;
    }
    if (clen < 0) makeslice_panic();
    std::vector<TValue> part;
    for (std::int64_t j = 0; j < clen; ++j) {
      std::int64_t ix = i * size + j;
      if (ix < 0 || static_cast<std::size_t>(ix) >= items.size()) {
        throw Error("runtime error: index out of range [" + std::to_string(ix) +
                    "] with length " + std::to_string(items.size()));
      }
      part.push_back(items[static_cast<std::size_t>(ix)]);
    }
    chunks.push_back(make_list(part));
  }
  return make_list(chunks);  // a [][]interface{} is kept as a list of lists
}

TValue slice_of(std::span<const TValue> a) {
  const TValue& list = a[0];
  if (list.type() == GoType::Nil) detail::nil_kind_panic();
  if (!list.is_list_like() && list.type() != GoType::Bytes) {
    throw Error("list should be type of slice or array but " + detail::kind_of(list));
  }
  std::size_t len = list.value().is_null() ? 0 : list.value().size();
  if (len == 0) return TValue::nil();
  std::int64_t start = 0, end = static_cast<std::int64_t>(len);
  if (a.size() > 1) start = detail::to_int64(a[1]);
  if (a.size() > 2) end = detail::to_int64(a[2]);
  if (start < 0 || end < start || end > static_cast<std::int64_t>(len)) {
    throw Error("reflect.Value.Slice: slice index out of bounds");
  }
  if (list.type() == GoType::Bytes) {
    return TValue(GoType::Bytes,
                  value::Value(list.value().as_string().substr(static_cast<std::size_t>(start),
                                                                static_cast<std::size_t>(end - start))));
  }
  const value::List& l = list.value().as_list();
  value::List out(l.begin() + start, l.begin() + end);
  return TValue(list.type(), value::Value(std::move(out))).with_nested_int(list.nested_int());
}

TValue concat_of(std::span<const TValue> a) {
  std::vector<TValue> out;
  for (const TValue& list : a) {
    if (list.type() == GoType::Nil) detail::nil_kind_panic();
    if (!list.is_list_like() && list.type() != GoType::Bytes) {
      throw Error("Cannot concat type " + detail::kind_of(list) + " as list");
    }
    for (const TValue& t : elements(list)) out.push_back(t);
  }
  if (out.empty()) return nil_list();
  return make_list(out);
}

}  // namespace

void add_lists(Funcs& funcs, const Options&) {
  using P = Param;
  const Signature any1{{P::Any}};
  const Signature any2{{P::Any, P::Any}};
  const Signature any_var{{P::Any}, true};
  const Signature any_any_var{{P::Any, P::Any}, true};
  auto add_pair = [&](std::initializer_list<const char*> names, const Signature& sig,
                      const Callable& fn) {
    for (const char* n : names) funcs.add(n, sig, fn);
  };

  add_pair({"list", "tuple"}, any_var,
           [](Call&, std::span<const TValue> a) { return make_list(a); });
  add_pair({"append", "push", "mustAppend", "mustPush"}, any2,
           [](Call&, std::span<const TValue> a) { return push_of(a[0], a[1]); });
  add_pair({"prepend", "mustPrepend"}, any2,
           [](Call&, std::span<const TValue> a) { return prepend_of(a[0], a[1]); });
  add_pair({"first", "mustFirst"}, any1,
           [](Call&, std::span<const TValue> a) { return first_of(a[0]); });
  add_pair({"last", "mustLast"}, any1,
           [](Call&, std::span<const TValue> a) { return last_of(a[0]); });
  add_pair({"rest", "mustRest"}, any1,
           [](Call&, std::span<const TValue> a) { return rest_of(a[0]); });
  add_pair({"initial", "mustInitial"}, any1,
           [](Call&, std::span<const TValue> a) { return initial_of(a[0]); });
  add_pair({"reverse", "mustReverse"}, any1,
           [](Call&, std::span<const TValue> a) { return reverse_of(a[0]); });
  add_pair({"uniq", "mustUniq"}, any1,
           [](Call&, std::span<const TValue> a) { return uniq_of(a[0]); });
  add_pair({"compact", "mustCompact"}, any1,
           [](Call&, std::span<const TValue> a) { return compact_of(a[0]); });
  add_pair({"without", "mustWithout"}, any_any_var,
           [](Call&, std::span<const TValue> a) { return without_of(a); });
  add_pair({"has", "mustHas"}, any2,
           [](Call&, std::span<const TValue> a) { return has_of(a[0], a[1]); });
  add_pair({"slice", "mustSlice"}, any_any_var,
           [](Call&, std::span<const TValue> a) { return slice_of(a); });
  funcs.add("concat", Signature{{P::Any}, true},
            [](Call&, std::span<const TValue> a) { return concat_of(a); });
  add_pair({"chunk", "mustChunk"}, Signature{{P::Int, P::Any}},
           [](Call&, std::span<const TValue> a) { return chunk_of(a[0].value().as_int(), a[1]); });
}

}  // namespace primer::tmpl::sprig
