bench decide --cases ax
