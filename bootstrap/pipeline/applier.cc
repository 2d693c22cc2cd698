#include "bootstrap/pipeline/applier.h"

#include <algorithm>
#include <future>
#include <thread>

#include "base/error.h"
#include "base/log.h"
#include "bootstrap/pipeline/planner.h"

namespace primer::bootstrap::pipeline {
namespace {

using plan::Action;
using plan::Change;
using plan::Wave;
using value::Value;

std::string meta_text(const Value& object, std::string_view key) {
  const Value* m = object.find("metadata");
  const Value* v = m != nullptr ? m->find(key) : nullptr;
  return v != nullptr && v->is_string() ? v->as_string() : "";
}

bool same_object(const state::ObjectRecord& r, const kube::ObjectRef& ref) {
  return group_of(r.api_version) == group_of(ref.api_version) && r.kind == ref.kind &&
         r.namespace_name == ref.namespace_name && r.name == ref.name;
}

// The state document and the version its next write must name.
class StateWriter {
 public:
  StateWriter(state::Backend& backend, const plan::Plan& plan) : backend_(backend) {
    std::optional<state::Stored> stored = backend.read();
    if (stored) {
      if (stored->document.lineage != plan.state_lineage ||
          stored->document.serial != plan.state_serial) {
        throw Error(backend.describe() + ": the state changed since the plan was made (serial " +
                    std::to_string(plan.state_serial) + " → " +
                    std::to_string(stored->document.serial) + "); plan again");
      }
      doc_ = std::move(stored->document);
      version_ = std::move(stored->version);
    } else {
      if (!plan.state_lineage.empty()) {
        throw Error(backend.describe() +
                    ": the state the plan was made against is gone; plan again");
      }
      doc_.lineage = state::new_lineage();
    }
  }

  state::Document& doc() { return doc_; }

  void record(const kube::ObjectRef& ref, const std::string& uid, const std::string& digest,
              bool pending, bool hook, bool handoff) {
    auto it = std::find_if(doc_.objects.begin(), doc_.objects.end(),
                           [&](const state::ObjectRecord& r) { return same_object(r, ref); });
    if (it == doc_.objects.end()) {
      state::ObjectRecord fresh;
      fresh.kind = ref.kind;
      fresh.namespace_name = ref.namespace_name;
      fresh.name = ref.name;
      doc_.objects.push_back(std::move(fresh));
      it = doc_.objects.end() - 1;
    } else if (pending && !it->pending) {
      return;  // already applied once: it stays primer's whatever happens next
    }
    it->api_version = ref.api_version;
    if (!uid.empty()) it->uid = uid;
    if (!digest.empty()) it->digest = digest;
    it->pending = pending;
    it->hook = hook;
    it->handoff = handoff;
  }

  void forget(const kube::ObjectRef& ref) {
    std::erase_if(doc_.objects, [&](const state::ObjectRecord& r) { return same_object(r, ref); });
  }

  void save() {
    ++doc_.serial;
    doc_.primer_version = PRIMER_VERSION;
    doc_.updated_at = state::now_rfc3339();
    version_ = backend_.write(doc_, version_);
  }

 private:
  state::Backend& backend_;
  state::Document doc_;
  std::string version_;
};

class Run {
 public:
  Run(Cluster& cluster, const RunOptions& options) : cluster_(cluster), options_(options) {}

  void step(const std::string& what) {
    if (options_.progress != nullptr) options_.progress->step(what);
  }
  void done(const Change& c) {
    if (options_.progress != nullptr) options_.progress->done(c);
  }

  struct Applied {
    std::vector<Value> live;  // null where the server refused the object
    std::string refused;      // a "\n  error" line per refused object
  };

  // Server-side apply of `changes` at once. Safe to call from several threads.
  Applied apply_all(const std::vector<const Change*>& changes) {
    std::vector<Value> objects, forced;
    std::vector<std::size_t> at, forced_at;
    for (std::size_t i = 0; i < changes.size(); ++i) {
      (changes[i]->force ? forced : objects).push_back(changes[i]->desired);
      (changes[i]->force ? forced_at : at).push_back(i);
    }
    kube::ApplyOptions o;
    o.field_manager = std::string(kFieldManager);
    o.deadline = options_.deadline;
    std::vector<kube::ApplyResult> got = cluster_.client().apply_all(objects, o);
    o.force = true;
    std::vector<kube::ApplyResult> got_forced =
        forced.empty() ? std::vector<kube::ApplyResult>{} : cluster_.client().apply_all(forced, o);
    std::vector<kube::ApplyResult> results(changes.size());
    for (std::size_t k = 0; k < at.size(); ++k) results[at[k]] = std::move(got[k]);
    for (std::size_t k = 0; k < forced_at.size(); ++k) {
      results[forced_at[k]] = std::move(got_forced[k]);
    }
    Applied out;
    for (const kube::ApplyResult& r : results) {
      for (const std::string& w : r.warnings) warn(r.ref.describe() + ": " + w);
      if (!r.ok()) {
        out.refused += "\n  " + r.error;
        out.live.emplace_back();
        continue;
      }
      out.live.push_back(*r.object);
    }
    return out;
  }

  // As apply_all; throws one Error naming every object the server refused.
  std::vector<Value> apply(const std::vector<const Change*>& changes) {
    Applied got = apply_all(changes);
    if (!got.refused.empty()) throw Error("the cluster refused:" + got.refused);
    return std::move(got.live);
  }

  void wait(const std::vector<kube::ObjectRef>& refs, const std::string& what) {
    if (refs.empty()) return;
    step("Waiting for " + what);
    kube::WaitOptions o;
    o.deadline = options_.deadline;
    kube::WaitResult r = kube::wait_for(cluster_.client(), refs, o, options_.progress);
    if (!r.all_current) throw Error(r.summary());
  }

  // Deletes and waits until gone (404).
  void remove(const std::vector<kube::ObjectRef>& refs, kube::Propagation propagation) {
    for (const kube::ObjectRef& ref : refs) cluster_.client().remove(ref, propagation);
    for (const kube::ObjectRef& ref : refs) {
      while (cluster_.client().get(ref)) {
        if (kube::Clock::now() >= options_.deadline) {
          throw Error(Where{ref.describe()}, "timed out waiting for the deletion to finish");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
      }
    }
  }

  void warn(const std::string& message) {
    if (options_.progress != nullptr) options_.progress->warning(message);
  }

  Cluster& cluster() { return cluster_; }

 private:
  Cluster& cluster_;
  const RunOptions& options_;
};

bool is_waitable(const kube::ObjectRef& ref) {
  static constexpr std::string_view kinds[] = {"Deployment", "StatefulSet", "DaemonSet",
                                               "ReplicaSet", "Job",         "Pod"};
  return std::find(std::begin(kinds), std::end(kinds), ref.kind) != std::end(kinds);
}

// Whether discovery lists every version `crd` serves. The API server serves a CRD's
// resources once it is Established, so a CRD served needs no wait (nor a read of the CRD,
// large as they are).
bool crd_served(kube::Discovery& discovery, const Value& crd) {
  const Value* spec = crd.find("spec");
  const Value* names = spec != nullptr ? spec->find("names") : nullptr;
  const Value* group = spec != nullptr ? spec->find("group") : nullptr;
  const Value* kind = names != nullptr ? names->find("kind") : nullptr;
  const Value* versions = spec != nullptr ? spec->find("versions") : nullptr;
  if (group == nullptr || !group->is_string() || kind == nullptr || !kind->is_string() ||
      versions == nullptr || !versions->is_list() || versions->size() == 0) {
    return false;
  }
  for (const Value& v : versions->as_list()) {
    const Value* name = v.find("name");
    const Value* served = v.find("served");
    if (name == nullptr || !name->is_string()) return false;
    if (served != nullptr && served->is_bool() && !served->as_bool()) continue;
    if (!discovery.find(group->as_string() + "/" + name->as_string(), kind->as_string())) {
      return false;
    }
  }
  return true;
}

void run_hook(Run& run, StateWriter& state, const Change& c, const Desired& desired) {
  const Hook* hook = nullptr;
  for (const Hook& h : desired.hooks) {
    if (kube::ObjectRef::of(h.object) == c.ref) hook = &h;
  }
  auto has_policy = [&](std::string_view p) {
    return hook != nullptr && std::find(hook->delete_policies.begin(), hook->delete_policies.end(),
                                        p) != hook->delete_policies.end();
  };
  if (has_policy("before-hook-creation")) run.remove({c.ref}, kube::Propagation::Background);
  std::vector<Value> live = run.apply({&c});
  state.record(c.ref, meta_text(live[0], "uid"), c.desired_digest, false, true, false);
  if (is_waitable(c.ref)) run.wait({c.ref}, "hook " + c.ref.describe());
  if (has_policy("hook-succeeded")) {
    run.remove({c.ref}, kube::Propagation::Background);
    state.forget(c.ref);
  }
}

// What state says about the run besides its objects.
void describe_run(state::Document& doc, Cluster& cluster, const Desired& desired) {
  doc.cluster = cluster.identity();
  doc.release_name = desired.release_name;
  doc.namespace_name = desired.namespace_name;
  doc.chart_name = desired.chart.name;
  doc.chart_version = desired.chart.version;
  doc.chart_digest = desired.chart.digest;
  doc.values_digest = desired.values_digest;
  doc.render_key = desired.render_key;
  doc.render_digest = desired.render_digest;
}

}  // namespace

bool state_incomplete(const plan::Plan& plan, const state::Document* state) {
  bool any_applied = std::any_of(plan.changes.begin(), plan.changes.end(), [](const Change& c) {
    return c.action == Action::NoOp || c.action == Action::Owned;
  });
  if (state == nullptr) return any_applied;
  if (state->inputs_digest != plan.inputs_digest) return true;
  return std::any_of(state->objects.begin(), state->objects.end(),
                     [](const state::ObjectRecord& r) { return r.pending; });
}

bool reconcile_state(Cluster& cluster, const Desired& desired, const plan::Plan& plan,
                     state::Backend& backend, ApplyProgress* progress) {
  std::string taken_over;
  std::unique_ptr<state::Lock> lock = backend.lock("apply", &taken_over);
  if (!taken_over.empty() && progress != nullptr) progress->warning(taken_over);
  StateWriter state(backend, plan);
  if (!state_incomplete(plan, &state.doc())) return false;
  state::Document& doc = state.doc();
  describe_run(doc, cluster, desired);
  doc.inputs_digest = plan.inputs_digest;
  for (const Change& c : plan.changes) {
    if (c.action == Action::NoOp) {
      state.record(c.ref, c.live_uid, c.desired_digest, false, c.hook, c.wave == Wave::Handoff);
    }
  }
  // Pending entries whose object never got written are not primer's.
  std::erase_if(doc.objects, [](const state::ObjectRecord& r) { return r.pending; });
  state.save();
  lock->release();
  return true;
}

ApplyOutcome apply_plan(Cluster& cluster, const Desired& desired, const plan::Plan& plan,
                        state::Backend& backend, const RunOptions& options) {
  Run run(cluster, options);
  ApplyOutcome outcome;
  auto count = [&](const Change& c) {
    if (c.action == Action::Create) ++outcome.created;
    if (c.action == Action::Update) ++outcome.updated;
    if (c.action == Action::Delete) ++outcome.deleted;
    run.done(c);
  };
  auto writes = [](const Change& c) {
    return !c.hook && (c.action == Action::Create || c.action == Action::Update);
  };

  // The namespaces first: the state and its lock live in the release namespace.
  std::vector<const Change*> namespaces;
  for (const Change& c : plan.changes) {
    if (c.wave == Wave::Namespaces && writes(c)) namespaces.push_back(&c);
  }
  std::vector<Value> namespaces_live;
  if (!namespaces.empty()) {
    run.step("Creating the namespace");
    namespaces_live = run.apply(namespaces);
  }
  std::string taken_over;
  std::unique_ptr<state::Lock> lock = backend.lock("apply", &taken_over);
  if (!taken_over.empty()) run.warn(taken_over);
  StateWriter state(backend, plan);
  state::Document& doc = state.doc();
  describe_run(doc, cluster, desired);

  // Intent first: a kill from here on leaves every object this run may write in state.
  for (std::size_t k = 0; k < namespaces.size(); ++k) {
    state.record(namespaces[k]->ref, meta_text(namespaces_live[k], "uid"),
                 namespaces[k]->desired_digest, false, false, false);
  }
  for (const Change& c : plan.changes) {
    if (c.action == Action::NoOp) {
      state.record(c.ref, c.live_uid, c.desired_digest, false, c.hook, c.wave == Wave::Handoff);
    } else if (c.action == Action::Create || c.action == Action::Update) {
      state.record(c.ref, "", "", true, c.hook, c.wave == Wave::Handoff);
    }
  }
  state.save();
  for (const Change* c : namespaces) count(*c);

  auto failed = [&](const Error& e, const std::string& during) {
    // Whatever was applied before the failure is recorded; the rest stays pending.
    try {
      state.save();
    } catch (const Error& save_error) {
      log::debug("apply", std::string("saving state after a failure: ") + save_error.what());
    }
    return Error::wrap(during, e);
  };

  // Records what a wave's apply wrote, then throws for what the server refused.
  auto record = [&](const std::vector<const Change*>& batch, const Run::Applied& got, Wave wave) {
    for (std::size_t k = 0; k < batch.size(); ++k) {
      if (got.live[k].is_null()) continue;
      state.record(batch[k]->ref, meta_text(got.live[k], "uid"), batch[k]->desired_digest, false,
                   false, wave == Wave::Handoff);
      count(*batch[k]);
    }
    if (!got.refused.empty()) throw Error("the cluster refused:" + got.refused);
  };
  // The CRDs apply in the background while the waves that cannot depend on them (cluster
  // RBAC, configuration, services, workloads) go on: the API server admits those whether a
  // CRD exists or not, and large CRDs are slow to apply. Hooks, custom resources, the handoff
  // and the run's end wait for them, applied and then Established.
  std::vector<const Change*> crds;
  std::future<Run::Applied> crds_applying;
  std::future<std::string> render_key;
  auto finish_crds = [&] {
    if (crds_applying.valid()) record(crds, crds_applying.get(), Wave::Crds);
  };

  try {
    const std::vector<Change>& changes = plan.changes;
    bool argocd_ready = desired.handoff.empty() || state.doc().handoff.has_value();
    std::vector<kube::ObjectRef> ready;  // waited to Current by this run
    auto wait_for_argocd = [&] {
      if (argocd_ready) return;
      argocd_ready = true;
      // Argo CD must run before it is handed its own installation.
      std::vector<kube::ObjectRef> workloads;
      for (const Value& o : desired.objects) {
        kube::ObjectRef ref = kube::ObjectRef::of(o);
        if (is_waitable(ref) && std::find(ready.begin(), ready.end(), ref) == ready.end()) {
          workloads.push_back(ref);
        }
      }
      run.wait(workloads,
               "Argo CD to be ready (" + std::to_string(workloads.size()) + " workloads)");
    };
    auto wait_for_crds = [&] {
      finish_crds();
      if (crds.empty()) return;
      cluster.discovery().invalidate();
      if (!std::all_of(crds.begin(), crds.end(), [&](const Change* c) {
            return crd_served(cluster.discovery(), c->desired);
          })) {
        std::vector<kube::ObjectRef> refs;
        for (const Change* c : crds) refs.push_back(c->ref);
        run.wait(refs, "CRDs to be established");
        cluster.discovery().invalidate();
      }
      crds.clear();
    };
    const bool hands_off = std::any_of(changes.begin(), changes.end(), [&](const Change& c) {
      return c.wave == Wave::Handoff && writes(c);
    });
    auto start_render_key = [&] {
      if (!hands_off || !options.render_key_after || render_key.valid()) return;
      wait_for_crds();  // the capabilities to render with include the CRDs
      render_key = std::async(std::launch::async, options.render_key_after);
    };
    // The plan is in execution order: a hook runs alone, objects of one wave together.
    std::size_t i = 0;
    while (i < changes.size() && changes[i].action != Action::Delete) {
      if (changes[i].hook) {
        wait_for_crds();
        const Change& c = changes[i++];
        run.step("Running " + c.note + " " + c.ref.describe());
        run_hook(run, state, c, desired);
        count(c);
        continue;
      }
      const Wave wave = changes[i].wave;
      std::vector<const Change*> batch;
      for (; i < changes.size() && !changes[i].hook && changes[i].action != Action::Delete &&
             changes[i].wave == wave;
           ++i) {
        if (writes(changes[i]) && wave != Wave::Namespaces) batch.push_back(&changes[i]);
      }
      if (wave == Wave::Handoff) wait_for_argocd();
      if (batch.empty()) continue;
      if (wave >= Wave::CustomResources) wait_for_crds();
      if (wave == Wave::Handoff) start_render_key();
      run.step("Applying " + std::string(plan::to_string(wave)) + " (" +
               std::to_string(batch.size()) + (batch.size() == 1 ? " object)" : " objects)"));
      if (wave == Wave::Crds) {
        crds = batch;
        crds_applying =
            std::async(std::launch::async, [&run, batch] { return run.apply_all(batch); });
        continue;
      }
      record(batch, run.apply_all(batch), wave);
      if (wave == Wave::Workloads) {
        start_render_key();  // renders while the workloads start
        std::vector<kube::ObjectRef> to_wait;
        for (const Change* c : batch) {
          if (is_waitable(c->ref)) to_wait.push_back(c->ref);
        }
        run.wait(to_wait, "workloads to be ready");
        ready.insert(ready.end(), to_wait.begin(), to_wait.end());
      }
    }
    wait_for_crds();
    wait_for_argocd();
    if (!desired.handoff.empty() && !state.doc().handoff) {
      state::HandoffRecord h;
      h.application = desired.namespace_name + "/" + desired.application;
      for (const Value& o : desired.handoff) {
        kube::ObjectRef ref = kube::ObjectRef::of(o);
        if (ref.kind == "Application" && ref.name != desired.application) {
          h.root = ref.namespace_name + "/" + ref.name;
        }
      }
      h.at = state::now_rfc3339();
      state.doc().handoff = h;
      outcome.handed_off = true;
    }
    // Deletions, already in reverse wave order.
    for (const Change& c : changes) {
      if (c.action != Action::Delete) continue;
      run.step("Deleting " + c.ref.describe());
      run.remove({c.ref}, kube::Propagation::Background);
      state.forget(c.ref);
      count(c);
    }
  } catch (const Error& e) {
    try {
      finish_crds();  // what the background apply wrote is recorded too
    } catch (const Error& refused) {
      run.warn(refused.what());
    }
    throw failed(e, "apply stopped");
  }
  std::erase_if(state.doc().objects, [](const state::ObjectRecord& r) { return r.pending; });
  state.doc().inputs_digest = plan.inputs_digest;
  if (render_key.valid()) {
    try {
      state.doc().render_key = render_key.get();
    } catch (const std::exception& e) {
      state.doc().render_key.clear();  // the next run renders
      log::debug("apply", std::string("the render key after the handoff: ") + e.what());
    }
  }
  state.save();
  outcome.serial = state.doc().serial;
  lock->release();
  return outcome;
}

int destroy_plan(Cluster& cluster, const plan::Plan& plan, state::Backend& backend, bool cascade,
                 const RunOptions& options) {
  Run run(cluster, options);
  std::unique_ptr<state::Lock> lock;
  std::string taken_over;
  lock = backend.lock("destroy", &taken_over);
  if (!taken_over.empty()) run.warn(taken_over);
  StateWriter state(backend, plan);
  int deleted = 0;
  try {
    // Applications: without their finalizers unless a cascade was asked for, so that Argo CD
    // (deleted further down) is not left holding them.
    for (const Change& c : plan.changes) {
      if (c.ref.kind != "Application" || group_of(c.ref.api_version) != "argoproj.io") continue;
      bool root_cascade = cascade && state.doc().handoff && !state.doc().handoff->root.empty() &&
                          state.doc().handoff->root == c.ref.namespace_name + "/" + c.ref.name;
      if (!root_cascade) {
        auto live = cluster.client().get(c.ref);
        const Value* m = live ? live->find("metadata") : nullptr;
        const Value* f = m != nullptr ? m->find("finalizers") : nullptr;
        if (f != nullptr && f->is_list() && f->size() > 0) {
          Value op = Value::new_map();
          op.set("op", "remove");
          op.set("path", "/metadata/finalizers");
          Value ops = Value::new_list();
          ops.push_back(op);
          cluster.client().json_patch(c.ref, ops);
        }
      }
      run.step("Deleting " + c.ref.describe());
      run.remove({c.ref},
                 root_cascade ? kube::Propagation::Foreground : kube::Propagation::Background);
      state.forget(c.ref);
      run.done(c);
      ++deleted;
    }
    // The rest, a wave at a time, each waited to be gone.
    for (int w = static_cast<int>(Wave::Handoff); w >= static_cast<int>(Wave::Namespaces); --w) {
      std::vector<kube::ObjectRef> refs;
      std::vector<const Change*> batch;
      for (const Change& c : plan.changes) {
        if (static_cast<int>(c.wave) != w || c.ref.kind == "Application") continue;
        refs.push_back(c.ref);
        batch.push_back(&c);
      }
      if (refs.empty()) continue;
      run.step("Deleting " + std::string(plan::to_string(static_cast<Wave>(w))) + " (" +
               std::to_string(refs.size()) + (refs.size() == 1 ? " object)" : " objects)"));
      run.remove(refs, kube::Propagation::Background);
      for (const Change* c : batch) {
        // The state Secret went with its namespace.
        if (c->ref.kind != "Namespace") state.forget(c->ref);
        run.done(*c);
        ++deleted;
      }
    }
  } catch (const Error& e) {
    try {
      state.save();
    } catch (const Error& save_error) {
      log::debug("apply", std::string("saving state after a failure: ") + save_error.what());
    }
    throw Error::wrap("destroy stopped", e);
  }
  backend.remove();
  try {
    lock->release();
  } catch (const Error&) {
    // The Lease went with the namespace.
  }
  return deleted;
}

}  // namespace primer::bootstrap::pipeline
