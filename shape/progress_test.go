package shape

import "testing"

// Progress reads the object form as the API writes it without a decoder
// (readProgress); whatever it accepts, the decoder reads the same way.
func TestProgress_ReadWithoutADecoderAsTheDecoderReadsIt(t *testing.T) {
	accepted := 0
	for _, in := range []string{
		`{"complete":1,"total":3,"percent":33.33}`, "{\n \"complete\": 1,\n \"total\": 3,\n \"percent\": 33.33\n}",
		`{"complete":0,"total":0,"percent":0}`, `{"complete":-0,"total":-12,"percent":-0.5e-3}`, `{"complete":2,"total":9,"percent":22.22222222222222}`,
		`{"complete":1,"total":3,"percent":1E400}`, `{"complete":1.0,"total":3,"percent":1}`, `{"complete":1e2,"total":3,"percent":1}`,
		`{"complete":01,"total":3,"percent":1}`, `{"complete":1,"total":3,"percent":.5}`, `{"complete":1,"total":3,"percent":1.}`,
		`{"complete":99999999999999999999,"total":3,"percent":1}`, `{"total":3,"complete":1,"percent":1}`, `{"Complete":1,"total":3,"percent":1}`,
		`{"complete":1,"total":3,"percent":1,"x":2}`, `{"complete":1,"total":3}`, `{"complete":1,"total":3,"percent":1}x`, `{"complete":"1","total":3,"percent":1}`,
		`{"compl\u0065te":1,"total":3,"percent":1}`, `{"complete":1,,"total":3,"percent":1}`, `{"complete":1,"total":3,"percent":-}`, `{"complete":1,"total":3,"percent":1e+}`,
	} {
		got, ok := readProgress([]byte(in))
		var want Progress
		err := unmarshal([]byte(in), (*plainProgress)(&want))
		want.HasCounts = true
		if ok {
			accepted++
			if err != nil || got != want {
				t.Errorf("%s: read %+v, the decoder %+v, %v", in, got, want, err)
			}
		}
		var viaMethod Progress
		if err := viaMethod.UnmarshalJSON([]byte(in)); err == nil && (!ok && viaMethod != want) {
			t.Errorf("%s: UnmarshalJSON gave %+v, want %+v", in, viaMethod, want)
		}
	}
	if accepted != 5 {
		t.Errorf("read %d of the API's spellings without the decoder, want 5", accepted)
	}
}
