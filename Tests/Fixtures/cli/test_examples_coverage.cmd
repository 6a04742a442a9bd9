test Policies/ --coverage --min-coverage 100
