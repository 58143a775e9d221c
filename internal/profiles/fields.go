package profiles

// Names returns the names ByName knows, detection's "detect" last (its
// other spellings, "" and "auto", aside), in the order the faces list
// them.
func Names() []string {
	return []string{"agora", "dolby", "roomservice", "json", "text", "detect"}
}

// Field is one setting of Options as the faces name and check it: the
// JavaScript option table is generated from Fields (internal/gen).
type Field struct {
	Name     string   // the Options field: "TokenType"
	Readers  []string // the profiles that read it, by ByName's names
	Values   []string // the values a profile accepts, in any case; nil for any
	ID       bool     // an identifier, which a face may also take as a whole number
	Required bool     // every reader refuses options without it
}

// Fields returns every field of Options, in its order, with the profiles
// that read it and the values they accept. Its tests hold it to ByName:
// each reader's profile changes with the field, no other's does, each
// listed value is accepted and another refused, and a field is Required
// exactly when every reader refuses options without it. (Agora's channel,
// needed by some token types only, is not.)
func Fields() []Field {
	agora := []string{"agora"}
	return []Field{
		{Name: "TokenType", Readers: agora, Values: []string{"rtc", "rtm", "chat", "rte"}},
		{Name: "Channel", Readers: agora},
		{Name: "UID", Readers: agora, ID: true},
		{Name: "Role", Readers: agora, Values: []string{"publisher", "subscriber"}},
		{Name: "Expiry", Readers: agora},
		{Name: "Legacy", Readers: agora},
		{Name: "Room", Readers: []string{"roomservice"}, Required: true},
		{Name: "Document", Readers: []string{"roomservice"}},
		{Name: "Method", Readers: []string{"json", "text", "dolby"}, Values: []string{"GET", "POST"}},
		{Name: "Body", Readers: []string{"json", "text"}},
		{Name: "TokenField", Readers: []string{"json"}},
		{Name: "ExpiresInField", Readers: []string{"json"}},
		{Name: "ExpiresAtField", Readers: []string{"json"}},
	}
}

// Setting is one field of renewer.Config that every face takes as an
// option of its own, by FaceName (a duration in milliseconds, with "Ms"):
// the browser's option table and reader are generated from Settings
// (internal/gen), and the mobile Config has a setter for each
// (Set<Name>, or Set<Name>Ms for a duration). What a face takes its own
// way (the URL, headers, a Store, a seed, the browser's credentials mode)
// is not a Setting.
type Setting struct {
	Name   string // the renewer.Config field: "WarnBefore"
	Signed bool   // a duration that may be negative (a negative WarnBefore turns the warning off)
}

// Settings returns the Settings, in the order the faces list them. Its
// tests hold each to a field of renewer.Config of type string, bool or
// time.Duration.
func Settings() []Setting {
	return []Setting{
		{Name: "Identity"},
		{Name: "AllowInsecureHTTP"},
		{Name: "WarnBefore", Signed: true},
		{Name: "RefreshBefore"},
		{Name: "WakeInterval"},
		{Name: "RequestTimeout"},
		{Name: "MinBackoff"},
		{Name: "MaxBackoff"},
		{Name: "FallbackTTL"},
		{Name: "DisableJitter"},
	}
}
