// The same decode/re-encode loop through the libraries Helm uses, for a side-by-side
// comparison with bench/yaml_codec_bench: values files are read as sigs.k8s.io/yaml does
// (go-yaml v2, then a JSON round trip), toYaml is json.Marshal -> yaml.v2 Unmarshal ->
// yaml.v2 Marshal, toJson is json.Marshal. Built in GOPATH mode against Debian's
// golang-gopkg-yaml.v2-dev (no module download).
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"time"

	yaml "gopkg.in/yaml.v2"
)

// jsonable converts go-yaml's map[interface{}]interface{} trees into JSON-compatible ones,
// as sigs.k8s.io/yaml's YAMLToJSON does.
func jsonable(v interface{}) interface{} {
	switch t := v.(type) {
	case map[interface{}]interface{}:
		m := make(map[string]interface{}, len(t))
		for k, e := range t {
			m[fmt.Sprint(k)] = jsonable(e)
		}
		return m
	case []interface{}:
		for i, e := range t {
			t[i] = jsonable(e)
		}
		return t
	}
	return v
}

func decode(text []byte) map[string]interface{} {
	var raw interface{}
	if err := yaml.Unmarshal(text, &raw); err != nil {
		panic(err)
	}
	j, err := json.Marshal(jsonable(raw))
	if err != nil {
		panic(err)
	}
	var out map[string]interface{}
	if err := json.Unmarshal(j, &out); err != nil {
		panic(err)
	}
	return out
}

func toYaml(v interface{}) []byte {
	j, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	var generic interface{}
	if err := yaml.Unmarshal(j, &generic); err != nil {
		panic(err)
	}
	out, err := yaml.Marshal(generic)
	if err != nil {
		panic(err)
	}
	return out
}

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
	text, err := os.ReadFile(os.Args[1])
	if err != nil {
		panic(err)
	}
	seconds := 2.0
	if len(os.Args) > 2 {
		seconds, _ = strconv.ParseFloat(os.Args[2], 64)
	}
	mb := float64(len(text)) / 1e6
	v := decode(text)
	sink := 0
	steps := []struct {
		name string
		run  func()
	}{
		{"decode", func() { sink += len(decode(text)) }},
		{"toYaml", func() { sink += len(toYaml(v)) }},
		{"toJson", func() { j, _ := json.Marshal(v); sink += len(j) }},
		{"decode+toYaml", func() { sink += len(toYaml(decode(text))) }},
	}
	fmt.Printf("input: %s, %d bytes\n", os.Args[1], len(text))
	for _, s := range steps {
		t := timePerCall(seconds, s.run)
		fmt.Printf("%-14s %9.3f ms/op %9.1f MB/s\n", s.name, t*1e3, mb/t)
	}
	if sink == 0 {
		os.Exit(1)
	}
}
