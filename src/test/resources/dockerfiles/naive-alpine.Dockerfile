# A Python service on Alpine, written without the Alpine habits of the remedies.
FROM alpine:3.20
WORKDIR /srv
COPY requirements.txt .
RUN apk update
RUN apk add python3 py3-pip build-base python3-dev libffi-dev
RUN pip install --break-system-packages -r requirements.txt
RUN apk del build-base python3-dev libffi-dev
COPY . .
CMD ["python3", "-m", "service"]
