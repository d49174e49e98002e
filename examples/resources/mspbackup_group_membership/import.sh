# Import by "<group id>/<user id>":
terraform import mspbackup_group_membership.sam_admin grp_e1adbc884b3bc9cc9c9b/usr_9bd5ffc37e8b86ecce8e
