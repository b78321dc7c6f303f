"""The edition model: what an edition YAML file says, validated, with source locations."""
