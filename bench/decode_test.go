package bench

import (
	stdjson "encoding/json"
	"testing"

	"github.com/bytedance/sonic"
	"github.com/go-faster/jx"
	goccy "github.com/goccy/go-json"
	jsoniter "github.com/json-iterator/go"
	segment "github.com/segmentio/encoding/json"

	"github.com/tallyfy-go/sdk/v2/bench/ogenclient"
	"github.com/tallyfy-go/sdk/v2/gen"
)

// decoders are the bytes → model decoders compared by BenchmarkP2Decode: encoding/json (the
// floor), sdk (the decoder tallyfy/json.go uses, called as it calls it: goccy/go-json), ogen's
// generated jx decoder into its own models (decoding only; its client also validates), and the
// other candidates for tallyfy/json.go into the generated models, each in the configuration
// that decodes as encoding/json does (sonic-default does not: it is there to show sonic's best).
var decoders = []struct {
	name   string
	decode func([]byte) (tasks int, err error)
}{
	{"encoding-json", genDecoder(stdjson.Unmarshal)},
	{"sdk", genDecoder(goccy.Unmarshal)},
	{"ogen", func(b []byte) (int, error) {
		var r ogenclient.RunResponse
		if err := r.Decode(jx.DecodeBytes(b)); err != nil {
			return 0, err
		}
		return len(r.Data.Tasks.Value.Data), nil
	}},
	{"sonic-std", genDecoder(sonic.ConfigStd.Unmarshal)},
	{"sonic-default", genDecoder(sonic.ConfigDefault.Unmarshal)},
	{"segmentio", genDecoder(segment.Unmarshal)},
	{"jsoniter", genDecoder(jsoniter.ConfigCompatibleWithStandardLibrary.Unmarshal)},
}

func genDecoder(unmarshal func([]byte, any) error) func([]byte) (int, error) {
	return func(b []byte) (int, error) {
		var r gen.RunResponse
		if err := unmarshal(b, &r); err != nil {
			return 0, err
		}
		return len(r.Data.Tasks), nil
	}
}

// BenchmarkP2Decode is P2 without any client around the decoder: the 2 MB run body, bytes to
// model.
func BenchmarkP2Decode(b *testing.B) {
	body := BigRunBody()
	for _, d := range decoders {
		b.Run("impl="+d.name, func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				if n, err := d.decode(body); err != nil || n != 1000 {
					b.Fatalf("decode: %d tasks, %v", n, err)
				}
			}
		})
	}
}
