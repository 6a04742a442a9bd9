test Policies/category_ranking_test.yaml --mutate
