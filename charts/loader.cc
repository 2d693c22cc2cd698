#include "charts/loader.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>

#include "base/error.h"
#include "base/strings.h"
#include "base/utf8.h"
#include "charts/archive.h"
#include "charts/helmignore.h"
#include "charts/values_file.h"

namespace primer::charts {
namespace {

namespace fs = std::filesystem;
using value::Value;

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr int kMaxSymlinkDepth = 64;

// ---- Chart.yaml decoding -----------------------------------------------------------------

// parity: sigs.k8s.io/yaml convertToJSONableObject turns a scalar bound for a Go string
// into text: integers in decimal, floats as FormatFloat(f, 'g', -1, 32), booleans
// true/false. 32-bit precision: the shortest digits that read back as the same float.
std::string float32_text(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "+Inf" : "-Inf";
  float f = static_cast<float>(d);
  for (int digits = 1; digits <= 9; ++digits) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*e", digits - 1, static_cast<double>(f));
    if (std::strtof(buffer, nullptr) == f) return value::format_float(std::strtod(buffer, nullptr));
  }
  return value::format_float(static_cast<double>(f));
}

// encoding/json's word for a JSON value of this kind.
const char* json_kind(const Value& v) {
  switch (v.kind()) {
    case value::Kind::Bool:
      return "bool";
    case value::Kind::Int:
    case value::Kind::Float:
      return "number";
    case value::Kind::String:
      return "string";
    case value::Kind::List:
      return "array";
    case value::Kind::Map:
      return "object";
    default:
      return "null";
  }
}

// Go's case-insensitive field name match (ASCII letters only).
bool fold_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
    char y = b[i] >= 'A' && b[i] <= 'Z' ? static_cast<char>(b[i] - 'A' + 'a') : b[i];
    if (x != y) return false;
  }
  return true;
}

// Decodes Chart.yaml (and requirements.yaml) into Metadata the way sigs.k8s.io/yaml and
// encoding/json fill Helm's Go structs: keys matched exactly or case-insensitively, scalars
// coerced into string fields, the first type mismatch reported as encoding/json reports it.
class MetadataDecoder {
 public:
  MetadataDecoder(std::string file, Dialect dialect)
      : file_(std::move(file)), package_(dialect == Dialect::Helm4 ? "v2" : "chart") {}

  void decode(const Value& doc, Metadata& md) {
    if (doc.is_null()) return;
    if (!doc.is_map()) mismatch_top(doc, package_ + ".Metadata");
    for (const auto& [key, v] : doc.as_map()) {
      std::string_view field = match(key, kMetadataFields);
      if (field.empty()) continue;
      std::string path(field);
      if (field == "name")
        string_field(v, md.name, "Metadata", path);
      else if (field == "home")
        string_field(v, md.home, "Metadata", path);
      else if (field == "sources")
        string_list(v, md.sources, "Metadata", path);
      else if (field == "version")
        string_field(v, md.version, "Metadata", path);
      else if (field == "description")
        string_field(v, md.description, "Metadata", path);
      else if (field == "keywords")
        string_list(v, md.keywords, "Metadata", path);
      else if (field == "maintainers")
        maintainers(v, md.maintainers);
      else if (field == "icon")
        string_field(v, md.icon, "Metadata", path);
      else if (field == "apiVersion")
        string_field(v, md.api_version, "Metadata", path);
      else if (field == "condition")
        string_field(v, md.condition, "Metadata", path);
      else if (field == "tags")
        string_field(v, md.tags, "Metadata", path);
      else if (field == "appVersion")
        string_field(v, md.app_version, "Metadata", path);
      else if (field == "deprecated")
        bool_field(v, md.deprecated, "Metadata", path);
      else if (field == "annotations")
        annotations(v, md.annotations);
      else if (field == "kubeVersion")
        string_field(v, md.kube_version, "Metadata", path);
      else if (field == "dependencies")
        dependencies(v, md.dependencies);
      else if (field == "type")
        string_field(v, md.type, "Metadata", path);
    }
  }

  /// encoding/json's first error, if any: decoding goes on after a mismatch, as Go's does.
  const std::optional<std::string>& error() const { return error_; }

  /// Entries that were null (Go nil pointers), which Validate refuses.
  bool null_maintainer = false;
  std::optional<std::size_t> null_dependency;

 private:
  static constexpr std::string_view kMetadataFields[] = {
      "name",        "home",        "sources",     "version",      "description", "keywords",
      "maintainers", "icon",        "apiVersion",  "condition",    "tags",        "appVersion",
      "deprecated",  "annotations", "kubeVersion", "dependencies", "type"};
  static constexpr std::string_view kMaintainerFields[] = {"name", "email", "url"};
  static constexpr std::string_view kDependencyFields[] = {
      "name", "version", "repository", "condition", "tags", "enabled", "import-values", "alias"};

  template <std::size_t N>
  static std::string_view match(std::string_view key, const std::string_view (&fields)[N]) {
    for (std::string_view f : fields) {
      if (f == key) return f;
    }
    for (std::string_view f : fields) {
      if (fold_equal(f, key)) return f;
    }
    return {};
  }

  void mismatch(const Value& v, const std::string& go_struct, const std::string& path,
                const std::string& go_type) {
    if (error_) return;
    error_ = std::string("error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ") +
             json_kind(v) + " into Go struct field " + go_struct + "." + path + " of type " +
             go_type;
  }

  [[noreturn]] void mismatch_top(const Value& v, const std::string& go_type) {
    throw Error(
        Where{file_},
        std::string("error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ") +
            json_kind(v) + " into Go value of type " + go_type);
  }

  // A scalar as sigs.k8s.io/yaml hands it to a string field.
  static std::optional<std::string> as_text(const Value& v) {
    switch (v.kind()) {
      case value::Kind::String:
        return v.as_string();
      case value::Kind::Int:
        return std::to_string(v.as_int());
      case value::Kind::Float:
        return float32_text(v.as_float());
      case value::Kind::Bool:
        return std::string(v.as_bool() ? "true" : "false");
      default:
        return std::nullopt;
    }
  }

  void string_field(const Value& v, std::string& out, const char* go_struct,
                    const std::string& path) {
    if (v.is_null()) return;
    if (auto text = as_text(v)) {
      out = *text;
    } else {
      mismatch(v, go_struct, path, "string");
    }
  }

  void string_list(const Value& v, std::vector<std::string>& out, const char* go_struct,
                   const std::string& path) {
    if (v.is_null()) {
      out.clear();
      return;
    }
    if (!v.is_list()) return mismatch(v, go_struct, path, "[]string");
    out.clear();
    for (const Value& e : v.as_list()) {
      std::string s;
      string_field(e, s, go_struct, path);
      out.push_back(std::move(s));
    }
  }

  void bool_field(const Value& v, bool& out, const char* go_struct, const std::string& path) {
    if (v.is_null()) return;
    if (v.is_bool()) {
      out = v.as_bool();
    } else {
      mismatch(v, go_struct, path, "bool");
    }
  }

  void annotations(const Value& v, std::vector<std::pair<std::string, std::string>>& out) {
    if (v.is_null()) {
      out.clear();
      return;
    }
    if (!v.is_map()) return mismatch(v, "Metadata", "annotations", "map[string]string");
    // encoding/json adds to a map that is already there (requirements.yaml after Chart.yaml).
    std::map<std::string, std::string> merged(out.begin(), out.end());
    for (const auto& [key, e] : v.as_map()) {
      std::string s;
      string_field(e, s, "Metadata", "annotations");
      merged[key] = std::move(s);
    }
    out.assign(merged.begin(), merged.end());
  }

  void maintainers(const Value& v, std::vector<Maintainer>& out) {
    const std::string type = package_ + ".Maintainer";
    if (v.is_null()) {
      out.clear();
      return;
    }
    if (!v.is_list()) return mismatch(v, "Metadata", "maintainers", "[]*" + type);
    out.clear();
    for (const Value& e : v.as_list()) {
      Maintainer m;
      if (e.is_null()) {
        null_maintainer = true;
      } else if (!e.is_map()) {
        mismatch(e, "Metadata", "maintainers", type);
      } else {
        for (const auto& [key, f] : e.as_map()) {
          std::string_view field = match(key, kMaintainerFields);
          if (field.empty()) continue;
          std::string path = "maintainers." + std::string(field);
          if (field == "name")
            string_field(f, m.name, "Maintainer", path);
          else if (field == "email")
            string_field(f, m.email, "Maintainer", path);
          else
            string_field(f, m.url, "Maintainer", path);
        }
      }
      out.push_back(std::move(m));
    }
  }

  void dependencies(const Value& v, std::vector<Dependency>& out) {
    const std::string type = package_ + ".Dependency";
    if (v.is_null()) {
      out.clear();
      return;
    }
    if (!v.is_list()) return mismatch(v, "Metadata", "dependencies", "[]*" + type);
    out.clear();
    for (const Value& e : v.as_list()) {
      Dependency d;
      if (e.is_null()) {
        if (!null_dependency) null_dependency = out.size();
      } else if (!e.is_map()) {
        mismatch(e, "Metadata", "dependencies", type);
      } else {
        dependency(e, d);
      }
      out.push_back(std::move(d));
    }
  }

  void dependency(const Value& e, Dependency& d) {
    for (const auto& [key, f] : e.as_map()) {
      std::string_view field = match(key, kDependencyFields);
      if (field.empty()) continue;
      std::string path = "dependencies." + std::string(field);
      if (field == "name")
        string_field(f, d.name, "Dependency", path);
      else if (field == "version")
        string_field(f, d.version, "Dependency", path);
      else if (field == "repository")
        string_field(f, d.repository, "Dependency", path);
      else if (field == "condition")
        string_field(f, d.condition, "Dependency", path);
      else if (field == "tags")
        string_list(f, d.tags, "Dependency", path);
      else if (field == "enabled")
        bool_field(f, d.enabled, "Dependency", path);
      else if (field == "alias")
        string_field(f, d.alias, "Dependency", path);
      else if (field == "import-values") {
        if (f.is_null()) {
          d.import_values.clear();
        } else if (!f.is_list()) {
          mismatch(f, "Dependency", path, "[]interface {}");
        } else {
          d.import_values.clear();
          for (const Value& item : f.as_list()) d.import_values.push_back(as_json(item));
        }
      }
    }
  }

  // An []interface{} element after the JSON round trip: every number a float64.
  static Value as_json(const Value& v) {
    if (v.is_int()) return Value(static_cast<double>(v.as_int()));
    if (v.is_list()) {
      Value out = Value::new_list();
      for (const Value& e : v.as_list()) out.push_back(as_json(e));
      return out;
    }
    if (v.is_map()) {
      Value out = Value::new_map();
      for (const auto& [k, e] : v.as_map()) out.set(k, as_json(e));
      return out;
    }
    return v;
  }

  std::string file_;
  std::string package_;
  std::optional<std::string> error_;
};

// The first YAML document of a chart file as sigs.k8s.io/yaml reads it, with ints kept apart
// from floats (string fields print them differently). Errors read as Helm's.
Value parse_chart_yaml(const std::string& file, std::string_view text) {
  try {
    return value::parse_yaml(file, text, value::YamlOptions{.numbers = value::Numbers::Typed});
  } catch (const Error& e) {
    throw Error(e.where(), "error converting YAML to JSON: " + e.message());
  }
}

// What Validate must refuse: null entries, which Go keeps as nil pointers.
struct NullEntries {
  bool maintainer = false;
  std::optional<std::size_t> dependency;
};

void decode_metadata(const std::string& file, std::string_view text, Dialect dialect, Metadata& md,
                     NullEntries& nulls) {
  Value doc = parse_chart_yaml(file, text);
  MetadataDecoder decoder(file, dialect);
  decoder.decode(doc, md);
  if (decoder.error()) throw Error(Where{file}, *decoder.error());
  // A later file's list replaces the earlier one, as encoding/json does.
  if (doc.is_map()) {
    for (const auto& [key, v] : doc.as_map()) {
      if (fold_equal(key, "maintainers")) nulls.maintainer = decoder.null_maintainer;
      if (fold_equal(key, "dependencies")) nulls.dependency = decoder.null_dependency;
    }
  }
}

// ---- validation ---------------------------------------------------------------------------

// Go's unicode.IsPrint, close enough for chart metadata: controls, format characters,
// surrogates, private use and noncharacters are not printable.
bool is_printable(char32_t r) {
  if (r < 0x20 || (r >= 0x7F && r < 0xA0)) return false;
  if (r == 0xAD || (r >= 0x200B && r <= 0x200F) || (r >= 0x202A && r <= 0x202E) ||
      (r >= 0x2060 && r <= 0x206F) || r == 0xFEFF || (r >= 0xFFF9 && r <= 0xFFFB)) {
    return false;
  }
  if (r >= 0xE000 && r <= 0xF8FF) return false;
  if (r >= 0xF0000) return false;
  if ((r & 0xFFFE) == 0xFFFE || (r >= 0xFDD0 && r <= 0xFDEF)) return false;
  return true;
}

// parity: chart/v2 sanitizeString: white space becomes a space, what cannot be printed is
// dropped.
std::string sanitize(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    DecodedRune d = decode_rune(s, i);
    i += d.width;
    if (is_go_space(d.rune)) {
      out += ' ';
    } else if (is_printable(d.rune)) {
      append_rune(out, d.rune);
    }
  }
  return out;
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool identifiers_ok(std::string_view s, bool prerelease) {
  for (const std::string& part : split(s, ".")) {
    if (part.empty()) return false;
    for (char c : part) {
      bool ok =
          (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
      if (!ok) return false;
    }
    if (prerelease && all_digits(part) && part.size() > 1 && part[0] == '0') return false;
  }
  return true;
}

// A stand-in for Masterminds/semver NewVersion until charts/semver is wired in: `v`, one to
// three dot-separated numbers, then -prerelease and +metadata.
bool is_loose_semver(std::string_view v) {
  if (v.starts_with("v")) v.remove_prefix(1);
  std::size_t plus = v.find('+');
  if (plus != std::string_view::npos) {
    if (!identifiers_ok(v.substr(plus + 1), false)) return false;
    v = v.substr(0, plus);
  }
  std::size_t dash = v.find('-');
  if (dash != std::string_view::npos) {
    if (!identifiers_ok(v.substr(dash + 1), true)) return false;
    v = v.substr(0, dash);
  }
  std::vector<std::string> numbers = split(v, ".");
  if (numbers.size() > 3) return false;
  for (const std::string& n : numbers) {
    if (!all_digits(n) || n.size() > 19) return false;
  }
  return true;
}

bool is_alias_name(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
           c == '-';
  });
}

[[noreturn]] void invalid(const std::string& message) {
  throw Error(Where{"Chart.yaml"}, "validation: " + message);
}

// parity: chart/v2 Metadata.Validate (sanitizing as it goes, then the checks in its order).
void validate(Metadata& md, Dialect dialect, const NullEntries& nulls) {
  for (std::string* s : {&md.name, &md.description, &md.home, &md.icon, &md.condition, &md.tags,
                         &md.app_version, &md.kube_version}) {
    *s = sanitize(*s);
  }
  for (std::string& s : md.sources) s = sanitize(s);
  for (std::string& s : md.keywords) s = sanitize(s);
  if (md.api_version.empty()) invalid("chart.metadata.apiVersion is required");
  if (md.name.empty()) invalid("chart.metadata.name is required");
  if (dialect == Dialect::Helm4 && (md.name == "." || md.name == "..")) {
    invalid("chart.metadata.name " + quote(md.name) + " is not allowed");
  }
  // filepath.Base(name) != name: a separator in it, or trailing slashes.
  if (md.name.find('/') != std::string::npos && md.name != "/") {
    invalid("chart.metadata.name " + quote(md.name) + " is invalid");
  }
  if (md.version.empty()) invalid("chart.metadata.version is required");
  if (!is_loose_semver(md.version)) {
    invalid("chart.metadata.version " + quote(md.version) + " is invalid");
  }
  if (!md.type.empty() && md.type != "application" && md.type != "library") {
    invalid("chart.metadata.type must be application or library");
  }
  if (nulls.maintainer) invalid("maintainers must not contain empty or null nodes");
  for (Maintainer& m : md.maintainers) {
    m.name = sanitize(m.name);
    m.email = sanitize(m.email);
    m.url = sanitize(m.url);
  }
  std::vector<std::string> keys;
  for (std::size_t i = 0; i < md.dependencies.size(); ++i) {
    Dependency& d = md.dependencies[i];
    if (nulls.dependency == i) invalid("dependencies must not contain empty or null nodes");
    d.name = sanitize(d.name);
    d.version = sanitize(d.version);
    d.repository = sanitize(d.repository);
    d.condition = sanitize(d.condition);
    for (std::string& t : d.tags) t = sanitize(t);
    if (!d.alias.empty() && !is_alias_name(d.alias)) {
      invalid("dependency " + quote(d.name) + " has disallowed characters in the alias");
    }
    const std::string& key = d.alias.empty() ? d.name : d.alias;
    if (std::find(keys.begin(), keys.end(), key) != keys.end()) {
      invalid("more than one dependency with name or alias " + quote(key));
    }
    keys.push_back(key);
  }
}

// ---- LoadFiles --------------------------------------------------------------------------

struct LoadContext {
  Dialect dialect;
  int depth = 0;
};

Chart load_files(std::string_view source, std::vector<File> files, LoadContext ctx);

Value parse_lock(const std::string& file, std::string_view text, Dialect dialect) {
  Value lock;
  try {
    lock = value::parse_yaml(file, text, value::YamlOptions{.numbers = value::Numbers::Float64});
  } catch (const Error& e) {
    throw Error::wrap("cannot load " + file, e);
  }
  if (!lock.is_null() && !lock.is_map()) {
    throw Error::wrap(
        "cannot load " + file,
        Error(Where{file}, std::string("error unmarshaling JSON: while decoding JSON: "
                                       "json: cannot unmarshal ") +
                               json_kind(lock) + " into Go value of type " +
                               (dialect == Dialect::Helm4 ? "v2" : "chart") + ".Lock"));
  }
  return lock;
}

// parity: loader.LoadFiles (pkg/chart/v2/loader/load.go). The files' data is moved into
// the chart.
Chart load_files(std::string_view source, std::vector<File> files, LoadContext ctx) {
  Chart chart;
  chart.source = std::string(source);
  std::optional<Metadata> md;
  NullEntries nulls;
  // Chart.yaml first, wherever it is in the list.
  for (const File& f : files) {
    if (f.name != "Chart.yaml") continue;
    if (!md) md.emplace();
    try {
      decode_metadata(f.name, f.data, ctx.dialect, *md, nulls);
    } catch (const Error& e) {
      throw Error::wrap("cannot load Chart.yaml", e);
    }
    if (md->api_version.empty()) md->api_version = "v1";
  }
  std::map<std::string, std::vector<File>> subcharts;
  for (File& f : files) {
    const std::string& n = f.name;
    if (n == "Chart.yaml") continue;
    if (n == "Chart.lock") {
      chart.lock = parse_lock(n, f.data, ctx.dialect);
    } else if (n == "values.yaml") {
      try {
        chart.values = parse_values_file(n, f.data, ctx.dialect);
      } catch (const Error& e) {
        throw Error::wrap("cannot load values.yaml", e);
      }
    } else if (n == "values.schema.json") {
      chart.schema = std::move(f.data);
    } else if (n == "requirements.yaml") {
      if (!md) md.emplace();
      try {
        decode_metadata(n, f.data, ctx.dialect, *md, nulls);
      } catch (const Error& e) {
        throw Error::wrap("cannot load requirements.yaml", e);
      }
      if (md->api_version == "v1") chart.files.push_back(std::move(f));
    } else if (n == "requirements.lock") {
      chart.lock = parse_lock(n, f.data, ctx.dialect);
      if (!md) md.emplace();
      if (md->api_version == "v1") chart.files.push_back(std::move(f));
    } else if (n.starts_with("templates/")) {
      chart.templates.push_back(std::move(f));
    } else if (n.starts_with("charts/")) {
      // parity: filepath.Ext of the whole name, so charts/sub/x.prov is the parent's too.
      std::size_t slash = n.rfind('/');
      std::size_t dot = n.rfind('.');
      if (dot != std::string::npos && dot > slash && n.substr(dot) == ".prov") {
        chart.files.push_back(std::move(f));
        continue;
      }
      std::string rest = n.substr(7);
      std::string sub = rest.substr(0, rest.find('/'));
      subcharts[sub].push_back(File{rest, std::move(f.data)});
    } else {
      chart.files.push_back(std::move(f));
    }
  }
  if (!md) throw Error(Where{std::string(source)}, "Chart.yaml file is missing");
  validate(*md, ctx.dialect, nulls);
  chart.metadata = std::move(*md);

  // Helm walks a Go map here (random order); primer loads subcharts in name order.
  for (auto& [sub, sub_files] : subcharts) {
    if (sub.starts_with("_") || sub.starts_with(".")) continue;
    std::string context = "error unpacking subchart " + sub + " in " + chart.name();
    LoadContext child = ctx;
    if (++child.depth > kMaxSubchartDepth) {
      throw Error::wrap(context, Error("charts nest deeper than " +
                                       std::to_string(kMaxSubchartDepth) + " levels"));
    }
    Chart loaded;
    std::string sub_source = chart.source + ":charts/" + sub;
    try {
      if (sub.size() > 4 && sub.ends_with(".tgz")) {
        if (sub_files.front().name != sub) {
          throw Error("error unpacking subchart tar in " + chart.name() + ": expected " + sub +
                      ", got " + sub_files.front().name);
        }
        std::vector<File> inner = read_chart_archive(sub_source, sub_files.front().data);
        loaded = load_files(sub_source, std::move(inner), child);
      } else {
        std::vector<File> inner;
        for (File& f : sub_files) {
          std::size_t slash = f.name.find('/');
          if (slash == std::string::npos) continue;  // charts/<file>: not part of a chart
          inner.push_back(File{f.name.substr(slash + 1), std::move(f.data)});
        }
        loaded = load_files(sub_source, std::move(inner), child);
      }
    } catch (const Error& e) {
      if (e.message().starts_with("error unpacking subchart tar in ")) throw;
      throw Error::wrap(context, e);
    }
    chart.dependencies.push_back(std::make_shared<Chart>(std::move(loaded)));
  }

  auto by_name = [](const File& a, const File& b) { return a.name < b.name; };
  std::stable_sort(chart.templates.begin(), chart.templates.end(), by_name);
  std::stable_sort(chart.files.begin(), chart.files.end(), by_name);
  return chart;
}

// parity: pkg/chart/loader (helm 4.1.4) reads the root Chart.yaml's apiVersion before picking
// a loader: v1, v2 or none go on; v3 charts load but `helm template` refuses them.
void check_root_api_version(const std::vector<File>& files, Dialect dialect, bool archive) {
  if (dialect != Dialect::Helm4) return;
  for (const File& f : files) {
    if (f.name != "Chart.yaml") continue;
    Value doc;
    try {
      doc = parse_chart_yaml(f.name, f.data);
      if (!doc.is_null() && !doc.is_map()) {
        throw Error(Where{f.name},
                    std::string("error unmarshaling JSON: while decoding JSON: json: cannot "
                                "unmarshal ") +
                        json_kind(doc) + " into Go value of type loader.chartBase");
      }
    } catch (const Error& e) {
      throw Error::wrap("cannot load Chart.yaml", e);
    }
    std::string api;
    if (doc.is_map()) {
      for (const auto& [key, v] : doc.as_map()) {
        if (!fold_equal(key, "apiVersion") || v.is_null()) continue;
        if (v.is_list() || v.is_map()) {
          throw Error::wrap("cannot load Chart.yaml",
                            Error(Where{f.name}, std::string("error unmarshaling JSON: while "
                                                             "decoding JSON: json: cannot "
                                                             "unmarshal ") +
                                                     json_kind(v) +
                                                     " into Go struct field chartBase.apiVersion "
                                                     "of type string"));
        }
        api = v.is_string() ? v.as_string() : "";
        if (key == "apiVersion") break;
      }
    }
    if (api.empty() || api == "v1" || api == "v2") return;
    if (api == "v3") throw Error(Where{"Chart.yaml"}, "invalid chart apiVersion");
    throw Error(Where{"Chart.yaml"}, "unsupported chart version");
  }
  if (archive) throw Error("unable to detect chart version, no Chart.yaml found");
}

// ---- directories ------------------------------------------------------------------------

class DirectoryReader {
 public:
  explicit DirectoryReader(fs::path top) : top_(std::move(top)) {}

  std::vector<File> read() {
    fs::path ignore_file = top_ / ".helmignore";
    std::error_code ec;
    if (fs::exists(ignore_file, ec)) {
      rules_ = IgnoreRules::parse(".helmignore", read_file(ignore_file.string()));
    }
    rules_.add_defaults();
    walk(top_, "", 0);
    return std::move(files_);
  }

 private:
  // parity: internal/sympath.Walk: names in bytewise order, symlinks followed and walked
  // under the link's own name.
  void walk(const fs::path& dir, const std::string& prefix, int depth) {
    if (depth > kMaxSymlinkDepth) {
      throw Error(Where{dir.string()}, "too many levels of directories or symbolic links");
    }
    std::vector<std::string> names;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      names.push_back(it->path().filename().string());
    }
    if (ec) throw Error(Where{dir.string()}, "cannot read directory: " + ec.message());
    std::sort(names.begin(), names.end());
    for (const std::string& name : names) {
      fs::path full = dir / name;
      std::string rel = prefix.empty() ? name : prefix + "/" + name;
      fs::file_status st = fs::status(full, ec);
      if (ec) {
        throw Error(Where{full.string()}, "cannot load file: " + ec.message());
      }
      if (fs::is_directory(st)) {
        if (rules_.ignored(rel, true)) continue;
        walk(full, rel, depth + 1);
        continue;
      }
      if (rules_.ignored(rel, false)) continue;
      if (!fs::is_regular_file(st)) {
        throw Error("cannot load irregular file " + full.string() +
                    " as it has file mode type bits set");
      }
      auto size = fs::file_size(full, ec);
      if (!ec && size > static_cast<std::uintmax_t>(kMaxDecompressedFileSize)) {
        throw Error("chart file " + quote(name) + " is larger than the maximum file size " +
                    std::to_string(kMaxDecompressedFileSize));
      }
      std::string data;
      try {
        data = read_file(full.string());
      } catch (const Error& e) {
        throw Error::wrap("error reading " + rel, e);
      }
      if (data.starts_with(kUtf8Bom)) data.erase(0, kUtf8Bom.size());
      files_.push_back(File{rel, std::move(data)});
    }
  }

  fs::path top_;
  IgnoreRules rules_;
  std::vector<File> files_;
};

std::string read_whole_file(const std::string& path) { return read_file(path); }

}  // namespace

std::vector<File> read_chart_directory(const std::string& dir) {
  std::error_code ec;
  fs::path top = fs::absolute(dir, ec);
  if (ec) throw Error(Where{dir}, "cannot resolve path: " + ec.message());
  return DirectoryReader(top).read();
}

Chart load_chart_files(std::string_view source, const std::vector<File>& files, Dialect dialect) {
  return load_files(source, files, LoadContext{dialect});
}

Chart load_chart_archive(std::string_view name, std::string_view bytes, Dialect dialect) {
  std::vector<File> files = read_chart_archive(name, bytes);
  check_root_api_version(files, dialect, true);
  return load_files(name, std::move(files), LoadContext{dialect});
}

Chart load_chart(const std::string& path, Dialect dialect) {
  std::error_code ec;
  fs::file_status st = fs::status(path, ec);
  if (ec || !fs::exists(st)) {
    throw Error(Where{path}, "no such file or directory");
  }
  if (!fs::is_directory(st)) {
    return load_chart_archive(path, read_whole_file(path), dialect);
  }
  fs::path top = fs::absolute(path, ec);
  if (dialect == Dialect::Helm4) {
    // parity: helm 4's LoadDir reads Chart.yaml itself before the directory loader runs.
    fs::path chart_yaml = top / "Chart.yaml";
    if (!fs::exists(chart_yaml, ec)) {
      std::string p = chart_yaml.lexically_normal().string();
      throw Error("unable to detect chart at " + p + ": open " + p + ": no such file or directory");
    }
  }
  std::vector<File> files = DirectoryReader(top).read();
  check_root_api_version(files, dialect, false);
  return load_files(path, std::move(files), LoadContext{dialect});
}

}  // namespace primer::charts
