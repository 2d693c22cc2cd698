#include "kube/detail/util.h"

#include <unistd.h>

#include <array>
#include <cstdint>
#include <vector>

#include "base/strings.h"

namespace primer::kube::detail {

namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int sextet(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

bool is_newline(char c) { return c == '\n' || c == '\r'; }

}  // namespace

std::string base64_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    std::uint32_t n = (std::uint8_t(bytes[i]) << 16) | (std::uint8_t(bytes[i + 1]) << 8) |
                      std::uint8_t(bytes[i + 2]);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += kAlphabet[n & 63];
  }
  std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    std::uint32_t n = std::uint8_t(bytes[i]) << 16;
    if (rest == 2) n |= std::uint8_t(bytes[i + 1]) << 8;
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += rest == 2 ? kAlphabet[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

// parity: Go's encoding/base64 (*Encoding).decodeQuantum with StdEncoding: newlines are
// skipped anywhere, a short final group needs padding, and the offsets of CorruptInputError
// are kept because the error text shows them.
std::optional<std::string> base64_decode(std::string_view src, std::size_t* bad_offset) {
  std::string out;
  std::size_t si = 0;
  auto fail = [&](std::size_t at) -> std::optional<std::string> {
    if (bad_offset) *bad_offset = at;
    return std::nullopt;
  };
  while (true) {
    std::array<int, 4> group{};
    int j = 0;
    bool padded = false;
    while (j < 4) {
      if (si == src.size()) {
        if (j == 0) return out;
        return fail(si - j);
      }
      char c = src[si++];
      int v = sextet(c);
      if (v >= 0) {
        group[j++] = v;
        continue;
      }
      if (is_newline(c)) continue;
      if (c != '=') return fail(si - 1);
      if (j < 2) return fail(si - 1);
      if (j == 2) {
        while (si < src.size() && is_newline(src[si])) ++si;
        if (si == src.size()) return fail(src.size());
        if (src[si] != '=') return fail(si - 1);
        ++si;
      }
      while (si < src.size() && is_newline(src[si])) ++si;
      if (si < src.size()) return fail(si);
      padded = true;
      break;
    }
    std::uint32_t n = (group[0] << 18) | (group[1] << 12) | (group[2] << 6) | group[3];
    out += char((n >> 16) & 0xff);
    if (j >= 3) out += char((n >> 8) & 0xff);
    if (j == 4) out += char(n & 0xff);
    if (padded) return out;
  }
}

namespace {

bool digits(std::string_view s, std::size_t at, std::size_t count, int* out) {
  if (at + count > s.size()) return false;
  int v = 0;
  for (std::size_t i = at; i < at + count; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

// Days since 1970-01-01 of a proleptic Gregorian date.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

}  // namespace

std::optional<std::chrono::system_clock::time_point> parse_rfc3339(std::string_view s) {
  int year, month, day, hour, minute, second;
  if (!digits(s, 0, 4, &year) || s.size() < 20 || s[4] != '-' || !digits(s, 5, 2, &month) ||
      s[7] != '-' || !digits(s, 8, 2, &day) || s[10] != 'T' || !digits(s, 11, 2, &hour) ||
      s[13] != ':' || !digits(s, 14, 2, &minute) || s[16] != ':' || !digits(s, 17, 2, &second)) {
    return std::nullopt;
  }
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1 ||
      day > kDays[month - 1] + (month == 2 && leap(year) ? 1 : 0) || hour > 23 || minute > 59 ||
      second > 59) {
    return std::nullopt;
  }
  std::size_t at = 19;
  std::int64_t nanos = 0;
  if (at < s.size() && (s[at] == '.' || s[at] == ',')) {
    std::size_t start = ++at;
    std::int64_t scale = 100'000'000;
    while (at < s.size() && s[at] >= '0' && s[at] <= '9') {
      nanos += (s[at] - '0') * scale;
      scale /= 10;
      ++at;
    }
    if (at == start) return std::nullopt;
  }
  std::int64_t offset_seconds = 0;
  if (at < s.size() && s[at] == 'Z') {
    ++at;
  } else if (at < s.size() && (s[at] == '+' || s[at] == '-')) {
    int oh, om;
    if (!digits(s, at + 1, 2, &oh) || at + 3 >= s.size() || s[at + 3] != ':' ||
        !digits(s, at + 4, 2, &om) || oh > 23 || om > 59) {
      return std::nullopt;
    }
    offset_seconds = (std::int64_t{oh} * 3600 + std::int64_t{om} * 60) * (s[at] == '-' ? -1 : 1);
    at += 6;
  } else {
    return std::nullopt;
  }
  if (at != s.size()) return std::nullopt;
  std::int64_t secs = days_from_civil(year, month, day) * 86400 + std::int64_t{hour} * 3600 +
                      std::int64_t{minute} * 60 + second - offset_seconds;
  return std::chrono::system_clock::time_point(
      std::chrono::duration_cast<std::chrono::system_clock::duration>(
          std::chrono::seconds(secs) + std::chrono::nanoseconds(nanos)));
}

std::string clean_path(std::string_view path) {
  if (path.empty()) return ".";
  bool rooted = path.front() == '/';
  std::vector<std::string> parts;
  for (const std::string& part : split(path, "/")) {
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (!parts.empty() && parts.back() != "..") {
        parts.pop_back();
      } else if (!rooted) {
        parts.push_back(part);
      }
      continue;
    }
    parts.push_back(part);
  }
  std::string out = rooted ? "/" : "";
  out += join(parts, "/");
  return out.empty() ? "." : out;
}

std::string resolve_path(std::string_view path, std::string_view base) {
  if (path.empty() || path.front() == '/') return std::string(path);
  return clean_path(std::string(base) + "/" + std::string(path));
}

std::string absolute_dir(std::string_view file) {
  std::string dir;
  std::size_t slash = file.rfind('/');
  if (slash == std::string_view::npos) {
    dir = ".";
  } else if (slash == 0) {
    dir = "/";
  } else {
    dir = std::string(file.substr(0, slash));
  }
  if (dir.front() != '/') {
    std::vector<char> buf(4096);
    if (getcwd(buf.data(), buf.size()) != nullptr) dir = std::string(buf.data()) + "/" + dir;
  }
  return clean_path(dir);
}

}  // namespace primer::kube::detail
