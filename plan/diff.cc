// Field-level differences, shown as Terraform and kubectl show paths:
// spec.template.spec.containers[name=server].image, metadata.annotations["checksum/cm"].
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "base/error.h"
#include "base/strings.h"
#include "plan/detail/mask.h"
#include "plan/plan.h"

namespace primer::plan {
namespace {

using value::Value;

bool is_identifier(std::string_view key) {
  if (key.empty()) return false;
  char first = key.front();
  if (!(std::isalpha(static_cast<unsigned char>(first)) || first == '_')) return false;
  for (char c : key) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-')) return false;
  }
  return true;
}

bool is_plain_name(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-')) {
      return false;
    }
  }
  return true;
}

// Where the walk is: a chain of steps on the stack, spelled out (as
// spec.containers[name=server].image) only for a field that is reported.
struct Path {
  enum class Step { Root, Key, Name, Index };
  const Path* parent = nullptr;
  Step step = Step::Root;
  std::string_view text;  // the key or the item's name
  std::size_t index = 0;
  int depth = 0;

  Path key(std::string_view k) const { return {this, Step::Key, k, 0, depth + 1}; }
  Path name(std::string_view n) const { return {this, Step::Name, n, 0, depth + 1}; }
  Path at(std::size_t i) const { return {this, Step::Index, {}, i, depth + 1}; }

  bool is_key(std::string_view k) const { return step == Step::Key && text == k; }

  std::string str() const {
    if (step == Step::Root) return "";
    std::string out = parent->str();
    switch (step) {
      case Step::Key:
        if (!is_identifier(text)) return out + "[" + quote(text) + "]";
        if (!out.empty()) out += '.';
        return out + std::string(text);
      case Step::Name:
        return out + "[name=" + (is_plain_name(text) ? std::string(text) : quote(text)) + "]";
      case Step::Index:
        return out + "[" + std::to_string(index) + "]";
      case Step::Root:
        break;
    }
    return out;
  }
};

// What the server owns and a plan never counts (kubernetes-api-spec 3.12; Argo CD ignores
// status too, 8.2): status and these fields of metadata.
constexpr std::string_view kServerMetadata[] = {"managedFields", "resourceVersion",   "generation",
                                                "uid",           "creationTimestamp", "selfLink"};

bool server_owned(const Path& path) {
  if (path.depth == 1) return path.is_key("status");
  if (path.depth != 2 || path.step != Path::Step::Key || !path.parent->is_key("metadata")) {
    return false;
  }
  return std::find(std::begin(kServerMetadata), std::end(kServerMetadata), path.text) !=
         std::end(kServerMetadata);
}

bool is_absent(const Value* v) { return v == nullptr || v->is_null(); }

// Numbers compare by value: live JSON decodes integers, desired YAML may hold floats.
bool same_number(const Value& a, const Value& b) {
  if (a.is_int() && b.is_int()) return a.as_int() == b.as_int();
  if (a.is_float() && b.is_float()) return a.as_float() == b.as_float();
  const Value& i = a.is_int() ? a : b;
  double f = a.is_int() ? b.as_float() : a.as_float();
  // 2^63 is exact as a double; anything at or beyond it is outside int64.
  if (!(std::trunc(f) == f) || f < -9223372036854775808.0 || f >= 9223372036854775808.0) {
    return false;
  }
  return static_cast<std::int64_t>(f) == i.as_int();
}

// Equality of two values that are not both maps or both lists (those are walked).
bool same_scalar(const Value& a, const Value& b) {
  if (a.is_number() && b.is_number()) return same_number(a, b);
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case value::Kind::Null:
      return true;
    case value::Kind::Bool:
      return a.as_bool() == b.as_bool();
    case value::Kind::String:
      return a.as_string() == b.as_string();
    default:
      return a == b;
  }
}

// The item names of a list whose items are all maps with a string "name", each once; empty
// when the list cannot be keyed by name (then items are compared by index).
std::optional<std::vector<std::string_view>> names_of(const value::List& list) {
  std::vector<std::string_view> names;
  names.reserve(list.size());
  for (const Value& item : list) {
    const Value* name = item.is_map() ? item.find("name") : nullptr;
    if (name == nullptr || !name->is_string()) return std::nullopt;
    names.push_back(name->as_string());
  }
  std::vector<std::string_view> sorted = names;
  std::sort(sorted.begin(), sorted.end());
  if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end()) return std::nullopt;
  return names;
}

// An Opaque's data in place of the Opaque; other values as they are, without a copy.
class Plain {
 public:
  explicit Plain(const Value& v) : v_(&v) {
    if (v.is_opaque()) {
      data_ = v.plain();
      v_ = &data_;
    }
  }
  const Value& operator*() const { return *v_; }
  const Value* operator->() const { return v_; }

 private:
  const Value* v_;
  Value data_;
};

class Differ {
 public:
  // With `first_only` the walk stops at the first difference and records nothing.
  Differ(bool sensitive, bool only_desired, bool skip_server_fields, bool first_only = false)
      : sensitive_(sensitive),
        only_desired_(only_desired),
        skip_server_fields_(skip_server_fields),
        first_only_(first_only) {}

  void compare(const Path& path, const Value* live, const Value* planned, bool secret) {
    if (path.depth > value::kMaxDepth) throw Error("comparing objects: nested too deeply");
    if (found_ || (skip_server_fields_ && server_owned(path))) return;
    if (is_absent(planned)) {
      if (!only_desired_ && !is_absent(live)) leaves(path, *live, false, secret);
      return;
    }
    if (is_absent(live)) {
      leaves(path, *planned, true, secret);
      return;
    }
    Plain l(*live), p(*planned);
    if (l->is_map() && p->is_map()) {
      compare_maps(path, *l, *p, secret);
    } else if (l->is_list() && p->is_list()) {
      compare_lists(path, l->as_list(), p->as_list(), secret);
    } else if (!same_scalar(*l, *p)) {
      emit(path, *l, *p, secret);
    }
  }

  // Every leaf of `v` as added (or removed); an empty map or list is a leaf, a null is an
  // absent field and no leaf.
  void leaves(const Path& path, const Value& v_in, bool added, bool secret) {
    if (path.depth > value::kMaxDepth) throw Error("comparing objects: nested too deeply");
    if (found_ || (skip_server_fields_ && server_owned(path))) return;
    Plain v(v_in);
    if (v->is_null()) return;
    if (v->is_map() && v->size() > 0) {
      for (const auto& [k, child] : v->as_map()) {
        leaves(path.key(k), child, added, secret || secret_root(path, k));
      }
    } else if (v->is_list() && v->size() > 0) {
      const value::List& list = v->as_list();
      std::optional<std::vector<std::string_view>> names = names_of(list);
      for (std::size_t i = 0; i < list.size(); ++i) {
        leaves(names ? path.name((*names)[i]) : path.at(i), list[i], added, secret);
      }
    } else if (added) {
      emit(path, std::nullopt, *v, secret);
    } else {
      emit(path, *v, std::nullopt, secret);
    }
  }

  bool found() const { return found_; }
  std::vector<FieldChange> take() { return std::move(out_); }

 private:
  // Whether `key` under `parent` holds Secret values: data and stringData at the top, and
  // kubectl's last-applied copy of the object.
  bool secret_root(const Path& parent, std::string_view key) const {
    if (!sensitive_) return false;
    if (parent.depth == 0) return key == "data" || key == "stringData";
    return parent.depth == 2 && parent.is_key("annotations") && parent.parent->is_key("metadata") &&
           key == detail::kLastApplied;
  }

  void compare_maps(const Path& path, const Value& live, const Value& planned, bool secret) {
    const value::Map& planned_map = planned.as_map();
    if (only_desired_) {
      for (const auto& [k, v] : planned_map) {
        compare(path.key(k), live.find(k), &v, secret || secret_root(path, k));
      }
      return;
    }
    // Both maps iterate in key order: merge them.
    const value::Map& live_map = live.as_map();
    auto l = live_map.begin();
    auto p = planned_map.begin();
    while (l != live_map.end() || p != planned_map.end()) {
      int order = l == live_map.end()      ? 1
                  : p == planned_map.end() ? -1
                                           : std::string_view(l->first).compare(p->first);
      std::string_view k = order < 0 ? std::string_view(l->first) : std::string_view(p->first);
      compare(path.key(k), order <= 0 ? &l->second : nullptr, order >= 0 ? &p->second : nullptr,
              secret || secret_root(path, k));
      if (order <= 0) ++l;
      if (order >= 0) ++p;
    }
  }

  // Items only in the live list count even when only desired fields do: the apply replaces
  // the list (or its named items) as a whole.
  void compare_lists(const Path& path, const value::List& live, const value::List& planned,
                     bool secret) {
    std::optional<std::vector<std::string_view>> live_names = names_of(live);
    std::optional<std::vector<std::string_view>> planned_names = names_of(planned);
    if (live_names && planned_names) {
      std::map<std::string_view, std::size_t> live_at;
      for (std::size_t i = 0; i < live.size(); ++i) live_at[(*live_names)[i]] = i;
      for (std::size_t i = 0; i < planned.size(); ++i) {
        auto it = live_at.find((*planned_names)[i]);
        const Value* l = it == live_at.end() ? nullptr : &live[it->second];
        compare(path.name((*planned_names)[i]), l, &planned[i], secret);
        if (it != live_at.end()) live_at.erase(it);
      }
      for (std::size_t i = 0; i < live.size(); ++i) {
        if (live_at.contains((*live_names)[i])) {
          leaves(path.name((*live_names)[i]), live[i], false, secret);
        }
      }
      return;
    }
    for (std::size_t i = 0; i < std::max(live.size(), planned.size()); ++i) {
      const Value* l = i < live.size() ? &live[i] : nullptr;
      const Value* p = i < planned.size() ? &planned[i] : nullptr;
      if (p == nullptr) {
        if (!is_absent(l)) leaves(path.at(i), *l, false, secret);
      } else {
        compare(path.at(i), l, p, secret);
      }
    }
  }

  void emit(const Path& path, std::optional<Value> before, std::optional<Value> after,
            bool secret) {
    if (first_only_) {
      found_ = true;
      return;
    }
    FieldChange change{.path = path.str(), .before = std::move(before), .after = std::move(after)};
    if (secret) {
      const bool base64 = change.path.starts_with("data");
      if (change.before) change.before = Value(detail::masked_with_size(*change.before, base64));
      if (change.after) change.after = Value(detail::masked_with_size(*change.after, base64));
      change.sensitive = true;
    }
    out_.push_back(std::move(change));
  }

  bool sensitive_;
  bool only_desired_;
  bool skip_server_fields_;
  bool first_only_;
  bool found_ = false;
  std::vector<FieldChange> out_;
};

}  // namespace

std::vector<FieldChange> diff_objects(const value::Value& live, const value::Value& planned,
                                      bool sensitive, bool only_desired) {
  // A Secret is masked even when the caller forgot to say so.
  sensitive = sensitive || detail::is_secret(live) || detail::is_secret(planned);
  Differ differ(sensitive, only_desired, true);
  differ.compare(Path{}, &live, &planned, false);
  return differ.take();
}

bool holds_desired(const value::Value& live, const value::Value& planned) {
  Differ differ(false, /*only_desired=*/true, true, /*first_only=*/true);
  differ.compare(Path{}, &live, &planned, false);
  return !differ.found();
}

std::vector<FieldChange> fields_of(const value::Value& object, bool sensitive) {
  Differ differ(sensitive || detail::is_secret(object), false, false);
  if (!object.is_null()) differ.leaves(Path{}, object, true, false);
  return differ.take();
}

}  // namespace primer::plan
