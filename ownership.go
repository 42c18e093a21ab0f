package clusterscope

import "fmt"

// ClusterKey names one cluster's entry in one batch: what a load adds to or
// supersedes.
type ClusterKey struct {
	ID    string `json:"cluster_id"`
	Batch int    `json:"batch"`
}

// Place is where a cluster's application says it is, as far as scopes go.
type Place struct {
	Province string `json:"province"`
	City     string `json:"city"`
	County   string `json:"county,omitempty"`
}

// Label names the place as Scope.Label names a scope.
func (p Place) Label() string { return Scope(p).Label() }

// Owner is a cluster entry the warehouse already holds: the place of its
// live application, or Application false when it has only follow-up
// reports, whose place nobody has said.
type Owner struct {
	Place
	Application bool
}

// Move is an application that puts a stored cluster in another place.
type Move struct {
	Cluster ClusterKey `json:"cluster"`
	From    Place      `json:"from"`
	To      Place      `json:"to"`
}

// Claims returns the clusters of a file's observations in the order they
// first appear, and the place of each whose application is among them.
func Claims(obs []Observation) (keys []ClusterKey, places map[ClusterKey]Place) {
	places = map[ClusterKey]Place{}
	seen := map[ClusterKey]bool{}
	for _, o := range obs {
		k := ClusterKey{o.ClusterID, o.Batch}
		if !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
		if o.Report != 0 {
			continue
		}
		p := places[k]
		switch o.Field {
		case "province":
			p.Province = o.Text
		case "city":
			p.City = o.Text
		case "county":
			p.County = o.Text
		default:
			continue
		}
		places[k] = p
	}
	return keys, places
}

// CheckOwners decides whether a loader with scope may store the
// observations of file, given the owners of the cluster entries already
// stored. A scoped loader may not write into another region's cluster —
// neither by an application with the same id and batch nor by a follow-up
// report — nor into a cluster whose place is unknown, nor put a cluster
// outside its scope. An application that changes the place of a cluster
// the loader may touch at both ends is a move, returned for the audit; a
// loader with scope All (an administrator) may move any cluster. The
// messages name the id and batch, never the other region or its data.
func CheckOwners(file string, obs []Observation, owners map[ClusterKey]Owner, scope Scope) (problems []Problem, moves []Move) {
	keys, places := Claims(obs)
	refuse := func(field, label, format string, args ...any) {
		problems = append(problems, Problem{Severity: SevError, File: file, Field: field, Label: label,
			Message: fmt.Sprintf(format, args...)})
	}
	for _, k := range keys {
		owner, stored := owners[k]
		known := stored && owner.Application // the place of the stored entry is known
		place, application := places[k]
		switch {
		case known && !scope.Allows(owner.Place):
			refuse("cluster_id", "集群编号", "集群编号 %s（批次 %d）已由其他地区登记，不能由本账户载入", k.ID, k.Batch)
		case application && !scope.Allows(place):
			refuse("province", "所属地区", "集群 %s（批次 %d）位于「%s%s%s」，不在您的权限范围「%s」内",
				k.ID, k.Batch, place.Province, place.City, place.County, scope.Label())
		case scope == All:
		case !known && !application:
			refuse("cluster_id", "集群编号", "集群编号 %s（批次 %d）在数据仓库中没有申报表，无法确定所属地区：请先载入其申报表，或由管理员载入", k.ID, k.Batch)
		case stored && !known:
			// Follow-ups an administrator loaded before any application:
			// whose they are is not known, so no region may claim them.
			refuse("cluster_id", "集群编号", "集群编号 %s（批次 %d）已在数据仓库中但尚无申报表，所属地区不明，只能由管理员载入", k.ID, k.Batch)
		}
		if known && application && place != owner.Place {
			moves = append(moves, Move{Cluster: k, From: owner.Place, To: place})
		}
	}
	if len(problems) > 0 {
		return problems, nil // nothing of the file is stored: it moves nothing
	}
	return problems, moves
}
