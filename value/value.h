// The dynamic value that flows through all of primer: values files, template data, rendered
// manifests, API objects, plan and state documents. Typed as Go types them (see DESIGN.md):
// lists and maps are shared references, as Go slices and maps are; maps iterate in sorted
// key order. Also declares the YAML and JSON codecs, which read and write Helm-exact text.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

namespace primer::value {

class Value;
using List = std::vector<Value>;
using Map = std::map<std::string, Value, std::less<>>;

/// A host object carried inside a Value: the template engine's Go objects with methods and
/// fields (Helm's `.Files`, `.Capabilities`, certificates from genCA). Immutable and shared.
/// This module's codecs, comparisons and copies treat it as the plain data data() returns:
/// what Go's encoding/json marshals the object to.
class Opaque {
 public:
  virtual ~Opaque() = default;
  virtual Value data() const = 0;
};

enum class Kind { Null, Bool, Int, Float, String, List, Map, Opaque };

/// How deep printers, comparison, copies and decoders may nest before they fail with an
/// Error instead of overflowing the stack (a chart can build a cycle with `set`).
inline constexpr int kMaxDepth = 1000;

class Value {
 public:
  Value() = default;  // null
  Value(std::nullptr_t) {}
  Value(bool b) : data_(b) {}
  template <typename I>
    requires(std::is_integral_v<I> && !std::is_same_v<I, bool> && !std::is_same_v<I, char>)
  Value(I i) : data_(static_cast<std::int64_t>(i)) {}
  Value(double d) : data_(d) {}
  Value(std::string s) : data_(std::move(s)) {}
  Value(std::string_view s) : data_(std::string(s)) {}
  Value(const char* s) : data_(std::string(s)) {}
  /// Takes the elements into a new shared list.
  Value(List list) : data_(std::make_shared<List>(std::move(list))) {}
  /// Takes the entries into a new shared map.
  Value(Map map) : data_(std::make_shared<Map>(std::move(map))) {}

  Value(std::shared_ptr<const Opaque> object) : data_(std::move(object)) {}

  /// A new, empty shared list / map.
  static Value new_list() { return Value(List{}); }
  static Value new_map() { return Value(Map{}); }

  Kind kind() const { return static_cast<Kind>(data_.index()); }
  bool is_null() const { return kind() == Kind::Null; }
  bool is_bool() const { return kind() == Kind::Bool; }
  bool is_int() const { return kind() == Kind::Int; }
  bool is_float() const { return kind() == Kind::Float; }
  bool is_number() const { return is_int() || is_float(); }
  bool is_string() const { return kind() == Kind::String; }
  bool is_list() const { return kind() == Kind::List; }
  bool is_map() const { return kind() == Kind::Map; }
  bool is_opaque() const { return kind() == Kind::Opaque; }

  /// Accessors; each throws Error ("expected T, got U") when the kind differs.
  bool as_bool() const;
  std::int64_t as_int() const;
  double as_float() const;
  const std::string& as_string() const;
  /// The shared list or map: changes made through it are seen by every alias, as in Go.
  List& as_list() const;
  Map& as_map() const;
  const Opaque& as_opaque() const;
  /// The data of an Opaque (Opaque::data()), else this value itself.
  Value plain() const;

  /// The entry for `key` of a map; nullptr when this is not a map or has no such key.
  const Value* find(std::string_view key) const;
  /// Sets `key` in this map (which all aliases see). Throws Error if this is not a map.
  void set(std::string key, Value v) const;
  /// Appends to this list (which all aliases see). Throws Error if this is not a list.
  void push_back(Value v) const;
  /// Number of elements of a list or map, bytes of a string, else 0.
  std::size_t size() const;

  /// True when both are the same list or map object (aliases), not just equal.
  bool same_object(const Value& other) const;
  /// A deep copy sharing nothing with this value. Throws Error deeper than kMaxDepth.
  Value clone() const;

  /// Deep equality in Go's reflect.DeepEqual sense: int 1 and float 1 differ.
  /// Throws Error deeper than kMaxDepth (a cycle).
  friend bool operator==(const Value& a, const Value& b);

 private:
  std::variant<std::monostate, bool, std::int64_t, double, std::string, std::shared_ptr<List>,
               std::shared_ptr<Map>, std::shared_ptr<const Opaque>>
      data_;
};

/// The Go name of a kind as Helm's templates see it: "bool", "int64", "float64", "string",
/// "[]interface {}", "map[string]interface {}", "<nil>"; "struct" for an Opaque.
std::string_view go_type_name(Kind kind);

/// Go's strconv.FormatFloat(f, fmt, prec, 64) for fmt in 'e', 'E', 'f', 'g', 'G';
/// prec -1 means the shortest text that reads back as the same double.
std::string format_float(double f, char fmt = 'g', int prec = -1);

// ---- YAML -------------------------------------------------------------------------------

/// How YAML (and JSON) numbers are typed.
enum class Numbers {
  /// As Helm types values files and fromYaml (YAML -> JSON -> Go): every number is float64.
  Float64,
  /// As go-yaml v2 resolves them: integers int64 (uint64 beyond that become float64), floats.
  Typed,
};

struct YamlOptions {
  Numbers numbers = Numbers::Float64;
};

/// Decodes every document of a YAML stream as Helm's YAML libraries do (YAML 1.1 scalars,
/// keys made strings, anchors, aliases and `<<` merges). `input` names the text in errors,
/// which carry file:line:column. An empty document decodes to null.
std::vector<Value> parse_yaml_stream(std::string_view input, std::string_view text,
                                     const YamlOptions& options = {});
/// The first document of `text` (null when there is none).
Value parse_yaml(std::string_view input, std::string_view text, const YamlOptions& options = {});

/// parse_yaml keeping, of a document that is a map, only the top-level `keys` (in full). The
/// rest is still read and checked, so errors are exactly parse_yaml's, but no value is built
/// for it: for reading manifest heads (apiVersion, kind, metadata) cheaply.
Value parse_yaml_head(std::string_view input, std::string_view text,
                      const std::vector<std::string>& keys, const YamlOptions& options = {});

/// One text for parse_yaml_each: `input` names it in errors, as for parse_yaml.
struct YamlText {
  std::string_view input;
  std::string_view text;
};

/// parse_yaml (or, when `keys` is not empty, parse_yaml_head with `keys`) of every text,
/// spread over up to `threads` threads (0: one per core, at most 4; small batches run on the
/// calling thread). Result i is texts[i]'s first document. When a text fails, throws the
/// Error that parse_yaml throws for the first failing text in order, and sets `*failed` (if
/// given) to its index; the outcome never depends on the threads.
std::vector<Value> parse_yaml_each(const std::vector<YamlText>& texts,
                                   const std::vector<std::string>& keys = {},
                                   const YamlOptions& options = {}, std::size_t* failed = nullptr,
                                   unsigned threads = 0);

/// Helm's `toYaml`: sigs.k8s.io/yaml.Marshal (JSON round trip, go-yaml v2 emitter) with one
/// trailing newline removed. Throws Error where Go's marshalling fails (Helm then prints "").
std::string to_yaml(const Value& v);
/// Helm's `toYamlPretty`: go-yaml v3 with indent 2, one trailing newline removed.
std::string to_yaml_pretty(const Value& v);

// ---- JSON -------------------------------------------------------------------------------

/// Decodes one JSON text (encoding/json's rules); errors carry line and column of `input`.
Value parse_json(std::string_view input, std::string_view text,
                 Numbers numbers = Numbers::Float64);
/// Helm's `toJson`: encoding/json.Marshal (HTML-escaped, keys sorted bytewise).
std::string to_json(const Value& v);
/// Helm's `toRawJson`: as to_json without HTML escaping.
std::string to_raw_json(const Value& v);
/// Helm's `toPrettyJson`: json.MarshalIndent with two spaces.
std::string to_pretty_json(const Value& v);

// ---- TOML -------------------------------------------------------------------------------

/// Helm's `toToml`: BurntSushi/toml's encoder (v1.6.0, as Helm 4.1.4 vendors it). Throws Error
/// with the encoder's error text, which Helm's toToml returns as its result.
std::string to_toml(const Value& v);
/// Helm's `fromToml`: decodes a TOML document into a map (ints int64, floats float64,
/// datetimes as RFC 3339 strings). Throws Error with the decoder's text, which Helm's
/// fromToml puts under the key "Error".
Value parse_toml(std::string_view text);

}  // namespace primer::value
