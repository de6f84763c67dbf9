package route

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestRunCommand(t *testing.T) {
	cat := builtinCatalog(t)
	decode := func(t *testing.T, out string) []map[string]any {
		t.Helper()
		var res []map[string]any
		for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
			var m map[string]any
			if err := json.Unmarshal([]byte(line), &m); err != nil {
				t.Fatalf("line %q: %v", line, err)
			}
			if len(m) != 4 {
				t.Errorf("line %q: want exactly text, intent, confidence, language", line)
			}
			res = append(res, m)
		}
		return res
	}

	var out bytes.Buffer
	if err := RunCommand([]string{"Zählerstand melden", "Wie wird das Wetter morgen?"}, nil, &out, cat); err != nil {
		t.Fatal(err)
	}
	res := decode(t, out.String())
	if len(res) != 2 || res[0]["text"] != "Zählerstand melden" || res[0]["intent"] != "meter-reading" ||
		res[0]["language"] != "de" || res[1]["intent"] != "" {
		t.Errorf("args: got %v", res)
	}
	if c, _ := res[0]["confidence"].(float64); c < 0.5 || c >= 1 {
		t.Errorf("args: confidence %v", res[0]["confidence"])
	}
	if strings.Contains(out.String(), `\u00`) {
		t.Errorf("umlauts are escaped: %s", out.String())
	}

	out.Reset()
	in := strings.NewReader("my visa expires next month\r\n\n  \nMensch bitte\n")
	if err := RunCommand(nil, in, &out, cat); err != nil {
		t.Fatal(err)
	}
	res = decode(t, out.String())
	if len(res) != 2 || res[0]["intent"] != "residence-permit" || res[0]["language"] != "en" ||
		res[0]["text"] != "my visa expires next month" || res[1]["intent"] != "talk-to-staff" {
		t.Errorf("stdin: got %v", res)
	}
}
