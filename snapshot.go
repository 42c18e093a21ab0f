package clusterscope

// Snapshot is what the warehouse holds at one moment: the live Parquet files
// named by its manifest. Readers query a snapshot; loads make new ones.
type Snapshot struct {
	Version      int64    // increases with every load
	Observations []string // Parquet files of observations, oldest load first
	Loads        string   // Parquet file listing every load, or "" when empty
	Demo         bool     // some live data is synthetic (演示数据)
	Corrupt      []string // live files that are damaged: left out, reported
}

// DemoNote is shown wherever synthetic data appears, so it is never taken
// for real figures.
const DemoNote = "演示数据：本数据集为程序合成，仅供演示，不代表任何真实集群。"
