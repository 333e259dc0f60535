package io.weighbridge.dockerfile;

/**
 * The body of a here-document of a {@code RUN}, {@code COPY} or {@code ADD} ({@code <<EOF},
 * {@code <<-EOF}: leading tabs already stripped).
 *
 * @param delimiter the word that ended it
 * @param body its lines, joined by {@code \n}
 */
public record Heredoc(String delimiter, String body) {}
