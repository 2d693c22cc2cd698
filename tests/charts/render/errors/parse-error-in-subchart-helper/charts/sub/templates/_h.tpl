{{ define "x" }}{{ end }
