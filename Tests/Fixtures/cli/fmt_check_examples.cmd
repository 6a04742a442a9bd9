fmt --check Policies/
