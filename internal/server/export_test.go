package server

// Patterns are the patterns of the server's routes.
func (s *Server) Patterns() []string { return s.patterns }
