// The parsed form of a template: Go's text/template/parse nodes. Immutable after parsing;
// nodes keep a byte offset, and line/column are worked out from the tree's text on error.
#pragma once

#include <algorithm>
#include <cstddef>
#include <memory>
#include <memory_resource>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "charts/template/detail/text.h"

namespace primer::tmpl {

struct Function;  // template.h

namespace detail {

enum class NodeType {
  Text,
  Action,
  Bool,
  Chain,
  Command,
  Dot,
  Field,
  Identifier,
  If,
  List,
  Nil,
  Number,
  Pipe,
  Range,
  String,
  Template,
  Variable,
  With,
  Comment,
  Break,
  Continue,
  End,
  Else,  // only while parsing
};

// Nodes live in an Arena shared by the trees of one parsed text and are never destroyed one
// by one: they hold views (of the tree's text or of arena memory), arena-backed vectors and
// pointers to other nodes of the same arena. Parsing a chart makes tens of thousands of them.
class Arena {
 public:
  explicit Arena(std::size_t initial_bytes) : memory_(initial_bytes) {}
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;

  template <class T, class... Args>
  T* make(Args&&... args) {
    return std::pmr::polymorphic_allocator<>(&memory_).new_object<T>(std::forward<Args>(args)...);
  }
  std::pmr::memory_resource* resource() { return &memory_; }
  /// `s` copied into the arena.
  std::string_view copy(std::string_view s) {
    if (s.empty()) return {};
    char* p = static_cast<char*>(memory_.allocate(s.size(), 1));
    std::copy(s.begin(), s.end(), p);
    return {p, s.size()};
  }

 private:
  std::pmr::monotonic_buffer_resource memory_;
};

template <class T>
using ArenaVector = std::pmr::vector<T>;

struct Node {
  Node(NodeType t, std::size_t p) : type(t), pos(p) {}
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;
  const NodeType type;
  const std::size_t pos;
};

struct ListNode : Node {
  ListNode(std::size_t p, Arena& a) : Node(NodeType::List, p), nodes(a.resource()) {}
  ArenaVector<Node*> nodes;
};

// Its bytes are a view into the text the tree was parsed from (Tree::text keeps it alive):
// charts carry megabytes of plain text (CRDs), not worth a copy per parse.
struct TextNode : Node {
  TextNode(std::size_t p, std::string_view t) : Node(NodeType::Text, p), text(t) {}
  std::string_view text;
};

struct VariableNode : Node {
  VariableNode(std::size_t p, ArenaVector<std::string_view> i)
      : Node(NodeType::Variable, p), ident(std::move(i)) {}
  ArenaVector<std::string_view> ident;  // "$x" then field names
};

struct CommandNode : Node {
  CommandNode(std::size_t p, Arena& a) : Node(NodeType::Command, p), args(a.resource()) {}
  ArenaVector<Node*> args;
};

struct PipeNode : Node {
  PipeNode(std::size_t p, Arena& a)
      : Node(NodeType::Pipe, p), decl(a.resource()), cmds(a.resource()) {}
  bool is_assign = false;
  ArenaVector<VariableNode*> decl;
  ArenaVector<CommandNode*> cmds;
};

struct ActionNode : Node {
  ActionNode(std::size_t p, PipeNode* pp) : Node(NodeType::Action, p), pipe(pp) {}
  PipeNode* pipe;
};

struct IdentifierNode : Node {
  IdentifierNode(std::size_t p, std::string_view n) : Node(NodeType::Identifier, p), name(n) {}
  std::string_view name;
  const Function* fn = nullptr;  // resolved by the parser (the set's Funcs own it)
};

struct FieldNode : Node {
  FieldNode(std::size_t p, ArenaVector<std::string_view> i)
      : Node(NodeType::Field, p), ident(std::move(i)) {}
  ArenaVector<std::string_view> ident;  // without the dots
};

struct ChainNode : Node {
  ChainNode(std::size_t p, Node* n, Arena& a)
      : Node(NodeType::Chain, p), node(n), fields(a.resource()) {}
  Node* node;
  ArenaVector<std::string_view> fields;
};

struct BoolNode : Node {
  BoolNode(std::size_t p, bool v) : Node(NodeType::Bool, p), value(v) {}
  bool value;
};

struct NumberNode : Node {
  NumberNode(std::size_t p, std::string_view t, Number n)
      : Node(NodeType::Number, p), text(t), number(n) {}
  std::string_view text;  // as written
  Number number;
};

struct StringNode : Node {
  StringNode(std::size_t p, std::string_view q, std::string_view t)
      : Node(NodeType::String, p), quoted(q), text(t) {}
  std::string_view quoted;  // as written
  std::string_view text;    // unquoted
};

// If, Range and With share a shape (Go's BranchNode).
struct BranchNode : Node {
  BranchNode(NodeType t, std::size_t p) : Node(t, p) {}
  PipeNode* pipe = nullptr;
  ListNode* list = nullptr;
  ListNode* else_list = nullptr;  // may be null
};

struct TemplateNode : Node {
  TemplateNode(std::size_t p, std::string_view n, PipeNode* pp)
      : Node(NodeType::Template, p), name(n), pipe(pp) {}
  std::string_view name;
  PipeNode* pipe;  // may be null
};

struct CommentNode : Node {
  CommentNode(std::size_t p, std::string_view t) : Node(NodeType::Comment, p), text(t) {}
  std::string_view text;
};

/// Go's Node.String(): how error contexts show a node ("<.Values.x>").
std::string to_string(const Node& node);

/// Go's parse.IsEmptyTree: only space text and comments.
bool is_empty_tree(const Node* node);

}  // namespace detail

/// One named template.
struct Tree {
  std::string name;        // the template's name ({{define}} name or the parsed name)
  std::string parse_name;  // the name of the text it was parsed from (errors say NAME:LINE)
  std::string_view text;   // that whole text, shared by its trees
  std::shared_ptr<const std::string> owned_text;  // its owner (null: the caller keeps it)
  std::shared_ptr<detail::Arena> arena;           // holds every node; shared by those trees
  detail::ListNode* root = nullptr;
};

}  // namespace primer::tmpl
