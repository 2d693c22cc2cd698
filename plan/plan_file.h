// Saved plans (`primer plan -out FILE`, `primer apply FILE`): what was decided and what it
// was decided against, never an object's content. `apply` renders again from the same
// configuration and refuses the plan when its inputs digest, the cluster, the state serial,
// or any object's resourceVersion or desired digest differ.
#pragma once

#include <string>

#include "plan/plan.h"

namespace primer::plan {

/// Writes `plan` to `path` atomically (JSON: format version, primer version, the inputs
/// digest, cluster, state lineage and serial, and per change: ref, action, wave, hook,
/// desired digest, live resourceVersion and uid). Throws Error naming the file.
void write_plan_file(const std::string& path, const Plan& plan);

/// Reads a saved plan: changes have no `desired` object and no field lists. Throws Error
/// naming the file for a missing, malformed or foreign file.
Plan read_plan_file(const std::string& path);

/// Why `fresh` (planned now) differs from `saved`, one line per reason; empty when the saved
/// plan may be applied: same inputs digest, cluster, state lineage/serial, and the same
/// actions on the same objects with the same desired digests and live resourceVersions.
std::vector<std::string> stale_reasons(const Plan& saved, const Plan& fresh);

}  // namespace primer::plan
