// Planning: the desired objects against the live cluster (server-side dry-run apply for kinds
// the server serves, an offline comparison for kinds whose CRD this plan creates) or, with
// no cluster, against a fresh one. Deletions only for objects state says primer applied and
// whose live object primer still manages. Reads only: a plan writes nothing.
#pragma once

#include "bootstrap/pipeline/cluster.h"
#include "bootstrap/pipeline/desired.h"
#include "plan/plan.h"
#include "state/state.h"

namespace primer::bootstrap::pipeline {

/// The plan of bringing `cluster` (null: a fresh cluster, offline) to `desired`, given the
/// state of earlier runs (null: none). Throws Error naming the objects the server refused
/// in the dry run (a conflict with another field manager, an invalid object).
plan::Plan make_plan(const Desired& desired, Cluster* cluster, const state::Document* state);

/// The plan of removing everything `state` records (`primer destroy`), in removal order:
/// Applications first, then the chart's objects in reverse wave order, CRDs and the
/// namespace last. Objects already gone are left out.
plan::Plan make_destroy_plan(Cluster& cluster, const state::Document& state);

/// The digest of everything that decides the desired objects (each object's digest, in order).
std::string inputs_digest(const Desired& desired);

/// True when the live object lists `manager` among its managedFields.
bool managed_by(const value::Value& live, std::string_view manager);

/// The field manager primer applies with.
inline constexpr std::string_view kFieldManager = "primer";

}  // namespace primer::bootstrap::pipeline
