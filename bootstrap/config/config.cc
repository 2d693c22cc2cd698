#include "bootstrap/config/config.h"

#include <algorithm>
#include <filesystem>
#include <initializer_list>
#include <map>
#include <string_view>

#include "base/strings.h"
#include "bootstrap/args/flags.h"
#include "bootstrap/config/yaml_marks.h"
#include "value/kind_phrase.h"
#include "value/value.h"

namespace primer::bootstrap::config {
namespace {

using value::Value;
using Keys = std::initializer_list<std::string_view>;

// YAML's words for a value's kind in errors: maps are "a map".
std::string kind_name(const Value& v) { return std::string(value::kind_phrase(v, "a map")); }

// The parent of a setting's path: "a.b[2]" -> "a.b" -> "a" -> "".
std::string parent_path(const std::string& path) {
  size_t dot = path.rfind('.');
  size_t bracket = path.rfind('[');
  size_t cut = 0;
  if (dot != std::string::npos) cut = dot;
  if (bracket != std::string::npos && bracket > cut) cut = bracket;
  return path.substr(0, cut);
}

constexpr std::string_view kSecretHint =
    "give {env: VARIABLE} (an environment variable) or {file: PATH} (a file holding it)";

// Reads the settings of one primer.yaml, failing at the place of the first bad one.
class Reader {
 public:
  Reader(std::string source, Marks marks)
      : source_(std::move(source)),
        marks_(std::move(marks)),
        dir_(std::filesystem::path(source_).parent_path()) {}

  Config read(const Value& doc) {
    Config c;
    c.source = source_;
    if (doc.is_null()) return c;
    if (!doc.is_map()) fail("", "expected a map of settings, got " + kind_name(doc));
    known(doc, "", {"chart", "release", "values", "cluster", "handoff", "state"});
    if (const Value* m = section(doc, "", "chart")) {
      known(*m, "chart", {"repo", "name", "version"});
      text(*m, "chart", "repo", c.chart.repo);
      text(*m, "chart", "name", c.chart.name);
      text(*m, "chart", "version", c.chart.version);
    }
    if (const Value* m = section(doc, "", "release")) {
      known(*m, "release", {"name", "namespace"});
      text(*m, "release", "name", c.release.name);
      text(*m, "release", "namespace", c.release.namespace_name);
    }
    if (const Value* m = section(doc, "", "values")) read_values(*m, c.values);
    if (const Value* m = section(doc, "", "cluster")) {
      known(*m, "cluster", {"kubeconfig", "context"});
      if (text(*m, "cluster", "kubeconfig", c.cluster.kubeconfig)) {
        c.cluster.kubeconfig = relative(c.cluster.kubeconfig);
      }
      text(*m, "cluster", "context", c.cluster.context);
    }
    if (const Value* m = section(doc, "", "handoff")) read_handoff(*m, c.handoff);
    if (const Value* m = section(doc, "", "state")) {
      known(*m, "state", {"backend", "path"});
      text(*m, "state", "backend", c.state.backend);
      if (text(*m, "state", "path", c.state.path)) c.state.path = relative(c.state.path);
    }
    for (const auto& [path, mark] : marks_.values) {
      if (!path.empty()) c.places[path] = Where{source_, mark.line, mark.column};
    }
    return c;
  }

 private:
  void read_values(const Value& m, Values& v) {
    const std::string p = "values";
    known(m, p, {"files", "set", "setString", "setFile", "setJson", "setLiteral"});
    texts(m, p, "files", v.files);
    for (std::string& file : v.files) file = relative(file);
    texts(m, p, "set", v.set);
    texts(m, p, "setString", v.set_string);
    texts(m, p, "setFile", v.set_file);
    texts(m, p, "setJson", v.set_json);
    texts(m, p, "setLiteral", v.set_literal);
  }

  void read_handoff(const Value& m, Handoff& h) {
    const std::string p = "handoff";
    known(m, p,
          {"enabled", "application", "project", "chartRepoURL", "createProject", "root",
           "syncPolicy", "repositories"});
    flag(m, p, "enabled", h.enabled);
    text(m, p, "application", h.application);
    bool project_given = text(m, p, "project", h.project);
    text(m, p, "chartRepoURL", h.chart_repo_url);
    if (const Value* cp = section(m, p, "createProject")) {
      const std::string q = "handoff.createProject";
      Project& project = h.create_project;
      known(*cp, q, {"name", "description", "sourceRepos", "destinations", "clusterResources"});
      text(*cp, q, "name", project.name);
      text(*cp, q, "description", project.description);
      texts(*cp, q, "sourceRepos", project.source_repos);
      if (const Value* list = items(*cp, q, "destinations")) {
        project.destinations.clear();
        const std::string lp = q + ".destinations";
        for (std::size_t i = 0; i < list->size(); ++i) {
          const std::string ip = item_path(lp, i);
          const Value& d = list->as_list()[i];
          if (!d.is_map()) fail(ip, "expected a map {server, namespace}, got " + kind_name(d));
          known(d, ip, {"server", "namespace"});
          std::pair<std::string, std::string> dest{"https://kubernetes.default.svc", "*"};
          text(d, ip, "server", dest.first);
          text(d, ip, "namespace", dest.second);
          project.destinations.push_back(std::move(dest));
        }
      }
      flag(*cp, q, "clusterResources", project.cluster_resources);
      if (!project_given && !project.name.empty()) h.project = project.name;
    }
    if (const Value* r = section(m, p, "root")) {
      const std::string q = "handoff.root";
      known(*r, q,
            {"name", "repoURL", "path", "targetRevision", "recurse", "destinationNamespace"});
      text(*r, q, "name", h.root.name);
      text(*r, q, "repoURL", h.root.repo_url);
      text(*r, q, "path", h.root.path);
      text(*r, q, "targetRevision", h.root.target_revision);
      flag(*r, q, "recurse", h.root.recurse);
      text(*r, q, "destinationNamespace", h.root.destination_namespace);
    }
    if (const Value* s = section(m, p, "syncPolicy")) {
      const std::string q = "handoff.syncPolicy";
      known(*s, q, {"automated", "prune", "selfHeal"});
      flag(*s, q, "automated", h.sync_policy.automated);
      flag(*s, q, "prune", h.sync_policy.prune);
      flag(*s, q, "selfHeal", h.sync_policy.self_heal);
    }
    if (const Value* list = items(m, p, "repositories")) {
      const std::string lp = "handoff.repositories";
      for (std::size_t i = 0; i < list->size(); ++i) {
        const std::string ip = item_path(lp, i);
        const Value& r = list->as_list()[i];
        if (!r.is_map()) fail(ip, "expected a map of repository settings, got " + kind_name(r));
        known(r, ip,
              {"name", "url", "type", "credentialTemplate", "project", "username", "password",
               "sshPrivateKey"});
        Repository repo;
        text(r, ip, "name", repo.name);
        text(r, ip, "url", repo.url);
        text(r, ip, "type", repo.type);
        flag(r, ip, "credentialTemplate", repo.credential_template);
        text(r, ip, "project", repo.project);
        secret(r, ip, "username", repo.username);
        secret(r, ip, "password", repo.password);
        secret(r, ip, "sshPrivateKey", repo.ssh_private_key);
        h.repositories.push_back(std::move(repo));
      }
    }
  }

  // A secret is {env: NAME} or {file: PATH}; its value never appears in primer.yaml, nor in
  // any message about it.
  void secret(const Value& m, const std::string& parent, std::string_view key, SecretSource& out) {
    const Value* v = m.find(key);
    const std::string p = child_path(parent, key);
    if (v == nullptr || v->is_null()) return;
    if (v->is_list()) fail(p, "expected {env: VARIABLE} or {file: PATH}, got a list");
    if (!v->is_map()) {
      fail(p, "a secret cannot be written in primer.yaml; " + std::string(kSecretHint));
    }
    known(*v, p, {"env", "file"});
    text(*v, p, "env", out.env);
    if (text(*v, p, "file", out.file)) out.file = relative(out.file);
    if (!out.env.empty() && !out.file.empty()) {
      fail(p, "give env or file, not both");
    }
    if (out.empty()) fail(p, std::string(kSecretHint));
  }

  // The map under `key`, or nullptr when the key is absent or null.
  const Value* section(const Value& m, const std::string& parent, std::string_view key) {
    const Value* v = m.find(key);
    if (v == nullptr || v->is_null()) return nullptr;
    if (!v->is_map()) fail(child_path(parent, key), "expected a map, got " + kind_name(*v));
    return v;
  }

  // The list under `key`, or nullptr when the key is absent or null.
  const Value* items(const Value& m, const std::string& parent, std::string_view key) {
    const Value* v = m.find(key);
    if (v == nullptr || v->is_null()) return nullptr;
    if (!v->is_list()) fail(child_path(parent, key), "expected a list, got " + kind_name(*v));
    return v;
  }

  // Sets `out` from a scalar; false when the key is absent or null. Numbers and booleans are
  // taken as written (`version: 1.10` is "1.10").
  bool text(const Value& m, const std::string& parent, std::string_view key, std::string& out) {
    const Value* v = m.find(key);
    if (v == nullptr || v->is_null()) return false;
    out = scalar_text(*v, child_path(parent, key));
    return true;
  }

  std::string scalar_text(const Value& v, const std::string& path) {
    if (v.is_string()) return v.as_string();
    if (v.is_list() || v.is_map()) fail(path, "expected a string, got " + kind_name(v));
    if (auto it = marks_.scalars.find(path); it != marks_.scalars.end()) return it->second;
    if (v.is_bool()) return v.as_bool() ? "true" : "false";
    if (v.is_int()) return std::to_string(v.as_int());
    return value::format_float(v.as_float());
  }

  // Sets `out` to the strings of a list; absent or null leaves it alone.
  void texts(const Value& m, const std::string& parent, std::string_view key,
             std::vector<std::string>& out) {
    const Value* list = items(m, parent, key);
    if (list == nullptr) return;
    const std::string p = child_path(parent, key);
    out.clear();
    for (std::size_t i = 0; i < list->size(); ++i) {
      const Value& v = list->as_list()[i];
      const std::string ip = item_path(p, i);
      if (v.is_null()) fail(ip, "expected a string, got null");
      out.push_back(scalar_text(v, ip));
    }
  }

  void flag(const Value& m, const std::string& parent, std::string_view key, bool& out) {
    const Value* v = m.find(key);
    if (v == nullptr || v->is_null()) return;
    if (!v->is_bool()) {
      fail(child_path(parent, key), "expected true or false, got " + kind_name(*v));
    }
    out = v->as_bool();
  }

  // Fails at the first key of `m` (in the file's order) that is not one of `names`.
  void known(const Value& m, const std::string& path, Keys names) {
    std::vector<std::pair<Mark, std::string>> unknown;
    for (const auto& [key, v] : m.as_map()) {
      if (std::find(names.begin(), names.end(), key) != names.end()) continue;
      Mark mark;
      if (auto it = marks_.keys.find(child_path(path, key)); it != marks_.keys.end()) {
        mark = it->second;
      }
      unknown.emplace_back(mark, key);
    }
    if (unknown.empty()) return;
    auto first = std::min_element(unknown.begin(), unknown.end(), [](const auto& a, const auto& b) {
      return std::pair(a.first.line, a.first.column) < std::pair(b.first.line, b.first.column);
    });
    const std::string& key = first->second;
    std::string message = "unknown setting";
    std::vector<std::string_view> candidates(names.begin(), names.end());
    if (auto near = args::closest(key, candidates)) {
      message += ". Did you mean " + quote(*near) + "?";
    } else {
      message +=
          " (known here: " + join(std::vector<std::string>(names.begin(), names.end()), ", ") + ")";
    }
    const std::string p = child_path(path, key);
    Where where{source_};
    if (auto it = marks_.keys.find(p); it != marks_.keys.end()) {
      where = {source_, it->second.line, it->second.column};
    }
    throw Error(where, p + ": " + message);
  }

  [[noreturn]] void fail(const std::string& path, const std::string& message) const {
    Where where{source_};
    for (std::string p = path;; p = parent_path(p)) {
      if (auto it = marks_.values.find(p); it != marks_.values.end()) {
        where = {source_, it->second.line, it->second.column};
        break;
      }
      if (p.empty()) break;
    }
    throw Error(where, (path.empty() ? std::string() : path + ": ") + message);
  }

  // A path written in the file, taken relative to the file's directory.
  std::string relative(const std::string& path) const {
    if (path.empty() || dir_.empty()) return path;
    std::filesystem::path p(path);
    if (p.is_absolute()) return path;
    return (dir_ / p).lexically_normal().string();
  }

  std::string source_;
  Marks marks_;
  std::filesystem::path dir_;
};

// ---- validation -------------------------------------------------------------------------

// Where a setting came from: its own place, else the nearest enclosing one, else the file.
Where place(const Config& c, const std::string& path) {
  for (std::string p = path; !p.empty(); p = parent_path(p)) {
    if (auto it = c.places.find(p); it != c.places.end()) return it->second;
  }
  return Where{c.source};
}

[[noreturn]] void invalid(const Config& c, const std::string& path, const std::string& message) {
  throw Error(place(c, path), path + ": " + message);
}

bool is_alnum(char ch) { return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'); }

// parity: k8s.io/apimachinery IsDNS1123Label (without the length, checked by the caller).
bool is_label(std::string_view s) {
  if (s.empty() || !is_alnum(s.front()) || !is_alnum(s.back())) return false;
  return std::all_of(s.begin(), s.end(), [](char ch) { return is_alnum(ch) || ch == '-'; });
}

// parity: k8s.io/apimachinery IsDNS1123Subdomain.
bool is_subdomain(std::string_view s) {
  if (s.empty() || s.size() > 253) return false;
  for (const std::string& part : split(s, ".")) {
    if (!is_label(part)) return false;
  }
  return true;
}

constexpr std::string_view kLabelRule =
    "lower case letters, digits and '-', starting and ending with a letter or digit";
constexpr std::string_view kSubdomainRule =
    "lower case letters, digits, '-' and '.', each part between dots starting and ending with a "
    "letter or digit";

void check_label(const Config& c, const std::string& path, const std::string& what,
                 const std::string& name, std::size_t max) {
  if (is_label(name) && name.size() <= max) return;
  invalid(c, path,
          "invalid " + what + " " + quote(name) + ": use at most " + std::to_string(max) + " " +
              std::string(kLabelRule));
}

void check_subdomain(const Config& c, const std::string& path, const std::string& what,
                     const std::string& name) {
  if (is_subdomain(name)) return;
  invalid(
      c, path,
      "invalid " + what + " " + quote(name) + ": use at most 253 " + std::string(kSubdomainRule));
}

}  // namespace

Config read_config(const std::string& path) {
  std::string text = read_file(path);
  Value doc = value::parse_yaml(path, text, {.numbers = value::Numbers::Typed});
  return Reader(path, yaml_marks(text)).read(doc);
}

void validate(const Config& c, bool need_chart) {
  if (need_chart && c.chart.name.empty()) {
    invalid(c, "chart.name", "no chart is named: give chart.name in primer.yaml, or -chart");
  }
  // parity: helm's chartutil.ValidateReleaseName allows 53 characters (room for suffixes).
  check_label(c, "release.name", "release name", c.release.name, 53);
  check_label(c, "release.namespace", "namespace", c.release.namespace_name, 63);

  if (c.state.backend != "kubernetes" && c.state.backend != "local") {
    invalid(c, "state.backend",
            "unknown state backend " + quote(c.state.backend) + ": use kubernetes or local");
  }
  if (c.state.backend == "local" && c.state.path.empty()) {
    invalid(c, "state.path", "the local state backend needs a path");
  }

  const Handoff& h = c.handoff;
  if (!h.application.empty()) {
    check_subdomain(c, "handoff.application", "Application name", h.application);
  }
  if (h.project.empty()) invalid(c, "handoff.project", "a project is required (\"default\")");
  check_subdomain(c, "handoff.project", "project name", h.project);

  const Project& project = h.create_project;
  if (project.name.empty()) {
    if (c.places.contains("handoff.createProject")) {
      invalid(c, "handoff.createProject.name", "a project to create needs a name");
    }
  } else {
    check_subdomain(c, "handoff.createProject.name", "project name", project.name);
    if (project.source_repos.empty()) {
      invalid(c, "handoff.createProject.sourceRepos",
              "give at least one repository URL the project may use (\"*\" for any)");
    }
    for (std::size_t i = 0; i < project.destinations.size(); ++i) {
      const auto& [server, ns] = project.destinations[i];
      std::string p = item_path("handoff.createProject.destinations", i);
      if (server.empty()) invalid(c, p + ".server", "a destination needs a server URL");
      if (ns.empty())
        invalid(c, p + ".namespace", "a destination needs a namespace (\"*\" for any)");
    }
  }

  const Root& root = h.root;
  if (!root.repo_url.empty()) {
    check_subdomain(c, "handoff.root.name", "Application name", root.name);
    if (root.path.empty()) {
      invalid(c, "handoff.root.path",
              "the root Application needs a path in its repository (\".\" for the top)");
    }
    if (root.target_revision.empty()) {
      invalid(c, "handoff.root.targetRevision",
              "the root Application needs a revision (a branch, tag or commit; \"HEAD\")");
    }
    if (!root.destination_namespace.empty()) {
      check_label(c, "handoff.root.destinationNamespace", "namespace", root.destination_namespace,
                  63);
    }
  }

  std::map<std::string, std::size_t> seen;
  for (std::size_t i = 0; i < h.repositories.size(); ++i) {
    const Repository& r = h.repositories[i];
    std::string p = item_path("handoff.repositories", i);
    if (r.name.empty()) invalid(c, p + ".name", "a repository needs a name (its Secret's name)");
    check_subdomain(c, p + ".name", "repository name", r.name);
    if (auto [it, fresh] = seen.emplace(r.name, i); !fresh) {
      invalid(c, p + ".name",
              "a repository named " + quote(r.name) + " is already given as " +
                  item_path("handoff.repositories", it->second));
    }
    if (r.url.empty()) invalid(c, p + ".url", "a repository needs a url");
    if (r.type != "git" && r.type != "helm") {
      invalid(c, p + ".type", "unknown repository type " + quote(r.type) + ": use git or helm");
    }
  }
}

}  // namespace primer::bootstrap::config
