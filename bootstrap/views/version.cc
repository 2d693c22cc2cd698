#include "bootstrap/views/version.h"

#include <ostream>

#include "value/value.h"

namespace primer::bootstrap::views {
namespace {

class VersionHuman : public Version {
 public:
  explicit VersionHuman(const View& view) : view_(view) {}
  void version(std::string_view version) override { view_.out() << "primer " << version << "\n"; }

 private:
  const View& view_;
};

class VersionJson : public Version {
 public:
  explicit VersionJson(const View& view) : view_(view) {}
  void version(std::string_view version) override {
    view_.out() << value::to_json(value::Map{{"version", version}}) << "\n";
  }

 private:
  const View& view_;
};

}  // namespace

std::unique_ptr<Version> make_version(bool json, const View& view) {
  if (json) return std::make_unique<VersionJson>(view);
  return std::make_unique<VersionHuman>(view);
}

}  // namespace primer::bootstrap::views
