#include "kube/kubeconfig.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>

#include "base/error.h"
#include "base/log.h"
#include "base/strings.h"
#include "kube/detail/util.h"

namespace primer::kube {

namespace {

using value::Kind;
using value::Value;

constexpr std::string_view kExecV1 = "client.authentication.k8s.io/v1";
constexpr std::string_view kExecV1beta1 = "client.authentication.k8s.io/v1beta1";
constexpr std::string_view kExecExtension = "client.authentication.k8s.io/exec";

std::string json_kind(const Value& v) {
  switch (v.kind()) {
    case Kind::Bool:
      return "a boolean";
    case Kind::Int:
    case Kind::Float:
      return "a number";
    case Kind::String:
      return "a string";
    case Kind::List:
      return "a list";
    case Kind::Map:
    case Kind::Opaque:
      return "a map";
    case Kind::Null:
      return "null";
  }
  return "?";
}

// Type checks for one file, in encoding/json's terms: null is every type's zero value.
class Checker {
 public:
  explicit Checker(std::string file) : file_(std::move(file)) {}

  [[noreturn]] void fail(const std::string& field, const std::string& message) const {
    throw Error(Where{file_}, field.empty() ? message : field + ": " + message);
  }
  void expect(const Value& v, Kind kind, const std::string& field, const char* want) const {
    if (v.is_null() || v.kind() == kind) return;
    fail(field, std::string("expected ") + want + ", got " + json_kind(v));
  }
  static std::string path(const std::string& field, const char* key) {
    return field.empty() ? std::string(key) : field + "." + key;
  }
  void string_field(const Value& map, const char* key, const std::string& field) const {
    if (const Value* v = map.find(key)) expect(*v, Kind::String, path(field, key), "a string");
  }
  void bool_field(const Value& map, const char* key, const std::string& field) const {
    if (const Value* v = map.find(key)) expect(*v, Kind::Bool, path(field, key), "a boolean");
  }
  void string_list_field(const Value& map, const char* key, const std::string& field) const {
    const Value* v = map.find(key);
    if (!v) return;
    std::string at = field + "." + key;
    expect(*v, Kind::List, at, "a list");
    if (!v->is_list()) return;
    for (std::size_t i = 0; i < v->as_list().size(); ++i) {
      expect(v->as_list()[i], Kind::String, at + "[" + std::to_string(i) + "]", "a string");
    }
  }
  // A []byte field: base64 text.
  void data_field(const Value& map, const char* key, const std::string& field) const {
    const Value* v = map.find(key);
    if (!v) return;
    std::string at = field + "." + key;
    expect(*v, Kind::String, at, "a string");
    if (!v->is_string()) return;
    std::size_t bad = 0;
    if (!detail::base64_decode(v->as_string(), &bad)) {
      // parity: encoding/json reports base64.CorruptInputError for []byte fields
      fail(at, "illegal base64 data at input byte " + std::to_string(bad));
    }
  }
  void map_field(const Value& map, const char* key, const std::string& field) const {
    if (const Value* v = map.find(key)) expect(*v, Kind::Map, path(field, key), "a map");
  }
  void extensions(const Value& map, const std::string& field) const {
    const Value* v = map.find("extensions");
    if (!v) return;
    std::string at = path(field, "extensions");
    expect(*v, Kind::List, at, "a list");
    if (!v->is_list()) return;
    for (std::size_t i = 0; i < v->as_list().size(); ++i) {
      const Value& e = v->as_list()[i];
      std::string ei = at + "[" + std::to_string(i) + "]";
      expect(e, Kind::Map, ei, "a map");
      if (e.is_map()) string_field(e, "name", ei);
    }
  }

  void cluster(const Value& c, const std::string& field) const {
    expect(c, Kind::Map, field, "a map");
    if (!c.is_map()) return;
    for (const char* key : {"server", "certificate-authority", "tls-server-name", "proxy-url"}) {
      string_field(c, key, field);
    }
    data_field(c, "certificate-authority-data", field);
    bool_field(c, "insecure-skip-tls-verify", field);
    bool_field(c, "disable-compression", field);
    extensions(c, field);
  }

  void user(const Value& u, const std::string& field) const {
    expect(u, Kind::Map, field, "a map");
    if (!u.is_map()) return;
    for (const char* key : {"client-certificate", "client-key", "token", "tokenFile", "as",
                            "as-uid", "username", "password"}) {
      string_field(u, key, field);
    }
    data_field(u, "client-certificate-data", field);
    data_field(u, "client-key-data", field);
    string_list_field(u, "as-groups", field);
    if (const Value* extra = u.find("as-user-extra")) {
      std::string at = field + ".as-user-extra";
      expect(*extra, Kind::Map, at, "a map");
      if (extra->is_map()) {
        for (const auto& [k, _] : extra->as_map()) string_list_field(*extra, k.c_str(), at);
      }
    }
    map_field(u, "auth-provider", field);
    extensions(u, field);
    const Value* exec = u.find("exec");
    if (!exec) return;
    std::string at = field + ".exec";
    expect(*exec, Kind::Map, at, "a map");
    if (!exec->is_map()) return;
    for (const char* key : {"command", "apiVersion", "installHint", "interactiveMode"}) {
      string_field(*exec, key, at);
    }
    string_list_field(*exec, "args", at);
    bool_field(*exec, "provideClusterInfo", at);
    if (const Value* env = exec->find("env")) {
      std::string ea = at + ".env";
      expect(*env, Kind::List, ea, "a list");
      if (env->is_list()) {
        for (std::size_t i = 0; i < env->as_list().size(); ++i) {
          const Value& e = env->as_list()[i];
          std::string ei = ea + "[" + std::to_string(i) + "]";
          expect(e, Kind::Map, ei, "a map");
          if (e.is_map()) {
            string_field(e, "name", ei);
            string_field(e, "value", ei);
          }
        }
      }
    }
  }

  void context(const Value& c, const std::string& field) const {
    expect(c, Kind::Map, field, "a map");
    if (!c.is_map()) return;
    for (const char* key : {"cluster", "user", "namespace"}) string_field(c, key, field);
    extensions(c, field);
  }

  const std::string& file() const { return file_; }

 private:
  std::string file_;
};

std::string str(const Value& map, std::string_view key) {
  const Value* v = map.is_map() ? map.find(key) : nullptr;
  return v && v->is_string() ? v->as_string() : std::string();
}

bool boolean(const Value& map, std::string_view key) {
  const Value* v = map.is_map() ? map.find(key) : nullptr;
  return v && v->is_bool() && v->as_bool();
}

std::vector<std::string> strings(const Value& map, std::string_view key) {
  std::vector<std::string> out;
  const Value* v = map.is_map() ? map.find(key) : nullptr;
  if (v && v->is_list()) {
    for (const Value& e : v->as_list()) out.push_back(e.is_string() ? e.as_string() : "");
  }
  return out;
}

std::string decoded(const Value& map, std::string_view key) {
  std::string text = str(map, key);
  return detail::base64_decode(text, nullptr).value_or("");
}

bool file_exists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

// Reads a file that a kubeconfig entry names; the error names the entry's field.
std::string read_referenced(const std::string& path, const NamedEntry& entry,
                            const std::string& field) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    int err = errno;
    throw Error(Where{entry.file},
                field + ": cannot read " + path + ": " + std::strerror(err ? err : ENOENT));
  }
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Merges one parsed file into `into` (entries already present win).
void merge_file(const std::string& file, const Value& doc, Kubeconfig& into) {
  Checker check(file);
  if (doc.is_null()) return;
  check.expect(doc, Kind::Map, "", "a map");
  check.string_field(doc, "current-context", "");
  check.string_field(doc, "apiVersion", "");
  check.string_field(doc, "kind", "");
  check.map_field(doc, "preferences", "");
  check.extensions(doc, "");

  struct Section {
    const char* list;
    const char* body;
    std::map<std::string, NamedEntry, std::less<>>* into;
    void (Checker::*validate)(const Value&, const std::string&) const;
  };
  const Section sections[] = {
      {"clusters", "cluster", &into.clusters, &Checker::cluster},
      {"users", "user", &into.users, &Checker::user},
      {"contexts", "context", &into.contexts, &Checker::context},
  };
  for (const Section& s : sections) {
    const Value* list = doc.find(s.list);
    if (!list) continue;
    check.expect(*list, Kind::List, s.list, "a list");
    if (!list->is_list()) continue;
    std::set<std::string> seen;
    for (std::size_t i = 0; i < list->as_list().size(); ++i) {
      const Value& item = list->as_list()[i];
      std::string field = std::string(s.list) + "[" + std::to_string(i) + "]";
      check.expect(item, Kind::Map, field, "a map");
      if (item.is_null()) continue;
      check.string_field(item, "name", field);
      std::string name = str(item, "name");
      Value body = item.find(s.body) ? *item.find(s.body) : Value();
      (check.*s.validate)(body, field + "." + s.body);
      // parity: clientcmd/api/v1 conversion rejects a name listed twice in one file
      if (!seen.insert(name).second) check.fail(field + ".name", "duplicate name " + quote(name));
      // parity: clientcmd loader.go Load: the first file that defines a name keeps it
      if (s.into->find(name) == s.into->end()) {
        s.into->emplace(name, NamedEntry{body, file, field});
      }
    }
  }
  // parity: scalars come from the first file that sets them (merged in reverse order)
  if (into.current_context.empty()) into.current_context = str(doc, "current-context");
}

Value parse_file(const std::string& file, const std::string& text) {
  // parity: clientcmd.Load returns an empty config for an empty file
  if (text.empty()) return Value();
  return value::parse_yaml(file, text, {.numbers = value::Numbers::Typed});
}

std::optional<std::string> env_get(const LoadOptions& options, const std::string& name) {
  if (options.getenv) return options.getenv(name);
  const char* v = std::getenv(name.c_str());
  if (!v) return std::nullopt;
  return std::string(v);
}

std::string interactive_mode_name(InteractiveMode m) {
  switch (m) {
    case InteractiveMode::Never:
      return "Never";
    case InteractiveMode::IfAvailable:
      return "IfAvailable";
    case InteractiveMode::Always:
      return "Always";
  }
  return "?";
}

ExecConfig resolve_exec(const Value& exec, const NamedEntry& user, const std::string& user_name,
                        const Value& cluster_body) {
  std::string field = user.field + ".user.exec";
  auto fail = [&](const std::string& message) -> void {
    throw Error(Where{user.file}, field + ": " + message);
  };
  ExecConfig out;
  out.origin_file = user.file;
  out.origin_field = field;
  out.api_version = str(exec, "apiVersion");
  out.command = str(exec, "command");
  out.args = strings(exec, "args");
  out.install_hint = str(exec, "installHint");
  out.provide_cluster_info = boolean(exec, "provideClusterInfo");
  // parity: clientcmd validateAuthInfo messages, prefixed by the field
  if (out.command.empty()) {
    fail("command must be specified for " + user_name + " to use exec authentication plugin");
  }
  if (out.api_version.empty()) {
    fail("apiVersion must be specified for " + user_name + " to use exec authentication plugin");
  }
  if (const Value* env = exec.find("env"); env && env->is_list()) {
    for (const Value& e : env->as_list()) {
      std::string name = str(e, "name");
      if (name.empty()) {
        fail("env variable name must be specified for " + user_name +
             " to use exec authentication plugin");
      }
      out.env.emplace_back(name, str(e, "value"));
    }
  }
  std::string mode = str(exec, "interactiveMode");
  // parity: clientcmd/api/v1 SetDefaults_ExecConfig: v1beta1 defaults to IfAvailable
  if (mode.empty() && out.api_version == kExecV1beta1) mode = "IfAvailable";
  if (mode.empty()) {
    fail("interactiveMode must be specified for " + user_name +
         " to use exec authentication plugin");
  } else if (mode == "Never") {
    out.interactive_mode = InteractiveMode::Never;
  } else if (mode == "IfAvailable") {
    out.interactive_mode = InteractiveMode::IfAvailable;
  } else if (mode == "Always") {
    out.interactive_mode = InteractiveMode::Always;
  } else {
    fail("invalid interactiveMode for " + user_name + ": " + quote(mode));
  }
  if (out.api_version != kExecV1 && out.api_version != kExecV1beta1) {
    // parity: exec.newAuthenticator rejects other versions (v1alpha1 is gone)
    fail("apiVersion " + quote(out.api_version) + " is not supported");
  }
  // parity: loader.go GetAuthInfoFileReferences: only a command with a separator is a path
  if (out.command.find('/') != std::string::npos) {
    out.command = detail::resolve_path(out.command, detail::absolute_dir(user.file));
  }
  if (const Value* exts = cluster_body.is_map() ? cluster_body.find("extensions") : nullptr;
      exts && exts->is_list()) {
    for (const Value& e : exts->as_list()) {
      if (str(e, "name") == kExecExtension) {
        const Value* ext = e.find("extension");
        out.cluster_config = ext ? *ext : Value();
      }
    }
  }
  return out;
}

void resolve_cluster(const NamedEntry& entry, const std::string& name, ClusterConfig& out) {
  const Value& c = entry.body;
  std::string field = entry.field + ".cluster";
  auto fail = [&](const std::string& message) -> void {
    throw Error(Where{entry.file}, field + ": " + message);
  };
  out.server = str(c, "server");
  // parity: validateClusterInfo
  if (out.server.empty()) fail("no server found for cluster " + quote(name));
  out.tls_server_name = str(c, "tls-server-name");
  out.proxy_url = str(c, "proxy-url");
  if (!out.proxy_url.empty()) {
    std::size_t colon = out.proxy_url.find("://");
    std::string scheme = colon == std::string::npos ? "" : out.proxy_url.substr(0, colon);
    if (scheme != "http" && scheme != "https" && scheme != "socks5") {
      // parity: client_config.go parseProxyURL
      fail("invalid 'proxy-url' " + quote(out.proxy_url) + " for cluster " + quote(name) +
           ": unsupported scheme " + quote(scheme) + ", must be http, https, or socks5");
    }
  }
  out.insecure_skip_tls_verify = boolean(c, "insecure-skip-tls-verify");
  out.disable_compression = boolean(c, "disable-compression");
  std::string ca_file = str(c, "certificate-authority");
  std::string ca_data = decoded(c, "certificate-authority-data");
  if (!ca_file.empty()) ca_file = detail::resolve_path(ca_file, detail::absolute_dir(entry.file));
  if (!ca_data.empty()) {
    out.ca_pem = ca_data;
    if (!ca_file.empty()) {
      out.warnings.push_back(
          "certificate-authority-data and certificate-authority are both "
          "specified for " +
          name +
          ". certificate-authority-data will "
          "override.");
    }
  } else if (!ca_file.empty()) {
    out.ca_pem = read_referenced(ca_file, entry, field + ".certificate-authority");
  }
  if (out.insecure_skip_tls_verify) {
    if (!out.ca_pem.empty()) {
      // parity: transport.TLSConfigFor refuses a CA together with the insecure flag
      fail("specifying a root certificates file with the insecure flag is not allowed");
    }
    out.warnings.push_back("insecure-skip-tls-verify is set for cluster " + quote(name) +
                           ": the server's certificate will not be verified");
  }
}

void resolve_user(const NamedEntry& entry, const std::string& name, const Value& cluster_body,
                  ClusterConfig& out) {
  const Value& u = entry.body;
  std::string field = entry.field + ".user";
  auto fail = [&](const std::string& message) -> void {
    throw Error(Where{entry.file}, field + ": " + message);
  };
  std::string base = detail::absolute_dir(entry.file);
  auto path = [&](std::string_view key) { return detail::resolve_path(str(u, key), base); };

  // parity: validateAuthInfo counts token and basic auth as methods; exec and certificates
  // may accompany them
  std::vector<std::string> methods;
  std::string token = str(u, "token"), token_file = path("tokenFile");
  std::string username = str(u, "username"), password = str(u, "password");
  if (!token.empty()) methods.push_back("token");
  if (!username.empty() || !password.empty()) methods.push_back("basicAuth");
  if (methods.size() > 1) {
    fail("more than one authentication method found for " + name + "; found [" +
         join(methods, " ") + "], only one is allowed");
  }

  std::string cert_file = path("client-certificate"), key_file = path("client-key");
  std::string cert_data = decoded(u, "client-certificate-data");
  std::string key_data = decoded(u, "client-key-data");
  if (!cert_file.empty() || !cert_data.empty()) {
    if (!cert_file.empty() && !cert_data.empty()) {
      out.warnings.push_back("client-cert-data and client-cert are both specified for " + name +
                             ". client-cert-data will override.");
    }
    if (!key_file.empty() && !key_data.empty()) {
      out.warnings.push_back("client-key-data and client-key are both specified for " + name +
                             "; client-key-data will override");
    }
    if (key_file.empty() && key_data.empty()) {
      fail("client-key-data or client-key must be specified for " + name +
           " to use the clientCert authentication method.");
    }
    out.client_certificate_pem =
        !cert_data.empty() ? cert_data
                           : read_referenced(cert_file, entry, field + ".client-certificate");
    out.client_key_pem =
        !key_data.empty() ? key_data : read_referenced(key_file, entry, field + ".client-key");
  }

  Impersonation& imp = out.impersonate;
  imp.user = str(u, "as");
  imp.uid = str(u, "as-uid");
  imp.groups = strings(u, "as-groups");
  if (const Value* extra = u.find("as-user-extra"); extra && extra->is_map()) {
    for (const auto& [k, _] : extra->as_map()) imp.extra[k] = strings(*extra, k);
  }
  if (imp.user.empty() && (!imp.uid.empty() || !imp.groups.empty() || !imp.extra.empty())) {
    fail("requesting uid, groups or user-extra for " + name + " without impersonating a user");
  }

  const Value* exec = u.is_map() ? u.find("exec") : nullptr;
  const Value* provider = u.is_map() ? u.find("auth-provider") : nullptr;
  if (exec && !exec->is_null() && provider && !provider->is_null()) {
    fail("authProvider cannot be provided in combination with an exec plugin for " + name);
  }
  if (provider && !provider->is_null() && (!exec || exec->is_null()) && token.empty() &&
      token_file.empty()) {
    fail("auth-provider " + quote(str(*provider, "name")) +
         " is not supported; use an exec credential plugin");
  }

  Auth& auth = out.auth;
  if (exec && !exec->is_null()) auth.exec = resolve_exec(*exec, entry, name, cluster_body);
  // parity: getUserIdentificationPartialConfig and transport.HTTPWrappersForConfig: a token
  // file is read now (and must exist) and re-read later; the bearer header stops exec
  if (!token.empty()) {
    auth.kind = token_file.empty() ? Auth::Kind::Token : Auth::Kind::TokenFile;
    auth.token = token;
    auth.token_file = token_file;
  } else if (!token_file.empty()) {
    auth.kind = Auth::Kind::TokenFile;
    auth.token = std::string(trim(read_referenced(token_file, entry, field + ".tokenFile")));
    auth.token_file = token_file;
  } else if (!username.empty() || !password.empty()) {
    auth.kind = Auth::Kind::Basic;
    auth.username = username;
    auth.password = password;
  } else if (auth.exec) {
    auth.kind = Auth::Kind::Exec;
  }
}

std::string auth_kind_name(Auth::Kind k) {
  switch (k) {
    case Auth::Kind::None:
      return "none";
    case Auth::Kind::Token:
      return "bearer token";
    case Auth::Kind::TokenFile:
      return "bearer token file";
    case Auth::Kind::Basic:
      return "basic";
    case Auth::Kind::Exec:
      return "exec plugin";
  }
  return "?";
}

}  // namespace

std::string ClusterConfig::describe() const {
  std::string out;
  auto line = [&](std::string_view key, const std::string& v) {
    out += std::string(key) + ": " + v + "\n";
  };
  auto secret = [](const std::string& s) { return s.empty() ? "<none>" : "<redacted>"; };
  if (in_cluster) {
    line("source", "in-cluster service account");
  } else {
    line("context", quote(context));
    line("cluster", quote(cluster));
    line("user", quote(user));
  }
  line("server", server);
  line("namespace", namespace_name);
  line("certificate-authority",
       ca_pem.empty() ? "system roots" : std::to_string(ca_pem.size()) + " bytes of PEM");
  if (insecure_skip_tls_verify) line("insecure-skip-tls-verify", "true");
  if (!tls_server_name.empty()) line("tls-server-name", tls_server_name);
  if (!proxy_url.empty()) {
    // A proxy URL may carry user:password@.
    std::string shown = proxy_url;
    std::size_t scheme = shown.find("://");
    std::size_t at = shown.find('@', scheme == std::string::npos ? 0 : scheme + 3);
    if (scheme != std::string::npos && at != std::string::npos) {
      shown = shown.substr(0, scheme + 3) + "<redacted>@" + shown.substr(at + 1);
    }
    line("proxy-url", shown);
  }
  line("client-certificate", client_certificate_pem.empty() ? "<none>" : "present");
  line("client-key", secret(client_key_pem));
  line("auth", auth_kind_name(auth.kind));
  switch (auth.kind) {
    case Auth::Kind::Token:
      line("token", secret(auth.token));
      break;
    case Auth::Kind::TokenFile:
      line("token-file", auth.token_file);
      break;
    case Auth::Kind::Basic:
      line("username", auth.username);
      line("password", secret(auth.password));
      break;
    default:
      break;
  }
  if (auth.exec) {
    const ExecConfig& e = *auth.exec;
    line("exec.command", e.command);
    line("exec.apiVersion", e.api_version);
    line("exec.args", std::to_string(e.args.size()) + " (not shown)");
    std::vector<std::string> names;
    for (const auto& [k, _] : e.env) names.push_back(k);
    line("exec.env", "[" + join(names, ", ") + "] (values not shown)");
    line("exec.interactiveMode", interactive_mode_name(e.interactive_mode));
    line("exec.provideClusterInfo", e.provide_cluster_info ? "true" : "false");
  }
  if (!impersonate.user.empty()) line("as", impersonate.user);
  return out;
}

Kubeconfig load_kubeconfig(const std::vector<std::string>& files, bool skip_missing) {
  Kubeconfig out;
  for (const std::string& file : files) {
    if (file.empty()) continue;
    if (!file_exists(file)) {
      // parity: loader.go Load skips missing files of the precedence list
      if (skip_missing) continue;
      throw Error(Where{file}, std::string("cannot read kubeconfig: ") + std::strerror(ENOENT));
    }
    struct stat st;
    if (::stat(file.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
      throw Error(Where{file}, std::string("cannot read kubeconfig: ") + std::strerror(EISDIR));
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      throw Error(Where{file}, std::string("cannot read kubeconfig: ") + std::strerror(errno));
    }
    std::ostringstream text;
    text << in.rdbuf();
    out.files.push_back(file);
    merge_file(file, parse_file(file, text.str()), out);
  }
  return out;
}

std::vector<std::string> kubeconfig_files(const LoadOptions& options) {
  if (!options.kubeconfig.empty()) return {options.kubeconfig};
  std::vector<std::string> out;
  std::optional<std::string> env = env_get(options, "KUBECONFIG");
  if (env && !env->empty()) {
    // parity: loader.go NewDefaultClientConfigLoadingRules: split on the list separator,
    // duplicates removed, first kept
    std::set<std::string> seen;
    for (const std::string& part : split(*env, ":")) {
      if (part.empty() || !seen.insert(part).second) continue;
      out.push_back(part);
    }
    return out;
  }
  std::optional<std::string> home = env_get(options, "HOME");
  if (home && !home->empty()) out.push_back(*home + "/.kube/config");
  return out;
}

ClusterConfig resolve(const Kubeconfig& config, const LoadOptions& options) {
  ClusterConfig out;
  std::string where = config.files.empty() ? "kubeconfig" : config.files.front();
  out.context = options.context.empty() ? config.current_context : options.context;
  if (out.context.empty()) {
    if (config.empty()) {
      // parity: clientcmd ErrEmptyConfig
      throw Error("invalid configuration: no configuration has been provided");
    }
    throw Error(Where{where}, "no context chosen: set current-context or pass --context");
  }
  auto ctx = config.contexts.find(out.context);
  if (ctx == config.contexts.end()) {
    // parity: errContextNotFound
    throw Error(Where{where}, "context was not found for specified context: " + out.context);
  }
  const NamedEntry& context = ctx->second;
  out.cluster = str(context.body, "cluster");
  out.user = str(context.body, "user");
  std::string field = context.field + ".context";
  // parity: validateContext
  if (out.cluster.empty()) {
    throw Error(Where{context.file},
                field + ": cluster was not specified for context " + quote(out.context));
  }
  auto cluster = config.clusters.find(out.cluster);
  if (cluster == config.clusters.end()) {
    throw Error(Where{context.file}, field + ".cluster: cluster " + quote(out.cluster) +
                                         " was not found for context " + quote(out.context));
  }
  resolve_cluster(cluster->second, out.cluster, out);
  if (!out.user.empty()) {
    auto user = config.users.find(out.user);
    if (user == config.users.end()) {
      throw Error(Where{context.file}, field + ".user: user " + quote(out.user) +
                                           " was not found for context " + quote(out.context));
    }
    resolve_user(user->second, out.user, cluster->second.body, out);
  }
  // kubectl does not check the namespace's form here (validateContext would); the server
  // rejects a bad one in the request.
  std::string context_ns = str(context.body, "namespace");
  out.namespace_name = options.namespace_override;
  if (out.namespace_name.empty()) out.namespace_name = context_ns;
  if (out.namespace_name.empty()) out.namespace_name = "default";
  return out;
}

std::optional<ClusterConfig> in_cluster_config(const LoadOptions& options) {
  std::optional<std::string> host = env_get(options, "KUBERNETES_SERVICE_HOST");
  std::optional<std::string> port = env_get(options, "KUBERNETES_SERVICE_PORT");
  std::string dir = options.service_account_dir;
  std::string token_file = dir + "/token";
  // parity: inClusterClientConfig.Possible
  if (!host || host->empty() || !port || port->empty() || !file_exists(token_file)) {
    return std::nullopt;
  }
  ClusterConfig out;
  out.in_cluster = true;
  // parity: rest.InClusterConfig: net.JoinHostPort brackets an IPv6 host
  std::string h = host->find(':') != std::string::npos ? "[" + *host + "]" : *host;
  out.server = "https://" + h + ":" + *port;
  NamedEntry origin{Value(), token_file, ""};
  out.auth.kind = Auth::Kind::TokenFile;
  out.auth.token_file = token_file;
  out.auth.token = std::string(trim(read_referenced(token_file, origin, "service account token")));
  // parity: InClusterConfig only logs an unreadable ca.crt and goes on without it
  std::ifstream ca(dir + "/ca.crt", std::ios::binary);
  if (ca) {
    std::ostringstream text;
    text << ca.rdbuf();
    out.ca_pem = text.str();
  } else {
    out.warnings.push_back("in-cluster: cannot read " + dir + "/ca.crt; using the system roots");
  }
  // parity: inClusterClientConfig.Namespace: POD_NAMESPACE, then the namespace file
  out.namespace_name = options.namespace_override;
  if (out.namespace_name.empty())
    out.namespace_name = env_get(options, "POD_NAMESPACE").value_or("");
  if (out.namespace_name.empty()) {
    std::ifstream ns(dir + "/namespace", std::ios::binary);
    if (ns) {
      std::ostringstream text;
      text << ns.rdbuf();
      out.namespace_name = std::string(trim(text.str()));
    }
  }
  if (out.namespace_name.empty()) out.namespace_name = "default";
  return out;
}

ClusterConfig load_cluster_config(const LoadOptions& options) {
  if (!options.kubeconfig.empty() && !file_exists(options.kubeconfig)) {
    // parity: loader.go Load: an explicit file must exist
    throw Error(Where{options.kubeconfig}, "kubeconfig file given with --kubeconfig not found");
  }
  Kubeconfig config = load_kubeconfig(kubeconfig_files(options));
  // parity: DeferredLoadingClientConfig.ClientConfig: a merged config that chooses no
  // context (empty, or no current-context and no --context) falls back to in-cluster
  // configuration when that is possible
  if (options.context.empty() && config.current_context.empty()) {
    if (std::optional<ClusterConfig> icc = in_cluster_config(options)) {
      log::debug("kube", "using the in-cluster service account: " + icc->server);
      return *icc;
    }
  }
  ClusterConfig out = resolve(config, options);
  log::debug("kube", "kubeconfig " + join(config.files, ":") + ": context " + quote(out.context) +
                         ", server " + out.server + ", namespace " + out.namespace_name);
  return out;
}

}  // namespace primer::kube
