# The MSP's estate. Add a tenant, a company or a user here and run
# `terraform apply`. Secrets are not here: see variables.tf.

storage_limits = {
  standard = { name = "Standard (250 GB)", limit_gb = 250 }
  premium  = { name = "Premium (1 TB)", limit_gb = 1000 }
  archive  = { name = "Archive (5 TB)", limit_gb = 5000 }
}

groups = {
  tenant_admins = {
    name        = "Tenant Administrators"
    description = "A customer's own IT: manages the users, companies and licences of its account"
    permissions = [
      "audit:read",
      "companies:read",
      "companies:write",
      "customer_accounts:read",
      "groups:read",
      "licenses:read",
      "licenses:write",
      "outbox:read",
      "storage:read",
      "tokens:write",
      "users:read",
      "users:write",
    ]
  }
  backup_operators = {
    name        = "Backup Operators"
    description = "Watch backups and licences; change nothing"
    permissions = ["companies:read", "licenses:read", "storage:read", "users:read"]
  }
  helpdesk = {
    name        = "Helpdesk"
    description = "MSP first-line support: read every tenant, fix users, read the outbox"
    permissions = [
      "audit:read",
      "companies:read",
      "customer_accounts:read",
      "licenses:read",
      "outbox:read",
      "users:read",
      "users:write",
    ]
  }
  billing = {
    name        = "Billing"
    description = "MSP back office: licences and invoicing"
    permissions = ["customer_accounts:read", "licenses:read", "licenses:write"]
  }
}

tenants = {
  acme = {
    name        = "Acme Ltd"
    description = "Manufacturing; offices in London and Leeds"
    storage = {
      name          = "Acme on Amazon S3 (eu-west-2)"
      type          = "amazon_s3"
      region        = "eu-west-2"
      bucket        = "acme-backups"
      access_key_id = "AKIAIOSFODNN7EXAMPLE"
    }
    companies = {
      london = { name = "Acme London", description = "Head office", storage_limit = "premium" }
      leeds  = { name = "Acme Leeds", description = "Warehouse", storage_limit = "standard" }
    }
    users = {
      "alice@acme.example" = {
        first_name          = "Alice"
        last_name           = "Archer"
        email               = "alice@acme.example"
        company             = "london"
        groups              = ["tenant_admins"]
        licenses            = { workstation = 2, microsoft_365 = 1 }
        notification_emails = ["it-reports@acme.example"]
      }
      "bob@acme.example" = {
        first_name = "Bob"
        last_name  = "Baker"
        email      = "bob@acme.example"
        company    = "london"
        groups     = ["backup_operators"]
        licenses   = { workstation = 1, server = 2 }
      }
      "carol@acme.example" = {
        first_name   = "Carol"
        last_name    = "Chen"
        email        = "carol@acme.example"
        company      = "leeds"
        groups       = ["backup_operators"]
        licenses     = { workstation = 1, virtual_machine = 2 }
        mfa_method   = "sms"
        mobile_phone = "+447700900123"
      }
    }
  }

  globex = {
    name        = "Globex Corporation"
    description = "Engineering; head office and field teams"
    storage = {
      name          = "Globex on Backblaze B2"
      type          = "backblaze_b2"
      region        = "eu-central-003"
      endpoint      = "https://s3.eu-central-003.backblazeb2.com"
      bucket        = "globex-backups"
      access_key_id = "003a1b2c3d4e5f60000000001"
    }
    companies = {
      hq    = { name = "Globex HQ", storage_limit = "archive" }
      field = { name = "Globex Field Services", storage_limit = "standard" }
    }
    users = {
      "hank@globex.example" = {
        first_name          = "Hank"
        last_name           = "Scorpio"
        email               = "hank@globex.example"
        company             = "hq"
        groups              = ["tenant_admins"]
        licenses            = { server = 3, virtual_machine = 4, microsoft_365 = 10 }
        notification_emails = ["ops@globex.example", "cto@globex.example"]
      }
      "mindy@globex.example" = {
        first_name = "Mindy"
        last_name  = "Simmons"
        email      = "mindy@globex.example"
        company    = "field"
        groups     = ["backup_operators"]
        licenses   = { workstation = 2 }
      }
      "homer@globex.example" = {
        first_name = "Homer"
        last_name  = "Simpson"
        email      = "homer@globex.example"
        company    = "field"
        licenses   = { workstation = 1 }
        enabled    = false # left the company; kept until the backups expire
      }
    }
  }

  initech = {
    name        = "Initech LLC"
    description = "Software; backs up to its own MinIO cluster"
    storage = {
      name          = "Initech on-premises MinIO"
      type          = "s3_compatible"
      endpoint      = "https://minio.initech.example:9000"
      bucket        = "initech-backups"
      access_key_id = "initech-backup"
    }
    # Computers may only use the licences assigned to their user.
    license_source = "assigned_only"
    companies = {
      main = { name = "Initech", storage_limit = "standard" }
    }
    users = {
      "bill@initech.example" = {
        first_name = "Bill"
        last_name  = "Lumbergh"
        email      = "bill@initech.example"
        company    = "main"
        groups     = ["tenant_admins"]
        licenses   = { workstation = 1, server = 1 }
      }
      "peter@initech.example" = {
        first_name = "Peter"
        last_name  = "Gibbons"
        email      = "peter@initech.example"
        company    = "main"
        licenses   = { workstation = 1 }
      }
      "milton@initech.example" = {
        first_name    = "Milton"
        last_name     = "Waddams"
        email         = "milton@initech.example"
        company       = "main"
        licenses      = { workstation = 1 }
        storage_limit = "archive"
      }
    }
  }
}

staff = {
  "olivia.ops" = {
    first_name    = "Olivia"
    last_name     = "Oduya"
    email         = "olivia@msp.example"
    administrator = true
    mfa_method    = "sms"
    mobile_phone  = "+447700900456"
  }
  "sam.support" = {
    first_name = "Sam"
    last_name  = "Support"
    email      = "sam@msp.example"
    groups     = ["helpdesk"]
    mask_data  = true
  }
  "fin.billing" = {
    first_name = "Finley"
    last_name  = "Ng"
    email      = "finley@msp.example"
    groups     = ["billing"]
  }
}
