"""metav1.Status error bodies (spec 3.9) and the exception that carries them."""


class ApiError(Exception):
    def __init__(self, code, reason, message, details=None, headers=None, plain=None):
        super().__init__(message)
        self.code = code
        self.reason = reason
        self.message = message
        self.details = details
        self.headers = headers or {}
        self.plain = plain  # a plain-text body instead of a Status (rare; e.g. CRD terminating)

    def status(self):
        s = {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
             "message": self.message}
        if self.reason:
            s["reason"] = self.reason
        if self.details is not None:
            s["details"] = self.details
        s["code"] = self.code
        return s


def _details(res, name):
    d = {}
    if name:
        d["name"] = name
    if res.group:
        d["group"] = res.group
    d["kind"] = res.plural
    return d


def not_found(res, name):
    return ApiError(404, "NotFound", '%s "%s" not found' % (res.group_resource, name),
                    _details(res, name))


def not_found_plain():
    return ApiError(404, "NotFound", "the server could not find the requested resource", {})


def already_exists(res, name):
    return ApiError(409, "AlreadyExists", '%s "%s" already exists' % (res.group_resource, name),
                    _details(res, name))


def conflict(res, name):
    return ApiError(409, "Conflict",
                    'Operation cannot be fulfilled on %s "%s": the object has been modified; '
                    "please apply your changes to the latest version and try again"
                    % (res.group_resource, name), _details(res, name))


def conflict_msg(res, name, msg):
    return ApiError(409, "Conflict", 'Operation cannot be fulfilled on %s "%s": %s'
                    % (res.group_resource, name, msg), _details(res, name))


def bad_request(msg):
    return ApiError(400, "BadRequest", msg)


def invalid(kind, group, name, causes):
    """422 Invalid. causes: [(reason, field, message-tail)], e.g.
    ("FieldValueRequired", "metadata.name", "Required value: name or generateName is required")."""
    qualified = kind + "." + group if group else kind
    parts = ["%s: %s" % (f, m) for (_, f, m) in causes]
    if len(parts) == 1:
        msg = '%s "%s" is invalid: %s' % (qualified, name, parts[0])
    else:
        msg = '%s "%s" is invalid: [%s]' % (qualified, name, ", ".join(parts))
    d = {"name": name, "kind": kind, "causes": [
        {"reason": r, "message": m, "field": f} for (r, f, m) in causes]}
    if group:
        d = {"name": name, "group": group, "kind": kind, "causes": d["causes"]}
    return ApiError(422, "Invalid", msg, d)


def forbidden(res, name, msg):
    target = '%s "%s"' % (res.group_resource, name) if name else res.group_resource
    return ApiError(403, "Forbidden", "%s is forbidden: %s" % (target, msg), _details(res, name))


def unsupported_media(accepted):
    return ApiError(415, "UnsupportedMediaType",
                    "the body of the request was in an unknown format - accepted media types "
                    "include: " + ", ".join(accepted))


def method_not_allowed(verb, res):
    return ApiError(405, "MethodNotAllowed",
                    '%s is not supported on resources of kind "%s"' % (verb, res.plural), {})


def gone(msg):
    return ApiError(410, "Expired", msg)


def internal(msg):
    return ApiError(500, "InternalError", "Internal error occurred: " + msg,
                    {"causes": [{"message": msg}]})
