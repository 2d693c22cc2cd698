// Go text/template for primer: parse once, execute many times against a value::Value.
// Knows nothing about charts, files or Helm; charts/ supplies the text and the functions.
// (Issue 3 builds the engine; this header is the module's place in the layout.)
#pragma once

#include "value/value.h"

namespace primer::tmpl {}  // namespace primer::tmpl
