// Building plan::Change values in tests (designated initializers would have to name every
// member under -Wmissing-field-initializers).
#pragma once

#include <utility>

#include "plan/plan.h"

namespace primer::plan::fixtures {

inline Change change(kube::ObjectRef ref, Action action, Wave wave = Wave::CustomResources) {
  Change c;
  c.ref = std::move(ref);
  c.action = action;
  c.wave = wave;
  return c;
}

inline FieldChange field(std::string path, std::optional<value::Value> before,
                         std::optional<value::Value> after) {
  return FieldChange{
      .path = std::move(path), .before = std::move(before), .after = std::move(after)};
}

}  // namespace primer::plan::fixtures
