"""The early warning, in one room: the signs a learner shows (`signs`, measured for the whole
cohort at once in `grid`), their weights and the one score they add up to (`score`,
`weights.toml`), the threshold each cohort sets itself (`calibration`), and the cases a tutor
receives (`cases`)."""
