package pluginserve

import (
	"context"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

type ctxKey struct{}

// keeper stands for the framework's server: it keeps the context of every
// ReadResource call, as the framework keeps every call's cancel function,
// and can block a call until its context is cancelled.
type keeper struct {
	tfprotov6.ProviderServer
	kept  []context.Context
	block bool
}

func (k *keeper) ReadResource(ctx context.Context, _ *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	k.kept = append(k.kept, ctx)
	if k.block {
		<-ctx.Done()
		return nil, ctx.Err()
	}
	return &tfprotov6.ReadResourceResponse{}, nil
}

func TestDetachedCallsKeepNothingOfTheCallersContext(t *testing.T) {
	k := &keeper{}
	ctx := context.WithValue(context.Background(), ctxKey{}, "the SDK's logger fields")
	if _, err := (detached{k}).ReadResource(ctx, &tfprotov6.ReadResourceRequest{}); err != nil {
		t.Fatal(err)
	}
	kept := k.kept[0]
	if v := kept.Value(ctxKey{}); v != nil {
		t.Errorf("the framework's context holds the caller's value %v: the caller's context chain stays alive", v)
	}
	select {
	case <-kept.Done():
	default:
		t.Error("the context of a finished call is not done")
	}
}

func TestDetachedCallsFollowTerraformsCancellation(t *testing.T) {
	k := &keeper{block: true}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := (detached{k}).ReadResource(ctx, &tfprotov6.ReadResourceRequest{})
		done <- err
	}()
	cancel() // Terraform stops the call (Ctrl-C, StopProvider)
	select {
	case err := <-done:
		if err != context.Canceled {
			t.Errorf("the call ended with %v, want context.Canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("cancelling the caller's context did not reach the framework's call")
	}
}
