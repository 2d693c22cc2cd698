// Kubernetes client: kubeconfig and auth, HTTP transport, discovery, apply/get/list/delete/
// watch, readiness rules. Never prints. (Filled by issue 7.)
#pragma once

#include "value/value.h"

namespace primer::kube {}  // namespace primer::kube
