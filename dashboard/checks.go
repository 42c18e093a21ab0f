package dashboard

// signalsOf are the consistency signals of an application, said in l.
func (a *assessment) signalsOf(l lang, id string) []string { return nil }
