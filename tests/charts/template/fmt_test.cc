#include "charts/template/fmt.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"

namespace primer::tmpl {
namespace {

using namespace std::string_view_literals;
using value::Value;

// An operand as a template would hold it: the value, its Go type, and the Go type of the ints
// nested in it (template literals inside `list`/`dict` are int, `int64` makes int64).
struct Arg {
  Value value;
  GoType type;
  GoType nested_int = GoType::Int;
};

Arg I(std::int64_t v) { return {Value(v), GoType::Int}; }
Arg I64(std::int64_t v) { return {Value(v), GoType::Int64}; }
Arg F(double v) { return {Value(v), GoType::Float64}; }
Arg S(std::string_view v) { return {Value(v), GoType::String}; }
Arg B(bool v) { return {Value(v), GoType::Bool}; }
Arg Nil() { return {Value(), GoType::Nil}; }

GoType nested_of(const std::vector<Arg>& elems) {
  for (const Arg& a : elems) {
    if (a.type == GoType::Int64 || a.nested_int == GoType::Int64) return GoType::Int64;
  }
  return GoType::Int;
}

Arg L(const std::vector<Arg>& elems) {
  value::List list;
  for (const Arg& a : elems) list.push_back(a.value);
  return {Value(std::move(list)), GoType::List, nested_of(elems)};
}

struct Entry {
  std::string_view key;
  Arg value;
};

Arg M(const std::vector<Entry>& entries) {
  value::Map map;
  std::vector<Arg> values;
  for (const Entry& e : entries) {
    map.insert_or_assign(std::string(e.key), e.value.value);
    values.push_back(e.value);
  }
  return {Value(std::move(map)), GoType::Map, nested_of(values)};
}

// []string, as toStrings and splitList return.
Arg SL(const std::vector<std::string_view>& elems) {
  value::List list;
  for (std::string_view s : elems) list.push_back(Value(s));
  return {Value(std::move(list)), GoType::StringList};
}

// []int of 0..n-1, as `until n` returns.
Arg IL(int n) {
  value::List list;
  list.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) list.emplace_back(i);
  return {Value(std::move(list)), GoType::IntList};
}

// []byte, as .Files.GetBytes returns.
Arg BY(std::string_view bytes) { return {Value(bytes), GoType::Bytes}; }

struct KeyText {
  std::string_view key;
  std::string_view text;
};

// map[string]string, as `split` returns.
Arg SM(const std::vector<KeyText>& entries) {
  value::Map map;
  for (const KeyText& e : entries) map.insert_or_assign(std::string(e.key), Value(e.text));
  return {Value(std::move(map)), GoType::StringMap};
}

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

enum class Fn { Printf, Print, Println };

struct Case {
  const char* name;
  Fn fn;
  std::string_view format;
  std::vector<Arg> args;
  std::string_view want;
};

std::string run(const Case& c) {
  std::vector<FmtArg> args;
  for (const Arg& a : c.args) args.push_back({&a.value, a.type, a.nested_int});
  switch (c.fn) {
    case Fn::Printf:
      return go_sprintf(c.format, args);
    case Fn::Print:
      return go_sprint(args);
    case Fn::Println:
      return go_sprintln(args);
  }
  return {};
}

// Every expected text below is what both oracles print for the same operands built in a
// template (`printf "<format>" 1 (int64 2) 3.5 "s" nil (list ...) (dict ...) (list ... |
// toStrings) (until n) (.Files.GetBytes f) (split "," s)`, or `print`/`println`), rendered by
// helm 4.1.4 (Go 1.25) and helm 3.17.3 (Go 1.23); Go 1.19's fmt agrees except for characters
// new in Unicode 14 and 15.
const Case kCases[] = {
    {"v prints int in decimal", Fn::Printf, "%v"sv, {I(42)}, "42"sv},
    {"v prints negative int64", Fn::Printf, "%v"sv, {I64(-7)}, "-7"sv},
    {"v prints string raw", Fn::Printf, "%v"sv, {S("h\303\251llo"sv)}, "h\303\251llo"sv},
    {"v prints bool", Fn::Printf, "%v|%v"sv, {B(true), B(false)}, "true|false"sv},
    {"v prints nil as angle nil", Fn::Printf, "%v"sv, {Nil()}, "<nil>"sv},
    {"v prints integral float without point", Fn::Printf, "%v"sv, {F(3.0)}, "3"sv},
    {"v prints float shortest", Fn::Printf, "%v"sv, {F(1.5)}, "1.5"sv},
    {"v float exponent from 1e21", Fn::Printf, "%v"sv, {F(1e+21)}, "1e+21"sv},
    {"v float 1e6 uses exponent", Fn::Printf, "%v"sv, {F(1000000.0)}, "1e+06"sv},
    {"v float 999999 stays plain", Fn::Printf, "%v"sv, {F(999999.0)}, "999999"sv},
    {"v float 1234567 exponent keeps digits", Fn::Printf, "%v"sv, {F(1234567.0)}, "1.234567e+06"sv},
    {"v float small stays plain down to 1e-4", Fn::Printf, "%v"sv, {F(0.0001)}, "0.0001"sv},
    {"v float below 1e-4 uses exponent", Fn::Printf, "%v"sv, {F(1.2345e-05)}, "1.2345e-05"sv},
    {"v float negative zero", Fn::Printf, "%v"sv, {F(-0.0)}, "-0"sv},
    {"v float shortest round trip of 0.1+0.2",
     Fn::Printf,
     "%v"sv,
     {F(0.30000000000000004)},
     "0.30000000000000004"sv},
    {"v float huge three digit exponent", Fn::Printf, "%v"sv, {F(1e+300)}, "1e+300"sv},
    {"v float +Inf", Fn::Printf, "%v"sv, {F(kInf)}, "+Inf"sv},
    {"v float -Inf", Fn::Printf, "%v"sv, {F(-kInf)}, "-Inf"sv},
    {"v float NaN", Fn::Printf, "%v"sv, {F(kNaN)}, "NaN"sv},
    {"v list of mixed",
     Fn::Printf,
     "%v"sv,
     {L({I(1), S("two"sv), B(true), Nil()})},
     "[1 two true <nil>]"sv},
    {"v empty list", Fn::Printf, "%v"sv, {L({})}, "[]"sv},
    {"v nested list", Fn::Printf, "%v"sv, {L({L({I(1), I(2)}), L({})})}, "[[1 2] []]"sv},
    {"v map sorted keys",
     Fn::Printf,
     "%v"sv,
     {M({{"b"sv, I(2)}, {"a"sv, I(1)}})},
     "map[a:1 b:2]"sv},
    {"v map nested values",
     Fn::Printf,
     "%v"sv,
     {M({{"a"sv, I(1)}, {"b"sv, L({S("x"sv), Nil(), I(2)})}, {"c"sv, M({})}})},
     "map[a:1 b:[x <nil> 2] c:map[]]"sv},
    {"v empty map", Fn::Printf, "%v"sv, {M({})}, "map[]"sv},
    {"v map keys sorted bytewise",
     Fn::Printf,
     "%v"sv,
     {M({{"b"sv, I(1)},
         {"B"sv, I(2)},
         {"a"sv, I(3)},
         {"_"sv, I(4)},
         {"10"sv, I(5)},
         {"9"sv, I(6)}})},
     "map[10:5 9:6 B:2 _:4 a:3 b:1]"sv},
    {"v map in list", Fn::Printf, "%v"sv, {L({M({{"k"sv, S("v"sv)}}), I(1)})}, "[map[k:v] 1]"sv},
    {"v floats in list",
     Fn::Printf,
     "%v"sv,
     {L({F(1000000.0), F(0.5), F(-0.0)})},
     "[1e+06 0.5 -0]"sv},
    {"v string list", Fn::Printf, "%v"sv, {SL({"a"sv, "b c"sv})}, "[a b c]"sv},
    {"v int list", Fn::Printf, "%v"sv, {IL(3)}, "[0 1 2]"sv},
    {"v bytes print as numbers", Fn::Printf, "%v"sv, {BY("A\012"sv)}, "[65 10]"sv},
    {"v string with spaces in list not quoted",
     Fn::Printf,
     "%v"sv,
     {L({S("a b"sv), S(""sv)})},
     "[a b ]"sv},
    {"plus v same as v for map",
     Fn::Printf,
     "%+v"sv,
     {M({{"a"sv, I(1)}, {"b"sv, S("x"sv)}})},
     "map[a:1 b:x]"sv},
    {"plus v drops plus for ints", Fn::Printf, "%+v"sv, {I(3)}, "3"sv},
    {"plus d keeps plus", Fn::Printf, "%+d"sv, {I(3)}, "+3"sv},
    {"space v keeps space for ints", Fn::Printf, "% v"sv, {I(3)}, " 3"sv},
    {"s prints string", Fn::Printf, "%s"sv, {S("abc"sv)}, "abc"sv},
    {"s of int is a bad verb", Fn::Printf, "%s"sv, {I(3)}, "%!s(int=3)"sv},
    {"s of int64 names int64", Fn::Printf, "%s"sv, {I64(3)}, "%!s(int64=3)"sv},
    {"s of float is a bad verb", Fn::Printf, "%s"sv, {F(2.5)}, "%!s(float64=2.5)"sv},
    {"s of bool is a bad verb", Fn::Printf, "%s"sv, {B(true)}, "%!s(bool=true)"sv},
    {"s of nil is a bad verb", Fn::Printf, "%s"sv, {Nil()}, "%!s(<nil>)"sv},
    {"s of list applies to elements",
     Fn::Printf,
     "%s"sv,
     {L({S("a"sv), I(1), Nil()})},
     "[a %!s(int=1) <nil>]"sv},
    {"s of map applies to keys and values",
     Fn::Printf,
     "%s"sv,
     {M({{"a"sv, S("x"sv)}, {"b"sv, F(1.0)}})},
     "map[a:x b:%!s(float64=1)]"sv},
    {"s of bytes prints the string", Fn::Printf, "%s"sv, {BY("AB"sv)}, "AB"sv},
    {"s width pads left", Fn::Printf, "%5s|"sv, {S("ab"sv)}, "   ab|"sv},
    {"s minus pads right", Fn::Printf, "%-5s|"sv, {S("ab"sv)}, "ab   |"sv},
    {"s width counts runes",
     Fn::Printf,
     "%5s|"sv,
     {S("h\303\251\303\251"sv)},
     "  h\303\251\303\251|"sv},
    {"s precision truncates runes", Fn::Printf, "%.2s|"sv, {S("h\303\251llo"sv)}, "h\303\251|"sv},
    {"s zero flag pads with zeros", Fn::Printf, "%05s"sv, {S("ab"sv)}, "000ab"sv},
    {"s minus overrides zero", Fn::Printf, "%-05s|"sv, {S("ab"sv)}, "ab   |"sv},
    {"s zero after minus ignored", Fn::Printf, "%0-5s|"sv, {S("ab"sv)}, "ab   |"sv},
    {"s width smaller than string", Fn::Printf, "%1s"sv, {S("abc"sv)}, "abc"sv},
    {"s precision zero prints nothing", Fn::Printf, "[%.0s]"sv, {S("abc"sv)}, "[]"sv},
    {"s precision with width", Fn::Printf, "[%6.2s]"sv, {S("abcdef"sv)}, "[    ab]"sv},
    {"s bad verb keeps width flags", Fn::Printf, "%5s"sv, {I(3)}, "%!s(int=    3)"sv},
    {"s bad verb keeps plus flag", Fn::Printf, "%+s"sv, {I(3)}, "%!s(int=+3)"sv},
    {"s of string list", Fn::Printf, "%s"sv, {SL({"a"sv, "b"sv})}, "[a b]"sv},
    {"s width applies per list element",
     Fn::Printf,
     "%3s"sv,
     {L({S("a"sv), S("b"sv)})},
     "[  a   b]"sv},
    {"d of int", Fn::Printf, "%d"sv, {I(-42)}, "-42"sv},
    {"d of float is a bad verb", Fn::Printf, "%d"sv, {F(3.0)}, "%!d(float64=3)"sv},
    {"d of string is a bad verb", Fn::Printf, "%d"sv, {S("x"sv)}, "%!d(string=x)"sv},
    {"d of bool is a bad verb", Fn::Printf, "%d"sv, {B(false)}, "%!d(bool=false)"sv},
    {"d of list applies to elements", Fn::Printf, "%d"sv, {L({I(1), I(2)})}, "[1 2]"sv},
    {"d of list with float elements",
     Fn::Printf,
     "%d"sv,
     {L({I(1), F(2.0)})},
     "[1 %!d(float64=2)]"sv},
    {"d of nil inside list prints nil", Fn::Printf, "%d"sv, {L({Nil(), I(1)})}, "[<nil> 1]"sv},
    {"d of bytes prints numbers", Fn::Printf, "%d"sv, {BY("AB"sv)}, "[65 66]"sv},
    {"d width", Fn::Printf, "%5d|"sv, {I(42)}, "   42|"sv},
    {"d zero pad", Fn::Printf, "%05d"sv, {I(42)}, "00042"sv},
    {"d zero pad negative keeps sign first", Fn::Printf, "%05d"sv, {I(-42)}, "-0042"sv},
    {"d minus zero pads right with spaces", Fn::Printf, "%-05d|"sv, {I(42)}, "42   |"sv},
    {"d plus", Fn::Printf, "%+d|%+d"sv, {I(5), I(-5)}, "+5|-5"sv},
    {"d space", Fn::Printf, "% d|% d"sv, {I(5), I(-5)}, " 5|-5"sv},
    {"d plus wins over space", Fn::Printf, "%+ d"sv, {I(5)}, "+5"sv},
    {"d zero pad with plus", Fn::Printf, "%+05d"sv, {I(5)}, "+0005"sv},
    {"d precision pads digits", Fn::Printf, "%.3d"sv, {I(7)}, "007"sv},
    {"d precision and width", Fn::Printf, "%6.3d|"sv, {I(-7)}, "  -007|"sv},
    {"d precision disables zero flag", Fn::Printf, "%06.3d|"sv, {I(7)}, "   007|"sv},
    {"d precision zero of zero prints nothing", Fn::Printf, "[%.0d]"sv, {I(0)}, "[]"sv},
    {"d precision zero of zero keeps width", Fn::Printf, "[%3.0d]"sv, {I(0)}, "[   ]"sv},
    {"d of min int64",
     Fn::Printf,
     "%d"sv,
     {I64(std::numeric_limits<std::int64_t>::min())},
     "-9223372036854775808"sv},
    {"d of max int64", Fn::Printf, "%d"sv, {I64(9223372036854775807)}, "9223372036854775807"sv},
    {"d width per list element", Fn::Printf, "%3d"sv, {L({I(1), I(22)})}, "[  1  22]"sv},
    {"d of map", Fn::Printf, "%d"sv, {M({{"a"sv, I(1)}})}, "map[%!d(string=a):1]"sv},
    {"d of int list", Fn::Printf, "%d"sv, {IL(3)}, "[0 1 2]"sv},
    {"d of string list", Fn::Printf, "%d"sv, {SL({"a"sv})}, "[%!d(string=a)]"sv},
    {"x of int", Fn::Printf, "%x"sv, {I(255)}, "ff"sv},
    {"X of int", Fn::Printf, "%X"sv, {I(255)}, "FF"sv},
    {"x of negative int", Fn::Printf, "%x"sv, {I(-255)}, "-ff"sv},
    {"sharp x adds 0x", Fn::Printf, "%#x"sv, {I(255)}, "0xff"sv},
    {"sharp X adds 0X", Fn::Printf, "%#X"sv, {I(255)}, "0XFF"sv},
    {"sharp x zero pad", Fn::Printf, "%#08x"sv, {I(255)}, "0x000000ff"sv},
    {"x of string is hex of bytes", Fn::Printf, "%x"sv, {S("h\303\251"sv)}, "68c3a9"sv},
    {"X of string uppercase", Fn::Printf, "%X"sv, {S("h\303\251"sv)}, "68C3A9"sv},
    {"space x separates bytes", Fn::Printf, "% x"sv, {S("abc"sv)}, "61 62 63"sv},
    {"sharp space x prefixes each byte", Fn::Printf, "%# x"sv, {S("abc"sv)}, "0x61 0x62 0x63"sv},
    {"sharp x of string prefixes once", Fn::Printf, "%#x"sv, {S("abc"sv)}, "0x616263"sv},
    {"x precision limits bytes", Fn::Printf, "%.2x"sv, {S("abcdef"sv)}, "6162"sv},
    {"x width pads encoded string", Fn::Printf, "%8x|"sv, {S("ab"sv)}, "    6162|"sv},
    {"x minus width pads right", Fn::Printf, "%-8x|"sv, {S("ab"sv)}, "6162    |"sv},
    {"x of empty string with width", Fn::Printf, "[%4x]"sv, {S(""sv)}, "[    ]"sv},
    {"x of empty string", Fn::Printf, "[%x]"sv, {S(""sv)}, "[]"sv},
    {"x of bytes", Fn::Printf, "%x"sv, {BY("AB"sv)}, "4142"sv},
    {"X of bytes", Fn::Printf, "% X"sv, {BY("\001\303\277"sv)}, "01 C3 BF"sv},
    {"x of list elementwise", Fn::Printf, "%x"sv, {L({I(10), S("a"sv)})}, "[a 61]"sv},
    {"x of float is hex float", Fn::Printf, "%x"sv, {F(1.0)}, "0x1p+00"sv},
    {"x of fractional float", Fn::Printf, "%x"sv, {F(3.5)}, "0x1.cp+01"sv},
    {"X of float", Fn::Printf, "%X"sv, {F(-3.5)}, "-0X1.CP+01"sv},
    {"x of float with precision rounds", Fn::Printf, "%.1x"sv, {F(1.96875)}, "0x1.0p+01"sv},
    {"x of float zero", Fn::Printf, "%x"sv, {F(0.0)}, "0x0p+00"sv},
    {"x of float small", Fn::Printf, "%x"sv, {F(1e-10)}, "0x1.b7cdfd9d7bdbbp-34"sv},
    {"x of denormal float", Fn::Printf, "%x"sv, {F(5e-324)}, "0x1p-1074"sv},
    {"x of float large exponent", Fn::Printf, "%x"sv, {F(1e+300)}, "0x1.7e43c8800759cp+996"sv},
    {"o of int", Fn::Printf, "%o"sv, {I(8)}, "10"sv},
    {"sharp o adds leading zero", Fn::Printf, "%#o"sv, {I(8)}, "010"sv},
    {"sharp o of zero adds nothing", Fn::Printf, "%#o"sv, {I(0)}, "0"sv},
    {"O adds 0o prefix", Fn::Printf, "%O"sv, {I(8)}, "0o10"sv},
    {"b of int", Fn::Printf, "%b"sv, {I(5)}, "101"sv},
    {"sharp b adds 0b", Fn::Printf, "%#b"sv, {I(5)}, "0b101"sv},
    {"b of float is binary exponent form", Fn::Printf, "%b"sv, {F(1.0)}, "4503599627370496p-52"sv},
    {"b of float zero", Fn::Printf, "%b"sv, {F(0.0)}, "0p-1074"sv},
    {"b of infinities and NaN",
     Fn::Printf,
     "%b %b %b"sv,
     {F(kInf), F(-kInf), F(kNaN)},
     "+Inf -Inf NaN"sv},
    {"x of infinities and NaN",
     Fn::Printf,
     "%x %X %+x"sv,
     {F(kInf), F(-kInf), F(kNaN)},
     "+Inf -Inf +NaN"sv},
    {"b of denormal float", Fn::Printf, "%b"sv, {F(5e-324)}, "1p-1074"sv},
    {"o of float is a bad verb", Fn::Printf, "%o"sv, {F(1.0)}, "%!o(float64=1)"sv},
    {"x of bool is a bad verb", Fn::Printf, "%x"sv, {B(true)}, "%!x(bool=true)"sv},
    {"x of nil is a bad verb", Fn::Printf, "%x"sv, {Nil()}, "%!x(<nil>)"sv},
    {"f default precision six", Fn::Printf, "%f"sv, {F(3.14159)}, "3.141590"sv},
    {"f of int is a bad verb", Fn::Printf, "%f"sv, {I(3)}, "%!f(int=3)"sv},
    {"f precision", Fn::Printf, "%.2f"sv, {F(2.675)}, "2.67"sv},
    {"f width and precision", Fn::Printf, "%8.3f|"sv, {F(-1.5)}, "  -1.500|"sv},
    {"f zero pad", Fn::Printf, "%08.3f"sv, {F(-1.5)}, "-001.500"sv},
    {"f plus", Fn::Printf, "%+.1f"sv, {F(1.0)}, "+1.0"sv},
    {"f space", Fn::Printf, "% .1f"sv, {F(1.0)}, " 1.0"sv},
    {"f minus pads right", Fn::Printf, "%-8.2f|"sv, {F(1.0)}, "1.00    |"sv},
    {"f precision zero", Fn::Printf, "%.0f"sv, {F(2.5)}, "2"sv},
    {"f sharp precision zero keeps point", Fn::Printf, "%#.0f"sv, {F(2.0)}, "2."sv},
    {"F is f", Fn::Printf, "%F"sv, {F(1.5)}, "1.500000"sv},
    {"f big value", Fn::Printf, "%f"sv, {F(1e+20)}, "100000000000000000000.000000"sv},
    {"f inf not zero padded", Fn::Printf, "%05f"sv, {F(kInf)}, " +Inf"sv},
    {"f negative inf", Fn::Printf, "%f"sv, {F(-kInf)}, "-Inf"sv},
    {"f nan with plus", Fn::Printf, "%+f"sv, {F(kNaN)}, "+NaN"sv},
    {"f nan with space", Fn::Printf, "% f"sv, {F(kNaN)}, " NaN"sv},
    {"f nan width", Fn::Printf, "%5f|"sv, {F(kNaN)}, "  NaN|"sv},
    {"f negative zero", Fn::Printf, "%f"sv, {F(-0.0)}, "-0.000000"sv},
    {"e default precision", Fn::Printf, "%e"sv, {F(123456.789)}, "1.234568e+05"sv},
    {"E uppercase", Fn::Printf, "%E"sv, {F(123456.789)}, "1.234568E+05"sv},
    {"e precision", Fn::Printf, "%.2e"sv, {F(0.000123)}, "1.23e-04"sv},
    {"e of zero", Fn::Printf, "%e"sv, {F(0.0)}, "0.000000e+00"sv},
    {"e three digit exponent", Fn::Printf, "%e"sv, {F(1e-300)}, "1.000000e-300"sv},
    {"e sharp precision zero keeps point", Fn::Printf, "%#.0e"sv, {F(5.0)}, "5.e+00"sv},
    {"g shortest", Fn::Printf, "%g"sv, {F(100000.0)}, "100000"sv},
    {"g large uses exponent", Fn::Printf, "%g"sv, {F(1000000.0)}, "1e+06"sv},
    {"G uppercase exponent", Fn::Printf, "%G"sv, {F(1e-07)}, "1E-07"sv},
    {"g precision", Fn::Printf, "%.3g"sv, {F(3.14159)}, "3.14"sv},
    {"g precision switches to exponent", Fn::Printf, "%.3g"sv, {F(1234.5)}, "1.23e+03"sv},
    {"g precision drops trailing zeros", Fn::Printf, "%.5g"sv, {F(1.5)}, "1.5"sv},
    {"g precision zero is one", Fn::Printf, "%.0g"sv, {F(35.0)}, "4e+01"sv},
    {"sharp g keeps trailing zeros", Fn::Printf, "%#g"sv, {F(1.5)}, "1.50000"sv},
    {"sharp g precision", Fn::Printf, "%#.3g"sv, {F(1.0)}, "1.00"sv},
    {"sharp g of exponent form", Fn::Printf, "%#g"sv, {F(1000000.0)}, "1.00000e+06"sv},
    {"sharp g of zero", Fn::Printf, "%#g"sv, {F(0.0)}, "0.00000"sv},
    {"sharp v float", Fn::Printf, "%#v"sv, {F(1.0)}, "1"sv},
    {"sharp v float exponent", Fn::Printf, "%#v"sv, {F(1000000.0)}, "1e+06"sv},
    {"g width", Fn::Printf, "%10g|"sv, {F(1.5)}, "       1.5|"sv},
    {"g minus width", Fn::Printf, "%-10g|"sv, {F(1.5)}, "1.5       |"sv},
    {"v width for float", Fn::Printf, "%8v|"sv, {F(2.5)}, "     2.5|"sv},
    {"v zero pad float", Fn::Printf, "%08v"sv, {F(-2.5)}, "-00002.5"sv},
    {"v precision for float", Fn::Printf, "%.3v"sv, {F(3.14159)}, "3.14"sv},
    {"plus g", Fn::Printf, "%+g"sv, {F(2.0)}, "+2"sv},
    {"t of float is a bad verb", Fn::Printf, "%t"sv, {F(1.0)}, "%!t(float64=1)"sv},
    {"f of list applies to elements", Fn::Printf, "%.1f"sv, {L({F(1.0), F(2.25)})}, "[1.0 2.2]"sv},
    {"e of string is a bad verb", Fn::Printf, "%e"sv, {S("x"sv)}, "%!e(string=x)"sv},
    {"t of bool", Fn::Printf, "%t"sv, {B(true)}, "true"sv},
    {"t of int is a bad verb", Fn::Printf, "%t"sv, {I(1)}, "%!t(int=1)"sv},
    {"t of string is a bad verb", Fn::Printf, "%t"sv, {S("true"sv)}, "%!t(string=true)"sv},
    {"t width", Fn::Printf, "%6t|"sv, {B(false)}, " false|"sv},
    {"t zero pad", Fn::Printf, "%06t"sv, {B(true)}, "00true"sv},
    {"q of string", Fn::Printf, "%q"sv, {S("hi"sv)}, "\"hi\""sv},
    {"q escapes quotes and backslashes", Fn::Printf, "%q"sv, {S("a\"b\\c"sv)}, "\"a\\\"b\\\\c\""sv},
    {"q escapes control characters",
     Fn::Printf,
     "%q"sv,
     {S("a\012b\011c\015\007\010\014\013\000\033\177"sv)},
     "\"a\\nb\\tc\\r\\a\\b\\f\\v\\x00\\x1b\\x7f\""sv},
    {"q keeps printable unicode",
     Fn::Printf,
     "%q"sv,
     {S("h\303\251llo w\303\266rld \342\234\223 \346\227\245\346\234\254"sv)},
     "\"h\303\251llo w\303\266rld \342\234\223 \346\227\245\346\234\254\""sv},
    {"q escapes non printable unicode",
     Fn::Printf,
     "%q"sv,
     {S("\302\255\342\200\213\342\200\250\357\273\277"sv)},
     "\"\\u00ad\\u200b\\u2028\\ufeff\""sv},
    {"q of bytes escapes invalid utf8",
     Fn::Printf,
     "%q"sv,
     {BY("a\377b\303"sv)},
     "\"a\\xffb\\xc3\""sv},
    {"q escapes astral non printable",
     Fn::Printf,
     "%q"sv,
     {S("\363\240\200\201"sv)},
     "\"\\U000e0001\""sv},
    {"q keeps astral printable",
     Fn::Printf,
     "%q"sv,
     {S("\360\237\230\200"sv)},
     "\"\360\237\230\200\""sv},
    {"plus q is ascii only",
     Fn::Printf,
     "%+q"sv,
     {S("\303\251\360\237\230\200\302\255"sv)},
     "\"\\u00e9\\U0001f600\\u00ad\""sv},
    {"sharp q uses backquotes", Fn::Printf, "%#q"sv, {S("a\"b"sv)}, "`a\"b`"sv},
    {"sharp q falls back when backquote inside", Fn::Printf, "%#q"sv, {S("a`b"sv)}, "\"a`b\""sv},
    {"sharp q falls back on newline", Fn::Printf, "%#q"sv, {S("a\012b"sv)}, "\"a\\nb\""sv},
    {"sharp q allows tab", Fn::Printf, "%#q"sv, {S("a\011b"sv)}, "`a\011b`"sv},
    {"q width", Fn::Printf, "%8q|"sv, {S("ab"sv)}, "    \"ab\"|"sv},
    {"q precision truncates before quoting", Fn::Printf, "%.2q"sv, {S("abcd"sv)}, "\"ab\""sv},
    {"q of int quotes rune", Fn::Printf, "%q"sv, {I(65)}, "'A'"sv},
    {"q of int quotes single quote", Fn::Printf, "%q"sv, {I(39)}, "'\\''"sv},
    {"q of int double quote unescaped", Fn::Printf, "%q"sv, {I(34)}, "'\"'"sv},
    {"q of int non printable", Fn::Printf, "%q"sv, {I(1)}, "'\\x01'"sv},
    {"q of int unicode", Fn::Printf, "%q"sv, {I(233)}, "'\303\251'"sv},
    {"plus q of int ascii", Fn::Printf, "%+q"sv, {I(233)}, "'\\u00e9'"sv},
    {"q of invalid rune", Fn::Printf, "%q"sv, {I(1114112)}, "'\357\277\275'"sv},
    {"q of negative int", Fn::Printf, "%q"sv, {I(-1)}, "'\357\277\275'"sv},
    {"q of list", Fn::Printf, "%q"sv, {L({S("a"sv), I(66)})}, "[\"a\" 'B']"sv},
    {"q of string list", Fn::Printf, "%q"sv, {SL({"a"sv, "b"sv})}, "[\"a\" \"b\"]"sv},
    {"q of map quotes keys", Fn::Printf, "%q"sv, {M({{"k"sv, S("v"sv)}})}, "map[\"k\":\"v\"]"sv},
    {"q of float is a bad verb", Fn::Printf, "%q"sv, {F(1.0)}, "%!q(float64=1)"sv},
    {"q of bytes", Fn::Printf, "%q"sv, {BY("hi"sv)}, "\"hi\""sv},
    {"c of int", Fn::Printf, "%c"sv, {I(26085)}, "\346\227\245"sv},
    {"c of invalid rune", Fn::Printf, "%c"sv, {I(-1)}, "\357\277\275"sv},
    {"c of surrogate", Fn::Printf, "%c"sv, {I(55296)}, "\357\277\275"sv},
    {"c width", Fn::Printf, "%3c|"sv, {I(65)}, "  A|"sv},
    {"c of float is a bad verb", Fn::Printf, "%c"sv, {F(65.0)}, "%!c(float64=65)"sv},
    {"U of int", Fn::Printf, "%U"sv, {I(128512)}, "U+1F600"sv},
    {"U pads to four digits", Fn::Printf, "%U"sv, {I(65)}, "U+0041"sv},
    {"sharp U adds the character", Fn::Printf, "%#U"sv, {I(65)}, "U+0041 'A'"sv},
    {"sharp U of non printable omits character", Fn::Printf, "%#U"sv, {I(1)}, "U+0001"sv},
    {"U precision", Fn::Printf, "%.6U"sv, {I(65)}, "U+000041"sv},
    {"U ignores zero flag", Fn::Printf, "%08U"sv, {I(65)}, "  U+0041"sv},
    {"U width", Fn::Printf, "%8U|"sv, {I(65)}, "  U+0041|"sv},
    {"U of negative", Fn::Printf, "%U"sv, {I(-1)}, "U+FFFFFFFFFFFFFFFF"sv},
    {"T of int", Fn::Printf, "%T"sv, {I(1)}, "int"sv},
    {"T of int64", Fn::Printf, "%T"sv, {I64(1)}, "int64"sv},
    {"T of float64", Fn::Printf, "%T"sv, {F(1.0)}, "float64"sv},
    {"T of string", Fn::Printf, "%T"sv, {S(""sv)}, "string"sv},
    {"T of bool", Fn::Printf, "%T"sv, {B(true)}, "bool"sv},
    {"T of nil", Fn::Printf, "%T"sv, {Nil()}, "<nil>"sv},
    {"T of list", Fn::Printf, "%T"sv, {L({})}, "[]interface {}"sv},
    {"T of map", Fn::Printf, "%T"sv, {M({})}, "map[string]interface {}"sv},
    {"T of string list", Fn::Printf, "%T"sv, {SL({})}, "[]string"sv},
    {"T of int list", Fn::Printf, "%T"sv, {IL(0)}, "[]int"sv},
    {"T of bytes", Fn::Printf, "%T"sv, {BY(""sv)}, "[]uint8"sv},
    {"T width", Fn::Printf, "%10T|"sv, {I(1)}, "       int|"sv},
    {"T precision truncates", Fn::Printf, "%.3T"sv, {F(1.0)}, "flo"sv},
    {"percent literal", Fn::Printf, "100%%"sv, {}, "100%"sv},
    {"percent ignores width", Fn::Printf, "%5%|"sv, {}, "%|"sv},
    {"percent does not consume args", Fn::Printf, "%%%d"sv, {I(1)}, "%1"sv},
    {"missing arg", Fn::Printf, "%s|%d"sv, {S("a"sv)}, "a|%!d(MISSING)"sv},
    {"missing arg for every verb", Fn::Printf, "%d %v"sv, {}, "%!d(MISSING) %!v(MISSING)"sv},
    {"extra args listed with types",
     Fn::Printf,
     "x"sv,
     {I(1), S("x"sv)},
     "x%!(EXTRA int=1, string=x)"sv},
    {"extra args after used ones",
     Fn::Printf,
     "%d"sv,
     {I(1), F(2.0), Nil(), B(true)},
     "1%!(EXTRA float64=2, <nil>, bool=true)"sv},
    {"extra list arg",
     Fn::Printf,
     ""sv,
     {L({I(1)}), M({{"a"sv, S("b"sv)}})},
     "%!(EXTRA []interface {}=[1], map[string]interface {}=map[a:b])"sv},
    {"no verb at end", Fn::Printf, "abc%"sv, {}, "abc%!(NOVERB)"sv},
    {"no verb after flags", Fn::Printf, "%-5"sv, {I(1)}, "%!(NOVERB)%!(EXTRA int=1)"sv},
    {"unknown verb on int", Fn::Printf, "%z"sv, {I(1)}, "%!z(int=1)"sv},
    {"unknown verb on string", Fn::Printf, "%z"sv, {S("s"sv)}, "%!z(string=s)"sv},
    {"unknown uppercase verb", Fn::Printf, "%Z"sv, {I(1)}, "%!Z(int=1)"sv},
    {"unicode verb", Fn::Printf, "%\303\251"sv, {I(1)}, "%!\303\251(int=1)"sv},
    {"unknown verb on nil", Fn::Printf, "%z"sv, {Nil()}, "%!z(<nil>)"sv},
    {"unknown verb on list applies to elements",
     Fn::Printf,
     "%z"sv,
     {L({I(1), S("a"sv)})},
     "[%!z(int=1) %!z(string=a)]"sv},
    {"star width from int arg", Fn::Printf, "%*d|"sv, {I(5), I(42)}, "   42|"sv},
    {"star negative width pads right", Fn::Printf, "%*d|"sv, {I(-5), I(42)}, "42   |"sv},
    {"star width from int64 arg", Fn::Printf, "%*d|"sv, {I64(4), I(1)}, "   1|"sv},
    {"star width from float is bad width",
     Fn::Printf,
     "%*d|"sv,
     {F(5.0), I(42)},
     "%!(BADWIDTH)42|"sv},
    {"star width from string is bad width",
     Fn::Printf,
     "%*s|"sv,
     {S("5"sv), S("a"sv)},
     "%!(BADWIDTH)a|"sv},
    {"star width missing arg", Fn::Printf, "%*d"sv, {}, "%!(BADWIDTH)%!d(MISSING)"sv},
    {"star precision from arg", Fn::Printf, "%.*f"sv, {I(2), F(3.14159)}, "3.14"sv},
    {"star precision from float is bad precision",
     Fn::Printf,
     "%.*f"sv,
     {F(2.0), F(3.14159)},
     "%!(BADPREC)3.141590"sv},
    {"star negative precision is ignored",
     Fn::Printf,
     "%.*f"sv,
     {I(-1), F(3.14159)},
     "%!(BADPREC)3.141590"sv},
    {"star width too large is bad width",
     Fn::Printf,
     "%*d"sv,
     {I(10000000), I(1)},
     "%!(BADWIDTH)1"sv},
    {"star width and precision", Fn::Printf, "%*.*f|"sv, {I(8), I(2), F(3.14159)}, "    3.14|"sv},
    {"dot without digits is precision zero", Fn::Printf, "%.f"sv, {F(2.5)}, "2"sv},
    {"explicit arg index", Fn::Printf, "%[2]d %[1]d"sv, {I(1), I(2)}, "2 1"sv},
    {"explicit arg index continues after", Fn::Printf, "%[2]d %d"sv, {I(1), I(2), I(3)}, "2 3"sv},
    {"explicit arg index suppresses extra", Fn::Printf, "%[1]d"sv, {I(1), I(2)}, "1"sv},
    {"bad arg index", Fn::Printf, "%[3]d"sv, {I(1)}, "%!d(BADINDEX)"sv},
    {"bad arg index syntax", Fn::Printf, "%[x]d"sv, {I(1)}, "%!d(BADINDEX)"sv},
    {"arg index for star width", Fn::Printf, "%[2]*[1]d|"sv, {I(7), I(4)}, "   7|"sv},
    {"width after index is bad index", Fn::Printf, "%[1]2d"sv, {I(7)}, "%!d(BADINDEX)"sv},
    {"repeated arg index", Fn::Printf, "%[1]v %[1]q"sv, {S("a"sv)}, "a \"a\""sv},
    {"multiple verbs mixed",
     Fn::Printf,
     "%v|%s|%d|%q|%5.2f|%x"sv,
     {F(1.5), S("s"sv), I(3), S("q"sv), F(3.14159), I(255)},
     "1.5|s|3|\"q\"| 3.14|ff"sv},
    {"flags only on the verb they precede", Fn::Printf, "%5d|%d"sv, {I(1), I(2)}, "    1|2"sv},
    {"sharp v of string quotes", Fn::Printf, "%#v"sv, {S("a\"b"sv)}, "\"a\\\"b\""sv},
    {"sharp v of int", Fn::Printf, "%#v"sv, {I(-3)}, "-3"sv},
    {"sharp v of list",
     Fn::Printf,
     "%#v"sv,
     {L({I(1), S("a"sv), Nil()})},
     "[]interface {}{1, \"a\", interface {}(nil)}"sv},
    {"sharp v of map",
     Fn::Printf,
     "%#v"sv,
     {M({{"a"sv, I(1)}, {"b"sv, L({})}})},
     "map[string]interface {}{\"a\":1, \"b\":[]interface {}{}}"sv},
    {"sharp v of string list", Fn::Printf, "%#v"sv, {SL({"a"sv})}, "[]string{\"a\"}"sv},
    {"sharp v of bytes", Fn::Printf, "%#v"sv, {BY("AB"sv)}, "[]byte{0x41, 0x42}"sv},
    {"sharp v of nil", Fn::Printf, "%#v"sv, {Nil()}, "<nil>"sv},
    {"sharp v of bool", Fn::Printf, "%#v"sv, {B(true)}, "true"sv},
    {"v width applies to list elements",
     Fn::Printf,
     "%4v|"sv,
     {L({I(1), S("a"sv)})},
     "[   1    a]|"sv},
    {"v width does not pad nil in list", Fn::Printf, "%4v|"sv, {L({Nil()})}, "[<nil>]|"sv},
    {"v width pads top level nil", Fn::Printf, "%6v|"sv, {Nil()}, " <nil>|"sv},
    {"v width applies to map keys and values",
     Fn::Printf,
     "%3v"sv,
     {M({{"a"sv, I(1)}})},
     "map[  a:  1]"sv},
    {"v precision on string", Fn::Printf, "%.1v"sv, {S("abc"sv)}, "a"sv},
    {"p of string is a bad verb", Fn::Printf, "%p"sv, {S("a"sv)}, "%!p(string=a)"sv},
    {"p of nil is a bad verb", Fn::Printf, "%p"sv, {Nil()}, "%!p(<nil>)"sv},
    {"d of big float", Fn::Printf, "%d"sv, {F(1000000.0)}, "%!d(float64=1e+06)"sv},
    {"v of int64 list element from values",
     Fn::Printf,
     "%s"sv,
     {L({I64(1), I64(2)})},
     "[%!s(int64=1) %!s(int64=2)]"sv},
    {"v of float list element", Fn::Printf, "%s"sv, {L({F(1.0)})}, "[%!s(float64=1)]"sv},
    {"sharp x float pads six digits", Fn::Printf, "%#x"sv, {F(1.0)}, "0x1.0000p+00"sv},
    {"sharp X float adds no digits", Fn::Printf, "%#X"sv, {F(1.0)}, "0X1.P+00"sv},
    {"sharp x float precision", Fn::Printf, "%#.3x"sv, {F(1.0)}, "0x1.000p+00"sv},
    {"X of float precision zero rounds half to even up",
     Fn::Printf,
     "%.0X"sv,
     {F(1.5)},
     "0X1P+01"sv},
    {"x of float precision zero rounds half to even down",
     Fn::Printf,
     "%.0x"sv,
     {F(2.5)},
     "0x1p+01"sv},
    {"b of negative float", Fn::Printf, "%b"sv, {F(-1.5)}, "-6755399441055744p-52"sv},
    {"b of negative int64", Fn::Printf, "%b"sv, {I64(-3)}, "-11"sv},
    {"q escapes invalid utf8 in strings",
     Fn::Printf,
     "%q"sv,
     {S("a\377b\303"sv)},
     "\"a\\xffb\\xc3\""sv},
    {"q escapes encoded surrogates byte by byte",
     Fn::Printf,
     "%q"sv,
     {S("\355\240\200"sv)},
     "\"\\xed\\xa0\\x80\""sv},
    {"q escapes overlong encodings", Fn::Printf, "%q"sv, {S("\300\200"sv)}, "\"\\xc0\\x80\""sv},
    {"q keeps unicode 15 characters",
     Fn::Printf,
     "%q"sv,
     {S("\360\237\253\250\360\236\223\220"sv)},
     "\"\360\237\253\250\360\236\223\220\""sv},
    {"q escapes unicode 15.1 additions",
     Fn::Printf,
     "%q"sv,
     {S("\342\277\274\360\256\257\260"sv)},
     "\"\\u2ffc\\U0002ebf0\""sv},
    {"q escapes unassigned code points",
     Fn::Printf,
     "%q"sv,
     {S("\315\270\363\240\207\260"sv)},
     "\"\\u0378\\U000e01f0\""sv},
    {"q escapes private use",
     Fn::Printf,
     "%q"sv,
     {S("\356\200\200\363\260\200\200"sv)},
     "\"\\ue000\\U000f0000\""sv},
    {"q escapes non ascii spaces",
     Fn::Printf,
     "%q"sv,
     {S("\302\240\343\200\200\342\200\211"sv)},
     "\"\\u00a0\\u3000\\u2009\""sv},
    {"q keeps combining marks",
     Fn::Printf,
     "%q"sv,
     {S("e\314\201\340\244\203"sv)},
     "\"e\314\201\340\244\203\""sv},
    {"q escapes format characters",
     Fn::Printf,
     "%q"sv,
     {S("\342\200\215\330\234"sv)},
     "\"\\u200d\\u061c\""sv},
    {"q of int escapes non printable unicode", Fn::Printf, "%q"sv, {I(173)}, "'\\u00ad'"sv},
    {"q of int astral", Fn::Printf, "%q"sv, {I(128512)}, "'\360\237\230\200'"sv},
    {"plus q of int astral", Fn::Printf, "%+q"sv, {I(128512)}, "'\\U0001f600'"sv},
    {"q of int surrogate", Fn::Printf, "%q"sv, {I(55296)}, "'\357\277\275'"sv},
    {"sharp q of invalid utf8 falls back", Fn::Printf, "%#q"sv, {S("\377"sv)}, "\"\\xff\""sv},
    {"sharp q of bom falls back", Fn::Printf, "%#q"sv, {S("\357\273\277"sv)}, "\"\\ufeff\""sv},
    {"sharp q of delete falls back", Fn::Printf, "%#q"sv, {S("\177"sv)}, "\"\\x7f\""sv},
    {"sharp q keeps unicode", Fn::Printf, "%#q"sv, {S("\303\251"sv)}, "`\303\251`"sv},
    {"s width counts invalid bytes as runes",
     Fn::Printf,
     "%4s|"sv,
     {S("\377\376"sv)},
     "  \377\376|"sv},
    {"s precision counts invalid bytes as runes", Fn::Printf, "%.1s|"sv, {S("\377a"sv)}, "\377|"sv},
    {"c of zero", Fn::Printf, "%c"sv, {I(0)}, "\000"sv},
    {"c zero pad", Fn::Printf, "%03c"sv, {I(65)}, "00A"sv},
    {"c minus", Fn::Printf, "%-3c|"sv, {I(65)}, "A  |"sv},
    {"sharp x of negative int", Fn::Printf, "%#x"sv, {I(-255)}, "-0xff"sv},
    {"sharp o of negative int", Fn::Printf, "%#o"sv, {I(-8)}, "-010"sv},
    {"b of negative int", Fn::Printf, "%b"sv, {I(-5)}, "-101"sv},
    {"x zero pad", Fn::Printf, "%04x"sv, {I(10)}, "000a"sv},
    {"x space flag on int", Fn::Printf, "% x"sv, {I(255)}, " ff"sv},
    {"x precision on int", Fn::Printf, "%.4x"sv, {I(255)}, "00ff"sv},
    {"d width on int list", Fn::Printf, "%2d"sv, {IL(2)}, "[ 0  1]"sv},
    {"d precision on int list", Fn::Printf, "%.2d"sv, {IL(2)}, "[00 01]"sv},
    {"v string map",
     Fn::Printf,
     "%v"sv,
     {SM({{"_0"sv, "b"sv}, {"_1"sv, "a"sv}})},
     "map[_0:b _1:a]"sv},
    {"T string map", Fn::Printf, "%T"sv, {SM({{"_0"sv, "a"sv}})}, "map[string]string"sv},
    {"d string map elements are strings",
     Fn::Printf,
     "%d"sv,
     {SM({{"_0"sv, "a"sv}})},
     "map[%!d(string=_0):%!d(string=a)]"sv},
    {"s of nested int64 in map",
     Fn::Printf,
     "%s"sv,
     {M({{"a"sv, I64(1)}})},
     "map[a:%!s(int64=1)]"sv},
    {"v deep nesting",
     Fn::Printf,
     "%v"sv,
     {L({L({L({M({{"a"sv, L({I(1), M({{"b"sv, Nil()}})})}})})})})},
     "[[[map[a:[1 map[b:<nil>]]]]]]"sv},
    {"s of bool list", Fn::Printf, "%s"sv, {L({B(true)})}, "[%!s(bool=true)]"sv},
    {"x of float list", Fn::Printf, "%x"sv, {L({F(1.0)})}, "[0x1p+00]"sv},
    {"star width zero", Fn::Printf, "%*d|"sv, {I(0), I(5)}, "5|"sv},
    {"v precision inside map",
     Fn::Printf,
     "%.2v"sv,
     {M({{"a"sv, F(3.14159)}, {"bcd"sv, S("xyz"sv)}})},
     "map[a:3.1 bc:xy]"sv},
    {"e of negative zero", Fn::Printf, "%e"sv, {F(-0.0)}, "-0.000000e+00"sv},
    {"g of 1e-5", Fn::Printf, "%g"sv, {F(1e-05)}, "1e-05"sv},
    {"G of NaN", Fn::Printf, "%G"sv, {F(kNaN)}, "NaN"sv},
    {"f long precision is exact",
     Fn::Printf,
     "%.30f"sv,
     {F(0.1)},
     "0.100000000000000005551115123126"sv},
    {"e long precision is exact",
     Fn::Printf,
     "%.20e"sv,
     {F(0.3333333333333333)},
     "3.33333333333333314830e-01"sv},
    {"g precision large exponent", Fn::Printf, "%.3g"sv, {F(1e+100)}, "1e+100"sv},
    {"g precision keeps integer digits", Fn::Printf, "%.10g"sv, {F(123456789.0)}, "123456789"sv},
    {"d zero pad shorter than number", Fn::Printf, "%02d"sv, {I(123)}, "123"sv},
    {"repeated minus flag", Fn::Printf, "%--5d|"sv, {I(1)}, "1    |"sv},
    {"plus flag ignored for strings", Fn::Printf, "%+s|% s"sv, {S("a"sv), S("b"sv)}, "a|b"sv},
    {"v zero pad int", Fn::Printf, "%05v"sv, {I(-3)}, "-0003"sv},
    {"v width and precision of string", Fn::Printf, "[%6.2v]"sv, {S("abcdef"sv)}, "[    ab]"sv},
    {"x of string list", Fn::Printf, "%x"sv, {SL({"ab"sv, "c"sv})}, "[6162 63]"sv},
    {"v of float with zero pad and plus", Fn::Printf, "%+08.2f"sv, {F(3.14159)}, "+0003.14"sv},
    {"v of negative float zero pad", Fn::Printf, "%08v"sv, {F(-1000000.0)}, "-001e+06"sv},
    {"space flag float in list", Fn::Printf, "% v"sv, {L({F(1.0), F(-1.0)})}, "[ 1 -1]"sv},
    {"extra nil only", Fn::Printf, ""sv, {Nil()}, "%!(EXTRA <nil>)"sv},
    {"extra bytes", Fn::Printf, ""sv, {BY("A"sv)}, "%!(EXTRA []uint8=[65])"sv},
    {"extra string list and float",
     Fn::Printf,
     "%s"sv,
     {S("a"sv), SL({"x"sv}), F(1000000.0)},
     "a%!(EXTRA []string=[x], float64=1e+06)"sv},
    {"missing after star precision", Fn::Printf, "%.*d"sv, {I(2)}, "%!d(MISSING)"sv},
    {"verb after index out of range suppresses extra",
     Fn::Printf,
     "%[5]d %d"sv,
     {I(1), I(2)},
     "%!d(BADINDEX) 1"sv},
    {"index zero is bad", Fn::Printf, "%[0]d"sv, {I(1)}, "%!d(BADINDEX)"sv},
    {"unclosed index", Fn::Printf, "%[1d"sv, {I(1)}, "%!d(BADINDEX)"sv},
    {"index with precision", Fn::Printf, "%[1].2f"sv, {F(1.0)}, "%!f(BADINDEX)"sv},
    {"index then star precision", Fn::Printf, "%.[2]*[1]f"sv, {F(3.14159), I(1)}, "3.1"sv},
    {"percent after flags", Fn::Printf, "%-5%|"sv, {}, "%|"sv},
    {"sprintf of only text", Fn::Printf, "plain text"sv, {}, "plain text"sv},
    {"width on multibyte verb error",
     Fn::Printf,
     "%5\303\244"sv,
     {S("x"sv)},
     "%!\303\244(string=    x)"sv},
    {"println single string", Fn::Println, ""sv, {S("a"sv)}, "a\012"sv},
    {"print int64 and float", Fn::Print, ""sv, {I64(5), F(2.5), S(""sv), I(1)}, "5 2.51"sv},
    {"print empty string is a string", Fn::Print, ""sv, {I(1), S(""sv), I(2)}, "12"sv},
    {"print spaces between non strings", Fn::Print, ""sv, {I(1), I(2)}, "1 2"sv},
    {"print no space next to strings",
     Fn::Print,
     ""sv,
     {S("a"sv), I(1), I(2), S("b"sv), S("c"sv)},
     "a1 2bc"sv},
    {"print no space between strings", Fn::Print, ""sv, {S("a"sv), S("b"sv)}, "ab"sv},
    {"print nil is not a string", Fn::Print, ""sv, {Nil(), Nil(), S("x"sv)}, "<nil> <nil>x"sv},
    {"print floats and bools",
     Fn::Print,
     ""sv,
     {F(1000000.0), B(true), F(0.5)},
     "1e+06 true 0.5"sv},
    {"print list then string",
     Fn::Print,
     ""sv,
     {L({I(1)}), S("x"sv), M({{"a"sv, I(1)}}), L({})},
     "[1]xmap[a:1] []"sv},
    {"print no args", Fn::Print, ""sv, {}, ""sv},
    {"print bytes is not a string", Fn::Print, ""sv, {BY("A"sv), I(1)}, "[65] 1"sv},
    {"print string list is not a string", Fn::Print, ""sv, {SL({"a"sv}), SL({"b"sv})}, "[a] [b]"sv},
    {"print percent is literal", Fn::Print, ""sv, {S("%d"sv), I(1)}, "%d1"sv},
    {"println spaces always", Fn::Println, ""sv, {S("a"sv), I(1), I(2), S("b"sv)}, "a 1 2 b\012"sv},
    {"println no args is newline", Fn::Println, ""sv, {}, "\012"sv},
    {"println nil and map",
     Fn::Println,
     ""sv,
     {Nil(), M({{"x"sv, L({F(1.5)})}})},
     "<nil> map[x:[1.5]]\012"sv},
};

TEST(Fmt, MatchesGo) {
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(run(c), c.want);
  }
}

TEST(Fmt, CaseNamesAreUnique) {
  std::vector<std::string_view> names;
  for (const Case& c : kCases) names.push_back(c.name);
  EXPECT_EQ(names.size(), 379u);
  std::sort(names.begin(), names.end());
  EXPECT_EQ(std::adjacent_find(names.begin(), names.end()), names.end());
}

// The engine's `{{ x }}` prints a missing value as text/template's printableValue does.
TEST(Fmt, NoValuePrintsAsString) {
  FmtArg none{nullptr, GoType::Invalid};
  Value one(1);
  FmtArg num{&one, GoType::Int};
  EXPECT_EQ(go_sprint(std::span(&none, 1)), "<no value>");
  std::vector<FmtArg> args{num, none, num};
  EXPECT_EQ(go_sprint(args), "1<no value>1");  // a string: no spaces around it
  EXPECT_EQ(go_sprintf("%T %q", std::vector<FmtArg>{none, none}), "string \"<no value>\"");
  EXPECT_EQ(go_sprintf("%d", std::span(&none, 1)), "%!d(string=<no value>)");
}

TEST(Fmt, NestedIntsAreInt64UnlessTold) {
  Value list(value::List{Value(1)});
  EXPECT_EQ(go_sprintf("%s", std::vector<FmtArg>{{&list, GoType::List}}), "[%!s(int64=1)]");
  EXPECT_EQ(go_sprintf("%s", std::vector<FmtArg>{{&list, GoType::List, GoType::Int}}),
            "[%!s(int=1)]");
}

TEST(Fmt, NilSlicesAndMaps) {
  Value null;
  EXPECT_EQ(go_sprintf("%v %v %d", std::vector<FmtArg>{{&null, GoType::List},
                                                       {&null, GoType::Map},
                                                       {&null, GoType::StringList}}),
            "[] map[] []");
  EXPECT_EQ(go_sprintf("%#v|%#v|%#v",
                       std::vector<FmtArg>{
                           {&null, GoType::List}, {&null, GoType::Map}, {&null, GoType::Bytes}}),
            "[]interface {}(nil)|map[string]interface {}(nil)|[]byte(nil)");
  EXPECT_EQ(go_sprintf("%p", std::vector<FmtArg>{{&null, GoType::Map}}), "0x0");
}

TEST(Fmt, PointerVerbPrintsTheAddressOfSharedContainers) {
  Value map = Value::new_map();
  Value alias = map;
  std::string a = go_sprintf("%p", std::vector<FmtArg>{{&map, GoType::Map}});
  EXPECT_EQ(a.rfind("0x", 0), 0u);
  EXPECT_EQ(a, go_sprintf("%p", std::vector<FmtArg>{{&alias, GoType::Map}}));
  EXPECT_EQ(a.substr(2), go_sprintf("%#p", std::vector<FmtArg>{{&map, GoType::Map}}));
}

TEST(Fmt, AppendVariantsAppend) {
  Value s("x");
  std::vector<FmtArg> args{{&s, GoType::String}};
  std::string out = "a";
  append_sprint(out, args);
  append_sprintf(out, "[%s]", args);
  append_sprintln(out, args);
  EXPECT_EQ(out, "ax[x]x\n");
}

TEST(Fmt, TypeNames) {
  EXPECT_EQ(go_type_name(GoType::Int), "int");
  EXPECT_EQ(go_type_name(GoType::Int64), "int64");
  EXPECT_EQ(go_type_name(GoType::Nil), "<nil>");
  EXPECT_EQ(go_type_name(GoType::Invalid), "string");
  EXPECT_EQ(go_type_name(GoType::Bytes), "[]uint8");
  EXPECT_EQ(go_type_name(GoType::StringMap), "map[string]string");
  EXPECT_EQ(go_type_of(Value(1), GoType::Int), GoType::Int);
  EXPECT_EQ(go_type_of(Value(1), GoType::Int64), GoType::Int64);
  EXPECT_EQ(go_type_of(Value(1.0), GoType::Int), GoType::Float64);
  EXPECT_EQ(go_type_of(Value(), GoType::Int), GoType::Nil);
  EXPECT_EQ(go_type_of(Value::new_list(), GoType::Int), GoType::List);
}

TEST(Fmt, CycleIsAnErrorNotAHang) {
  Value map = Value::new_map();
  map.set("self", map);
  std::vector<FmtArg> args{{&map, GoType::Map}};
  try {
    go_sprint(args);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "fmt: value nested deeper than 1000 levels (a cycle?)");
  }
  map.as_map().clear();  // break the cycle so the map is freed
}

TEST(Fmt, MismatchedTypeIsAnError) {
  Value s("x");
  std::vector<FmtArg> args{{&s, GoType::Int}};
  try {
    go_sprint(args);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "fmt: a int argument holds a string value");
  }
  Value list(value::List{Value(1)});
  std::vector<FmtArg> strings{{&list, GoType::StringList}};
  EXPECT_THROW(go_sprint(strings), Error);
}

}  // namespace
}  // namespace primer::tmpl
