"""sinmun's spiders: each discovers article pages one way and locates their fields."""
