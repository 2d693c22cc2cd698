// The executor: walks a parsed tree against data, as Go's text/template exec.go does.
// All state of one execution lives in an Executor; the trees are only read.

#include <algorithm>
#include <atomic>
#include <exception>
#include <thread>

#include "base/error.h"
#include "charts/template/detail/ast.h"
#include "charts/template/detail/lex.h"
#include "charts/template/detail/parse.h"
#include "charts/template/fmt.h"
#include "charts/template/template.h"

namespace primer::tmpl {
namespace {

using namespace detail;  // NOLINT: the AST vocabulary

std::string_view param_name(Param p) {
  switch (p) {
    case Param::Any:
      return "interface {}";
    case Param::Reflect:
      return "reflect.Value";
    case Param::Bool:
      return "bool";
    case Param::Int:
      return "int";
    case Param::Int64:
      return "int64";
    case Param::Float64:
      return "float64";
    case Param::String:
      return "string";
    case Param::List:
      return "[]interface {}";
    case Param::StringList:
      return "[]string";
    case Param::Map:
      return "map[string]interface {}";
  }
  return "?";
}

bool param_can_be_nil(Param p) {
  return p == Param::Any || p == Param::Reflect || p == Param::List || p == Param::StringList ||
         p == Param::Map;
}

// The nil of a nil-able parameter type.
TValue nil_of(Param p) {
  switch (p) {
    case Param::Any:
      return TValue::nil();
    case Param::List:
      return TValue(GoType::List, value::Value());
    case Param::StringList:
      return TValue(GoType::StringList, value::Value());
    case Param::Map:
      return TValue(GoType::Map, value::Value());
    default:
      return TValue();
  }
}

GoType param_type(Param p) {
  switch (p) {
    case Param::Bool:
      return GoType::Bool;
    case Param::Int:
      return GoType::Int;
    case Param::Int64:
      return GoType::Int64;
    case Param::Float64:
      return GoType::Float64;
    case Param::String:
      return GoType::String;
    case Param::List:
      return GoType::List;
    case Param::StringList:
      return GoType::StringList;
    case Param::Map:
      return GoType::Map;
    default:
      return GoType::Invalid;
  }
}

enum class Flow { Normal, Break, Continue };

class Executor {
 public:
  Executor(const Set& set, const ExecOptions& options, std::string& out)
      : set_(set), funcs_(set.funcs()), options_(options), out_(out), depth_(options.depth) {}

  void run(const Tree& tree, const TValue& dot) {
    char here = 0;
    if (options_.stack_base == 0) options_.stack_base = reinterpret_cast<std::uintptr_t>(&here);
    tree_ = &tree;
    vars_.reserve(8);
    args_.reserve(8);  // grows once or twice rather than from nothing for each call
    vars_.push_back({"$", dot});
    walk(dot, *tree.root);
  }

 private:
  struct Var {
    std::string_view name;  // a view of the tree's text (or "$")
    TValue value;
  };

  // ---- errors ----
  void at(const Node& node) { node_ = &node; }

  [[noreturn]] void errorf(const std::string& message) {
    const std::string& name = tree_->name;
    if (!node_) throw Error("template: " + name + ": " + message);
    std::string_view text = tree_->text;
    std::size_t pos = std::min(node_->pos, text.size());
    // parity: Go's ErrorContext counts the column in bytes from 0.
    std::size_t nl = pos == 0 ? std::string::npos : text.rfind('\n', pos - 1);
    std::size_t col = nl == std::string::npos ? pos : pos - (nl + 1);
    int line = line_of(text, pos);
    std::string location =
        tree_->parse_name + ":" + std::to_string(line) + ":" + std::to_string(col);
    throw Error::wrap("template: " + location, Error("executing " + quote(name) + " at <" +
                                                     to_string(*node_) + ">: " + message));
  }

  // Fails before the C++ stack overflows (the stack grows down on every platform we build).
  void check_stack() {
    char here = 0;
    auto at = reinterpret_cast<std::uintptr_t>(&here);
    if (at < options_.stack_base && options_.stack_base - at > options_.max_stack) {
      errorf("template execution nested too deeply (over " + std::to_string(options_.max_stack) +
             " bytes of stack)");
    }
  }

  void write(std::string_view s) {
    if (out_.size() + s.size() > options_.max_output) {
      errorf("output exceeds the limit of " + std::to_string(options_.max_output) + " bytes");
    }
    out_ += s;
  }

  // ---- variables ----
  std::size_t mark() const { return vars_.size(); }
  void pop(std::size_t m) { vars_.resize(m); }
  // Variables of the template executing are vars_[frame_..]; {{template}} starts a frame.
  void set_var(std::string_view name, const TValue& v) {
    for (std::size_t i = vars_.size(); i-- > frame_;) {
      if (vars_[i].name == name) {
        vars_[i].value = v;
        return;
      }
    }
    errorf("undefined variable: " + std::string(name));
  }
  const TValue& var_value(std::string_view name) {
    for (std::size_t i = vars_.size(); i-- > frame_;) {
      if (vars_[i].name == name) return vars_[i].value;
    }
    errorf("undefined variable: " + std::string(name));
  }

  // ---- walking ----
  void count_step() {
    if (++steps_ > options_.max_steps) {
      errorf("template execution exceeds " + std::to_string(options_.max_steps) + " steps");
    }
  }

  Flow walk(const TValue& dot, const Node& node) {
    at(node);
    check_stack();
    if (node.type != NodeType::List) count_step();
    switch (node.type) {
      case NodeType::Action: {
        const auto& a = static_cast<const ActionNode&>(node);
        TValue v = eval_pipeline(dot, a.pipe);
        if (a.pipe->decl.empty()) print_value(node, v);
        return Flow::Normal;
      }
      case NodeType::Break:
        return Flow::Break;
      case NodeType::Continue:
        return Flow::Continue;
      case NodeType::Comment:
        return Flow::Normal;
      case NodeType::If:
      case NodeType::With:
        return walk_if_or_with(dot, static_cast<const BranchNode&>(node));
      case NodeType::List:
        for (const auto& n : static_cast<const ListNode&>(node).nodes) {
          Flow f = walk(dot, *n);
          if (f != Flow::Normal) return f;
        }
        return Flow::Normal;
      case NodeType::Range:
        return walk_range(dot, static_cast<const BranchNode&>(node));
      case NodeType::Template:
        walk_template(dot, static_cast<const TemplateNode&>(node));
        return Flow::Normal;
      case NodeType::Text:
        write(static_cast<const TextNode&>(node).text);
        return Flow::Normal;
      default:
        errorf("unknown node: " + to_string(node));
    }
  }

  Flow walk_if_or_with(const TValue& dot, const BranchNode& n) {
    std::size_t m = mark();
    TValue v = eval_pipeline(dot, n.pipe);
    Flow f = Flow::Normal;
    if (is_true(v.unboxed())) {
      f = walk(n.type == NodeType::With ? v : dot, *n.list);
    } else if (n.else_list) {
      f = walk(dot, *n.else_list);
    }
    pop(m);
    return f;
  }

  // Returns false when the loop must stop ({{break}}).
  bool one_iteration(const BranchNode& r, std::size_t m, const TValue& index, const TValue& elem) {
    at(r);
    count_step();
    const PipeNode& pipe = *r.pipe;
    if (!pipe.decl.empty()) {
      if (pipe.is_assign) {
        set_var(pipe.decl[0]->ident[0], pipe.decl.size() > 1 ? index : elem);
      } else {
        vars_[vars_.size() - 1].value = elem;
      }
    }
    if (pipe.decl.size() > 1) {
      if (pipe.is_assign) {
        set_var(pipe.decl[1]->ident[0], elem);
      } else {
        vars_[vars_.size() - 2].value = index;
      }
    }
    Flow f = walk(elem, *r.list);
    pop(m);
    return f != Flow::Break;
  }

  Flow walk_range(const TValue& dot, const BranchNode& r) {
    at(r);
    std::size_t outer = mark();
    TValue val = eval_pipeline(dot, r.pipe).unboxed();
    TValue shown = val;
    val = val.underlying();
    std::size_t m = mark();
    bool ran = false;
    if (val.is_list_like() || val.type() == GoType::Bytes) {
      if (!val.value().is_null() && val.value().size() > 0) {
        ran = true;
        if (val.type() == GoType::Bytes) {
          const std::string s = val.value().as_string();
          for (std::size_t i = 0; i < s.size(); ++i) {
            TValue e(GoType::Int, value::Value(static_cast<unsigned char>(s[i])));
            if (!one_iteration(r, m, TValue::go_int(static_cast<std::int64_t>(i)), e)) break;
          }
        } else {
          // Copy the shared list: the body may modify it, and Go ranges over the slice
          // header taken at the start.
          const value::List items = val.value().as_list();
          for (std::size_t i = 0; i < items.size(); ++i) {
            if (!one_iteration(r, m, TValue::go_int(static_cast<std::int64_t>(i)),
                               val.element(items[i]))) {
              break;
            }
          }
        }
      }
    } else if (val.is_map_like()) {
      if (!val.value().is_null() && val.value().size() > 0) {
        ran = true;
        // parity: Go visits map keys in sorted order (internal/fmtsort).
        std::vector<std::pair<std::string, value::Value>> entries(val.value().as_map().begin(),
                                                                  val.value().as_map().end());
        for (const auto& [k, v] : entries) {
          if (!one_iteration(r, m, TValue(GoType::String, value::Value(k)), val.element(v))) break;
        }
      }
    } else if ((val.type() == GoType::Int || val.type() == GoType::Int64) &&
               options_.go_minor >= 24) {
      // parity: Go 1.22+ ranges over an integer n as 0..n-1.
      if (r.pipe->decl.size() > 1) {
        errorf("can't use " + sprint_one(val) + " to iterate over more than one variable");
      }
      std::int64_t n = val.value().as_int();
      for (std::int64_t i = 0; i < n; ++i) {
        ran = true;
        if (!one_iteration(r, m, TValue(), TValue(val.type(), value::Value(i)))) break;
      }
    } else if (val.is_valid()) {
      // parity: Go indirects a pointer first, so a pointer to a struct shows as the struct.
      std::string text;
      append_template_print(text, shown.fmt_arg());
      errorf("range can't iterate over " + text);
    }
    Flow f = Flow::Normal;
    if (!ran && r.else_list) f = walk(dot, *r.else_list);
    pop(outer);
    // parity: Go's walkRange swallows a {{break}} raised in its else branch (it belongs to
    // an enclosing range) while a {{continue}} there reaches the enclosing loop.
    return f == Flow::Continue ? Flow::Continue : Flow::Normal;
  }

  void walk_template(const TValue& dot, const TemplateNode& t) {
    at(t);
    const Tree* callee = set_.find_tree(t.name);
    if (!callee) errorf("template " + quote(t.name) + " not defined");
    if (depth_ >= options_.max_depth) {
      errorf("exceeded maximum template depth (" + std::to_string(options_.max_depth) + ")");
    }
    TValue new_dot = eval_pipeline(dot, t.pipe);
    std::size_t saved_frame = frame_;
    std::size_t m = mark();
    const Tree* saved_tree = tree_;
    frame_ = m;
    vars_.push_back({"$", new_dot});
    tree_ = callee;
    ++depth_;
    walk(new_dot, *callee->root);
    --depth_;
    tree_ = saved_tree;
    pop(m);
    frame_ = saved_frame;
  }

  // ---- evaluation ----
  TValue eval_pipeline(const TValue& dot, const PipeNode* pipe) {
    if (!pipe) return TValue();
    at(*pipe);
    check_stack();
    TValue v;
    bool have = false;
    for (const auto& cmd : pipe->cmds) {
      v = eval_command(dot, *cmd, have ? &v : nullptr);
      have = true;
      // parity: a value of static type interface {} is unwrapped; a nil one becomes invalid.
      if (v.boxed()) v = std::move(v).unboxed();
    }
    for (const auto& var : pipe->decl) {
      if (pipe->is_assign) {
        set_var(var->ident[0], v);
      } else {
        vars_.push_back({var->ident[0], v});
      }
    }
    return v;
  }

  void not_a_function(std::span<Node* const> args, TValue* final) {
    if (args.size() > 1 || final) {
      errorf("can't give argument to non-function " + to_string(*args[0]));
    }
  }

  TValue eval_command(const TValue& dot, const CommandNode& cmd, TValue* final) {
    const Node& first = *cmd.args[0];
    std::span<Node* const> args(cmd.args);
    switch (first.type) {
      case NodeType::Field:
        return eval_field_node(dot, static_cast<const FieldNode&>(first), args, final);
      case NodeType::Chain:
        return eval_chain_node(dot, static_cast<const ChainNode&>(first), args, final);
      case NodeType::Identifier:
        return eval_function(dot, static_cast<const IdentifierNode&>(first), cmd, args, final);
      case NodeType::Pipe:
        not_a_function(args, final);
        return eval_pipeline(dot, static_cast<const PipeNode*>(&first));
      case NodeType::Variable:
        return eval_variable_node(dot, static_cast<const VariableNode&>(first), args, final);
      default:
        break;
    }
    at(first);
    not_a_function(args, final);
    switch (first.type) {
      case NodeType::Bool:
        return TValue(GoType::Bool, static_cast<const BoolNode&>(first).value);
      case NodeType::Dot:
        return dot;
      case NodeType::Nil:
        errorf("nil is not a command");
      case NodeType::Number:
        return ideal_constant(static_cast<const NumberNode&>(first));
      case NodeType::String:
        return TValue(GoType::String, static_cast<const StringNode&>(first).text);
      default:
        errorf("can't evaluate command " + quote(to_string(first)));
    }
  }

  TValue ideal_constant(const NumberNode& n) {
    at(n);
    const Number& num = n.number;
    std::string_view text = n.text;
    bool hex_int = text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X') &&
                   text.find_first_of("pP") == std::string::npos;
    bool rune_int = !text.empty() && text[0] == '\'';
    if (num.is_complex) {
      return TValue(GoType::Complex, value::Value(value::List{num.re, num.im}));
    }
    if (num.is_float && !hex_int && !rune_int && text.find_first_of(".eEpP") != std::string::npos) {
      return TValue(GoType::Float64, value::Value(num.f));
    }
    if (num.is_int) return TValue::go_int(num.i);
    if (num.is_uint) errorf(std::string(text) + " overflows int");
    return TValue();
  }

  TValue eval_field_node(const TValue& dot, const FieldNode& field, std::span<Node* const> args,
                         TValue* final) {
    at(field);
    return eval_field_chain(dot, dot, field, field.ident, args, final);
  }

  TValue eval_chain_node(const TValue& dot, const ChainNode& chain, std::span<Node* const> args,
                         TValue* final) {
    at(chain);
    if (chain.node->type == NodeType::Nil) {
      errorf("indirection through explicit nil in " + to_string(chain));
    }
    TValue pipe = eval_arg(dot, Param::Reflect, *chain.node);
    return eval_field_chain(dot, pipe, chain, chain.fields, args, final);
  }

  TValue eval_variable_node(const TValue& dot, const VariableNode& var, std::span<Node* const> args,
                            TValue* final) {
    at(var);
    if (var.ident.size() == 1) {
      not_a_function(args, final);
      return var_value(var.ident[0]);
    }
    // A copy: evaluating the chain may assign variables (vars_ may grow).
    TValue v = var_value(var.ident[0]);
    return eval_field_chain(dot, v, var, std::span(var.ident).subspan(1), args, final);
  }

  TValue eval_field_chain(const TValue& dot, const TValue& receiver, const Node& node,
                          std::span<const std::string_view> ident, std::span<Node* const> args,
                          TValue* final) {
    std::size_t n = ident.size();
    if (n == 1) return eval_field(dot, ident[0], node, args, final, receiver);
    TValue current = eval_field(dot, ident[0], node, {}, nullptr, receiver);
    for (std::size_t i = 1; i + 1 < n; ++i) {
      current = eval_field(dot, ident[i], node, {}, nullptr, current);
    }
    return eval_field(dot, ident[n - 1], node, args, final, current);
  }

  TValue eval_field(const TValue& dot, std::string_view name, const Node& node,
                    std::span<Node* const> args, TValue* final, const TValue& receiver) {
    if (!receiver.is_valid()) {
      if (options_.missing == MissingKey::Error)
        errorf("nil data; no entry for key " + quote(name));
      return TValue();
    }
    if (receiver.type() == GoType::Nil) {
      errorf("nil pointer evaluating interface {}." + std::string(name));
    }
    bool has_args = args.size() > 1 || final;
    const TValue* data = &receiver;
    TValue underlying;
    if (const Object* object = receiver.object()) {
      if (const Function* m = object->method(name)) {
        return eval_call(dot, *m, node, name, args, final);
      }
      if (auto field = object->field(name)) {
        if (has_args)
          errorf(std::string(name) + " has arguments but cannot be invoked as function");
        return *field;
      }
      underlying = receiver.underlying();
      data = &underlying;
    }
    if (data->is_map_like()) {
      if (has_args) errorf(std::string(name) + " is not a method but has arguments");
      const value::Value* found = data->value().is_null() ? nullptr : data->value().find(name);
      if (found) return data->element(*found);
      switch (options_.missing) {
        case MissingKey::Default:
          return TValue();
        case MissingKey::Zero:
          return data->zero_element();
        case MissingKey::Error:
          errorf("map has no entry for key " + quote(name));
      }
    }
    std::string_view type = receiver.boxed() ? "interface {}" : receiver.type_name();
    errorf("can't evaluate field " + std::string(name) + " in type " + std::string(type));
  }

  TValue eval_function(const TValue& dot, const IdentifierNode& ident, const Node& cmd,
                       std::span<Node* const> args, TValue* final) {
    at(ident);
    const Function* f = ident.fn ? ident.fn : funcs_.find(ident.name);
    if (!f) errorf(quote(ident.name) + " is not a defined function");
    return eval_call(dot, *f, cmd, ident.name, args, final);
  }

  TValue eval_call(const TValue& dot, const Function& fn, const Node& node, std::string_view name,
                   std::span<Node* const> args, TValue* final) {
    if (!args.empty()) args = args.subspan(1);
    const std::vector<Param>& params = fn.signature.params;
    std::size_t num_in = args.size() + (final ? 1 : 0);
    std::size_t num_fixed = args.size();
    if (fn.signature.variadic) {
      num_fixed = params.size() - 1;
      if (num_in < num_fixed) {
        errorf("wrong number of args for " + std::string(name) + ": want at least " +
               std::to_string(params.size() - 1) + " got " + std::to_string(args.size()));
      }
    } else if (num_in != params.size()) {
      errorf("wrong number of args for " + std::string(name) + ": want " +
             std::to_string(params.size()) + " got " + std::to_string(num_in));
    }

    if (fn.special != Function::Special::None) {
      // parity: and/or evaluate their arguments lazily, returning the deciding value.
      bool is_or = fn.special == Function::Special::Or;
      TValue v;
      for (const auto& arg : args) {
        v = eval_arg(dot, Param::Reflect, *arg);
        if (is_true(v.unboxed()) == is_or) return v;
      }
      if (final) v = std::move(*final);
      return v;
    }

    // The arguments go on a stack shared by all calls of this execution (nested calls
    // evaluated for an argument push above and pop back), so that a call allocates nothing.
    struct ArgFrame {
      std::vector<TValue>& stack;
      std::size_t base;
      ~ArgFrame() { stack.resize(base); }
    } frame{args_, args_.size()};
    std::size_t i = 0;
    for (; i < num_fixed && i < args.size(); ++i)
      args_.push_back(eval_arg(dot, params[i], *args[i]));
    if (fn.signature.variadic) {
      for (; i < args.size(); ++i) args_.push_back(eval_arg(dot, params.back(), *args[i]));
    }
    if (final) {
      Param t = params.back();
      if (fn.signature.variadic && num_in - 1 < num_fixed) t = params[num_in - 1];
      args_.push_back(validate_type(std::move(*final), t));  // the pipeline's value, used up
    }
    std::span<const TValue> argv(args_.data() + frame.base, args_.size() - frame.base);
    Call call(set_, tree_->name, name, options_, depth_);
    try {
      return fn.fn(call, argv);
    } catch (const Error& e) {
      at(node);
      errorf("error calling " + std::string(name) + ": " + e.what());
    } catch (const std::exception& e) {
      at(node);
      errorf("error calling " + std::string(name) + ": " + e.what());
    }
  }

  // Takes `v` by value: arguments are mostly fresh results, moved through rather than copied.
  TValue validate_type(TValue v, Param p) {
    if (!v.is_valid()) {
      if (p == Param::Reflect) return v;
      if (param_can_be_nil(p)) return nil_of(p);
      errorf("invalid value; expected " + std::string(param_name(p)));
    }
    if (p == Param::Reflect) return v;
    if (p == Param::Any) return v.type() == GoType::Nil ? v : std::move(v).unboxed();
    if (v.type() == param_type(p)) return std::move(v).unboxed();
    // parity: a named map or slice type is assignable to its unnamed underlying type.
    if (const Object* o = v.object()) {
      if (auto u = o->underlying(); u && u->type() == param_type(p)) return *u;
    }
    if (v.type() == GoType::Nil) {
      errorf("wrong type for value; expected " + std::string(param_name(p)) + "; got interface {}");
    }
    errorf("wrong type for value; expected " + std::string(param_name(p)) + "; got " +
           std::string(v.type_name()));
  }

  TValue eval_arg(const TValue& dot, Param p, const Node& n) {
    at(n);
    switch (n.type) {
      case NodeType::Dot:
        return validate_type(dot, p);
      case NodeType::Nil:
        if (param_can_be_nil(p)) return nil_of(p);
        errorf("cannot assign nil to " + std::string(param_name(p)));
      case NodeType::Field:
        return validate_type(eval_field_node(dot, static_cast<const FieldNode&>(n), {}, nullptr),
                             p);
      case NodeType::Variable:
        return validate_type(
            eval_variable_node(dot, static_cast<const VariableNode&>(n), {}, nullptr), p);
      case NodeType::Pipe:
        return validate_type(eval_pipeline(dot, static_cast<const PipeNode*>(&n)), p);
      case NodeType::Identifier: {
        const auto& id = static_cast<const IdentifierNode&>(n);
        return validate_type(eval_function(dot, id, id, {}, nullptr), p);
      }
      case NodeType::Chain:
        return validate_type(eval_chain_node(dot, static_cast<const ChainNode&>(n), {}, nullptr),
                             p);
      default:
        break;
    }
    switch (p) {
      case Param::Bool:
        if (n.type == NodeType::Bool) {
          return TValue(GoType::Bool, static_cast<const BoolNode&>(n).value);
        }
        errorf("expected bool; found " + to_string(n));
      case Param::Float64:
        if (n.type == NodeType::Number && static_cast<const NumberNode&>(n).number.is_float) {
          return TValue(GoType::Float64, static_cast<const NumberNode&>(n).number.f);
        }
        errorf("expected float; found " + to_string(n));
      case Param::Int:
      case Param::Int64:
        if (n.type == NodeType::Number && static_cast<const NumberNode&>(n).number.is_int) {
          return TValue(param_type(p), static_cast<const NumberNode&>(n).number.i);
        }
        errorf("expected integer; found " + to_string(n));
      case Param::String:
        if (n.type == NodeType::String) {
          return TValue(GoType::String, static_cast<const StringNode&>(n).text);
        }
        errorf("expected string; found " + to_string(n));
      case Param::Any:
      case Param::Reflect:
        return eval_empty_interface(n);
      default:
        errorf("can't handle " + to_string(n) + " for arg of type " + std::string(param_name(p)));
    }
  }

  TValue eval_empty_interface(const Node& n) {
    at(n);
    switch (n.type) {
      case NodeType::Bool:
        return TValue(GoType::Bool, static_cast<const BoolNode&>(n).value);
      case NodeType::Number:
        return ideal_constant(static_cast<const NumberNode&>(n));
      case NodeType::String:
        return TValue(GoType::String, static_cast<const StringNode&>(n).text);
      default:
        errorf("can't handle assignment of " + to_string(n) + " to empty interface argument");
    }
  }

  std::string sprint_one(const TValue& v) {
    FmtArg a = v.fmt_arg();
    return go_sprint(std::span(&a, 1));
  }

  void print_value(const Node& n, const TValue& v) {
    at(n);
    if (!v.is_valid()) {
      write("<no value>");
      return;
    }
    if (v.type() == GoType::String && v.value().is_string()) {
      write(v.value().as_string());
      return;
    }
    std::string s;
    try {
      append_template_print(s, v.fmt_arg());
    } catch (const Error& e) {
      errorf(e.what());
    }
    write(s);
  }

  const Set& set_;
  const Funcs& funcs_;
  ExecOptions options_;  // a copy: stack_base is filled in for nested executions
  std::string& out_;
  const Tree* tree_ = nullptr;
  const Node* node_ = nullptr;
  std::vector<Var> vars_;
  std::size_t frame_ = 0;
  std::vector<TValue> args_;
  int depth_ = 0;
  std::int64_t steps_ = 0;
};

}  // namespace

// ---- Set ----

Set::Set(std::shared_ptr<const Funcs> funcs, std::string root)
    : funcs_(std::move(funcs)), root_(std::move(root)) {}

void Set::parse(std::string_view name, std::string_view text) { parse_text(name, text, false); }

void Set::parse_borrowed(std::string_view name, std::string_view text) {
  parse_text(name, text, true);
}

void Set::parse_text(std::string_view name, std::string_view text, bool borrow) {
  const Funcs& funcs = *funcs_;
  add_trees(detail::parse(
      name, text, [&funcs](std::string_view fn) { return funcs.find(fn); }, borrow));
}

void Set::parse_borrowed_all(std::span<const std::pair<std::string_view, std::string_view>> files) {
  struct Parsed {
    std::vector<std::shared_ptr<Tree>> trees;
    std::exception_ptr error;
  };
  std::vector<Parsed> parsed(files.size());
  std::atomic<std::size_t> next{0};
  const Funcs& funcs = *funcs_;
  auto work = [&] {
    detail::FunctionLookup lookup = [&funcs](std::string_view fn) { return funcs.find(fn); };
    for (std::size_t i; (i = next.fetch_add(1)) < files.size();) {
      try {
        parsed[i].trees = detail::parse(files[i].first, files[i].second, lookup, true);
      } catch (...) {
        parsed[i].error = std::current_exception();
      }
    }
  };
  // A second thread pays off only with enough text to share (thread start costs ~50 us).
  std::size_t bytes = 0;
  for (const auto& file : files) bytes += file.second.size();
  unsigned helpers = bytes > (64u << 10) ? std::min(std::thread::hardware_concurrency(), 4u) : 1;
  std::vector<std::jthread> threads;
  for (unsigned t = 1; t < helpers; ++t) threads.emplace_back(work);
  work();
  threads.clear();  // joins
  for (Parsed& p : parsed) {
    if (p.error) std::rethrow_exception(p.error);
    add_trees(std::move(p.trees));
  }
}

void Set::add_trees(std::vector<std::shared_ptr<Tree>> trees) {
  for (auto& tree : trees) {
    auto it = trees_.find(tree->name);
    // parity: an empty definition does not replace an existing one (template.associate).
    if (it != trees_.end() && detail::is_empty_tree(tree->root)) continue;
    trees_[tree->name] = std::move(tree);
  }
}

std::string Set::execute(std::string_view name, const TValue& dot,
                         const ExecOptions& options) const {
  const Tree* tree = find_tree(name);
  if (!tree) {
    throw Error("template: no template " + detail::quote(name) + " associated with template " +
                detail::quote(root_));
  }
  std::string out;
  // A file's own template mostly copies its text: grow the output once.
  if (tree->name == tree->parse_name) out.reserve(std::min(tree->text.size(), options.max_output));
  Executor(*this, options, out).run(*tree, dot);
  return out;
}

const Tree* Set::find_tree(std::string_view name) const {
  auto it = trees_.find(name);
  return it == trees_.end() ? nullptr : it->second.get();
}

bool Set::has(std::string_view name) const { return trees_.find(name) != trees_.end(); }

std::vector<std::string> Set::names() const {
  std::vector<std::string> out;
  for (const auto& [k, v] : trees_) out.push_back(k);
  return out;
}

}  // namespace primer::tmpl
