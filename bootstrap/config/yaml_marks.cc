#include "bootstrap/config/yaml_marks.h"

#include <yaml.h>

#include <vector>

namespace primer::bootstrap::config {
namespace {

// A libyaml parser over a caller's buffer, released however the walk ends.
class Parser {
 public:
  explicit Parser(std::string_view text) {
    ok_ = yaml_parser_initialize(&parser_) != 0;
    // libyaml asserts a non-null pointer, which an empty string_view need not have.
    const char* data = text.empty() ? "" : text.data();
    if (ok_) {
      yaml_parser_set_input_string(&parser_, reinterpret_cast<const unsigned char*>(data),
                                   text.size());
    }
  }
  ~Parser() {
    yaml_event_delete(&event_);
    if (ok_) yaml_parser_delete(&parser_);
  }
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;

  /// The next event, or nullptr at a syntax error or the end of the stream.
  const yaml_event_t* next() {
    yaml_event_delete(&event_);
    if (!ok_ || done_ || yaml_parser_parse(&parser_, &event_) == 0) return nullptr;
    if (event_.type == YAML_STREAM_END_EVENT) done_ = true;
    return &event_;
  }

 private:
  bool ok_ = false;
  bool done_ = false;
  yaml_parser_t parser_{};
  yaml_event_t event_{};  // zeroed (YAML_NO_EVENT): yaml_event_delete leaves it alone
};

Mark mark_of(const yaml_mark_t& m) {
  return {static_cast<int>(m.line) + 1, static_cast<int>(m.column) + 1};
}

// An open map or list, and where its next node goes.
struct Frame {
  std::string path;
  bool is_map = false;
  bool want_key = true;     // maps: the next node is a key
  std::string key;          // maps: the key of the value that follows
  bool skip_value = false;  // maps: the key was not a scalar, so its value has no path
  std::size_t index = 0;    // lists: the next item's index
};

class Walker {
 public:
  explicit Walker(Marks& marks) : marks_(marks) {}

  void event(const yaml_event_t& e) {
    switch (e.type) {
      case YAML_SCALAR_EVENT:
      case YAML_ALIAS_EVENT:
        node(e, false);
        break;
      case YAML_SEQUENCE_START_EVENT:
      case YAML_MAPPING_START_EVENT:
        node(e, true);
        break;
      case YAML_SEQUENCE_END_EVENT:
      case YAML_MAPPING_END_EVENT:
        close();
        break;
      default:
        break;
    }
  }

 private:
  void node(const yaml_event_t& e, bool opens) {
    if (skipped_ > 0) {  // inside a key that is itself a map or list
      if (opens) ++skipped_;
      return;
    }
    if (!stack_.empty() && stack_.back().is_map && stack_.back().want_key) {
      Frame& map = stack_.back();
      map.want_key = false;
      if (e.type == YAML_SCALAR_EVENT) {
        map.key.assign(reinterpret_cast<const char*>(e.data.scalar.value), e.data.scalar.length);
        map.skip_value = false;
        marks_.keys[child_path(map.path, map.key)] = mark_of(e.start_mark);
      } else {
        map.skip_value = true;
        if (opens) skipped_ = 1;
      }
      return;
    }
    std::string path;
    bool keep = true;
    if (stack_.empty()) {
      if (seen_root_) return;  // later documents have no paths of their own
      seen_root_ = true;
    } else if (Frame& parent = stack_.back(); parent.is_map) {
      parent.want_key = true;
      keep = !parent.skip_value;
      path = child_path(parent.path, parent.key);
    } else {
      path = item_path(parent.path, parent.index++);
    }
    if (keep) {
      marks_.values[path] = mark_of(e.start_mark);
      if (e.type == YAML_SCALAR_EVENT) {
        marks_.scalars[path].assign(reinterpret_cast<const char*>(e.data.scalar.value),
                                    e.data.scalar.length);
      }
    }
    if (opens) {
      if (!keep) {
        skipped_ = 1;
        return;
      }
      Frame frame;
      frame.path = std::move(path);
      frame.is_map = e.type == YAML_MAPPING_START_EVENT;
      stack_.push_back(std::move(frame));
    }
  }

  void close() {
    if (skipped_ > 0) {
      --skipped_;
      return;
    }
    if (!stack_.empty()) stack_.pop_back();
  }

  Marks& marks_;
  std::vector<Frame> stack_;
  int skipped_ = 0;  // depth inside a subtree that has no paths
  bool seen_root_ = false;
};

}  // namespace

std::string child_path(std::string_view parent, std::string_view key) {
  std::string path(parent);
  if (!path.empty()) path += '.';
  path += key;
  return path;
}

std::string item_path(std::string_view parent, std::size_t index) {
  return std::string(parent) + "[" + std::to_string(index) + "]";
}

Marks yaml_marks(std::string_view text) {
  Marks marks;
  Parser parser(text);
  Walker walker(marks);
  while (const yaml_event_t* e = parser.next()) {
    walker.event(*e);
  }
  return marks;
}

}  // namespace primer::bootstrap::config
