// The template parser: tokens -> trees, as Go's text/template/parse builds them.
#pragma once

#include <functional>
#include <memory>
#include <string_view>
#include <vector>

#include "charts/template/detail/ast.h"

namespace primer::tmpl::detail {

/// Nesting of parentheses and blocks beyond this is a parse error (Go has no limit; we
/// must not overflow the stack).
inline constexpr int kMaxParseDepth = 250;

/// Parses `text` (named `name`) into its trees: the main one and one per {{define}} or
/// {{block}}, each name once (within one text, an empty definition does not replace a
/// non-empty one, two non-empty ones are an error). `find_function` gives the function an
/// identifier names (nullptr: not a function); identifier nodes keep it, so it must outlive
/// the trees. The trees keep a copy of `text`, or, when `borrow`, only views of it (the
/// caller then keeps it alive as long as the trees). Throws Error worded as Go
/// ("template: NAME:LINE: ...").
using FunctionLookup = std::function<const Function*(std::string_view)>;
std::vector<std::shared_ptr<Tree>> parse(std::string_view name, std::string_view text,
                                         const FunctionLookup& find_function, bool borrow = false);

}  // namespace primer::tmpl::detail
