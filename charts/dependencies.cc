#include "charts/dependencies.h"

#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "base/error.h"
#include "base/strings.h"
#include "base/utf8.h"
#include "charts/semver/semver.h"
#include "charts/template/fmt.h"

namespace primer::charts {
namespace {

using value::Value;

// slog's TextHandler quoting of a value (see values.cc).
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

class Processor {
 public:
  Processor(Dialect dialect, Warnings* warnings) : dialect_(dialect), warnings_(warnings) {}

  // parity: processDependencyEnabled.
  void process_enabled(Chart& c, const Value& values, const std::string& path) {
    std::vector<Dependency>& reqs = c.metadata.dependencies;
    if (reqs.empty()) return;

    // Loaded charts that no Chart.yaml entry selects are kept as they are.
    std::vector<std::shared_ptr<Chart>> bound;
    for (const auto& existing : c.dependencies) {
      bool selected = false;
      for (const Dependency& req : reqs) {
        if (existing->name() == req.name && compatible(req.version, existing->metadata.version)) {
          selected = true;
          break;
        }
      }
      if (!selected) bound.push_back(existing);
    }
    for (Dependency& req : reqs) {
      if (auto copy = alias_dependency(c.dependencies, req)) bound.push_back(std::move(copy));
      if (!req.alias.empty()) req.name = req.alias;
    }
    c.dependencies = std::move(bound);

    for (Dependency& req : reqs) req.enabled = true;
    Value cvals = coalesce_values(c, values, dialect_, warnings_);
    process_tags(reqs, cvals);
    process_conditions(reqs, cvals, path);

    std::set<std::string> removed;
    for (const Dependency& req : reqs) {
      if (!req.enabled) removed.insert(req.name);
    }
    std::vector<std::shared_ptr<Chart>> kept;
    for (const auto& sub : c.dependencies) {
      if (!removed.contains(sub->metadata.name)) kept.push_back(sub);
    }
    std::vector<Dependency> kept_reqs;
    for (const Dependency& req : reqs) {
      if (!removed.contains(req.name)) kept_reqs.push_back(req);
    }
    for (const auto& sub : kept) process_enabled(*sub, cvals, path + sub->metadata.name + ".");
    c.metadata.dependencies = std::move(kept_reqs);
    c.dependencies = std::move(kept);
  }

  // parity: processDependencyImportValues — children first.
  void process_import_values(Chart& c) {
    for (const auto& sub : c.dependencies) process_import_values(*sub);
    import_values(c);
  }

 private:
  // parity: IsCompatibleRange. Any parse failure means "not compatible".
  bool compatible(const std::string& constraint, const std::string& version) const {
    semver::Flavor flavor =
        dialect_ == Dialect::Helm4 ? semver::Flavor::V3_4 : semver::Flavor::V3_3;
    try {
      semver::Version v = semver::Version::parse(version, flavor);
      return semver::Constraints::parse(constraint, flavor).check(v);
    } catch (const Error&) {
      return false;
    }
  }

  // parity: getAliasDependency — a copy of the first loaded chart the entry selects,
  // renamed to its alias. Its subcharts are copied one level deep (helm 4's copy) so two
  // aliases of one chart do not share what processing changes.
  std::shared_ptr<Chart> alias_dependency(const std::vector<std::shared_ptr<Chart>>& charts,
                                          const Dependency& dep) const {
    for (const auto& c : charts) {
      if (!c || c->name() != dep.name) continue;
      if (!compatible(dep.version, c->metadata.version)) continue;
      auto out = std::make_shared<Chart>(*c);
      for (auto& sub : out->dependencies) sub = std::make_shared<Chart>(*sub);
      if (!dep.alias.empty()) out->metadata.name = dep.alias;
      return out;
    }
    return nullptr;
  }

  void warn_slog(const std::string& msg,
                 const std::vector<std::pair<std::string, std::string>>& attrs) {
    std::string line = "level=WARN msg=" + slog_value(msg);
    for (const auto& [k, v] : attrs) line += " " + k + "=" + slog_value(v);
    warnings_->push_back(std::move(line));
  }

  // parity: processDependencyTags.
  void process_tags(std::vector<Dependency>& reqs, const Value& cvals) {
    const Value* tags = cvals.find("tags");
    if (!tags || !tags->is_map()) return;
    for (Dependency& req : reqs) {
      bool has_true = false;
      bool has_false = false;
      for (const std::string& tag : req.tags) {
        const Value* b = tags->find(tag);
        if (!b) continue;
        if (b->is_bool()) {
          (b->as_bool() ? has_true : has_false) = true;
        } else if (warnings_) {
          if (dialect_ == Dialect::Helm4) {
            warn_slog("returned non-bool value", {{"tag", tag}, {"chart", req.name}});
          } else {
            warnings_->push_back("dependencies.go:94: Warning: Tag '" + tag + "' for chart " +
                                 req.name + " returned non-bool value");
          }
        }
      }
      req.enabled = has_true || !has_false;
    }
  }

  // parity: Values.Table — the map at a dotted path, or the name of the first step that is
  // missing or not a map.
  static std::pair<const Value*, std::string> table(const Value& values, const std::string& path) {
    const Value* t = &values;
    for (const std::string& part : split(path, ".")) {
      const Value* next = t->find(part);
      if (!next || !next->is_map()) return {nullptr, part};
      t = next;
    }
    return {t, ""};
  }

  // parity: Values.PathValue — a non-map value at a dotted path.
  static const Value* path_value(const Value& values, const std::string& path) {
    std::vector<std::string> parts = split(path, ".");
    std::string key = parts.back();
    parts.pop_back();
    const Value* t = &values;
    if (!parts.empty()) {
      t = table(values, join(parts, ".")).first;
      if (!t) return nullptr;
    }
    const Value* v = t->find(key);
    if (!v || v->is_map()) return nullptr;
    return v;
  }

  // parity: processDependencyConditions — the first path holding a bool decides.
  void process_conditions(std::vector<Dependency>& reqs, const Value& cvals,
                          const std::string& prefix) {
    for (Dependency& req : reqs) {
      for (const std::string& cond : split(trim(req.condition), ",")) {
        if (cond.empty()) continue;
        const Value* v = path_value(cvals, prefix + cond);
        if (!v) continue;
        if (v->is_bool()) {
          req.enabled = v->as_bool();
          break;
        }
        if (!warnings_) continue;
        if (dialect_ == Dialect::Helm4) {
          warn_slog("returned non-bool value", {{"path", cond}, {"chart", req.name}});
        } else {
          warnings_->push_back("dependencies.go:63: Warning: Condition path '" + cond +
                               "' for chart " + req.name + " returned non-bool value");
        }
      }
    }
  }

  // parity: pathToMap — `data` nested under a dotted path ("." is the root).
  static Value path_to_map(const std::string& path, const Value& data) {
    if (path == ".") return data;
    std::vector<std::string> parts = split(path, ".");
    Value cur = data;
    for (auto it = parts.rbegin(); it != parts.rend(); ++it) {
      Value wrap = Value::new_map();
      wrap.set(*it, cur);
      cur = wrap;
    }
    return cur;
  }

  static std::string sprint(const Value* v) {
    Value null;
    const Value& x = v ? *v : null;
    tmpl::FmtArg arg{&x, tmpl::go_type_of(x, tmpl::GoType::Int64), tmpl::GoType::Int64};
    return tmpl::go_sprint(std::span<const tmpl::FmtArg>(&arg, 1));
  }

  void missing_table(const std::string& chart, const std::string& step, bool from_string) {
    if (!warnings_) return;
    std::string error = quote(step) + " is not a table";
    if (dialect_ == Dialect::Helm4) {
      if (from_string) {
        warn_slog("ImportValues missing table", {{"error", error}});
      } else {
        warn_slog("ImportValues missing table from chart", {{"chart", chart}, {"error", error}});
      }
    } else if (from_string) {
      warnings_->push_back("dependencies.go:286: Warning: ImportValues missing table: " + error);
    } else {
      warnings_->push_back("dependencies.go:269: Warning: ImportValues missing table from chart " +
                           chart + ": " + error);
    }
  }

  // parity: processImportValues with merge (both oracles' install path merges): the chart's
  // values become its merged tree (defaults of its subcharts included) with the imports
  // underneath.
  void import_values(Chart& c) {
    if (c.metadata.dependencies.empty()) return;
    Value cvals = merge_values(c, Value(), dialect_, warnings_);
    Value b = Value::new_map();
    for (Dependency& req : c.metadata.dependencies) {
      std::vector<Value> out;
      for (const Value& riv : req.import_values) {
        std::string child;
        std::string parent;
        bool from_string = false;
        if (riv.is_map()) {
          child = sprint(riv.find("child"));
          parent = sprint(riv.find("parent"));
        } else if (riv.is_string()) {
          child = "exports." + riv.as_string();
          parent = ".";
          from_string = true;
        } else {
          continue;
        }
        Value entry = Value::new_map();
        entry.set("child", Value(child));
        entry.set("parent", Value(parent));
        out.push_back(entry);
        auto [found, step] = table(cvals, req.name + "." + child);
        if (!found) {
          missing_table(req.name, step, from_string);
          continue;
        }
        // Values.AsMap: an empty table comes back as a new map, else the table itself.
        Value data = found->size() == 0 ? Value::new_map() : *found;
        b = coalesce_tables(b, from_string ? data : path_to_map(parent, data), true, dialect_,
                            warnings_);
      }
      req.import_values = std::move(out);
    }
    c.values = coalesce_tables(cvals.clone(), b, true, dialect_, warnings_);
  }

  Dialect dialect_;
  Warnings* warnings_;
};

}  // namespace

void process_dependencies(Chart& chart, const value::Value& user_values, Dialect dialect,
                          Warnings* warnings) {
  Processor processor(dialect, warnings);
  processor.process_enabled(chart, user_values.is_map() ? user_values : Value::new_map(), "");
  processor.process_import_values(chart);
}

}  // namespace primer::charts
