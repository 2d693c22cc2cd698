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
/// non-empty one, two non-empty ones are an error). `has_function` says which identifiers
/// are functions. Throws Error worded as Go ("template: NAME:LINE: ...").
std::vector<std::shared_ptr<Tree>> parse(std::string_view name, std::string_view text,
                                         const std::function<bool(std::string_view)>& has_function);

}  // namespace primer::tmpl::detail
