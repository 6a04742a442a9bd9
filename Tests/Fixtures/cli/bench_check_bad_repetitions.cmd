bench check --repetitions 0
