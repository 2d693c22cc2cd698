#!/usr/bin/env python3
"""Writes a synthetic, chart-shaped template set for the template benchmarks: helper
defines, one template per component using range/with/if/printf/template, and data.json.
Usage: gen_template_set.py DIR [COMPONENTS]"""
import json
import os
import sys

out = sys.argv[1]
count = int(sys.argv[2]) if len(sys.argv) > 2 else 60
os.makedirs(out, exist_ok=True)

helpers = """{{- define "labels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ $.release }}
{{- range $k, $v := .labels }}
{{ $k }}: {{ printf "%q" $v }}
{{- end }}
{{- end -}}
{{- define "image" -}}
{{ printf "%s/%s:%s" .image.registry .image.repository .image.tag }}
{{- end -}}
"""
component = """{{- $c := index .components "%(name)s" }}
{{- if $c.enabled }}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ $c.name }}
  labels:
{{ template "labels" $c }}
spec:
  replicas: {{ $c.replicas }}
  template:
    spec:
      containers:
      - name: {{ $c.name }}
        image: {{ template "image" $c }}
        {{- with $c.args }}
        args:
        {{- range . }}
        - {{ . | printf "%%q" }}
        {{- end }}
        {{- end }}
        ports:
        {{- range $i, $p := $c.ports }}
        - name: {{ $p.name }}
          containerPort: {{ $p.port }}
          {{- if and $p.protocol (ne $p.protocol "TCP") }}
          protocol: {{ $p.protocol }}
          {{- end }}
        {{- end }}
        env:
        {{- range $k, $v := $c.env }}
        - name: {{ $k }}
          value: {{ $v | print | printf "%%q" }}
        {{- end }}
{{- else }}
# {{ $c.name }} disabled
{{- end }}
"""

with open(os.path.join(out, "_helpers.tpl"), "w") as f:
    f.write(helpers)
components = {}
for i in range(count):
    name = "component-%03d" % i
    components[name] = {
        "name": name,
        "enabled": i % 7 != 0,
        "replicas": i % 3 + 1,
        "labels": {"tier": ["web", "api", "worker"][i % 3], "team": "team-%d" % (i % 5)},
        "image": {"registry": "registry.example", "repository": "org/" + name, "tag": "v1.%d.0" % i},
        "args": ["--port=%d" % (8000 + i), "--log-level=info", "--name=" + name],
        "ports": [{"name": "http", "port": 8000 + i, "protocol": "TCP"},
                  {"name": "metrics", "port": 9000 + i, "protocol": "UDP" if i % 2 else "TCP"}],
        "env": {"KEY_%d" % k: "value %d of %s" % (k, name) for k in range(8)},
    }
    with open(os.path.join(out, name + ".yaml"), "w") as f:
        f.write(component % {"name": name})
with open(os.path.join(out, "data.json"), "w") as f:
    json.dump({"release": "bench", "components": components}, f)
