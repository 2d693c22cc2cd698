// Progress of an apply or destroy: a line per step and per object written, readiness while
// waiting (one overprinted line on a terminal, a line per object that becomes ready or fails
// otherwise), and the closing summary.
#pragma once

#include <mutex>
#include <string>

#include "bootstrap/pipeline/applier.h"
#include "bootstrap/views/view.h"

namespace primer::bootstrap::views {

class ApplyView : public pipeline::ApplyProgress {
 public:
  explicit ApplyView(const View& view) : view_(view) {}
  void step(std::string_view what) override;
  void done(const plan::Change& change) override;
  void warning(std::string_view message) override;
  void changed(const kube::ObjectRef& object, const kube::Readiness& readiness) override;

  /// "Apply complete! Resources: 3 added, 1 changed, 0 destroyed." and the handoff line.
  void applied(const pipeline::ApplyOutcome& outcome, const std::string& application) const;
  /// "Destroy complete! Resources: N destroyed."
  void destroyed(int count) const;

 private:
  void clear_status_locked();
  const View& view_;
  std::mutex mu_;
  bool status_shown_ = false;
};

}  // namespace primer::bootstrap::views
