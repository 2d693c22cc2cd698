#include "charts/values.h"

#include <string_view>
#include <utility>

#include "base/error.h"
#include "base/strings.h"
#include "base/utf8.h"
#include "charts/strvals.h"
#include "charts/template/fmt.h"
#include "charts/values_file.h"

namespace primer::charts {

namespace {

using value::Value;

constexpr std::string_view kGlobalKey = "global";

std::string concat_prefix(const std::string& a, const std::string& b) {
  if (a.empty()) return b;
  return a + "." + b;
}

// Go's `%v` of a value, ints typed int64 as --set types them.
std::string sprint_value(const Value& v) {
  tmpl::FmtArg arg{&v, tmpl::go_type_of(v, tmpl::GoType::Int64), tmpl::GoType::Int64};
  return tmpl::go_sprint(std::span<const tmpl::FmtArg>(&arg, 1));
}

// slog's TextHandler quoting of a value: quoted when empty or holding space, '=', '"',
// control or non-printable characters.
std::string slog_value(std::string_view s) {
  bool needs = s.empty();
  for (std::size_t i = 0; i < s.size() && !needs;) {
    auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      if (b != '\\' && (b == ' ' || b == '=' || b == '"' || b < 0x20 || b == 0x7f)) needs = true;
      ++i;
      continue;
    }
    DecodedRune r = decode_rune(s, i);
    if (r.rune == kRuneError || r.rune == 0x85 || r.rune == 0xA0) needs = true;
    i += r.width;
  }
  return needs ? quote(s) : std::string(s);
}

class Coalescer {
 public:
  Coalescer(Dialect dialect, Warnings* warnings) : dialect_(dialect), warnings_(warnings) {}

  // parity: coalesce.coalesce — the chart's own defaults, then each subchart's.
  Value coalesce(const Chart& chart, const Value& dest, const std::string& prefix, bool merge) {
    coalesce_chart_values(chart, dest, prefix, merge);
    return coalesce_deps(chart, dest, prefix, merge);
  }

  // parity: coalesceTablesFullKey. `dst` wins; `src` fills the gaps.
  Value coalesce_tables(const Value& dst, const Value& src, const std::string& prefix, bool merge) {
    if (!src.is_map()) return dst;
    if (!dst.is_map()) return src;
    value::Map& src_map = src.as_map();
    value::Map& dst_map = dst.as_map();
    std::vector<std::string> src_non_null;
    if (dialect_ == Dialect::Helm4) {
      // parity: helm 4 deletes a user null only when it hides a non-null default.
      for (const auto& [key, val] : src_map) {
        if (!val.is_null()) src_non_null.push_back(key);
      }
      for (const auto& [key, val] : dst_map) {
        if (val.is_null()) src_map[key] = Value();
      }
    }
    auto was_non_null = [&](const std::string& key) {
      for (const std::string& k : src_non_null) {
        if (k == key) return true;
      }
      return false;
    };
    std::vector<std::pair<std::string, Value>> entries(src_map.begin(), src_map.end());
    for (const auto& [key, val] : entries) {
      std::string full_key = concat_prefix(prefix, key);
      auto it = dst_map.find(key);
      bool present = it != dst_map.end();
      if (present && !merge && it->second.is_null() &&
          (dialect_ == Dialect::Helm3 || was_non_null(key))) {
        dst_map.erase(it);
      } else if (!present) {
        dst_map[key] = val;
      } else if (val.is_map()) {
        if (it->second.is_map()) {
          coalesce_tables(it->second, val, full_key, merge);
        } else {
          log(298, "warning: cannot overwrite table with non table for " + full_key + " (" +
                       sprint_value(val) + ")");
        }
      } else if (it->second.is_map() && !val.is_null()) {
        log(301, "warning: destination for " + full_key +
                     " is a table. Ignoring non-table value (" + sprint_value(val) + ")");
      }
    }
    return dst;
  }

 private:
  // A log.Printf warning; `helm3_line` is the line of coalesce.go that helm 3.17.3 prints.
  void log(int helm3_line, const std::string& text) {
    if (!warnings_) return;
    if (dialect_ == Dialect::Helm4) {
      warnings_->push_back("level=INFO msg=" + slog_value(text));
    } else {
      warnings_->push_back("coalesce.go:" + std::to_string(helm3_line) + ": " + text);
    }
  }

  static bool has_subchart(const Chart& chart, const std::string& name) {
    for (const auto& sub : chart.dependencies) {
      if (sub && sub->name() == name) return true;
    }
    return false;
  }

  // parity: coalesceValues.
  void coalesce_chart_values(const Chart& chart, const Value& v, const std::string& prefix,
                             bool merge) {
    std::string sub_prefix = concat_prefix(prefix, chart.name());
    Value defaults = chart.values.is_map() ? chart.values.clone() : Value::new_map();
    value::Map& v_map = v.as_map();
    for (const auto& [key, val] : defaults.as_map()) {
      auto it = v_map.find(key);
      if (it == v_map.end()) {
        v_map[key] = val;
        continue;
      }
      const Value& user = it->second;
      if (user.is_null() && !merge) {
        v_map.erase(it);
      } else if (user.is_map()) {
        if (!val.is_map()) {
          if (!val.is_null()) {
            log(237, "warning: skipped value for " + sub_prefix + "." + key + ": Not a table.");
          }
        } else {
          // Nulls aimed at a subchart are kept here: the subchart's own pass removes them.
          bool table_merge = merge || has_subchart(chart, key);
          coalesce_tables(user, val, concat_prefix(sub_prefix, key), table_merge);
        }
      }
    }
  }

  // parity: coalesceDeps.
  Value coalesce_deps(const Chart& chart, const Value& dest, const std::string& prefix,
                      bool merge) {
    for (const auto& sub : chart.dependencies) {
      if (!sub) continue;
      const std::string& name = sub->name();
      const Value* section = dest.find(name);
      if (!section) {
        dest.set(name, Value::new_map());
      } else if (!section->is_map()) {
        tmpl::FmtArg arg{section, tmpl::go_type_of(*section, tmpl::GoType::Int64),
                         tmpl::GoType::Int64};
        throw Error("type mismatch on " + name + ": " +
                    tmpl::go_sprintf("%t", std::span<const tmpl::FmtArg>(&arg, 1)));
      }
      Value sub_values = *dest.find(name);
      std::string sub_prefix = concat_prefix(prefix, chart.name());
      coalesce_globals(sub_values, dest, sub_prefix);
      dest.set(name, coalesce(*sub, sub_values, sub_prefix, merge));
    }
    return dest;
  }

  // parity: coalesceGlobals — the parent's `global` copied into the subchart's section,
  // parent entries winning, nested maps merged top-down.
  void coalesce_globals(const Value& dest, const Value& src, const std::string& prefix) {
    Value dg = Value::new_map();
    if (const Value* g = dest.find(kGlobalKey)) {
      if (!g->is_map()) {
        log(138, "warning: skipping globals because destination global is not a table.");
        return;
      }
      dg = *g;
    }
    Value sg = Value::new_map();
    if (const Value* g = src.find(kGlobalKey)) {
      if (!g->is_map()) {
        log(145, "warning: skipping globals because source global is not a table.");
        return;
      }
      sg = *g;
    }
    for (const auto& [key, val] : sg.as_map()) {
      const Value* existing = dg.find(key);
      if (val.is_map()) {
        // A shallow copy, as Go's copyMap: nested maps stay shared with the parent.
        Value vv(value::Map(val.as_map()));
        if (!existing) {
          dg.set(key, vv);
        } else if (!existing->is_map()) {
          log(161, "Conflict: cannot merge map onto non-map for " + quote(key) + ". Skipping.");
        } else {
          coalesce_tables(vv, *existing, concat_prefix(prefix, key), true);
          dg.set(key, vv);
        }
      } else if (existing && existing->is_map()) {
        log(175, "key " + key + " is table. Skipping");
      } else {
        dg.set(key, val);
      }
    }
    dest.set(std::string(kGlobalKey), dg);
  }

  Dialect dialect_;
  Warnings* warnings_;
};

Value coalesce_or_merge(const Chart& chart, const Value& user, Dialect dialect, Warnings* warnings,
                        bool merge) {
  Value copy = user.is_map() ? user.clone() : Value::new_map();
  return Coalescer(dialect, warnings).coalesce(chart, copy, "", merge);
}

std::string read_local(const ReadFile& read, const std::string& path) {
  return read ? read(path) : read_set_file(path);
}

}  // namespace

value::Value merge_maps(const value::Value& a, const value::Value& b) {
  value::Map out = a.is_map() ? a.as_map() : value::Map{};
  if (b.is_map()) {
    for (const auto& [key, val] : b.as_map()) {
      auto it = out.find(key);
      if (val.is_map() && it != out.end() && it->second.is_map()) {
        it->second = merge_maps(it->second, val);
      } else {
        out[key] = val;
      }
    }
  }
  return Value(std::move(out));
}

value::Value merge_user_values(const ValuesOptions& options, Dialect dialect,
                               const ReadFile& read) {
  Value base = Value::new_map();
  for (const std::string& path : options.values_files) {
    std::string text = read_local(read, path);
    Value current;
    try {
      current = parse_values_file(path, text, dialect);
    } catch (const Error& e) {
      // Helm's text has no position; the Where keeps it for primer's own views.
      throw Error(e.where(), "failed to parse " + path + ": " + e.message());
    }
    base = merge_maps(base, current);
  }
  for (const std::string& line : options.set_json) {
    std::string_view trimmed = trim(line);
    if (dialect == Dialect::Helm4 && !trimmed.empty() && trimmed[0] == '{') {
      // parity: helm 4 takes a whole JSON object and merges it like a values file.
      Value object;
      try {
        object = value::parse_json("--set-json", trimmed);
      } catch (const Error&) {
        throw Error("failed parsing --set-json data JSON: " + line);
      }
      if (!object.is_map()) throw Error("failed parsing --set-json data JSON: " + line);
      base = merge_maps(base, object);
      continue;
    }
    try {
      parse_set_into(line, base, SetKind::Json, dialect);
    } catch (const Error&) {
      // parity: options.go drops the cause of a --set-json failure.
      throw Error("failed parsing --set-json data " + line);
    }
  }
  struct Pass {
    const std::vector<std::string>* lines;
    SetKind kind;
    const char* context;
  };
  const Pass passes[] = {
      {&options.set, SetKind::Typed, "failed parsing --set data"},
      {&options.set_string, SetKind::String, "failed parsing --set-string data"},
      {&options.set_file, SetKind::File, "failed parsing --set-file data"},
      {&options.set_literal, SetKind::Literal, "failed parsing --set-literal data"},
  };
  SetFileReader file_reader = [&read](const std::string& path) { return read_local(read, path); };
  for (const Pass& pass : passes) {
    for (const std::string& line : *pass.lines) {
      try {
        parse_set_into(line, base, pass.kind, dialect, file_reader);
      } catch (const Error& e) {
        throw Error::wrap(pass.context, e);
      }
    }
  }
  return base;
}

value::Value coalesce_values(const Chart& chart, const value::Value& user, Dialect dialect,
                             Warnings* warnings) {
  return coalesce_or_merge(chart, user, dialect, warnings, false);
}

value::Value merge_values(const Chart& chart, const value::Value& user, Dialect dialect,
                          Warnings* warnings) {
  return coalesce_or_merge(chart, user, dialect, warnings, true);
}

value::Value coalesce_tables(const value::Value& dst, const value::Value& src, bool merge,
                             Dialect dialect, Warnings* warnings) {
  return Coalescer(dialect, warnings).coalesce_tables(dst, src, "", merge);
}

value::Value subchart_values(const value::Value& parent_values, const std::string& name) {
  if (const Value* v = parent_values.find(name); v && v->is_map()) return *v;
  return Value::new_map();
}

}  // namespace primer::charts
