sample-history Policies/search_ads.policy --days 1 --keys 1 --output /tmp/arbiter-sample-from-file.csv
