# The Python service on Alpine as the remedies write it: build dependencies in a virtual
# package, deleted in the same RUN; no apk or pip cache left behind.
FROM alpine:3.20
WORKDIR /srv
COPY requirements.txt .
RUN apk add --no-cache python3 py3-pip \
    && apk add --no-cache --virtual .build-deps build-base python3-dev libffi-dev \
    && pip install --no-cache-dir --break-system-packages -r requirements.txt \
    && apk del .build-deps
COPY . .
CMD ["python3", "-m", "service"]
