// Package pluginserve serves the provider over the plugin protocol, as
// providerserver.Serve does, but lean when nobody reads the provider's logs:
//
//   - the SDK's loggers are turned off (logs.go), and
//   - each call reaches the framework with a context that carries Terraform's
//     cancellation but none of the SDK's per-call logging values (detached).
//
// The second point is about memory. terraform-plugin-framework keeps the
// cancel function of every call's context until StopProvider, and with it
// the whole context chain, in which terraform-plugin-go stored a copy of
// the logger options and fields of that call: about 50 kB a call, so 170 MB
// of live heap by the end of a plan of 3,000 resources. A detached context
// keeps that down to a few hundred bytes a call.
//
// When TF_LOG or TF_LOG_PROVIDER asks for provider logs, the provider is
// served exactly as the framework ships it.
package pluginserve

import (
	"context"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
)

// Serve serves the provider's protocol server (the framework's, as
// providerserver.NewProtocol6 makes it, or a wrapper of it) on protocol 6
// under its registry address until Terraform stops it. debug runs it for a
// debugger (providerserver's Debug).
func Serve(serverFunc func() tfprotov6.ProviderServer, address string, debug bool) error {
	quiet, err := quietUnlessRequested()
	if err != nil {
		return err
	}
	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	return tf6server.Serve(address, func() tfprotov6.ProviderServer {
		server := serverFunc()
		if quiet {
			return detached{server}
		}
		return server
	}, opts...)
}

// detach calls f with a context that is cancelled when ctx is, and when f
// returns, but holds no value of ctx, so whatever f keeps of its context
// keeps nothing of the caller's.
func detach[Req, Resp any](ctx context.Context, f func(context.Context, Req) (Resp, error), req Req) (Resp, error) {
	inner, cancel := context.WithCancel(context.Background())
	stop := context.AfterFunc(ctx, cancel)
	defer func() {
		stop()
		cancel()
	}()
	return f(inner, req)
}

// detached passes every call to the framework's server, the calls made for
// each resource or data source instance through detach, and the list
// resources' calls as they are (see ListResource). The provider has no
// actions or state stores, the protocol's other optional interfaces, which
// detached does not forward.
type detached struct {
	tfprotov6.ProviderServer
}

// tf6server serves `terraform query` only to a server with list resources,
// and actions only to one with actions.
var (
	_ tfprotov6.ListResourceServer = detached{}
	_ tfprotov6.ActionServer       = detached{}
)

func (d detached) ValidateResourceConfig(ctx context.Context, req *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	return detach(ctx, d.ProviderServer.ValidateResourceConfig, req)
}

func (d detached) UpgradeResourceState(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	return detach(ctx, d.ProviderServer.UpgradeResourceState, req)
}

func (d detached) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	return detach(ctx, d.ProviderServer.ReadResource, req)
}

func (d detached) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	return detach(ctx, d.ProviderServer.PlanResourceChange, req)
}

func (d detached) ApplyResourceChange(ctx context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	return detach(ctx, d.ProviderServer.ApplyResourceChange, req)
}

func (d detached) ImportResourceState(ctx context.Context, req *tfprotov6.ImportResourceStateRequest) (*tfprotov6.ImportResourceStateResponse, error) {
	return detach(ctx, d.ProviderServer.ImportResourceState, req)
}

func (d detached) UpgradeResourceIdentity(ctx context.Context, req *tfprotov6.UpgradeResourceIdentityRequest) (*tfprotov6.UpgradeResourceIdentityResponse, error) {
	return detach(ctx, d.ProviderServer.UpgradeResourceIdentity, req)
}

func (d detached) ValidateDataResourceConfig(ctx context.Context, req *tfprotov6.ValidateDataResourceConfigRequest) (*tfprotov6.ValidateDataResourceConfigResponse, error) {
	return detach(ctx, d.ProviderServer.ValidateDataResourceConfig, req)
}

func (d detached) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	return detach(ctx, d.ProviderServer.ReadDataSource, req)
}

// ValidateListResourceConfig and ListResource serve `terraform query`.
// ListResource is not detached: it answers a stream that Terraform reads
// after the call has returned, and detach would cancel the context the
// stream still lists with.
func (d detached) ValidateListResourceConfig(ctx context.Context, req *tfprotov6.ValidateListResourceConfigRequest) (*tfprotov6.ValidateListResourceConfigResponse, error) {
	return detach(ctx, d.ProviderServer.(tfprotov6.ListResourceServer).ValidateListResourceConfig, req)
}

func (d detached) ListResource(ctx context.Context, req *tfprotov6.ListResourceRequest) (*tfprotov6.ListResourceServerStream, error) {
	return d.ProviderServer.(tfprotov6.ListResourceServer).ListResource(ctx, req)
}

// ValidateActionConfig, PlanAction and InvokeAction serve actions.
// InvokeAction is not detached, for ListResource's reason: the action runs
// while Terraform reads its stream of progress events.
func (d detached) ValidateActionConfig(ctx context.Context, req *tfprotov6.ValidateActionConfigRequest) (*tfprotov6.ValidateActionConfigResponse, error) {
	return detach(ctx, d.ProviderServer.(tfprotov6.ActionServer).ValidateActionConfig, req)
}

func (d detached) PlanAction(ctx context.Context, req *tfprotov6.PlanActionRequest) (*tfprotov6.PlanActionResponse, error) {
	return detach(ctx, d.ProviderServer.(tfprotov6.ActionServer).PlanAction, req)
}

func (d detached) InvokeAction(ctx context.Context, req *tfprotov6.InvokeActionRequest) (*tfprotov6.InvokeActionServerStream, error) {
	return d.ProviderServer.(tfprotov6.ActionServer).InvokeAction(ctx, req)
}
