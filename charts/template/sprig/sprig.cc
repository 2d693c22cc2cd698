#include "charts/template/sprig/sprig.h"

namespace primer::tmpl::sprig {

void add_all(Funcs& funcs, const Options& options) {
  add_strings(funcs, options);
  add_lists(funcs, options);
  add_dicts(funcs, options);
  add_numeric(funcs, options);
  add_defaults(funcs, options);
  add_reflect(funcs, options);
  add_paths(funcs, options);
  add_encoding(funcs, options);
  add_regex(funcs, options);
  add_crypto(funcs, options);
  add_random(funcs, options);
  add_dates(funcs, options);
  add_semver(funcs, options);
  add_network(funcs, options);
}

}  // namespace primer::tmpl::sprig
