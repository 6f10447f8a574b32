package dealerkit

// Reason is the stable code of why one field of a request was refused (FieldError.Code). The
// kernel's reasons cover what validators say again and again; a package may declare its own as
// "package.reason" (aftersales.bad_vin) and label it in its catalogue.
type Reason string

// The kernel's field reasons.
const (
	ReasonInvalid          Reason = "invalid"           // refused for the reason the text gives
	ReasonRequired         Reason = "required"          // left empty
	ReasonUnknownValue     Reason = "unknown_value"     // not one of an enumeration's values
	ReasonNegative         Reason = "negative"          // below zero where zero is the least
	ReasonNotPositive      Reason = "not_positive"      // zero or below where more is needed
	ReasonOutOfRange       Reason = "out_of_range"      // beyond a documented bound
	ReasonTooLong          Reason = "too_long"          // longer than the field allows
	ReasonBadFormat        Reason = "bad_format"        // not in the form the field takes
	ReasonControlCharacter Reason = "control_character" // holds a control character
	ReasonInvalidUTF8      Reason = "invalid_utf8"      // not valid UTF-8
	ReasonWrongOrder       Reason = "wrong_order"       // a date or bound before the one it follows
	ReasonDuplicate        Reason = "duplicate"         // given twice where once is allowed
	ReasonOtherDealer      Reason = "other_dealer"      // belongs to another dealer than the actor's
)

// Reasons lists the kernel's field reasons, for label catalogues and their tests.
func Reasons() []Reason {
	return []Reason{ReasonInvalid, ReasonRequired, ReasonUnknownValue, ReasonNegative,
		ReasonNotPositive, ReasonOutOfRange, ReasonTooLong, ReasonBadFormat,
		ReasonControlCharacter, ReasonInvalidUTF8, ReasonWrongOrder, ReasonDuplicate,
		ReasonOtherDealer}
}
