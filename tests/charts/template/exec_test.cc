// Conformance of the executor (and, through it, lexer and parser) with Go's text/template.
// Expected outputs and whole error texts come from Go (see oracle/), never from primer.

#include <gtest/gtest.h>

#include <stdexcept>
#include <thread>

#include "base/error.h"
#include "charts/template/template.h"

namespace primer::tmpl {
namespace {

struct ExecCase {
  const char* name;  // the rule this case pins
  const char* text;
  const char* data;  // JSON (ints int64, floats float64); "" = no data (Go's nil)
  const char* want;  // output, or the whole error text when `fails`
  bool fails;
  MissingKey missing;
  std::vector<std::pair<const char*, const char*>> before;  // (name, text) parsed first
  const char* exec;                                         // template to execute; "" = "t"
};

const ExecCase kExecCases[] = {
#include "tests/charts/template/exec_cases.inc"
};

// The functions oracle/main.go registers, with the same Go signatures.
std::shared_ptr<const Funcs> test_funcs() {
  auto f = std::make_shared<Funcs>();
  auto num = [](const TValue& v) { return v.value().as_int(); };
  f->add("fint", {{Param::Int}},
         [num](Call&, std::span<const TValue> a) { return TValue::go_int(num(a[0]) * 2); });
  f->add("fint64", {{Param::Int64}},
         [num](Call&, std::span<const TValue> a) { return TValue(GoType::Int64, num(a[0]) * 2); });
  f->add("ffloat", {{Param::Float64}}, [](Call&, std::span<const TValue> a) {
    return TValue(GoType::Float64, a[0].value().as_float() * 2);
  });
  f->add("fstr", {{Param::String}}, [](Call&, std::span<const TValue> a) {
    return TValue(GoType::String, "<" + a[0].value().as_string() + ">");
  });
  f->add("fbool", {{Param::Bool}}, [](Call&, std::span<const TValue> a) {
    return TValue(GoType::Bool, !a[0].value().as_bool());
  });
  auto size = [](const TValue& v) {
    return TValue::go_int(v.value().is_null() ? 0 : static_cast<std::int64_t>(v.value().size()));
  };
  f->add("flist", {{Param::List}}, [size](Call&, std::span<const TValue> a) { return size(a[0]); });
  f->add("fmap", {{Param::Map}}, [size](Call&, std::span<const TValue> a) { return size(a[0]); });
  f->add("fany", {{Param::Any}}, [](Call&, std::span<const TValue> a) {
    return TValue(GoType::String, std::string(go_type_name(a[0].type())));
  });
  f->add("fvar", {{Param::String, Param::Int}, true}, [](Call&, std::span<const TValue> a) {
    return TValue::go_int(static_cast<std::int64_t>(a[0].value().size() + a.size() - 1));
  });
  f->add("ferr", {{}}, [](Call&, std::span<const TValue>) -> TValue { throw Error("boom"); });
  f->add("fslist", {{}}, [](Call&, std::span<const TValue>) {
    return TValue(GoType::StringList, value::Value(value::List{"x", "y"}));
  });
  return f;
}

TValue data_of(const char* json) {
  if (!*json) return TValue();
  return TValue(value::parse_json("data", json, value::Numbers::Typed));
}

TEST(Exec, Conformance) {
  auto funcs = test_funcs();
  for (const ExecCase& c : kExecCases) {
    SCOPED_TRACE(c.name);
    try {
      Set set(funcs, "t");
      for (const auto& [name, text] : c.before) set.parse(name, text);
      set.parse("t", c.text);
      ExecOptions options;
      options.missing = c.missing;
      std::string got = set.execute(*c.exec ? c.exec : "t", data_of(c.data), options);
      EXPECT_FALSE(c.fails) << "wanted an error, got: " << got;
      if (!c.fails) {
        EXPECT_EQ(got, c.want);
      }
    } catch (const Error& e) {
      EXPECT_TRUE(c.fails) << e.what();
      if (c.fails) {
        EXPECT_EQ(std::string(e.what()), c.want);
      }
    }
  }
}

std::string run(const Set& set, const char* data = "", ExecOptions options = {}) {
  return set.execute("t", data_of(data), options);
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(Exec, ParsedSetRunsConcurrently) {
  Set set;
  set.parse("t", "{{ range $k, $v := . }}{{ $k }}={{ len $v }};{{ end }}{{ template \"d\" .a }}");
  set.parse("d", "[{{ index . 1 }}]");
  const char* data = R"({"a": [1, 2, 3], "b": "xy"})";
  const std::string want = "a=3;b=2;[2]";
  std::vector<std::thread> threads;
  std::vector<int> ok(8, 0);
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) ok[t] += run(set, data) == want;
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 0; t < 8; ++t) EXPECT_EQ(ok[t], 200) << "thread " << t;
}

// A function in the style of Helm's include: executes another template of the running set.
std::shared_ptr<Funcs> with_include() {
  auto f = std::make_shared<Funcs>();
  f->add("include", {{Param::String, Param::Any}}, [](Call& call, std::span<const TValue> a) {
    ExecOptions options = call.options();
    options.depth = call.depth() + 1;
    if (options.depth > 50) throw Error("too deep: " + std::string(call.template_name()));
    return TValue(GoType::String, call.set().execute(a[0].value().as_string(), a[1], options));
  });
  f->add("tname", {{}}, [](Call& call, std::span<const TValue>) {
    return TValue(GoType::String, std::string(call.template_name()));
  });
  return f;
}

TEST(Exec, FunctionsCallBackIntoTheSet) {
  Set set(with_include(), "gotpl");
  set.parse("t",
            "{{ define \"h\" }}<{{ . }}|{{ tname }}>{{ end }}{{ include \"h\" 1 | printf \"%q\" "
            "}}{{ tname }}");
  EXPECT_EQ(run(set), "\"<1|h>\"t");
}

TEST(Exec, ErrorsOfNestedExecutionsAreWrapped) {
  Set set(with_include(), "gotpl");
  set.parse("t", "{{ define \"h\" }}{{ .x.y }}{{ end }}{{ include \"h\" . }}");
  ExecOptions options;
  options.missing = MissingKey::Zero;
  EXPECT_EQ(error_of([&] { run(set, "{}", options); }),
            "template: t:1:38: executing \"t\" at <include \"h\" .>: error calling include: "
            "template: t:1:21: executing \"h\" at <.x.y>: nil pointer evaluating interface {}.y");
  EXPECT_EQ(error_of([&] { set.execute("nope", TValue()); }),
            "template: no template \"nope\" associated with template \"gotpl\"");
}

TEST(Exec, CallbackDepthIsPassedOn) {
  Set set(with_include(), "gotpl");
  set.parse("t", "{{ define \"r\" }}{{ include \"r\" . }}{{ end }}{{ include \"r\" . }}");
  std::string err = error_of([&] { run(set); });
  EXPECT_NE(err.find("error calling include: too deep: r"), std::string::npos) << err;
}

TEST(Exec, TemplateDepthLimit) {
  Set set;
  set.parse("t", "{{ define \"r\" }}{{ template \"r\" }}{{ end }}{{ template \"r\" }}");
  ExecOptions options;
  options.max_depth = 3;
  EXPECT_EQ(error_of([&] { run(set, "", options); }),
            "template: t:1:28: executing \"r\" at <{{template \"r\"}}>: exceeded maximum template "
            "depth (3)");
}

TEST(Exec, RunawayRecursionStopsBeforeTheStackOverflows) {
  Set set;
  set.parse(
      "t",
      "{{ define \"r\" }}{{ if 1 }}{{ with 2 }}{{ template \"r\" }}{{ end }}{{ end }}{{ end }}"
      "{{ template \"r\" }}");
  // Which node trips the guard depends on frame sizes (optimisation, sanitizers).
  std::string err = error_of([&] { run(set); });
  EXPECT_TRUE(err.starts_with("template: t:1:")) << err;
  EXPECT_TRUE(err.ends_with("template execution nested too deeply (over 2097152 bytes of stack)"))
      << err;
}

TEST(Exec, OutputIsBounded) {
  Set set;
  set.parse("t", "{{ range 100 }}0123456789{{ end }}");
  ExecOptions options;
  options.max_output = 55;
  EXPECT_EQ(
      error_of([&] { run(set, "", options); }),
      "template: t:1:15: executing \"t\" at <0123456789>: output exceeds the limit of 55 bytes");
}

TEST(Exec, StepsAreBounded) {
  Set set;
  set.parse("t", "{{ range 1000000000000 }}{{ end }}");
  ExecOptions options;
  options.max_steps = 1000;
  EXPECT_EQ(error_of([&] { run(set, "", options); }),
            "template: t:1:9: executing \"t\" at <{{range 1000000000000}}{{end}}>: template "
            "execution exceeds 1000 steps");
}

TEST(Exec, FailedParseLeavesTheSetUnchanged) {
  Set set;
  set.parse("t", "{{ define \"d\" }}old{{ end }}{{ template \"d\" }}");
  EXPECT_EQ(error_of([&] { set.parse("u", "{{ define \"d\" }}new{{ end }}{{ nope }}"); }),
            "template: u:1: function \"nope\" not defined");
  EXPECT_FALSE(set.has("u"));
  EXPECT_EQ(run(set), "old");
  EXPECT_EQ(set.names(), (std::vector<std::string>{"d", "t"}));
}

TEST(Exec, CopiesShareTreesButNotLaterDefinitions) {
  Set set;
  set.parse("t", "{{ template \"d\" }}");
  set.parse("d", "one");
  Set copy = set;
  copy.parse("d", "two");
  EXPECT_EQ(run(set), "one");
  EXPECT_EQ(run(copy), "two");
  EXPECT_EQ(set.find_tree("t"), copy.find_tree("t"));
}

TEST(Exec, ReplacedAndOrAreNotLazy) {
  auto f = std::make_shared<Funcs>();
  f->add("and", {{Param::Any, Param::Any}},
         [](Call&, std::span<const TValue>) { return TValue(GoType::String, "mine"); });
  Set set(f);
  set.parse("t", "{{ and false .x.y }}");
  ExecOptions options;
  options.missing = MissingKey::Zero;
  EXPECT_EQ(error_of([&] { run(set, "{}", options); }),
            "template: t:1:15: executing \"t\" at <.x.y>: nil pointer evaluating interface {}.y");
  EXPECT_EQ(run(set, R"({"x": {}})", options), "mine");
}

TEST(Exec, ForeignExceptionsFromFunctionsBecomeErrors) {
  auto f = std::make_shared<Funcs>();
  f->add("bad", {{}}, [](Call&, std::span<const TValue>) -> TValue {
    throw std::runtime_error("runtime error: integer divide by zero");
  });
  Set set(f);
  set.parse("t", "{{ bad }}");
  EXPECT_EQ(error_of([&] { run(set); }),
            "template: t:1:3: executing \"t\" at <bad>: error calling bad: runtime error: integer "
            "divide by zero");
}

TEST(Exec, MapsAreSharedWithFunctions) {
  auto f = std::make_shared<Funcs>();
  f->add("set", {{Param::Map, Param::String, Param::Any}}, [](Call&, std::span<const TValue> a) {
    a[0].value().set(a[1].value().as_string(), a[2].value());
    return a[0];
  });
  Set set(f);
  set.parse("t", "{{ $_ := set .m \"k\" 1 }}{{ .m.k }}");
  value::Value data = value::parse_json("d", R"({"m": {}})", value::Numbers::Typed);
  EXPECT_EQ(set.execute("t", data), "1");
  EXPECT_EQ(data.find("m")->find("k")->as_int(), 1);
}

}  // namespace
}  // namespace primer::tmpl

namespace primer::tmpl {
namespace {

// The expected texts of the tests below are what Go 1.19's text/template prints for them.

// Set::parse_borrowed keeps views of the caller's text instead of a copy: same trees, same
// output, same error positions.
TEST(Exec, BorrowedTextRunsAsCopiedText) {
  const std::string text =
      "a {{ .x | printf \"%q\" }}\n{{ define \"d\" }}<{{ . }}>{{ end }}{{ template \"d\" .y }}"
      "\n{{ .x.nope }}";
  Set copied, borrowed;
  copied.parse("t", text);
  borrowed.parse_borrowed("t", text);
  EXPECT_EQ(error_of([&] { run(copied, R"({"x": "v", "y": 2})"); }),
            error_of([&] { run(borrowed, R"({"x": "v", "y": 2})"); }));
  EXPECT_EQ(error_of([&] { run(borrowed, R"({"x": "v", "y": 2})"); }),
            "template: t:3:5: executing \"t\" at <.x.nope>: can't evaluate field nope in type "
            "interface {}");
  Set ok;
  ok.parse_borrowed("t", std::string_view(text).substr(0, text.rfind('\n')));
  EXPECT_EQ(run(ok, R"({"x": "v", "y": 2})"), "a \"v\"\n<2>");
}

// Set::parse_borrowed_all parses files concurrently but adds them in order: a later file's
// definition wins as with one call per file, and of two failing files the first in order is
// reported. The padding makes the set large enough to be parsed on several threads.
TEST(Exec, ParseAllKeepsFileOrder) {
  const std::string pad = "{{/*" + std::string(40000, 'x') + "*/}}";
  const std::vector<std::string> texts = {
      pad + "{{ define \"d\" }}first{{ end }}", pad + "{{ define \"d\" }}second{{ end }}",
      pad + "{{ template \"d\" }}", pad + "{{ define \"d\" }}{{ end }}"};
  std::vector<std::pair<std::string_view, std::string_view>> files;
  const char* names[] = {"a", "b", "c", "e"};
  for (std::size_t i = 0; i < texts.size(); ++i) files.emplace_back(names[i], texts[i]);
  Set all, one_by_one;
  all.parse_borrowed_all(files);
  for (const auto& [name, text] : files) one_by_one.parse_borrowed(name, text);
  EXPECT_EQ(all.execute("c", data_of("null")), "second");
  EXPECT_EQ(one_by_one.execute("c", data_of("null")), "second");

  const std::vector<std::string> bad = {pad, pad + "{{ if }}", pad, pad + "{{ end }}"};
  std::vector<std::pair<std::string_view, std::string_view>> bad_files;
  for (std::size_t i = 0; i < bad.size(); ++i) bad_files.emplace_back(names[i], bad[i]);
  for (int attempt = 0; attempt < 20; ++attempt) {
    Set set;
    EXPECT_EQ(error_of([&] { set.parse_borrowed_all(bad_files); }),
              "template: b:1: missing value for if");
  }
}

// A {{template}} call gets variables of its own ($ and its declarations) and leaves the
// caller's as they were.
TEST(Exec, TemplateCallKeepsCallerVariables) {
  Set set;
  set.parse("t",
            "{{ $x := \"a\" }}{{ range $i, $v := . }}{{ template \"d\" $v }}{{ $x }}{{ $i }};"
            "{{ end }}{{ $x }}");
  set.parse("d", "{{ $x := . }}[{{ $x }}{{ $ }}]");
  EXPECT_EQ(run(set, R"(["p", "q"])"), "[pp]a0;[qq]a1;a");
}

// The value a pipeline passes on is the last argument of the next command, also for the
// lazy and/or and for variadic functions.
TEST(Exec, PipelineValueIsTheFinalArgument) {
  Set set;
  set.parse("t",
            "{{ \"abc\" | printf \"%s-%s\" \"x\" }} {{ 0 | or \"\" }} {{ 1 | and 2 }} "
            "{{ .s | printf \"%v|%v\" .s }}");
  EXPECT_EQ(run(set, R"({"s": "long enough to live on the heap"})"),
            "x-abc 0 1 long enough to live on the heap|long enough to live on the heap");
}

}  // namespace
}  // namespace primer::tmpl
