check Policies/
