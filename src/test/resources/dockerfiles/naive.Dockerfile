# A web app as it is often first written: every habit that makes an image big.
FROM node:20
WORKDIR /app
RUN apt-get update
RUN apt-get install -y python3-pip build-essential
RUN pip install --break-system-packages -r requirements.txt
ADD https://example.com/assets/fonts.tar.gz /tmp/
RUN tar -xzf /tmp/fonts.tar.gz -C /usr/share/fonts
RUN rm /tmp/fonts.tar.gz
COPY . .
RUN npm install
RUN npm run build
CMD ["node", "dist/server.js"]
