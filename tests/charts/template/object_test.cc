// Go objects in templates: structs, pointers to structs, named maps and slices with methods,
// Stringers (what Helm's .Files, .Capabilities and .Chart are). The test objects mirror Go
// types; the expected texts are what Go 1.19's text/template prints for the same types
// (the program that produced them is described next to each case).

#include <gtest/gtest.h>

#include "base/error.h"
#include "charts/template/template.h"

namespace primer::tmpl {
namespace {

TValue str(std::string s) { return TValue(GoType::String, value::Value(std::move(s))); }

// type files map[string][]byte with Get(string) string and Glob(prefix) files.
class Files : public Object {
 public:
  explicit Files(value::Map m) : map_(std::move(m)) {
    get_ = {{{Param::String}}, [this](Call&, std::span<const TValue> a) {
              const value::Value* v = map_.find(a[0].value().as_string()) == map_.end()
                                          ? nullptr
                                          : &map_.at(a[0].value().as_string());
              return str(v ? v->as_string() : "");
            }};
    glob_ = {{{Param::String}}, [this](Call&, std::span<const TValue> a) {
               value::Map out;
               for (const auto& [k, v] : map_) {
                 if (k.starts_with(a[0].value().as_string())) out.emplace(k, v);
               }
               return TValue::of(std::make_shared<Files>(std::move(out)));
             }};
  }
  std::string_view type_name() const override { return "main.files"; }
  std::string_view kind_name() const override { return "map"; }
  const Function* method(std::string_view name) const override {
    if (name == "Get") return &get_;
    if (name == "Glob") return &glob_;
    return nullptr;
  }
  std::optional<TValue> underlying() const override {
    // map[string][]byte: the elements are []byte, which value::Value keeps as strings.
    return TValue(GoType::Map, value::Value(map_));
  }
  value::Value data() const override { return value::Value(map_); }

 private:
  value::Map map_;
  Function get_, glob_;
};

// type VersionSet []string with Has(string) bool.
class VersionSet : public Object {
 public:
  explicit VersionSet(std::vector<std::string> v) : v_(std::move(v)) {
    has_ = {{{Param::String}}, [this](Call&, std::span<const TValue> a) {
              bool found = std::find(v_.begin(), v_.end(), a[0].value().as_string()) != v_.end();
              return TValue(GoType::Bool, value::Value(found));
            }};
  }
  std::string_view type_name() const override { return "main.VersionSet"; }
  std::string_view kind_name() const override { return "slice"; }
  const Function* method(std::string_view name) const override {
    return name == "Has" ? &has_ : nullptr;
  }
  std::optional<TValue> underlying() const override { return TValue(GoType::StringList, data()); }
  value::Value data() const override {
    value::List l;
    for (const auto& s : v_) l.emplace_back(s);
    return value::Value(std::move(l));
  }

 private:
  std::vector<std::string> v_;
  Function has_;
};

// type KubeVersion struct{Version, Major, Minor string} with (*KubeVersion) String() and
// (*KubeVersion) GitVersion().
class KubeVersion : public Object {
 public:
  KubeVersion() {
    git_ = {{{}}, [](Call&, std::span<const TValue>) { return str("v1.35.0"); }};
  }
  std::string_view type_name() const override { return "main.KubeVersion"; }
  std::string_view kind_name() const override { return "struct"; }
  const Function* method(std::string_view name) const override {
    return name == "GitVersion" ? &git_ : nullptr;
  }
  std::vector<std::pair<std::string, TValue>> fields() const override {
    return {{"Version", str("v1.35.0")}, {"Major", str("1")}, {"Minor", str("35")}};
  }
  std::optional<std::string> string() const override { return "v1.35.0"; }
  bool string_needs_address() const override { return true; }
  value::Value data() const override {
    return value::Value(value::Map{{"Version", "v1.35.0"}, {"Major", "1"}, {"Minor", "35"}});
  }

 private:
  Function git_;
};

// type BuildInfo struct{Version, GitCommit string}.
class BuildInfo : public Object {
 public:
  std::string_view type_name() const override { return "main.BuildInfo"; }
  std::string_view kind_name() const override { return "struct"; }
  std::vector<std::pair<std::string, TValue>> fields() const override {
    return {{"Version", str("v4.1.4")}, {"GitCommit", str("abc")}};
  }
  value::Value data() const override { return value::Value(value::Map{{"version", "v4.1.4"}}); }
};

// *Capabilities{APIVersions VersionSet; KubeVersion KubeVersion; HelmVersion BuildInfo}.
class Capabilities : public Object {
 public:
  std::string_view type_name() const override { return "*main.Capabilities"; }
  std::string_view kind_name() const override { return "ptr"; }
  std::vector<std::pair<std::string, TValue>> fields() const override {
    return {{"APIVersions", TValue::of(std::make_shared<VersionSet>(
                                std::vector<std::string>{"v1", "apps/v1"}))},
            {"KubeVersion", TValue::of(std::make_shared<KubeVersion>())},
            {"HelmVersion", TValue::of(std::make_shared<BuildInfo>())}};
  }
  value::Value data() const override { return value::Value::new_map(); }
};

// *Metadata{Name, Version string; Tags []string (nil)}.
class Metadata : public Object {
 public:
  std::string_view type_name() const override { return "*main.Metadata"; }
  std::string_view kind_name() const override { return "ptr"; }
  std::vector<std::pair<std::string, TValue>> fields() const override {
    return {{"Name", str("demo")},
            {"Version", str("0.1.0")},
            {"Tags", TValue(GoType::StringList, value::Value())}};
  }
  value::Value data() const override {
    return value::Value(value::Map{{"name", "demo"}, {"version", "0.1.0"}});
  }
};

value::Value data() {
  auto shared = [](std::shared_ptr<const Object> o) {
    return value::Value(std::shared_ptr<const value::Opaque>(std::move(o)));
  };
  value::Map files{{"a.txt", "A\n"}, {"conf/b", "B"}};
  return value::Value(value::Map{
      {"Capabilities", shared(std::make_shared<Capabilities>())},
      {"Files", shared(std::make_shared<Files>(files))},
      {"Chart", shared(std::make_shared<Metadata>())},
      {"Values", value::Value(value::Map{{"x", 1.0}})},
  });
}

struct Case {
  const char* name;
  const char* text;
  const char* want;  // output, or the whole error text
  bool fails = false;
};

// Produced by a Go 1.19 program declaring the types above with the same methods and data.
const Case kCases[] = {
    {"method with an argument on a named slice",
     R"({{ .Capabilities.APIVersions.Has "apps/v1" }} {{ .Capabilities.APIVersions.Has "x" }})",
     "true false"},
    {"pointer-receiver Stringer prints in an action, fields and methods read",
     "{{ .Capabilities.KubeVersion }}|{{ .Capabilities.KubeVersion.Version }}|{{ "
     ".Capabilities.KubeVersion.Major }}|{{ .Capabilities.KubeVersion.GitVersion }}",
     "v1.35.0|v1.35.0|1|v1.35.0"},
    {"printf sees the struct, not its pointer-receiver Stringer",
     R"({{ printf "%v|%s|%q|%+v|%d" .Capabilities.KubeVersion .Capabilities.KubeVersion .Capabilities.KubeVersion .Capabilities.KubeVersion .Capabilities.KubeVersion }})",
     R"({v1.35.0 1 35}|{v1.35.0 1 35}|{"v1.35.0" "1" "35"}|{Version:v1.35.0 Major:1 Minor:35}|{%!d(string=v1.35.0) %!d(string=1) %!d(string=35)})"},
    {"struct without Stringer prints its fields",
     R"({{ .Capabilities.HelmVersion }}|{{ printf "%+v" .Capabilities.HelmVersion }}|{{ printf "%T" .Capabilities.HelmVersion }})",
     "{v4.1.4 abc}|{Version:v4.1.4 GitCommit:abc}|main.BuildInfo"},
    {"named slice prints, measures, indexes and ranges as its slice",
     R"({{ .Capabilities.APIVersions }}|{{ printf "%T" .Capabilities.APIVersions }}|{{ len .Capabilities.APIVersions }}|{{ index .Capabilities.APIVersions 1 }}|{{ range .Capabilities.APIVersions }}<{{.}}>{{end}})",
     "[v1 apps/v1]|main.VersionSet|2|apps/v1|<v1><apps/v1>"},
    {"named map: method, len, range and printing",
     R"({{ .Files.Get "a.txt" }}|{{ .Files.Get "nope" }}|{{ len .Files }}|{{ .Files }})",
     "A\n||2|map[a.txt:A\n conf/b:B]"},
    {"method returning an object, %T of a named map",
     R"({{ (.Files.Glob "conf/").Get "conf/b" }}|{{ printf "%T" .Files }})", "B|main.files"},
    {"missing key of a named map", R"({{ .Files.nope }})", "<no value>"},
    {"pointer to struct: action prints the struct, printf the pointer",
     R"({{ .Chart.Name }}|{{ .Chart }}|{{ printf "%+v" .Chart }}|{{ printf "%T" .Chart }}|{{ printf "%s" .Chart }}|{{ printf "%v" .Chart.Tags }})",
     "demo|{demo 0.1.0 []}|&{Name:demo Version:0.1.0 Tags:[]}|*main.Metadata|&{demo 0.1.0 []}|[]"},
    {"unknown field of a struct held in an interface",
     "{{ .Chart.Nope }}",
     R"(template: t:1:9: executing "t" at <.Chart.Nope>: can't evaluate field Nope in type interface {})",
     true},
    {"unknown field of a struct field",
     "{{ .Capabilities.KubeVersion.Nope }}",
     R"(template: t:1:16: executing "t" at <.Capabilities.KubeVersion.Nope>: can't evaluate field Nope in type main.KubeVersion)",
     true},
    {"field given arguments",
     R"({{ .Chart.Name "x" }})",
     R"(template: t:1:9: executing "t" at <.Chart.Name>: Name has arguments but cannot be invoked as function)",
     true},
    {"method missing its argument",
     "{{ .Files.Get }}",
     R"(template: t:1:9: executing "t" at <.Files.Get>: wrong number of args for Get: want 1 got 0)",
     true},
    {"method argument of the wrong type",
     "{{ .Files.Get 1 }}",
     R"(template: t:1:14: executing "t" at <1>: expected string; found 1)", true},
    {"structs and pointers are true, named maps when not empty",
     "{{ if .Chart }}t{{end}}{{ if .Capabilities.KubeVersion }}t{{end}}{{ if .Files }}t{{end}}",
     "ttt"},
    {"print and println see the struct",
     "{{ print .Capabilities.KubeVersion 1 }}|{{ println .Capabilities.KubeVersion }}",
     "{v1.35.0 1 35} 1|{v1.35.0 1 35}\n"},
    {"range over a struct",
     "{{ range .Chart }}{{end}}",
     R"(template: t:1:9: executing "t" at <.Chart>: range can't iterate over {demo 0.1.0 []})",
     true},
    {"nested struct fields print without their Stringers",
     "{{ .Capabilities }}", "{[v1 apps/v1] {v1.35.0 1 35} {v4.1.4 abc}}"},
    {"with on a struct", "{{ with .Capabilities.KubeVersion }}{{ .Minor }}{{ end }}", "35"},
    {"method through a variable",
     R"({{ $v := .Capabilities.APIVersions }}{{ $v.Has "v1" }})", "true"},
    {"index of a struct",
     "{{ index .Chart 0 }}",
     R"(template: t:1:3: executing "t" at <index .Chart 0>: error calling index: can't index item of type main.Metadata)",
     true},
};

TEST(TemplateObjects, BehaveAsGoObjects) {
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.name);
    Set set;
    set.parse("t", c.text);
    if (c.fails) {
      try {
        set.execute("t", data());
        ADD_FAILURE() << "no error";
      } catch (const Error& e) {
        EXPECT_EQ(e.what(), std::string(c.want));
      }
    } else {
      EXPECT_EQ(set.execute("t", data()), c.want);
    }
  }
}

TEST(TemplateObjects, EncodeAsTheirData) {
  value::Value d = data();
  EXPECT_EQ(value::to_json(*d.find("Chart")), R"({"name":"demo","version":"0.1.0"})");
  EXPECT_EQ(value::to_yaml(value::Value(value::Map{{"c", *d.find("Chart")}})),
            "c:\n  name: demo\n  version: 0.1.0");
}

}  // namespace
}  // namespace primer::tmpl
