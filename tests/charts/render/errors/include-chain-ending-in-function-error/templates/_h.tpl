{{- define "idx" }}{{ index (list 1) 5 }}{{ end }}
{{- define "outer" }}{{ include "idx" . }}{{ end }}