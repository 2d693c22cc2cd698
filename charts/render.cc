#include "charts/render.h"

#include "base/error.h"
#include "charts/dependencies.h"
#include "charts/loader.h"
#include "charts/schema.h"
#include "charts/semver/semver.h"

namespace primer::charts {
namespace {

// parity: checkIfInstallable (pkg/cmd/install.go): only application charts render.
void check_installable(const Chart& chart) {
  const std::string& type = chart.metadata.type;
  if (type.empty() || type == "application") return;
  throw Error(type + " charts are not installable");
}

// parity: CheckDependencies: every Chart.yaml dependency must be present under charts/;
// runInstall words the failure.
void check_dependencies(const Chart& chart, Dialect dialect) {
  std::vector<std::string> missing;
  for (const Dependency& d : chart.metadata.dependencies) {
    bool found = false;
    for (const auto& sub : chart.dependencies) found = found || sub->name() == d.name;
    if (!found) missing.push_back(d.name);
  }
  if (missing.empty()) return;
  std::string list;
  for (const std::string& m : missing) list += (list.empty() ? "" : ", ") + m;
  std::string advice = std::string(dialect == Dialect::Helm4 ? "an" : "An") +
                       " error occurred while checking for chart dependencies. You may need to run "
                       "`helm dependency build` to fetch missing dependencies: ";
  throw Error(advice + "found in Chart.yaml, but missing in charts/ directory: " + list);
}

std::string kube_version_string(const Capabilities& caps, Dialect dialect) {
  auto object = make_capabilities(caps, dialect);
  auto kube = object->field("KubeVersion");
  return *kube->object()->string();
}

// parity: IsCompatibleRange: an unparsable constraint or version is incompatible.
void check_kube_version(const Chart& chart, const Capabilities& caps, Dialect dialect) {
  const std::string& constraint = chart.metadata.kube_version;
  if (constraint.empty()) return;
  std::string kube = kube_version_string(caps, dialect);
  auto flavor = dialect == Dialect::Helm4 ? semver::Flavor::V3_4 : semver::Flavor::V3_3;
  bool ok = false;
  try {
    ok = semver::Constraints::parse(constraint, flavor).check(semver::Version::parse(kube, flavor));
  } catch (const Error&) {
    ok = false;
  }
  if (!ok) {
    throw Error("chart requires kubeVersion: " + constraint +
                " which is incompatible with Kubernetes " + kube);
  }
}

void schema_checks(const Chart& chart, const value::Value& values, std::vector<SchemaCheck>& out) {
  if (!chart.schema.empty()) out.push_back({chart.name(), chart.schema, values});
  for (const auto& sub : chart.dependencies) {
    const value::Value* v = values.find(sub->name());
    schema_checks(*sub, v && v->is_map() ? *v : value::Value::new_map(), out);
  }
}

// parity: template.go parses --kube-version first, then runInstall merges the user's values
// before it loads the chart.
value::Value user_values(const RenderOptions& options) {
  make_capabilities(options.capabilities, options.engine.dialect);
  return merge_user_values(options.values, options.engine.dialect);
}

// `chart`: the loaded chart, which dependency processing changes (a copy, or moved in).
RenderResult render_loaded(Chart chart, const RenderOptions& options, const value::Value& user,
                           RenderStage* stage) {
  auto reach = [&](RenderStage s) {
    if (stage) *stage = s;
  };
  reach(RenderStage::Values);
  Dialect dialect = options.engine.dialect;
  RenderResult result;
  check_installable(chart);
  check_dependencies(chart, dialect);
  try {
    process_dependencies(chart, user, dialect, &result.warnings);
  } catch (const Error& e) {
    throw Error("chart dependencies processing failed: " + std::string(e.what()));
  }
  result.values = coalesce_values(chart, user, dialect, &result.warnings);
  if (!options.skip_schema_validation) {
    std::vector<SchemaCheck> checks;
    schema_checks(chart, result.values, checks);
    if (!checks.empty()) {
      validate_values(checks,
                      dialect == Dialect::Helm4 ? SchemaDialect::Helm4 : SchemaDialect::Helm3);
    }
  }
  // parity: renderResources checks kubeVersion after the values are built and validated.
  reach(RenderStage::Render);
  check_kube_version(chart, options.capabilities, dialect);
  auto rendered =
      render_templates(chart, result.values, options.release, options.capabilities, options.engine);
  result.manifests = sort_manifests(std::move(rendered), dialect);
  reach(RenderStage::Output);
  result.crds = crd_files(chart);
  chart = Chart();  // its files are no longer needed: free them before the output grows
  result.output = template_output(result.manifests, result.crds, options.output);
  return result;
}

}  // namespace

RenderResult render_chart(const Chart& chart, const RenderOptions& options, RenderStage* stage) {
  if (stage) *stage = RenderStage::Values;
  value::Value user = user_values(options);
  return render_loaded(chart, options, user, stage);
}

RenderResult render_chart_at(const std::string& path, const RenderOptions& options,
                             RenderStage* stage) {
  if (stage) *stage = RenderStage::Values;
  value::Value user = user_values(options);
  return render_loaded(load_chart(path, options.engine.dialect), options, user, stage);
}

std::string helm_error_text(const Error& e) {
  std::string text = e.message();
  for (const Error* c = e.cause(); c; c = c->cause()) text += ": " + c->message();
  return text;
}

}  // namespace primer::charts
