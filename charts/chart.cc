#include "charts/chart.h"

namespace primer::charts {

std::vector<const File*> Chart::crd_files() const {
  std::vector<const File*> out;
  for (const File& f : files) {
    if (f.name.starts_with("crds/")) out.push_back(&f);
  }
  return out;
}

}  // namespace primer::charts
