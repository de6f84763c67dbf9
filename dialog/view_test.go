package dialog

import (
	"encoding/json"
	"reflect"
	"testing"

	"amtsbote/cases"
)

func TestReadView(t *testing.T) {
	if v, err := ReadView(nil); err != nil || !reflect.DeepEqual(v, View{Phase: PhaseMenu}) {
		t.Errorf("empty state: %+v, %v", v, err)
	}
	st := State{Lang: "en", Form: "meter-reading", Field: "reading", Paused: true, Staff: true,
		Answers: map[string]string{"meter": "123"},
		Cases:   []CaseRef{{Ref: "AB-2026-000001", Service: "passport", Status: cases.Submitted, Secret: "K7P3M9QX"}}}
	data, err := json.Marshal(st)
	if err != nil {
		t.Fatal(err)
	}
	v, err := ReadView(data)
	want := View{Phase: PhaseWaiting, Form: "meter-reading", Field: "reading", Paused: true, Answers: map[string]string{"meter": "123"},
		Cases: []SubmittedCase{{Ref: "AB-2026-000001", Service: "passport"}}}
	if err != nil || !reflect.DeepEqual(v, want) {
		t.Errorf("ReadView = %+v, %v; want %+v", v, err, want)
	}
	if _, err := ReadView([]byte("{")); err == nil {
		t.Error("a broken state read without an error")
	}
}
