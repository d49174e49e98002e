# Import by id:
terraform import mspbackup_api_token.ci tok_3f2e1d0c9b8a7f6e5d4c

# Import by name (ignoring letter case; fails when several tokens share it):
terraform import mspbackup_api_token.ci "name:drift detection pipeline"

# The secret is shown only in the answer to the create, so an imported token
# has a null "token": import a token to manage its lifetime, and create a new
# one when you need its secret.
