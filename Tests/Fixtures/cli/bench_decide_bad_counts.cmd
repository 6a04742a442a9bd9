bench decide --rounds 0
