"""The data layer: column contracts, readers and validation, the cached loader (the only reader of data/), source names."""
