bench decide --decisions 10 --policy-file Policies/search_ads.policy
