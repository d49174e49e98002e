# Import by id:
terraform import mspbackup_license_quota.northwind_workstations lq_5c1d0e6f2a9b47c3d8e1

# Import by "<reseller account id>/<licence type>" (one quota per reseller and type):
terraform import mspbackup_license_quota.northwind_workstations ca_afbfd41471bf9899eaba/workstation
