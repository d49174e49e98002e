# Import by id:
terraform import mspbackup_license_assignment.alice_workstations lic_b4fd96b9c48fb179a654

# Import by "<user id>/<licence type>" (a user has at most one assignment per type):
terraform import mspbackup_license_assignment.alice_workstations usr_9bd5ffc37e8b86ecce8e/workstation
