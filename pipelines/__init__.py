"""sinmun's item pipelines and exporters: clean, normalise, validate, deduplicate, write Parquet."""
