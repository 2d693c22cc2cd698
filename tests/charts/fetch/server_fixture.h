// Test helpers for the fetch tests: a temporary directory, certificates made with openssl,
// and the loopback test_server.py run as a child process (stopped by the destructor).
#pragma once

#include <string>
#include <vector>

namespace primer::test {

/// A fresh directory under $TMPDIR, removed with everything in it by the destructor.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

/// Writes `text` to `path` (creating parent directories).
void write_text(const std::string& path, const std::string& text);

/// Certificates under `dir`: ca.pem/ca.key (the trusted CA), server.pem/server.key (signed by
/// it for localhost and 127.0.0.1) and other-ca.pem (a CA that signed nothing). False when
/// openssl is missing or fails.
bool make_certificates(const std::string& dir);

/// A child process running `argv`, killed (SIGTERM) and reaped by the destructor.
class Process {
 public:
  explicit Process(std::vector<std::string> argv, const std::string& log_file = "/dev/null");
  ~Process();
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;
  bool running() const;

 private:
  int pid_ = -1;
};

/// A TCP port on 127.0.0.1 that was free a moment ago (0 when none could be found).
int free_port();

/// test_server.py serving `root` on 127.0.0.1 (TLS when `cert` is given); `extra` are more
/// arguments for the script (--user, --jwt-key, ...).
class TestServer {
 public:
  TestServer(const std::string& root, const std::string& cert = "", const std::string& key = "",
             const std::vector<std::string>& extra = {});
  ~TestServer();
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;
  bool ok() const { return port_ > 0; }
  int port() const { return port_; }
  /// "https://127.0.0.1:PORT" (or http).
  std::string base() const;
  /// How many requests `path` ("/index.yaml") has received.
  int hits(const std::string& path) const;

 private:
  int pid_ = -1;
  int port_ = 0;
  bool tls_ = false;
  std::string port_file_;
};

}  // namespace primer::test
