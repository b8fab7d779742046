package statute

// Body is a kind of local policing body: the office that holds the
// functions of section 55 of the Police Act 1996 for a police area and
// signs the response. Its name is how an office profile writes it
// ("body: pfcc").
type Body string

// The kinds of local policing body.
const (
	// PCC is a police and crime commissioner (Police Reform and Social
	// Responsibility Act 2011, s.1).
	PCC Body = "pcc"
	// PFCC is a police, fire and crime commissioner: a commissioner who
	// is also the fire and rescue authority (Policing and Crime Act 2017,
	// s.6).
	PFCC Body = "pfcc"
	// Mayor is a mayor who holds the functions of a police and crime
	// commissioner (the Mayor's Office for Policing and Crime in London;
	// Greater Manchester, West Yorkshire, York and North Yorkshire), whose
	// deputy for policing and crime often signs for the mayor.
	Mayor Body = "mayor"
)

// Bodies lists every kind of local policing body, the default first.
var Bodies = []Body{PCC, PFCC, Mayor}

// DefaultBody is the body of an office profile that names none.
const DefaultBody = PCC

// IsBody reports whether s names a kind of local policing body.
func IsBody(s string) bool {
	for _, b := range Bodies {
		if string(b) == s {
			return true
		}
	}
	return false
}

// BodyNames returns the names of the bodies, in order.
func BodyNames() []string {
	out := make([]string, len(Bodies))
	for i, b := range Bodies {
		out[i] = string(b)
	}
	return out
}
