eval Policies/search_ads.policy --dump-plan
