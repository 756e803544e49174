"""gamdong (감동): the operating platform of a Korean district office."""
