#include "kube/kubeconfig.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "base/error.h"
#include "base/strings.h"
#include "kube/detail/util.h"
#include "tests/kube/kube_test_util.h"
#include "tests/support/support.h"

namespace primer::kube {
namespace {

using test::replace_all;
using test::TempDir;
using value::Value;

std::string str_at(const Value& map, const char* key) {
  const Value* v = map.is_map() ? map.find(key) : nullptr;
  return v && v->is_string() ? v->as_string() : "";
}

// One line per entry, from the fields both primer and `kubectl config view` show.
std::string summary_line(const std::string& section, const std::string& name, const Value& body) {
  std::string line = section + " " + name;
  auto add = [&](const char* label, const char* key) {
    std::string v = str_at(body, key);
    if (!v.empty()) line += std::string(" ") + label + "=" + v;
  };
  if (section == "cluster") {
    add("server", "server");
    add("ca", "certificate-authority");
  } else if (section == "context") {
    add("cluster", "cluster");
    add("user", "user");
    add("namespace", "namespace");
  } else {
    add("token", "token");
    add("tokenFile", "tokenFile");
  }
  return line + "\n";
}

std::string summary(const Kubeconfig& config) {
  std::string out = "current-context=" + config.current_context + "\n";
  for (const auto& [name, e] : config.clusters) out += summary_line("cluster", name, e.body);
  for (const auto& [name, e] : config.contexts) out += summary_line("context", name, e.body);
  for (const auto& [name, e] : config.users) out += summary_line("user", name, e.body);
  return out;
}

// The same summary from `kubectl config view --raw -o json` (entries sorted by name).
std::string kubectl_summary(const std::string& json) {
  Value v = value::parse_json("kubectl", json, value::Numbers::Typed);
  std::string out = "current-context=" + str_at(v, "current-context") + "\n";
  for (auto [list, body, section] :
       {std::tuple{"clusters", "cluster", "cluster"}, std::tuple{"contexts", "context", "context"},
        std::tuple{"users", "user", "user"}}) {
    const Value* items = v.find(list);
    if (!items || !items->is_list()) continue;
    for (const Value& item : items->as_list()) {
      const Value* b = item.find(body);
      out += summary_line(section, str_at(item, "name"), b ? *b : Value());
    }
  }
  return out;
}

std::optional<std::string> kubectl() {
  std::optional<std::string> k = primer::test::oracle("KUBECTL");
  return k;
}

std::string run_kubectl(const std::string& kubeconfig_env, const std::string& args, int* status) {
  return primer::test::run_command(
      "KUBECONFIG='" + kubeconfig_env + "' '" + *kubectl() + "' " + args + " 2>&1", status);
}

const char* kFileA = R"(apiVersion: v1
kind: Config
current-context: ctx-a
clusters:
- name: shared
  cluster:
    server: https://a.example:6443
    certificate-authority: certs/ca.pem
- name: only-a
  cluster:
    server: https://only-a:6443
contexts:
- name: ctx-a
  context: {cluster: shared, user: u1, namespace: team-a}
users:
- name: u1
  user: {token: tok-a}
)";

const char* kFileB = R"(apiVersion: v1
kind: Config
current-context: ctx-b
clusters:
- name: shared
  cluster:
    server: https://b.example:6443
- name: only-b
  cluster: {server: https://only-b:6443, insecure-skip-tls-verify: true}
contexts:
- name: ctx-b
  context: {cluster: only-b, user: u2}
- name: ctx-a
  context: {cluster: only-b, user: u2}
users:
- name: u2
  user: {tokenFile: tok.txt}
- name: u1
  user: {token: tok-b}
)";

const char* kNoCurrent = R"(apiVersion: v1
kind: Config
clusters:
- name: c
  cluster: {server: https://c:6443}
)";

struct MergeCase {
  const char* name;  // the rule this case pins
  std::vector<std::pair<const char*, const char*>> files;
  const char* kubeconfig;  // KUBECONFIG, names relative to the test directory
  const char* want;
};

// Summaries checked with kubectl 1.33 `config view --raw` (also compared live below).
const MergeCase kMergeCases[] = {
    {"first file wins a named entry whole",
     {{"a.yaml", kFileA}, {"b.yaml", kFileB}},
     "a.yaml:b.yaml",
     "current-context=ctx-a\n"
     "cluster only-a server=https://only-a:6443\n"
     "cluster only-b server=https://only-b:6443\n"
     "cluster shared server=https://a.example:6443 ca=certs/ca.pem\n"
     "context ctx-a cluster=shared user=u1 namespace=team-a\n"
     "context ctx-b cluster=only-b user=u2\n"
     "user u1 token=tok-a\n"
     "user u2 tokenFile=tok.txt\n"},
    {"order of KUBECONFIG decides",
     {{"a.yaml", kFileA}, {"b.yaml", kFileB}},
     "b.yaml:a.yaml",
     "current-context=ctx-b\n"
     "cluster only-a server=https://only-a:6443\n"
     "cluster only-b server=https://only-b:6443\n"
     "cluster shared server=https://b.example:6443\n"
     "context ctx-a cluster=only-b user=u2\n"
     "context ctx-b cluster=only-b user=u2\n"
     "user u1 token=tok-b\n"
     "user u2 tokenFile=tok.txt\n"},
    {"current-context comes from the first file that sets it",
     {{"n.yaml", kNoCurrent}, {"b.yaml", kFileB}},
     "n.yaml:b.yaml",
     "current-context=ctx-b\n"
     "cluster c server=https://c:6443\n"
     "cluster only-b server=https://only-b:6443\n"
     "cluster shared server=https://b.example:6443\n"
     "context ctx-a cluster=only-b user=u2\n"
     "context ctx-b cluster=only-b user=u2\n"
     "user u1 token=tok-b\n"
     "user u2 tokenFile=tok.txt\n"},
    {"missing files, empty entries and repeats are skipped",
     {{"a.yaml", kFileA}, {"empty.yaml", ""}},
     "missing.yaml::empty.yaml:a.yaml:a.yaml",
     "current-context=ctx-a\n"
     "cluster only-a server=https://only-a:6443\n"
     "cluster shared server=https://a.example:6443 ca=certs/ca.pem\n"
     "context ctx-a cluster=shared user=u1 namespace=team-a\n"
     "user u1 token=tok-a\n"},
    {"a JSON kubeconfig",
     {{"j.json", R"({"apiVersion":"v1","kind":"Config","current-context":"j",)"
                 R"("contexts":[{"name":"j","context":{"cluster":"jc"}}],)"
                 R"("clusters":[{"name":"jc","cluster":{"server":"https://j"}}]})"},
      {"a.yaml", kFileA}},
     "j.json:a.yaml",
     "current-context=j\n"
     "cluster jc server=https://j\n"
     "cluster only-a server=https://only-a:6443\n"
     "cluster shared server=https://a.example:6443 ca=certs/ca.pem\n"
     "context ctx-a cluster=shared user=u1 namespace=team-a\n"
     "context j cluster=jc\n"
     "user u1 token=tok-a\n"},
    {"an entry without a body still claims its name",
     {{"x.yaml", "clusters:\n- name: shared\n"}, {"a.yaml", kFileA}},
     "x.yaml:a.yaml",
     "current-context=ctx-a\n"
     "cluster only-a server=https://only-a:6443\n"
     "cluster shared\n"
     "context ctx-a cluster=shared user=u1 namespace=team-a\n"
     "user u1 token=tok-a\n"},
};

std::string absolute_list(const TempDir& dir, const std::string& list) {
  std::vector<std::string> parts = split(list, ":");
  for (std::string& p : parts) {
    if (!p.empty()) p = dir.path() + "/" + p;
  }
  return join(parts, ":");
}

TEST(Kubeconfig, MergesAsKubectl) {
  for (const MergeCase& c : kMergeCases) {
    SCOPED_TRACE(c.name);
    TempDir dir;
    for (const auto& [name, text] : c.files) dir.write(name, text);
    std::string env = absolute_list(dir, c.kubeconfig);
    LoadOptions options;
    options.getenv = [&](const std::string& name) -> std::optional<std::string> {
      if (name == "KUBECONFIG") return env;
      return std::nullopt;
    };
    Kubeconfig merged = load_kubeconfig(kubeconfig_files(options));
    EXPECT_EQ(summary(merged), c.want);
    if (kubectl()) {
      int status = 0;
      std::string out = run_kubectl(env, "config view --raw -o json", &status);
      ASSERT_EQ(status, 0) << out;
      EXPECT_EQ(kubectl_summary(out), c.want);
    }
  }
  PRIMER_REQUIRE(kubectl().has_value(), "KUBECTL not set: merges not compared with kubectl");
}

TEST(Kubeconfig, FilesInPrecedenceOrder) {
  std::map<std::string, std::string> env = {{"HOME", "/home/me"}};
  LoadOptions options;
  options.getenv = [&](const std::string& name) -> std::optional<std::string> {
    auto it = env.find(name);
    if (it == env.end()) return std::nullopt;
    return it->second;
  };
  EXPECT_EQ(kubeconfig_files(options), std::vector<std::string>{"/home/me/.kube/config"});
  env["KUBECONFIG"] = "/a:/b::/a";
  EXPECT_EQ(kubeconfig_files(options), (std::vector<std::string>{"/a", "/b"}));
  options.kubeconfig = "/explicit";
  EXPECT_EQ(kubeconfig_files(options), std::vector<std::string>{"/explicit"});
}

struct ResolveCase {
  const char* name;        // the rule this case pins
  const char* kubeconfig;  // KUBECONFIG (a.yaml, b.yaml)
  const char* context;     // --context
  const char* ns;          // --namespace
  const char* want;        // context/cluster/user server namespace auth
};

const ResolveCase kResolveCases[] = {
    {"current context of the first file", "a.yaml:b.yaml", "", "",
     "ctx-a shared u1 https://a.example:6443 team-a bearer token"},
    {"--context picks another context", "a.yaml:b.yaml", "ctx-b", "",
     "ctx-b only-b u2 https://only-b:6443 default bearer token file"},
    {"--namespace overrides the context's", "a.yaml:b.yaml", "ctx-a", "other",
     "ctx-a shared u1 https://a.example:6443 other bearer token"},
    {"the context of the first file that defines it", "b.yaml:a.yaml", "ctx-a", "",
     "ctx-a only-b u2 https://only-b:6443 default bearer token file"},
};

std::string auth_name(Auth::Kind k) {
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
      return "exec";
  }
  return "?";
}

TEST(Kubeconfig, ResolvesAsKubectl) {
  for (const ResolveCase& c : kResolveCases) {
    SCOPED_TRACE(c.name);
    TempDir dir;
    dir.write("a.yaml", kFileA);
    dir.write("b.yaml", kFileB);
    dir.write("certs/ca.pem", "CA PEM\n");
    dir.write("tok.txt", "  file-token\n");
    std::string env = absolute_list(dir, c.kubeconfig);
    LoadOptions options;
    options.context = c.context;
    options.namespace_override = c.ns;
    options.getenv = [&](const std::string& name) -> std::optional<std::string> {
      if (name == "KUBECONFIG") return env;
      return std::nullopt;
    };
    ClusterConfig got = load_cluster_config(options);
    EXPECT_EQ(got.context + " " + got.cluster + " " + got.user + " " + got.server + " " +
                  got.namespace_name + " " + auth_name(got.auth.kind),
              c.want);
    if (got.auth.kind == Auth::Kind::TokenFile) {
      // parity: cachingTokenSource trims the file's text
      EXPECT_EQ(got.auth.token, "file-token");
      EXPECT_EQ(got.auth.token_file, dir.path() + "/tok.txt");
      EXPECT_TRUE(got.insecure_skip_tls_verify);
      EXPECT_EQ(got.warnings, std::vector<std::string>{
                                  "insecure-skip-tls-verify is set for cluster \"only-b\": the "
                                  "server's certificate will not be verified"});
    } else {
      // parity: loader.go ResolveLocalPaths: relative to the defining file's directory
      EXPECT_EQ(got.ca_pem, "CA PEM\n");
    }
    if (kubectl()) {
      std::string args =
          "config view --minify --raw -o "
          "jsonpath='{.current-context} {.contexts[0].context.cluster} "
          "{.contexts[0].context.user} {.clusters[0].cluster.server}'";
      if (*c.context) args += std::string(" --context ") + c.context;
      int status = 0;
      std::string out = run_kubectl(env, args, &status);
      std::string want = c.want;
      // kubectl's view has no namespace default or auth kind: compare the first four words.
      std::vector<std::string> words = split(want, " ");
      words.resize(4);
      EXPECT_EQ(out, join(words, " "));
    }
  }
  PRIMER_REQUIRE(kubectl().has_value(), "KUBECTL not set: resolution not compared with kubectl");
}

TEST(Kubeconfig, RelativeCaPathMatchesKubectl) {
  TempDir dir;
  std::string a =
      dir.write("sub/a.yaml", replace_all(kFileA, "https://a.example:6443", "http://127.0.0.1:1"));
  LoadOptions options;
  options.kubeconfig = a;
  try {
    load_cluster_config(options);
    ADD_FAILURE() << "a missing CA file must fail";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()),
              a + ": clusters[0].cluster.certificate-authority: cannot read " + dir.path() +
                  "/sub/certs/ca.pem: No such file or directory");
  }
  PRIMER_REQUIRE(kubectl().has_value(), "KUBECTL not set");
  int status = 0;
  std::string out = run_kubectl(a, "get --raw /version --request-timeout=2s", &status);
  EXPECT_NE(out.find("unable to read certificate-authority " + dir.path() +
                     "/sub/certs/ca.pem for shared"),
            std::string::npos)
      << out;
}

const char* kHead = R"(apiVersion: v1
kind: Config
current-context: x
contexts:
- name: x
  context: {cluster: c, user: u}
clusters:
- name: c
  cluster: {server: 'http://127.0.0.1:1'}
)";

struct ErrorCase {
  const char* name;                    // the rule this case pins
  std::string text;                    // the kubeconfig
  const char* want;                    // the whole error; {f} is the file
  const char* kubectl_says = nullptr;  // part of kubectl's error for the same file, if it fails
};

const ErrorCase kErrorCases[] = {
    {"a string field holding a number",
     std::string(kHead) + "users:\n- name: u\n  user: {token: 123}\n",
     "{f}: users[0].user.token: expected a string, got a number",
     "cannot unmarshal number into Go struct field AuthInfo.users.user.token of type string"},
    {"bad base64 in a data field",
     std::string(kHead) + "users:\n- name: u\n  user: {client-key-data: 'abc!'}\n",
     "{f}: users[0].user.client-key-data: illegal base64 data at input byte 3",
     "illegal base64 data at input byte 3"},
    {"a list that is a map", std::string(kHead) + "users: {u: {}}\n",
     "{f}: users: expected a list, got a map", "cannot unmarshal object into Go struct field"},
    {"a name listed twice in one file",
     std::string(kHead) + "- name: c\n  cluster: {server: 'http://127.0.0.1:2'}\n",
     "{f}: clusters[1].name: duplicate name \"c\"", "duplicate name \"c\" in list"},
    {"YAML syntax error carries line and column", "clusters: [\n",
     "{f}:2:1: yaml: line 1: did not find expected node content",
     "did not find expected node content"},
    {"current-context y is a YAML 1.1 boolean",
     "current-context: y\nclusters:\n- name: c\n  cluster: {server: 'http://127.0.0.1:1'}\n",
     "{f}: current-context: expected a string, got a boolean",
     "cannot unmarshal bool into Go struct field Config.current-context of type string"},
    {"current-context naming a missing context",
     "current-context: ctx-y\nclusters:\n- name: c\n  cluster: {server: 'http://127.0.0.1:1'}\n",
     "{f}: context was not found for specified context: ctx-y",
     "context was not found for specified context: ctx-y"},
    {"exec v1 needs interactiveMode",
     std::string(kHead) + "users:\n- name: u\n  user:\n    exec: {command: p, apiVersion: "
                          "client.authentication.k8s.io/v1}\n",
     "{f}: users[0].user.exec: interactiveMode must be specified for u to use exec "
     "authentication plugin",
     "interactiveMode must be specified for u to use exec authentication plugin"},
    {"exec apiVersion must be supported",
     std::string(kHead) +
         "users:\n- name: u\n  user:\n    exec: {command: p, apiVersion: x, interactiveMode: "
         "Never}\n",
     "{f}: users[0].user.exec: apiVersion \"x\" is not supported"},
    {"exec needs a command",
     std::string(kHead) +
         "users:\n- name: u\n  user:\n    exec: {apiVersion: client.authentication.k8s.io/v1, "
         "interactiveMode: Never}\n",
     "{f}: users[0].user.exec: command must be specified for u to use exec authentication "
     "plugin",
     "command must be specified for u to use exec authentication plugin"},
    {"exec interactiveMode must be known",
     std::string(kHead) + "users:\n- name: u\n  user:\n    exec: {command: p, apiVersion: "
                          "client.authentication.k8s.io/v1, interactiveMode: Sometimes}\n",
     "{f}: users[0].user.exec: invalid interactiveMode for u: \"Sometimes\"",
     "invalid interactiveMode for u: \"Sometimes\""},
    {"exec env entries need a name",
     std::string(kHead) +
         "users:\n- name: u\n  user:\n    exec: {command: p, apiVersion: "
         "client.authentication.k8s.io/v1, interactiveMode: Never, env: [{value: v}]}\n",
     "{f}: users[0].user.exec: env variable name must be specified for u to use exec "
     "authentication plugin",
     "env variable name must be specified for u to use exec authentication plugin"},
    {"token and basic auth together",
     std::string(kHead) + "users:\n- name: u\n  user: {token: t, username: a, password: b}\n",
     "{f}: users[0].user: more than one authentication method found for u; found [token "
     "basicAuth], only one is allowed",
     "more than one authentication method found for u; found [token basicAuth], only one is "
     "allowed"},
    {"client certificate without key",
     std::string(kHead) + "users:\n- name: u\n  user: {client-certificate-data: YWJj}\n",
     "{f}: users[0].user: client-key-data or client-key must be specified for u to use the "
     "clientCert authentication method.",
     "client-key-data or client-key must be specified for u to use the clientCert "
     "authentication method."},
    {"impersonation extras without a user",
     std::string(kHead) + "users:\n- name: u\n  user: {as-groups: [a]}\n",
     "{f}: users[0].user: requesting uid, groups or user-extra for u without impersonating a "
     "user",
     "requesting uid, groups or user-extra for u without impersonating a user"},
    {"proxy-url scheme",
     "current-context: x\ncontexts:\n- name: x\n  context: {cluster: c}\nclusters:\n- name: c\n"
     "  cluster: {server: 'http://127.0.0.1:1', proxy-url: 'ftp://x'}\n",
     "{f}: clusters[0].cluster: invalid 'proxy-url' \"ftp://x\" for cluster \"c\": unsupported "
     "scheme \"ftp\", must be http, https, or socks5",
     "invalid 'proxy-url' \"ftp://x\" for cluster \"c\": unsupported scheme \"ftp\", must be "
     "http, https, or socks5"},
    {"CA together with insecure-skip-tls-verify",
     "current-context: x\ncontexts:\n- name: x\n  context: {cluster: c}\nclusters:\n- name: c\n"
     "  cluster: {server: 'https://127.0.0.1:1', insecure-skip-tls-verify: true, "
     "certificate-authority-data: YWJj}\n",
     "{f}: clusters[0].cluster: specifying a root certificates file with the insecure flag is "
     "not allowed"},
    // primer refuses where kubectl would fall back to http://localhost:8080
    {"cluster without server",
     "current-context: x\ncontexts:\n- name: x\n  context: {cluster: c}\nclusters:\n- name: c\n"
     "  cluster: {insecure-skip-tls-verify: true}\n",
     "{f}: clusters[0].cluster: no server found for cluster \"c\""},
    {"context naming a missing cluster",
     "current-context: x\ncontexts:\n- name: x\n  context: {cluster: nope, user: u}\n",
     "{f}: contexts[0].context.cluster: cluster \"nope\" was not found for context \"x\""},
    {"context naming a missing user", std::string(kHead) + "users: []\n",
     "{f}: contexts[0].context.user: user \"u\" was not found for context \"x\""},
    {"no context at all", "clusters:\n- name: c\n  cluster: {server: 'https://c'}\n",
     "{f}: no context chosen: set current-context or pass --context"},
};

TEST(Kubeconfig, MalformedInputsNameFileAndField) {
  for (const ErrorCase& c : kErrorCases) {
    SCOPED_TRACE(c.name);
    TempDir dir;
    std::string file = dir.write("config", c.text);
    LoadOptions options;
    options.kubeconfig = file;
    try {
      ClusterConfig got = load_cluster_config(options);
      ADD_FAILURE() << "loaded: " << got.describe();
    } catch (const Error& e) {
      EXPECT_EQ(std::string(e.what()), replace_all(c.want, "{f}", file));
      EXPECT_EQ(e.where().input, file);
    }
    if (c.kubectl_says && kubectl()) {
      int status = 0;
      std::string out = run_kubectl(file, "get --raw /version --request-timeout=2s", &status);
      EXPECT_NE(status, 0);
      EXPECT_NE(out.find(c.kubectl_says), std::string::npos) << out;
    }
  }
  PRIMER_REQUIRE(kubectl().has_value(), "KUBECTL not set: errors not compared with kubectl");
}

TEST(Kubeconfig, ContextOverrideNotFound) {
  TempDir dir;
  std::string file = dir.write("config", kFileA);
  LoadOptions options;
  options.kubeconfig = file;
  options.context = "nope";
  try {
    load_cluster_config(options);
    ADD_FAILURE();
  } catch (const Error& e) {
    // parity: errContextNotFound, as kubectl prints it after "Error in configuration: "
    EXPECT_EQ(std::string(e.what()), file + ": context was not found for specified context: nope");
  }
}

TEST(Kubeconfig, MissingExplicitFileAndEmptyConfig) {
  LoadOptions options;
  options.kubeconfig = "/nonexistent/primer/config";
  try {
    load_cluster_config(options);
    ADD_FAILURE();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(),
                 "/nonexistent/primer/config: kubeconfig file given with --kubeconfig not found");
  }
  try {
    load_kubeconfig({"/tmp"});
    ADD_FAILURE();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "/tmp: cannot read kubeconfig: Is a directory");
  }
  LoadOptions empty;
  empty.getenv = [](const std::string& name) -> std::optional<std::string> {
    if (name == "KUBECONFIG") return "/nonexistent/primer/a:/nonexistent/primer/b";
    return std::nullopt;
  };
  empty.service_account_dir = "/nonexistent/primer/sa";
  try {
    load_cluster_config(empty);
    ADD_FAILURE();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "invalid configuration: no configuration has been provided");
  }
}

TEST(Kubeconfig, ExecConfigResolved) {
  TempDir dir;
  std::string file = dir.write("kube/config", R"(current-context: x
contexts:
- name: x
  context: {cluster: c, user: u, namespace: ns}
clusters:
- name: c
  cluster:
    server: https://c:6443
    extensions:
    - name: client.authentication.k8s.io/exec
      extension: {audience: primer}
users:
- name: u
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: ./bin/plugin
      args: [get-token, --cluster, c]
      env: [{name: A, value: "1"}]
      provideClusterInfo: true
      installHint: install it
)");
  LoadOptions options;
  options.kubeconfig = file;
  ClusterConfig got = load_cluster_config(options);
  ASSERT_EQ(got.auth.kind, Auth::Kind::Exec);
  const ExecConfig& e = *got.auth.exec;
  // parity: GetAuthInfoFileReferences resolves a command holding a separator
  EXPECT_EQ(e.command, dir.path() + "/kube/bin/plugin");
  EXPECT_EQ(e.args, (std::vector<std::string>{"get-token", "--cluster", "c"}));
  ASSERT_EQ(e.env.size(), 1u);
  EXPECT_EQ(e.env[0].first, "A");
  EXPECT_EQ(e.env[0].second, "1");
  // parity: SetDefaults_ExecConfig: v1beta1 defaults to IfAvailable
  EXPECT_EQ(e.interactive_mode, InteractiveMode::IfAvailable);
  EXPECT_TRUE(e.provide_cluster_info);
  EXPECT_EQ(value::to_json(e.cluster_config), "{\"audience\":\"primer\"}");
  EXPECT_EQ(got.namespace_name, "ns");
}

TEST(Kubeconfig, TokenWinsOverExecAndCertificatesAccompany) {
  TempDir dir;
  std::string file = dir.write("config", std::string(kHead) + R"(users:
- name: u
  user:
    token: t
    client-certificate: c.pem
    client-key-data: S0VZ
    exec: {command: p, apiVersion: client.authentication.k8s.io/v1, interactiveMode: Never}
)");
  dir.write("c.pem", "CERT");
  LoadOptions options;
  options.kubeconfig = file;
  ClusterConfig got = load_cluster_config(options);
  EXPECT_EQ(got.auth.kind, Auth::Kind::Token);
  EXPECT_TRUE(got.auth.exec.has_value());
  EXPECT_EQ(got.client_certificate_pem, "CERT");
  EXPECT_EQ(got.client_key_pem, "KEY");
}

// ---- in-cluster ---------------------------------------------------------------------------

TEST(InCluster, ServiceAccountConfiguration) {
  TempDir dir;
  dir.write("sa/token", "sa-token\n");
  dir.write("sa/ca.crt", "SA CA");
  dir.write("sa/namespace", "team\n");
  std::map<std::string, std::string> env = {{"KUBERNETES_SERVICE_HOST", "10.0.0.1"},
                                            {"KUBERNETES_SERVICE_PORT", "443"}};
  LoadOptions options;
  options.service_account_dir = dir.path() + "/sa";
  options.getenv = [&](const std::string& name) -> std::optional<std::string> {
    auto it = env.find(name);
    if (it == env.end()) return std::nullopt;
    return it->second;
  };
  // No kubeconfig anywhere: the in-cluster fallback applies.
  ClusterConfig got = load_cluster_config(options);
  EXPECT_TRUE(got.in_cluster);
  EXPECT_EQ(got.server, "https://10.0.0.1:443");
  EXPECT_EQ(got.ca_pem, "SA CA");
  EXPECT_EQ(got.namespace_name, "team");
  EXPECT_EQ(got.auth.kind, Auth::Kind::TokenFile);
  EXPECT_EQ(got.auth.token, "sa-token");
  EXPECT_EQ(got.auth.token_file, dir.path() + "/sa/token");

  env["KUBERNETES_SERVICE_HOST"] = "fd00::1";
  env["POD_NAMESPACE"] = "from-env";
  got = *in_cluster_config(options);
  EXPECT_EQ(got.server, "https://[fd00::1]:443");
  EXPECT_EQ(got.namespace_name, "from-env");

  // A kubeconfig that exists wins over the service account.
  std::string file = dir.write("config", std::string(kHead) + "users:\n- name: u\n  user: {}\n");
  env["KUBECONFIG"] = file;
  EXPECT_FALSE(load_cluster_config(options).in_cluster);

  // parity: DeferredLoadingClientConfig: a kubeconfig that chooses no context falls back too
  file = dir.write("config2", "clusters:\n- name: c\n  cluster: {server: 'https://c'}\n");
  env["KUBECONFIG"] = file;
  EXPECT_TRUE(load_cluster_config(options).in_cluster);
  options.context = "x";  // but not when --context asks for one
  EXPECT_THROW(load_cluster_config(options), Error);
  options.context.clear();

  env.erase("KUBECONFIG");
  env.erase("KUBERNETES_SERVICE_PORT");
  EXPECT_FALSE(in_cluster_config(options).has_value());
}

// ---- secrets --------------------------------------------------------------------------------

TEST(Secrets, NeverInDescribeOrErrors) {
  const std::vector<std::string> secrets = {"SECRET-TOKEN-1", "SECRET-PASSWORD-2",
                                            "SECRET-KEY-3",   "SECRET-ARG-4",
                                            "SECRET-ENV-5",   "SECRET-PROXY-6"};
  std::string key_b64 = detail::base64_encode("SECRET-KEY-3");
  TempDir dir;
  auto load = [&](const std::string& user, const std::string& cluster_extra = "") {
    std::string file =
        dir.write("config",
                  "current-context: x\ncontexts:\n- name: x\n  context: {cluster: c, user: u}\n"
                  "clusters:\n- name: c\n  cluster: {server: 'https://c'" +
                      cluster_extra + "}\nusers:\n- name: u\n  user: " + user + "\n");
    LoadOptions options;
    options.kubeconfig = file;
    return load_cluster_config(options);
  };
  std::vector<std::string> shown;
  // Loaded configurations, described.
  shown.push_back(load("{token: SECRET-TOKEN-1, client-certificate-data: Q0VSVA==, "
                       "client-key-data: " +
                           key_b64 + "}",
                       ", proxy-url: 'http://user:SECRET-PROXY-6@proxy:3128'")
                      .describe());
  shown.push_back(load("{username: bob, password: SECRET-PASSWORD-2}").describe());
  shown.push_back(load("{exec: {command: p, apiVersion: client.authentication.k8s.io/v1, "
                       "interactiveMode: Never, args: [--key, SECRET-ARG-4], "
                       "env: [{name: K, value: SECRET-ENV-5}]}}")
                      .describe());
  // Errors from entries that hold secrets.
  for (const std::string& user :
       {std::string("{token: SECRET-TOKEN-1, username: u, password: SECRET-PASSWORD-2}"),
        std::string("{token: SECRET-TOKEN-1, as-groups: [g]}"),
        std::string("{client-key-data: '" + key_b64 + "!'}"),
        std::string("{client-certificate-data: Q0VSVA==, password: SECRET-PASSWORD-2}"),
        std::string("{password: 7, token: SECRET-TOKEN-1}"),
        std::string("{exec: {command: p, apiVersion: bogus, args: [SECRET-ARG-4]}}"),
        std::string("{exec: {command: p, apiVersion: client.authentication.k8s.io/v1, "
                    "args: [SECRET-ARG-4], env: [{value: SECRET-ENV-5}]}}")}) {
    try {
      load(user);
      ADD_FAILURE() << "expected an error for " << user;
    } catch (const Error& e) {
      shown.push_back(e.what());
    }
  }
  for (const std::string& text : shown) {
    for (const std::string& secret : secrets) {
      EXPECT_EQ(text.find(secret), std::string::npos) << secret << " shown in:\n" << text;
    }
  }
  EXPECT_NE(shown[0].find("token: <redacted>"), std::string::npos) << shown[0];
  EXPECT_NE(shown[0].find("proxy-url: http://<redacted>@proxy:3128"), std::string::npos);
}

}  // namespace
}  // namespace primer::kube
