#include "bootstrap/cli.h"

#include <ostream>

namespace primer::bootstrap {

int run(int, const char* const*, std::ostream& out, std::ostream&) {
  out << "primer " << PRIMER_VERSION << "\n";
  return 0;
}

}  // namespace primer::bootstrap
