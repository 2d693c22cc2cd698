// Conformance tests for to_yaml (Helm's toYaml) and to_yaml_pretty (Helm's toYamlPretty).
// Every expected text below was produced by helm 4.1.4 and helm 3.17.3 (identical output)
// rendering `toYaml`/`toYamlPretty` of the same value; values-file numbers are float64 there,
// int64 cases came from `--set`.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "base/error.h"
#include "value/detail/yaml_emit.h"
#include "value/value.h"

namespace primer::value {
namespace {

using namespace std::string_literals;

Value M(std::initializer_list<std::pair<const std::string, Value>> entries) {
  return Value(Map(entries));
}
Value L(std::initializer_list<Value> items) { return Value(List(items)); }

struct EncodeCase {
  std::string name;
  Value value;
  std::string yaml;    // toYaml
  std::string pretty;  // toYamlPretty
};

void PrintTo(const EncodeCase& c, std::ostream* os) { *os << c.name; }

std::vector<EncodeCase> encode_cases() {
  return {
      {"float_whole_numbers_print_as_integers",
       M({{"million"s, Value(1000000.0)},
          {"three"s, Value(3.0)},
          {"big12"s, Value(12345678.0)},
          {"neg"s, Value(-42.0)}}),
       "big12: 12345678\n"
       "million: 1000000\n"
       "neg: -42\n"
       "three: 3"s,
       "big12: 1.2345678e+07\n"
       "million: 1e+06\n"
       "neg: -42\n"
       "three: 3"s},
      {"float_1e19_fits_uint64", Value(1e+19), "10000000000000000000"s, "1e+19"s},
      {"float_1e20_becomes_yaml_float", Value(1e+20), "1e+20"s, "1e+20"s},
      {"float_1e21_json_exponent", Value(1e+21), "1e+21"s, "1e+21"s},
      {"float_2_pow_63_reads_back_as_uint64", Value(9.223372036854776e+18), "9223372036854776000"s,
       "9.223372036854776e+18"s},
      {"float_2_pow_64_reads_back_as_float", Value(1.8446744073709552e+19),
       "1.8446744073709552e+19"s, "1.8446744073709552e+19"s},
      {"float_min_int64", Value(-9.223372036854776e+18), "-9.223372036854776e+18"s,
       "-9.223372036854776e+18"s},
      {"float_below_min_int64", Value(-9.223372036854778e+18), "-9.223372036854778e+18"s,
       "-9.223372036854778e+18"s},
      {"float_fractions",
       M({{"half"s, Value(0.5)},
          {"neg"s, Value(-1.5)},
          {"f123456_7"s, Value(123456.7)},
          {"f1234567_5"s, Value(1234567.5)},
          {"tiny"s, Value(0.00012345)}}),
       "f123456_7: 123456.7\n"
       "f1234567_5: 1.2345675e+06\n"
       "half: 0.5\n"
       "neg: -1.5\n"
       "tiny: 0.00012345"s,
       "f123456_7: 123456.7\n"
       "f1234567_5: 1.2345675e+06\n"
       "half: 0.5\n"
       "neg: -1.5\n"
       "tiny: 0.00012345"s},
      {"float_small_exponents",
       M({{"micro"s, Value(1e-06)},
          {"e7"s, Value(1.5e-07)},
          {"e5"s, Value(1e-05)},
          {"e300"s, Value(1e-300)}}),
       "e5: 1e-05\n"
       "e7: 1.5e-07\n"
       "e300: 1e-300\n"
       "micro: 1e-06"s,
       "e5: 1e-05\n"
       "e7: 1.5e-07\n"
       "e300: 1e-300\n"
       "micro: 1e-06"s},
      {"float_negative_zero", Value(-0.0), "0"s, "-0"s},
      {"float_large_exponents",
       M({{"e15"s, Value(1000000000000000.0)},
          {"big"s, Value(1.2345678901234567e+19)},
          {"e300"s, Value(1e+300)}}),
       "big: 12345678901234567000\n"
       "e15: 1000000000000000\n"
       "e300: 1e+300"s,
       "big: 1.2345678901234567e+19\n"
       "e15: 1e+15\n"
       "e300: 1e+300"s},
      {"top_string_plain", Value("hello"s), "hello"s, "hello"s},
      {"top_string_true_quoted", Value("true"s), "\"true\""s, "\"true\""s},
      {"top_float", Value(1.5), "1.5"s, "1.5"s},
      {"top_null", Value(), "null"s, "null"s},
      {"top_bool", Value(false), "false"s, "false"s},
      {"top_empty_map", M({}), "{}"s, "{}"s},
      {"top_empty_list", L({}), "[]"s, "[]"s},
      {"top_list", L({Value("a"s), Value(1.0), Value(), Value(true)}),
       "- a\n"
       "- 1\n"
       "- null\n"
       "- true"s,
       "- a\n"
       "- 1\n"
       "- null\n"
       "- true"s},
      {"nested_maps_indent_two",
       M({{"a"s, M({{"b"s, M({{"c"s, Value("d"s)}})}, {"e"s, Value(1.0)}})}, {"f"s, Value("g"s)}}),
       "a:\n"
       "  b:\n"
       "    c: d\n"
       "  e: 1\n"
       "f: g"s,
       "a:\n"
       "  b:\n"
       "    c: d\n"
       "  e: 1\n"
       "f: g"s},
      {"sequence_in_mapping",
       M({{"list"s,
           L({Value(1.0), M({{"a"s, Value(1.0)}, {"b"s, L({Value("x"s), Value("z"s)})}})})}}),
       "list:\n"
       "- 1\n"
       "- a: 1\n"
       "  b:\n"
       "  - x\n"
       "  - z"s,
       "list:\n"
       "  - 1\n"
       "  - a: 1\n"
       "    b:\n"
       "      - x\n"
       "      - z"s},
      {"sequence_in_sequence",
       L({L({Value("nested"s), Value("list"s)}), L({}), L({L({Value("deep"s)})})}),
       "- - nested\n"
       "  - list\n"
       "- []\n"
       "- - - deep"s,
       "- - nested\n"
       "  - list\n"
       "- []\n"
       "- - - deep"s},
      {"mapping_in_sequence",
       L({M({{"a"s, Value(1.0)}, {"b"s, Value(2.0)}}), M({{"c"s, M({{"d"s, L({Value(1.0)})}})}})}),
       "- a: 1\n"
       "  b: 2\n"
       "- c:\n"
       "    d:\n"
       "    - 1"s,
       "- a: 1\n"
       "  b: 2\n"
       "- c:\n"
       "    d:\n"
       "      - 1"s},
      {"empty_collections_in_collections",
       M({{"m"s, M({})}, {"l"s, L({})}, {"n"s, Value()}, {"seq"s, L({M({}), L({}), Value()})}}),
       "l: []\n"
       "m: {}\n"
       "\"n\": null\n"
       "seq:\n"
       "- {}\n"
       "- []\n"
       "- null"s,
       "l: []\n"
       "m: {}\n"
       "\"n\": null\n"
       "seq:\n"
       "  - {}\n"
       "  - []\n"
       "  - null"s},
      {"null_and_bools", M({{"t"s, Value(true)}, {"f"s, Value(false)}, {"n"s, Value()}}),
       "f: false\n"
       "\"n\": null\n"
       "t: true"s,
       "f: false\n"
       "\"n\": null\n"
       "t: true"s},
      {"key_order_sample",
       M({{"a10"s, Value(1.0)},
          {"a9"s, Value(1.0)},
          {"a_b"s, Value(1.0)},
          {"ab"s, Value(1.0)},
          {"B"s, Value(1.0)},
          {"a"s, Value(1.0)},
          {"10"s, Value(1.0)},
          {"9"s, Value(1.0)},
          {"_u"s, Value(1.0)},
          {"a.b"s, Value(1.0)},
          {"a-b"s, Value(1.0)},
          {"a1"s, Value(1.0)},
          {"a01"s, Value(1.0)},
          {"a2"s, Value(1.0)}}),
       "_u: 1\n"
       "\"9\": 1\n"
       "\"10\": 1\n"
       "B: 1\n"
       "a: 1\n"
       "a-b: 1\n"
       "a.b: 1\n"
       "a_b: 1\n"
       "a1: 1\n"
       "a01: 1\n"
       "a2: 1\n"
       "a9: 1\n"
       "a10: 1\n"
       "ab: 1"s,
       "_u: 1\n"
       "\"9\": 1\n"
       "\"10\": 1\n"
       "B: 1\n"
       "a: 1\n"
       "a-b: 1\n"
       "a.b: 1\n"
       "a_b: 1\n"
       "a1: 1\n"
       "a01: 1\n"
       "a2: 1\n"
       "a9: 1\n"
       "a10: 1\n"
       "ab: 1"s},
      {"key_order_digit_runs",
       M({{"x2y"s, Value(1.0)},
          {"x10y"s, Value(1.0)},
          {"x02"s, Value(1.0)},
          {"x2"s, Value(1.0)},
          {"x002"s, Value(1.0)},
          {"v1.10"s, Value(1.0)},
          {"v1.9"s, Value(1.0)},
          {"v1.2"s, Value(1.0)},
          {"item0"s, Value(1.0)},
          {"item00"s, Value(1.0)},
          {"a0b"s, Value(1.0)},
          {"a00b"s, Value(1.0)},
          {"1"s, Value(1.0)},
          {"01"s, Value(1.0)},
          {"001"s, Value(1.0)},
          {"10a"s, Value(1.0)},
          {"0"s, Value(1.0)}}),
       "\"0\": 1\n"
       "\"1\": 1\n"
       "\"01\": 1\n"
       "\"001\": 1\n"
       "10a: 1\n"
       "a00b: 1\n"
       "a0b: 1\n"
       "item0: 1\n"
       "item00: 1\n"
       "v1.2: 1\n"
       "v1.9: 1\n"
       "v1.10: 1\n"
       "x2: 1\n"
       "x2y: 1\n"
       "x02: 1\n"
       "x002: 1\n"
       "x10y: 1"s,
       "\"0\": 1\n"
       "\"1\": 1\n"
       "\"01\": 1\n"
       "\"001\": 1\n"
       "10a: 1\n"
       "a0b: 1\n"
       "a00b: 1\n"
       "item0: 1\n"
       "item00: 1\n"
       "v1.2: 1\n"
       "v1.9: 1\n"
       "v1.10: 1\n"
       "x2: 1\n"
       "x2y: 1\n"
       "x02: 1\n"
       "x002: 1\n"
       "x10y: 1"s},
      {"key_order_letters_after_digits",
       M({{"a1b"s, Value(1.0)},
          {"a1_"s, Value(1.0)},
          {"a1."s, Value(1.0)},
          {"a1B"s, Value(1.0)},
          {"a1"s, Value(1.0)},
          {"a1-x"s, Value(1.0)},
          {"z"s, Value(1.0)},
          {"Z"s, Value(1.0)},
          {"é"s, Value(1.0)},
          {"e"s, Value(1.0)},
          {"f"s, Value(1.0)},
          {"日本"s, Value(1.0)},
          {"_"s, Value(1.0)},
          {"-"s, Value(1.0)},
          {"~"s, Value(1.0)}}),
       "'-': 1\n"
       "_: 1\n"
       "\"~\": 1\n"
       "Z: 1\n"
       "a1: 1\n"
       "a1-x: 1\n"
       "a1.: 1\n"
       "a1_: 1\n"
       "a1B: 1\n"
       "a1b: 1\n"
       "e: 1\n"
       "f: 1\n"
       "z: 1\n"
       "é: 1\n"
       "日本: 1"s,
       "'-': 1\n"
       "_: 1\n"
       "\"~\": 1\n"
       "Z: 1\n"
       "a1: 1\n"
       "a1B: 1\n"
       "a1b: 1\n"
       "a1-x: 1\n"
       "a1.: 1\n"
       "a1_: 1\n"
       "e: 1\n"
       "f: 1\n"
       "z: 1\n"
       "é: 1\n"
       "日本: 1"s},
      {"key_order_quoting_keys",
       M({{""s, Value(3.0)},
          {"10"s, Value("a"s)},
          {"a: b"s, Value(1.0)},
          {"true"s, Value("y1"s)},
          {"plain"s, Value("p"s)},
          {"#x"s, Value(2.0)},
          {"- a"s, Value(4.0)}}),
       "\"\": 3\n"
       "'#x': 2\n"
       "'- a': 4\n"
       "\"10\": a\n"
       "'a: b': 1\n"
       "plain: p\n"
       "\"true\": y1"s,
       "\"\": 3\n"
       "'#x': 2\n"
       "'- a': 4\n"
       "\"10\": a\n"
       "'a: b': 1\n"
       "plain: p\n"
       "\"true\": y1"s},
      {"quote_yaml11_bools",
       M({{"y"s, Value("y"s)},         {"Y"s, Value("Y"s)},         {"yes"s, Value("yes"s)},
          {"Yes"s, Value("Yes"s)},     {"YES"s, Value("YES"s)},     {"n"s, Value("n"s)},
          {"N"s, Value("N"s)},         {"no"s, Value("no"s)},       {"No"s, Value("No"s)},
          {"NO"s, Value("NO"s)},       {"true"s, Value("true"s)},   {"True"s, Value("True"s)},
          {"TRUE"s, Value("TRUE"s)},   {"false"s, Value("false"s)}, {"False"s, Value("False"s)},
          {"FALSE"s, Value("FALSE"s)}, {"on"s, Value("on"s)},       {"On"s, Value("On"s)},
          {"ON"s, Value("ON"s)},       {"off"s, Value("off"s)},     {"Off"s, Value("Off"s)},
          {"OFF"s, Value("OFF"s)}}),
       "\"FALSE\": \"FALSE\"\n"
       "\"False\": \"False\"\n"
       "\"N\": \"N\"\n"
       "\"NO\": \"NO\"\n"
       "\"No\": \"No\"\n"
       "\"OFF\": \"OFF\"\n"
       "\"ON\": \"ON\"\n"
       "\"Off\": \"Off\"\n"
       "\"On\": \"On\"\n"
       "\"TRUE\": \"TRUE\"\n"
       "\"True\": \"True\"\n"
       "\"Y\": \"Y\"\n"
       "\"YES\": \"YES\"\n"
       "\"Yes\": \"Yes\"\n"
       "\"false\": \"false\"\n"
       "\"n\": \"n\"\n"
       "\"no\": \"no\"\n"
       "\"off\": \"off\"\n"
       "\"on\": \"on\"\n"
       "\"true\": \"true\"\n"
       "\"y\": \"y\"\n"
       "\"yes\": \"yes\""s,
       "\"FALSE\": \"FALSE\"\n"
       "\"False\": \"False\"\n"
       "\"N\": \"N\"\n"
       "\"NO\": \"NO\"\n"
       "\"No\": \"No\"\n"
       "\"OFF\": \"OFF\"\n"
       "\"ON\": \"ON\"\n"
       "\"Off\": \"Off\"\n"
       "\"On\": \"On\"\n"
       "\"TRUE\": \"TRUE\"\n"
       "\"True\": \"True\"\n"
       "\"Y\": \"Y\"\n"
       "\"YES\": \"YES\"\n"
       "\"Yes\": \"Yes\"\n"
       "\"false\": \"false\"\n"
       "\"n\": \"n\"\n"
       "\"no\": \"no\"\n"
       "\"off\": \"off\"\n"
       "\"on\": \"on\"\n"
       "\"true\": \"true\"\n"
       "\"y\": \"y\"\n"
       "\"yes\": \"yes\""s},
      {"plain_non_bool_words",
       M({{"tRue"s, Value("tRue"s)},
          {"nil"s, Value("nil"s)},
          {"None"s, Value("None"s)},
          {"yES"s, Value("yES"s)},
          {"oN"s, Value("oN"s)},
          {"NaN"s, Value("NaN"s)},
          {"nan"s, Value("nan"s)},
          {"Inf"s, Value("Inf"s)},
          {"infinity"s, Value("infinity"s)},
          {"<<"s, Value("<<"s)},
          {"="s, Value("="s)},
          {"t"s, Value("t"s)},
          {"f"s, Value("f"s)},
          {"o"s, Value("o"s)},
          {"no-way"s, Value("no-way"s)},
          {"yess"s, Value("yess"s)}}),
       "<<: <<\n"
       "=: =\n"
       "Inf: Inf\n"
       "NaN: NaN\n"
       "None: None\n"
       "f: f\n"
       "infinity: infinity\n"
       "nan: nan\n"
       "nil: nil\n"
       "no-way: no-way\n"
       "o: o\n"
       "oN: oN\n"
       "t: t\n"
       "tRue: tRue\n"
       "yES: yES\n"
       "yess: yess"s,
       "<<: <<\n"
       "=: =\n"
       "Inf: Inf\n"
       "NaN: NaN\n"
       "None: None\n"
       "f: f\n"
       "infinity: infinity\n"
       "nan: nan\n"
       "nil: nil\n"
       "no-way: no-way\n"
       "o: o\n"
       "oN: oN\n"
       "t: t\n"
       "tRue: tRue\n"
       "yES: yES\n"
       "yess: yess"s},
      {"quote_nulls",
       M({{"a"s, Value(""s)},
          {"b"s, Value("~"s)},
          {"c"s, Value("null"s)},
          {"d"s, Value("Null"s)},
          {"e"s, Value("NULL"s)},
          {"f"s, Value("nULL"s)}}),
       "a: \"\"\n"
       "b: \"~\"\n"
       "c: \"null\"\n"
       "d: \"Null\"\n"
       "e: \"NULL\"\n"
       "f: nULL"s,
       "a: \"\"\n"
       "b: \"~\"\n"
       "c: \"null\"\n"
       "d: \"Null\"\n"
       "e: \"NULL\"\n"
       "f: nULL"s},
      {"quote_ints",
       M({{"0"s, Value("0"s)},
          {"00"s, Value("00"s)},
          {"012"s, Value("012"s)},
          {"08"s, Value("08"s)},
          {"1"s, Value("1"s)},
          {"-1"s, Value("-1"s)},
          {"+1"s, Value("+1"s)},
          {"1_000"s, Value("1_000"s)},
          {"0x1F"s, Value("0x1F"s)},
          {"0X1f"s, Value("0X1f"s)},
          {"0o17"s, Value("0o17"s)},
          {"0b101"s, Value("0b101"s)},
          {"-0b101"s, Value("-0b101"s)},
          {"0B1"s, Value("0B1"s)},
          {"9223372036854775807"s, Value("9223372036854775807"s)},
          {"9223372036854775808"s, Value("9223372036854775808"s)},
          {"18446744073709551616"s, Value("18446744073709551616"s)},
          {"+0x10"s, Value("+0x10"s)},
          {"-0x10"s, Value("-0x10"s)},
          {"0xFFFFFFFFFFFFFFFFFF"s, Value("0xFFFFFFFFFFFFFFFFFF"s)},
          {"0b2"s, Value("0b2"s)},
          {"0x"s, Value("0x"s)},
          {"0o"s, Value("0o"s)},
          {"0b"s, Value("0b"s)},
          {"1__0"s, Value("1__0"s)},
          {"_1"s, Value("_1"s)},
          {"1_"s, Value("1_"s)}}),
       "\"9223372036854775808\": \"9223372036854775808\"\n"
       "\"+0x10\": \"+0x10\"\n"
       "\"+1\": \"+1\"\n"
       "\"-0b101\": \"-0b101\"\n"
       "\"-0x10\": \"-0x10\"\n"
       "\"-1\": \"-1\"\n"
       "_1: _1\n"
       "\"0\": \"0\"\n"
       "\"00\": \"00\"\n"
       "\"08\": \"08\"\n"
       "\"012\": \"012\"\n"
       "\"0B1\": \"0B1\"\n"
       "\"0X1f\": \"0X1f\"\n"
       "0b: 0b\n"
       "0b2: 0b2\n"
       "\"0b101\": \"0b101\"\n"
       "0o: 0o\n"
       "\"0o17\": \"0o17\"\n"
       "0x: 0x\n"
       "\"0x1F\": \"0x1F\"\n"
       "0xFFFFFFFFFFFFFFFFFF: 0xFFFFFFFFFFFFFFFFFF\n"
       "\"1\": \"1\"\n"
       "\"1_\": \"1_\"\n"
       "\"1__0\": \"1__0\"\n"
       "\"1_000\": \"1_000\"\n"
       "\"18446744073709551616\": \"18446744073709551616\"\n"
       "\"9223372036854775807\": \"9223372036854775807\""s,
       "\"9223372036854775808\": \"9223372036854775808\"\n"
       "\"+0x10\": \"+0x10\"\n"
       "\"+1\": \"+1\"\n"
       "\"-0b101\": \"-0b101\"\n"
       "\"-0x10\": \"-0x10\"\n"
       "\"-1\": \"-1\"\n"
       "_1: _1\n"
       "\"0\": \"0\"\n"
       "\"0B1\": \"0B1\"\n"
       "\"0X1f\": \"0X1f\"\n"
       "0b: 0b\n"
       "0b2: 0b2\n"
       "\"0b101\": \"0b101\"\n"
       "0o: 0o\n"
       "\"0o17\": \"0o17\"\n"
       "0x: 0x\n"
       "\"0x1F\": \"0x1F\"\n"
       "0xFFFFFFFFFFFFFFFFFF: 0xFFFFFFFFFFFFFFFFFF\n"
       "\"00\": \"00\"\n"
       "\"1\": \"1\"\n"
       "\"1_\": \"1_\"\n"
       "\"1__0\": \"1__0\"\n"
       "\"1_000\": \"1_000\"\n"
       "\"18446744073709551616\": \"18446744073709551616\"\n"
       "\"08\": \"08\"\n"
       "\"012\": \"012\"\n"
       "\"9223372036854775807\": \"9223372036854775807\""s},
      {"quote_floats",
       M({{".5"s, Value(".5"s)},
          {"1e3"s, Value("1e3"s)},
          {"0."s, Value("0."s)},
          {"1.5"s, Value("1.5"s)},
          {"-1.5e-3"s, Value("-1.5e-3"s)},
          {"+.5"s, Value("+.5"s)},
          {"1e400"s, Value("1e400"s)},
          {"1e-400"s, Value("1e-400"s)},
          {".inf"s, Value(".inf"s)},
          {"-.Inf"s, Value("-.Inf"s)},
          {"+.INF"s, Value("+.INF"s)},
          {".NaN"s, Value(".NaN"s)},
          {".nan"s, Value(".nan"s)},
          {".5_5"s, Value(".5_5"s)},
          {"._5"s, Value("._5"s)},
          {"."s, Value("."s)},
          {"1e"s, Value("1e"s)},
          {"1.2.3"s, Value("1.2.3"s)},
          {"1e3.5"s, Value("1e3.5"s)},
          {"1E3"s, Value("1E3"s)},
          {"-."s, Value("-."s)},
          {"+"s, Value("+"s)},
          {"-"s, Value("-"s)},
          {"..5"s, Value("..5"s)},
          {"6.02e+23"s, Value("6.02e+23"s)}}),
       "+: +\n"
       "\"+.5\": \"+.5\"\n"
       "\"+.INF\": \"+.INF\"\n"
       "'-': '-'\n"
       "-.: -.\n"
       "\"-.Inf\": \"-.Inf\"\n"
       "\"-1.5e-3\": \"-1.5e-3\"\n"
       ".: .\n"
       "..5: ..5\n"
       "._5: ._5\n"
       "\".5\": \".5\"\n"
       "\".5_5\": \".5_5\"\n"
       "\".NaN\": \".NaN\"\n"
       "\".inf\": \".inf\"\n"
       "\".nan\": \".nan\"\n"
       "\"0.\": \"0.\"\n"
       "1.2.3: 1.2.3\n"
       "\"1.5\": \"1.5\"\n"
       "\"1E3\": \"1E3\"\n"
       "1e: 1e\n"
       "\"1e-400\": \"1e-400\"\n"
       "\"1e3\": \"1e3\"\n"
       "1e3.5: 1e3.5\n"
       "1e400: 1e400\n"
       "\"6.02e+23\": \"6.02e+23\""s,
       "+: +\n"
       "\"+.5\": \"+.5\"\n"
       "\"+.INF\": \"+.INF\"\n"
       "'-': '-'\n"
       "-.: -.\n"
       "\"-.Inf\": \"-.Inf\"\n"
       "\"-1.5e-3\": \"-1.5e-3\"\n"
       ".: .\n"
       "..5: ..5\n"
       "._5: ._5\n"
       "\".5\": \".5\"\n"
       "\".5_5\": \".5_5\"\n"
       "\".NaN\": \".NaN\"\n"
       "\".inf\": \".inf\"\n"
       "\".nan\": \".nan\"\n"
       "\"0.\": \"0.\"\n"
       "\"1E3\": \"1E3\"\n"
       "1e: 1e\n"
       "\"1e-400\": \"1e-400\"\n"
       "\"1e3\": \"1e3\"\n"
       "1e3.5: 1e3.5\n"
       "1e400: 1e400\n"
       "1.2.3: 1.2.3\n"
       "\"1.5\": \"1.5\"\n"
       "\"6.02e+23\": \"6.02e+23\""s},
      {"quote_timestamps",
       M({{"2021-01-01"s, Value("2021-01-01"s)},
          {"2021-1-1"s, Value("2021-1-1"s)},
          {"2021-13-01"s, Value("2021-13-01"s)},
          {"2021-02-29"s, Value("2021-02-29"s)},
          {"2020-02-29"s, Value("2020-02-29"s)},
          {"2021-01-01T10:00:00Z"s, Value("2021-01-01T10:00:00Z"s)},
          {"2021-01-01t10:00:00Z"s, Value("2021-01-01t10:00:00Z"s)},
          {"2021-01-01T10:00:00.5+02:00"s, Value("2021-01-01T10:00:00.5+02:00"s)},
          {"2021-01-01 10:00:00"s, Value("2021-01-01 10:00:00"s)},
          {"2021-01-01  1:2:3.123456789123"s, Value("2021-01-01  1:2:3.123456789123"s)},
          {"2021-01-01T25:00:00Z"s, Value("2021-01-01T25:00:00Z"s)},
          {"2021-01-01T10:00:00"s, Value("2021-01-01T10:00:00"s)},
          {"20210-01-01"s, Value("20210-01-01"s)},
          {"2021-01-01x"s, Value("2021-01-01x"s)},
          {"2021-001-01"s, Value("2021-001-01"s)},
          {"2001-12-14 21:59:43.10 -5"s, Value("2001-12-14 21:59:43.10 -5"s)},
          {"2021-01-01T10:00:00+2:00"s, Value("2021-01-01T10:00:00+2:00"s)},
          {"2021-01-01T10:00:00,5Z"s, Value("2021-01-01T10:00:00,5Z"s)}}),
       "2001-12-14 21:59:43.10 -5: 2001-12-14 21:59:43.10 -5\n"
       "\"2020-02-29\": \"2020-02-29\"\n"
       "\"2021-1-1\": \"2021-1-1\"\n"
       "\"2021-01-01\": \"2021-01-01\"\n"
       "\"2021-01-01  1:2:3.123456789123\": \"2021-01-01  1:2:3.123456789123\"\n"
       "\"2021-01-01 10:00:00\": \"2021-01-01 10:00:00\"\n"
       "2021-01-01T10:00:00: 2021-01-01T10:00:00\n"
       "2021-01-01T10:00:00+2:00: 2021-01-01T10:00:00+2:00\n"
       "\"2021-01-01T10:00:00,5Z\": \"2021-01-01T10:00:00,5Z\"\n"
       "\"2021-01-01T10:00:00.5+02:00\": \"2021-01-01T10:00:00.5+02:00\"\n"
       "\"2021-01-01T10:00:00Z\": \"2021-01-01T10:00:00Z\"\n"
       "2021-01-01T25:00:00Z: 2021-01-01T25:00:00Z\n"
       "\"2021-01-01t10:00:00Z\": \"2021-01-01t10:00:00Z\"\n"
       "2021-01-01x: 2021-01-01x\n"
       "2021-001-01: 2021-001-01\n"
       "2021-02-29: 2021-02-29\n"
       "2021-13-01: 2021-13-01\n"
       "20210-01-01: 20210-01-01"s,
       "2001-12-14 21:59:43.10 -5: 2001-12-14 21:59:43.10 -5\n"
       "\"2020-02-29\": \"2020-02-29\"\n"
       "\"2021-1-1\": \"2021-1-1\"\n"
       "\"2021-01-01\": \"2021-01-01\"\n"
       "2021-01-01T10:00:00: 2021-01-01T10:00:00\n"
       "\"2021-01-01T10:00:00Z\": \"2021-01-01T10:00:00Z\"\n"
       "2021-01-01T10:00:00+2:00: 2021-01-01T10:00:00+2:00\n"
       "\"2021-01-01T10:00:00,5Z\": \"2021-01-01T10:00:00,5Z\"\n"
       "\"2021-01-01T10:00:00.5+02:00\": \"2021-01-01T10:00:00.5+02:00\"\n"
       "2021-01-01T25:00:00Z: 2021-01-01T25:00:00Z\n"
       "\"2021-01-01t10:00:00Z\": \"2021-01-01t10:00:00Z\"\n"
       "2021-01-01x: 2021-01-01x\n"
       "\"2021-01-01  1:2:3.123456789123\": \"2021-01-01  1:2:3.123456789123\"\n"
       "\"2021-01-01 10:00:00\": \"2021-01-01 10:00:00\"\n"
       "2021-001-01: 2021-001-01\n"
       "2021-02-29: 2021-02-29\n"
       "2021-13-01: 2021-13-01\n"
       "20210-01-01: 20210-01-01"s},
      {"quote_base60",
       M({{"12:30"s, Value("12:30"s)},
          {"1:2"s, Value("1:2"s)},
          {"-1:30"s, Value("-1:30"s)},
          {"1:30.5"s, Value("1:30.5"s)},
          {"190:20:30"s, Value("190:20:30"s)},
          {"12:60"s, Value("12:60"s)},
          {"12:5a"s, Value("12:5a"s)},
          {"a:30"s, Value("a:30"s)},
          {"1:2:"s, Value("1:2:"s)},
          {"1_0:20"s, Value("1_0:20"s)},
          {"12:30:"s, Value("12:30:"s)}}),
       "\"-1:30\": \"-1:30\"\n"
       "\"1:2\": \"1:2\"\n"
       "'1:2:': '1:2:'\n"
       "\"1:30.5\": \"1:30.5\"\n"
       "\"1_0:20\": \"1_0:20\"\n"
       "12:5a: 12:5a\n"
       "\"12:30\": \"12:30\"\n"
       "'12:30:': '12:30:'\n"
       "12:60: 12:60\n"
       "\"190:20:30\": \"190:20:30\"\n"
       "a:30: a:30"s,
       "\"-1:30\": \"-1:30\"\n"
       "\"1:2\": \"1:2\"\n"
       "'1:2:': '1:2:'\n"
       "\"1:30.5\": \"1:30.5\"\n"
       "\"1_0:20\": \"1_0:20\"\n"
       "12:5a: 12:5a\n"
       "\"12:30\": \"12:30\"\n"
       "'12:30:': '12:30:'\n"
       "12:60: 12:60\n"
       "\"190:20:30\": \"190:20:30\"\n"
       "a:30: a:30"s},
      {"single_quote_indicators",
       M({{"0"s, Value("a: b"s)},  {"1"s, Value("#x"s)},      {"2"s, Value("- a"s)},
          {"3"s, Value(" lead"s)}, {"4"s, Value("*star"s)},   {"5"s, Value("-"s)},
          {"6"s, Value("["s)},     {"7"s, Value("---"s)},     {"8"s, Value("..."s)},
          {"9"s, Value("?"s)},     {"10"s, Value(":"s)},      {"11"s, Value("? x"s)},
          {"12"s, Value(": x"s)},  {"13"s, Value("|x"s)},     {"14"s, Value(">x"s)},
          {"15"s, Value("%x"s)},   {"16"s, Value("@x"s)},     {"17"s, Value("`x"s)},
          {"18"s, Value("&a"s)},   {"19"s, Value("!a"s)},     {"20"s, Value("{a"s)},
          {"21"s, Value("a #"s)},  {"22"s, Value("trail "s)}, {"23"s, Value("'sq"s)},
          {"24"s, Value("it's"s)}, {"25"s, Value("\"dq"s)},   {"26"s, Value(",x"s)},
          {"27"s, Value("]"s)},    {"28"s, Value("}"s)},      {"29"s, Value("--- x"s)},
          {"30"s, Value("...x"s)}, {"31"s, Value("---x"s)},   {"32"s, Value("a:"s)},
          {"33"s, Value("a: "s)},  {"34"s, Value("x,y: z"s)}}),
       "\"0\": 'a: b'\n"
       "\"1\": '#x'\n"
       "\"2\": '- a'\n"
       "\"3\": ' lead'\n"
       "\"4\": '*star'\n"
       "\"5\": '-'\n"
       "\"6\": '['\n"
       "\"7\": '---'\n"
       "\"8\": '...'\n"
       "\"9\": '?'\n"
       "\"10\": ':'\n"
       "\"11\": '? x'\n"
       "\"12\": ': x'\n"
       "\"13\": '|x'\n"
       "\"14\": '>x'\n"
       "\"15\": '%x'\n"
       "\"16\": '@x'\n"
       "\"17\": '`x'\n"
       "\"18\": '&a'\n"
       "\"19\": '!a'\n"
       "\"20\": '{a'\n"
       "\"21\": 'a #'\n"
       "\"22\": 'trail '\n"
       "\"23\": '''sq'\n"
       "\"24\": it's\n"
       "\"25\": '\"dq'\n"
       "\"26\": ',x'\n"
       "\"27\": ']'\n"
       "\"28\": '}'\n"
       "\"29\": '--- x'\n"
       "\"30\": '...x'\n"
       "\"31\": '---x'\n"
       "\"32\": 'a:'\n"
       "\"33\": 'a: '\n"
       "\"34\": 'x,y: z'"s,
       "\"0\": 'a: b'\n"
       "\"1\": '#x'\n"
       "\"2\": '- a'\n"
       "\"3\": ' lead'\n"
       "\"4\": '*star'\n"
       "\"5\": '-'\n"
       "\"6\": '['\n"
       "\"7\": '---'\n"
       "\"8\": '...'\n"
       "\"9\": '?'\n"
       "\"10\": ':'\n"
       "\"11\": '? x'\n"
       "\"12\": ': x'\n"
       "\"13\": '|x'\n"
       "\"14\": '>x'\n"
       "\"15\": '%x'\n"
       "\"16\": '@x'\n"
       "\"17\": '`x'\n"
       "\"18\": '&a'\n"
       "\"19\": '!a'\n"
       "\"20\": '{a'\n"
       "\"21\": 'a #'\n"
       "\"22\": 'trail '\n"
       "\"23\": '''sq'\n"
       "\"24\": it's\n"
       "\"25\": '\"dq'\n"
       "\"26\": ',x'\n"
       "\"27\": ']'\n"
       "\"28\": '}'\n"
       "\"29\": '--- x'\n"
       "\"30\": '...x'\n"
       "\"31\": '---x'\n"
       "\"32\": 'a:'\n"
       "\"33\": 'a: '\n"
       "\"34\": 'x,y: z'"s},
      {"plain_allowed_indicators_later",
       M({{"0"s, Value("a]"s)},      {"1"s, Value("a{"s)},       {"2"s, Value("x,y"s)},
          {"3"s, Value("a#b"s)},     {"4"s, Value("http://x"s)}, {"5"s, Value("a:b"s)},
          {"6"s, Value("-a"s)},      {"7"s, Value("-x"s)},       {"8"s, Value("?a"s)},
          {"9"s, Value(":a"s)},      {"10"s, Value("a'b"s)},     {"11"s, Value("a\"b"s)},
          {"12"s, Value("a!b"s)},    {"13"s, Value("a|b"s)},     {"14"s, Value("a>b"s)},
          {"15"s, Value("a%b"s)},    {"16"s, Value("a@b"s)},     {"17"s, Value("a`b"s)},
          {"18"s, Value("a&b"s)},    {"19"s, Value("a*b"s)},     {"20"s, Value("a -b"s)},
          {"21"s, Value("a ?b"s)},   {"22"s, Value("a - b"s)},   {"23"s, Value("a,b,c"s)},
          {"24"s, Value("<<x"s)},    {"25"s, Value("="s)},       {"26"s, Value("~x"s)},
          {"27"s, Value("foo bar"s)}}),
       "\"0\": a]\n"
       "\"1\": a{\n"
       "\"2\": x,y\n"
       "\"3\": a#b\n"
       "\"4\": http://x\n"
       "\"5\": a:b\n"
       "\"6\": -a\n"
       "\"7\": -x\n"
       "\"8\": ?a\n"
       "\"9\": :a\n"
       "\"10\": a'b\n"
       "\"11\": a\"b\n"
       "\"12\": a!b\n"
       "\"13\": a|b\n"
       "\"14\": a>b\n"
       "\"15\": a%b\n"
       "\"16\": a@b\n"
       "\"17\": a`b\n"
       "\"18\": a&b\n"
       "\"19\": a*b\n"
       "\"20\": a -b\n"
       "\"21\": a ?b\n"
       "\"22\": a - b\n"
       "\"23\": a,b,c\n"
       "\"24\": <<x\n"
       "\"25\": =\n"
       "\"26\": ~x\n"
       "\"27\": foo bar"s,
       "\"0\": a]\n"
       "\"1\": a{\n"
       "\"2\": x,y\n"
       "\"3\": a#b\n"
       "\"4\": http://x\n"
       "\"5\": a:b\n"
       "\"6\": -a\n"
       "\"7\": -x\n"
       "\"8\": ?a\n"
       "\"9\": :a\n"
       "\"10\": a'b\n"
       "\"11\": a\"b\n"
       "\"12\": a!b\n"
       "\"13\": a|b\n"
       "\"14\": a>b\n"
       "\"15\": a%b\n"
       "\"16\": a@b\n"
       "\"17\": a`b\n"
       "\"18\": a&b\n"
       "\"19\": a*b\n"
       "\"20\": a -b\n"
       "\"21\": a ?b\n"
       "\"22\": a - b\n"
       "\"23\": a,b,c\n"
       "\"24\": <<x\n"
       "\"25\": =\n"
       "\"26\": ~x\n"
       "\"27\": foo bar"s},
      {"double_quote_controls",
       M({{"tab"s, Value("a\tb"s)},
          {"bel"s, Value("a\007b"s)},
          {"cr"s, Value("a\015b"s)},
          {"esc"s, Value("x\033[0m"s)},
          {"nul"s, Value("a\000b"s)},
          {"vt"s, Value("a\013b"s)},
          {"ff"s, Value("a\014b"s)},
          {"bs"s, Value("a\010b"s)},
          {"us"s, Value("a\037b"s)},
          {"crlf"s, Value("l1\015\nl2"s)}}),
       "bel: \"a\\ab\"\n"
       "bs: \"a\\bb\"\n"
       "cr: \"a\\rb\"\n"
       "crlf: \"l1\\r\\nl2\"\n"
       "esc: \"x\\e[0m\"\n"
       "ff: \"a\\fb\"\n"
       "nul: \"a\\0b\"\n"
       "tab: \"a\\tb\"\n"
       "us: \"a\\x1Fb\"\n"
       "vt: \"a\\vb\""s,
       "bel: \"a\\ab\"\n"
       "bs: \"a\\bb\"\n"
       "cr: \"a\\rb\"\n"
       "crlf: \"l1\\r\\nl2\"\n"
       "esc: \"x\\e[0m\"\n"
       "ff: \"a\\fb\"\n"
       "nul: \"a\\0b\"\n"
       "tab: \"a\\tb\"\n"
       "us: \"a\\x1Fb\"\n"
       "vt: \"a\\vb\""s},
      {"double_quote_escapes_backslash_and_quote",
       M({{"a"s, Value("tab\t\"q\" back\\slash"s)}, {"b"s, Value("\t"s)}}),
       "a: \"tab\\t\\\"q\\\" back\\\\slash\"\n"
       "b: \"\\t\""s,
       "a: \"tab\\t\\\"q\\\" back\\\\slash\"\n"
       "b: \"\\t\""s},
      {"unicode_non_bmp_escaped",
       M({{"emoji"s, Value("emoji 😀"s)}, {"music"s, Value("𝄞"s)}, {"only"s, Value("🚀🚀"s)}}),
       "emoji: \"emoji \\U0001F600\"\n"
       "music: \"\\U0001D11E\"\n"
       "only: \"\\U0001F680\\U0001F680\""s,
       "emoji: \"emoji \\U0001F600\"\n"
       "music: \"\\U0001D11E\"\n"
       "only: \"\\U0001F680\\U0001F680\""s},
      {"unicode_bmp_stays_plain",
       M({{"e"s, Value("café"s)},
          {"jp"s, Value("日本語"s)},
          {"nbsp"s, Value("a\302\240b"s)},
          {"arrow"s, Value("→ next"s)},
          {"pua"s, Value("\356\200\200"s)},
          {"fffd"s, Value("\357\277\275"s)},
          {"cyr"s, Value("привет"s)}}),
       "arrow: → next\n"
       "cyr: привет\n"
       "e: café\n"
       "fffd: \357\277\275\n"
       "jp: 日本語\n"
       "nbsp: a\302\240b\n"
       "pua: \356\200\200"s,
       "arrow: → next\n"
       "cyr: привет\n"
       "e: café\n"
       "fffd: \357\277\275\n"
       "jp: 日本語\n"
       "nbsp: a\302\240b\n"
       "pua: \356\200\200"s},
      {"unicode_bom",
       M({{"middle"s, Value("bom\357\273\277x"s)}, {"start"s, Value("\357\273\277ab c"s)}}),
       "middle: \"bom\\uFEFFx\"\n"
       "start: \"\\uFEFF\\x61\\x62\\x20\\x63\""s,
       "middle: \"bom\\uFEFFx\"\n"
       "start: \"\\uFEFF\\x61\\x62\\x20\\x63\""s},
      {"unicode_line_and_paragraph_separators",
       M({{"ls"s, Value("ls\342\200\250x"s)},
          {"ps"s, Value("a\342\200\251b"s)},
          {"ls_space"s, Value("a\342\200\250 b"s)},
          {"space_ls"s, Value("a \342\200\250b"s)},
          {"lead"s, Value("\342\200\250x"s)},
          {"key\342\200\250k"s, Value(1.0)}}),
       "? 'key\342\200\250  k'\n"
       ": 1\n"
       "lead: '\342\200\250  x'\n"
       "ls: 'ls\342\200\250  x'\n"
       "ls_space: \"a\\L b\"\n"
       "ps: 'a\342\200\251  b'\n"
       "space_ls: \"a \\Lb\""s,
       "? 'key\342\200\250  k'\n"
       ": 1\n"
       "lead: '\342\200\250  x'\n"
       "ls: 'ls\342\200\250  x'\n"
       "ls_space: \"a\\L b\"\n"
       "ps: 'a\342\200\251  b'\n"
       "space_ls: \"a \\Lb\""s},
      {"nel_folds_to_space_in_to_yaml",
       M({{"nel"s, Value("a\302\205b"s)},
          {"spaces"s, Value("a \302\205 x"s)},
          {"two"s, Value("a \302\205 \302\205  b"s)},
          {"doc"s, Value("a\302\205---b"s)},
          {"dots"s, Value("a\302\205...x"s)}}),
       "doc: a ---b\n"
       "dots: a ...x\n"
       "nel: a b\n"
       "spaces: a x\n"
       "two: |-\n"
       "  a\n"
       "  b"s,
       "doc: \"a\\N---b\"\n"
       "dots: \"a\\N...x\"\n"
       "nel: \"a\\Nb\"\n"
       "spaces: \"a \\N x\"\n"
       "two: \"a \\N \\N  b\""s},
      {"nbsp_and_tab_in_double_quoted", Value("x\302\240\ty"s), "\"x\302\240\\ty\""s,
       "\"x\302\240\\ty\""s},
      {"literal_clip_strip_keep",
       M({{"strip"s, Value("l1\nl2"s)},
          {"clip"s, Value("l1\nl2\n"s)},
          {"keep"s, Value("l1\n\n"s)},
          {"keep3"s, Value("a\n\n\n"s)},
          {"only_nl"s, Value("\n"s)},
          {"two_nl"s, Value("\n\n"s)}}),
       "clip: |\n"
       "  l1\n"
       "  l2\n"
       "keep: |+\n"
       "  l1\n"
       "\n"
       "keep3: |+\n"
       "  a\n"
       "\n"
       "\n"
       "only_nl: |2+\n"
       "\n"
       "strip: |-\n"
       "  l1\n"
       "  l2\n"
       "two_nl: |2+\n"
       "\n"s,
       "clip: |\n"
       "  l1\n"
       "  l2\n"
       "keep: |+\n"
       "  l1\n"
       "\n"
       "keep3: |+\n"
       "  a\n"
       "\n"
       "\n"
       "only_nl: |2+\n"
       "\n"
       "strip: |-\n"
       "  l1\n"
       "  l2\n"
       "two_nl: |2+\n"
       "\n"s},
      {"literal_indentation_indicator",
       M({{"ind"s, Value("  ind\nx"s)},
          {"start"s, Value("\nstart"s)},
          {"start_clip"s, Value("\n\nstart\n"s)},
          {"tab_first"s, Value("\tx\ny"s)}}),
       "ind: |2-\n"
       "    ind\n"
       "  x\n"
       "start: |2-\n"
       "\n"
       "  start\n"
       "start_clip: |2\n"
       "\n"
       "\n"
       "  start\n"
       "tab_first: \"\\tx\\ny\""s,
       "ind: |2-\n"
       "    ind\n"
       "  x\n"
       "start: |2-\n"
       "\n"
       "  start\n"
       "start_clip: |2\n"
       "\n"
       "\n"
       "  start\n"
       "tab_first: |-\n"
       "  \tx\n"
       "  y"s},
      {"literal_empty_lines_stay_empty", Value("a\n\n\nb\n"s),
       "|\n"
       "  a\n"
       "\n"
       "\n"
       "  b"s,
       "|\n"
       "  a\n"
       "\n"
       "\n"
       "  b"s},
      {"literal_trailing_space_line_is_double_quoted",
       M({{"trail"s, Value("trail \nx"s)},
          {"end"s, Value("x\ny "s)},
          {"space_nl"s, Value("a \n"s)},
          {"nl_space"s, Value("a\n b"s)},
          {"ctrl"s, Value("a\nb\007"s)}}),
       "ctrl: \"a\\nb\\a\"\n"
       "end: \"x\\ny \"\n"
       "nl_space: |-\n"
       "  a\n"
       "   b\n"
       "space_nl: \"a \\n\"\n"
       "trail: \"trail \\nx\""s,
       "ctrl: \"a\\nb\\a\"\n"
       "end: \"x\\ny \"\n"
       "nl_space: |-\n"
       "  a\n"
       "   b\n"
       "space_nl: \"a \\n\"\n"
       "trail: \"trail \\nx\""s},
      {"literal_in_sequence_and_nested",
       M({{"seq"s, L({Value("one\ntwo"s), M({{"k"s, Value("x\ny\n"s)}})})},
          {"deep"s, M({{"deeper"s,
                        M({{"script"s, Value("#!/bin/sh\nset -e\necho \"hi\" | grep h\n"s)}})}})}}),
       "deep:\n"
       "  deeper:\n"
       "    script: |\n"
       "      #!/bin/sh\n"
       "      set -e\n"
       "      echo \"hi\" | grep h\n"
       "seq:\n"
       "- |-\n"
       "  one\n"
       "  two\n"
       "- k: |\n"
       "    x\n"
       "    y"s,
       "deep:\n"
       "  deeper:\n"
       "    script: |\n"
       "      #!/bin/sh\n"
       "      set -e\n"
       "      echo \"hi\" | grep h\n"
       "seq:\n"
       "  - |-\n"
       "    one\n"
       "    two\n"
       "  - k: |\n"
       "      x\n"
       "      y"s},
      {"literal_with_ls_inside", Value("a\nb\342\200\250c"s),
       "|-\n"
       "  a\n"
       "  b\342\200\250  c"s,
       "|-\n"
       "  a\n"
       "  b\342\200\250  c"s},
      {"literal_long_lines_not_folded",
       Value(
           "x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x \nend"s),
       "\"x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x\n"
       "  x x x x x x x x x x x x x x x x x x x \\nend\""s,
       "\"x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x \\nend\""s},
      {"fold_plain_deeply_nested",
       M({{"a"s,
           M({{"b"s,
               M({{"c"s,
                   M({{"key"s,
                       Value(
                           "a long string value nested deeply that will be wrapped by the emitter at eighty columns probably"s)}})}})}})}}),
       "a:\n"
       "  b:\n"
       "    c:\n"
       "      key: a long string value nested deeply that will be wrapped by the emitter at\n"
       "        eighty columns probably"s,
       "a:\n"
       "  b:\n"
       "    c:\n"
       "      key: a long string value nested deeply that will be wrapped by the emitter at eighty columns probably"s},
      {"fold_plain_top_level",
       Value(
           "word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word end"s),
       "word word word word word word word word word word word word word word word word word\n"
       "  word word word word word word word word word word word word word end"s,
       "word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word end"s},
      {"fold_counts_runes_not_bytes",
       M({{"e"s,
           Value(
               "ééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééé ééééé tail"s)},
          {"a"s,
           Value(
               "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa aaaaa tail"s)}}),
       "a: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa aaaaa\n"
       "  tail\n"
       "e: ééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééé ééééé\n"
       "  tail"s,
       "a: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa aaaaa "
       "tail\n"
       "e: ééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééé ééééé tail"s},
      {"fold_skips_double_spaces",
       M({{"k"s,
           Value(
               "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa  ab  cd  ef gh"s)}}),
       "k: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa  ab  cd  "
       "ef\n"
       "  gh"s,
       "k: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa  ab  cd  ef gh"s},
      {"fold_never_breaks_a_word",
       M({{"k"s,
           Value(
               "wwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwww"s)}}),
       "k: wwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwww"s,
       "k: wwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwww"s},
      {"fold_single_quoted",
       M({{"k"s,
           Value(
               "'quoted text quoted text quoted text quoted text quoted text quoted text quoted text quoted text quoted text quoted text quoted text quoted text end"s)}}),
       "k: '''quoted text quoted text quoted text quoted text quoted text quoted text quoted\n"
       "  text quoted text quoted text quoted text quoted text quoted text end'"s,
       "k: '''quoted text quoted text quoted text quoted text quoted text quoted text quoted text quoted text quoted text quoted text quoted text quoted text end'"s},
      {"fold_double_quoted",
       M({{"k"s,
           Value(
               "\ttab text tab text tab text tab text tab text tab text tab text tab text tab text tab text tab text tab text end"s)}}),
       "k: \"\\ttab text tab text tab text tab text tab text tab text tab text tab text tab\n"
       "  text tab text tab text tab text end\""s,
       "k: \"\\ttab text tab text tab text tab text tab text tab text tab text tab text tab text tab text tab text tab text end\""s},
      {"fold_double_quoted_before_space_escapes",
       M({{"k"s,
           Value(
               "\txxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx y  zaaaaa   b"s)}}),
       "k: \"\\txxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n"
       "  y  zaaaaa   b\""s,
       "k: \"\\txxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx y  zaaaaa   b\""s},
      {"fold_in_sequence",
       L({Value(
           "lorem ipsum dolor sit amet lorem ipsum dolor sit amet lorem ipsum dolor sit amet lorem ipsum dolor sit amet lorem ipsum dolor sit amet "s)}),
       "- 'lorem ipsum dolor sit amet lorem ipsum dolor sit amet lorem ipsum dolor sit amet\n"
       "  lorem ipsum dolor sit amet lorem ipsum dolor sit amet '"s,
       "- 'lorem ipsum dolor sit amet lorem ipsum dolor sit amet lorem ipsum dolor sit amet lorem ipsum dolor sit amet lorem ipsum dolor sit amet '"s},
      {"fold_url_and_annotation",
       M({{"annotations"s,
           M({{"nginx.ingress.kubernetes.io/configuration-snippet"s, Value("more_set_headers \"X-Frame-Options: DENY\"; more_set_headers \"X-Content-Type-Options: nosniff\";"s)}, {"url"s, Value("https://example.com/some/really/long/path?query=value&other=thing&more=stuff#fragment-here"s)}})}}),
       "annotations:\n"
       "  nginx.ingress.kubernetes.io/configuration-snippet: 'more_set_headers \"X-Frame-Options:\n"
       "    DENY\"; more_set_headers \"X-Content-Type-Options: nosniff\";'\n"
       "  url: https://example.com/some/really/long/path?query=value&other=thing&more=stuff#fragment-here"s,
       "annotations:\n"
       "  nginx.ingress.kubernetes.io/configuration-snippet: 'more_set_headers \"X-Frame-Options: "
       "DENY\"; more_set_headers \"X-Content-Type-Options: nosniff\";'\n"
       "  url: https://example.com/some/really/long/path?query=value&other=thing&more=stuff#fragment-here"s},
      {"fold_value_exactly_at_width",
       M({{"k"s,
           Value(
               "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx y"s)},
          {"l"s,
           Value(
               "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx y"s)},
          {"m"s,
           Value(
               "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx y z"s)}}),
       "k: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx y\n"
       "l: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n"
       "  y\n"
       "m: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx y\n"
       "  z"s,
       "k: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx y\n"
       "l: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx y\n"
       "m: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx y z"s},
      {"key_128_chars_stays_simple",
       M({{"kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk"s,
           Value(1.0)}}),
       "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk: 1"s,
       "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk: 1"s},
      {"key_129_chars_is_complex",
       M({{"kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk"s,
           Value(1.0)}}),
       "? "
       "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk"
       "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk\n"
       ": 1"s,
       "? "
       "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk"
       "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk\n"
       ": 1"s},
      {"key_length_counts_bytes",
       M({{"éééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééé"s, Value(1.0)},
          {"xéééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééé"s, Value(2.0)}}),
       "? xéééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééé\n"
       ": 2\n"
       "éééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééé: 1"s,
       "? xéééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééé\n"
       ": 2\n"
       "éééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééé: 1"s},
      {"key_multiline_is_complex",
       M({{"line1\nline2"s, Value("v"s)},
          {"a\n"s, M({{"b"s, Value(1.0)}})},
          {"c\nd"s, L({Value("x"s)})}}),
       "? |\n"
       "  a\n"
       ": b: 1\n"
       "? |-\n"
       "  c\n"
       "  d\n"
       ": - x\n"
       "? |-\n"
       "  line1\n"
       "  line2\n"
       ": v"s,
       "? |\n"
       "  a\n"
       ": b: 1\n"
       "? |-\n"
       "  c\n"
       "  d\n"
       ": - x\n"
       "? |-\n"
       "  line1\n"
       "  line2\n"
       ": v"s},
      {"key_complex_with_map_and_list_values",
       M({{"kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk"s,
           M({{"a"s, Value(1.0)}, {"b"s, L({Value(1.0)})}})},
          {"jjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjj"s,
           L({Value("x"s), Value("y"s)})}}),
       "? "
       "jjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjj"
       "jjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjj\n"
       ": - x\n"
       "  - \"y\"\n"
       "? "
       "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk"
       "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk\n"
       ": a: 1\n"
       "  b:\n"
       "  - 1"s,
       "? "
       "jjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjj"
       "jjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjj\n"
       ": - x\n"
       "  - \"y\"\n"
       "? "
       "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk"
       "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk\n"
       ": a: 1\n"
       "  b:\n"
       "    - 1"s},
      {"key_long_with_spaces_not_folded",
       M({{"word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word"s,
           Value("v"s)}}),
       "? word word word word word word word word word word word word word word word word\n"
       "  word word word word word word word word word word word word word word\n"
       ": v"s,
       "? word word word word word word word word word word word word word word word word word "
       "word word word word word word word word word word word word word\n"
       ": v"s},
      {"real_world_strings",
       M({{"regex"s, Value("^(?:[a-z0-9]+\\.)*example\\.com$"s)},
          {"json"s, Value("{\"a\": 1, \"b\": [true]}"s)},
          {"cmd"s, Value("echo $HOME && ls -la | grep '^d'"s)},
          {"percent"s, Value("100%"s)},
          {"star"s, Value("*.example.com"s)},
          {"brackets"s, Value("[a, b]"s)},
          {"email"s, Value("user@example.com"s)},
          {"path"s, Value("/var/lib/data"s)},
          {"win"s, Value("C:\\Users\\x"s)},
          {"colon_space_end"s, Value("key:"s)},
          {"ip"s, Value("10.0.0.1"s)},
          {"ipv6"s, Value("::1"s)},
          {"ver"s, Value("v1.2.3"s)},
          {"semver"s, Value("1.2.3"s)},
          {"float_str"s, Value("1.0"s)},
          {"docker"s, Value("nginx:1.21"s)},
          {"duration"s, Value("30s"s)},
          {"cpu"s, Value("500m"s)},
          {"mem"s, Value("128Mi"s)},
          {"cron"s, Value("*/5 * * * *"s)},
          {"hash"s, Value("sha256:abc"s)},
          {"html"s, Value("<b>&amp;</b>"s)}}),
       "brackets: '[a, b]'\n"
       "cmd: echo $HOME && ls -la | grep '^d'\n"
       "colon_space_end: 'key:'\n"
       "cpu: 500m\n"
       "cron: '*/5 * * * *'\n"
       "docker: nginx:1.21\n"
       "duration: 30s\n"
       "email: user@example.com\n"
       "float_str: \"1.0\"\n"
       "hash: sha256:abc\n"
       "html: <b>&amp;</b>\n"
       "ip: 10.0.0.1\n"
       "ipv6: ::1\n"
       "json: '{\"a\": 1, \"b\": [true]}'\n"
       "mem: 128Mi\n"
       "path: /var/lib/data\n"
       "percent: 100%\n"
       "regex: ^(?:[a-z0-9]+\\.)*example\\.com$\n"
       "semver: 1.2.3\n"
       "star: '*.example.com'\n"
       "ver: v1.2.3\n"
       "win: C:\\Users\\x"s,
       "brackets: '[a, b]'\n"
       "cmd: echo $HOME && ls -la | grep '^d'\n"
       "colon_space_end: 'key:'\n"
       "cpu: 500m\n"
       "cron: '*/5 * * * *'\n"
       "docker: nginx:1.21\n"
       "duration: 30s\n"
       "email: user@example.com\n"
       "float_str: \"1.0\"\n"
       "hash: sha256:abc\n"
       "html: <b>&amp;</b>\n"
       "ip: 10.0.0.1\n"
       "ipv6: ::1\n"
       "json: '{\"a\": 1, \"b\": [true]}'\n"
       "mem: 128Mi\n"
       "path: /var/lib/data\n"
       "percent: 100%\n"
       "regex: ^(?:[a-z0-9]+\\.)*example\\.com$\n"
       "semver: 1.2.3\n"
       "star: '*.example.com'\n"
       "ver: v1.2.3\n"
       "win: C:\\Users\\x"s},
      {"argocd_like_snippet",
       M({{"configs"s,
           M({{"cm"s,
               M({{"url"s, Value("https://argocd.example.com"s)},
                  {"admin.enabled"s, Value(true)},
                  {"timeout.reconciliation"s, Value("180s"s)},
                  {"resource.customizations"s,
                   Value(
                       "argoproj.io/Application:\n  health.lua: |\n    hs = {}\n    return hs\n"s)}})},
              {"params"s, M({{"server.insecure"s, Value(false)},
                             {"controller.status.processors"s, Value(20.0)}})}})},
          {"global"s, M({{"image"s, M({{"tag"s, Value(""s)},
                                       {"repository"s, Value("quay.io/argoproj/argocd"s)}})},
                         {"tolerations"s, L({})},
                         {"affinity"s, M({})}})}}),
       "configs:\n"
       "  cm:\n"
       "    admin.enabled: true\n"
       "    resource.customizations: |\n"
       "      argoproj.io/Application:\n"
       "        health.lua: |\n"
       "          hs = {}\n"
       "          return hs\n"
       "    timeout.reconciliation: 180s\n"
       "    url: https://argocd.example.com\n"
       "  params:\n"
       "    controller.status.processors: 20\n"
       "    server.insecure: false\n"
       "global:\n"
       "  affinity: {}\n"
       "  image:\n"
       "    repository: quay.io/argoproj/argocd\n"
       "    tag: \"\"\n"
       "  tolerations: []"s,
       "configs:\n"
       "  cm:\n"
       "    admin.enabled: true\n"
       "    resource.customizations: |\n"
       "      argoproj.io/Application:\n"
       "        health.lua: |\n"
       "          hs = {}\n"
       "          return hs\n"
       "    timeout.reconciliation: 180s\n"
       "    url: https://argocd.example.com\n"
       "  params:\n"
       "    controller.status.processors: 20\n"
       "    server.insecure: false\n"
       "global:\n"
       "  affinity: {}\n"
       "  image:\n"
       "    repository: quay.io/argoproj/argocd\n"
       "    tag: \"\"\n"
       "  tolerations: []"s},
      {"top_level_literal", Value("first\nsecond\n"s),
       "|\n"
       "  first\n"
       "  second"s,
       "|\n"
       "  first\n"
       "  second"s},
      {"only_spaces_single_quoted",
       M({{"one"s, Value(" "s)},
          {"three"s, Value("   "s)},
          {"in_list"s, L({Value(" "s), Value(""s)})}}),
       "in_list:\n"
       "- ' '\n"
       "- \"\"\n"
       "one: ' '\n"
       "three: '   '"s,
       "in_list:\n"
       "  - ' '\n"
       "  - \"\"\n"
       "one: ' '\n"
       "three: '   '"s},
      {"empty_string_key_and_values",
       M({{""s, Value(""s)}, {"k"s, L({Value(""s), Value(), Value(""s)})}}),
       "\"\": \"\"\n"
       "k:\n"
       "- \"\"\n"
       "- null\n"
       "- \"\""s,
       "\"\": \"\"\n"
       "k:\n"
       "  - \"\"\n"
       "  - null\n"
       "  - \"\""s},
      {"bool_and_null_like_keys",
       M({{"y"s, Value(1.0)},
          {"n"s, Value(2.0)},
          {"on"s, Value(3.0)},
          {"null"s, Value(4.0)},
          {"~"s, Value(5.0)},
          {"True"s, Value(6.0)},
          {"yes please"s, Value(7.0)}}),
       "\"~\": 5\n"
       "\"True\": 6\n"
       "\"n\": 2\n"
       "\"null\": 4\n"
       "\"on\": 3\n"
       "\"y\": 1\n"
       "yes please: 7"s,
       "\"~\": 5\n"
       "\"True\": 6\n"
       "\"n\": 2\n"
       "\"null\": 4\n"
       "\"on\": 3\n"
       "\"y\": 1\n"
       "yes please: 7"s},
      {"numeric_string_keys_sort_by_value",
       M({{"10"s, Value("a"s)},
          {"9"s, Value("b"s)},
          {"100"s, Value("c"s)},
          {"0"s, Value("d"s)},
          {"08"s, Value("e"s)},
          {"1.5"s, Value("f"s)}}),
       "\"0\": d\n"
       "\"1.5\": f\n"
       "\"08\": e\n"
       "\"9\": b\n"
       "\"10\": a\n"
       "\"100\": c"s,
       "\"0\": d\n"
       "\"1.5\": f\n"
       "\"08\": e\n"
       "\"9\": b\n"
       "\"10\": a\n"
       "\"100\": c"s},
      {"special_keys_are_quoted",
       M({{"😀"s, Value(1.0)},
          {"tab\tkey"s, Value(2.0)},
          {"a #b"s, Value(3.0)},
          {"-"s, Value(4.0)},
          {"*"s, Value(5.0)},
          {"k: v"s, Value(6.0)},
          {"x\"y"s, Value(7.0)},
          {"it's"s, Value(8.0)}}),
       "'*': 5\n"
       "'-': 4\n"
       "\"\\U0001F600\": 1\n"
       "'a #b': 3\n"
       "it's: 8\n"
       "'k: v': 6\n"
       "\"tab\\tkey\": 2\n"
       "x\"y: 7"s,
       "'*': 5\n"
       "'-': 4\n"
       "\"\\U0001F600\": 1\n"
       "'a #b': 3\n"
       "it's: 8\n"
       "'k: v': 6\n"
       "\"tab\\tkey\": 2\n"
       "x\"y: 7"s},
      {"deep_nesting_indentation",
       M({{"l1"s,
           M({{"l2"s,
               M({{"l3"s,
                   M({{"l4"s,
                       M({{"l5"s,
                           M({{"l6"s, L({Value("x"s),
                                         M({{"l8"s, L({Value("y"s),
                                                       L({Value("z"s)})})}})})}})}})}})}})}})}}),
       "l1:\n"
       "  l2:\n"
       "    l3:\n"
       "      l4:\n"
       "        l5:\n"
       "          l6:\n"
       "          - x\n"
       "          - l8:\n"
       "            - \"y\"\n"
       "            - - z"s,
       "l1:\n"
       "  l2:\n"
       "    l3:\n"
       "      l4:\n"
       "        l5:\n"
       "          l6:\n"
       "            - x\n"
       "            - l8:\n"
       "                - \"y\"\n"
       "                - - z"s},
      {"complex_key_in_sequence_item",
       L({M({{"kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk"s,
              Value(1.0)},
             {"short"s, Value(2.0)}}),
          M({{"multi\nline"s, Value("v"s)}})}),
       "- ? "
       "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk"
       "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk\n"
       "  : 1\n"
       "  short: 2\n"
       "- ? |-\n"
       "    multi\n"
       "    line\n"
       "  : v"s,
       "- ? "
       "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk"
       "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk\n"
       "  : 1\n"
       "  short: 2\n"
       "- ? |-\n"
       "    multi\n"
       "    line\n"
       "  : v"s},
      {"literal_value_under_complex_key",
       M({{"qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq"s,
           Value("line1\nline2"s)}}),
       "? "
       "qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq"
       "qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq\n"
       ": |-\n"
       "  line1\n"
       "  line2"s,
       "? "
       "qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq"
       "qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq\n"
       ": |-\n"
       "  line1\n"
       "  line2"s},
      {"sequence_of_literals_and_folds",
       L({Value("a\nb"s), Value("c\n"s),
          Value(
              "word word word word word word word word word word word word word word word word word word word word end"s),
          Value(
              "'quoted' 'quoted' 'quoted' 'quoted' 'quoted' 'quoted' 'quoted' 'quoted' 'quoted' 'quoted' "s)}),
       "- |-\n"
       "  a\n"
       "  b\n"
       "- |\n"
       "  c\n"
       "- word word word word word word word word word word word word word word word word\n"
       "  word word word word end\n"
       "- '''quoted'' ''quoted'' ''quoted'' ''quoted'' ''quoted'' ''quoted'' ''quoted'' "
       "''quoted''\n"
       "  ''quoted'' ''quoted'' '"s,
       "- |-\n"
       "  a\n"
       "  b\n"
       "- |\n"
       "  c\n"
       "- word word word word word word word word word word word word word word word word word "
       "word word word end\n"
       "- '''quoted'' ''quoted'' ''quoted'' ''quoted'' ''quoted'' ''quoted'' ''quoted'' ''quoted'' ''quoted'' ''quoted'' '"s},
      {"annotations_with_quotes_and_json",
       M(
           {{"metadata"s,
             M({{"annotations"s, M({{"helm.sh/hook"s, Value("pre-install,pre-upgrade"s)}, {"checksum/config"s, Value("a3f5c0e9b1d24f6789abcdef0123456789abcdef0123456789abcdef01234567"s)}, {"kubectl.kubernetes.io/last-applied-configuration"s, Value("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"argocd-cm\",\"namespace\":\"argocd\"},\"data\":{\"url\":\"https://argocd.example.com\"}}\n"s)}})}})}}),
       "metadata:\n"
       "  annotations:\n"
       "    checksum/config: a3f5c0e9b1d24f6789abcdef0123456789abcdef0123456789abcdef01234567\n"
       "    helm.sh/hook: pre-install,pre-upgrade\n"
       "    kubectl.kubernetes.io/last-applied-configuration: |\n"
       "      {\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"argocd-cm\",\"namespace\":\"argocd\"},\"data\":{\"url\":\"https://argocd.example.com\"}}"s,
       "metadata:\n"
       "  annotations:\n"
       "    checksum/config: a3f5c0e9b1d24f6789abcdef0123456789abcdef0123456789abcdef01234567\n"
       "    helm.sh/hook: pre-install,pre-upgrade\n"
       "    kubectl.kubernetes.io/last-applied-configuration: |\n"
       "      {\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"argocd-cm\",\"namespace\":\"argocd\"},\"data\":{\"url\":\"https://argocd.example.com\"}}"s},
      {"multiline_script_with_indentation",
       M({{"script"s,
           Value("#!/bin/bash\nif [ -n \"$X\" ]; then\n    echo \"indented\"\n\tTAB\nfi\n"s)}}),
       "script: \"#!/bin/bash\\nif [ -n \\\"$X\\\" ]; then\\n    echo \\\"indented\\\"\\n\\tTAB\\nfi\\n\""s,
       "script: |\n"
       "  #!/bin/bash\n"
       "  if [ -n \"$X\" ]; then\n"
       "      echo \"indented\"\n"
       "  \tTAB\n"
       "  fi"s},
      {"regexes_and_globs",
       M({{"include"s, L({Value("*.yaml"s), Value("**/*.json"s), Value("!secret*"s)})},
          {"re"s, Value("^[a-z]([-a-z0-9]*[a-z0-9])?$"s)},
          {"path"s, Value("/api/v1/*"s)},
          {"neg"s, Value("!important"s)}}),
       "include:\n"
       "- '*.yaml'\n"
       "- '**/*.json'\n"
       "- '!secret*'\n"
       "neg: '!important'\n"
       "path: /api/v1/*\n"
       "re: ^[a-z]([-a-z0-9]*[a-z0-9])?$"s,
       "include:\n"
       "  - '*.yaml'\n"
       "  - '**/*.json'\n"
       "  - '!secret*'\n"
       "neg: '!important'\n"
       "path: /api/v1/*\n"
       "re: ^[a-z]([-a-z0-9]*[a-z0-9])?$"s},
      {"int64_values",
       M({{"small"s, Value(std::int64_t{3})},
          {"neg"s, Value(std::int64_t{-7})},
          {"max"s, Value(std::int64_t{9223372036854775807})},
          {"min"s, Value(std::numeric_limits<std::int64_t>::min())},
          {"zero"s, Value(std::int64_t{0})},
          {"million"s, Value(std::int64_t{1000000})}}),
       "max: 9223372036854775807\n"
       "million: 1000000\n"
       "min: -9223372036854775808\n"
       "neg: -7\n"
       "small: 3\n"
       "zero: 0"s,
       "max: 9223372036854775807\n"
       "million: 1000000\n"
       "min: -9223372036854775808\n"
       "neg: -7\n"
       "small: 3\n"
       "zero: 0"s},
      {"int64_top_level", Value(std::int64_t{42}), "42"s, "42"s},
  };
}

class YamlEncode : public ::testing::TestWithParam<EncodeCase> {};

TEST_P(YamlEncode, ToYamlMatchesHelm) { EXPECT_EQ(to_yaml(GetParam().value), GetParam().yaml); }

TEST_P(YamlEncode, ToYamlPrettyMatchesHelm) {
  EXPECT_EQ(to_yaml_pretty(GetParam().value), GetParam().pretty);
}

INSTANTIATE_TEST_SUITE_P(Helm, YamlEncode, ::testing::ValuesIn(encode_cases()),
                         [](const ::testing::TestParamInfo<EncodeCase>& info) {
                           return info.param.name;
                         });

// Invalid UTF-8 can only come from template functions (`trunc 2 "héllo"`, `substr`): JSON
// turns it into U+FFFD for toYaml; go-yaml v3 writes it as !!binary base64 for toYamlPretty.
TEST(YamlEncodeInvalidUtf8, ToYamlReplacesWithRuneError) {
  EXPECT_EQ(to_yaml(M({{"k", Value("h\xC3"s)}})), "k: h\uFFFD");
  EXPECT_EQ(to_yaml(M({{"h\xC3"s, Value(std::int64_t{1})}, {"hz", Value(std::int64_t{2})}})),
            "h\uFFFD: 1\nhz: 2");
  EXPECT_EQ(to_yaml(L({Value("h\xC3"s), Value("\xC3"s)})), "- h\uFFFD\n- \uFFFD");
  EXPECT_EQ(to_yaml(M({{"k", Value(std::string(58, 'x') + "\xC3")}})),
            "k: " + std::string(58, 'x') + "\uFFFD");
}

TEST(YamlEncodeInvalidUtf8, ToYamlPrettyWritesBinary) {
  EXPECT_EQ(to_yaml_pretty(M({{"k", Value("h\xC3"s)}})), "k: !!binary aMM=");
  EXPECT_EQ(to_yaml_pretty(M({{"h\xC3"s, Value(std::int64_t{1})}, {"hz", Value(std::int64_t{2})}})),
            "!!binary aMM=: 1\nhz: 2");
  EXPECT_EQ(to_yaml_pretty(L({Value("h\xC3"s), Value("\xC3"s)})),
            "- !!binary aMM=\n- !!binary ww==");
  EXPECT_EQ(to_yaml_pretty(M({{"k", Value(std::string(58, 'x') + "\xC3")}})),
            "k: !!binary |\n"
            "  eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eH\n"
            "  h4eHh4eMM=");
}

std::string error_of(const std::function<std::string()>& f) {
  try {
    return "no error, got: " + f();
  } catch (const Error& e) {
    return e.what();
  }
}

// Where Go's marshalling fails, Helm's toYaml prints "" and helm 4's mustToYaml reports
// these messages (checked with helm 4.1.4).
TEST(YamlEncodeErrors, NanAndInfFailInJson) {
  double nan = std::numeric_limits<double>::quiet_NaN();
  double inf = std::numeric_limits<double>::infinity();
  EXPECT_EQ(error_of([&] {
              return to_yaml(M({{"k", Value(nan)}}));
            }),
            "error marshaling into JSON: json: unsupported value: NaN");
  EXPECT_EQ(error_of([&] {
              return to_yaml(M({{"k", Value(inf)}}));
            }),
            "error marshaling into JSON: json: unsupported value: +Inf");
  EXPECT_EQ(error_of([&] {
              return to_yaml(L({Value("ok"), Value(-inf)}));
            }),
            "error marshaling into JSON: json: unsupported value: -Inf");
  // toYamlPretty has no JSON step: go-yaml v3 writes YAML's names for them.
  EXPECT_EQ(
      to_yaml_pretty(M({{"k", Value(nan)}, {"j", Value(-inf)}, {"i", Value(std::int64_t{3})}})),
      "i: 3\nj: -.inf\nk: .nan");
}

TEST(YamlEncodeErrors, CycleFailsInsteadOfOverflowing) {
  Value m = M({{"a", Value(std::int64_t{1})}});
  m.set("self", m);
  EXPECT_EQ(error_of([&] { return to_yaml(m); }),
            "error marshaling into JSON: json: unsupported value: encountered a cycle via "
            "map[string]interface {}");
  // Go would overflow its stack here; we fail cleanly.
  EXPECT_EQ(error_of([&] { return to_yaml_pretty(m); }),
            "yaml: value nested deeper than 1000 levels (a cycle?)");
  m.as_map().erase("self");  // break the cycle so the map can be freed
}

// Characters go-yaml v2's reader refuses arrive raw in the JSON text: the whole toYaml fails.
// toYamlPretty escapes them instead.
TEST(YamlEncodeErrors, ReaderRejectsControlCharacters) {
  struct Row {
    std::string name;
    std::string text;
    std::string pretty;
  };
  std::vector<Row> rows = {
      {"DEL",
       "a\x7F"
       "b",
       "k: \"a\\x7Fb\""},
      {"C1 control",
       "a\xC2\x80"
       "b",
       "k: \"a\\x80b\""},
      {"U+FFFE",
       "a\xEF\xBF\xBE"
       "b",
       "k: \"a\\uFFFEb\""},
      {"U+FFFF",
       "a\xEF\xBF\xBF"
       "b",
       "k: \"a\\uFFFFb\""},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name);
    EXPECT_EQ(error_of([&] {
                return to_yaml(M({{"k", Value(row.text)}}));
              }),
              "yaml: control characters are not allowed");
    EXPECT_EQ(to_yaml_pretty(M({{"k", Value(row.text)}})), row.pretty);
  }
}

TEST(YamlEncodeErrors, JsonKeyRulesOfTheV2Reader) {
  // A flow simple key must end within 1024 characters: 1022 + 2 quotes is the longest.
  std::string ok_key(1022, 'k');
  EXPECT_EQ(to_yaml(M({{ok_key, Value(std::int64_t{1})}})), "? " + ok_key + "\n: 1");
  EXPECT_EQ(error_of([&] {
              return to_yaml(M({{std::string(1023, 'k'), Value(std::int64_t{1})}}));
            }),
            "yaml: did not find expected ',' or '}'");
  // encoding/json writes '<' as \u003c: 200 of them are 1202 characters of JSON.
  EXPECT_EQ(error_of([&] {
              return to_yaml(M({{std::string(200, '<'), Value(std::int64_t{1})}}));
            }),
            "yaml: did not find expected ',' or '}'");
  EXPECT_EQ(to_yaml_pretty(M({{std::string(200, '<'), Value(std::int64_t{1})}})),
            "? " + std::string(200, '<') + "\n: 1");
  // A NEL in a key is a line break inside a flow simple key.
  EXPECT_EQ(error_of([&] {
              return to_yaml(
                  M({{"a\xC2\x85"
                      "b",
                      Value(std::int64_t{1})}}));
            }),
            "yaml: line 1: did not find expected ',' or '}'");
  EXPECT_EQ(to_yaml_pretty(M({{"a\xC2\x85"
                               "b",
                               Value(std::int64_t{1})}})),
            "? \"a\\Nb\"\n: 1");
}

TEST(YamlEncodeErrors, NelBeforeDocumentMarkerEndsTheDocument) {
  EXPECT_EQ(error_of([&] {
              return to_yaml(M({{"x", Value("a\xC2\x85--- b"s)}}));
            }),
            "yaml: line 2: found unexpected document indicator");
  EXPECT_EQ(error_of([&] { return to_yaml(Value("a\xC2\x85--- b"s)); }),
            "yaml: line 2: found unexpected document indicator");
  EXPECT_EQ(to_yaml_pretty(Value("a\xC2\x85--- b"s)), "\"a\\N--- b\"");
}

// go-yaml's key comparator on its own (sorter.go), both dialects.
TEST(YamlKeyOrder, DigitRunsAndLetters) {
  using detail::yaml_key_less;
  using detail::YamlDialect;
  for (YamlDialect d : {YamlDialect::V2, YamlDialect::V3}) {
    EXPECT_TRUE(yaml_key_less("a2", "a10", d));
    EXPECT_TRUE(yaml_key_less("a1", "a01", d));
    EXPECT_FALSE(yaml_key_less("a01", "a1", d));
    EXPECT_TRUE(yaml_key_less("B", "a", d));
    EXPECT_TRUE(yaml_key_less("a-b", "ab", d));
    EXPECT_TRUE(yaml_key_less("a", "ab", d));
    EXPECT_FALSE(yaml_key_less("a", "a", d));
  }
  // After an equal digit, v3 puts letters first; v2 keeps non-letters first.
  EXPECT_TRUE(yaml_key_less("a1_", "a1b", detail::YamlDialect::V2));
  EXPECT_TRUE(yaml_key_less("a1b", "a1_", detail::YamlDialect::V3));
}

// A large values tree (the shape of argo-cd's values.yaml, ~5k lines) encodes in linear time.
TEST(YamlEncodePerformance, LargeTreeIsFast) {
  Value root = Value::new_map();
  for (int i = 0; i < 300; ++i) {
    Value component = Value::new_map();
    component.set("image",
                  M({{"repository", Value("quay.io/argoproj/argocd")}, {"tag", Value("v2.9.3")}}));
    component.set("replicas", Value(1.0));
    component.set("args", L({Value("--insecure"), Value("--loglevel=info")}));
    component.set("script",
                  Value("#!/bin/sh\nset -e\necho \"starting component\"\nexec /usr/bin/app\n"));
    component.set("description",
                  Value(std::string(30, 'w') +
                        " a long description of the component that folds at eighty columns"));
    root.set("component" + std::to_string(i), component);
  }
  auto start = std::chrono::steady_clock::now();
  std::string yaml = to_yaml(root);
  std::string pretty = to_yaml_pretty(root);
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_GT(yaml.size(), 100000u);
  EXPECT_GT(pretty.size(), 100000u);
  EXPECT_LT(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count(), 500);
}

}  // namespace
}  // namespace primer::value
