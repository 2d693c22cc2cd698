#include "tests/charts/fetch/server_fixture.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "base/http.h"
#include "tests/support/support.h"

namespace primer::test {

TempDir::TempDir() {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/primer-fetch-XXXXXX";
  std::vector<char> buf(pattern.begin(), pattern.end());
  buf.push_back('\0');
  if (mkdtemp(buf.data()) != nullptr) path_ = buf.data();
}

TempDir::~TempDir() {
  std::error_code ec;
  if (!path_.empty()) std::filesystem::remove_all(path_, ec);
}

void write_text(const std::string& path, const std::string& text) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

bool make_certificates(const std::string& dir) {
  std::string script = "set -e; cd '" + dir +
                       "'; "
                       "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes "
                       "-keyout ca.key -out ca.pem -days 2 "
                       "  -subj /CN=primer-test-ca 2>/dev/null; "
                       "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes "
                       "-keyout other-ca.key -out other-ca.pem -days 2 "
                       "  -subj /CN=primer-other-ca 2>/dev/null; "
                       "openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes "
                       "-keyout server.key -out server.csr "
                       "  -subj /CN=localhost 2>/dev/null; "
                       "printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\\n' > ext.cnf; "
                       "openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial "
                       "  -out server.pem -days 2 -extfile ext.cnf 2>/dev/null";
  int status = 0;
  run_command(script, &status);
  return status == 0 && std::filesystem::exists(dir + "/server.pem");
}

Process::Process(std::vector<std::string> argv, const std::string& log_file) {
  pid_ = fork();
  if (pid_ == 0) {
    int fd = ::open(log_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
      dup2(fd, 1);
      dup2(fd, 2);
    }
    std::vector<char*> cargv;
    for (std::string& a : argv) cargv.push_back(a.data());
    cargv.push_back(nullptr);
    execvp(cargv[0], cargv.data());
    _exit(127);
  }
}

Process::~Process() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
  }
}

bool Process::running() const { return pid_ > 0 && waitpid(pid_, nullptr, WNOHANG) == 0; }

int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  ::close(fd);
  return port;
}

TestServer::TestServer(const std::string& root, const std::string& cert, const std::string& key,
                       const std::vector<std::string>& extra)
    : tls_(!cert.empty()) {
  std::string script = source_dir() + "/tests/charts/fetch/test_server.py";
  port_file_ = root + "/.port-" + std::to_string(::getpid()) + "-" +
               std::to_string(reinterpret_cast<std::uintptr_t>(this));
  std::vector<std::string> argv = {"python3", script, "--root", root, "--port-file", port_file_};
  if (tls_) {
    argv.insert(argv.end(), {"--cert", cert, "--key", key});
  }
  argv.insert(argv.end(), extra.begin(), extra.end());
  pid_ = fork();
  if (pid_ == 0) {
    std::vector<char*> cargv;
    for (std::string& a : argv) cargv.push_back(a.data());
    cargv.push_back(nullptr);
    execvp("python3", cargv.data());
    _exit(127);
  }
  for (int i = 0; i < 200 && pid_ > 0; ++i) {
    std::ifstream in(port_file_);
    if (in >> port_) break;
    port_ = 0;
    if (waitpid(pid_, nullptr, WNOHANG) == pid_) {
      pid_ = -1;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
}

TestServer::~TestServer() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
  }
  std::error_code ec;
  std::filesystem::remove(port_file_, ec);
}

std::string TestServer::base() const {
  return std::string(tls_ ? "https" : "http") + "://127.0.0.1:" + std::to_string(port_);
}

int TestServer::hits(const std::string& path) const {
  http::Options options;
  options.insecure_skip_tls_verify = true;
  http::Client client(options);
  http::Request request;
  request.url = base() + "/hits" + path;
  return std::stoi(client.fetch(request).body);
}

}  // namespace primer::test
