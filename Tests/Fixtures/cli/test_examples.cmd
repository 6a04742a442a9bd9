test Policies/
