"""HTTP(S) front end: routing, content types, auth, watches, admin endpoints."""

import json
import select
import socket
import ssl
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from . import discovery
from . import fields
from . import errors
from . import protobuf
from . import selectors
from .openapi import V2_PROTO_TYPE, OpenAPI
from .store import WriteOptions

MAX_BODY = 3 * 1024 * 1024
PATCH_TYPES = {
    "application/json-patch+json": "json",
    "application/merge-patch+json": "merge",
    "application/strategic-merge-patch+json": "strategic",
    "application/apply-patch+yaml": "apply",
}
CR_PATCH_ACCEPTED = ["application/json-patch+json", "application/merge-patch+json",
                     "application/apply-patch+yaml"]
BUILTIN_PATCH_ACCEPTED = ["application/json-patch+json", "application/merge-patch+json",
                          "application/strategic-merge-patch+json", "application/apply-patch+yaml"]


def _dumps(o):
    return json.dumps(o, separators=(",", ":")).encode()


class App:
    """Everything a request handler needs; one per emulator."""

    def __init__(self, store, faults, token, controllers=None, aggregated_discovery=True,
                 basic_auth=None, log=None, bookmark_interval=10.0):
        self.store = store
        self.registry = store.registry
        self.faults = faults
        self.token = token
        self.basic_auth = basic_auth
        self.controllers = controllers
        self.aggregated_discovery = aggregated_discovery
        self.openapi = OpenAPI(store.registry)
        self.log = log
        self.log_lock = threading.Lock()
        self.stopping = threading.Event()
        self.server_address = ""
        self.bookmark_interval = bookmark_interval
        self.requests = 0
        self.profile = None  # a Profile when --profile is given (bench/emulator)

    def logline(self, s):
        if self.log is not None:
            with self.log_lock:
                self.log.write(s + "\n")
                self.log.flush()


_METHODS = {"GET": "GET", "HEAD": "GET", "POST": "POST", "PUT": "PUT", "PATCH": "PATCH",
            "DELETE": "DELETE"}
_REASONS = {c.value: c.phrase for c in __import__("http").HTTPStatus}
_DATE = [0, ""]


def _http_date():
    now = int(time.time())
    if _DATE[0] != now:
        _DATE[1] = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(now))
        _DATE[0] = now
    return _DATE[1]


def _warning_quote(text):
    return text.replace("\\", "\\\\").replace('"', '\\"')


class Headers:
    """Request headers: case-insensitive get (first value wins, as email.message does)."""

    __slots__ = ("_d", "_items")

    def __init__(self):
        self._d = {}
        self._items = []

    def add(self, k, v):
        self._items.append((k, v))
        self._d.setdefault(k.lower(), v)

    def get(self, k, default=None):
        return self._d.get(k.lower(), default)

    def __getitem__(self, k):
        return self._d.get(k.lower())

    def __contains__(self, k):
        return k.lower() in self._d

    def __len__(self):
        return len(self._items)

    def get_all(self, k, default=None):
        k = k.lower()
        out = [v for n, v in self._items if n.lower() == k]
        return out or default

    def items(self):
        return list(self._items)

    def keys(self):
        return [k for k, _ in self._items]


class Profile:
    """cProfile of request handling, summed over the handler threads (watches excluded)."""

    def __init__(self, path):
        self.path = path
        self.lock = threading.Lock()
        self.stats = None

    def run(self, fn):
        import cProfile
        p = cProfile.Profile()
        p.enable()
        try:
            return fn()
        finally:
            p.disable()
            import pstats
            with self.lock:
                if self.stats is None:
                    self.stats = pstats.Stats(p)
                else:
                    self.stats.add(p)

    def dump(self):
        with self.lock:
            if self.stats is not None:
                self.stats.dump_stats(self.path)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "kube-emulator"
    sys_version = ""
    timeout = 600

    def log_message(self, fmt, *args):  # the App logs instead
        pass

    def setup(self):
        self.app = self.server.app
        super().setup()

    def handle_one_request(self):
        """BaseHTTPRequestHandler.handle_one_request, lean: the request line and headers are
        taken from the read buffer in one piece when they are all there (one `peek` instead of
        a `readline` per header)."""
        try:
            rf = self.rfile
            buf = rf.peek(1)
            end = buf.find(b"\r\n\r\n")
            if end >= 0 and buf.find(b"\n\n", 0, end) < 0:  # else bare-LF lines: readline
                block = rf.read(end + 4)[:end]
                nl = block.find(b"\r\n")
                if nl < 0:
                    self.raw_requestline, lines = block + b"\r\n", []
                else:
                    self.raw_requestline = block[:nl + 2]
                    lines = block[nl + 2:].decode("iso-8859-1").split("\r\n")
            else:
                self.raw_requestline = rf.readline(65537)
                if len(self.raw_requestline) > 65536:
                    self.requestline = self.request_version = self.command = ""
                    self.send_error(414)
                    return
                lines = None
            if not self.raw_requestline:
                self.close_connection = True
                return
            if not self.parse_request(lines):
                return
            m = _METHODS.get(self.command)
            if m is None:
                self.send_error(501, "Unsupported method (%r)" % self.command)
                return
            self._dispatch(m)
            self.wfile.flush()
        except TimeoutError:
            self.close_connection = True

    # ---- plumbing --------------------------------------------------------------------------

    def _read_body(self):
        te = self.headers.get("Transfer-Encoding", "")
        if "chunked" in te.lower():
            chunks = []
            total = 0
            while True:
                line = self.rfile.readline(1024)
                size = int(line.split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline(1024) not in (b"\r\n", b"\n", b""):
                        pass
                    break
                total += size
                if total > MAX_BODY:
                    raise errors.ApiError(413, "RequestEntityTooLarge",
                                          "Request entity too large: limit is 3145728")
                chunks.append(self.rfile.read(size))
                self.rfile.readline(1024)
            return b"".join(chunks)
        n = int(self.headers.get("Content-Length") or 0)
        if n > MAX_BODY:
            self.rfile.read(n)
            raise errors.ApiError(413, "RequestEntityTooLarge",
                                  "Request entity too large: limit is 3145728")
        return self.rfile.read(n) if n else b""

    def _send(self, code, body, ctype="application/json", headers=None):
        # Built by hand (BaseHTTPRequestHandler.send_header costs more than the rest of a
        # GET), and headers and body in one send: two small writes meet the client's
        # delayed ACK and cost 40 ms each.
        if code == 304 or (headers and "Cache-Control" in headers):
            # 304: no Content-Type or Content-Length (Go's http.ServeContent)
            out = ["HTTP/1.1 %d %s\r\nServer: kube-emulator\r\nDate: %s\r\n%sAudit-Id: %x\r\n"
                   % (code, _REASONS.get(code, ""), _http_date(),
                      "" if code == 304 else "Content-Type: %s\r\nContent-Length: %d\r\n"
                      % (ctype, len(body)), id(self))]
            if "Cache-Control" not in headers:
                out.append("Cache-Control: no-cache, private\r\n")
        else:
            out = ["HTTP/1.1 %d %s\r\nServer: kube-emulator\r\nDate: %s\r\nContent-Type: %s\r\n"
                   "Content-Length: %d\r\nCache-Control: no-cache, private\r\nAudit-Id: %x\r\n"
                   % (code, _REASONS.get(code, ""), _http_date(), ctype, len(body), id(self))]
        for k, v in (headers or {}).items():
            out.append("%s: %s\r\n" % (k, v))
            if k.lower() == "connection" and v.lower() == "close":
                self.close_connection = True
        for text in self._warnings:
            out.append('Warning: 299 - "%s"\r\n' % _warning_quote(text))
        out.append("\r\n")
        data = "".join(out).encode("latin-1", "replace")
        if self.command != "HEAD" and code != 304:
            data += body
        self.wfile.write(data)
        self._code = code

    def parse_request(self, lines=None):
        """BaseHTTPRequestHandler.parse_request without the email package: the request line,
        headers into a case-insensitive dict, keep-alive and Expect: 100-continue. `lines`:
        the header lines when handle_one_request already has them."""
        self.command = None
        self.request_version = self.default_request_version
        self.close_connection = True
        line = str(self.raw_requestline, "iso-8859-1").rstrip("\r\n")
        self.requestline = line
        words = line.split()
        if len(words) != 3 or not words[2].startswith("HTTP/1."):
            self.send_error(400, "Bad request syntax (%r)" % line)
            return False
        self.command, self.path, self.request_version = words
        if self.path.startswith("//"):
            self.path = "/" + self.path.lstrip("/")
        headers = Headers()
        d = headers._d
        items = headers._items
        if lines is None:
            lines = []
            while True:
                raw = self.rfile.readline(65537)
                if len(raw) > 65536:
                    self.send_error(431, "Line too long")
                    return False
                if raw in (b"\r\n", b"\n", b""):
                    break
                lines.append(raw.decode("iso-8859-1"))
                if len(lines) > 100:
                    break
        if len(lines) > 100:
            self.send_error(431, "Too many headers")
            return False
        for raw in lines:
            k, _, v = raw.partition(":")
            k = k.strip()
            v = v.strip()
            items.append((k, v))
            kl = k.lower()
            if kl not in d:
                d[kl] = v
        self.headers = headers
        conn = d.get("connection", "").lower()
        if conn == "close":
            self.close_connection = True
        elif self.request_version == "HTTP/1.1" or conn == "keep-alive":
            self.close_connection = False
        if ("expect" in d and d["expect"].lower() == "100-continue"
                and self.request_version == "HTTP/1.1"):
            if not self.handle_expect_100():
                return False
        return True

    def _send_warnings(self):
        for text in getattr(self, "_warnings", ()):
            self.send_header("Warning", '299 - "%s"' % _warning_quote(text))

    def _send_obj(self, code, obj, headers=None):
        self._send(code, _dumps(obj), headers=headers)

    def _send_error(self, e):
        headers = dict(e.headers)
        if e.plain is not None:
            self._send(e.code, e.plain.encode(), "text/plain; charset=utf-8", headers)
        else:
            self._send(e.code, _dumps(e.status()), headers=headers)

    def _authorized(self):
        auth = self.headers.get("Authorization", "")
        if auth.startswith("Bearer ") and auth[7:].strip() == self.app.token:
            return True
        if auth.startswith("Basic ") and self.app.basic_auth:
            import base64
            try:
                if base64.b64decode(auth[6:].strip()).decode() == self.app.basic_auth:
                    return True
            except Exception:
                return False
        if isinstance(self.connection, ssl.SSLSocket):
            try:
                if self.connection.getpeercert():
                    return True
            except (ValueError, OSError):
                pass
        return False

    def _client_gone(self):
        sock = self.connection
        try:
            r, _, _ = select.select([sock], [], [], 0)
            if not r:
                return False
            sock.settimeout(0)
            try:
                data = sock.recv(1)
                return data == b""
            except (ssl.SSLWantReadError, BlockingIOError):
                return False
            except (ssl.SSLError, OSError):
                return True
            finally:
                sock.settimeout(self.timeout)
        except (OSError, ValueError):
            return True

    # ---- entry points ----------------------------------------------------------------------

    def _dispatch(self, method):
        t0 = time.time()
        self._code = 0
        self._warnings = []
        self.app.requests += 1
        if self.path.startswith("/"):
            path, _, query = self.path.partition("?")
            path = path.partition("#")[0]
            query = query.partition("#")[0]
        else:
            url = urllib.parse.urlsplit(self.path)
            path, query = url.path, url.query
        q = {k: v[-1] for k, v in urllib.parse.parse_qs(query, keep_blank_values=True).items()} \
            if query else {}
        try:
            body = self._read_body()
            public = path in ("/healthz", "/livez", "/readyz", "/version")
            if not public and not self._authorized():
                raise errors.ApiError(401, "Unauthorized", "Unauthorized")
            if not path.startswith("/admin/"):
                rule = self.app.faults.pick(method, path, q.get("watch") in ("true", "1"))
                if rule is not None and self._fault(rule):
                    return
            prof = self.app.profile
            if prof is not None and q.get("watch") not in ("true", "1"):
                prof.run(lambda: self._route(method, path, q, body))
            else:
                self._route(method, path, q, body)
        except errors.ApiError as e:
            self._send_error(e)
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
            self.close_connection = True
        except Exception as e:  # a bug in the emulator: report it as a 500, keep serving
            import traceback
            traceback.print_exc(file=sys.stderr)
            try:
                self._send_error(errors.internal("%s: %s" % (type(e).__name__, e)))
            except Exception:
                self.close_connection = True
        finally:
            if self.app.log is not None:
                self.app.logline("%.3f %s %s %s %.1fms %s" % (
                    t0, method, self.path, self._code, (time.time() - t0) * 1000,
                    self.headers.get("User-Agent", "")))

    def _fault(self, rule):
        """Apply a fault; True when the request is finished."""
        a = rule.action
        if a == "delay":
            time.sleep(rule.seconds)
            return False
        if a == "dropwatch":
            self._drop_after = rule.seconds
            return False
        if a == "reset":
            try:
                raw = self.connection
                raw.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            except OSError:
                pass
            self.close_connection = True
            try:
                self.connection.close()
            except OSError:
                pass
            self._code = "reset"
            return True
        code = int(a)
        if code == 429:
            e = errors.ApiError(429, "TooManyRequests", "Too many requests, please try again later.",
                                {"causes": [{"reason": "UnexpectedServerResponse",
                                             "message": "injected by kube-emulator"}],
                                 "retryAfterSeconds": rule.retry_after},
                                headers={"Retry-After": str(rule.retry_after)})
        elif code == 503:
            e = errors.ApiError(503, "ServiceUnavailable", "the server is currently unable to "
                                "handle the request", {"retryAfterSeconds": rule.retry_after},
                                headers={"Retry-After": str(rule.retry_after)})
        else:
            e = errors.internal("injected fault")
        self._send_error(e)
        return True

    # ---- routing ---------------------------------------------------------------------------

    def _route(self, method, path, q, body):
        app = self.app
        if path in ("/healthz", "/livez", "/readyz") or path.startswith(("/healthz/", "/livez/",
                                                                           "/readyz/")):
            text = "ok"
            if "verbose" in q:
                text = "[+]ping ok\n[+]log ok\n[+]etcd ok\n%s check passed\n" % path.strip("/")
            return self._send(200, text.encode(), "text/plain; charset=utf-8",
                              {"X-Content-Type-Options": "nosniff"})
        if path == "/version" and method == "GET":
            return self._send_obj(200, discovery.VERSION)
        if path.startswith("/admin/"):
            return self._admin(method, path, q, body)
        if path.startswith("/openapi/"):
            return self._openapi(path, q)
        stripped = path.strip("/")
        parts = stripped.split("/") if stripped else []
        if "%" in stripped:
            parts = [urllib.parse.unquote(p) for p in parts]
        if not parts or parts[0] not in ("api", "apis"):
            raise errors.not_found_plain()
        accept = self.headers.get("Accept", "")
        if parts == ["api"] and method == "GET":
            agg = discovery.wants_aggregated(accept) if app.aggregated_discovery else None
            if agg:
                return self._send(200, _dumps(discovery.aggregated(app.registry, True, agg)),
                                  discovery.AGGREGATED_V2 if agg == "v2" else
                                  discovery.AGGREGATED_V2BETA1)
            return self._send_obj(200, discovery.api_versions(app.server_address))
        if parts == ["apis"] and method == "GET":
            agg = discovery.wants_aggregated(accept) if app.aggregated_discovery else None
            if agg:
                return self._send(200, _dumps(discovery.aggregated(app.registry, False, agg)),
                                  discovery.AGGREGATED_V2 if agg == "v2" else
                                  discovery.AGGREGATED_V2BETA1)
            return self._send_obj(200, discovery.api_group_list(app.registry))
        if parts[0] == "apis" and len(parts) == 2 and method == "GET":
            g = discovery.api_group(app.registry, parts[1])
            if g is None:
                raise errors.not_found_plain()
            return self._send_obj(200, g)
        if parts[0] == "api":
            group, version, rest = "", parts[1], parts[2:]
        else:
            if len(parts) < 3:
                raise errors.not_found_plain()
            group, version, rest = parts[1], parts[2], parts[3:]
        if not rest:
            if method != "GET":
                raise errors.not_found_plain()
            rl = discovery.api_resource_list(app.registry, group, version)
            if rl is None:
                raise errors.not_found_plain()
            return self._send_obj(200, rl)
        self._resource(method, group, version, rest, q, body)

    def _openapi(self, path, q):
        """OpenAPI v3 as kube-openapi's handler3 serves it: an ETag (the SHA-512 the index
        URLs carry), 304 for a matching If-None-Match, and for a GV document asked for with
        `?hash=`: `Cache-Control: public, immutable` and a year's Expires when the hash is
        current, a 301 to the current URL when it is not. Clients' HTTP caches rely on it."""
        api = self.app.openapi
        if path == "/openapi/v3":
            data, etag = api.index_with_etag()
            return self._send_cacheable(data, etag, {"Last-Modified": _http_date()})
        if path.startswith("/openapi/v3/"):
            gv = path[len("/openapi/v3/"):]
            doc = api.document(gv)
            if doc is None:
                raise errors.not_found_plain()
            etag = api.etag(gv)
            headers = {"Vary": "Accept", "Last-Modified": api.last_modified}
            want = q.get("hash")
            if want:
                if want != etag:
                    url = "/openapi/v3/%s?hash=%s" % (gv, etag)
                    return self._send(301, b'<a href="%s">Moved Permanently</a>.\n\n'
                                      % url.encode(), "text/html; charset=utf-8",
                                      {"Location": url, "Vary": "Accept",
                                       "Etag": '"%s"' % etag})
                headers["Cache-Control"] = "public, immutable"
                headers["Expires"] = time.strftime("%a, %d %b %Y %H:%M:%S GMT",
                                                   time.gmtime(time.time() + 365 * 86400))
            return self._send_cacheable(doc, etag, headers)
        if path == "/openapi/v2":
            if "protobuf" in self.headers.get("Accept", ""):
                return self._send(200, b"", V2_PROTO_TYPE)
            return self._send_obj(200, {"swagger": "2.0", "info": {"title": "Kubernetes",
                                                                   "version": "v1.33.1"},
                                        "paths": {}, "definitions": {}})
        raise errors.not_found_plain()

    def _send_cacheable(self, data, etag, headers):
        headers["Etag"] = '"%s"' % etag
        inm = self.headers.get("If-None-Match")
        if inm is not None and ('"%s"' % etag in [t.strip().removeprefix("W/")
                                                  for t in inm.split(",")] or inm.strip() == "*"):
            headers.pop("Last-Modified", None)  # Go drops it when there is an ETag
            return self._send(304, b"", headers=headers)
        return self._send(200, data, headers=headers)

    # ---- admin -----------------------------------------------------------------------------

    def _admin(self, method, path, q, body):
        app = self.app
        if path == "/admin/faults":
            if method in ("PUT", "POST"):
                try:
                    app.faults.set(body.decode())
                except ValueError as e:
                    raise errors.bad_request(str(e))
            elif method == "DELETE":
                app.faults.set("")
            return self._send_obj(200, {"rules": app.faults.to_json()})
        if path == "/admin/compact" and method == "POST":
            app.store.compact()
            return self._send_obj(200, {"compactedResourceVersion": str(app.store.compacted_rv)})
        if path == "/admin/controllers":
            c = app.controllers
            if c is None:
                raise errors.not_found_plain()
            if method in ("PUT", "POST"):
                try:
                    c.configure(json.loads(body or b"{}"))
                except (ValueError, TypeError) as e:
                    raise errors.bad_request(str(e))
            return self._send_obj(200, c.describe())
        if path == "/admin/stats":
            return self._send_obj(200, {"requests": app.requests, "resourceVersion": str(app.store.rv)})
        raise errors.not_found_plain()

    # ---- resources -------------------------------------------------------------------------

    def _resource(self, method, group, version, rest, q, body):
        app = self.app
        ns = None
        if rest[0] == "namespaces" and len(rest) >= 3 and not (len(rest) == 3 and
                                                                rest[2] in ("status", "finalize")):
            ns = rest[1]
            rest = rest[2:]
        plural = rest[0]
        name = rest[1] if len(rest) > 1 else None
        sub = rest[2] if len(rest) > 2 else None
        if len(rest) > 3:
            raise errors.not_found_plain()
        res = app.registry.lookup(group, version, plural)
        if res is None:
            raise errors.not_found_plain()
        if ns is not None and not res.namespaced:
            raise errors.not_found_plain()
        if name is not None and res.namespaced and ns is None:
            raise errors.not_found_plain()
        if sub is not None and sub not in res.subresources:
            raise errors.not_found_plain()
        store = app.store
        dry = q.get("dryRun")
        if dry not in (None, "", "All"):
            raise errors.ApiError(422, "Invalid", 'DryRun is invalid: dryRun: Unsupported value: "%s"'
                                  ': supported values: "All"' % dry)
        if res.deprecation_warning:
            self._warnings.append(res.deprecation_warning)
        if method == "GET" and sub != "scale":
            if name is not None:
                return self._send(200, store.get_json(res, ns, name))
            if q.get("watch") in ("true", "1"):
                return self._watch(res, ns, q)
            return self._list(res, ns, q)
        is_apply = method == "PATCH" and (self.headers.get("Content-Type") or "").startswith(
            "application/apply-patch")
        opts = WriteOptions(manager=q.get("fieldManager") or (None if is_apply else
                                                              self._default_manager()),
                            dry_run=dry == "All", force=q.get("force") == "true",
                            subresource=sub, field_validation=q.get("fieldValidation") or "Warn")
        opts.warnings = self._warnings
        strict = opts.field_validation in ("Strict", "Warn")
        if name is None:
            if method == "POST":
                if ns is None and res.namespaced:
                    raise errors.method_not_allowed("create", res)
                obj = self._decode(body, res, strict)
                out = store.create(res, ns, obj, opts)
                return self._send_obj(201, out)
            if method == "DELETE":
                return self._delete_collection(res, ns, q, body)
            raise errors.method_not_allowed(method.lower(), res)
        if sub == "scale":
            return self._scale(method, res, ns, name, body, opts)
        if method == "PUT":
            obj = self._decode(body, res, strict)
            return self._send_obj(200, store.update(res, ns, name, obj, opts))
        if method == "PATCH":
            ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip()
            ptype = PATCH_TYPES.get(ctype)
            if ptype is None or (ptype == "strategic" and res.custom):
                raise errors.unsupported_media(CR_PATCH_ACCEPTED if res.custom
                                               else BUILTIN_PATCH_ACCEPTED)
            if q.get("force") and ptype != "apply":
                raise errors.ApiError(422, "Invalid", "PatchOptions.meta.k8s.io \"\" is invalid: "
                                      "force: Forbidden: may not be specified for non-apply patch",
                                      {"group": "meta.k8s.io", "kind": "PatchOptions", "causes": [
                                          {"reason": "FieldValueForbidden", "field": "force",
                                           "message": "Forbidden: may not be specified for "
                                                      "non-apply patch"}]})
            try:
                if ptype == "apply" and strict:
                    opts.raw_body = body.decode("utf-8", "replace")
                    patch = fields.loads_checked(body or b"null")
                else:
                    patch = json.loads(body or b"null")
            except ValueError as e:
                if ptype == "apply":
                    raise errors.bad_request("error decoding YAML: the emulator accepts JSON apply "
                                             "bodies only: %s" % e)
                raise errors.bad_request("error decoding patch: %s" % e)
            out, created = store.patch(res, ns, name, ptype, patch, opts)
            return self._send_obj(201 if created else 200, out)
        if method == "DELETE":
            options = self._decode_delete_options(body)
            if options.get("dryRun") == ["All"]:
                opts.dry_run = True
            out, gone = store.delete(res, ns, name, options, opts.dry_run)
            if gone and res.kind != "Namespace":
                details = {"name": name, "kind": res.plural, "uid": out["metadata"].get("uid")}
                if res.group:
                    details = {"name": name, "group": res.group, "kind": res.plural,
                               "uid": out["metadata"].get("uid")}
                return self._send_obj(200, {"kind": "Status", "apiVersion": "v1", "metadata": {},
                                            "status": "Success", "details": details})
            return self._send_obj(200, out)
        raise errors.method_not_allowed(method.lower(), res)

    def _default_manager(self):
        ua = self.headers.get("User-Agent", "")
        return ua.split("/")[0] if ua else "unknown"

    def _decode(self, body, res, strict=False):
        ctype = (self.headers.get("Content-Type") or "application/json").split(";")[0].strip()
        if ctype == "application/vnd.kubernetes.protobuf":
            if res.custom:
                raise errors.unsupported_media(["application/json", "application/yaml"])
            try:
                return protobuf.decode(body)
            except protobuf.DecodeError as e:
                raise errors.unsupported_media(["application/json", "application/yaml"]) \
                    if "no protobuf decoder" in str(e) else errors.bad_request(str(e))
        if ctype not in ("application/json", "application/yaml", "*/*", ""):
            raise errors.unsupported_media(["application/json", "application/yaml",
                                            "application/vnd.kubernetes.protobuf"])
        try:
            return fields.loads_checked(body or b"null") if strict else json.loads(body or b"null")
        except ValueError as e:
            raise errors.bad_request("couldn't decode the body as JSON (the emulator does not "
                                     "parse YAML): %s" % e)

    def _decode_delete_options(self, body):
        if not body:
            return {}
        if body.startswith(protobuf.MAGIC):
            try:
                return protobuf.decode(body)
            except protobuf.DecodeError as e:
                raise errors.bad_request(str(e))
        try:
            o = json.loads(body)
        except ValueError as e:
            raise errors.bad_request(str(e))
        return o if isinstance(o, dict) else {}

    def _list(self, res, ns, q):
        lp = selectors.parse_labels(q.get("labelSelector", ""))
        fp = selectors.parse_fields(q.get("fieldSelector", ""), res.kind)
        try:
            limit = int(q.get("limit") or 0)
        except ValueError:
            raise errors.bad_request("invalid limit")
        items, rv, token, remaining = self.app.store.list(res, ns, lp, fp, limit, q.get("continue"),
                                                          encoded=True)
        meta = {"resourceVersion": rv}
        if token:
            meta["continue"] = token
            meta["remainingItemCount"] = remaining
        # the bytes json.dumps would give for the whole list, from each item's cached encoding
        self._send(200, b"".join((b'{"kind":', _dumps(res.list_kind), b',"apiVersion":',
                                  _dumps(res.group_version), b',"metadata":', _dumps(meta),
                                  b',"items":[', b",".join(items), b"]}")))

    def _delete_collection(self, res, ns, q, body):
        lp = selectors.parse_labels(q.get("labelSelector", ""))
        fp = selectors.parse_fields(q.get("fieldSelector", ""), res.kind)
        options = self._decode_delete_options(body)
        store = self.app.store
        with store.lock:
            items, _, _, _ = store.list(res, ns, lp, fp)
            out = []
            for it in items:
                m = it["metadata"]
                try:
                    o, _ = store.delete(res, m.get("namespace"), m["name"], options,
                                        q.get("dryRun") == "All")
                    out.append(o)
                except errors.ApiError:
                    pass
        self._send_obj(200, {"kind": res.list_kind, "apiVersion": res.group_version,
                             "metadata": {"resourceVersion": str(store.rv)}, "items": out})

    def _scale(self, method, res, ns, name, body, opts):
        store = self.app.store
        obj = store.get(res, ns, name)
        if method in ("PUT", "PATCH"):
            s = json.loads(body or b"{}")
            replicas = (s.get("spec") or {}).get("replicas")
            if replicas is not None:
                store.patch(res, ns, name, "merge", {"spec": {"replicas": replicas}},
                            WriteOptions(opts.manager, opts.dry_run))
                obj = store.get(res, ns, name)
        sel = ((obj.get("spec") or {}).get("selector") or {}).get("matchLabels") or {}
        m = obj["metadata"]
        self._send_obj(200, {"kind": "Scale", "apiVersion": "autoscaling/v1",
                             "metadata": {"name": m["name"], "namespace": m.get("namespace"),
                                          "uid": m["uid"], "resourceVersion": m["resourceVersion"],
                                          "creationTimestamp": m["creationTimestamp"]},
                             "spec": {"replicas": (obj.get("spec") or {}).get("replicas", 0)},
                             "status": {"replicas": (obj.get("status") or {}).get("replicas", 0),
                                        "selector": ",".join("%s=%s" % kv for kv in sorted(sel.items()))}})

    # ---- watch -----------------------------------------------------------------------------

    def _watch(self, res, ns, q):
        store = self.app.store
        lp = selectors.parse_labels(q.get("labelSelector", ""))
        fp = selectors.parse_fields(q.get("fieldSelector", ""), res.kind)
        from .selectors import match_fields, match_labels
        send_initial = q.get("sendInitialEvents")
        bookmarks = q.get("allowWatchBookmarks") == "true"
        rv_param = q.get("resourceVersion", "")
        if send_initial == "true":
            if q.get("resourceVersionMatch") != "NotOlderThan":
                raise errors.ApiError(422, "Invalid", "ListOptions.meta.k8s.io \"\" is invalid: "
                                      "resourceVersionMatch: Forbidden: sendInitialEvents requires "
                                      "setting resourceVersionMatch to NotOlderThan")
        try:
            timeout = float(q.get("timeoutSeconds") or 1800)
        except ValueError:
            timeout = 1800.0
        deadline = time.time() + min(timeout, 3600)
        drop_after = getattr(self, "_drop_after", None)
        if drop_after is not None:
            deadline = min(deadline, time.time() + drop_after)

        def visible(obj):
            if ns is not None and obj["metadata"].get("namespace") != ns:
                return False
            return match_labels(lp, obj) and match_fields(fp, obj)
        filtered = bool(lp or fp)

        initial = []
        error_event = None
        with store.lock:
            cursor = store.rv
            if send_initial == "true" or (send_initial is None and rv_param in ("", "0")):
                items, _, _, _ = store.list(res, ns, lp, fp)
                initial = [{"type": "ADDED", "object": o} for o in items]
            elif send_initial != "true" and rv_param not in ("", "0"):
                try:
                    cursor = int(rv_param)
                    store.events_after(cursor)
                except ValueError:
                    raise errors.bad_request("invalid resource version %r" % rv_param)
                except errors.ApiError as e:
                    error_event = {"type": "ERROR", "object": e.status()}
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("Cache-Control", "no-cache, private")
        self._send_warnings()
        self.end_headers()
        self._code = 200

        def write(ev):
            data = _dumps(ev) + b"\n"
            self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))

        def bookmark(rv, initial_end=False):
            meta = {"resourceVersion": str(rv)}
            if initial_end:
                meta["annotations"] = {"k8s.io/initial-events-end": "true"}
            return {"type": "BOOKMARK", "object": {"kind": res.kind, "apiVersion": res.group_version,
                                                   "metadata": meta}}
        try:
            if error_event is not None:
                write(error_event)
                return self._end_chunks()
            for ev in initial:
                write(ev)
            if send_initial == "true":
                write(bookmark(cursor, True))
            last_bookmark = time.time()
            while not self.app.stopping.is_set():
                now = time.time()
                if now >= deadline:
                    break
                # short waits: a client that went away is noticed (and its thread freed) soon
                store.wait_for_change(cursor, min(0.25, deadline - now))
                try:
                    evs = store.events_after(cursor)
                except errors.ApiError as e:
                    write({"type": "ERROR", "object": e.status()})
                    break
                key = res.key()
                for ev in evs:
                    cursor = ev.rv
                    if ev.key != key:
                        continue
                    out = self._watch_event(res, ev, visible, filtered)
                    if out is not None:
                        write(out)
                if bookmarks and time.time() - last_bookmark >= self.app.bookmark_interval:
                    write(bookmark(store.rv))
                    last_bookmark = time.time()
                if self._client_gone():
                    self.close_connection = True
                    return
            self._end_chunks()
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError, OSError):
            self.close_connection = True

    def _watch_event(self, res, ev, visible, filtered):
        """The event a watcher sees. With a selector, an update that makes an object stop
        matching is a DELETED of its previous state at the new resourceVersion, and one that
        makes it start matching is an ADDED (apiserver cacher `convertToWatchEvent`)."""
        store = self.app.store
        now = visible(ev.obj)
        if ev.type != "MODIFIED" or ev.prev is None or not filtered:
            return {"type": ev.type, "object": store._versioned(res, ev.obj)} if now else None
        before = visible(ev.prev)
        if now:
            return {"type": "MODIFIED" if before else "ADDED",
                    "object": store._versioned(res, ev.obj)}
        if before:
            meta = dict(ev.prev["metadata"], resourceVersion=ev.obj["metadata"]["resourceVersion"])
            return {"type": "DELETED", "object": store._versioned(res, dict(ev.prev, metadata=meta))}
        return None

    def _end_chunks(self):
        self.wfile.write(b"0\r\n\r\n")


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256
    allow_reuse_address = True

    def __init__(self, addr, app, ssl_ctx=None):
        self.app = app
        self.ssl_ctx = ssl_ctx
        super().__init__(addr, Handler)

    def finish_request(self, request, client_address):
        conn = request
        try:
            request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:
            pass
        if self.ssl_ctx is not None:
            request.settimeout(15)
            try:
                conn = self.ssl_ctx.wrap_socket(request, server_side=True)
            except (ssl.SSLError, OSError):
                try:
                    request.close()
                except OSError:
                    pass
                return
            conn.settimeout(None)
        try:
            self.RequestHandlerClass(conn, client_address, self)
        finally:
            if conn is not request:
                try:
                    conn.close()
                except OSError:
                    pass

    def handle_error(self, request, client_address):
        pass  # broken connections are routine (clients drop watches)
