# Amtsbote: a static binary in an image with nothing else, run as a non-root user.
# Build: docker build --build-arg VERSION=$(git describe --tags) --build-arg REVISION=$(git rev-parse HEAD) -t amtsbote .
# Run:   docker run -p 8080:8080 -v amtsbote-data:/data -e AMTSBOTE_KEY_PASSPHRASE=... amtsbote
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
ARG REVISION=unknown
RUN CGO_ENABLED=0 go build -trimpath \
      -ldflags "-s -w -X amtsbote/internal/buildinfo.version=${VERSION} -X amtsbote/internal/buildinfo.revision=${REVISION}" \
      -o /out/amtsbote ./cmd/amtsbote \
 && mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/amtsbote /usr/local/bin/amtsbote
COPY --from=build --chown=nonroot:nonroot /out/data /data
USER nonroot:nonroot
ENV AMTSBOTE_DATA=/data AMTSBOTE_ADDR=0.0.0.0:8080 AMTSBOTE_LOG_FORMAT=json
VOLUME /data
EXPOSE 8080
# No curl in a distroless image: the binary asks its own /readyz.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD ["/usr/local/bin/amtsbote", "health"]
ENTRYPOINT ["/usr/local/bin/amtsbote"]
CMD ["serve"]
