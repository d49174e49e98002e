package server

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"net/http"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/store"
)

// ---- storage accounts ----

var storageAccountKind = &kind[client.StorageAccount]{
	name: "storage account", audit: "storage_account", path: "/api/v1/storage-accounts", mspOnly: true,
	get:        store.Q.GetStorageAccount,
	meta:       func(v *client.StorageAccount) *client.Meta { return &v.Meta },
	validate:   validateStorageAccount,
	remove:     (*store.Tx).DeleteStorageAccount,
	dependants: true,
}

func validateStorageAccount(_ context.Context, _ *store.Tx, _ *principal, v *client.StorageAccount) error {
	var fe fieldErrors
	checkName(&fe, "name", v.Name)
	checkEnum(&fe, "type", v.Type, client.StorageTypes)
	switch {
	case v.Type == client.StorageTypeS3Compatible && v.Endpoint == "":
		fe.add("endpoint", "is required for type s3_compatible (an http or https URL)")
	case v.Type == client.StorageTypeLocalFilesystem && v.Endpoint == "":
		fe.add("endpoint", "is required for type local_filesystem (an absolute directory path)")
	case v.Type == client.StorageTypeLocalFilesystem:
		checkDirectory(&fe, "endpoint", v.Endpoint)
	case v.Endpoint != "":
		checkHTTPURL(&fe, "endpoint", v.Endpoint)
	}
	checkText(&fe, "region", v.Region, maxName, false)
	checkText(&fe, "access_key_id", v.AccessKeyID, maxName, false)
	return fe.err()
}

// secretFingerprint is a salted SHA-256 of a write-only secret: enough to
// tell that it changed, useless to read it back.
func secretFingerprint(secret string) string {
	salt := make([]byte, 16)
	_, _ = rand.Read(salt)
	sum := sha256.Sum256(append(salt, secret...))
	return "sha256$" + hex.EncodeToString(salt) + "$" + hex.EncodeToString(sum[:])
}

func checkSecret(fe *fieldErrors, secret *string) {
	if secret != nil {
		checkText(fe, "secret_access_key", *secret, maxDescription, false)
	}
}

func (s *Server) createStorageAccount(w http.ResponseWriter, r *http.Request, p *principal) error {
	req, err := decode[client.StorageAccountCreateRequest](r)
	if err != nil {
		return err
	}
	v := &client.StorageAccount{Meta: s.newMeta(client.PrefixStorageAccount), Name: req.Name, Type: req.Type,
		Endpoint: req.Endpoint, Region: req.Region, AccessKeyID: req.AccessKeyID}
	fp, extra := "", []string(nil)
	if req.SecretAccessKey != "" {
		fp, extra = secretFingerprint(req.SecretAccessKey), []string{"secret_access_key"}
	}
	k := *storageAccountKind
	k.validate = func(ctx context.Context, tx *store.Tx, p *principal, v *client.StorageAccount) error {
		var fe fieldErrors
		checkSecret(&fe, &req.SecretAccessKey)
		return joinInvalid(fe, validateStorageAccount(ctx, tx, p, v))
	}
	k.insert = func(tx *store.Tx, ctx context.Context, v *client.StorageAccount) error {
		return tx.InsertStorageAccount(ctx, v, fp)
	}
	return createEntity(s, w, r, p, &k, v, nil, extra...)
}

func (s *Server) updateStorageAccount(w http.ResponseWriter, r *http.Request, p *principal) error {
	req, err := decode[client.StorageAccountUpdateRequest](r)
	if err != nil {
		return err
	}
	var fp *string
	if req.SecretAccessKey != nil {
		f := secretFingerprint(*req.SecretAccessKey)
		fp = &f
	}
	k := *storageAccountKind
	k.validate = func(ctx context.Context, tx *store.Tx, p *principal, v *client.StorageAccount) error {
		var fe fieldErrors
		checkSecret(&fe, req.SecretAccessKey)
		return joinInvalid(fe, validateStorageAccount(ctx, tx, p, v))
	}
	k.update = func(tx *store.Tx, ctx context.Context, v *client.StorageAccount) error {
		return tx.UpdateStorageAccount(ctx, v, fp)
	}
	return updateEntity(s, w, r, p, &k, func(_ context.Context, _ *store.Tx, v *client.StorageAccount) ([]string, error) {
		setIf(&v.Name, req.Name)
		setIf(&v.Endpoint, req.Endpoint)
		setIf(&v.Region, req.Region)
		setIf(&v.AccessKeyID, req.AccessKeyID)
		if fp != nil {
			return []string{"secret_access_key"}, nil
		}
		return nil, nil
	})
}

func (s *Server) deleteStorageAccount(w http.ResponseWriter, r *http.Request, p *principal) error {
	return deleteEntity(s, w, r, p, storageAccountKind, nil)
}

func (s *Server) listStorageAccounts(w http.ResponseWriter, r *http.Request, _ *principal) error {
	l, err := parseList(r, "name")
	if err != nil {
		return err
	}
	items, next, err := s.st.ListStorageAccounts(r.Context(), store.NameFilter{Name: l.get("name")}, l.page)
	return sendPage(w, items, next, err)
}

// ---- storage limits ----

var storageLimitKind = &kind[client.StorageLimit]{
	name: "storage limit", audit: "storage_limit", path: "/api/v1/storage-limits", mspOnly: true,
	get:  store.Q.GetStorageLimit,
	meta: func(v *client.StorageLimit) *client.Meta { return &v.Meta },
	validate: func(_ context.Context, _ *store.Tx, _ *principal, v *client.StorageLimit) error {
		var fe fieldErrors
		checkName(&fe, "name", v.Name)
		if v.LimitGB <= 0 {
			fe.add("limit_gb", "must be greater than 0, not %d", v.LimitGB)
		}
		return fe.err()
	},
	insert:     (*store.Tx).InsertStorageLimit,
	update:     (*store.Tx).UpdateStorageLimit,
	remove:     (*store.Tx).DeleteStorageLimit,
	dependants: true,
}

func (s *Server) createStorageLimit(w http.ResponseWriter, r *http.Request, p *principal) error {
	req, err := decode[client.StorageLimitCreateRequest](r)
	if err != nil {
		return err
	}
	v := &client.StorageLimit{Meta: s.newMeta(client.PrefixStorageLimit), Name: req.Name, LimitGB: req.LimitGB}
	return createEntity(s, w, r, p, storageLimitKind, v, nil)
}

func (s *Server) updateStorageLimit(w http.ResponseWriter, r *http.Request, p *principal) error {
	req, err := decode[client.StorageLimitUpdateRequest](r)
	if err != nil {
		return err
	}
	return updateEntity(s, w, r, p, storageLimitKind, func(_ context.Context, _ *store.Tx, v *client.StorageLimit) ([]string, error) {
		setIf(&v.Name, req.Name)
		setIf(&v.LimitGB, req.LimitGB)
		return nil, nil
	})
}

func (s *Server) deleteStorageLimit(w http.ResponseWriter, r *http.Request, p *principal) error {
	return deleteEntity(s, w, r, p, storageLimitKind, nil)
}

func (s *Server) listStorageLimits(w http.ResponseWriter, r *http.Request, _ *principal) error {
	l, err := parseList(r, "name")
	if err != nil {
		return err
	}
	items, next, err := s.st.ListStorageLimits(r.Context(), store.NameFilter{Name: l.get("name")}, l.page)
	return sendPage(w, items, next, err)
}
