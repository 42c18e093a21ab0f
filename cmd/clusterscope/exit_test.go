package main

import (
	"errors"
	"fmt"
	"testing"

	"clusterscope"
)

func TestExitCode(t *testing.T) {
	for _, c := range []struct {
		err  error
		want int
	}{
		{nil, 0},
		{clusterscope.Errorf(clusterscope.EINVALID, "x"), 2},
		{&clusterscope.ValidationError{File: "a.csv"}, 2},
		{fmt.Errorf("load: %w", errReported), 2},
		{clusterscope.Errorf(clusterscope.ENOTFOUND, "x"), 3},
		{fmt.Errorf("load: %w", clusterscope.Errorf(clusterscope.ECONFLICT, "另一个载入正在进行")), 4},
		{clusterscope.Errorf(clusterscope.EFORBIDDEN, "x"), 5},
		{clusterscope.Errorf(clusterscope.EUNAVAILABLE, "x"), 6},
		{errors.New("disk on fire"), 1},
		{&clusterscope.Error{Code: "unheard-of"}, 1},
	} {
		if got := exitCode(c.err); got != c.want {
			t.Errorf("exitCode(%v) = %d, want %d", c.err, got, c.want)
		}
	}
}
