// The objects of the handoff (kubernetes-api-spec 8.3–8.6): the AppProject, Argo CD
// repository credential Secrets (secret material read from the environment or files), the
// self-managing Application (the same chart, version, release name, namespace and values as
// installed; ServerSideApply=true; no cascade finalizer) and the root app-of-apps.
#pragma once

#include <vector>

#include "bootstrap/config/config.h"
#include "bootstrap/pipeline/desired.h"

namespace primer::bootstrap::pipeline {

/// The handoff objects for `desired` (its chart, values, release) under `config.handoff`, in
/// apply order. Throws Error naming the setting when a secret source cannot be read or the
/// chart comes from where Argo CD cannot fetch it and no handoff.chartRepoURL is given.
std::vector<value::Value> handoff_objects(const config::Config& config, const Desired& desired);

}  // namespace primer::bootstrap::pipeline
