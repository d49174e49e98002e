# Import by id:
terraform import mspbackup_company.acme_london co_5c1f0e9a7d3b2c4e6f80

# Import by name (ignoring letter case):
terraform import mspbackup_company.acme_london "name:Acme London"

# Company names are unique only within a customer account: when several
# accounts have a company of that name, name the account too:
terraform import mspbackup_company.acme_london "name:ca_afbfd41471bf9899eaba/Acme London"
