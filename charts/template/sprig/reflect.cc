// Sprig's reflection functions (reflect.go) and reflect.DeepEqual.

#include "charts/template/sprig/detail/convert.h"
#include "charts/template/sprig/sprig.h"

namespace primer::tmpl::sprig {

void add_reflect(Funcs& funcs, const Options&) {
  using P = Param;
  using detail::boolean;
  funcs.add("typeOf", Signature{{P::Any}}, [](Call&, std::span<const TValue> a) {
    return detail::str(detail::type_of(a[0]));
  });
  funcs.add("typeIs", Signature{{P::String, P::Any}}, [](Call&, std::span<const TValue> a) {
    return boolean(a[0].value().as_string() == detail::type_of(a[1]));
  });
  funcs.add("typeIsLike", Signature{{P::String, P::Any}}, [](Call&, std::span<const TValue> a) {
    const std::string& want = a[0].value().as_string();
    std::string t = detail::type_of(a[1]);
    return boolean(want == t || "*" + want == t);
  });
  funcs.add("kindOf", Signature{{P::Any}}, [](Call&, std::span<const TValue> a) {
    return detail::str(detail::kind_of(a[0]));
  });
  funcs.add("kindIs", Signature{{P::String, P::Any}}, [](Call&, std::span<const TValue> a) {
    return boolean(a[0].value().as_string() == detail::kind_of(a[1]));
  });
  funcs.add("deepEqual", Signature{{P::Any, P::Any}}, [](Call&, std::span<const TValue> a) {
    return boolean(detail::deep_equal(a[0], a[1]));
  });
}

}  // namespace primer::tmpl::sprig
