eval Policies/storefront_autoscale.policy --dump-plan
