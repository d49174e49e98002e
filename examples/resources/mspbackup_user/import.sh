# Import by id:
terraform import mspbackup_user.alice usr_9bd5ffc37e8b86ecce8e

# Import by login (case-insensitive):
terraform import mspbackup_user.alice login:alice@acme.example

# The API never returns the password: after an import it is null in the
# state, and the first apply sets it from your configuration.
