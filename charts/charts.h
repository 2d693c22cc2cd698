// Charts: sources (repository index, OCI, local), cache, lock file, archive reading, loading,
// values coalescing, --set parsing and rendering. (Filled by issues 4 and 5.)
#pragma once

#include "charts/template/template.h"

namespace primer::charts {}  // namespace primer::charts
