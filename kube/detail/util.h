// Small helpers shared by kube/'s own files, the modules above it (state/) and tests: Go-compatible
// base64, RFC 3339 timestamps, and path handling as Go's path/filepath does it on Unix.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace primer::kube::detail {

/// Go's base64.StdEncoding.EncodeToString.
std::string base64_encode(std::string_view bytes);
/// Go's base64.StdEncoding decoding as encoding/json applies it to []byte fields: \r and \n
/// are skipped. Returns nullopt and sets `*bad_offset` to Go's CorruptInputError offset.
std::optional<std::string> base64_decode(std::string_view text, std::size_t* bad_offset);

/// An RFC 3339 timestamp ("2026-01-02T15:04:05Z", fractional seconds and offsets allowed),
/// as Go's time.Parse(time.RFC3339, …) accepts it; nullopt when it does not parse.
std::optional<std::chrono::system_clock::time_point> parse_rfc3339(std::string_view text);

/// Go's filepath.Clean on Unix.
std::string clean_path(std::string_view path);
/// `path` if absolute, else filepath.Join(base, path).
std::string resolve_path(std::string_view path, std::string_view base);
/// filepath.Abs(filepath.Dir(file)): the absolute directory holding `file`.
std::string absolute_dir(std::string_view file);

}  // namespace primer::kube::detail
