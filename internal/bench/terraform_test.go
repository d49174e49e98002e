package bench

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestNoopImportConfig checks that the floor's import blocks cover every
// resource once, each within range()'s limit of 1024 values.
func TestNoopImportConfig(t *testing.T) {
	t.Parallel()
	for _, n := range []int{1, 999, 1000, 2500} {
		text := NoopImportConfig(n, "run")
		if !strings.Contains(text, "count = "+itoa(n)+"\n") {
			t.Errorf("n=%d: the resource does not have count = %d:\n%s", n, n, text)
		}
		next := 0
		for _, m := range regexp.MustCompile(`range\((\d+), (\d+)\)`).FindAllStringSubmatch(text, -1) {
			from, to := atoi(m[1]), atoi(m[2])
			if from != next || to <= from || to-from > 1024 {
				t.Errorf("n=%d: import range(%d, %d) after %d", n, from, to, next)
			}
			next = to
		}
		if next != n {
			t.Errorf("n=%d: the imports cover 0..%d", n, next)
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
