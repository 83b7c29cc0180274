# Aftercare (售后管家) — build, run and test.
#   make run      install what the build needs (where missing), build, open the app
#   make test     install the same, then vet, the whole test suite and a smoke run
#   make windows  cross-build dist/aftercare.exe with mingw-w64
# See README.md.

GO        ?= go
BIN       := bin/aftercare
DIST      := dist
UNAME_S   := $(shell uname -s 2>/dev/null || echo Windows)

# Debian/Ubuntu packages: cgo + OpenGL/X11 headers for Fyne, Xvfb for the
# smoke run, poppler for the PDF checks, mingw-w64 for the Windows build.
BUILD_PKGS   := gcc pkg-config libgl1-mesa-dev xorg-dev
TEST_PKGS    := $(BUILD_PKGS) xvfb xauth poppler-utils
WINDOWS_PKGS := gcc-mingw-w64-x86-64

.PHONY: run build test vet unit unit-pg fuzz smoke windows deps-build deps-test deps-windows clean

run: deps-build build
	./$(BIN) $(ARGS)

build:
	$(GO) build -o $(BIN) .

test: deps-test vet unit unit-pg fuzz smoke

vet:
	$(GO) vet ./...

unit:
	$(GO) test -count=1 ./...

# The app tests again on the second engine (issue 10): .ci/postgres.sh
# installs Debian's postgresql where missing, starts a throw-away server on
# 127.0.0.1 and sets AFTERCARE_TEST_PG for the run. Where no server can be
# had (no root for apt-get, outside CI) it says so and skips this pass;
# in CI (.ci/run sets AFTERCARE_CI) that is a failure.
unit-pg:
	.ci/postgres.sh $(GO) test -count=1 ./app

# Every parser of typed text, fuzzed for FUZZTIME each (go test -fuzz takes
# one target at a time); longer on demand: make fuzz FUZZTIME=5m. Go 1.26
# can fail a run with a bare "context deadline exceeded" when the time ends
# while a worker is busy (golang/go#75804): that is no finding, so a run
# fails only when it wrote a failing input or failed some other way.
FUZZTIME ?= 3s
FUZZ := models:FuzzNormalizePhone models:FuzzParseMoney models:FuzzParseDate models:FuzzDecodeCustomerCSV \
	models:FuzzCleanText models:FuzzParseMonth models:FuzzCheckSecret models:FuzzParseSearch models:FuzzOffset \
	models:FuzzCustomerInput printing:FuzzWrapText printing:FuzzSanitize app:FuzzParseQty app:FuzzSearch

fuzz:
	@for t in $(FUZZ); do \
	  pkg=./$${t%%:*}; name=$${t#*:}; \
	  out=$$($(GO) test -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) $$pkg 2>&1); rc=$$?; \
	  if [ $$rc -ne 0 ] && { echo "$$out" | grep -q 'Failing input written' || ! echo "$$out" | grep -q 'context deadline exceeded'; }; then \
	    echo "$$out"; echo "FAIL $$name ($$pkg)"; exit 1; \
	  fi; \
	  note=""; [ $$rc -eq 0 ] || note=", golang/go#75804 at the end"; \
	  echo "ok   $$name ($$pkg, $(FUZZTIME)$$note)"; \
	done

# The real binary opens its window under a virtual display on a fresh
# database, waits until it has drawn, and exits by itself.
smoke: build
	@tmp=$$(mktemp -d); \
	if command -v xvfb-run >/dev/null 2>&1; then \
	  xvfb-run -a -s "-screen 0 1366x800x24" ./$(BIN) --db "$$tmp/smoke.db" --smoke; \
	else \
	  ./$(BIN) --db "$$tmp/smoke.db" --smoke; \
	fi; rc=$$?; rm -rf "$$tmp"; exit $$rc

# The icon and version shown by Explorer come from FyneApp.toml; windres
# turns them into a .syso that go build links in, removed afterwards.
VERSION := $(shell sed -n 's/^ *Version *= *"\(.*\)"/\1/p' FyneApp.toml)
BUILDNO := $(shell sed -n 's/^ *Build *= *\([0-9]*\)/\1/p' FyneApp.toml)

windows: deps-windows
	$(GO) run ./assets/internal/mkwinres -version $(VERSION) -build $(BUILDNO) -out $(DIST)/winres
	x86_64-w64-mingw32-windres -O coff -i $(DIST)/winres/app.rc -o rsrc_windows_amd64.syso
	CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC=x86_64-w64-mingw32-gcc \
	  $(GO) build -trimpath -ldflags "-H=windowsgui -s -w" -o $(DIST)/aftercare.exe . ; \
	  rc=$$?; rm -f rsrc_windows_amd64.syso; exit $$rc
	@ls -l $(DIST)/aftercare.exe

deps-build:
	@$(call ensure,$(BUILD_PKGS))
deps-test:
	@$(call ensure,$(TEST_PKGS))
deps-windows:
	@$(call ensure,$(WINDOWS_PKGS))

clean:
	rm -rf bin $(DIST)

# ensure installs the missing Debian packages with apt-get (as root, or
# through sudo); elsewhere it checks for a C compiler and says what to install.
define ensure
set -e; \
if command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then \
  missing=""; \
  for p in $(1); do \
    dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
  done; \
  if [ -n "$$missing" ]; then \
    echo "installing:$$missing"; \
    SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
    $$SUDO apt-get update -qq; \
    DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
  fi; \
elif [ "$(UNAME_S)" = "Darwin" ]; then \
  xcode-select -p >/dev/null 2>&1 || { echo "Install the Xcode command line tools first: xcode-select --install"; exit 1; }; \
else \
  command -v gcc >/dev/null 2>&1 || { echo "Install a C compiler for cgo first: on Windows, MSYS2 with mingw-w64-x86_64-gcc (see README.md); on other Linux, gcc and the OpenGL/X11 development headers."; exit 1; }; \
fi
endef
