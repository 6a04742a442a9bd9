check --frobnicate Policies/
