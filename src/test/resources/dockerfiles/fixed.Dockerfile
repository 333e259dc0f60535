# syntax=docker/dockerfile:1
# The naive web app, rebuilt the way the remedies say: compile in a build stage with one RUN
# per step that cleans up after itself, ship only the result on a small base.
FROM node:20 AS build
WORKDIR /app
RUN apt-get update \
    && apt-get install -y build-essential python3-pip \
    && pip install --break-system-packages -r requirements.txt
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build

FROM node:20-alpine
WORKDIR /app
RUN apk add --no-cache tini \
    && mkdir -p /usr/share/fonts \
    && wget -qO- https://example.com/assets/fonts.tar.gz | tar -xz -C /usr/share/fonts
COPY --from=build /app/dist ./dist
COPY --from=build /app/package.json /app/package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
ENTRYPOINT ["/sbin/tini", "--"]
CMD ["node", "dist/server.js"]
