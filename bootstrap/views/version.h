// What `primer version` shows: "primer 0.1.0", or {"version":"0.1.0"} with -json.
#pragma once

#include <memory>
#include <string_view>

#include "bootstrap/views/view.h"

namespace primer::bootstrap::views {

class Version {
 public:
  virtual ~Version() = default;
  virtual void version(std::string_view version) = 0;
};

/// The JSON view when `json`, else the human one; both write to `view`'s stdout.
std::unique_ptr<Version> make_version(bool json, const View& view);

}  // namespace primer::bootstrap::views
