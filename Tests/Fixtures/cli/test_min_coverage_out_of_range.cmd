test Policies --min-coverage 150
