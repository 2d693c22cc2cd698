// Kubernetes client: kubeconfig and auth, the pooled transport, discovery and mapping, get,
// list, server-side apply, delete and watch, readiness rules and waits (issue 7). Never
// prints: results are returned and progress is reported through interfaces.
#pragma once

#include "kube/client.h"
#include "kube/discovery.h"
#include "kube/exec_credential.h"
#include "kube/kubeconfig.h"
#include "kube/readiness.h"
#include "kube/token_source.h"
#include "kube/transport.h"
#include "kube/wait.h"
#include "value/value.h"
