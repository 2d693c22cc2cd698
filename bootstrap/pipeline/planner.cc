#include "bootstrap/pipeline/planner.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "base/digest.h"
#include "base/error.h"
#include "base/log.h"

namespace primer::bootstrap::pipeline {
namespace {

using plan::Action;
using plan::Change;
using plan::Wave;
using value::Value;

struct Entry {
  Value object;
  Wave wave;
  bool handoff = false;
  std::string digest;  // plan::object_digest(object), or state's for what was not rendered
};

std::string text(const Value* v) { return v != nullptr && v->is_string() ? v->as_string() : ""; }

std::string meta_text(const Value& object, std::string_view key) {
  const Value* m = object.find("metadata");
  return m != nullptr ? text(m->find(key)) : "";
}

Wave wave_for(const kube::ObjectRef& ref) {
  return plan::wave_of(group_of(ref.api_version), ref.kind);
}

bool is_secret(const kube::ObjectRef& ref) {
  return ref.kind == "Secret" && group_of(ref.api_version).empty();
}

// Identity without the version: the same object whatever apiVersion names it.
using Key = std::tuple<std::string, std::string, std::string, std::string>;
Key key_of(const kube::ObjectRef& ref) {
  return {group_of(ref.api_version), ref.kind, ref.namespace_name, ref.name};
}

Change change_for(const Entry& e) {
  Change c;
  c.ref = kube::ObjectRef::of(e.object);
  c.wave = e.wave;
  c.sensitive = is_secret(c.ref);
  c.desired = e.object;
  c.desired_digest = e.digest;
  return c;
}

// An object state records, as far as a plan of what Argo CD owns needs it: its identity.
Value stub_of(const state::ObjectRecord& r) {
  Value metadata = Value::new_map();
  metadata.set("name", r.name);
  if (!r.namespace_name.empty()) metadata.set("namespace", r.namespace_name);
  Value object = Value::new_map();
  object.set("apiVersion", r.api_version);
  object.set("kind", r.kind);
  object.set("metadata", metadata);
  return object;
}

// The desired objects in wave order, then the handoff's. Without a render (the inputs of
// the one handed off), the chart's objects are those state records.
std::vector<Entry> entries_of(const Desired& desired, const state::Document* state) {
  std::vector<Entry> out;
  for (std::size_t i = 0; i < desired.objects.size(); ++i) {
    const Value& o = desired.objects[i];
    out.push_back(
        {o, wave_for(kube::ObjectRef::of(o)), false,
         i < desired.object_digests.size() ? desired.object_digests[i] : plan::object_digest(o)});
  }
  if (!desired.rendered && state != nullptr) {
    for (const state::ObjectRecord& r : state->objects) {
      if (r.hook || r.handoff || r.pending ||
          (r.kind == "Namespace" && r.name == desired.namespace_name)) {
        continue;
      }
      Value stub = stub_of(r);
      out.push_back({stub, wave_for(kube::ObjectRef::of(stub)), false, r.digest});
    }
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Entry& a, const Entry& b) { return a.wave < b.wave; });
  for (const Value& o : desired.handoff) {
    out.push_back({o, Wave::Handoff, true, plan::object_digest(o)});
  }
  return out;
}

void add_hooks(plan::Plan& plan, const Desired& desired, std::string_view event) {
  for (const Hook& hook : desired.hooks) {
    if (!hook.has_event(event)) continue;
    Change c = change_for({hook.object, wave_for(kube::ObjectRef::of(hook.object)), false,
                           hook.digest.empty() ? plan::object_digest(hook.object) : hook.digest});
    c.action = Action::Create;
    c.hook = true;
    c.note = std::string(event) + " hook";
    plan.changes.push_back(std::move(c));
  }
}

bool chart_changes(const plan::Plan& plan) {
  return std::any_of(plan.changes.begin(), plan.changes.end(), [](const Change& c) {
    return !c.hook && c.wave != Wave::Handoff && c.wave != Wave::Namespaces &&
           (c.action == Action::Create || c.action == Action::Update);
  });
}

// Splices hooks in: pre-* hooks after the namespaces, post-* hooks after the chart's waves.
void place_hooks(plan::Plan& plan, const Desired& desired, bool first_install) {
  if (desired.hooks.empty() || !chart_changes(plan)) return;
  std::vector<Change> rest = std::move(plan.changes);
  plan.changes.clear();
  auto it = rest.begin();
  while (it != rest.end() && it->wave == Wave::Namespaces) plan.changes.push_back(std::move(*it++));
  add_hooks(plan, desired, first_install ? "pre-install" : "pre-upgrade");
  while (it != rest.end() && it->wave != Wave::Handoff) plan.changes.push_back(std::move(*it++));
  add_hooks(plan, desired, first_install ? "post-install" : "post-upgrade");
  while (it != rest.end()) plan.changes.push_back(std::move(*it++));
}

}  // namespace

bool managed_by(const Value& live, std::string_view manager) {
  const Value* m = live.find("metadata");
  const Value* fields = m != nullptr ? m->find("managedFields") : nullptr;
  if (fields == nullptr || !fields->is_list()) return false;
  for (const Value& entry : fields->as_list()) {
    if (text(entry.find("manager")) == manager) return true;
  }
  return false;
}

std::string inputs_digest(const Desired& desired) {
  std::string all = desired.release_name + "\n" + desired.namespace_name + "\n" +
                    desired.application + "\n" + desired.render_digest + "\nhandoff\n";
  for (const Value& o : desired.handoff) all += plan::object_digest(o) + "\n";
  return "sha256:" + sha256_hex(all);
}

plan::Plan make_plan(const Desired& desired, Cluster* cluster, const state::Document* state) {
  plan::Plan plan;
  log::Timer timer("plan");
  plan.offline = cluster == nullptr;
  plan.inputs_digest = inputs_digest(desired);
  if (!desired.handoff.empty()) {
    plan.handoff_application = desired.namespace_name + "/" + desired.application;
  }
  if (state != nullptr) {
    plan.state_lineage = state->lineage;
    plan.state_serial = state->serial;
  }
  const bool handed_off = state != nullptr && state->handoff.has_value();
  const bool first_install =
      state == nullptr ||
      std::none_of(state->objects.begin(), state->objects.end(),
                   [](const state::ObjectRecord& r) { return !r.pending && !r.handoff; });
  if (handed_off && desired.handoff.empty()) {
    throw Error("this installation was handed off to Argo CD (Application " +
                state->handoff->application + ", " + state->handoff->at +
                "): Argo CD manages it now, so it cannot be planned without the handoff. Keep "
                "the handoff enabled, or `primer destroy` to remove the installation");
  }
  if (!desired.rendered && !handed_off) {
    throw Error("the chart was not rendered, and state records no handoff");  // a bug
  }
  std::vector<Entry> entries = entries_of(desired, state);
  std::set<Key> wanted;
  for (const Entry& e : entries) wanted.insert(key_of(kube::ObjectRef::of(e.object)));

  if (cluster == nullptr) {
    for (const Entry& e : entries) {
      Change c = change_for(e);
      c.action = Action::Create;
      plan.changes.push_back(std::move(c));
    }
  } else {
    plan.cluster = cluster->identity();
    kube::Discovery& discovery = cluster->discovery();
    // Which entries are read, which are compared offline (kind not served yet).
    std::vector<std::size_t> read;
    std::vector<kube::ObjectRef> refs;
    std::vector<Change> changes;
    for (std::size_t i = 0; i < entries.size(); ++i) {
      const Entry& e = entries[i];
      Change c = change_for(e);
      if (handed_off && !e.handoff && c.wave != Wave::Namespaces) {
        c.action = Action::Owned;
        c.note = "managed by Argo CD";
      } else if (!discovery.find(c.ref.api_version, c.ref.kind)) {
        c.action = Action::Create;
        c.note = "kind not served yet: compared offline";
      } else {
        read.push_back(i);
        refs.push_back(c.ref);
      }
      changes.push_back(std::move(c));
    }
    // Objects in a namespace that does not exist do not exist either: without state (a
    // fresh cluster) the namespaces and cluster-scoped objects are read first, and objects
    // only in the namespaces found. With state, everything at once.
    std::vector<std::optional<Value>> live(refs.size());
    std::vector<std::size_t> first, second;
    for (std::size_t k = 0; k < refs.size(); ++k) {
      (state != nullptr || refs[k].namespace_name.empty() ? first : second).push_back(k);
    }
    auto read_some = [&](const std::vector<std::size_t>& which) {
      std::vector<kube::ObjectRef> some;
      for (std::size_t k : which) some.push_back(refs[k]);
      std::vector<std::optional<Value>> got = cluster->client().get_all(some);
      for (std::size_t j = 0; j < which.size(); ++j) live[which[j]] = std::move(got[j]);
    };
    read_some(first);
    std::set<std::string> namespaces;
    for (std::size_t k : first) {
      if (refs[k].kind == "Namespace" && live[k]) namespaces.insert(refs[k].name);
    }
    std::vector<std::size_t> existing;
    for (std::size_t k : second) {
      bool known = std::any_of(first.begin(), first.end(), [&](std::size_t f) {
        return refs[f].kind == "Namespace" && refs[f].name == refs[k].namespace_name;
      });
      if (!known || namespaces.count(refs[k].namespace_name) != 0) existing.push_back(k);
    }
    read_some(existing);
    timer.lap("reads");
    std::vector<Value> to_dry_run;
    std::vector<std::size_t> dry_index;
    for (std::size_t k = 0; k < read.size(); ++k) {
      Change& c = changes[read[k]];
      if (!live[k]) {
        c.action = Action::Create;
        continue;
      }
      c.live_resource_version = meta_text(*live[k], "resourceVersion");
      c.live_uid = meta_text(*live[k], "uid");
      // The same intent as last applied, and every intended value still live: applying it
      // again changes nothing, so no dry run is needed (a rerun stays cheap for the server).
      if (const state::ObjectRecord* r =
              state != nullptr
                  ? state->find(c.ref.api_version, c.ref.kind, c.ref.namespace_name, c.ref.name)
                  : nullptr;
          r != nullptr && !r->pending && r->digest == c.desired_digest &&
          plan::holds_desired(*live[k], c.desired)) {
        c.action = Action::NoOp;
        continue;
      }
      to_dry_run.push_back(c.desired);
      dry_index.push_back(k);
    }
    // Objects primer applied before are applied with force: drift by other managers is
    // reverted, as a plan/apply tool does. Others (found in the cluster, never applied by
    // primer) are not: taking over another manager's fields is refused as a conflict.
    std::vector<Value> forced, unforced;
    std::vector<std::size_t> forced_at, unforced_at;
    for (std::size_t j = 0; j < to_dry_run.size(); ++j) {
      Change& c = changes[read[dry_index[j]]];
      c.force = state != nullptr && [&] {
        const state::ObjectRecord* r =
            state->find(c.ref.api_version, c.ref.kind, c.ref.namespace_name, c.ref.name);
        return r != nullptr && !r->pending;
      }();
      (c.force ? forced : unforced).push_back(to_dry_run[j]);
      (c.force ? forced_at : unforced_at).push_back(dry_index[j]);
    }
    timer.lap("comparison");
    kube::ApplyOptions dry;
    dry.field_manager = std::string(kFieldManager);
    dry.dry_run = true;
    std::vector<kube::ApplyResult> results = cluster->client().apply_all(unforced, dry);
    dry.force = true;
    std::vector<kube::ApplyResult> forced_results = cluster->client().apply_all(forced, dry);
    results.insert(results.end(), forced_results.begin(), forced_results.end());
    dry_index = unforced_at;
    dry_index.insert(dry_index.end(), forced_at.begin(), forced_at.end());
    std::string refused;
    for (std::size_t j = 0; j < results.size(); ++j) {
      std::size_t k = dry_index[j];
      Change& c = changes[read[k]];
      if (!results[j].ok()) {
        refused += "\n  " + results[j].error;
        continue;
      }
      c.fields = plan::diff_objects(*live[k], *results[j].object, c.sensitive, false);
      c.action = c.fields.empty() ? Action::NoOp : Action::Update;
    }
    if (!refused.empty()) {
      throw Error("the cluster refused the dry run of the planned objects:" + refused);
    }
    timer.lap("dry runs (" + std::to_string(results.size()) + ")");
    plan.changes = std::move(changes);

    // Deletions: what primer applied before, no longer wanted, and still primer's.
    if (state != nullptr) {
      std::vector<state::ObjectRecord> gone;
      std::vector<kube::ObjectRef> gone_refs;
      for (const state::ObjectRecord& r : state->objects) {
        kube::ObjectRef ref{r.api_version, r.kind, r.namespace_name, r.name};
        if (r.hook || wanted.count(key_of(ref)) != 0) continue;
        if (handed_off && !r.handoff) continue;  // Argo CD prunes its own
        if (!discovery.find(r.api_version, r.kind)) continue;
        gone.push_back(r);
        gone_refs.push_back(ref);
      }
      std::vector<std::optional<Value>> gone_live = cluster->client().get_all(gone_refs);
      std::vector<Change> deletes;
      for (std::size_t i = 0; i < gone.size(); ++i) {
        if (!gone_live[i] || !managed_by(*gone_live[i], kFieldManager)) continue;
        Change c;
        c.ref = gone_refs[i];
        c.action = Action::Delete;
        c.wave = gone[i].handoff ? Wave::Handoff : wave_for(c.ref);
        c.sensitive = is_secret(c.ref);
        c.live_resource_version = meta_text(*gone_live[i], "resourceVersion");
        c.live_uid = meta_text(*gone_live[i], "uid");
        deletes.push_back(std::move(c));
      }
      std::stable_sort(deletes.begin(), deletes.end(),
                       [](const Change& a, const Change& b) { return a.wave > b.wave; });
      for (Change& c : deletes) plan.changes.push_back(std::move(c));
    }
  }
  place_hooks(plan, desired, first_install);
  if (!desired.handoff.empty() && !handed_off) {
    for (const Value& o : desired.objects) {
      if (kube::ObjectRef::of(o).kind != "Namespace") ++plan.hand_off;
    }
  }
  return plan;
}

plan::Plan make_destroy_plan(Cluster& cluster, const state::Document& state) {
  plan::Plan plan;
  plan.cluster = cluster.identity();
  plan.state_lineage = state.lineage;
  plan.state_serial = state.serial;
  std::vector<state::ObjectRecord> records;
  std::vector<kube::ObjectRef> refs;
  for (const state::ObjectRecord& r : state.objects) {
    if (!cluster.discovery().find(r.api_version, r.kind)) continue;
    records.push_back(r);
    refs.push_back({r.api_version, r.kind, r.namespace_name, r.name});
  }
  std::vector<std::optional<Value>> live = cluster.client().get_all(refs);
  for (std::size_t i = 0; i < records.size(); ++i) {
    if (!live[i]) continue;
    Change c;
    c.ref = refs[i];
    c.action = Action::Delete;
    c.hook = records[i].hook;
    c.wave = records[i].handoff ? Wave::Handoff : wave_for(c.ref);
    c.sensitive = is_secret(c.ref);
    c.live_resource_version = meta_text(*live[i], "resourceVersion");
    c.live_uid = meta_text(*live[i], "uid");
    plan.changes.push_back(std::move(c));
  }
  // Applications before everything (the root first, it was created last), then the chart's
  // objects in reverse wave order; the namespace last.
  std::reverse(plan.changes.begin(), plan.changes.end());
  std::stable_sort(plan.changes.begin(), plan.changes.end(),
                   [](const Change& a, const Change& b) { return a.wave > b.wave; });
  return plan;
}

}  // namespace primer::bootstrap::pipeline
