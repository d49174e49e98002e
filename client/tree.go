package client

import (
	"context"
	"net/http"
	"net/url"
)

// MaxTreeDepth is how many levels of customer accounts the tree holds below
// the MSP: an account directly under the MSP is at level 1, so a reseller at
// level MaxTreeDepth can have no accounts below it.
const MaxTreeDepth = 3

// CheckUpdate asks the server whether Update(ctx, id, req) would be
// accepted, without changing anything (PATCH with ?dry_run=true). It answers
// nil when it would, and otherwise the error Update would answer, such as
// the problem naming the rule a move of the account breaks. The provider
// calls it at plan time so that a doomed move fails in terraform plan.
func (s *CustomerAccountsService) CheckUpdate(ctx context.Context, id string, req *CustomerAccountUpdateRequest) error {
	if id == "" {
		return emptyIDError(http.MethodPatch, s.client.basePath+s.path+"/{id}", "id")
	}
	return s.client.do(ctx, request{method: http.MethodPatch, path: s.path + "/" + escape(id),
		query: url.Values{"dry_run": {"true"}}, body: req})
}
