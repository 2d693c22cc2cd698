package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"text/template"
)

type Case struct {
	Name    string `json:"name"`
	Tmpl    string `json:"tmpl"`
	Data    string `json:"data"`
	Missing string `json:"missing"`
	Extra   []string `json:"extra"` // extra templates parsed in order: "name\x00text"
	Exec    string `json:"exec"`
}

type Result struct {
	Name string `json:"name"`
	Out  string `json:"out"`
	Err  string `json:"err"`
	Fail bool   `json:"fail"`
}

func conv(v interface{}) interface{} {
	switch x := v.(type) {
	case json.Number:
		s := string(x)
		if strings.ContainsAny(s, ".eE") {
			f, _ := x.Float64()
			return f
		}
		i, err := x.Int64()
		if err != nil {
			f, _ := x.Float64()
			return f
		}
		return i
	case map[string]interface{}:
		for k, e := range x {
			x[k] = conv(e)
		}
		return x
	case []interface{}:
		for i, e := range x {
			x[i] = conv(e)
		}
		return x
	}
	return v
}

func run(c Case) (res Result) {
	res.Name = c.Name
	defer func() {
		if r := recover(); r != nil {
			res.Fail = true
			res.Err = fmt.Sprint("PANIC: ", r)
		}
	}()
	var data interface{}
	if c.Data != "" {
		d := json.NewDecoder(strings.NewReader(c.Data))
		d.UseNumber()
		if err := d.Decode(&data); err != nil {
			res.Fail = true
			res.Err = "BADDATA: " + err.Error()
			return
		}
		data = conv(data)
	}
	t := template.New("t").Funcs(template.FuncMap{
		"fint":   func(i int) int { return i * 2 },
		"fint64": func(i int64) int64 { return i * 2 },
		"ffloat": func(f float64) float64 { return f * 2 },
		"fstr":   func(s string) string { return "<" + s + ">" },
		"fbool":  func(b bool) bool { return !b },
		"flist":  func(l []interface{}) int { return len(l) },
		"fmap":   func(m map[string]interface{}) int { return len(m) },
		"fany":   func(v interface{}) string { return fmt.Sprintf("%T", v) },
		"fvar":   func(s string, rest ...int) int { return len(s) + len(rest) },
		"ferr":   func() (string, error) { return "", fmt.Errorf("boom") },
		"fslist": func() []string { return []string{"x", "y"} },
	})
	if c.Missing != "" {
		t = t.Option("missingkey=" + c.Missing)
	}
	for _, e := range c.Extra {
		parts := strings.SplitN(e, "\x00", 2)
		if _, err := t.New(parts[0]).Parse(parts[1]); err != nil {
			res.Fail = true
			res.Err = err.Error()
			return
		}
	}
	if _, err := t.New("t").Parse(c.Tmpl); err != nil {
		res.Fail = true
		res.Err = err.Error()
		return
	}
	name := "t"
	if c.Exec != "" {
		name = c.Exec
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, name, data); err != nil {
		res.Fail = true
		res.Err = err.Error()
		res.Out = buf.String()
		return
	}
	res.Out = buf.String()
	return
}

func main() {
	var cases []Case
	if err := json.NewDecoder(os.Stdin).Decode(&cases); err != nil {
		panic(err)
	}
	var out []Result
	for _, c := range cases {
		out = append(out, run(c))
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	enc.Encode(out)
}
