#include "charts/template/detail/parse.h"

#include <algorithm>
#include <map>

#include "base/error.h"
#include "charts/template/detail/lex.h"

namespace primer::tmpl::detail {
namespace {

// The parser state Go keeps per Tree (a {{define}} or {{block}} body gets its own).
struct Scope {
  std::vector<std::string_view> vars{"$"};  // views of the parsed text
  int range_depth = 0;
  // Where the action being parsed starts (npos outside actions); its line is computed only
  // for an error message, as counting lines per action is quadratic in the text size.
  std::size_t action_pos = std::string::npos;
};

class Parser {
 public:
  Parser(std::string_view name, std::string_view text, const FunctionLookup& find_function,
         bool borrow)
      : name_(name),
        owned_text_(borrow ? nullptr : std::make_shared<const std::string>(text)),
        text_(borrow ? text : std::string_view(*owned_text_)),
        find_function_(find_function) {
    LexOptions lo;
    lo.break_ok = !find_function("break");
    lo.continue_ok = !find_function("continue");
    tokens_ = lex(text_, lo);
    // Roughly what the nodes of this many tokens take, so that most texts need one block.
    arena_ = std::make_shared<Arena>(tokens_.items.size() * 40 + 256);
  }

  std::vector<std::shared_ptr<Tree>> run() {
    auto main = new_tree(name_);
    main->root = arena_->make<ListNode>(peek().pos, *arena_);
    while (peek().type != Tok::Eof) {
      if (peek().type == Tok::LeftDelim) {
        std::size_t mark = i_;
        next();
        if (next_non_space().type == Tok::Define) {
          Scope saved = std::exchange(scope_, Scope{});
          parse_definition();
          scope_ = std::move(saved);
          continue;
        }
        i_ = mark;
      }
      Node* n = text_or_action();
      if (n->type == NodeType::End || n->type == NodeType::Else) {
        errorf("unexpected " + to_string(*n));
      }
      main->root->nodes.push_back(n);
    }
    add(main);
    std::vector<std::shared_ptr<Tree>> out;
    for (auto& [k, t] : set_) out.push_back(std::move(t));
    return out;
  }

 private:
  // ---- tokens ----
  // Past the end, next() keeps returning the final token (Eof or Error).
  const Token& next() {
    std::size_t at = std::min(i_, tokens_.items.size() - 1);
    max_seen_ = std::max(max_seen_, at);
    ++i_;
    return tokens_.items[at];
  }
  void backup() { --i_; }
  const Token& peek() {
    const Token& t = next();
    backup();
    return t;
  }
  const Token& next_non_space() {
    for (;;) {
      const Token& t = next();
      if (t.type != Tok::Space) return t;
    }
  }
  const Token& peek_non_space() {
    const Token& t = next_non_space();
    backup();
    return t;
  }

  // ---- errors ----
  [[noreturn]] void errorf(const std::string& message) {
    int line = line_of(text_, tokens_.items[max_seen_].pos);
    throw Error::wrap("template", Error(Where{name_, line, 0}, message));
  }
  [[noreturn]] void unexpected(const Token& tok, std::string_view context) {
    if (tok.type == Tok::Error) {
      std::string extra;
      int line = line_of(text_, tok.pos);
      int action_line =
          scope_.action_pos == std::string::npos ? 0 : line_of(text_, scope_.action_pos);
      if (action_line != 0 && action_line != line) {
        extra = " in action started at " + name_ + ":" + std::to_string(action_line);
        if (tok.text.ends_with(" action")) extra = extra.substr(std::string(" in action").size());
      }
      errorf(std::string(tok.text) + extra);
    }
    errorf("unexpected " + describe(tok) + " in " + std::string(context));
  }
  const Token& expect(Tok type, std::string_view context) {
    const Token& t = next_non_space();
    if (t.type != type) unexpected(t, context);
    return t;
  }

  std::shared_ptr<Tree> new_tree(std::string name) {
    auto t = std::make_shared<Tree>();
    t->name = std::move(name);
    t->parse_name = name_;
    t->text = text_;
    t->owned_text = owned_text_;
    t->arena = arena_;
    return t;
  }

  void add(const std::shared_ptr<Tree>& tree) {
    auto it = set_.find(tree->name);
    if (it == set_.end() || is_empty_tree(it->second->root)) {
      set_[tree->name] = tree;
      return;
    }
    if (!is_empty_tree(tree->root)) {
      errorf("template: multiple definition of template " + quote(tree->name));
    }
  }

  struct DepthGuard {
    explicit DepthGuard(Parser& p) : p(p) {
      if (++p.depth_ > kMaxParseDepth) {
        p.errorf("template nested too deeply (more than " + std::to_string(kMaxParseDepth) +
                 " levels)");
      }
    }
    ~DepthGuard() { --p.depth_; }
    Parser& p;
  };

  // "a.b.c" as its parts (views of the text).
  ArenaVector<std::string_view> split_dots(std::string_view s) {
    ArenaVector<std::string_view> out(arena_->resource());
    out.reserve(static_cast<std::size_t>(std::count(s.begin(), s.end(), '.')) + 1);
    std::size_t start = 0;
    for (;;) {
      std::size_t at = s.find('.', start);
      out.push_back(s.substr(start, at == std::string_view::npos ? s.npos : at - start));
      if (at == std::string_view::npos) break;
      start = at + 1;
    }
    return out;
  }

  // The unquoted text of a string literal: a view of the text when unquoting changes nothing
  // but the quotes (the usual case), else a copy in the arena.
  std::optional<std::string_view> unquoted(std::string_view literal) {
    if (literal.size() >= 2) {
      // parity: strconv.Unquote returns the body as is when it has nothing to interpret: a
      // raw string without carriage returns, or a quoted one of plain ASCII (no escapes).
      std::string_view body = literal.substr(1, literal.size() - 2);
      char q = literal.front();
      if (q == '`' && literal.back() == '`' && body.find_first_of("`\r") == body.npos) return body;
      if (q == '"' && literal.back() == '"' && std::all_of(body.begin(), body.end(), [](char c) {
            return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
          })) {
        return body;
      }
    }
    std::optional<std::string> s = unquote(literal);
    if (!s) return std::nullopt;
    std::string_view inner = literal.substr(1, literal.size() - 2);
    if (*s == inner) return inner;
    return arena_->copy(*s);
  }

  // ---- grammar ----
  void parse_definition() {
    constexpr std::string_view kContext = "define clause";
    const Token& name_tok = next_non_space();
    if (name_tok.type != Tok::String && name_tok.type != Tok::RawString) {
      unexpected(name_tok, kContext);
    }
    auto name = unquote(name_tok.text);
    if (!name) errorf("invalid syntax");
    expect(Tok::RightDelim, kContext);
    auto tree = new_tree(*name);
    auto [list, end] = item_list();
    tree->root = list;
    if (end->type != NodeType::End) {
      errorf("unexpected " + to_string(*end) + " in " + std::string(kContext));
    }
    add(tree);
  }

  std::pair<ListNode*, Node*> item_list() {
    DepthGuard guard(*this);
    auto* list = arena_->make<ListNode>(peek_non_space().pos, *arena_);
    while (peek_non_space().type != Tok::Eof) {
      Node* n = text_or_action();
      if (n->type == NodeType::End || n->type == NodeType::Else) return {list, n};
      list->nodes.push_back(n);
    }
    errorf("unexpected EOF");
  }

  Node* text_or_action() {
    const Token& tok = next_non_space();
    switch (tok.type) {
      case Tok::Text:
        return arena_->make<TextNode>(tok.pos, tok.text);
      case Tok::LeftDelim: {
        scope_.action_pos = tok.pos;
        Node* n = action();
        scope_.action_pos = std::string::npos;
        return n;
      }
      default:
        unexpected(tok, "input");
    }
  }

  Node* action() {
    const Token& tok = next_non_space();
    switch (tok.type) {
      case Tok::Block:
        return block_control();
      case Tok::Break:
        return loop_control(tok.pos, NodeType::Break, "{{break}}");
      case Tok::Continue:
        return loop_control(tok.pos, NodeType::Continue, "{{continue}}");
      case Tok::Else:
        return else_control();
      case Tok::End:
        return arena_->make<Node>(NodeType::End, expect(Tok::RightDelim, "end").pos);
      case Tok::If:
        return control(NodeType::If);
      case Tok::Range:
        return control(NodeType::Range);
      case Tok::Template:
        return template_control();
      case Tok::With:
        return control(NodeType::With);
      default:
        break;
    }
    backup();
    std::size_t pos = peek().pos;
    return arena_->make<ActionNode>(pos, pipeline("command", Tok::RightDelim));
  }

  Node* loop_control(std::size_t pos, NodeType type, std::string_view what) {
    const Token& tok = next_non_space();
    if (tok.type != Tok::RightDelim) unexpected(tok, what);
    if (scope_.range_depth == 0) errorf(std::string(what) + " outside {{range}}");
    return arena_->make<Node>(type, pos);
  }

  Node* else_control() {
    const Token& peeked = peek_non_space();
    // parity: "{{else if" and (Go 1.23+) "{{else with" read as {{else}}{{if ...
    if (peeked.type == Tok::If || peeked.type == Tok::With) {
      return arena_->make<Node>(NodeType::Else, peeked.pos);
    }
    return arena_->make<Node>(NodeType::Else, expect(Tok::RightDelim, "else").pos);
  }

  BranchNode* control(NodeType type) {
    std::string_view context = type == NodeType::If      ? "if"
                               : type == NodeType::Range ? "range"
                                                         : "with";
    std::size_t saved_vars = scope_.vars.size();
    PipeNode* pipe = pipeline(context, Tok::RightDelim);
    if (type == NodeType::Range) ++scope_.range_depth;
    auto [list, next_node] = item_list();
    if (type == NodeType::Range) --scope_.range_depth;
    ListNode* else_list = nullptr;
    if (next_node->type == NodeType::Else) {
      Tok chained = type == NodeType::If ? Tok::If : type == NodeType::With ? Tok::With : Tok::Eof;
      if (chained != Tok::Eof && peek().type == chained) {
        next();
        else_list = arena_->make<ListNode>(next_node->pos, *arena_);
        else_list->nodes.push_back(control(type));
      } else {
        auto [elist, end] = item_list();
        else_list = elist;
        if (end->type != NodeType::End) errorf("expected end; found " + to_string(*end));
      }
    }
    scope_.vars.resize(saved_vars);
    auto* node = arena_->make<BranchNode>(type, pipe->pos);
    node->pipe = pipe;
    node->list = list;
    node->else_list = else_list;
    return node;
  }

  std::string_view template_name(const Token& tok, std::string_view context) {
    if (tok.type != Tok::String && tok.type != Tok::RawString) unexpected(tok, context);
    auto s = unquoted(tok.text);
    if (!s) errorf("invalid syntax");
    return *s;
  }

  Node* block_control() {
    constexpr std::string_view kContext = "block clause";
    const Token& tok = next_non_space();
    std::size_t pos = tok.pos;
    std::string_view name = template_name(tok, kContext);
    PipeNode* pipe = pipeline(kContext, Tok::RightDelim);
    Scope saved = std::exchange(scope_, Scope{});
    auto tree = new_tree(std::string(name));
    auto [list, end] = item_list();
    tree->root = list;
    scope_ = std::move(saved);
    if (end->type != NodeType::End) {
      errorf("unexpected " + to_string(*end) + " in " + std::string(kContext));
    }
    add(tree);
    return arena_->make<TemplateNode>(pos, name, pipe);
  }

  Node* template_control() {
    constexpr std::string_view kContext = "template clause";
    const Token& tok = next_non_space();
    std::size_t pos = tok.pos;
    std::string_view name = template_name(tok, kContext);
    PipeNode* pipe = nullptr;
    if (next_non_space().type != Tok::RightDelim) {
      backup();
      pipe = pipeline(kContext, Tok::RightDelim);
    }
    return arena_->make<TemplateNode>(pos, name, pipe);
  }

  PipeNode* pipeline(std::string_view context, Tok end) {
    DepthGuard guard(*this);
    auto* pipe = arena_->make<PipeNode>(peek_non_space().pos, *arena_);
    for (;;) {  // declarations
      const Token& v = peek_non_space();
      if (v.type != Tok::Variable) break;
      std::size_t mark = i_;  // at v
      next();
      Token var = v;  // a view: cheap
      const Token& nxt = peek_non_space();
      if (nxt.type == Tok::Assign || nxt.type == Tok::Declare) {
        pipe->is_assign = nxt.type == Tok::Assign;
        next_non_space();
        pipe->decl.push_back(arena_->make<VariableNode>(var.pos, split_dots(var.text)));
        scope_.vars.push_back(var.text);
        break;
      }
      if (nxt.type == Tok::Char && nxt.text == ",") {
        next_non_space();
        pipe->decl.push_back(arena_->make<VariableNode>(var.pos, split_dots(var.text)));
        scope_.vars.push_back(var.text);
        if (context == "range" && pipe->decl.size() < 2) {
          Tok t = peek_non_space().type;
          if (t == Tok::Variable || t == Tok::RightDelim || t == Tok::RightParen) continue;
          errorf("range can only initialize variables");
        }
        errorf("too many declarations in " + std::string(context));
      }
      i_ = mark;
      break;
    }
    for (;;) {
      const Token& tok = next_non_space();
      if (tok.type == end) {
        check_pipeline(*pipe, context);
        return pipe;
      }
      switch (tok.type) {
        case Tok::Bool:
        case Tok::CharConstant:
        case Tok::Complex:
        case Tok::Dot:
        case Tok::Field:
        case Tok::Identifier:
        case Tok::Number:
        case Tok::Nil:
        case Tok::RawString:
        case Tok::String:
        case Tok::Variable:
        case Tok::LeftParen:
          backup();
          pipe->cmds.push_back(command());
          break;
        default:
          unexpected(tok, context);
      }
    }
  }

  void check_pipeline(const PipeNode& pipe, std::string_view context) {
    if (pipe.cmds.empty()) errorf("missing value for " + std::string(context));
    for (std::size_t i = 1; i < pipe.cmds.size(); ++i) {
      switch (pipe.cmds[i]->args[0]->type) {
        case NodeType::Bool:
        case NodeType::Dot:
        case NodeType::Nil:
        case NodeType::Number:
        case NodeType::String:
          errorf("non executable command in pipeline stage " + std::to_string(i + 1));
        default:
          break;
      }
    }
  }

  CommandNode* command() {
    auto* cmd = arena_->make<CommandNode>(peek_non_space().pos, *arena_);
    for (;;) {
      peek_non_space();
      if (Node* operand = this->operand()) cmd->args.push_back(operand);
      const Token& tok = next();
      if (tok.type == Tok::Space) continue;
      if (tok.type == Tok::RightDelim || tok.type == Tok::RightParen) {
        backup();
      } else if (tok.type != Tok::Pipe) {
        unexpected(tok, "operand");
      }
      break;
    }
    if (cmd->args.empty()) errorf("empty command");
    return cmd;
  }

  Node* operand() {
    Node* node = term();
    if (!node) return nullptr;
    if (peek().type != Tok::Field) return node;
    std::size_t pos = peek().pos;
    ArenaVector<std::string_view> fields(arena_->resource());
    while (peek().type == Tok::Field) fields.push_back(next().text.substr(1));
    switch (node->type) {
      case NodeType::Field: {
        auto& f = static_cast<FieldNode&>(*node);
        ArenaVector<std::string_view> ident = std::move(f.ident);
        ident.insert(ident.end(), fields.begin(), fields.end());
        return arena_->make<FieldNode>(pos, std::move(ident));
      }
      case NodeType::Variable: {
        auto& v = static_cast<VariableNode&>(*node);
        ArenaVector<std::string_view> ident = std::move(v.ident);
        ident.insert(ident.end(), fields.begin(), fields.end());
        return arena_->make<VariableNode>(pos, std::move(ident));
      }
      case NodeType::Bool:
      case NodeType::String:
      case NodeType::Number:
      case NodeType::Nil:
      case NodeType::Dot:
        errorf("unexpected . after term " + quote(to_string(*node)));
      default: {
        auto* chain = arena_->make<ChainNode>(pos, node, *arena_);
        chain->fields = std::move(fields);
        return chain;
      }
    }
  }

  Node* term() {
    const Token& tok = next_non_space();
    switch (tok.type) {
      case Tok::Identifier: {
        const Function* fn = find_function_(tok.text);
        if (!fn) errorf("function " + quote(tok.text) + " not defined");
        auto* id = arena_->make<IdentifierNode>(tok.pos, tok.text);
        id->fn = fn;
        return id;
      }
      case Tok::Dot:
        return arena_->make<Node>(NodeType::Dot, tok.pos);
      case Tok::Nil:
        return arena_->make<Node>(NodeType::Nil, tok.pos);
      case Tok::Variable: {
        auto* v = arena_->make<VariableNode>(tok.pos, split_dots(tok.text));
        if (std::find(scope_.vars.begin(), scope_.vars.end(), v->ident[0]) == scope_.vars.end()) {
          errorf("undefined variable " + quote(v->ident[0]));
        }
        return v;
      }
      case Tok::Field:
        return arena_->make<FieldNode>(tok.pos, split_dots(tok.text.substr(1)));
      case Tok::Bool:
        return arena_->make<BoolNode>(tok.pos, tok.text == "true");
      case Tok::CharConstant:
      case Tok::Complex:
      case Tok::Number: {
        std::string error;
        std::optional<Number> n = tok.type == Tok::CharConstant
                                      ? parse_char_constant(tok.text, &error)
                                      : parse_number(tok.text, tok.type == Tok::Complex, &error);
        if (!n) errorf(error);
        return arena_->make<NumberNode>(tok.pos, tok.text, *n);
      }
      case Tok::LeftParen:
        return pipeline("parenthesized pipeline", Tok::RightParen);
      case Tok::String:
      case Tok::RawString: {
        auto s = unquoted(tok.text);
        if (!s) errorf("invalid syntax");
        return arena_->make<StringNode>(tok.pos, tok.text, *s);
      }
      default:
        backup();
        return nullptr;
    }
  }

  std::string name_;
  std::shared_ptr<const std::string> owned_text_;  // null when the caller keeps the text
  std::string_view text_;
  const FunctionLookup& find_function_;
  Tokens tokens_;
  std::shared_ptr<Arena> arena_;
  std::size_t i_ = 0;
  std::size_t max_seen_ = 0;
  Scope scope_;
  int depth_ = 0;
  std::map<std::string, std::shared_ptr<Tree>> set_;
};

void write(std::string& out, const Node& n);

void write_pipe(std::string& out, const PipeNode& p) {
  for (std::size_t i = 0; i < p.decl.size(); ++i) {
    if (i) out += ", ";
    write(out, *p.decl[i]);
  }
  if (!p.decl.empty()) out += " := ";
  for (std::size_t i = 0; i < p.cmds.size(); ++i) {
    if (i) out += " | ";
    write(out, *p.cmds[i]);
  }
}

void write_branch(std::string& out, const BranchNode& b, std::string_view kw) {
  out += "{{";
  out += kw;
  out += ' ';
  write_pipe(out, *b.pipe);
  out += "}}";
  write(out, *b.list);
  if (b.else_list) {
    out += "{{else}}";
    write(out, *b.else_list);
  }
  out += "{{end}}";
}

void write(std::string& out, const Node& n) {
  switch (n.type) {
    case NodeType::Text:
      out += static_cast<const TextNode&>(n).text;
      break;
    case NodeType::Comment:
      out += "{{";
      out += static_cast<const CommentNode&>(n).text;
      out += "}}";
      break;
    case NodeType::Action:
      out += "{{";
      write_pipe(out, *static_cast<const ActionNode&>(n).pipe);
      out += "}}";
      break;
    case NodeType::Bool:
      out += static_cast<const BoolNode&>(n).value ? "true" : "false";
      break;
    case NodeType::Chain: {
      const auto& c = static_cast<const ChainNode&>(n);
      if (c.node->type == NodeType::Pipe) {
        out += '(';
        write(out, *c.node);
        out += ')';
      } else {
        write(out, *c.node);
      }
      for (std::string_view f : c.fields) {
        out += '.';
        out += f;
      }
      break;
    }
    case NodeType::Command: {
      const auto& c = static_cast<const CommandNode&>(n);
      for (std::size_t i = 0; i < c.args.size(); ++i) {
        if (i) out += ' ';
        if (c.args[i]->type == NodeType::Pipe) {
          out += '(';
          write(out, *c.args[i]);
          out += ')';
        } else {
          write(out, *c.args[i]);
        }
      }
      break;
    }
    case NodeType::Dot:
      out += '.';
      break;
    case NodeType::Field:
      for (std::string_view f : static_cast<const FieldNode&>(n).ident) {
        out += '.';
        out += f;
      }
      break;
    case NodeType::Identifier:
      out += static_cast<const IdentifierNode&>(n).name;
      break;
    case NodeType::If:
      write_branch(out, static_cast<const BranchNode&>(n), "if");
      break;
    case NodeType::Range:
      write_branch(out, static_cast<const BranchNode&>(n), "range");
      break;
    case NodeType::With:
      write_branch(out, static_cast<const BranchNode&>(n), "with");
      break;
    case NodeType::List:
      for (const Node* c : static_cast<const ListNode&>(n).nodes) write(out, *c);
      break;
    case NodeType::Nil:
      out += "nil";
      break;
    case NodeType::Number:
      out += static_cast<const NumberNode&>(n).text;
      break;
    case NodeType::Pipe:
      write_pipe(out, static_cast<const PipeNode&>(n));
      break;
    case NodeType::String:
      out += static_cast<const StringNode&>(n).quoted;
      break;
    case NodeType::Template: {
      const auto& t = static_cast<const TemplateNode&>(n);
      out += "{{template " + quote(t.name);
      if (t.pipe) {
        out += ' ';
        write_pipe(out, *t.pipe);
      }
      out += "}}";
      break;
    }
    case NodeType::Variable: {
      const auto& v = static_cast<const VariableNode&>(n);
      for (std::size_t i = 0; i < v.ident.size(); ++i) {
        if (i) out += '.';
        out += v.ident[i];
      }
      break;
    }
    case NodeType::Break:
      out += "{{break}}";
      break;
    case NodeType::Continue:
      out += "{{continue}}";
      break;
    case NodeType::End:
      out += "{{end}}";
      break;
    case NodeType::Else:
      out += "{{else}}";
      break;
  }
}

bool is_unicode_space_only(std::string_view s) {
  // bytes.TrimSpace: ASCII white space plus Unicode White_Space (U+0085, U+00A0, ...).
  for (std::size_t i = 0; i < s.size();) {
    auto [r, w] = decode_rune(s.substr(i));
    i += w;
    if (!is_go_space(r)) return false;
  }
  return true;
}

}  // namespace

std::string to_string(const Node& node) {
  std::string out;
  write(out, node);
  return out;
}

bool is_empty_tree(const Node* node) {
  if (!node) return true;
  switch (node->type) {
    case NodeType::Comment:
      return true;
    case NodeType::List:
      for (const Node* n : static_cast<const ListNode*>(node)->nodes) {
        if (!is_empty_tree(n)) return false;
      }
      return true;
    case NodeType::Text:
      return is_unicode_space_only(static_cast<const TextNode*>(node)->text);
    default:
      return false;
  }
}

std::vector<std::shared_ptr<Tree>> parse(std::string_view name, std::string_view text,
                                         const FunctionLookup& find_function, bool borrow) {
  return Parser(name, text, find_function, borrow).run();
}

}  // namespace primer::tmpl::detail
