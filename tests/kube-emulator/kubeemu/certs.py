"""A throw-away CA, serving certificate and client certificate made with the openssl CLI."""

import os
import subprocess


def _run(args, cwd):
    subprocess.run(["openssl"] + args, cwd=cwd, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.PIPE, timeout=60)


def make(dirpath):
    """Writes ca.{key,crt}, server.{key,crt}, client.{key,crt} into dirpath; returns paths."""
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    _run(["req", "-x509"] + ec + ["-keyout", "ca.key", "-out", "ca.crt", "-days", "2",
          "-subj", "/CN=kube-emulator-ca", "-addext", "basicConstraints=critical,CA:TRUE",
          "-addext", "keyUsage=critical,keyCertSign,cRLSign,digitalSignature"], dirpath)
    with open(os.path.join(dirpath, "server.ext"), "w") as f:
        f.write("basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n"
                "extendedKeyUsage=serverAuth\n"
                "subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,"
                "DNS:kubernetes.default.svc\n")
    with open(os.path.join(dirpath, "client.ext"), "w") as f:
        f.write("basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n"
                "extendedKeyUsage=clientAuth\n")
    for who, subj in (("server", "/CN=kube-apiserver"), ("client", "/O=system:masters/CN=admin")):
        _run(["req", "-new"] + ec + ["-keyout", who + ".key", "-out", who + ".csr", "-subj", subj],
             dirpath)
        _run(["x509", "-req", "-in", who + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key",
              "-CAcreateserial", "-out", who + ".crt", "-days", "2", "-extfile", who + ".ext"],
             dirpath)
    return {k: os.path.join(dirpath, k) for k in
            ("ca.crt", "ca.key", "server.crt", "server.key", "client.crt", "client.key")}
