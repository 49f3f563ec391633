# SPDX-License-Identifier: Apache-2.0
# The two commands: `make run` (install, build, serve on http://127.0.0.1:8080) and `make test` (every test).
.PHONY: run build test fuzz bench deps clean

JOBS ?= $(shell nproc)
RELEASE_DIR := build/release
CMAKE_CONFIGURE = cmake -S . -G Ninja -Wno-dev

deps:
	@scripts/install-deps

# Release binary at build/release/palisade (tests are built too, so `make test` reuses the objects).
build: deps
	@$(CMAKE_CONFIGURE) -B $(RELEASE_DIR) -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build $(RELEASE_DIR) --target palisade -j $(JOBS)

run: build
	@mkdir -p var
	$(RELEASE_DIR)/palisade serve --listen 127.0.0.1:8080 --database sqlite://var/palisade.db --data-dir var \
		--log-format text

test:
	@scripts/install-deps --test
	@scripts/test

fuzz: deps
	@scripts/fuzz $(FUZZ_SECONDS)

bench: build
	@scripts/install-deps --bench
	@bench/http_bench.sh
	@bench/ports_compare.py --palisade $(RELEASE_DIR)/palisade --services
	@bench/tls_compare.py --palisade $(RELEASE_DIR)/palisade
	@cmake --build $(RELEASE_DIR) --target palisade_vulnapp -j $(JOBS) >/dev/null && bench/web_compare.py --palisade $(RELEASE_DIR)/palisade --login
	@bench/templates_bench.py --palisade $(RELEASE_DIR)/palisade
	@scripts/with-postgres sh -c 'for b in findings_list_bench scans_bench ws_latency nmap_import_bench; do bench/$$b.py --palisade $(RELEASE_DIR)/palisade || exit 1; done'
	@bench/web_tti_bench.py --palisade $(RELEASE_DIR)/palisade

clean:
	rm -rf build
