# syntax=docker/dockerfile:1
# escape=`
ARG BASE=debian:12
FROM ${BASE:-alpine} AS build
RUN apt-get update && apt-get install -y build-essential curl `
    && rm -rf /var/lib/apt/lists/*
RUN <<EOF bash
set -e
pip install -r requirements.txt
EOF
COPY --from=build /out /out
FROM build AS test
ONBUILD RUN npm install
FROM gcr.io/distroless/static
COPY --from=test /out /app
