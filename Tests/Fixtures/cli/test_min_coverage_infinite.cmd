test Policies --min-coverage inf
