# Amtsbote: a static binary in an image with nothing else, run as a non-root user.
# Build: docker build -t amtsbote .
# Run:   docker run -p 8080:8080 -v amtsbote-data:/data -e AMTSBOTE_KEY_PASSPHRASE=... amtsbote
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/amtsbote ./cmd/amtsbote \
 && mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/amtsbote /usr/local/bin/amtsbote
COPY --from=build --chown=nonroot:nonroot /out/data /data
USER nonroot:nonroot
ENV AMTSBOTE_DATA=/data AMTSBOTE_ADDR=0.0.0.0:8080 AMTSBOTE_LOG_FORMAT=json
VOLUME /data
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/amtsbote"]
CMD ["serve"]
