# Import the member set of a group by the group's id; the resource adopts the
# members the group has now, and the next plan shows how they differ from
# user_ids:
terraform import mspbackup_group_members.billing grp_776d7877907aecd85c4a
