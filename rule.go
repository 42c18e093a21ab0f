package clusterscope

// RuleKind is how a target is judged (targets.csv "rule", the form's 备注 a–g).
type RuleKind string

// The target rules of targets.csv.
const (
	RuleCAGRAtLeast        RuleKind = "cagr_at_least"
	RuleStrictlyIncreasing RuleKind = "strictly_increasing"
	RuleFinalAbout         RuleKind = "final_about"
	RuleReductionAbout     RuleKind = "reduction_about"
	RuleQualitative        RuleKind = "qualitative"
)

// Outcome is the result of judging one criterion or one target rule.
type Outcome string

// Outcomes, from best to worst; Missing means the data to judge is absent.
// Review is neither: a qualitative requirement, or a bound whose figure is
// not set, that the experts judge (专家评审); it decides nothing here.
const (
	Review  Outcome = "review"
	Pass    Outcome = "pass"
	Warn    Outcome = "warn"
	Fail    Outcome = "fail"
	Missing Outcome = "missing"
)

// Label is the outcome in Chinese.
func (o Outcome) Label() string {
	switch o {
	case Review:
		return "专家评审"
	case Pass:
		return "符合"
	case Warn:
		return "警告"
	case Fail:
		return "不符合"
	case Missing:
		return "缺数据"
	}
	return string(o)
}
