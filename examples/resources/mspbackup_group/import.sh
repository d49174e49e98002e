# Import by id:
terraform import mspbackup_group.helpdesk grp_e1adbc884b3bc9cc9c9b

# Import by name:
terraform import mspbackup_group.helpdesk name:Helpdesk
