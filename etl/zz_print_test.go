package etl
import ("testing";"os";"path/filepath")
func TestZZPrint(t *testing.T){
	es,_ := os.ReadDir(brokenDir)
	for _, e := range es {
		_, ps, _, _ := Read(filepath.Join(brokenDir, e.Name()))
		for _, p := range ps { t.Log(p.String()) }
	}
}
