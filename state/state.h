// State: the document recording what primer applied (never secret values), its backends
// (in-cluster Secret, local file) and locking. (Filled by issue 8.)
#pragma once

#include "kube/kube.h"

namespace primer::state {}  // namespace primer::state
