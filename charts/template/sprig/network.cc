// Sprig's urlParse, urlJoin (Go's net/url Parse and URL.String) and getHostByName.

#include <arpa/inet.h>
#include <netdb.h>
#include <openssl/rand.h>
#include <sys/socket.h>
#include <sys/types.h>

#include <optional>

#include "base/error.h"
#include "base/strings.h"
#include "charts/template/sprig/sprig.h"

namespace primer::tmpl::sprig {
namespace {

using value::Value;

// net/url's encoding modes.
enum class Enc { Path, PathSegment, Host, Zone, UserPassword, QueryComponent, Fragment };

bool is_alnum(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// parity: net/url shouldEscape.
bool should_escape(unsigned char c, Enc mode) {
  if (is_alnum(c)) return false;
  if (mode == Enc::Host || mode == Enc::Zone) {
    if (std::string_view("!$&'()*+,;=:[]<>\"").find(static_cast<char>(c)) != std::string_view::npos)
      return false;
  }
  switch (c) {
    case '-':
    case '_':
    case '.':
    case '~':
      return false;
    case '$':
    case '&':
    case '+':
    case ',':
    case '/':
    case ':':
    case ';':
    case '=':
    case '?':
    case '@':
      switch (mode) {
        case Enc::Path:
          return c == '?';
        case Enc::PathSegment:
          return c == '/' || c == ';' || c == ',' || c == '?';
        case Enc::UserPassword:
          return c == '@' || c == '/' || c == '?' || c == ':';
        case Enc::QueryComponent:
          return true;
        case Enc::Fragment:
          return false;
        default:
          break;
      }
      break;
    default:
      break;
  }
  if (mode == Enc::Fragment && (c == '!' || c == '(' || c == ')' || c == '*')) return false;
  return true;
}

// parity: net/url escape.
std::string escape(std::string_view s, Enc mode) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    // Non-ASCII bytes of a host name stay as they are (IDNA is left to the resolver).
    if (mode == Enc::Host && c >= 0x80) {
      out += ch;
    } else if (c == ' ' && mode == Enc::QueryComponent) {
      out += '+';
    } else if (should_escape(c, mode)) {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += ch;
    }
  }
  return out;
}

int unhex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// parity: net/url unescape; throws the error text (without the `parse "..."` wrapper).
std::string unescape(std::string_view s, Enc mode) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '%') {
      if (i + 2 >= s.size() || unhex(s[i + 1]) < 0 || unhex(s[i + 2]) < 0)
        throw Error("invalid URL escape " + quote(s.substr(i, 3)));
      // parity: a host may only escape non-ASCII bytes (and %25).
      if (mode == Enc::Host && unhex(s[i + 1]) < 8 && s.substr(i, 3) != "%25")
        throw Error("invalid URL escape " + quote(s.substr(i, 3)));
      out += static_cast<char>(unhex(s[i + 1]) * 16 + unhex(s[i + 2]));
      i += 2;
    } else if (c == '+' && mode == Enc::QueryComponent) {
      out += ' ';
    } else {
      if ((mode == Enc::Host || mode == Enc::Zone) && static_cast<unsigned char>(c) < 0x80 &&
          should_escape(static_cast<unsigned char>(c), mode))
        throw Error("invalid character " + quote(std::string(1, c)) + " in host name");
      out += c;
    }
  }
  return out;
}

struct Url {
  std::string scheme, opaque, host, path, raw_query, fragment;
  std::optional<std::string> username, password;  // User: nil when username is unset
  bool force_query = false;
};

std::string userinfo_string(const Url& u) {
  std::string s = escape(*u.username, Enc::UserPassword);
  if (u.password) s += ":" + escape(*u.password, Enc::UserPassword);
  return s;
}

// parity: validUserinfo.
bool valid_userinfo(std::string_view s) {
  for (char c : s) {
    if (is_alnum(static_cast<unsigned char>(c))) continue;
    if (std::string_view("-._:~!$&'()*+,;=%@").find(c) == std::string_view::npos) return false;
  }
  return true;
}

std::string parse_host(std::string_view host) {
  if (!host.empty() && host[0] == '[') {
    std::size_t close = host.rfind(']');
    if (close == std::string_view::npos) throw Error("missing ']' in host");
    std::string_view port = host.substr(close + 1);
    if (!port.empty()) {
      bool ok = port[0] == ':';
      for (char c : port.substr(1)) ok = ok && c >= '0' && c <= '9';
      if (!ok) throw Error("invalid port " + quote(port) + " after host");
    }
    return std::string(host);
  }
  if (std::size_t colon = host.rfind(':'); colon != std::string_view::npos) {
    std::string_view port = host.substr(colon);
    for (char c : port.substr(1)) {
      if (c < '0' || c > '9') throw Error("invalid port " + quote(port) + " after host");
    }
  }
  return unescape(host, Enc::Host);
}

// parity: net/url Parse (not via a request).
Url parse_url(std::string_view raw) {
  Url u;
  std::string_view rest = raw;
  std::size_t hash = rest.find('#');
  std::string_view frag;
  bool has_frag = hash != std::string_view::npos;
  if (has_frag) {
    frag = rest.substr(hash + 1);
    rest = rest.substr(0, hash);
  }
  for (char c : rest) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
      throw Error("net/url: invalid control character in URL");
  }
  if (rest == "*") {
    u.path = "*";
  } else {
    for (std::size_t i = 0; i < rest.size(); ++i) {
      char c = rest[i];
      bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      if (letter) continue;
      if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') {
        if (i == 0) break;
        continue;
      }
      if (c == ':') {
        if (i == 0) throw Error("missing protocol scheme");
        u.scheme = std::string(rest.substr(0, i));
        rest = rest.substr(i + 1);
      }
      break;
    }
    for (char& c : u.scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!rest.empty() && rest.back() == '?' && rest.find('?') == rest.size() - 1) {
      u.force_query = true;
      rest.remove_suffix(1);
    } else if (std::size_t q = rest.find('?'); q != std::string_view::npos) {
      u.raw_query = std::string(rest.substr(q + 1));
      rest = rest.substr(0, q);
    }
    if (rest.empty() || rest[0] != '/') {
      if (!u.scheme.empty()) {
        u.opaque = std::string(rest);
        rest = {};
      } else {
        std::string_view segment = rest.substr(0, rest.find('/'));
        if (segment.find(':') != std::string_view::npos)
          throw Error("first path segment in URL cannot contain colon");
      }
    }
    if (u.opaque.empty() && (!u.scheme.empty() || rest.substr(0, 3) != "///") &&
        rest.substr(0, 2) == "//") {
      std::string_view authority = rest.substr(2);
      std::size_t slash = authority.find('/');
      rest = slash == std::string_view::npos ? std::string_view() : authority.substr(slash);
      authority = authority.substr(0, slash);
      std::size_t at = authority.rfind('@');
      if (at == std::string_view::npos) {
        u.host = parse_host(authority);
      } else {
        u.host = parse_host(authority.substr(at + 1));
        std::string_view info = authority.substr(0, at);
        if (!valid_userinfo(info)) throw Error("net/url: invalid userinfo");
        std::size_t colon = info.find(':');
        u.username = unescape(info.substr(0, colon), Enc::UserPassword);
        if (colon != std::string_view::npos)
          u.password = unescape(info.substr(colon + 1), Enc::UserPassword);
      }
    }
    u.path = unescape(rest, Enc::Path);
  }
  if (has_frag) u.fragment = unescape(frag, Enc::Fragment);
  return u;
}

// parity: URL.Hostname.
std::string hostname(std::string_view host) {
  std::size_t colon = host.rfind(':');
  if (!host.empty() && host[0] == '[') {
    std::size_t close = host.find(']');
    return std::string(close == std::string_view::npos ? host.substr(1)
                                                       : host.substr(1, close - 1));
  }
  if (colon != std::string_view::npos) host = host.substr(0, colon);
  return std::string(host);
}

// parity: URL.String (RawPath unset, OmitHost false).
std::string url_string(const Url& u) {
  std::string buf;
  if (!u.scheme.empty()) buf += u.scheme + ":";
  if (!u.opaque.empty()) {
    buf += u.opaque;
  } else {
    if (!u.scheme.empty() || !u.host.empty() || u.username) {
      if (!u.host.empty() || !u.path.empty() || u.username) buf += "//";
      if (u.username) buf += userinfo_string(u) + "@";
      if (!u.host.empty()) buf += escape(u.host, Enc::Host);
    }
    std::string path = escape(u.path, Enc::Path);
    if (!path.empty() && path[0] != '/' && !u.host.empty()) buf += '/';
    if (buf.empty()) {
      std::string_view segment = std::string_view(path).substr(0, path.find('/'));
      if (segment.find(':') != std::string_view::npos) buf += "./";
    }
    buf += path;
  }
  if (u.force_query || !u.raw_query.empty()) buf += "?" + u.raw_query;
  if (!u.fragment.empty()) buf += "#" + escape(u.fragment, Enc::Fragment);
  return buf;
}

// parity: Sprig's dictGetOrEmpty: a missing key is "", a non-string value panics.
std::string dict_string(const Value& d, const char* key) {
  const Value* v = d.is_null() ? nullptr : d.find(key);
  if (!v) return "";
  if (!v->is_string()) {
    std::string kind;
    switch (v->kind()) {
      case value::Kind::Null:
        // reflect.TypeOf(nil).Kind() dereferences a nil Type.
        throw Error("runtime error: invalid memory address or nil pointer dereference");
      case value::Kind::Bool:
        kind = "bool";
        break;
      case value::Kind::Int:
        kind = "int64";
        break;
      case value::Kind::Float:
        kind = "float64";
        break;
      case value::Kind::List:
        kind = "slice";
        break;
      case value::Kind::Map:
        kind = "map";
        break;
      default:
        kind = "struct";
        break;
    }
    throw Error(std::string("unable to parse ") + key + " key, must be of type string, but " +
                kind + " found");
  }
  return v->as_string();
}

std::string parse_error(std::string_view raw, const Error& e) {
  return "parse " + quote(raw) + ": " + e.what();
}

}  // namespace

void add_network(Funcs& funcs, const Options&) {
  funcs.add("urlParse", {{Param::String}}, [](Call&, std::span<const TValue> a) {
    const std::string& raw = a[0].value().as_string();
    Url u;
    try {
      u = parse_url(raw);
    } catch (const Error& e) {
      throw Error("unable to parse url: " + parse_error(raw, e));
    }
    value::Map m;
    m["scheme"] = u.scheme;
    m["host"] = u.host;
    m["hostname"] = hostname(u.host);
    m["path"] = u.path;
    m["query"] = u.raw_query;
    m["opaque"] = u.opaque;
    m["fragment"] = u.fragment;
    m["userinfo"] = u.username ? userinfo_string(u) : std::string();
    return TValue(GoType::Map, Value(std::move(m)));
  });
  funcs.add("urlJoin", {{Param::Map}}, [](Call&, std::span<const TValue> a) {
    const Value& d = a[0].value();
    Url u;
    u.scheme = dict_string(d, "scheme");
    u.host = dict_string(d, "host");
    u.path = dict_string(d, "path");
    u.raw_query = dict_string(d, "query");
    u.opaque = dict_string(d, "opaque");
    u.fragment = dict_string(d, "fragment");
    std::string userinfo = dict_string(d, "userinfo");
    if (!userinfo.empty()) {
      std::string temp = "proto://" + userinfo + "@host";
      try {
        Url t = parse_url(temp);
        u.username = t.username;
        u.password = t.password;
      } catch (const Error& e) {
        throw Error("unable to parse userinfo in dict: " + parse_error(temp, e));
      }
    }
    return TValue(GoType::String, Value(url_string(u)));
  });
  // Sprig's own lookup; Helm replaces it with a stub unless --enable-dns (charts/ does that).
  funcs.add("getHostByName", {{Param::String}}, [](Call&, std::span<const TValue> a) {
    std::vector<std::string> addrs;
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* res = nullptr;
    if (getaddrinfo(a[0].value().as_string().c_str(), nullptr, &hints, &res) == 0) {
      for (addrinfo* p = res; p; p = p->ai_next) {
        char buf[INET6_ADDRSTRLEN] = {};
        const void* src =
            p->ai_family == AF_INET
                ? static_cast<const void*>(&reinterpret_cast<sockaddr_in*>(p->ai_addr)->sin_addr)
                : static_cast<const void*>(&reinterpret_cast<sockaddr_in6*>(p->ai_addr)->sin6_addr);
        if (inet_ntop(p->ai_family, src, buf, sizeof buf)) addrs.emplace_back(buf);
      }
      freeaddrinfo(res);
    }
    // parity: rand.Intn(0) panics when the lookup found nothing.
    if (addrs.empty()) throw Error("invalid argument to Intn");
    unsigned int r = 0;
    RAND_bytes(reinterpret_cast<unsigned char*>(&r), sizeof r);
    return TValue(GoType::String, Value(addrs[r % addrs.size()]));
  });
}

}  // namespace primer::tmpl::sprig
