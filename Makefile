# Shortcuts for the two build scripts that are not part of the tests (scripts/test.sh runs those).
.PHONY: bench single

# The benchmark: builds what it needs, measures in headless Chromium, writes docs/PERFORMANCE.md.
bench:
	bash scripts/bench.sh

# One self-contained HTML file, dist-single/jixiao.html, that works from file:// offline.
single:
	bash scripts/single.sh
