package clusterscope_test

import (
	"clusterscope"
	"clusterscope/dashboard/words"
)

// zh is what a Chinese reader is shown of the domain's messages.
func zh(ms clusterscope.Messages) string { return words.SayAll(words.Chinese, ms) }
