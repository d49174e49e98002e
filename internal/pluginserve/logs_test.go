package pluginserve

import (
	"maps"
	"testing"
)

func TestLogOverrides(t *testing.T) {
	allOff := map[string]string{"TF_LOG_SDK": "off", "TF_LOG_SDK_PROTO": "off", "TF_LOG_SDK_FRAMEWORK": "off", "TF_LOG_PROVIDER_MSPBACKUP": "off"}
	for _, tc := range []struct {
		name string
		env  map[string]string
		want map[string]string
	}{
		{"nothing asked: every SDK logger off", nil, allOff},
		{"TF_LOG=off", map[string]string{"TF_LOG": "OFF"}, allOff},
		{"TF_LOG_CORE asks for core logs only", map[string]string{"TF_LOG_CORE": "trace"}, allOff},
		{"TF_LOG_PATH alone logs nothing", map[string]string{"TF_LOG_PATH": "/tmp/tf.log"}, allOff},
		{"TF_LOG=trace logs as the SDK always did", map[string]string{"TF_LOG": "trace"}, nil},
		{"TF_LOG with a level Terraform takes for TRACE", map[string]string{"TF_LOG": "1"}, nil},
		{"TF_LOG=json", map[string]string{"TF_LOG": "json"}, nil},
		{"TF_LOG_PROVIDER asks for provider logs", map[string]string{"TF_LOG_PROVIDER": "debug"}, nil},
		{"TF_LOG_PROVIDER=off wins over TF_LOG", map[string]string{"TF_LOG": "trace", "TF_LOG_PROVIDER": "off"}, allOff},
		{"a level the user set is kept", map[string]string{"TF_LOG_SDK_PROTO": "trace"},
			map[string]string{"TF_LOG_SDK": "off", "TF_LOG_SDK_FRAMEWORK": "off", "TF_LOG_PROVIDER_MSPBACKUP": "off"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := overrides(func(k string) string { return tc.env[k] })
			if !maps.Equal(got, tc.want) {
				t.Errorf("overrides(%v) = %v, want %v", tc.env, got, tc.want)
			}
		})
	}
}
