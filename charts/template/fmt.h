// Go's fmt printing (Sprint, Sprintln, Sprintf) over value::Value, for the template engine's
// `{{ x }}`, `print`, `println` and `printf`. The Value model keeps no Go type, so each argument
// carries the Go type the engine knows it has (`int` and `int64` print the same but are named
// differently in `%T` and in error forms such as `%!s(int=3)`). Not a general formatter: only
// the types a template can hold are covered: data, and tmpl::Object (structs, pointers to them,
// named maps and slices, Stringers) for the objects Helm and Sprig hand to templates.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "value/value.h"

namespace primer::tmpl {

/// The Go type of a printed argument.
enum class GoType {
  Invalid,     // text/template's missing value: prints as the string "<no value>"
  Nil,         // a nil interface{}
  Bool,        // bool
  Int,         // int (template literals, len, atoi, ...)
  Int64,       // int64 (--set values, Sprig's int64, add, ...)
  Float64,     // float64 (values-file numbers, float literals)
  String,      // string
  List,        // []interface{} (list, values-file sequences); a null Value is a nil slice
  Map,         // map[string]interface{} (dict, values-file maps); a null Value is a nil map
  StringList,  // []string (splitList, toStrings, keys, .Files.Lines): a list of strings
  IntList,     // []int (until, untilStep): a list of ints
  Bytes,       // []byte (.Files.GetBytes): a string holding the bytes
  StringMap,   // map[string]string (split): a map of strings
  BytesMap,    // map[string][]byte (Helm's .Files as a map): a map of strings holding bytes
  Complex,     // complex128 (imaginary literals): a list of two float64s, real and imaginary
  Object,      // a tmpl::Object (tvalue.h) held by a value::Opaque: structs, named types
};

/// One argument to print: a borrowed value and its Go type. The value must match the type
/// (an Int/Int64 type needs an int Value, a List type a list or null, ...); Invalid and Nil
/// ignore it and may leave it null. `nested_int` is the Go type (Int or Int64) named for int
/// values found inside a []interface{} or map[string]interface{}, where Value keeps no type.
struct FmtArg {
  const value::Value* value = nullptr;
  GoType type = GoType::Invalid;
  GoType nested_int = GoType::Int64;
};

/// The Go name of `type` as `%T` prints it: "int", "[]interface {}", "<nil>" for Nil, and
/// "string" for Invalid (which prints as a string).
std::string_view go_type_name(GoType type);

/// The GoType of `v` when the caller knows nothing more: its kind, with ints typed `int_type`.
GoType go_type_of(const value::Value& v, GoType int_type);

/// fmt.Sprint: each argument as `%v`, with a space between two operands when neither is a
/// string. Throws Error when a value is nested deeper than value::kMaxDepth (a cycle) or does
/// not match its GoType.
std::string go_sprint(std::span<const FmtArg> args);
/// fmt.Sprintln: each argument as `%v`, always space-separated, then a newline.
std::string go_sprintln(std::span<const FmtArg> args);
/// fmt.Sprintf, with Go's in-band error forms (`%!d(string=x)`, `%!s(MISSING)`,
/// `%!(EXTRA int=1)`, `%!(NOVERB)`, `%!(BADWIDTH)`, `%!(BADPREC)`, `%!d(BADINDEX)`).
/// Throws only as go_sprint does.
std::string go_sprintf(std::string_view format, std::span<const FmtArg> args);

/// How the executor prints `{{ x }}` (text/template printableValue, then fmt.Fprint): as
/// append_sprint of one operand, except that a pointer prints as what it points to and a
/// String() method with a pointer receiver counts (the operand is addressable).
void append_template_print(std::string& out, const FmtArg& arg);

/// As the functions above, appending to `out` (the executor's output buffer).
void append_sprint(std::string& out, std::span<const FmtArg> args);
void append_sprintln(std::string& out, std::span<const FmtArg> args);
void append_sprintf(std::string& out, std::string_view format, std::span<const FmtArg> args);

}  // namespace primer::tmpl
