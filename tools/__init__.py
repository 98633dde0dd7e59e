"""Developer tools: the server launcher, and the live-server and browser helpers shared by tests/ and bench/."""
