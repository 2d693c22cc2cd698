// Desired versus live: object identity, diff, ordering into waves, the plan file, and the
// data that human and JSON views print. Never prints. (Filled by issue 8.)
#pragma once

#include "kube/kube.h"

namespace primer::plan {}  // namespace primer::plan
