// The parsed form of a template: Go's text/template/parse nodes. Immutable after parsing;
// nodes keep a byte offset, and line/column are worked out from the tree's text on error.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "charts/template/detail/text.h"

namespace primer::tmpl {

namespace detail {

enum class NodeType {
  Text, Action, Bool, Chain, Command, Dot, Field, Identifier, If, List, Nil, Number, Pipe,
  Range, String, Template, Variable, With, Comment, Break, Continue,
  End, Else,  // only while parsing
};

struct Node {
  Node(NodeType t, std::size_t p) : type(t), pos(p) {}
  virtual ~Node() = default;
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;
  const NodeType type;
  const std::size_t pos;
};

using NodePtr = std::unique_ptr<Node>;

struct ListNode : Node {
  explicit ListNode(std::size_t p) : Node(NodeType::List, p) {}
  std::vector<NodePtr> nodes;
};

// Its bytes are a view into the text the tree was parsed from (Tree::text keeps it alive):
// charts carry megabytes of plain text (CRDs), not worth a copy per parse.
struct TextNode : Node {
  TextNode(std::size_t p, std::string_view t) : Node(NodeType::Text, p), text(t) {}
  std::string_view text;
};

struct VariableNode : Node {
  VariableNode(std::size_t p, std::vector<std::string> i)
      : Node(NodeType::Variable, p), ident(std::move(i)) {}
  std::vector<std::string> ident;  // "$x" then field names
};

struct CommandNode : Node {
  explicit CommandNode(std::size_t p) : Node(NodeType::Command, p) {}
  std::vector<NodePtr> args;
};

struct PipeNode : Node {
  explicit PipeNode(std::size_t p) : Node(NodeType::Pipe, p) {}
  bool is_assign = false;
  std::vector<std::unique_ptr<VariableNode>> decl;
  std::vector<std::unique_ptr<CommandNode>> cmds;
};

struct ActionNode : Node {
  ActionNode(std::size_t p, std::unique_ptr<PipeNode> pp)
      : Node(NodeType::Action, p), pipe(std::move(pp)) {}
  std::unique_ptr<PipeNode> pipe;
};

struct IdentifierNode : Node {
  IdentifierNode(std::size_t p, std::string n) : Node(NodeType::Identifier, p), name(std::move(n)) {}
  std::string name;
};

struct FieldNode : Node {
  FieldNode(std::size_t p, std::vector<std::string> i)
      : Node(NodeType::Field, p), ident(std::move(i)) {}
  std::vector<std::string> ident;  // without the dots
};

struct ChainNode : Node {
  ChainNode(std::size_t p, NodePtr n) : Node(NodeType::Chain, p), node(std::move(n)) {}
  NodePtr node;
  std::vector<std::string> fields;
};

struct BoolNode : Node {
  BoolNode(std::size_t p, bool v) : Node(NodeType::Bool, p), value(v) {}
  bool value;
};

struct NumberNode : Node {
  NumberNode(std::size_t p, std::string t, Number n)
      : Node(NodeType::Number, p), text(std::move(t)), number(n) {}
  std::string text;  // as written
  Number number;
};

struct StringNode : Node {
  StringNode(std::size_t p, std::string q, std::string t)
      : Node(NodeType::String, p), quoted(std::move(q)), text(std::move(t)) {}
  std::string quoted;  // as written
  std::string text;    // unquoted
};

// If, Range and With share a shape (Go's BranchNode).
struct BranchNode : Node {
  BranchNode(NodeType t, std::size_t p) : Node(t, p) {}
  std::unique_ptr<PipeNode> pipe;
  std::unique_ptr<ListNode> list;
  std::unique_ptr<ListNode> else_list;  // may be null
};

struct TemplateNode : Node {
  TemplateNode(std::size_t p, std::string n, std::unique_ptr<PipeNode> pp)
      : Node(NodeType::Template, p), name(std::move(n)), pipe(std::move(pp)) {}
  std::string name;
  std::unique_ptr<PipeNode> pipe;  // may be null
};

struct CommentNode : Node {
  CommentNode(std::size_t p, std::string t) : Node(NodeType::Comment, p), text(std::move(t)) {}
  std::string text;
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
  std::shared_ptr<const std::string> text;  // that whole text, shared by its trees
  std::unique_ptr<detail::ListNode> root;
};

}  // namespace primer::tmpl
