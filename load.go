package clusterscope

import "time"

// Load is one file taken into the warehouse; every stored row names its load.
type Load struct {
	ID        int64     `json:"id"`
	File      string    `json:"file"`
	SHA256    string    `json:"sha256"`
	At        time.Time `json:"at"`
	By        string    `json:"by"`
	Rows      int       `json:"rows"`
	Clusters  int       `json:"clusters"`
	Synthetic bool      `json:"synthetic"`
}
