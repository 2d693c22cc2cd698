// The Go side of bench/run-template: the same folder parsed with text/template (missingkey
// as Helm sets it) and executed the same way, timed the same way. Standard library only.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"text/template"
	"time"
)

type file struct{ name, text string }

func timePerCall(seconds float64, step func()) float64 {
	step()
	calls := 0
	start := time.Now()
	for time.Since(start).Seconds() < seconds {
		step()
		calls++
	}
	return time.Since(start).Seconds() / float64(calls)
}

func main() {
	dir := os.Args[1]
	seconds := 2.0
	if len(os.Args) > 2 {
		seconds, _ = strconv.ParseFloat(os.Args[2], 64)
	}
	print := len(os.Args) > 3 && os.Args[3] == "--print"
	paths, _ := filepath.Glob(filepath.Join(dir, "*"))
	sort.Strings(paths)
	var files []file
	for _, p := range paths {
		if filepath.Base(p) == "data.json" {
			continue
		}
		b, err := os.ReadFile(p)
		if err != nil {
			panic(err)
		}
		files = append(files, file{filepath.Base(p), string(b)})
	}
	raw, err := os.ReadFile(filepath.Join(dir, "data.json"))
	if err != nil {
		panic(err)
	}
	var data interface{}
	if err := json.Unmarshal(raw, &data); err != nil {
		panic(err)
	}
	parseAll := func() *template.Template {
		t := template.New("gotpl").Option("missingkey=zero")
		for _, f := range files {
			template.Must(t.New(f.name).Parse(f.text))
		}
		return t
	}
	executeAll := func(t *template.Template) string {
		var b strings.Builder
		for _, f := range files {
			if f.name[0] == '_' {
				continue
			}
			if err := t.ExecuteTemplate(&b, f.name, data); err != nil {
				panic(err)
			}
		}
		return b.String()
	}
	set := parseAll()
	if print {
		fmt.Print(executeAll(set))
		return
	}
	bytes := 0
	for _, f := range files {
		bytes += len(f.text)
	}
	sink := 0
	parse := timePerCall(seconds, func() { sink += len(parseAll().Templates()) })
	exec := timePerCall(seconds, func() { sink += len(executeAll(set)) })
	fmt.Printf("templates: %d files, %d bytes; output %d bytes\n", len(files), bytes, len(executeAll(set)))
	fmt.Printf("parse    %9.3f ms/op\nexecute  %9.3f ms/op\n", parse*1e3, exec*1e3)
	if sink == 0 {
		os.Exit(1)
	}
}
