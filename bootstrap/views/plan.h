// How a plan is shown: Terraform's text (a block per object with + ~ - markers and
// field-level diffs, Secret values masked, then "Plan: N to add, N to change, N to destroy,
// N to hand off." or "No changes. Your cluster matches the configuration.") or one JSON
// document (-json).
#pragma once

#include "bootstrap/views/view.h"
#include "plan/plan.h"

namespace primer::bootstrap::views {

class PlanView {
 public:
  explicit PlanView(const View& view) : view_(view) {}
  /// The whole plan as text on stdout (colour when allowed). No-op changes are not listed;
  /// objects Argo CD owns are summed up in one line.
  void show(const plan::Plan& plan) const;
  /// The plan as one JSON document on stdout: {"format_version":"1","offline":…,
  /// "summary":{"add":…,"change":…,"destroy":…,"hand_off":…},"changes":[{"address":
  /// "apps/v1 Deployment argocd/argocd-server","action":"update","wave":"workloads",
  /// "hook":false,"fields":[{"path":…,"before":…,"after":…}]}]} (masked as in text).
  void show_json(const plan::Plan& plan) const;
  /// The closing line only ("Plan: …" or "No changes. …").
  void summary_line(const plan::Plan& plan) const;

 private:
  const View& view_;
};

}  // namespace primer::bootstrap::views
