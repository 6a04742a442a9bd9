sample-history Policies/no_such.policy --output /tmp/arbiter-sample-missing.csv
