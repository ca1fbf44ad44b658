"""The office side: export a month, rotate keys, take the province's packages."""
