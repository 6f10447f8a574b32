package sqlstore

// DistributionPlan returns every statement Options.Distribute runs for the PostgreSQL
// migrations, in order, for the tests that hold it against the migrated schema.
func DistributionPlan() ([]string, error) {
	ms, err := migrationsOf(Postgres)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, m := range ms {
		out = append(out, distributionStatements(m)...)
	}
	return out, nil
}
