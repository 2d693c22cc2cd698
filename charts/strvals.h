// Helm's `--set` family of value lines (pkg/strvals): `a.b=c,l[0]={x,y}` parsed into a values
// map, with the typing of --set, --set-string, --set-file, --set-json and --set-literal.
// Only the grammar: reading -f files and the order of the flags are in charts/values.h.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "charts/chart.h"
#include "value/value.h"

namespace primer::charts {

/// Which flag a line came from; it decides how values are typed.
enum class SetKind {
  Typed,    // --set: bool, null, int64 or string (typedVal)
  String,   // --set-string: every value a string
  File,     // --set-file: the value is a path, replaced by the file's content
  Json,     // --set-json: each value is one JSON text (numbers float64)
  Literal,  // --set-literal: one key, the rest of the line verbatim, no escapes
};

/// Reads the file a --set-file value names; throws Error worded as Go's os.ReadFile
/// ("open PATH: no such file or directory").
using SetFileReader = std::function<std::string(const std::string& path)>;

/// The local file system reader used when none is given.
std::string read_set_file(const std::string& path);

/// Parses one flag argument into `dest` (a map, changed in place as strvals.ParseInto does:
/// existing siblings stay, a key path walks or creates maps and lists). Throws Error with
/// Helm's message without the "failed parsing --set data: " prefix (`key "a" has no value`,
/// `index of 65537 is greater than maximum supported index of 65536`, ...); for Json the
/// message is the decoder's and Helm drops it (see merge_user_values). `reader` is used for
/// File only (default: read_set_file). `dialect` matters for a truncated index (`a[0`):
/// helm 4 stops silently, helm 3 fails with `error parsing index: EOF`.
void parse_set_into(std::string_view line, const value::Value& dest, SetKind kind,
                    Dialect dialect = Dialect::Helm4, const SetFileReader& reader = {});

/// As parse_set_into, into a new map.
value::Value parse_set(std::string_view line, SetKind kind, Dialect dialect = Dialect::Helm4,
                       const SetFileReader& reader = {});

}  // namespace primer::charts
