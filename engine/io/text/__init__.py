"""Text study files: a study folder of YAML or TOML files, read and written."""
