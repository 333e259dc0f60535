# escape=`
# A Windows-style Dockerfile: the backtick continues lines, backslashes are paths.
FROM mcr.microsoft.com/windows/servercore:ltsc2022
RUN mkdir C:\app `
    # a comment between continued lines
    && echo done
COPY build\ C:\app\
WORKDIR C:\app
