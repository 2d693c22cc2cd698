// Field-level differences, shown as Terraform and kubectl show paths:
// spec.template.spec.containers[name=server].image, metadata.annotations["checksum/cm"].
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "base/error.h"
#include "base/strings.h"
#include "plan/detail/mask.h"
#include "plan/plan.h"

namespace primer::plan {
namespace {

using value::Value;

// What the server owns and a plan never counts (kubernetes-api-spec 3.12; Argo CD ignores
// status too, 8.2).
const std::set<std::string, std::less<>> kIgnored = {
    "status",       "metadata.managedFields",     "metadata.resourceVersion", "metadata.generation",
    "metadata.uid", "metadata.creationTimestamp", "metadata.selfLink",
};

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

std::string key_path(const std::string& parent, std::string_view key) {
  if (is_identifier(key))
    return parent.empty() ? std::string(key) : parent + "." + std::string(key);
  return parent + "[" + quote(key) + "]";
}

std::string name_path(const std::string& parent, std::string_view name) {
  return parent + "[name=" + (is_plain_name(name) ? std::string(name) : quote(name)) + "]";
}

std::string index_path(const std::string& parent, std::size_t i) {
  return parent + "[" + std::to_string(i) + "]";
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
std::optional<std::vector<std::string>> names_of(const value::List& list) {
  std::vector<std::string> names;
  std::set<std::string, std::less<>> seen;
  for (const Value& item : list) {
    const Value* name = item.is_map() ? item.find("name") : nullptr;
    if (name == nullptr || !name->is_string() || !seen.insert(name->as_string()).second) {
      return std::nullopt;
    }
    names.push_back(name->as_string());
  }
  return names;
}

class Differ {
 public:
  Differ(bool sensitive, bool only_desired, bool skip_server_fields)
      : sensitive_(sensitive),
        only_desired_(only_desired),
        skip_server_fields_(skip_server_fields) {}

  void compare(const std::string& path, const Value* live, const Value* planned, bool secret,
               int depth) {
    if (depth > value::kMaxDepth) throw Error("comparing objects: nested too deeply");
    if (skip_server_fields_ && kIgnored.contains(path)) return;
    if (is_absent(planned)) {
      if (!only_desired_ && !is_absent(live)) leaves(path, *live, false, secret, depth);
      return;
    }
    if (is_absent(live)) {
      leaves(path, *planned, true, secret, depth);
      return;
    }
    Value l = live->plain(), p = planned->plain();
    if (l.is_map() && p.is_map()) {
      compare_maps(path, l, p, secret, depth);
    } else if (l.is_list() && p.is_list()) {
      compare_lists(path, l.as_list(), p.as_list(), secret, depth);
    } else if (!same_scalar(l, p)) {
      emit(path, l, p, secret);
    }
  }

  // Every leaf of `v` as added (or removed); an empty map or list is a leaf, a null is an
  // absent field and no leaf.
  void leaves(const std::string& path, const Value& v_in, bool added, bool secret, int depth) {
    if (depth > value::kMaxDepth) throw Error("comparing objects: nested too deeply");
    if (skip_server_fields_ && kIgnored.contains(path)) return;
    Value v = v_in.plain();
    if (v.is_null()) return;
    if (v.is_map() && v.size() > 0) {
      for (const auto& [k, child] : v.as_map()) {
        std::string child_path = key_path(path, k);
        leaves(child_path, child, added, secret || secret_root(path, k), depth + 1);
      }
    } else if (v.is_list() && v.size() > 0) {
      const value::List& list = v.as_list();
      std::optional<std::vector<std::string>> names = names_of(list);
      for (std::size_t i = 0; i < list.size(); ++i) {
        leaves(names ? name_path(path, (*names)[i]) : index_path(path, i), list[i], added, secret,
               depth + 1);
      }
    } else if (added) {
      emit(path, std::nullopt, v, secret);
    } else {
      emit(path, v, std::nullopt, secret);
    }
  }

  std::vector<FieldChange> take() { return std::move(out_); }

 private:
  // Whether `key` under `parent` holds Secret values: data and stringData at the top, and
  // kubectl's last-applied copy of the object.
  bool secret_root(const std::string& parent, std::string_view key) const {
    if (!sensitive_) return false;
    if (parent.empty()) return key == "data" || key == "stringData";
    return parent == "metadata.annotations" && key == detail::kLastApplied;
  }

  void compare_maps(const std::string& path, const Value& live, const Value& planned, bool secret,
                    int depth) {
    std::set<std::string_view> keys;
    for (const auto& [k, v] : planned.as_map()) keys.insert(k);
    if (!only_desired_) {
      for (const auto& [k, v] : live.as_map()) keys.insert(k);
    }
    for (std::string_view k : keys) {
      compare(key_path(path, k), live.find(k), planned.find(k), secret || secret_root(path, k),
              depth + 1);
    }
  }

  // Items only in the live list count even when only desired fields do: the apply replaces
  // the list (or its named items) as a whole.
  void compare_lists(const std::string& path, const value::List& live, const value::List& planned,
                     bool secret, int depth) {
    std::optional<std::vector<std::string>> live_names = names_of(live);
    std::optional<std::vector<std::string>> planned_names = names_of(planned);
    if (live_names && planned_names) {
      std::map<std::string_view, std::size_t> live_at;
      for (std::size_t i = 0; i < live.size(); ++i) live_at[(*live_names)[i]] = i;
      for (std::size_t i = 0; i < planned.size(); ++i) {
        auto it = live_at.find((*planned_names)[i]);
        const Value* l = it == live_at.end() ? nullptr : &live[it->second];
        compare(name_path(path, (*planned_names)[i]), l, &planned[i], secret, depth + 1);
        if (it != live_at.end()) live_at.erase(it);
      }
      for (std::size_t i = 0; i < live.size(); ++i) {
        if (live_at.contains((*live_names)[i])) {
          leaves(name_path(path, (*live_names)[i]), live[i], false, secret, depth + 1);
        }
      }
      return;
    }
    for (std::size_t i = 0; i < std::max(live.size(), planned.size()); ++i) {
      const Value* l = i < live.size() ? &live[i] : nullptr;
      const Value* p = i < planned.size() ? &planned[i] : nullptr;
      if (p == nullptr) {
        if (!is_absent(l)) leaves(index_path(path, i), *l, false, secret, depth + 1);
      } else {
        compare(index_path(path, i), l, p, secret, depth + 1);
      }
    }
  }

  void emit(const std::string& path, std::optional<Value> before, std::optional<Value> after,
            bool secret) {
    FieldChange change{.path = path, .before = std::move(before), .after = std::move(after)};
    if (secret) {
      const bool base64 = path.starts_with("data");
      if (change.before) change.before = Value(detail::masked_with_size(*change.before, base64));
      if (change.after) change.after = Value(detail::masked_with_size(*change.after, base64));
      change.sensitive = true;
    }
    out_.push_back(std::move(change));
  }

  bool sensitive_;
  bool only_desired_;
  bool skip_server_fields_;
  std::vector<FieldChange> out_;
};

}  // namespace

std::vector<FieldChange> diff_objects(const value::Value& live, const value::Value& planned,
                                      bool sensitive, bool only_desired) {
  // A Secret is masked even when the caller forgot to say so.
  sensitive = sensitive || detail::is_secret(live) || detail::is_secret(planned);
  Differ differ(sensitive, only_desired, true);
  differ.compare("", &live, &planned, false, 0);
  return differ.take();
}

std::vector<FieldChange> fields_of(const value::Value& object, bool sensitive) {
  Differ differ(sensitive || detail::is_secret(object), false, false);
  if (!object.is_null()) differ.leaves("", object, true, false, 0);
  return differ.take();
}

}  // namespace primer::plan
