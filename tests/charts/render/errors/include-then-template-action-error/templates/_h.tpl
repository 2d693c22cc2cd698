{{ define "inner" }}

  {{ .Values.a.b }}{{ end }}{{ define "outer" }}{{ template "inner" . }}{{ end }}