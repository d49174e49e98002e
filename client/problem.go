package client

// Problem is an error answer of the management API: an RFC 9457
// application/problem+json document.
type Problem struct {
	// Type is a URI naming the kind of problem; "about:blank" when the status says it all.
	Type string `json:"type,omitempty"`
	// Title is a short summary of the kind of problem, e.g. "Conflict".
	Title string `json:"title"`
	// Status is the HTTP status code.
	Status int `json:"status"`
	// Detail says what went wrong with this request, e.g. which login is taken.
	Detail string `json:"detail,omitempty"`
	// Errors lists every invalid field of a 422 answer at once.
	Errors []FieldError `json:"errors,omitempty"`
}

// FieldError is one invalid field of a request.
type FieldError struct {
	// Field is the wire name of the field, e.g. "mobile_phone" or "notification_emails[1]".
	Field string `json:"field"`
	// Message says which rule the value breaks.
	Message string `json:"message"`
}

// ProblemContentType is the media type of error answers.
const ProblemContentType = "application/problem+json"
