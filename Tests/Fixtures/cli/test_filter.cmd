test Policies/ --filter thresholds
