"""Decoder for the Kubernetes protobuf request bodies clients send (spec 3.2, 11.7).

Wire: magic b"k8s\\x00", then runtime.Unknown {1 typeMeta{1 apiVersion, 2 kind}, 2 raw,
3 contentEncoding, 4 contentType}; `raw` is the object's own message. Only the messages that
kubectl create and helm's release storage send are decoded; zero values mean "unset".
"""

import base64
import datetime

MAGIC = b"k8s\x00"


class DecodeError(Exception):
    pass


def _varint(buf, i):
    shift = 0
    val = 0
    while True:
        if i >= len(buf):
            raise DecodeError("truncated varint")
        b = buf[i]
        i += 1
        val |= (b & 0x7F) << shift
        if not b & 0x80:
            return val, i
        shift += 7
        if shift > 70:
            raise DecodeError("varint too long")


def fields(buf):
    """[(field number, wire type, value)]; value is int for varints, bytes otherwise."""
    out = []
    i = 0
    n = len(buf)
    while i < n:
        tag, i = _varint(buf, i)
        num, wt = tag >> 3, tag & 7
        if wt == 0:
            v, i = _varint(buf, i)
        elif wt == 2:
            ln, i = _varint(buf, i)
            if i + ln > n:
                raise DecodeError("truncated field %d" % num)
            v = bytes(buf[i:i + ln])
            i += ln
        elif wt == 1:
            v = int.from_bytes(buf[i:i + 8], "little")
            i += 8
        elif wt == 5:
            v = int.from_bytes(buf[i:i + 4], "little")
            i += 4
        else:
            raise DecodeError("unsupported wire type %d" % wt)
        out.append((num, wt, v))
    return out


def _by_num(buf):
    d = {}
    for num, _, v in fields(buf):
        d.setdefault(num, []).append(v)
    return d


def _str(d, n):
    v = d.get(n)
    return v[-1].decode("utf-8") if v else ""


def _int(d, n, signed=True):
    v = d.get(n)
    if not v:
        return 0
    x = v[-1]
    if signed and x >= 1 << 63:
        x -= 1 << 64
    return x


def _map(d, n, as_bytes=False):
    out = {}
    for entry in d.get(n, []):
        e = _by_num(entry)
        k = _str(e, 1)
        raw = e.get(2, [b""])[-1]
        out[k] = base64.b64encode(raw).decode() if as_bytes else raw.decode("utf-8")
    return out


def _time(buf):
    d = _by_num(buf)
    secs = _int(d, 1)
    if secs == 0:
        return None
    return datetime.datetime.fromtimestamp(secs, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def object_meta(buf):
    d = _by_num(buf)
    m = {}
    for num, key in ((1, "name"), (2, "generateName"), (3, "namespace"), (5, "uid"),
                     (6, "resourceVersion")):
        s = _str(d, num)
        if s:
            m[key] = s
    gen = _int(d, 7)
    if gen:
        m["generation"] = gen
    if d.get(8):
        t = _time(d[8][-1])
        if t:
            m["creationTimestamp"] = t
    labels = _map(d, 11)
    if labels:
        m["labels"] = labels
    ann = _map(d, 12)
    if ann:
        m["annotations"] = ann
    refs = []
    for r in d.get(13, []):
        rd = _by_num(r)
        ref = {"apiVersion": _str(rd, 5), "kind": _str(rd, 1), "name": _str(rd, 3), "uid": _str(rd, 4)}
        if rd.get(6):
            ref["controller"] = bool(_int(rd, 6))
        if rd.get(7):
            ref["blockOwnerDeletion"] = bool(_int(rd, 7))
        refs.append(ref)
    if refs:
        m["ownerReferences"] = refs
    fins = [f.decode() for f in d.get(14, [])]
    if fins:
        m["finalizers"] = fins
    return m


def _secret(d):
    o = {"metadata": object_meta(d[1][-1]) if d.get(1) else {}}
    data = _map(d, 2, as_bytes=True)
    if data:
        o["data"] = data
    t = _str(d, 3)
    if t:
        o["type"] = t
    sd = _map(d, 4)
    if sd:
        o["stringData"] = sd
    if d.get(5):
        o["immutable"] = bool(_int(d, 5))
    return o


def _configmap(d):
    o = {"metadata": object_meta(d[1][-1]) if d.get(1) else {}}
    data = _map(d, 2)
    if data:
        o["data"] = data
    bd = _map(d, 3, as_bytes=True)
    if bd:
        o["binaryData"] = bd
    if d.get(4):
        o["immutable"] = bool(_int(d, 4))
    return o


def _namespace(d):
    o = {"metadata": object_meta(d[1][-1]) if d.get(1) else {}}
    if d.get(2):
        spec = _by_num(d[2][-1])
        fins = [f.decode() for f in spec.get(1, [])]
        o["spec"] = {"finalizers": fins} if fins else {}
    return o


def _serviceaccount(d):
    o = {"metadata": object_meta(d[1][-1]) if d.get(1) else {}}
    if d.get(4):
        o["automountServiceAccountToken"] = bool(_int(d, 4))
    ips = [{"name": _str(_by_num(x), 1)} for x in d.get(3, [])]
    if ips:
        o["imagePullSecrets"] = ips
    return o


def _delete_options(d):
    o = {}
    if d.get(1):
        o["gracePeriodSeconds"] = _int(d, 1)
    if d.get(2):
        p = _by_num(d[2][-1])
        pre = {}
        if _str(p, 1):
            pre["uid"] = _str(p, 1)
        if _str(p, 2):
            pre["resourceVersion"] = _str(p, 2)
        o["preconditions"] = pre
    if d.get(3):
        o["orphanDependents"] = bool(_int(d, 3))
    if _str(d, 4):
        o["propagationPolicy"] = _str(d, 4)
    dr = [x.decode() for x in d.get(5, [])]
    if dr:
        o["dryRun"] = dr
    return o


DECODERS = {
    ("v1", "Secret"): _secret,
    ("v1", "ConfigMap"): _configmap,
    ("v1", "Namespace"): _namespace,
    ("v1", "ServiceAccount"): _serviceaccount,
    ("v1", "DeleteOptions"): _delete_options,
    ("meta.k8s.io/v1", "DeleteOptions"): _delete_options,
}


def decode(body):
    """The JSON-equivalent dict of a protobuf body. Raises DecodeError for unknown kinds."""
    if not body.startswith(MAGIC):
        raise DecodeError("missing protobuf magic")
    u = _by_num(body[len(MAGIC):])
    tm = _by_num(u[1][-1]) if u.get(1) else {}
    api_version, kind = _str(tm, 1), _str(tm, 2)
    raw = u.get(2, [b""])[-1]
    dec = DECODERS.get((api_version, kind))
    if dec is None:
        raise DecodeError("no protobuf decoder for %s %s" % (api_version, kind))
    obj = dec(_by_num(raw))
    if kind != "DeleteOptions":
        obj = dict({"apiVersion": api_version, "kind": kind}, **obj)
    else:
        obj = dict({"apiVersion": api_version, "kind": kind}, **obj) if obj else {}
    return obj


# ---- a tiny encoder, used by the unit tests to build request bodies ----------------------

def _enc_varint(n):
    if n < 0:
        n += 1 << 64
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def enc_field(num, value):
    if isinstance(value, bool):
        return _enc_varint(num << 3) + _enc_varint(int(value))
    if isinstance(value, int):
        return _enc_varint(num << 3) + _enc_varint(value)
    if isinstance(value, str):
        value = value.encode()
    return _enc_varint(num << 3 | 2) + _enc_varint(len(value)) + value


def enc_map(num, m):
    return b"".join(enc_field(num, enc_field(1, k) + enc_field(2, v)) for k, v in m.items())


def envelope(api_version, kind, raw):
    return MAGIC + enc_field(1, enc_field(1, api_version) + enc_field(2, kind)) + enc_field(2, raw) \
        + enc_field(3, "") + enc_field(4, "")
