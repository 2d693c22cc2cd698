#!/usr/bin/env python3
"""A loopback HTTP(S) server for primer's fetch tests.

Serves files under --root, with ETag/Last-Modified validators (304 on a match), and a few
misbehaving routes the tests need:
  /status/CODE                 always CODE
  /flaky/N/PATH                503 (Retry-After: 0) for the first N requests, then PATH
  /redirect/N/PATH             N redirects, then PATH
  /redirect-loop               redirects to itself
  /redirect-host/PATH          redirects to the same port under the other loopback name
  /echo-auth                   the Authorization header received, or "none"
  /big/N                       N bytes
  /stall                       headers, then nothing for a minute
  /private/PATH                PATH behind basic auth (--user USER:PASS)
  /hits/PATH                   how many requests PATH received (ignores this route)
  /token                       a registry token endpoint: {"token": "tok-123"} for basic auth
  /v2/REPO/(manifests|blobs)/R a registry needing that bearer token, serving
                               ROOT/oci/REPO/manifests/R and ROOT/oci/REPO/blobs/R
  /auth                        with --jwt-key: a token server for distribution's `auth: token`.
                               Basic auth (--user) required; answers a JWT (RS256, signed with
                               `openssl dgst`, the --jwt-cert in its x5c header) granting every
                               scope asked for, with --jwt-issuer and audience = service.
Writes the port it listens on to --port-file once ready.
"""
import argparse
import base64
import collections
import hashlib
import http.server
import json
import os
import ssl
import subprocess
import sys
import threading
import time
import urllib.parse

HITS = collections.Counter()
LOCK = threading.Lock()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate writes: without TCP_NODELAY every response waits
    # ~40 ms for the client's delayed ACK, which would swamp the benchmark's timings.
    disable_nagle_algorithm = True

    def log_message(self, fmt, *args):
        if self.server.verbose:
            sys.stderr.write("test_server: " + (fmt % args) + "\n")
            sys.stderr.flush()

    def send_text(self, code, body, headers=None):
        data = body.encode() if isinstance(body, str) else body
        self.send_response(code)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        if not path.startswith("/hits/"):
            with LOCK:
                HITS[path] += 1
                count = HITS[path]
        parts = path.split("/")
        if path.startswith("/hits/"):
            with LOCK:
                return self.send_text(200, str(HITS["/" + path[len("/hits/"):]]))
        if path.startswith("/status/"):
            return self.send_text(int(parts[2]), "status " + parts[2] + "\n")
        if path.startswith("/flaky/"):
            if count <= int(parts[2]):
                return self.send_text(503, "try later\n", {"Retry-After": "0"})
            return self.serve_file("/" + "/".join(parts[3:]))
        if path.startswith("/redirect/"):
            n = int(parts[2])
            rest = "/".join(parts[3:])
            target = "/" + rest if n <= 1 else "/redirect/%d/%s" % (n - 1, rest)
            return self.send_text(302, "", {"Location": target})
        if path == "/redirect-loop":
            return self.send_text(302, "", {"Location": "/redirect-loop"})
        if path.startswith("/redirect-host/"):
            host = self.headers.get("Host", "")
            name = "localhost" if host.startswith("127.") else "127.0.0.1"
            scheme = "https" if self.server.tls else "http"
            target = "%s://%s:%d/%s" % (scheme, name, self.server.server_port, "/".join(parts[2:]))
            return self.send_text(302, "", {"Location": target})
        if path == "/token":
            want = "Basic " + base64.b64encode(self.server.user.encode()).decode()
            if self.headers.get("Authorization") != want:
                return self.send_text(401, "unauthorized\n")
            return self.send_text(200, '{"token": "tok-123"}', {"Content-Type": "application/json"})
        if path == "/auth" and self.server.jwt_key:
            want = "Basic " + base64.b64encode(self.server.user.encode()).decode()
            if self.headers.get("Authorization") != want:
                return self.send_text(401, "unauthorized\n")
            query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
            token = self.make_jwt(query.get("service", [""])[0], query.get("scope", []))
            body = json.dumps({"token": token, "access_token": token, "expires_in": 300})
            return self.send_text(200, body, {"Content-Type": "application/json"})
        if path.startswith("/v2/"):
            rest = path[len("/v2/"):]
            for kind in ("/manifests/", "/blobs/"):
                if kind in rest:
                    repo, ref = rest.split(kind, 1)
                    break
            else:
                return self.send_text(404, "{}")
            if self.headers.get("Authorization") != "Bearer tok-123":
                host = self.headers.get("Host", "")
                realm = "https://%s/token" % host
                challenge = 'Bearer realm="%s",service="test",scope="repository:%s:pull"' % (realm, repo)
                return self.send_text(401, "{}", {"WWW-Authenticate": challenge})
            return self.serve_file("/oci/%s%s%s" % (repo, kind, ref.replace(":", "_")))
        if path == "/echo-auth":
            return self.send_text(200, self.headers.get("Authorization", "none"))
        if path.startswith("/big/"):
            return self.send_text(200, b"x" * int(parts[2]))
        if path == "/stall":
            self.send_response(200)
            self.send_header("Content-Length", "100")
            self.end_headers()
            self.wfile.write(b"x")
            self.wfile.flush()
            time.sleep(60)
            return
        if path.startswith("/private/"):
            want = "Basic " + base64.b64encode(self.server.user.encode()).decode()
            if self.headers.get("Authorization") != want:
                return self.send_text(401, "unauthorized\n",
                                      {"WWW-Authenticate": 'Basic realm="test"'})
            return self.serve_file("/" + "/".join(parts[2:]))
        return self.serve_file(path)

    def make_jwt(self, service, scopes):
        access = []
        for scope in scopes:
            for one in scope.split(" "):
                kind, rest = one.split(":", 1)
                name, actions = rest.rsplit(":", 1)
                access.append({"type": kind, "name": name, "actions": actions.split(",")})
        now = int(time.time())
        user = self.server.user.split(":", 1)[0]
        header = {"typ": "JWT", "alg": "RS256", "x5c": [self.server.jwt_cert_der]}
        claims = {"iss": self.server.jwt_issuer, "sub": user, "aud": service, "exp": now + 300,
                  "nbf": now - 10, "iat": now, "jti": "%d-%d" % (now, os.getpid()),
                  "access": access}
        b64 = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=").decode()
        signing_input = b64(json.dumps(header).encode()) + "." + b64(json.dumps(claims).encode())
        signature = subprocess.run(
            ["openssl", "dgst", "-sha256", "-sign", self.server.jwt_key],
            input=signing_input.encode(), stdout=subprocess.PIPE, check=True).stdout
        return signing_input + "." + b64(signature)

    def serve_file(self, path):
        full = os.path.realpath(os.path.join(self.server.root, path.lstrip("/")))
        if not os.path.isfile(full):
            return self.send_text(404, "404 page not found\n")
        with open(full, "rb") as f:
            data = f.read()
        etag = '"' + hashlib.sha256(data).hexdigest()[:32] + '"'
        modified = self.date_time_string(int(os.path.getmtime(full)))
        headers = {"ETag": etag, "Last-Modified": modified}
        if self.headers.get("If-None-Match") == etag or (
                not self.headers.get("If-None-Match")
                and self.headers.get("If-Modified-Since") == modified):
            self.send_response(304)
            for k, v in headers.items():
                self.send_header(k, v)
            self.end_headers()
            return
        ctype = "application/x-yaml" if full.endswith(".yaml") else "application/gzip"
        headers["Content-Type"] = ctype
        self.send_text(200, data, headers)


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--root", required=True)
    p.add_argument("--port-file", required=True)
    p.add_argument("--cert")
    p.add_argument("--key")
    p.add_argument("--user", default="user:secret")
    p.add_argument("--verbose", action="store_true")
    p.add_argument("--jwt-key")
    p.add_argument("--jwt-cert")
    p.add_argument("--jwt-issuer", default="primer-test-issuer")
    a = p.parse_args()
    server = Server(("127.0.0.1", 0), Handler)
    server.root = a.root
    server.user = a.user
    server.verbose = a.verbose
    server.tls = bool(a.cert)
    server.jwt_key = a.jwt_key
    server.jwt_issuer = a.jwt_issuer
    server.jwt_cert_der = ""
    if a.jwt_cert:
        with open(a.jwt_cert) as f:
            pem = f.read()
        body = pem.split("-----BEGIN CERTIFICATE-----")[1].split("-----END CERTIFICATE-----")[0]
        server.jwt_cert_der = "".join(body.split())
    if a.cert:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(a.cert, a.key)
        server.socket = ctx.wrap_socket(server.socket, server_side=True)
    tmp = a.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(server.server_port))
    os.rename(tmp, a.port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
