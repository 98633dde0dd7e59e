# Thin aliases for dev.py (which works without make).
.PHONY: run test bench load
run: ; python3 dev.py run
test: ; python3 dev.py test
bench: ; python3 dev.py bench
load: ; python3 dev.py load
