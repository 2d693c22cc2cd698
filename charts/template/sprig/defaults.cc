// Sprig's defaults, flow and JSON functions (defaults.go, and `fail` from functions.go).

#include <string>
#include <vector>

#include "base/error.h"
#include "charts/template/sprig/detail/convert.h"
#include "charts/template/sprig/sprig.h"

namespace primer::tmpl::sprig {
namespace {

using detail::boolean;
using detail::is_empty;
using detail::str;

enum class Json { Plain, Pretty, Raw };

std::string encode(const TValue& v, Json how) {
  switch (how) {
    case Json::Plain: return value::to_json(v.value());
    case Json::Pretty: return value::to_pretty_json(v.value());
    case Json::Raw: return value::to_raw_json(v.value());
  }
  return "";
}

// The JSON encoders' own messages are Go's; the decoder's carry a position Go does not print.
TValue decode(const std::string& text) {
  try {
    return TValue(value::parse_json("", text));
  } catch (const Error& e) {
    throw Error(e.message());
  }
}

}  // namespace

void add_defaults(Funcs& funcs, const Options&) {
  using P = Param;
  funcs.add("default", Signature{{P::Any, P::Any}, true}, [](Call&, std::span<const TValue> a) {
    if (a.size() < 2 || is_empty(a[1])) return a[0];
    return a[1];
  });
  funcs.add("empty", Signature{{P::Any}}, [](Call&, std::span<const TValue> a) {
    return boolean(is_empty(a[0]));
  });
  funcs.add("coalesce", Signature{{P::Any}, true}, [](Call&, std::span<const TValue> a) {
    for (const TValue& v : a) {
      if (!is_empty(v)) return v;
    }
    return TValue::nil();
  });
  funcs.add("all", Signature{{P::Any}, true}, [](Call&, std::span<const TValue> a) {
    for (const TValue& v : a) {
      if (is_empty(v)) return boolean(false);
    }
    return boolean(true);
  });
  funcs.add("any", Signature{{P::Any}, true}, [](Call&, std::span<const TValue> a) {
    for (const TValue& v : a) {
      if (!is_empty(v)) return boolean(true);
    }
    return boolean(false);
  });
  funcs.add("ternary", Signature{{P::Any, P::Any, P::Bool}}, [](Call&, std::span<const TValue> a) {
    return a[2].value().as_bool() ? a[0] : a[1];
  });
  funcs.add("fromJson", Signature{{P::String}}, [](Call&, std::span<const TValue> a) {
    try {
      return decode(a[0].value().as_string());
    } catch (const Error&) {
      return TValue::nil();  // parity: Sprig's fromJson drops the error
    }
  });
  funcs.add("mustFromJson", Signature{{P::String}}, [](Call&, std::span<const TValue> a) {
    return decode(a[0].value().as_string());
  });
  struct Encoder {
    const char* name;
    Json how;
    bool fails;
  };
  // parity: toRawJson panics on an error where toJson and toPrettyJson print "".
  for (Encoder e : {Encoder{"toJson", Json::Plain, false}, Encoder{"mustToJson", Json::Plain, true},
                    Encoder{"toPrettyJson", Json::Pretty, false},
                    Encoder{"mustToPrettyJson", Json::Pretty, true},
                    Encoder{"toRawJson", Json::Raw, true}, Encoder{"mustToRawJson", Json::Raw, true}}) {
    funcs.add(e.name, Signature{{P::Any}}, [e](Call&, std::span<const TValue> a) {
      try {
        return str(encode(a[0], e.how));
      } catch (const Error&) {
        if (e.fails) throw;
        return str("");
      }
    });
  }
  funcs.add("fail", Signature{{P::String}}, [](Call&, std::span<const TValue> a) -> TValue {
    throw Error(a[0].value().as_string());
  });
}

}  // namespace primer::tmpl::sprig
