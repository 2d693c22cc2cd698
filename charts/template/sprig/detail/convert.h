// Conversions shared by the Sprig groups: spf13/cast's number rules, Sprig's strval and
// emptiness, Go's reflect type and kind names, DeepEqual, and the little Unicode the string
// functions need. Private to charts/template/sprig.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "charts/template/template.h"

namespace primer::tmpl::sprig::detail {

/// parity: Sprig strval: strings and []byte as is, everything else fmt.Sprintf("%v").
std::string strval(const TValue& v);
/// parity: Sprig empty(): true for nil, false, zero numbers, empty strings/lists/maps.
bool is_empty(const TValue& v);

/// parity: cast.ToInt64 (errors read as 0): numbers truncate, bools 0/1, strings lose a
/// zero fraction and parse with Go's base prefixes.
std::int64_t to_int64(const TValue& v);
/// parity: cast.ToFloat64 (errors read as 0): strings parse with strconv.ParseFloat.
double to_float64(const TValue& v);
/// parity: Go's int64(f) on amd64: truncation, out of range and NaN give INT64_MIN.
std::int64_t float_to_int64(double f);

/// parity: strconv.ParseInt(s, base, 64), base 0 allowing Go's prefixes and underscores.
bool parse_int(std::string_view s, int base, std::int64_t* out);
/// parity: strconv.ParseFloat(s, 64) succeeding (range errors count as failures).
bool parse_float(std::string_view s, double* out);

/// fmt's %T: "int", "[]interface {}", "<nil>".
std::string type_of(const TValue& v);
/// reflect.Kind's String(): "int", "slice", "map", "invalid".
std::string kind_of(const TValue& v);
/// reflect.DeepEqual over two interface values.
bool deep_equal(const TValue& a, const TValue& b);

/// The Go type that ints nested in a new []interface{} or map built from `items` have:
/// Int when every int among them is a Go int, else Int64.
GoType nested_int_of(std::span<const TValue> items);
/// A new []interface{} holding `items`.
TValue make_list(std::span<const TValue> items);
/// The elements of a list-like value (nil for a nil list), typed as Go reads them out.
std::vector<TValue> elements(const TValue& list);

/// Throws the error Go's runtime gives for reflect.TypeOf(nil).Kind().
[[noreturn]] void nil_kind_panic();

TValue str(std::string s);
TValue boolean(bool b);

/// unicode.IsSpace.
bool is_space(char32_t r);
bool is_upper(char32_t r);
bool is_lower(char32_t r);
/// unicode.IsLetter, approximated outside Latin-1 as "any non-space, non-punct rune".
bool is_letter(char32_t r);
char32_t to_upper(char32_t r);
char32_t to_lower(char32_t r);

}  // namespace primer::tmpl::sprig::detail
