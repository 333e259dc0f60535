# syntax=docker/dockerfile:1.7
FROM alpine:3.20
RUN <<EOF
set -eu
apk add --no-cache curl
echo "<<NOT-A-HEREDOC>>" > /etc/motd
EOF
COPY <<-CONF /etc/app/app.conf
	listen = 8080
	# not a Dockerfile comment: part of the file
	RUN echo this line is data
	CONF
RUN <<ONE cat > /a && <<"TWO" cat > /b
first
ONE
second $HOME
TWO
RUN ["/bin/sh", "-c", "apk add curl"]
