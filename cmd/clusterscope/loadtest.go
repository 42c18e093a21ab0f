package main

import "github.com/spf13/cobra"

func newLoadTest() *cobra.Command { return &cobra.Command{Use: "loadtest"} }
