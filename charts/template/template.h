// Go text/template for primer: parse once, execute many times against a value::Value.
// Knows nothing about charts, files or Helm; charts/ supplies the text and the functions.
// Parse errors and execution errors are primer::Error, worded byte for byte as Go words them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "charts/template/tvalue.h"
#include "value/value.h"

namespace primer::tmpl {

struct Tree;  // detail/ast.h
class Set;
class Call;

/// Go's Option("missingkey=..."): what a missing map key yields.
enum class MissingKey {
  Default,  // the invalid value (prints <no value>; descending further gives nothing)
  Zero,     // the map's zero element, a nil interface (Helm's choice)
  Error,    // execution error "map has no entry for key"
};

/// The Go type a function parameter has; arguments are checked and converted as Go's
/// reflect-based call does (evalArg / validateType in exec.go).
enum class Param {
  Any,      // interface {}: anything; an invalid value becomes a nil interface
  Reflect,  // reflect.Value (Go's own builtins): the value as is, invalid included
  Bool,
  Int,
  Int64,
  Float64,
  String,
  List,        // []interface {}
  StringList,  // []string
  Map,         // map[string]interface {}
};

/// A function's parameters; when `variadic`, the last one repeats (Go's `...T`).
struct Signature {
  std::vector<Param> params;
  bool variadic = false;
};

/// A template function: receives evaluated, type-checked arguments. Returns its result or
/// throws primer::Error, which the executor reports as "error calling NAME: <what()>".
using Callable = std::function<TValue(Call& call, std::span<const TValue> args)>;

/// A function or method as the executor calls it.
struct Function {
  Signature signature;
  Callable fn;
  enum class Special { None, And, Or } special = Special::None;  // Go's lazy builtins
};

/// name -> function. The constructor registers Go's builtins (and, or, not, len, index,
/// slice, print, printf, println, html, js, urlquery, call, eq, ne, lt, le, gt, ge); add()
/// replaces a builtin of the same name, which then behaves as an ordinary function.
class Funcs {
 public:
  using Func = Function;

  Funcs();
  /// Registers (or replaces) `name`.
  void add(std::string name, Signature signature, Callable fn);
  /// nullptr when `name` is not defined.
  const Func* find(std::string_view name) const;

 private:
  std::map<std::string, Func, std::less<>> funcs_;
};

/// How one execution runs.
struct ExecOptions {
  MissingKey missing = MissingKey::Default;
  /// The Go 1.x release whose text/template to reproduce where releases differ: 1.24 added
  /// {{range}} over integers and named both types in "incompatible types for comparison"
  /// (helm 4.1 is built with Go 1.25, helm 3.17 with Go 1.23).
  int go_minor = 25;
  /// Template invocations ({{template}}) may nest this deep (Go's maxExecDepth).
  int max_depth = 100000;
  /// Nesting already in progress when this execution starts (set by callbacks such as
  /// Helm's include that execute a template from inside a function).
  int depth = 0;
  /// The output may grow to this many bytes; beyond it execution fails.
  std::size_t max_output = std::size_t{256} << 20;
  /// Nodes the execution may visit (loops included), so that a hostile template such as
  /// {{range 1000000000000}} fails instead of running for hours. Go has no such limit.
  std::int64_t max_steps = 200'000'000;
  /// Stack the execution may use, nested executions included: a deep recursion fails with
  /// an error long before Go's depth limit rather than overflowing the C++ stack.
  std::size_t max_stack = std::size_t{2} << 20;
  /// Where the outermost execution's stack started; set by the executor for the options
  /// it hands to functions (Call::options()), 0 otherwise.
  std::uintptr_t stack_base = 0;
  /// Opaque, non-owning per-execution state for the caller's functions (charts/ passes its
  /// render context here; functions read it back through Call::options()).
  void* context = nullptr;
};

/// What a function sees of the execution calling it (the way back into the set).
class Call {
 public:
  Call(const Set& set, std::string_view template_name, std::string_view function_name,
       const ExecOptions& options, int depth)
      : set_(set),
        template_name_(template_name),
        function_name_(function_name),
        options_(options),
        depth_(depth) {}
  /// The set being executed (Helm's include executes other templates of it; tpl copies it).
  const Set& set() const { return set_; }
  /// The name of the template executing (Go's s.tmpl.Name()).
  std::string_view template_name() const { return template_name_; }
  std::string_view function_name() const { return function_name_; }
  const ExecOptions& options() const { return options_; }
  /// Template nesting depth at the call (options().depth plus {{template}} levels).
  int depth() const { return depth_; }

 private:
  const Set& set_;
  std::string_view template_name_;
  std::string_view function_name_;
  const ExecOptions& options_;
  int depth_;
};

/// Named templates, like Go's *template.Template together with its associated templates.
/// Immutable once parsed: execute() may run concurrently; copying is cheap (trees are shared).
class Set {
 public:
  /// A set whose templates may call Go's builtins and the functions of `funcs`.
  /// `root` is the set's own name, as Go's errors name it ("no template %q associated with
  /// template %q"); Helm calls its set "gotpl".
  explicit Set(std::shared_ptr<const Funcs> funcs = std::make_shared<const Funcs>(),
               std::string root = "");

  /// Parses `text` as template `name`, adding each {{define}}/{{block}} in it. A later
  /// definition replaces an earlier one unless its body is empty (space and comments only);
  /// two non-empty definitions of one name in the same text are an error. Throws Error
  /// worded as Go ("template: NAME:LINE: ..."); the set is unchanged then.
  void parse(std::string_view name, std::string_view text);
  /// parse() without copying `text`: the set (and every copy of it) keeps views of it, so
  /// the caller must keep `text` alive and unchanged for as long as any of them is used.
  void parse_borrowed(std::string_view name, std::string_view text);
  /// parse_borrowed() of each (name, text) in order, the parsing spread over the machine's
  /// cores (parsing is pure; definitions are still added in order, so later ones win as
  /// with one-by-one calls). Throws the error of the first file in order that fails; the
  /// set then holds the files before it.
  void parse_borrowed_all(std::span<const std::pair<std::string_view, std::string_view>> files);

  /// Runs template `name` with `dot` as data. Throws Error worded as Go words it.
  std::string execute(std::string_view name, const TValue& dot,
                      const ExecOptions& options = {}) const;
  std::string execute(std::string_view name, const value::Value& dot,
                      const ExecOptions& options = {}) const {
    return execute(name, TValue(dot), options);
  }

  bool has(std::string_view name) const;
  /// The parsed template `name`, or nullptr (for the executor and tests).
  const Tree* find_tree(std::string_view name) const;
  /// The template names, sorted.
  std::vector<std::string> names() const;
  const Funcs& funcs() const { return *funcs_; }

 private:
  void parse_text(std::string_view name, std::string_view text, bool borrow);
  void add_trees(std::vector<std::shared_ptr<Tree>> trees);

  std::shared_ptr<const Funcs> funcs_;
  std::string root_;
  std::map<std::string, std::shared_ptr<const Tree>, std::less<>> trees_;
};

}  // namespace primer::tmpl
