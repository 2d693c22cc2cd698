// Helpers for tests/state: a sample document, a temporary directory, error capture and the
// pid of a process that has ended.
#pragma once

#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <functional>
#include <string>

#include "base/error.h"
#include "state/state.h"

namespace primer::state::test {

/// what() of the Error `f` throws; "" when it throws none.
inline std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

/// A document with chart, hook, pending and handoff objects.
inline Document sample_document() {
  Document doc;
  doc.lineage = "0b3c9b4e-8a6f-4c1e-9d2a-5f7e3b1a2c4d";
  doc.serial = 7;
  doc.primer_version = "0.8.0";
  doc.cluster = "https://127.0.0.1:6443 kube-system/1f2e";
  doc.release_name = "argocd";
  doc.namespace_name = "argocd";
  doc.chart_name = "argo-cd";
  doc.chart_version = "7.6.1";
  doc.chart_digest = "sha256:0011";
  doc.values_digest = "2233";
  doc.inputs_digest = "4455";
  doc.render_key = "sha256:6677";
  doc.render_digest = "sha256:8899";
  doc.updated_at = "2026-11-26T21:14:03Z";
  doc.objects = {
      {"apiextensions.k8s.io/v1", "CustomResourceDefinition", "", "applications.argoproj.io",
       "uid-crd", "d1", false, false, false},
      {"v1", "ConfigMap", "argocd", "argocd-cm", "uid-cm", "d2", false, false, false},
      {"apps/v1", "Deployment", "argocd", "argocd-server", "uid-deploy", "d3", false, false, false},
      {"batch/v1", "Job", "argocd", "argocd-redis-secret-init", "uid-job", "d4", true, false,
       false},
      {"v1", "Service", "argocd", "argocd-repo-server", "", "", false, true, false},
      {"argoproj.io/v1alpha1", "Application", "argocd", "argocd", "uid-app", "d5", false, false,
       true},
  };
  doc.handoff = HandoffRecord{"argocd/argocd", "argocd/root", "2026-11-26T21:20:00Z"};
  return doc;
}

/// A fresh directory under /tmp, removed with everything in it at scope exit.
class TempDir {
 public:
  TempDir() {
    std::string pattern = "/tmp/primer-state-XXXXXX";
    if (char* made = mkdtemp(pattern.data())) path_ = made;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

/// The pid of a child that has exited and been reaped: no process has it (until reused).
inline long dead_pid() {
  pid_t pid = fork();
  if (pid == 0) _exit(0);
  waitpid(pid, nullptr, 0);
  return static_cast<long>(pid);
}

}  // namespace primer::state::test
