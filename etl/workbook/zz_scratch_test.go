package workbook
import ("bytes";"testing";"time")
func TestZZScratch(t *testing.T){
	for _, k := range []Kind{Application, FollowUp} {
	start:=time.Now()
	var b bytes.Buffer
	for i:=0;i<5;i++{ b.Reset(); if err:=Template(&b,k,2022);err!=nil{t.Fatal(err)} }
	t.Logf("%s: %v per template, %d bytes", k, time.Since(start)/5, b.Len())
	start=time.Now()
	obs, probs := Read(bytes.NewReader(b.Bytes()), int64(b.Len()), "x.xlsx")
	t.Logf("read %v %d %d", time.Since(start), len(obs), len(probs))
	}
	start:=time.Now()
	b := save(t, filled(t, 2022))
	t.Logf("filled %d bytes %v", len(b), time.Since(start))
	start=time.Now()
	read(b)
	t.Logf("read filled %v", time.Since(start))
}
