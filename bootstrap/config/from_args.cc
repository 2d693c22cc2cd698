#include "bootstrap/config/from_args.h"

#include <filesystem>

#include "base/error.h"

namespace primer::bootstrap::config {
namespace {

constexpr const char* kDefaultFile = "primer.yaml";

// Sets a string setting from a flag that was given, recording the flag as its place.
void take(Config& c, const std::string& given, const char* flag, const char* path,
          std::string& setting) {
  if (given.empty()) return;
  setting = given;
  c.places[path] = Where{flag};
}

// Appends a flag's values after the file's, placing each new item at the flag.
void append(Config& c, const std::vector<std::string>& given, const char* flag,
            const std::string& path, std::vector<std::string>& setting) {
  for (const std::string& item : given) {
    c.places[path + "[" + std::to_string(setting.size()) + "]"] = Where{flag};
    setting.push_back(item);
  }
}

}  // namespace

void overlay(Config& c, const args::Bootstrap& f) {
  if (!f.chart.empty()) {
    // Another chart: the file's repository and version belonged to the file's chart.
    c.chart = Chart{f.repo, f.chart, f.version};
    c.places.erase("chart.repo");
    c.places.erase("chart.version");
    c.places["chart.name"] = Where{"-chart"};
    if (!f.repo.empty()) c.places["chart.repo"] = Where{"-repo"};
    if (!f.version.empty()) c.places["chart.version"] = Where{"-version"};
  } else {
    take(c, f.repo, "-repo", "chart.repo", c.chart.repo);
    take(c, f.version, "-version", "chart.version", c.chart.version);
  }
  take(c, f.release_name, "-release-name", "release.name", c.release.name);
  take(c, f.namespace_name, "-namespace", "release.namespace", c.release.namespace_name);

  append(c, f.values_files, "-values", "values.files", c.values.files);
  append(c, f.set, "-set", "values.set", c.values.set);
  append(c, f.set_string, "-set-string", "values.setString", c.values.set_string);
  append(c, f.set_file, "-set-file", "values.setFile", c.values.set_file);
  append(c, f.set_json, "-set-json", "values.setJson", c.values.set_json);
  append(c, f.set_literal, "-set-literal", "values.setLiteral", c.values.set_literal);

  take(c, f.kubeconfig, "-kubeconfig", "cluster.kubeconfig", c.cluster.kubeconfig);
  take(c, f.context, "-context", "cluster.context", c.cluster.context);

  Handoff& h = c.handoff;
  if (f.handoff) {
    h.enabled = *f.handoff;
    c.places["handoff.enabled"] = Where{"-no-handoff"};
  }
  take(c, f.application, "-application", "handoff.application", h.application);
  take(c, f.project, "-project", "handoff.project", h.project);
  take(c, f.root_repo, "-root-repo", "handoff.root.repoURL", h.root.repo_url);
  take(c, f.root_path, "-root-path", "handoff.root.path", h.root.path);
  take(c, f.root_revision, "-root-revision", "handoff.root.targetRevision", h.root.target_revision);
  if (f.root_recurse) {
    h.root.recurse = *f.root_recurse;
    c.places["handoff.root.recurse"] = Where{"-root-recurse"};
  }
  take(c, f.chart_repo_url, "-handoff-chart-repo", "handoff.chartRepoURL", h.chart_repo_url);
  take(c, f.state_backend, "-state-backend", "state.backend", c.state.backend);
  take(c, f.state_path, "-state-path", "state.path", c.state.path);
}

Config load(const args::Bootstrap& flags, bool need_chart) {
  Config config;
  std::error_code ec;
  if (!flags.config_file.empty()) {
    if (!std::filesystem::exists(flags.config_file, ec)) {
      throw Error(Where{flags.config_file}, "no such configuration file (given by -config)");
    }
    config = read_config(flags.config_file);
  } else if (std::filesystem::exists(kDefaultFile, ec)) {
    config = read_config(kDefaultFile);
  }
  overlay(config, flags);
  validate(config, need_chart);
  return config;
}

}  // namespace primer::bootstrap::config
