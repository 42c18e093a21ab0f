package clusterscope

import "encoding/json"

// Message is a sentence of the program as data: a stable key into the
// catalogue of words (dashboard/words) and the arguments it is said with,
// as upspin's errors carry their kind and arguments. The domain never
// writes a sentence; the edge renders a Message once, in the reader's
// language (the audit log and the exports in Chinese), and nothing parses
// a rendered sentence back.
//
// An argument is a value shown as it is (a name, a number already in the
// form's precision, a field code), a Word (a word of the interface, said in
// the reader's language) or another Message or Messages (said the same way).
type Message struct {
	Key  string `json:"key"`
	Args []any  `json:"args,omitempty"`
}

// M returns the message key said with args.
func M(key string, args ...any) Message { return Message{Key: key, Args: args} }

// IsZero reports whether m says nothing.
func (m Message) IsZero() bool { return m.Key == "" }

// Messages are sentences said one after another (joined by "；" in Chinese).
type Messages []Message

// And returns ms followed by m.
func (ms Messages) And(m Message) Messages { return append(ms[:len(ms):len(ms)], m) }

// Has reports whether one of ms has the key.
func (ms Messages) Has(key string) bool {
	for _, m := range ms {
		if m.Key == key {
			return true
		}
	}
	return false
}

// Word is a word of the interface given as an argument (a unit, an outcome's
// label, a direction): its Chinese is its key in the catalogue, so it is said
// in the reader's language.
type Word string

// Messages keep their arguments' kinds when stored as JSON, so that a
// message written by one release is said again by the next.
type jsonArg struct {
	Word     *Word     `json:"word,omitempty"`
	Message  *Message  `json:"message,omitempty"`
	Messages *Messages `json:"messages,omitempty"`
	Value    any       `json:"value,omitempty"`
}

// MarshalJSON writes each argument with its kind.
func (m Message) MarshalJSON() ([]byte, error) {
	args := make([]jsonArg, len(m.Args))
	for i, a := range m.Args {
		switch v := a.(type) {
		case Word:
			args[i].Word = &v
		case Message:
			args[i].Message = &v
		case Messages:
			args[i].Messages = &v
		default:
			args[i].Value = v
		}
	}
	type plain struct {
		Key  string    `json:"key"`
		Args []jsonArg `json:"args,omitempty"`
	}
	return json.Marshal(plain{m.Key, args})
}

// UnmarshalJSON reads what MarshalJSON wrote. Numbers come back as float64.
func (m *Message) UnmarshalJSON(b []byte) error {
	var p struct {
		Key  string    `json:"key"`
		Args []jsonArg `json:"args"`
	}
	if err := json.Unmarshal(b, &p); err != nil {
		return err
	}
	m.Key, m.Args = p.Key, nil
	for _, a := range p.Args {
		switch {
		case a.Word != nil:
			m.Args = append(m.Args, *a.Word)
		case a.Message != nil:
			m.Args = append(m.Args, *a.Message)
		case a.Messages != nil:
			m.Args = append(m.Args, *a.Messages)
		default:
			m.Args = append(m.Args, a.Value)
		}
	}
	return nil
}
