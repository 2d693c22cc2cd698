// Prints, for each case, every template the text defines with Go's own Node.String() of its
// tree, or the parse error. Input and output are JSON; see gen.py.
package main

import (
	"encoding/json"
	"os"
	"sort"
	"text/template"
)

type Case struct {
	Name string `json:"name"`
	Text string `json:"text"`
}

type Result struct {
	Name  string   `json:"name"`
	Trees []string `json:"trees"` // "name=string"
	Err   string   `json:"err"`
}

func main() {
	var cases []Case
	if err := json.NewDecoder(os.Stdin).Decode(&cases); err != nil {
		panic(err)
	}
	var out []Result
	for _, c := range cases {
		r := Result{Name: c.Name}
		t, err := template.New("t").Funcs(template.FuncMap{"f": func(...interface{}) string { return "" }}).Parse(c.Text)
		if err != nil {
			r.Err = err.Error()
		} else {
			for _, x := range t.Templates() {
				r.Trees = append(r.Trees, x.Name()+"="+x.Tree.Root.String())
			}
			sort.Strings(r.Trees)
		}
		out = append(out, r)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	enc.Encode(out)
}
