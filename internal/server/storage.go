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

// validateStorageAccount checks a storage account's fields and, when it
// is being set, its secret.
func validateStorageAccount(v *client.StorageAccount, secret *string) error {
	var fe fieldErrors
	if secret != nil {
		checkText(&fe, "secret_access_key", *secret, maxDescription, false)
	}
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

func (s *Server) getStorageAccount(w http.ResponseWriter, r *http.Request, p *principal) error {
	return sendLoaded(s, w, r, p, shared(store.Q.GetStorageAccount), storageAccountRef)
}

func (s *Server) createStorageAccount(w http.ResponseWriter, r *http.Request, p *principal) error {
	return changeWith(s, w, r, p, func(ctx context.Context, tx *store.Tx, req *client.StorageAccountCreateRequest) (*reply, error) {
		v := &client.StorageAccount{Meta: s.newMeta(client.PrefixStorageAccount), Name: req.Name, Type: req.Type,
			Endpoint: req.Endpoint, Region: req.Region, AccessKeyID: req.AccessKeyID}
		if err := validateStorageAccount(v, &req.SecretAccessKey); err != nil {
			return nil, err
		}
		fingerprint, fields := "", changedFields(&client.StorageAccount{}, v)
		if req.SecretAccessKey != "" {
			fingerprint, fields = secretFingerprint(req.SecretAccessKey), changedFields(&client.StorageAccount{}, v, "secret_access_key")
		}
		if err := tx.InsertStorageAccount(ctx, v, fingerprint); err != nil {
			return nil, err
		}
		return s.createdAudited(ctx, tx, p, "storage_account", "storage-accounts", v.Meta, nil, fields, v)
	})
}

func (s *Server) updateStorageAccount(w http.ResponseWriter, r *http.Request, p *principal) error {
	return changeWith(s, w, r, p, func(ctx context.Context, tx *store.Tx, req *client.StorageAccountUpdateRequest) (*reply, error) {
		var fingerprint *string
		var extra []string
		if req.SecretAccessKey != nil {
			f := secretFingerprint(*req.SecretAccessKey)
			fingerprint, extra = &f, []string{"secret_access_key"}
		}
		old, err := loadForChange(ctx, tx, r, p, shared(store.Q.GetStorageAccount), storageAccountRef)
		if err != nil {
			return nil, err
		}
		v := *old
		setIf(&v.Name, req.Name)
		setIf(&v.Endpoint, req.Endpoint)
		setIf(&v.Region, req.Region)
		setIf(&v.AccessKeyID, req.AccessKeyID)
		if err := validateStorageAccount(&v, req.SecretAccessKey); err != nil {
			return nil, err
		}
		return s.updatedAudited(ctx, tx, p, "storage_account", old, &v, &v.Meta, nil, changedFields(old, &v, extra...),
			func() error { return tx.UpdateStorageAccount(ctx, &v, fingerprint) })
	})
}

func (s *Server) deleteStorageAccount(w http.ResponseWriter, r *http.Request, p *principal) error {
	return deleteAudited(s, w, r, p, "storage_account", "storage account", shared(store.Q.GetStorageAccount), storageAccountRef, nil,
		(*store.Tx).DeleteStorageAccount)
}

func (s *Server) listStorageAccounts(w http.ResponseWriter, r *http.Request, _ *principal) error {
	return listByName(w, r, s.st.ListStorageAccounts)
}

// ---- storage limits ----

func validateStorageLimit(v *client.StorageLimit) error {
	var fe fieldErrors
	checkName(&fe, "name", v.Name)
	if v.LimitGB <= 0 {
		fe.add("limit_gb", "must be greater than 0, not %d", v.LimitGB)
	}
	return fe.err()
}

func (s *Server) getStorageLimit(w http.ResponseWriter, r *http.Request, p *principal) error {
	return sendLoaded(s, w, r, p, shared(store.Q.GetStorageLimit), storageLimitRef)
}

func (s *Server) createStorageLimit(w http.ResponseWriter, r *http.Request, p *principal) error {
	return createAudited(s, w, r, p, "storage_limit", "storage-limits", storageLimitRef,
		func(_ context.Context, _ *store.Tx, req *client.StorageLimitCreateRequest) (*client.StorageLimit, error) {
			v := &client.StorageLimit{Meta: s.newMeta(client.PrefixStorageLimit), Name: req.Name, LimitGB: req.LimitGB}
			return v, validateStorageLimit(v)
		}, (*store.Tx).InsertStorageLimit)
}

func (s *Server) updateStorageLimit(w http.ResponseWriter, r *http.Request, p *principal) error {
	return updateAudited(s, w, r, p, "storage_limit", shared(store.Q.GetStorageLimit), storageLimitRef,
		func(_ context.Context, _ *store.Tx, old *client.StorageLimit, req *client.StorageLimitUpdateRequest) (*client.StorageLimit, error) {
			v := *old
			setIf(&v.Name, req.Name)
			setIf(&v.LimitGB, req.LimitGB)
			return &v, validateStorageLimit(&v)
		}, (*store.Tx).UpdateStorageLimit)
}

func (s *Server) deleteStorageLimit(w http.ResponseWriter, r *http.Request, p *principal) error {
	return deleteAudited(s, w, r, p, "storage_limit", "storage limit", shared(store.Q.GetStorageLimit), storageLimitRef, nil,
		(*store.Tx).DeleteStorageLimit)
}

func (s *Server) listStorageLimits(w http.ResponseWriter, r *http.Request, _ *principal) error {
	return listByName(w, r, s.st.ListStorageLimits)
}
