// primer's arguments as plain structs, one per command, read from argv by args/flags.
// Nothing here runs a command or prints; commands/ acts on these structs, views/ reports.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "bootstrap/args/flags.h"

namespace primer::bootstrap::args {

/// A command's arguments as far as they could be read, and the first problem found. Like
/// Terraform's Parse* functions, a bad flag is an outcome to report, not an exception.
template <class T>
struct Parsed {
  T args;
  std::optional<Error> error;
};

/// How output should look, read before anything else so errors are shown in that style.
struct View {
  bool no_color = false;
};

/// Reads and removes -no-color from `tokens` (before any "--"), wherever it appears.
View parse_view(std::vector<std::string>& tokens);

/// What comes before the command: `primer [global options] COMMAND ARGS...`.
struct Global {
  std::string command;            // empty when none was given
  std::vector<std::string> rest;  // the command's own arguments
  bool help = false;              // -help before the command
};

/// Global flags, shown by `primer help`. "-version" stands for the command "version", as in
/// Terraform: it takes the arguments that follow it.
inline constexpr Flag kGlobalFlags[] = {
    {"help", "", "Show this help output, or the help for a given command."},
    {"version", "", "An alias for the \"version\" command."},
    {"no-color", "", "Disable colour in the output (as does NO_COLOR=1)."},
};

Parsed<Global> parse_global(std::span<const std::string> tokens);

/// `primer version [-json]`.
struct Version {
  bool json = false;
};

inline constexpr Flag kVersionFlags[] = {
    {"json", "", "Print the version as a JSON object."},
};
inline constexpr Spec kVersionSpec{.flags = kVersionFlags};

Parsed<Version> parse_version(std::span<const std::string> tokens);

/// How to reach a chart repository or registry: shared by `render`, `pull` and `init`.
struct Connection {
  std::string username;       // also $PRIMER_REPO_USERNAME
  std::string password_file;  // a file holding the password; also $PRIMER_REPO_PASSWORD
  std::string ca_file, cert_file, key_file;
  bool insecure_skip_tls_verify = false;
  bool plain_http = false;
};

#define PRIMER_CONNECTION_FLAGS                                                             \
  {"username", "NAME", "Repository user name (or $PRIMER_REPO_USERNAME)."},                 \
      {"password-file", "PATH",                                                             \
       "Read the repository password from PATH (or $PRIMER_REPO_PASSWORD)."},               \
      {"ca-file", "PATH", "Verify the server with the CA certificates in PATH."},           \
      {"cert-file", "PATH", "Client certificate for mutual TLS."},                          \
      {"key-file", "PATH", "Key of the client certificate."},                               \
      {"insecure-skip-tls-verify", "", "Do not verify the server certificate (unsafe)."}, { \
    "plain-http", "", "Allow plain HTTP to hosts other than loopback."                      \
  }

/// `primer render [NAME] CHART`: helm template, natively.
struct Render {
  std::string chart;  // a chart directory or .tgz, a name with -repo, or an oci:// reference
  std::string release_name = "release-name";
  std::string namespace_name = "default";
  std::vector<std::string> values_files;  // -f / -values, in order
  std::vector<std::string> set, set_string, set_file, set_json, set_literal;
  std::string kube_version;
  std::vector<std::string> api_versions;
  std::vector<std::string> show_only;
  bool include_crds = false;
  bool skip_tests = false;
  bool no_hooks = false;
  bool is_upgrade = false;
  bool skip_schema_validation = false;
  std::string output_dir;         // write each template's documents under DIR instead
  bool release_name_dir = false;  // --release-name: nest output-dir files under NAME/
  int helm_major = 4;             // whose behaviour to reproduce where helm 3 and 4 differ
  std::string repo;               // with CHART a name: the repository to fetch it from
  std::string version;            // a version constraint for a repository or OCI chart
  Connection connection;
};

inline constexpr Flag kRenderFlags[] = {
    {"values", "FILE", "A values file (also -f); repeatable, later files win.", true},
    {"set", "KEY=VALUE", "Set a value (helm's --set grammar); repeatable.", true},
    {"set-string", "KEY=VALUE", "Set a string value; repeatable.", true},
    {"set-file", "KEY=PATH", "Set a value to the contents of a file; repeatable.", true},
    {"set-json", "KEY=JSON", "Set a value from JSON; repeatable.", true},
    {"set-literal", "KEY=VALUE", "Set a literal string value; repeatable.", true},
    {"namespace", "NAME", "The release namespace (default \"default\")."},
    {"kube-version", "VERSION", "The Kubernetes version for .Capabilities."},
    {"api-versions", "LIST", "Extra API versions for .Capabilities (also -a); repeatable.", true},
    {"show-only", "PATTERN", "Only print templates matching PATTERN (also -s); repeatable.", true},
    {"include-crds", "", "Print the charts' crds/ files first."},
    {"skip-crds", "",
     "Accepted for helm compatibility; crds/ files print only with -include-crds."},
    {"output-dir", "DIR", "Write the manifests to files under DIR instead of stdout."},
    {"release-name", "", "With -output-dir, put the files under DIR/NAME/."},
    {"skip-tests", "", "Leave out test hooks."},
    {"no-hooks", "", "Leave out hooks."},
    {"is-upgrade", "", "Render as an upgrade (.Release.IsUpgrade)."},
    {"skip-schema-validation", "", "Do not validate values against values.schema.json."},
    {"helm-compat", "3|4", "Reproduce helm 4 (default) or helm 3 where they differ."},
    {"repo", "URL", "Fetch CHART by name from this chart repository."},
    {"version", "CONSTRAINT", "The chart version for -repo or oci:// charts; default the newest."},
    PRIMER_CONNECTION_FLAGS,
};
inline constexpr Spec kRenderSpec{
    .flags = kRenderFlags, .positional = "[NAME] CHART", .max_positional = 2};

Parsed<Render> parse_render(std::span<const std::string> tokens);

/// `primer pull CHART [-repo URL] [-version V] [-d DIR]`: helm pull.
struct Pull {
  std::string chart;
  std::string repo;
  std::string version;
  std::string destination = ".";
  Connection connection;
};

inline constexpr Flag kPullFlags[] = {
    {"repo", "URL", "The chart repository URL (https://, http://, file://)."},
    {"version", "CONSTRAINT", "A version or semver constraint; default the newest stable."},
    {"destination", "DIR", "Write the archive into DIR (also -d; default \".\")."},
    PRIMER_CONNECTION_FLAGS,
};
inline constexpr Spec kPullSpec{.flags = kPullFlags, .positional = "CHART", .max_positional = 1};

Parsed<Pull> parse_pull(std::span<const std::string> tokens);

/// `primer init [-upgrade]`: resolve the chart of primer.yaml and pin it in primer.lock.
struct Init {
  std::string config = "primer.yaml";
  std::string lock = "primer.lock";
  bool upgrade = false;
  std::string chart, repo, version;  // instead of primer.yaml's chart block
  Connection connection;
};

inline constexpr Flag kInitFlags[] = {
    {"upgrade", "", "Resolve the chart again, ignoring the version in primer.lock."},
    {"config", "FILE", "The configuration file (default primer.yaml)."},
    {"lock-file", "FILE", "The lock file (default primer.lock)."},
    {"chart", "NAME", "The chart (a name, oci:// reference or path) instead of primer.yaml's."},
    {"repo", "URL", "The chart repository URL, with -chart."},
    {"version", "CONSTRAINT", "A version or semver constraint, with -chart."},
    PRIMER_CONNECTION_FLAGS,
};
inline constexpr Spec kInitSpec{.flags = kInitFlags};

Parsed<Init> parse_init(std::span<const std::string> tokens);

/// The settings of a bootstrap that flags may give or override (primer.yaml's, see
/// bootstrap/config): shared by `plan`, `apply`, `destroy` and `state`. Unset fields leave
/// the file's value alone.
struct Bootstrap {
  std::string config_file;  // -config FILE; "" = primer.yaml when it exists
  std::string lock_file = "primer.lock";
  std::string chart, repo, version;
  std::string release_name, namespace_name;
  std::vector<std::string> values_files;  // added after the file's
  std::vector<std::string> set, set_string, set_file, set_json, set_literal;
  std::string kubeconfig, context;
  std::optional<bool> handoff;  // -handoff=false / -no-handoff
  std::string application, project;
  std::string root_repo, root_path, root_revision;
  std::optional<bool> root_recurse;
  std::string chart_repo_url;  // -handoff-chart-repo
  std::string state_backend, state_path;
  Connection connection;
};

/// `primer plan`.
struct Plan {
  Bootstrap bootstrap;
  bool offline = false;
  bool json = false;
  bool detailed_exitcode = false;
  bool destroy = false;  // plan the removal (as `primer destroy` would)
  std::string out;       // -out FILE
};

/// `primer apply [PLANFILE]`.
struct Apply {
  Bootstrap bootstrap;
  std::string plan_file;
  bool auto_approve = false;
  bool json = false;  // progress and result as JSON lines
  int timeout_seconds = 600;
};

/// `primer destroy`.
struct Destroy {
  Bootstrap bootstrap;
  bool auto_approve = false;
  /// Delete the root Application with cascade while Argo CD still runs (its children and
  /// their resources go too); otherwise Applications are removed without their resources.
  bool cascade = false;
  int timeout_seconds = 600;
};

/// `primer state list|show|unlock [LOCK_ID]`.
struct State {
  std::string subcommand;
  std::string lock_id;
  Bootstrap bootstrap;
  bool json = false;
};

#define PRIMER_BOOTSTRAP_FLAGS                                                                  \
  {"config", "FILE", "The configuration file (default primer.yaml when it exists)."},           \
      {"lock-file", "FILE", "The lock file (default primer.lock)."},                            \
      {"chart", "NAME", "The chart (a name, oci:// reference or path), replacing chart:."},     \
      {"repo", "URL", "The chart repository URL (chart.repo)."},                                \
      {"version", "CONSTRAINT", "The chart version or constraint (chart.version)."},            \
      {"release-name", "NAME", "The release name (release.name; default argocd)."},             \
      {"namespace", "NAME", "The release namespace (release.namespace; also -n)."},             \
      {"values", "FILE", "A values file after primer.yaml's (also -f); repeatable.", true},     \
      {"set", "KEY=VALUE", "Set a value (helm's --set grammar); repeatable.", true},            \
      {"set-string", "KEY=VALUE", "Set a string value; repeatable.", true},                     \
      {"set-file", "KEY=PATH", "Set a value to the contents of a file; repeatable.", true},     \
      {"set-json", "KEY=JSON", "Set a value from JSON; repeatable.", true},                     \
      {"set-literal", "KEY=VALUE", "Set a literal string value; repeatable.", true},            \
      {"kubeconfig", "PATH", "The kubeconfig file (cluster.kubeconfig; default $KUBECONFIG)."}, \
      {"context", "NAME", "The kubeconfig context (cluster.context; default current)."},        \
      {"no-handoff", "", "Install only: create no Argo CD Applications (handoff.enabled)."},    \
      {"application", "NAME", "The self-managing Application's name (handoff.application)."},   \
      {"project", "NAME", "The Applications' Argo CD project (handoff.project)."},              \
      {"root-repo", "URL", "The root Application's Git repository (handoff.root.repoURL)."},    \
      {"root-path", "PATH", "The root Application's path (handoff.root.path)."},                \
      {"root-revision", "REV", "The root's revision (handoff.root.targetRevision)."},           \
      {"root-recurse", "", "Read the root path's subdirectories (handoff.root.recurse)."},      \
      {"handoff-chart-repo", "URL",                                                             \
       "The chart repository Argo CD fetches from (handoff.chartRepoURL)."},                    \
      {"state-backend", "kubernetes|local", "Where state is kept (state.backend)."},            \
      {"state-path", "PATH", "The state file of the local backend (state.path)."},              \
      PRIMER_CONNECTION_FLAGS

inline constexpr Flag kPlanFlags[] = {
    {"offline", "", "Plan without a cluster: everything is to be created."},
    {"json", "", "Print the plan as JSON."},
    {"detailed-exitcode", "", "Exit 0 with no changes, 1 on error, 2 with changes."},
    {"destroy", "", "Plan the removal, as `primer destroy` would do it."},
    {"out", "FILE", "Write the plan to FILE for `primer apply FILE`."},
    PRIMER_BOOTSTRAP_FLAGS,
};
inline constexpr Spec kPlanSpec{.flags = kPlanFlags};

Parsed<Plan> parse_plan(std::span<const std::string> tokens);

inline constexpr Flag kApplyFlags[] = {
    {"auto-approve", "", "Apply without asking for confirmation."},
    {"json", "", "Print progress and the result as JSON lines."},
    {"timeout", "DURATION", "How long to wait for readiness and the handoff (default 10m)."},
    PRIMER_BOOTSTRAP_FLAGS,
};
inline constexpr Spec kApplySpec{
    .flags = kApplyFlags, .positional = "PLANFILE", .max_positional = 1};

Parsed<Apply> parse_apply(std::span<const std::string> tokens);

inline constexpr Flag kDestroyFlags[] = {
    {"auto-approve", "", "Destroy without asking for confirmation."},
    {"cascade", "", "Delete the root Application with its children and their resources."},
    {"timeout", "DURATION", "How long to wait for deletions (default 10m)."},
    PRIMER_BOOTSTRAP_FLAGS,
};
inline constexpr Spec kDestroySpec{.flags = kDestroyFlags};

Parsed<Destroy> parse_destroy(std::span<const std::string> tokens);

inline constexpr Flag kStateFlags[] = {
    {"json", "", "Print as JSON."},
    PRIMER_BOOTSTRAP_FLAGS,
};
inline constexpr Spec kStateSpec{
    .flags = kStateFlags, .positional = "list|show|unlock [LOCK_ID]", .max_positional = 2};

Parsed<State> parse_state(std::span<const std::string> tokens);

/// A duration as -timeout takes it: whole seconds ("90"), or numbers with units h, m and s
/// ("90s", "10m", "1h", "1h30m"). The seconds, or nullopt when `text` is none of these or is 0.
std::optional<int> parse_duration(std::string_view text);

#undef PRIMER_BOOTSTRAP_FLAGS
#undef PRIMER_CONNECTION_FLAGS

/// `primer help [COMMAND]`.
struct Help {
  std::string command;  // empty: the overview
};

inline constexpr Spec kHelpSpec{.positional = "COMMAND", .max_positional = 1};

Parsed<Help> parse_help(std::span<const std::string> tokens);

}  // namespace primer::bootstrap::args
