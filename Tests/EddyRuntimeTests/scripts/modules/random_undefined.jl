# Random must be imported before Random.seed! works.
Random.seed!(1)
# expect-error: UndefVarError: `Random` not defined
