#include "charts/objects.h"

#include <algorithm>
#include <cctype>
#include <functional>

#include "base/error.h"
#include "base/strings.h"
#include "base/utf8.h"
#include "charts/template/template.h"

namespace primer::charts {
namespace {

using tmpl::Function;
using tmpl::GoType;
using tmpl::Object;
using tmpl::Param;
using tmpl::TValue;

TValue str(std::string s) { return TValue(GoType::String, value::Value(std::move(s))); }
value::Value opaque(std::shared_ptr<const Object> o) {
  return value::Value(std::shared_ptr<const value::Opaque>(std::move(o)));
}

// ---- default capabilities (observed with the oracles: toJson .Capabilities.APIVersions) ----

// Helm 4.1.4 (client-go 0.35), in the scheme's group priority order.
const char* const kHelm4ApiVersions[] = {
    "v1", "admissionregistration.k8s.io/v1", "admissionregistration.k8s.io/v1alpha1",
    "admissionregistration.k8s.io/v1beta1", "internal.apiserver.k8s.io/v1alpha1", "apps/v1",
    "apps/v1beta1", "apps/v1beta2", "authentication.k8s.io/v1", "authentication.k8s.io/v1alpha1",
    "authentication.k8s.io/v1beta1", "authorization.k8s.io/v1", "authorization.k8s.io/v1beta1",
    "autoscaling/v1", "autoscaling/v2", "autoscaling/v2beta1", "autoscaling/v2beta2", "batch/v1",
    "batch/v1beta1", "certificates.k8s.io/v1", "certificates.k8s.io/v1beta1",
    "certificates.k8s.io/v1alpha1", "coordination.k8s.io/v1alpha2", "coordination.k8s.io/v1beta1",
    "coordination.k8s.io/v1", "discovery.k8s.io/v1", "discovery.k8s.io/v1beta1",
    "events.k8s.io/v1", "events.k8s.io/v1beta1", "extensions/v1beta1",
    "flowcontrol.apiserver.k8s.io/v1", "flowcontrol.apiserver.k8s.io/v1beta1",
    "flowcontrol.apiserver.k8s.io/v1beta2", "flowcontrol.apiserver.k8s.io/v1beta3",
    "networking.k8s.io/v1", "networking.k8s.io/v1beta1", "node.k8s.io/v1", "node.k8s.io/v1alpha1",
    "node.k8s.io/v1beta1", "policy/v1", "policy/v1beta1", "rbac.authorization.k8s.io/v1",
    "rbac.authorization.k8s.io/v1beta1", "rbac.authorization.k8s.io/v1alpha1", "resource.k8s.io/v1",
    "resource.k8s.io/v1beta2", "resource.k8s.io/v1beta1", "resource.k8s.io/v1alpha3",
    "scheduling.k8s.io/v1alpha1", "scheduling.k8s.io/v1beta1", "scheduling.k8s.io/v1",
    "storage.k8s.io/v1beta1", "storage.k8s.io/v1", "storage.k8s.io/v1alpha1",
    "storagemigration.k8s.io/v1beta1", "apiextensions.k8s.io/v1beta1", "apiextensions.k8s.io/v1"};

// Helm 3.17.3 (client-go 0.32).
const char* const kHelm3ApiVersions[] = {
    "v1", "admissionregistration.k8s.io/v1", "admissionregistration.k8s.io/v1alpha1",
    "admissionregistration.k8s.io/v1beta1", "internal.apiserver.k8s.io/v1alpha1", "apps/v1",
    "apps/v1beta1", "apps/v1beta2", "authentication.k8s.io/v1", "authentication.k8s.io/v1alpha1",
    "authentication.k8s.io/v1beta1", "authorization.k8s.io/v1", "authorization.k8s.io/v1beta1",
    "autoscaling/v1", "autoscaling/v2", "autoscaling/v2beta1", "autoscaling/v2beta2", "batch/v1",
    "batch/v1beta1", "certificates.k8s.io/v1", "certificates.k8s.io/v1beta1",
    "certificates.k8s.io/v1alpha1", "coordination.k8s.io/v1alpha2", "coordination.k8s.io/v1beta1",
    "coordination.k8s.io/v1", "discovery.k8s.io/v1", "discovery.k8s.io/v1beta1",
    "events.k8s.io/v1", "events.k8s.io/v1beta1", "extensions/v1beta1",
    "flowcontrol.apiserver.k8s.io/v1", "flowcontrol.apiserver.k8s.io/v1beta1",
    "flowcontrol.apiserver.k8s.io/v1beta2", "flowcontrol.apiserver.k8s.io/v1beta3",
    "networking.k8s.io/v1", "networking.k8s.io/v1alpha1", "networking.k8s.io/v1beta1",
    "node.k8s.io/v1", "node.k8s.io/v1alpha1", "node.k8s.io/v1beta1", "policy/v1", "policy/v1beta1",
    "rbac.authorization.k8s.io/v1", "rbac.authorization.k8s.io/v1beta1",
    "rbac.authorization.k8s.io/v1alpha1", "resource.k8s.io/v1beta1", "resource.k8s.io/v1alpha3",
    "scheduling.k8s.io/v1alpha1", "scheduling.k8s.io/v1beta1", "scheduling.k8s.io/v1",
    "storage.k8s.io/v1beta1", "storage.k8s.io/v1", "storage.k8s.io/v1alpha1",
    "storagemigration.k8s.io/v1alpha1", "apiextensions.k8s.io/v1beta1", "apiextensions.k8s.io/v1"};

struct BuildInfo {
  const char* version;
  const char* git_commit;
  const char* go_version;
  const char* kube_client_version;  // helm 4 only
};
constexpr BuildInfo kHelm4Build{"v4.1.4", "05fa37973dc9e42b76e1d2883494c87174b6074f", "go1.25.9",
                                "v1.35"};
constexpr BuildInfo kHelm3Build{"v3.17.3", "e4da49785aa6e6ee2b86efd5dd9e43400318262b", "go1.23.7",
                                nullptr};

// ---- .Capabilities ----

struct KubeVersionParts {
  std::string version;     // .Version
  std::string normalized;  // helm 4's String()
  std::string major, minor;
};

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

std::string strip_zeros(std::string_view s) {
  std::size_t i = 0;
  while (i + 1 < s.size() && s[i] == '0') ++i;
  return std::string(s.substr(i));
}

// parity: helm 4 parses --kube-version with k8s.io/apimachinery's version.ParseGeneric-like
// rules (two or three numeric components, `v` optional, pre-release/build kept in Version
// but not in String()); helm 3 with Masterminds semver (coerced: `1` -> v1.0.0).
KubeVersionParts parse_kube_version(std::string_view input, Dialect dialect) {
  std::string_view s = input;
  if (!s.empty() && (s[0] == 'v' || s[0] == 'V')) s.remove_prefix(1);
  std::size_t end = s.find_first_of("-+");
  std::string_view core = s.substr(0, end);
  std::string_view rest = end == std::string_view::npos ? std::string_view() : s.substr(end);
  std::vector<std::string> parts = split(core, ".");
  bool numeric = !parts.empty() &&
                 std::all_of(parts.begin(), parts.end(), [](const std::string& p) { return all_digits(p); });
  KubeVersionParts out;
  if (dialect == Dialect::Helm4) {
    if (!numeric) {
      throw Error("invalid kube version '" + std::string(input) + "': could not parse " +
                  quote(input) + " as version");
    }
    if (parts.size() < 2 || parts.size() > 3) {
      throw Error("invalid kube version '" + std::string(input) + "': illegal version string " +
                  quote(input));
    }
    std::string normalized = "v" + strip_zeros(parts[0]) + "." + strip_zeros(parts[1]);
    if (parts.size() == 3) normalized += "." + strip_zeros(parts[2]);
    out.version = "v" + std::string(s);
    out.normalized = normalized;
    out.major = strip_zeros(parts[0]);
    out.minor = strip_zeros(parts[1]);
    return out;
  }
  if (!numeric || parts.size() > 3) {
    throw Error("invalid kube version '" + std::string(input) + "': Invalid Semantic Version");
  }
  while (parts.size() < 3) parts.push_back("0");
  out.version = "v" + strip_zeros(parts[0]) + "." + strip_zeros(parts[1]) + "." +
                strip_zeros(parts[2]) + std::string(rest);
  out.normalized = out.version;
  out.major = strip_zeros(parts[0]);
  out.minor = strip_zeros(parts[1]);
  return out;
}

class KubeVersionObject : public Object {
 public:
  KubeVersionObject(KubeVersionParts parts, Dialect dialect)
      : parts_(std::move(parts)), dialect_(dialect) {
    string_fn_ = {{{}}, [this](tmpl::Call&, std::span<const TValue>) { return str(*string()); }};
    git_version_ = {{{}},
                    [this](tmpl::Call&, std::span<const TValue>) { return str(parts_.version); }};
  }
  std::string_view type_name() const override {
    return dialect_ == Dialect::Helm4 ? "common.KubeVersion" : "chartutil.KubeVersion";
  }
  std::string_view kind_name() const override { return "struct"; }
  const Function* method(std::string_view name) const override {
    if (name == "String") return &string_fn_;
    if (name == "GitVersion") return &git_version_;
    return nullptr;
  }
  std::vector<std::pair<std::string, TValue>> fields() const override {
    std::vector<std::pair<std::string, TValue>> f{{"Version", str(parts_.version)}};
    if (dialect_ == Dialect::Helm4) f.emplace_back("normalizedVersion", str(parts_.normalized));
    f.emplace_back("Major", str(parts_.major));
    f.emplace_back("Minor", str(parts_.minor));
    return f;
  }
  std::optional<TValue> field(std::string_view name) const override {
    if (name == "normalizedVersion") return std::nullopt;  // unexported
    return Object::field(name);
  }
  std::optional<std::string> string() const override { return parts_.normalized; }
  bool string_needs_address() const override { return true; }
  value::Value data() const override {
    return value::Value(value::Map{
        {"Version", parts_.version}, {"Major", parts_.major}, {"Minor", parts_.minor}});
  }

 private:
  KubeVersionParts parts_;
  Dialect dialect_;
  Function string_fn_, git_version_;
};

class VersionSetObject : public Object {
 public:
  VersionSetObject(std::vector<std::string> versions, Dialect dialect)
      : versions_(std::move(versions)), dialect_(dialect) {
    has_ = {{{Param::String}}, [this](tmpl::Call&, std::span<const TValue> a) {
              const std::string& want = a[0].value().as_string();
              bool found = std::find(versions_.begin(), versions_.end(), want) != versions_.end();
              return TValue(GoType::Bool, value::Value(found));
            }};
  }
  std::string_view type_name() const override {
    return dialect_ == Dialect::Helm4 ? "common.VersionSet" : "chartutil.VersionSet";
  }
  std::string_view kind_name() const override { return "slice"; }
  const Function* method(std::string_view name) const override {
    return name == "Has" ? &has_ : nullptr;
  }
  std::optional<TValue> underlying() const override { return TValue(GoType::StringList, data()); }
  value::Value data() const override {
    value::List l;
    l.reserve(versions_.size());
    for (const std::string& v : versions_) l.emplace_back(v);
    return value::Value(std::move(l));
  }

 private:
  std::vector<std::string> versions_;
  Dialect dialect_;
  Function has_;
};

class BuildInfoObject : public Object {
 public:
  explicit BuildInfoObject(const BuildInfo& info) : info_(info) {}
  std::string_view type_name() const override { return "version.BuildInfo"; }
  std::string_view kind_name() const override { return "struct"; }
  std::vector<std::pair<std::string, TValue>> fields() const override {
    std::vector<std::pair<std::string, TValue>> f{{"Version", str(info_.version)},
                                                  {"GitCommit", str(info_.git_commit)},
                                                  {"GitTreeState", str("clean")},
                                                  {"GoVersion", str(info_.go_version)}};
    if (info_.kube_client_version) f.emplace_back("KubeClientVersion", str(info_.kube_client_version));
    return f;
  }
  value::Value data() const override {
    value::Map m{{"version", info_.version},
                 {"git_commit", info_.git_commit},
                 {"git_tree_state", "clean"},
                 {"go_version", info_.go_version}};
    if (info_.kube_client_version) m.emplace("kube_client_version", info_.kube_client_version);
    return value::Value(std::move(m));
  }

 private:
  BuildInfo info_;
};

class CapabilitiesObject : public Object {
 public:
  CapabilitiesObject(TValue kube, TValue apis, TValue helm, Dialect dialect)
      : kube_(std::move(kube)), apis_(std::move(apis)), helm_(std::move(helm)), dialect_(dialect) {}
  std::string_view type_name() const override {
    return dialect_ == Dialect::Helm4 ? "*common.Capabilities" : "*chartutil.Capabilities";
  }
  std::string_view kind_name() const override { return "ptr"; }
  std::vector<std::pair<std::string, TValue>> fields() const override {
    return {{"KubeVersion", kube_}, {"APIVersions", apis_}, {"HelmVersion", helm_}};
  }
  value::Value data() const override {
    return value::Value(value::Map{{"KubeVersion", kube_.value().plain()},
                                   {"APIVersions", apis_.value().plain()},
                                   {"HelmVersion", helm_.value().plain()}});
  }

 private:
  TValue kube_, apis_, helm_;
  Dialect dialect_;
};

// ---- .Files ----

std::string base_name(std::string_view path) {
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  std::size_t slash = path.rfind('/');
  if (slash != std::string_view::npos && path.size() > 1) path.remove_prefix(slash + 1);
  return path.empty() ? "." : std::string(path);
}

std::string base64(std::string_view in) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    unsigned n = (static_cast<unsigned char>(in[i]) << 16) |
                 (static_cast<unsigned char>(in[i + 1]) << 8) | static_cast<unsigned char>(in[i + 2]);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += kAlphabet[n & 63];
  }
  if (i < in.size()) {
    unsigned n = static_cast<unsigned char>(in[i]) << 16;
    if (i + 1 < in.size()) n |= static_cast<unsigned char>(in[i + 1]) << 8;
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += i + 1 < in.size() ? kAlphabet[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

class FilesObject : public Object {
 public:
  explicit FilesObject(value::Map files) : files_(std::move(files)) {
    auto arg = [](std::span<const TValue> a) -> const std::string& { return a[0].value().as_string(); };
    get_ = {{{Param::String}}, [this, arg](tmpl::Call&, std::span<const TValue> a) {
              const value::Value* v = find(arg(a));
              return str(v ? v->as_string() : "");
            }};
    get_bytes_ = {{{Param::String}}, [this, arg](tmpl::Call&, std::span<const TValue> a) {
                    const value::Value* v = find(arg(a));
                    return TValue(GoType::Bytes, value::Value(v ? v->as_string() : ""));
                  }};
    glob_ = {{{Param::String}}, [this, arg](tmpl::Call&, std::span<const TValue> a) {
               value::Map out;
               for (const auto& [name, data] : files_) {
                 if (files_glob_match(arg(a), name)) out.emplace(name, data);
               }
               return TValue::of(std::make_shared<FilesObject>(std::move(out)));
             }};
    as_config_ = {{{}}, [this](tmpl::Call&, std::span<const TValue>) {
                    value::Map m;
                    for (const auto& [name, data] : files_) m.insert_or_assign(base_name(name), data);
                    return str(to_yaml_or_empty(value::Value(std::move(m))));
                  }};
    as_secrets_ = {{{}}, [this](tmpl::Call&, std::span<const TValue>) {
                     value::Map m;
                     for (const auto& [name, data] : files_) {
                       m.insert_or_assign(base_name(name), base64(data.as_string()));
                     }
                     return str(to_yaml_or_empty(value::Value(std::move(m))));
                   }};
    lines_ = {{{Param::String}}, [this, arg](tmpl::Call&, std::span<const TValue> a) {
                const value::Value* v = find(arg(a));
                value::List out;
                if (v) {
                  std::string_view s = v->as_string();
                  // parity: Helm indexes the last byte unchecked; an empty file panics.
                  if (s.empty()) throw Error("runtime error: index out of range [-1]");
                  if (s.back() == '\n') s.remove_suffix(1);
                  for (std::string& line : split(s, "\n")) out.emplace_back(std::move(line));
                }
                return TValue(GoType::StringList, value::Value(std::move(out)));
              }};
  }
  std::string_view type_name() const override { return "engine.files"; }
  std::string_view kind_name() const override { return "map"; }
  const Function* method(std::string_view name) const override {
    if (name == "Get") return &get_;
    if (name == "GetBytes") return &get_bytes_;
    if (name == "Glob") return &glob_;
    if (name == "AsConfig") return &as_config_;
    if (name == "AsSecrets") return &as_secrets_;
    if (name == "Lines") return &lines_;
    return nullptr;
  }
  std::optional<TValue> underlying() const override {
    // map[string][]byte: fmt prints each []byte as its decimal bytes, as Go does.
    return TValue(GoType::BytesMap, value::Value(files_));
  }
  value::Value data() const override {
    // encoding/json writes []byte as base64.
    value::Map m;
    for (const auto& [name, data] : files_) m.emplace(name, base64(data.as_string()));
    return value::Value(std::move(m));
  }

 private:
  const value::Value* find(const std::string& name) const {
    auto it = files_.find(name);
    return it == files_.end() ? nullptr : &it->second;
  }
  static std::string to_yaml_or_empty(const value::Value& v) {
    try {
      return value::to_yaml(v);
    } catch (const Error&) {
      return "";
    }
  }

  value::Map files_;
  Function get_, get_bytes_, glob_, as_config_, as_secrets_, lines_;
};

// ---- glob ----

// Expands {a,b} alternatives (nested allowed); false when braces do not balance.
bool expand_braces(std::string_view p, std::vector<std::string>& out) {
  std::size_t open = std::string_view::npos;
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (p[i] == '\\') {
      ++i;
      continue;
    }
    if (p[i] == '{') {
      open = i;
      break;
    }
    if (p[i] == '}') return false;
  }
  if (open == std::string_view::npos) {
    out.emplace_back(p);
    return true;
  }
  int depth = 0;
  std::vector<std::string_view> alternatives;
  std::size_t start = open + 1;
  for (std::size_t i = open; i < p.size(); ++i) {
    char c = p[i];
    if (c == '\\') {
      ++i;
      continue;
    }
    if (c == '{') {
      ++depth;
    } else if (c == '}') {
      if (--depth == 0) {
        alternatives.push_back(p.substr(start, i - start));
        std::string_view head = p.substr(0, open), tail = p.substr(i + 1);
        for (std::string_view alt : alternatives) {
          std::string joined = std::string(head) + std::string(alt) + std::string(tail);
          if (!expand_braces(joined, out)) return false;
        }
        return true;
      }
    } else if (c == ',' && depth == 1) {
      alternatives.push_back(p.substr(start, i - start));
      start = i + 1;
    }
  }
  return false;
}

// Matches one brace-free pattern; `valid` turns false on a malformed class.
bool glob_here(std::string_view p, std::string_view s, bool& valid) {
  while (!p.empty()) {
    char c = p[0];
    if (c == '*') {
      bool super = p.size() > 1 && p[1] == '*';
      std::string_view rest = p.substr(super ? 2 : 1);
      for (std::size_t i = 0; i <= s.size(); ++i) {
        if (glob_here(rest, s.substr(i), valid)) return true;
        if (!valid) return false;
        if (i < s.size() && !super && s[i] == '/') return false;
      }
      return false;
    }
    if (s.empty()) {
      return false;
    }
    auto [r, width] = decode_rune(s);
    if (c == '?') {
      if (s[0] == '/') return false;
      p.remove_prefix(1);
      s.remove_prefix(width);
      continue;
    }
    if (c == '[') {
      std::size_t close = p.find(']', 2);
      if (close == std::string_view::npos) {
        valid = false;
        return false;
      }
      std::string_view body = p.substr(1, close - 1);
      bool negate = !body.empty() && body[0] == '!';
      if (negate) body.remove_prefix(1);
      bool hit = false;
      for (std::size_t i = 0; i < body.size();) {
        auto [lo, w1] = decode_rune(body, i);
        char32_t hi = lo;
        std::size_t next = i + w1;
        if (next + 1 < body.size() + 1 && next < body.size() && body[next] == '-' &&
            next + 1 < body.size()) {
          auto [h, w2] = decode_rune(body, next + 1);
          hi = h;
          next += 1 + w2;
        }
        if (r >= lo && r <= hi) hit = true;
        i = next;
      }
      if (hit == negate || s[0] == '/') return false;
      p.remove_prefix(close + 1);
      s.remove_prefix(width);
      continue;
    }
    if (c == '\\' && p.size() > 1) p.remove_prefix(1);
    if (p[0] != s[0]) return false;
    p.remove_prefix(1);
    s.remove_prefix(1);
  }
  return s.empty();
}

// ---- .Chart ----

value::Value strings_list(const std::vector<std::string>& v) {
  value::List l;
  for (const std::string& s : v) l.emplace_back(s);
  return value::Value(std::move(l));
}

value::Value annotations_value(const Metadata& m, bool nil_when_empty) {
  if (m.annotations.empty() && nil_when_empty) return value::Value();
  value::Map a;
  for (const auto& [k, v] : m.annotations) a.emplace(k, v);
  return value::Value(std::move(a));
}

// helm 4: structToMap over chart.Metadata (Go field names; nil slices as empty lists).
value::Value helm4_chart_map(const Chart& chart, bool is_root) {
  const Metadata& m = chart.metadata;
  value::List maintainers;
  for (const Maintainer& mt : m.maintainers) {
    maintainers.emplace_back(value::Map{{"Email", mt.email}, {"Name", mt.name}, {"URL", mt.url}});
  }
  value::List deps;
  for (const Dependency& d : m.dependencies) {
    value::List imports(d.import_values.begin(), d.import_values.end());
    deps.emplace_back(value::Map{{"Alias", d.alias},
                                 {"Condition", d.condition},
                                 {"Enabled", d.enabled},
                                 {"ImportValues", value::Value(std::move(imports))},
                                 {"Name", d.name},
                                 {"Repository", d.repository},
                                 {"Tags", strings_list(d.tags)},
                                 {"Version", d.version}});
  }
  return value::Value(value::Map{
      {"APIVersion", m.api_version},
      {"Annotations", annotations_value(m, true)},
      {"AppVersion", m.app_version},
      {"Condition", m.condition},
      {"Dependencies", value::Value(std::move(deps))},
      {"Deprecated", m.deprecated},
      {"Description", m.description},
      {"Home", m.home},
      {"Icon", m.icon},
      {"IsRoot", is_root},
      {"Keywords", strings_list(m.keywords)},
      {"KubeVersion", m.kube_version},
      {"Maintainers", value::Value(std::move(maintainers))},
      {"Name", m.name},
      {"Sources", strings_list(m.sources)},
      {"Tags", m.tags},
      {"Type", m.type},
      {"Version", m.version},
  });
}

// helm 3: struct { chart.Metadata; IsRoot bool }, fields promoted from the embedded Metadata.
class MetadataObject : public Object {
 public:
  explicit MetadataObject(const Metadata& m) : m_(m) {}
  std::string_view type_name() const override { return "chart.Metadata"; }
  std::string_view kind_name() const override { return "struct"; }
  std::vector<std::pair<std::string, TValue>> fields() const override {
    value::List maintainers;
    for (const Maintainer& mt : m_.maintainers) {
      maintainers.emplace_back(value::Map{{"Email", mt.email}, {"Name", mt.name}, {"URL", mt.url}});
    }
    value::List deps;
    for (const Dependency& d : m_.dependencies) {
      value::List imports(d.import_values.begin(), d.import_values.end());
      deps.emplace_back(value::Map{{"Alias", d.alias},
                                   {"Condition", d.condition},
                                   {"Enabled", d.enabled},
                                   {"ImportValues", value::Value(std::move(imports))},
                                   {"Name", d.name},
                                   {"Repository", d.repository},
                                   {"Tags", strings_list(d.tags)},
                                   {"Version", d.version}});
    }
    auto slist = [](const std::vector<std::string>& v) {
      return TValue(GoType::StringList, v.empty() ? value::Value() : strings_list(v));
    };
    return {{"Name", str(m_.name)},
            {"Home", str(m_.home)},
            {"Sources", slist(m_.sources)},
            {"Version", str(m_.version)},
            {"Description", str(m_.description)},
            {"Keywords", slist(m_.keywords)},
            {"Maintainers", TValue(GoType::List, maintainers.empty() ? value::Value()
                                                                     : value::Value(maintainers))},
            {"Icon", str(m_.icon)},
            {"APIVersion", str(m_.api_version)},
            {"Condition", str(m_.condition)},
            {"Tags", str(m_.tags)},
            {"AppVersion", str(m_.app_version)},
            {"Deprecated", TValue(GoType::Bool, value::Value(m_.deprecated))},
            {"Annotations", TValue(GoType::StringMap, annotations_value(m_, true))},
            {"KubeVersion", str(m_.kube_version)},
            {"Dependencies",
             TValue(GoType::List, deps.empty() ? value::Value() : value::Value(deps))},
            {"Type", str(m_.type)}};
  }
  value::Value data() const override {
    // encoding/json with chart.Metadata's tags (omitempty on all but name/version).
    value::Map j{{"name", m_.name}, {"version", m_.version}};
    auto put = [&j](const char* k, const std::string& v) {
      if (!v.empty()) j.emplace(k, v);
    };
    put("home", m_.home);
    if (!m_.sources.empty()) j.emplace("sources", strings_list(m_.sources));
    put("description", m_.description);
    if (!m_.keywords.empty()) j.emplace("keywords", strings_list(m_.keywords));
    if (!m_.maintainers.empty()) {
      value::List l;
      for (const Maintainer& mt : m_.maintainers) {
        value::Map e;
        if (!mt.name.empty()) e.emplace("name", mt.name);
        if (!mt.email.empty()) e.emplace("email", mt.email);
        if (!mt.url.empty()) e.emplace("url", mt.url);
        l.emplace_back(std::move(e));
      }
      j.emplace("maintainers", value::Value(std::move(l)));
    }
    put("icon", m_.icon);
    put("apiVersion", m_.api_version);
    put("condition", m_.condition);
    put("tags", m_.tags);
    put("appVersion", m_.app_version);
    if (m_.deprecated) j.emplace("deprecated", true);
    if (!m_.annotations.empty()) j.emplace("annotations", annotations_value(m_, false));
    put("kubeVersion", m_.kube_version);
    if (!m_.dependencies.empty()) j.emplace("dependencies", dependencies_data());
    put("type", m_.type);
    return value::Value(std::move(j));
  }

  // The same JSON as data(), members in chart.Metadata's declaration order.
  std::string go_json() const {
    value::Value d = data();
    std::string out = "{";
    auto member = [&out](std::string_view key, const std::string& json) {
      if (out.size() > 1) out += ',';
      out += value::to_json(value::Value(std::string(key))) + ":" + json;
    };
    // parity: Maintainer and Dependency are structs too; their fields keep their order.
    auto ordered = [](const value::Value& list, std::initializer_list<std::string_view> keys) {
      std::string o = "[";
      for (const value::Value& e : list.as_list()) {
        if (o.size() > 1) o += ',';
        std::string item = "{";
        for (std::string_view k : keys) {
          if (const value::Value* v = e.find(k)) {
            if (item.size() > 1) item += ',';
            item += value::to_json(value::Value(std::string(k))) + ":" + value::to_json(*v);
          }
        }
        o += item + "}";
      }
      return o + "]";
    };
    for (std::string_view k : {"name", "home", "sources", "version", "description", "keywords", "maintainers",
                               "icon", "apiVersion", "condition", "tags", "appVersion", "deprecated",
                               "annotations", "kubeVersion", "dependencies", "type"}) {
      const value::Value* v = d.find(k);
      if (!v) continue;
      if (k == "maintainers") {
        member(k, ordered(*v, {"name", "email", "url"}));
      } else if (k == "dependencies") {
        member(k, ordered(*v, {"name", "version", "repository", "condition", "tags", "enabled",
                               "import-values", "alias"}));
      } else {
        member(k, value::to_json(*v));
      }
    }
    return out + "}";
  }

 private:
  value::Value dependencies_data() const {
    value::List l;
    for (const Dependency& dep : m_.dependencies) {
      value::Map e{{"name", dep.name}, {"repository", dep.repository}};
      if (!dep.version.empty()) e.emplace("version", dep.version);
      if (!dep.condition.empty()) e.emplace("condition", dep.condition);
      if (!dep.tags.empty()) e.emplace("tags", strings_list(dep.tags));
      if (dep.enabled) e.emplace("enabled", true);
      if (!dep.import_values.empty()) {
        e.emplace("import-values", value::Value(value::List(dep.import_values.begin(), dep.import_values.end())));
      }
      if (!dep.alias.empty()) e.emplace("alias", dep.alias);
      l.emplace_back(std::move(e));
    }
    return value::Value(std::move(l));
  }

  Metadata m_;
};

class Helm3ChartObject : public Object {
 public:
  Helm3ChartObject(const Metadata& m, bool is_root)
      : metadata_(TValue::of(std::make_shared<MetadataObject>(m))), is_root_(is_root) {}
  std::string_view type_name() const override { return "struct { chart.Metadata; IsRoot bool }"; }
  std::string_view kind_name() const override { return "struct"; }
  std::vector<std::pair<std::string, TValue>> fields() const override {
    return {{"Metadata", metadata_}, {"IsRoot", TValue(GoType::Bool, value::Value(is_root_))}};
  }
  std::optional<TValue> field(std::string_view name) const override {
    if (auto f = Object::field(name)) return f;
    return metadata_.object()->field(name);  // promoted from the embedded struct
  }
  value::Value data() const override {
    value::Value d = metadata_.value().plain();
    d.set("IsRoot", is_root_);
    return d;
  }
  std::string go_json() const {
    // parity: the embedded struct's fields come first, then IsRoot.
    std::string inner = metadata().go_json();
    inner.pop_back();
    return inner + (inner.size() > 1 ? "," : "") + "\"IsRoot\":" + (is_root_ ? "true" : "false") + "}";
  }
  const MetadataObject& metadata() const { return static_cast<const MetadataObject&>(*metadata_.object()); }

 private:
  TValue metadata_;
  bool is_root_;
};

// A map[string]interface {} holding Go ints: only the element typing differs from data.
class IntMapObject : public Object {
 public:
  explicit IntMapObject(value::Value map) : map_(std::move(map)) {}
  std::string_view type_name() const override { return "map[string]interface {}"; }
  std::string_view kind_name() const override { return "map"; }
  std::optional<TValue> underlying() const override {
    return TValue(GoType::Map, map_).with_nested_int(GoType::Int);
  }
  value::Value data() const override { return map_; }

 private:
  value::Value map_;
};

}  // namespace

value::Value make_release_object(value::Value map) {
  return opaque(std::make_shared<IntMapObject>(std::move(map)));
}

std::shared_ptr<const tmpl::Object> make_capabilities(const Capabilities& caps, Dialect dialect) {
  bool h4 = dialect == Dialect::Helm4;
  std::string kube = caps.kube_version.empty() ? (h4 ? "v1.35.0" : "v1.32.0") : caps.kube_version;
  KubeVersionParts parts = parse_kube_version(kube, dialect);
  std::vector<std::string> apis;
  if (!caps.cluster_api_versions.empty()) {
    apis = caps.cluster_api_versions;
  } else if (h4) {
    apis.assign(std::begin(kHelm4ApiVersions), std::end(kHelm4ApiVersions));
  } else {
    apis.assign(std::begin(kHelm3ApiVersions), std::end(kHelm3ApiVersions));
  }
  for (const std::string& extra : caps.api_versions) {
    for (std::string& v : split(extra, ",")) {
      std::string t(trim(v));
      if (!t.empty()) apis.push_back(std::move(t));
    }
  }
  return std::make_shared<CapabilitiesObject>(
      TValue::of(std::make_shared<KubeVersionObject>(std::move(parts), dialect)),
      TValue::of(std::make_shared<VersionSetObject>(std::move(apis), dialect)),
      TValue::of(std::make_shared<BuildInfoObject>(h4 ? kHelm4Build : kHelm3Build)), dialect);
}

std::string kube_version_text(const Capabilities& caps, Dialect dialect) {
  bool h4 = dialect == Dialect::Helm4;
  std::string kube = caps.kube_version.empty() ? (h4 ? "v1.35.0" : "v1.32.0") : caps.kube_version;
  return parse_kube_version(kube, dialect).version;
}

std::shared_ptr<const tmpl::Object> make_files(const std::vector<File>& files) {
  value::Map m;
  for (const File& f : files) m.insert_or_assign(f.name, f.data);
  return std::make_shared<FilesObject>(std::move(m));
}

value::Value make_chart_object(const Chart& chart, bool is_root, Dialect dialect) {
  if (dialect == Dialect::Helm4) return helm4_chart_map(chart, is_root);
  return opaque(std::make_shared<Helm3ChartObject>(chart.metadata, is_root));
}

std::optional<std::string> chart_struct_json(const TValue& v) {
  const Object* o = v.object();
  if (const auto* chart = dynamic_cast<const Helm3ChartObject*>(o)) return chart->go_json();
  if (const auto* metadata = dynamic_cast<const MetadataObject*>(o)) return metadata->go_json();
  return std::nullopt;
}

bool files_glob_match(std::string_view pattern, std::string_view name) {
  std::vector<std::string> alternatives;
  if (!expand_braces(pattern, alternatives)) return true;
  for (const std::string& p : alternatives) {
    bool valid = true;
    bool hit = glob_here(p, name, valid);
    if (!valid) return true;
    if (hit) return true;
  }
  return false;
}

}  // namespace primer::charts
