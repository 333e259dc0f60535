package io.weighbridge.image;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Registry documents as one fuzzer input ({@link RegistryDocumentJazzerTest}): the documents separated by NUL
 * bytes, the first served as the image (named by its digest), every other one as a manifest and as a blob under
 * its digest. In a document, {@code {digest:N}} and {@code {size:N}} stand for the digest and the length of
 * document N, so that a mutated document stays linked to the others; a placeholder that names no document, or
 * leads back to its own, stays as written. What the image weighs is not known: the general properties hold.
 */
final class LinkedDocuments {
    private static final byte SEPARATOR = 0;
    private static final int MOST_DOCUMENTS = 16;
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(digest|size):(\\d{1,2})}");
    /** A Content-Type a server can send: printable ASCII. */
    private static final Pattern HEADER_VALUE = Pattern.compile("[\\x20-\\x7e]+");

    /** Reads as deep as the documents are generated ({@link RegistryDocuments}: twice Jackson's default). */
    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(10_000)
                            .build())
                    .build())
            .build();

    private LinkedDocuments() {}

    static RegistryDocuments read(byte[] input) {
        List<byte[]> written = split(input);
        byte[][] resolved = new byte[written.size()][];
        for (int i = 0; i < written.size(); i++) {
            resolve(i, written, resolved, new HashSet<>());
        }
        Map<Digest, RegistryDocuments.Served> others = new LinkedHashMap<>();
        for (int i = 1; i < resolved.length; i++) {
            others.put(
                    Digest.sha256Of(resolved[i]),
                    new RegistryDocuments.Served(resolved[i], mediaType(resolved[i], "application/octet-stream")));
        }
        return new RegistryDocuments(
                new RegistryDocuments.Served(resolved[0], mediaType(resolved[0], null)), others, null, false);
    }

    /** {@code documents} as {@link #read}'s input: each digest (and the size after it) of a served document as its placeholder. */
    static byte[] write(RegistryDocuments documents) {
        List<RegistryDocuments.Served> all = new ArrayList<>();
        all.add(documents.top());
        all.addAll(documents.documents().values());
        ByteArrayOutputStream input = new ByteArrayOutputStream();
        for (int i = 0; i < all.size(); i++) {
            String text = latin1(all.get(i).bytes());
            for (int other = 1; other < all.size(); other++) {
                RegistryDocuments.Served served = all.get(other);
                String digest = served.digest().toString();
                text = text.replace(
                                "\"" + digest + "\",\"size\":" + served.bytes().length,
                                "\"{digest:" + other + "}\",\"size\":{size:" + other + "}")
                        .replace(digest, "{digest:" + other + "}");
            }
            if (i > 0) {
                input.write(SEPARATOR);
            }
            input.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
        }
        return input.toByteArray();
    }

    private static List<byte[]> split(byte[] input) {
        List<byte[]> documents = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= input.length && documents.size() < MOST_DOCUMENTS; i++) {
            if (i == input.length || input[i] == SEPARATOR) {
                byte[] document = new byte[i - start];
                System.arraycopy(input, start, document, 0, document.length);
                documents.add(document);
                start = i + 1;
            }
        }
        return documents;
    }

    private static byte[] resolve(int index, List<byte[]> written, byte[][] resolved, Set<Integer> resolving) {
        if (resolved[index] != null) {
            return resolved[index];
        }
        resolving.add(index);
        Matcher placeholder = PLACEHOLDER.matcher(latin1(written.get(index)));
        StringBuilder text = new StringBuilder();
        while (placeholder.find()) {
            int other = Integer.parseInt(placeholder.group(2));
            String replacement = placeholder.group();
            if (other < written.size() && !resolving.contains(other)) {
                byte[] document = resolve(other, written, resolved, resolving);
                replacement = placeholder.group(1).equals("digest")
                        ? Digest.sha256Of(document).toString()
                        : Integer.toString(document.length);
            }
            placeholder.appendReplacement(text, Matcher.quoteReplacement(replacement));
        }
        placeholder.appendTail(text);
        resolving.remove(index);
        resolved[index] = text.toString().getBytes(StandardCharsets.ISO_8859_1);
        return resolved[index];
    }

    /** Served as its {@code mediaType} says, as a registry does. */
    private static String mediaType(byte[] document, String otherwise) {
        try {
            JsonNode mediaType = JSON.readTree(document).path("mediaType");
            return mediaType.isTextual()
                            && HEADER_VALUE.matcher(mediaType.asText()).matches()
                    ? mediaType.asText()
                    : otherwise;
        } catch (Exception notJson) {
            return otherwise;
        }
    }

    /** Bytes as characters one to one, so placeholders are found and replaced without touching the rest. */
    private static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
