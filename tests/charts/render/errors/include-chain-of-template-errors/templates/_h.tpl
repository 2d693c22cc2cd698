{{- define "bad" }}{{ .Values.missing.x }}{{ end }}
{{- define "outer" }}{{ include "bad" . }}{{ end }}