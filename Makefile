# Release builds: static, -trimpath (no local paths in the binary), the
# version stamped from the git tag and the revision from git, so that
# `amtsbote --version` and amtsbote_build_info name them.
#   make build                  # ./amtsbote for this machine
#   make release                # dist/amtsbote-VERSION-linux-{amd64,arm64} and SHA256SUMS
#   make release VERSION=v1.4.0 # a version other than `git describe`
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
REVISION ?= $(shell git rev-parse HEAD 2>/dev/null || echo unknown)
PKG      := amtsbote/internal/buildinfo
LDFLAGS  := -s -w -X $(PKG).version=$(VERSION) -X $(PKG).revision=$(REVISION)
PLATFORMS := linux/amd64 linux/arm64

.PHONY: build release clean
build:
	CGO_ENABLED=0 go build -trimpath -ldflags "$(LDFLAGS)" -o amtsbote ./cmd/amtsbote

release: clean
	mkdir -p dist
	for p in $(PLATFORMS); do \
		os=$${p%/*}; arch=$${p#*/}; \
		CGO_ENABLED=0 GOOS=$$os GOARCH=$$arch go build -trimpath -ldflags "$(LDFLAGS)" \
			-o dist/amtsbote-$(VERSION)-$$os-$$arch ./cmd/amtsbote || exit 1; \
	done
	cd dist && sha256sum amtsbote-* > SHA256SUMS

clean:
	rm -rf dist
