# The multi-stage example of the remedies, with build arguments and a platform: the Go
# toolchain stays in the build stage, the final stage starts FROM scratch.
ARG GO_VERSION=1.22
ARG RUNTIME
FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-alpine AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -o /out/app ./cmd/app

FROM ${RUNTIME:-scratch} AS runtime
COPY --from=build /out/app /app
ENTRYPOINT ["/app"]
