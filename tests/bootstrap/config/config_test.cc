// primer.yaml: reading every setting, the located errors for bad files (whole messages),
// validation, the marks that locate them, and flags laid over a file.
#include "bootstrap/config/config.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "base/strings.h"
#include "bootstrap/args/args.h"
#include "bootstrap/config/from_args.h"
#include "bootstrap/config/yaml_marks.h"
#include "tests/support/support.h"

namespace primer::bootstrap::config {
namespace {

namespace fs = std::filesystem;

// A fresh directory, removed at the end of the test.
class Dir {
 public:
  Dir() {
    path_ = fs::temp_directory_path() /
            ("primer-config-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~Dir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  Dir(const Dir&) = delete;
  Dir& operator=(const Dir&) = delete;

  std::string operator/(const std::string& name) const { return (path_ / name).string(); }
  std::string write(const std::string& name, const std::string& text) const {
    fs::create_directories((path_ / name).parent_path());
    std::ofstream(path_ / name, std::ios::binary) << text;
    return *this / name;
  }
  std::string path() const { return path_.string(); }

 private:
  fs::path path_;
};

// Runs `f` in `dir`, going back to the previous directory however it ends.
class InDir {
 public:
  explicit InDir(const std::string& dir) : previous_(fs::current_path()) { fs::current_path(dir); }
  ~InDir() { fs::current_path(previous_); }
  InDir(const InDir&) = delete;
  InDir& operator=(const InDir&) = delete;

 private:
  fs::path previous_;
};

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
  }
  return s;
}

// The error `f` throws, with `dir/` taken out of it so that messages read "primer.yaml:…".
template <class F>
std::string error_of(const Dir& dir, F f) {
  try {
    f();
  } catch (const Error& e) {
    return replace_all(e.what(), dir.path() + "/", "");
  }
  return "no error";
}

// ---- marks ------------------------------------------------------------------------------

TEST(YamlMarks, KeysValuesAndItems) {
  Marks m = yaml_marks(
      "handoff:\n"
      "  root:\n"
      "    repoURL: https://x\n"
      "values:\n"
      "  files: [a.yaml, \"b.yaml\"]\n"
      "  set:\n"
      "    - a=1\n"
      "chart: {version: 1.10}\n");
  auto at = [](const std::map<std::string, Mark, std::less<>>& marks, const std::string& path) {
    auto it = marks.find(path);
    return it == marks.end()
               ? std::string("none")
               : std::to_string(it->second.line) + ":" + std::to_string(it->second.column);
  };
  EXPECT_EQ(at(m.keys, "handoff"), "1:1");
  EXPECT_EQ(at(m.values, "handoff"), "2:3");
  EXPECT_EQ(at(m.keys, "handoff.root.repoURL"), "3:5");
  EXPECT_EQ(at(m.values, "handoff.root.repoURL"), "3:14");
  EXPECT_EQ(at(m.values, "values.files"), "5:10");
  EXPECT_EQ(at(m.values, "values.files[0]"), "5:11");
  EXPECT_EQ(at(m.values, "values.files[1]"), "5:19");
  EXPECT_EQ(at(m.values, "values.set[0]"), "7:7");
  EXPECT_EQ(at(m.values, "chart.version"), "8:18");
  EXPECT_EQ(m.scalars["chart.version"], "1.10");
  EXPECT_EQ(m.scalars["values.files[1]"], "b.yaml");
  EXPECT_EQ(at(m.values, ""), "1:1");
}

TEST(YamlMarks, ComplexKeysAndLaterDocumentsHaveNoPaths) {
  Marks m = yaml_marks("? [a, b]\n: {c: 1}\nd: 2\n---\ne: 3\n");
  EXPECT_EQ(m.keys.size(), 1u);
  EXPECT_TRUE(m.keys.contains("d"));
  EXPECT_TRUE(m.values.contains("d"));
  EXPECT_FALSE(m.values.contains("c"));
  EXPECT_FALSE(m.values.contains("e"));
}

TEST(YamlMarks, SyntaxErrorKeepsWhatWasRead) {
  Marks m = yaml_marks("a: 1\nb: [\n");
  EXPECT_TRUE(m.values.contains("a"));
}

// ---- reading ----------------------------------------------------------------------------

TEST(ReadConfig, EmptyFileIsAllDefaults) {
  Dir dir;
  Config c = read_config(dir.write("primer.yaml", "# nothing yet\n"));
  EXPECT_EQ(c.source, dir / "primer.yaml");
  EXPECT_EQ(c.chart.name, "");
  EXPECT_EQ(c.release.name, "argocd");
  EXPECT_EQ(c.release.namespace_name, "argocd");
  EXPECT_TRUE(c.handoff.enabled);
  EXPECT_EQ(c.handoff.project, "default");
  EXPECT_EQ(c.handoff.root.name, "root");
  EXPECT_EQ(c.handoff.root.path, ".");
  EXPECT_EQ(c.handoff.root.target_revision, "HEAD");
  EXPECT_EQ(c.state.backend, "kubernetes");
  EXPECT_EQ(c.state.path, "primer.state.json");
  EXPECT_TRUE(c.places.empty());
}

// The chart block that `primer init` reads (formerly charts/config_file).
TEST(ReadConfig, ChartBlock) {
  Dir dir;
  Config c = read_config(dir.write(
      "primer.yaml", "chart:\n  repo: https://r.example\n  name: argo-cd\n  version: 7.6.1\n"));
  EXPECT_EQ(c.chart.repo, "https://r.example");
  EXPECT_EQ(c.chart.name, "argo-cd");
  EXPECT_EQ(c.chart.version, "7.6.1");
  EXPECT_NO_THROW(validate(c));
  Config bad = read_config(dir.write("bad.yaml", "chart:\n  repo: https://r.example\n"));
  EXPECT_EQ(error_of(dir, [&] { validate(bad); }),
            "bad.yaml:2:3: chart.name: no chart is named: give chart.name in primer.yaml, or "
            "-chart");
}

TEST(ReadConfig, EverySetting) {
  Dir dir;
  std::string path = dir.write("conf/primer.yaml", R"(chart:
  repo: https://argoproj.github.io/argo-helm
  name: argo-cd
  version: 1.10
release:
  name: cd
  namespace: gitops
values:
  files: [a.yaml, /abs/b.yaml, ../c.yaml]
  set: [a=1]
  setString: [b=2]
  setFile: [c=x.txt]
  setJson: ['d={"e":1}']
  setLiteral: [f=g]
cluster:
  kubeconfig: kube/config
  context: kind
handoff:
  enabled: false
  application: argo
  chartRepoURL: https://mirror.example/charts
  createProject:
    name: platform
    description: Platform
    sourceRepos: ["https://git.example/*"]
    destinations:
      - namespace: apps
      - server: https://other.example
        namespace: web
    clusterResources: false
  root:
    name: apps
    repoURL: https://git.example/gitops.git
    path: clusters/prod
    targetRevision: v1
    recurse: true
    destinationNamespace: apps
  syncPolicy: {automated: false, prune: false, selfHeal: false}
  repositories:
    - name: gitops
      url: https://git.example/gitops.git
      username: {env: GIT_USER}
      password: {file: secrets/token}
    - name: charts
      url: oci://registry.example/charts
      type: helm
      credentialTemplate: true
      project: platform
      sshPrivateKey: {env: SSH_KEY}
state:
  backend: local
  path: state/primer.json
)");
  Config c = read_config(path);
  std::string d = dir / "conf";
  EXPECT_EQ(c.chart.repo, "https://argoproj.github.io/argo-helm");
  EXPECT_EQ(c.chart.name, "argo-cd");
  EXPECT_EQ(c.chart.version, "1.10") << "a version is taken as written, not as a number";
  EXPECT_EQ(c.release.name, "cd");
  EXPECT_EQ(c.release.namespace_name, "gitops");
  EXPECT_EQ(c.values.files,
            (std::vector<std::string>{d + "/a.yaml", "/abs/b.yaml", dir / "c.yaml"}));
  EXPECT_EQ(c.values.set, std::vector<std::string>{"a=1"});
  EXPECT_EQ(c.values.set_string, std::vector<std::string>{"b=2"});
  EXPECT_EQ(c.values.set_file, std::vector<std::string>{"c=x.txt"});
  EXPECT_EQ(c.values.set_json, std::vector<std::string>{"d={\"e\":1}"});
  EXPECT_EQ(c.values.set_literal, std::vector<std::string>{"f=g"});
  EXPECT_EQ(c.cluster.kubeconfig, d + "/kube/config");
  EXPECT_EQ(c.cluster.context, "kind");
  const Handoff& h = c.handoff;
  EXPECT_FALSE(h.enabled);
  EXPECT_EQ(h.application, "argo");
  EXPECT_EQ(h.project, "platform") << "a created project is the Applications' project";
  EXPECT_EQ(h.chart_repo_url, "https://mirror.example/charts");
  EXPECT_EQ(h.create_project.name, "platform");
  EXPECT_EQ(h.create_project.description, "Platform");
  EXPECT_EQ(h.create_project.source_repos, std::vector<std::string>{"https://git.example/*"});
  using Dest = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(h.create_project.destinations,
            (Dest{{"https://kubernetes.default.svc", "apps"}, {"https://other.example", "web"}}));
  EXPECT_FALSE(h.create_project.cluster_resources);
  EXPECT_EQ(h.root.name, "apps");
  EXPECT_EQ(h.root.repo_url, "https://git.example/gitops.git");
  EXPECT_EQ(h.root.path, "clusters/prod");
  EXPECT_EQ(h.root.target_revision, "v1");
  EXPECT_TRUE(h.root.recurse);
  EXPECT_EQ(h.root.destination_namespace, "apps");
  EXPECT_FALSE(h.sync_policy.automated);
  EXPECT_FALSE(h.sync_policy.prune);
  EXPECT_FALSE(h.sync_policy.self_heal);
  ASSERT_EQ(h.repositories.size(), 2u);
  EXPECT_EQ(h.repositories[0].name, "gitops");
  EXPECT_EQ(h.repositories[0].type, "git");
  EXPECT_EQ(h.repositories[0].username.env, "GIT_USER");
  EXPECT_EQ(h.repositories[0].password.file, d + "/secrets/token");
  EXPECT_FALSE(h.repositories[0].credential_template);
  EXPECT_EQ(h.repositories[1].type, "helm");
  EXPECT_TRUE(h.repositories[1].credential_template);
  EXPECT_EQ(h.repositories[1].project, "platform");
  EXPECT_EQ(h.repositories[1].ssh_private_key.env, "SSH_KEY");
  EXPECT_TRUE(h.repositories[1].password.empty());
  EXPECT_EQ(c.state.backend, "local");
  EXPECT_EQ(c.state.path, d + "/state/primer.json");
  EXPECT_NO_THROW(validate(c));
  EXPECT_EQ(format_where(c.places.at("handoff.root.repoURL")), path + ":33:14");
  EXPECT_EQ(format_where(c.places.at("values.files[2]")), path + ":9:32");
}

TEST(ReadConfig, ExplicitProjectWinsOverTheCreatedOne) {
  Dir dir;
  Config c =
      read_config(dir.write("primer.yaml",
                            "chart: {name: x}\nhandoff:\n  project: default\n  createProject:\n"
                            "    name: extra\n"));
  EXPECT_EQ(c.handoff.project, "default");
  EXPECT_EQ(c.handoff.create_project.name, "extra");
}

struct BadCase {
  const char* name;  // the rule this case pins
  const char* yaml;
  const char* want;  // the whole error, with the file written as primer.yaml
};

// Errors found while reading: unknown keys, wrong types, inline secrets, YAML syntax.
const BadCase kReadCases[] = {
    {"the document is a map", "- chart\n",
     "primer.yaml:1:1: expected a map of settings, got a list"},
    {"unknown top-level key with a suggestion", "chart: {name: x}\nchrat: {}\n",
     "primer.yaml:2:1: chrat: unknown setting. Did you mean \"chart\"?"},
    {"unknown nested key with a suggestion", "handoff:\n  rooot:\n    repoURL: x\n",
     "primer.yaml:2:3: handoff.rooot: unknown setting. Did you mean \"root\"?"},
    {"keys are case-sensitive", "handoff:\n  root:\n    repoUrl: x\n",
     "primer.yaml:3:5: handoff.root.repoUrl: unknown setting. Did you mean \"repoURL\"?"},
    {"unknown key far from any lists the known ones", "release:\n  replicas: 3\n",
     "primer.yaml:2:3: release.replicas: unknown setting (known here: name, namespace)"},
    {"the first unknown key in the file is named", "state:\n  zzz: 1\n  aaa: 2\n",
     "primer.yaml:2:3: state.zzz: unknown setting (known here: backend, path)"},
    {"a section is a map", "chart: argo-cd\n",
     "primer.yaml:1:8: chart: expected a map, got a string"},
    {"a string setting is not a list", "handoff:\n  root:\n    repoURL: [a, b]\n",
     "primer.yaml:3:14: handoff.root.repoURL: expected a string, got a list"},
    {"a string setting is not a map", "release:\n  name:\n    first: a\n",
     "primer.yaml:3:5: release.name: expected a string, got a map"},
    {"a boolean is not a string", "handoff:\n  enabled: \"no\"\n",
     "primer.yaml:2:12: handoff.enabled: expected true or false, got a string"},
    {"a boolean is not a number", "handoff:\n  syncPolicy:\n    prune: 1\n",
     "primer.yaml:3:12: handoff.syncPolicy.prune: expected true or false, got a number"},
    {"a list setting is a list", "values:\n  files: a.yaml\n",
     "primer.yaml:2:10: values.files: expected a list, got a string"},
    {"list items are strings", "values:\n  set:\n    - a=1\n    - {b: 2}\n",
     "primer.yaml:4:7: values.set[1]: expected a string, got a map"},
    {"list items are not null", "values:\n  setJson: [a=1, null]\n",
     "primer.yaml:2:18: values.setJson[1]: expected a string, got null"},
    {"repositories are maps", "handoff:\n  repositories:\n    - https://git.example\n",
     "primer.yaml:3:7: handoff.repositories[0]: expected a map of repository settings, got a "
     "string"},
    {"repository keys are checked",
     "handoff:\n  repositories:\n    - name: a\n      url: b\n      typ: git\n",
     "primer.yaml:5:7: handoff.repositories[0].typ: unknown setting. Did you mean \"type\"?"},
    {"destinations are maps", "handoff:\n  createProject:\n    destinations: [\"*\"]\n",
     "primer.yaml:3:20: handoff.createProject.destinations[0]: expected a map {server, "
     "namespace}, got a string"},
    {"a secret is not a list",
     "handoff:\n  repositories:\n    - name: a\n      url: b\n      password: [x]\n",
     "primer.yaml:5:17: handoff.repositories[0].password: expected {env: VARIABLE} or {file: "
     "PATH}, got a list"},
    {"a secret names env or file, not both",
     "handoff:\n  repositories:\n    - name: a\n      url: b\n"
     "      password: {env: A, file: b}\n",
     "primer.yaml:5:17: handoff.repositories[0].password: give env or file, not both"},
    {"a secret names env or file",
     "handoff:\n  repositories:\n    - name: a\n      url: b\n      sshPrivateKey: {}\n",
     "primer.yaml:5:22: handoff.repositories[0].sshPrivateKey: give {env: VARIABLE} (an "
     "environment variable) or {file: PATH} (a file holding it)"},
    {"a secret has only env and file",
     "handoff:\n  repositories:\n    - name: a\n      url: b\n      password: {envv: A}\n",
     "primer.yaml:5:18: handoff.repositories[0].password.envv: unknown setting. Did you mean "
     "\"env\"?"},
    {"YAML syntax errors keep their place", "chart:\n  name: a\n   bad: x\n",
     "primer.yaml:3:7: yaml: line 3: mapping values are not allowed in this context"},
};

TEST(ReadConfig, BadFiles) {
  for (const BadCase& c : kReadCases) {
    Dir dir;
    std::string path = dir.write("primer.yaml", c.yaml);
    EXPECT_EQ(error_of(dir, [&] { read_config(path); }), c.want) << c.name;
  }
}

// Secrets come from the environment or files; one written inline is refused, and the
// message must not repeat it (it would end up in CI logs).
TEST(ReadConfig, InlineSecretIsRefusedWithoutEchoingIt) {
  const char* kForms[] = {
      "password: hunter2-Zq9", "password: \"hunter2-Zq9\"",  "password: |\n          hunter2-Zq9",
      "username: hunter2-Zq9", "sshPrivateKey: hunter2-Zq9", "password: 4242424242",
  };
  for (const char* form : kForms) {
    Dir dir;
    std::string path = dir.write(
        "primer.yaml", std::string("handoff:\n  repositories:\n    - name: a\n      url: b\n"
                                   "      ") +
                           form + "\n");
    std::string error = error_of(dir, [&] { read_config(path); });
    std::string key(form, std::string_view(form).find(':'));
    EXPECT_TRUE(starts_with(error, "primer.yaml:5:")) << error;
    EXPECT_NE(error.find("handoff.repositories[0]." + key +
                         ": a secret cannot be written in primer.yaml; give {env: VARIABLE} (an "
                         "environment variable) or {file: PATH} (a file holding it)"),
              std::string::npos)
        << error;
    EXPECT_EQ(error.find("hunter2"), std::string::npos) << error;
    EXPECT_EQ(error.find("4242"), std::string::npos) << error;
  }
}

// ---- validation -------------------------------------------------------------------------

// Settings that read well one by one but not together, located in the file.
const BadCase kValidateCases[] = {
    {"a chart is named", "release: {name: a}\n",
     "primer.yaml: chart.name: no chart is named: give chart.name in primer.yaml, or -chart"},
    {"the release name is a DNS-1123 label", "chart: {name: x}\nrelease:\n  name: Argo_CD\n",
     "primer.yaml:3:9: release.name: invalid release name \"Argo_CD\": use at most 53 lower case "
     "letters, digits and '-', starting and ending with a letter or digit"},
    {"the release name has no dots", "chart: {name: x}\nrelease:\n  name: argo.cd\n",
     "primer.yaml:3:9: release.name: invalid release name \"argo.cd\": use at most 53 lower case "
     "letters, digits and '-', starting and ending with a letter or digit"},
    {"the release name has at most 53 characters (helm)",
     "chart: {name: x}\nrelease:\n  name: "
     "a23456789012345678901234567890123456789012345678901234\n",
     "primer.yaml:3:9: release.name: invalid release name "
     "\"a23456789012345678901234567890123456789012345678901234\": use at most 53 lower case "
     "letters, digits and '-', starting and ending with a letter or digit"},
    {"the namespace is a DNS-1123 label", "chart: {name: x}\nrelease:\n  namespace: -argocd\n",
     "primer.yaml:3:14: release.namespace: invalid namespace \"-argocd\": use at most 63 lower "
     "case letters, digits and '-', starting and ending with a letter or digit"},
    {"the state backend is kubernetes or local", "chart: {name: x}\nstate:\n  backend: s3\n",
     "primer.yaml:3:12: state.backend: unknown state backend \"s3\": use kubernetes or local"},
    {"the local backend has a path", "chart: {name: x}\nstate:\n  backend: local\n  path: ''\n",
     "primer.yaml:4:9: state.path: the local state backend needs a path"},
    {"the application name is a DNS-1123 subdomain",
     "chart: {name: x}\nhandoff:\n  application: Argo\n",
     "primer.yaml:3:16: handoff.application: invalid Application name \"Argo\": use at most 253 "
     "lower case letters, digits, '-' and '.', each part between dots starting and ending with "
     "a letter or digit"},
    {"a root Application has a path",
     "chart: {name: x}\nhandoff:\n  root:\n    repoURL: https://git.example\n    path: \"\"\n",
     "primer.yaml:5:11: handoff.root.path: the root Application needs a path in its repository "
     "(\".\" for the top)"},
    {"a root Application has a revision",
     "chart: {name: x}\nhandoff:\n  root:\n    repoURL: https://git.example\n"
     "    targetRevision: \"\"\n",
     "primer.yaml:5:21: handoff.root.targetRevision: the root Application needs a revision (a "
     "branch, tag or commit; \"HEAD\")"},
    {"a repository has a name",
     "chart: {name: x}\nhandoff:\n  repositories:\n    - url: https://git.example\n",
     "primer.yaml:4:7: handoff.repositories[0].name: a repository needs a name (its Secret's "
     "name)"},
    {"a repository has a url", "chart: {name: x}\nhandoff:\n  repositories:\n    - name: git\n",
     "primer.yaml:4:7: handoff.repositories[0].url: a repository needs a url"},
    {"a repository is git or helm",
     "chart: {name: x}\nhandoff:\n  repositories:\n    - name: git\n      url: u\n"
     "      type: oci\n",
     "primer.yaml:6:13: handoff.repositories[0].type: unknown repository type \"oci\": use git "
     "or helm"},
    {"repository names are unique",
     "chart: {name: x}\nhandoff:\n  repositories:\n    - {name: git, url: a}\n"
     "    - {name: git, url: b}\n",
     "primer.yaml:5:14: handoff.repositories[1].name: a repository named \"git\" is already "
     "given as handoff.repositories[0]"},
    {"a project to create has a name",
     "chart: {name: x}\nhandoff:\n  createProject:\n    description: d\n",
     "primer.yaml:4:5: handoff.createProject.name: a project to create needs a name"},
    {"a created project allows some repository",
     "chart: {name: x}\nhandoff:\n  createProject:\n    name: p\n    sourceRepos: []\n",
     "primer.yaml:5:18: handoff.createProject.sourceRepos: give at least one repository URL the "
     "project may use (\"*\" for any)"},
};

TEST(Validate, BadSettings) {
  for (const BadCase& c : kValidateCases) {
    Dir dir;
    std::string path = dir.write("primer.yaml", c.yaml);
    Config config = read_config(path);
    EXPECT_EQ(error_of(dir, [&] { validate(config); }), c.want) << c.name;
  }
}

TEST(Validate, DefaultsWithAChartAreValid) {
  Config c;
  c.chart.name = "argo-cd";
  EXPECT_NO_THROW(validate(c));
  c.release.name = "";
  EXPECT_EQ(error_of(Dir(), [&] { validate(c); }),
            "release.name: invalid release name \"\": use at most 53 lower case letters, digits "
            "and '-', starting and ending with a letter or digit");
}

TEST(Validate, ExampleConfigReadsAndValidates) {
  std::string path = test::source_dir() + "/examples/primer.yaml";
  Config c = read_config(path);
  EXPECT_NO_THROW(validate(c));
  EXPECT_EQ(c.chart.repo, "https://argoproj.github.io/argo-helm");
  EXPECT_EQ(c.chart.name, "argo-cd");
  EXPECT_EQ(c.chart.version, "^10");
  EXPECT_EQ(c.values.files,
            std::vector<std::string>{test::source_dir() + "/examples/values/argocd.yaml"});
  EXPECT_TRUE(fs::exists(c.values.files[0]));
  EXPECT_FALSE(c.handoff.root.repo_url.empty());
  ASSERT_EQ(c.handoff.repositories.size(), 1u);
  EXPECT_FALSE(c.handoff.repositories[0].password.env.empty());
}

// ---- flags over the file ----------------------------------------------------------------

TEST(Load, FlagsOverlayTheFile) {
  Dir dir;
  std::string path = dir.write("primer.yaml", R"(chart:
  repo: https://r.example
  name: argo-cd
  version: "^10"
values:
  files: [base.yaml]
  set: [a=1]
handoff:
  root:
    repoURL: https://git.example/a.git
)");
  args::Bootstrap f;
  f.config_file = path;
  f.version = "10.1.1";
  f.release_name = "cd";
  f.namespace_name = "ops";
  f.values_files = {"extra.yaml"};
  f.set = {"b=2"};
  f.set_json = {"c=[]"};
  f.kubeconfig = "/k";
  f.context = "kind";
  f.handoff = false;
  f.application = "self";
  f.project = "proj";
  f.root_path = "apps";
  f.root_revision = "main";
  f.root_recurse = true;
  f.chart_repo_url = "https://mirror.example";
  f.state_backend = "local";
  f.state_path = "s.json";
  Config c = load(f);
  EXPECT_EQ(c.chart.repo, "https://r.example");
  EXPECT_EQ(c.chart.version, "10.1.1");
  EXPECT_EQ(c.release.name, "cd");
  EXPECT_EQ(c.release.namespace_name, "ops");
  EXPECT_EQ(c.values.files, (std::vector<std::string>{dir / "base.yaml", "extra.yaml"}));
  EXPECT_EQ(c.values.set, (std::vector<std::string>{"a=1", "b=2"}));
  EXPECT_EQ(c.values.set_json, std::vector<std::string>{"c=[]"});
  EXPECT_EQ(c.cluster.kubeconfig, "/k");
  EXPECT_EQ(c.cluster.context, "kind");
  EXPECT_FALSE(c.handoff.enabled);
  EXPECT_EQ(c.handoff.application, "self");
  EXPECT_EQ(c.handoff.project, "proj");
  EXPECT_EQ(c.handoff.root.repo_url, "https://git.example/a.git");
  EXPECT_EQ(c.handoff.root.path, "apps");
  EXPECT_EQ(c.handoff.root.target_revision, "main");
  EXPECT_TRUE(c.handoff.root.recurse);
  EXPECT_EQ(c.handoff.chart_repo_url, "https://mirror.example");
  EXPECT_EQ(c.state.backend, "local");
  EXPECT_EQ(c.state.path, "s.json");
  EXPECT_EQ(format_where(c.places.at("chart.version")), "-version");
  EXPECT_EQ(format_where(c.places.at("values.files[0]")), path + ":6:11");
  EXPECT_EQ(format_where(c.places.at("values.files[1]")), "-values");
}

TEST(Load, ChartFlagReplacesTheChartBlock) {
  Dir dir;
  args::Bootstrap f;
  f.config_file =
      dir.write("primer.yaml", "chart: {repo: https://r.example, name: argo-cd, version: '^10'}\n");
  f.chart = "./charts/argo-cd";
  Config c = load(f);
  EXPECT_EQ(c.chart.name, "./charts/argo-cd");
  EXPECT_EQ(c.chart.repo, "");
  EXPECT_EQ(c.chart.version, "");
}

TEST(Load, FlagErrorsNameTheFlag) {
  Dir dir;
  args::Bootstrap f;
  f.config_file = dir.write("primer.yaml", "chart: {name: argo-cd}\nrelease: {name: fine}\n");
  f.release_name = "Not_Fine";
  EXPECT_EQ(error_of(dir, [&] { load(f); }),
            "-release-name: release.name: invalid release name \"Not_Fine\": use at most 53 lower "
            "case letters, digits and '-', starting and ending with a letter or digit");
  f.release_name = "";
  f.values_files = {"x.yaml"};
  f.state_backend = "s3";
  EXPECT_EQ(error_of(dir, [&] { load(f); }),
            "-state-backend: state.backend: unknown state backend \"s3\": use kubernetes or local");
}

TEST(Load, MissingConfigFileIsAnError) {
  Dir dir;
  args::Bootstrap f;
  f.config_file = dir / "nope.yaml";
  EXPECT_EQ(error_of(dir, [&] { load(f); }),
            "nope.yaml: no such configuration file (given by -config)");
}

TEST(Load, PrimerYamlInTheWorkingDirectory) {
  Dir dir;
  dir.write("primer.yaml", "chart: {name: from-file}\nvalues: {files: [v.yaml]}\n");
  InDir in(dir.path());
  Config c = load(args::Bootstrap{});
  EXPECT_EQ(c.source, "primer.yaml");
  EXPECT_EQ(c.chart.name, "from-file");
  EXPECT_EQ(c.values.files, std::vector<std::string>{"v.yaml"});
}

TEST(Load, WithoutAFileFlagsAlone) {
  Dir dir;
  InDir in(dir.path());
  args::Bootstrap f;
  EXPECT_EQ(error_of(dir, [&] { load(f); }),
            "chart.name: no chart is named: give chart.name in primer.yaml, or -chart");
  f.chart = "argo-cd";
  f.repo = "https://argoproj.github.io/argo-helm";
  f.root_repo = "https://git.example/gitops.git";
  Config c = load(f);
  EXPECT_EQ(c.source, "");
  EXPECT_EQ(c.chart.repo, "https://argoproj.github.io/argo-helm");
  EXPECT_EQ(c.release.name, "argocd");
  EXPECT_EQ(c.handoff.root.repo_url, "https://git.example/gitops.git");
  EXPECT_EQ(format_where(c.places.at("handoff.root.repoURL")), "-root-repo");
}

}  // namespace
}  // namespace primer::bootstrap::config
