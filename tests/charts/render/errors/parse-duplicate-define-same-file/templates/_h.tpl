{{ define "a" }}one{{ end }}{{ define "a" }}two{{ end }}
