#include "bootstrap/views/apply.h"

#include <ostream>

namespace primer::bootstrap::views {

void ApplyView::clear_status_locked() {
  if (!status_shown_) return;
  view_.err() << "\r\033[K";
  view_.err().flush();
  status_shown_ = false;
}

void ApplyView::step(std::string_view what) {
  std::lock_guard lock(mu_);
  clear_status_locked();
  view_.out() << what << "...\n";
  view_.out().flush();
}

void ApplyView::done(const plan::Change& change) {
  std::lock_guard lock(mu_);
  clear_status_locked();
  const char* verb = change.action == plan::Action::Create   ? "  + created "
                     : change.action == plan::Action::Update ? "  ~ updated "
                     : change.action == plan::Action::Delete ? "  - deleted "
                                                             : "  = unchanged ";
  view_.out() << verb << change.ref.describe() << (change.hook ? " (hook)" : "") << "\n";
  view_.out().flush();
}

void ApplyView::warning(std::string_view message) {
  std::lock_guard lock(mu_);
  clear_status_locked();
  view_.err() << "Warning: " << message << "\n";
}

void ApplyView::changed(const kube::ObjectRef& object, const kube::Readiness& readiness) {
  std::lock_guard lock(mu_);
  const bool settled = readiness.status == kube::ReadyStatus::Current ||
                       readiness.status == kube::ReadyStatus::Failed;
  if (view_.err_is_tty() && !settled) {
    view_.err() << "\r\033[K  waiting: " << object.describe() << ": "
                << kube::to_string(readiness.status);
    if (!readiness.message.empty()) view_.err() << " (" << readiness.message << ")";
    view_.err().flush();
    status_shown_ = true;
    return;
  }
  if (!settled) return;
  clear_status_locked();
  view_.out() << "  " << (readiness.status == kube::ReadyStatus::Current ? "ready: " : "FAILED: ")
              << object.describe();
  if (readiness.status == kube::ReadyStatus::Failed && !readiness.message.empty()) {
    view_.out() << " (" << readiness.message << ")";
  }
  view_.out() << "\n";
  view_.out().flush();
}

void ApplyView::applied(const pipeline::ApplyOutcome& o, const std::string& application) const {
  view_.out() << "\nApply complete! Resources: " << o.created << " added, " << o.updated
              << " changed, " << o.deleted << " destroyed.\n";
  if (o.handed_off) {
    view_.out() << "Handed off to Argo CD: Application " << application
                << " now manages the installation.\n";
  }
}

void ApplyView::destroyed(int count) const {
  view_.out() << "\nDestroy complete! Resources: " << count << " destroyed.\n";
}

}  // namespace primer::bootstrap::views
