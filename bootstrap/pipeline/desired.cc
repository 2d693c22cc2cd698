#include "bootstrap/pipeline/desired.h"

#include <algorithm>
#include <filesystem>

#include "base/digest.h"
#include "base/error.h"
#include "base/log.h"
#include "base/strings.h"
#include "bootstrap/pipeline/handoff.h"
#include "charts/lock.h"
#include "charts/reference.h"
#include "charts/render.h"
#include "plan/plan.h"

namespace primer::bootstrap::pipeline {
namespace {

using value::Value;

// Kinds that are not namespaced, for when discovery cannot tell (offline, or a kind whose
// CRD is not installed yet: custom resources are then taken as namespaced, as most are).
constexpr std::string_view kClusterScoped[] = {
    "APIService",         "ClusterRole",
    "ClusterRoleBinding", "CustomResourceDefinition",
    "IngressClass",       "MutatingWebhookConfiguration",
    "Namespace",          "PersistentVolume",
    "PriorityClass",      "RuntimeClass",
    "StorageClass",       "ValidatingWebhookConfiguration",
    "CSIDriver",          "VolumeAttachment",
};

std::string text_of(const Value& object, std::string_view a, std::string_view b = {}) {
  const Value* v = object.find(a);
  if (v != nullptr && !b.empty()) v = v->find(b);
  return v != nullptr && v->is_string() ? v->as_string() : "";
}

Value metadata_of(const Value& object) {
  const Value* m = object.find("metadata");
  if (m != nullptr && m->is_map()) return *m;
  Value fresh = Value::new_map();
  object.set("metadata", fresh);
  return fresh;
}

void annotate(const Value& object, std::string key, std::string text) {
  Value metadata = metadata_of(object);
  const Value* annotations = metadata.find("annotations");
  if (annotations == nullptr || !annotations->is_map()) {
    metadata.set("annotations", Value::new_map());
    annotations = metadata.find("annotations");
  }
  annotations->set(std::move(key), Value(std::move(text)));
}

int hook_weight(const Value& object, const std::string& where) {
  const Value* a = object.find("metadata");
  a = a != nullptr ? a->find("annotations") : nullptr;
  const Value* w = a != nullptr ? a->find("helm.sh/hook-weight") : nullptr;
  if (w == nullptr || !w->is_string()) return 0;
  try {
    return std::stoi(w->as_string());
  } catch (const std::exception&) {
    throw Error(Where{where}, "helm.sh/hook-weight \"" + w->as_string() + "\" is not a number");
  }
}

std::vector<std::string> hook_delete_policies(const Value& object) {
  const Value* a = object.find("metadata");
  a = a != nullptr ? a->find("annotations") : nullptr;
  const Value* p = a != nullptr ? a->find("helm.sh/hook-delete-policy") : nullptr;
  std::vector<std::string> out;
  if (p != nullptr && p->is_string()) {
    for (const std::string& part : split(p->as_string(), ",")) {
      std::string t(trim(part));
      if (!t.empty()) out.push_back(t);
    }
  }
  // parity: helm's hook runner treats a hook without a policy as before-hook-creation.
  if (out.empty()) out.push_back("before-hook-creation");
  return out;
}

ChartSource chart_source(const charts::Reference& ref, const charts::FetchedChart& fetched) {
  ChartSource source{fetched.name, fetched.version, fetched.digest, "", false, false};
  switch (ref.kind) {
    case charts::Reference::Kind::Repo:
      source.repo_url = ref.repo_url;
      source.local = starts_with(ref.repo_url, "file://");
      break;
    case charts::Reference::Kind::Oci: {
      // Argo CD names an OCI Helm repository by host and path, without oci:// and the chart.
      std::string repository = ref.repository;
      auto slash = repository.rfind('/');
      source.repo_url =
          ref.registry + (slash == std::string::npos ? "" : "/" + repository.substr(0, slash));
      source.oci = true;
      break;
    }
    case charts::Reference::Kind::Local:
      source.repo_url = ref.path;
      source.local = true;
      break;
  }
  return source;
}

Value namespace_object(const std::string& name) {
  Value ns = Value::new_map();
  ns.set("apiVersion", "v1");
  ns.set("kind", "Namespace");
  Value meta = Value::new_map();
  meta.set("name", name);
  ns.set("metadata", meta);
  return ns;
}

// Everything the render's output depends on; "" for a chart directory, whose contents have
// no digest.
std::string render_key(const Desired& d, const charts::Capabilities& caps) {
  if (d.chart.digest.empty()) return "";
  std::string all = std::string(PRIMER_VERSION) + "\n" + d.chart.digest + "\n" + d.values_digest +
                    "\n" + d.release_name + "\n" + d.namespace_name + "\n" + d.application + "\n" +
                    caps.kube_version + "\n";
  for (const std::string& v : caps.api_versions) all += v + ",";
  all += "\n";
  for (const std::string& v : caps.cluster_api_versions) all += v + ",";
  return "sha256:" + sha256_hex(all);
}

}  // namespace

bool Hook::has_event(std::string_view event) const {
  return std::find(events.begin(), events.end(), event) != events.end();
}

std::string group_of(std::string_view api_version) {
  auto slash = api_version.find('/');
  return slash == std::string_view::npos ? "" : std::string(api_version.substr(0, slash));
}

std::string tracking_id(std::string_view application, std::string_view group, std::string_view kind,
                        std::string_view namespace_name, std::string_view name) {
  std::string id(application);
  id += ':';
  id += group;
  id += '/';
  id += kind;
  id += ':';
  id += namespace_name;
  id += '/';
  id += name;
  return id;
}

bool is_cluster_scoped(const Value& object, kube::Discovery* discovery) {
  std::string api_version = text_of(object, "apiVersion");
  std::string kind = text_of(object, "kind");
  if (discovery != nullptr) {
    if (auto info = discovery->find(api_version, kind)) return !info->namespaced;
  }
  return std::find(std::begin(kClusterScoped), std::end(kClusterScoped), kind) !=
         std::end(kClusterScoped);
}

Desired build_desired(const config::Config& config, const std::string& lock_file,
                      const charts::Capabilities& capabilities, const charts::FetchOptions& fetch,
                      kube::Discovery* discovery, std::string_view unchanged_render,
                      std::string_view unchanged_digest) {
  Desired d;
  d.release_name = config.release.name;
  d.namespace_name = config.release.namespace_name;
  d.application = config.handoff.application.empty() ? d.release_name : config.handoff.application;

  charts::Reference ref =
      charts::parse_reference(config.chart.name, config.chart.repo, config.chart.version);
  charts::FetchOptions options = fetch;
  std::error_code ec;
  if (!lock_file.empty() && std::filesystem::exists(lock_file, ec)) {
    if (auto lock = charts::read_lock(lock_file); lock && charts::lock_matches(*lock, ref)) {
      ref = charts::pin_to_lock(ref, *lock);
      options.expect_digest = lock->digest;
    }
  }
  log::Timer timer("desired");
  charts::FetchedChart fetched = charts::fetch_chart(ref, options);
  timer.lap("fetch");
  d.chart = chart_source(ref, fetched);

  charts::RenderOptions render;
  render.values = {config.values.files,    config.values.set,      config.values.set_string,
                   config.values.set_file, config.values.set_json, config.values.set_literal};
  render.release.name = d.release_name;
  render.release.namespace_name = d.namespace_name;
  render.capabilities = capabilities;
  d.user_values = charts::merge_user_values(render.values, charts::Dialect::Helm4);
  d.values_digest = "sha256:" + sha256_hex(value::to_json(d.user_values));
  d.render_key = render_key(d, capabilities);

  // The release namespace: created by primer (helm's --create-namespace), never tracked,
  // so that Argo CD does not prune the namespace it runs in.
  d.objects.push_back(namespace_object(d.namespace_name));
  d.object_digests.push_back(plan::object_digest(d.objects.front()));
  if (!d.render_key.empty() && d.render_key == unchanged_render) {
    d.rendered = false;
    d.render_digest = std::string(unchanged_digest);
    if (config.handoff.enabled) d.handoff = handoff_objects(config, d);
    timer.lap("render skipped: its inputs are those of the render handed off");
    return d;
  }
  charts::RenderResult result = fetched.loaded && render.engine.dialect == charts::Dialect::Helm4
                                    ? charts::render_chart(*fetched.loaded, render)
                                    : charts::render_chart_at(fetched.path, render);
  timer.lap("render");
  d.warnings = result.warnings;

  auto place = [&](const Value& object) {
    if (is_cluster_scoped(object, discovery)) return;
    Value metadata = metadata_of(object);
    if (text_of(metadata, "namespace").empty()) metadata.set("namespace", d.namespace_name);
  };
  // Argo CD's repo-server stamps every object it renders but CRDs, hooks included.
  auto track = [&](const Value& object) {
    std::string kind = text_of(object, "kind");
    if (kind == "CustomResourceDefinition") return;
    bool cluster = is_cluster_scoped(object, discovery);
    annotate(object, std::string(kTrackingAnnotation),
             tracking_id(d.application, group_of(text_of(object, "apiVersion")), kind,
                         cluster ? d.namespace_name : text_of(object, "metadata", "namespace"),
                         text_of(object, "metadata", "name")));
  };
  auto add = [&](const Value& object) {
    if (!object.is_map()) return;
    place(object);
    track(object);
    d.objects.push_back(object);
  };
  // Every document parsed at once, on as many threads as pay (the CRDs are large).
  std::vector<std::string> crd_documents;
  std::vector<std::string_view> crd_sources;
  for (const charts::CrdFile& crd : result.crds) {
    for (std::string& doc : charts::split_documents(crd.data)) {
      crd_documents.push_back(std::move(doc));
      crd_sources.push_back(crd.source);
    }
  }
  std::vector<value::YamlText> texts;
  for (std::size_t i = 0; i < crd_documents.size(); ++i) {
    texts.push_back({crd_sources[i], crd_documents[i]});
  }
  for (const charts::Manifest& m : result.manifests.manifests)
    texts.push_back({m.source, m.content});
  for (const charts::Manifest& m : result.manifests.hooks) texts.push_back({m.source, m.content});
  std::vector<Value> parsed = value::parse_yaml_each(texts, {}, {.numbers = value::Numbers::Typed});
  timer.lap("parse");
  const std::size_t hooks_at = texts.size() - result.manifests.hooks.size();
  for (std::size_t i = 0; i < hooks_at; ++i) add(parsed[i]);
  for (std::size_t i = hooks_at; i < parsed.size(); ++i) {
    const Value& object = parsed[i];
    if (!object.is_map()) continue;
    place(object);
    track(object);
    const charts::Manifest& m = result.manifests.hooks[i - hooks_at];
    std::string where(m.source);
    d.hooks.push_back(
        {object, m.hook_events, hook_weight(object, where), hook_delete_policies(object), ""});
  }
  // Hooks are already in kind order; Helm runs them by weight first.
  std::stable_sort(d.hooks.begin(), d.hooks.end(),
                   [](const Hook& a, const Hook& b) { return a.weight < b.weight; });
  std::string all;
  for (std::size_t i = 1; i < d.objects.size(); ++i) {
    d.object_digests.push_back(plan::object_digest(d.objects[i]));
  }
  for (const std::string& digest : d.object_digests) all += digest + "\n";
  all += "hooks\n";
  for (Hook& h : d.hooks) {
    h.digest = plan::object_digest(h.object);
    all += h.digest + "\n";
  }
  d.render_digest = "sha256:" + sha256_hex(all);
  if (config.handoff.enabled) d.handoff = handoff_objects(config, d);
  timer.lap("annotate and digests");
  return d;
}

}  // namespace primer::bootstrap::pipeline
