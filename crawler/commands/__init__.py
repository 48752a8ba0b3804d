"""sinmun's Scrapy commands (COMMANDS_MODULE): they add to, and where named alike replace, Scrapy's own."""
