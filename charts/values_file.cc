#include "charts/values_file.h"

#include <string>
#include <vector>

#include "base/error.h"

namespace primer::charts {
namespace {

using value::Value;

// A piece of the file as helm 4's document reader cuts it, and the line it starts on.
struct Piece {
  std::string text;
  int first_line = 1;
};

bool is_go_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

// parity: k8s.io/apimachinery util/yaml.YAMLReader.Read, as loader.LoadValues uses it. Lines
// come back without "\n" or "\r\n" and get a "\n"; a line starting with "---" may be followed
// only by blanks or a comment; it closes a non-empty piece (and is dropped), or else starts
// the next one (and is kept). The pieces never see the rest of the stream.
std::vector<Piece> split_like_helm4(std::string_view name, std::string_view text) {
  std::vector<Piece> pieces;
  Piece piece;
  int line_number = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    std::size_t stop = end == std::string_view::npos ? text.size() : end;
    std::string line(text.substr(start, stop - start));
    start = end == std::string_view::npos ? text.size() : end + 1;
    ++line_number;
    if (end != std::string_view::npos && !line.empty() && line.back() == '\r') line.pop_back();
    line += '\n';
    if (line.starts_with("---")) {
      std::size_t from = 3;
      std::size_t to = line.size();
      while (from < to && is_go_space(line[from])) ++from;
      while (to > from && is_go_space(line[to - 1])) --to;
      if (from < to && line[from] != '#') {
        throw Error(Where{std::string(name), line_number},
                    "error reading yaml document: invalid Yaml document separator: " +
                        line.substr(from, to - from));
      }
      if (!piece.text.empty()) {
        pieces.push_back(std::move(piece));
        piece = Piece{};
        piece.first_line = line_number + 1;
        continue;
      }
    }
    if (piece.text.empty()) piece.first_line = line_number;
    piece.text += line;
  }
  if (!piece.text.empty()) pieces.push_back(std::move(piece));
  return pieces;
}

// encoding/json's name for what it found where a map was wanted.
const char* json_kind(const Value& v) {
  switch (v.kind()) {
    case value::Kind::Bool:
      return "bool";
    case value::Kind::Int:
    case value::Kind::Float:
      return "number";
    case value::Kind::String:
      return "string";
    case value::Kind::List:
      return "array";
    default:
      return "object";
  }
}

// One document, decoded as sigs.k8s.io/yaml.Unmarshal into map[string]interface{} does:
// null leaves the map empty, anything else that is not a map fails.
Value decode_document(std::string_view name, std::string_view text, int first_line,
                      std::string_view prefix) {
  Value doc;
  try {
    doc = value::parse_yaml(name, text, value::YamlOptions{.numbers = value::Numbers::Float64});
  } catch (const Error& e) {
    Where where = e.where();
    if (where.line > 0) where.line += first_line - 1;
    throw Error(where, std::string(prefix) + e.message());
  }
  if (doc.is_null()) return Value::new_map();
  if (!doc.is_map()) {
    throw Error(Where{std::string(name), first_line},
                std::string(prefix) +
                    "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal " +
                    json_kind(doc) + " into Go value of type map[string]interface {}");
  }
  return doc;
}

// parity: loader.MergeMaps: a map over a map merges recursively, anything else replaces.
// The result is a new map, as Go builds one, so the documents' own maps are left alone.
Value merge_maps(const Value& a, const Value& b) {
  Value out = Value::new_map();
  for (const auto& [key, v] : a.as_map()) out.set(key, v);
  for (const auto& [key, v] : b.as_map()) {
    const Value* old = out.find(key);
    out.set(key, old != nullptr && old->is_map() && v.is_map() ? merge_maps(*old, v) : v);
  }
  return out;
}

}  // namespace

value::Value parse_values_file(std::string_view name, std::string_view text, Dialect dialect) {
  if (dialect == Dialect::Helm3) return decode_document(name, text, 1, "");
  Value merged = Value::new_map();
  for (const Piece& piece : split_like_helm4(name, text)) {
    merged = merge_maps(merged, decode_document(name, piece.text, piece.first_line,
                                                "cannot unmarshal yaml document: "));
  }
  return merged;
}

}  // namespace primer::charts
