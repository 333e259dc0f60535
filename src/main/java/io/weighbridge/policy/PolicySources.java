package io.weighbridge.policy;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads the policy text under a path at one moment, with a fingerprint of its content.
 *
 * <p>A folder is read recursively in name order: {@code *.yaml} and {@code *.yml} files only,
 * skipping hidden files and folders. That skips a mounted ConfigMap's internals ({@code ..data},
 * {@code ..2024_…}) while its visible files, symlinks into them, are followed. A ConfigMap
 * changes by swapping those symlinks, so the fingerprint hashes content, not timestamps.
 */
final class PolicySources {
    private static final int MAX_DEPTH = 8;

    private PolicySources() {}

    /** One policy file's text, named as it should appear in messages. */
    record SourceText(String name, String text) {}

    /** Every policy file under a path, read together. */
    record Snapshot(List<SourceText> sources, String fingerprint) {}

    static Snapshot read(Path path) throws PolicyValidationException {
        if (!Files.exists(path)) {
            throw problem(path, "no such file or folder (set weighbridge.policy.path to where the policies are)");
        }
        List<SourceText> sources = new ArrayList<>();
        for (Path file : files(path)) {
            try {
                byte[] bytes = Files.readAllBytes(file);
                String text = StandardCharsets.UTF_8
                        .newDecoder()
                        .decode(java.nio.ByteBuffer.wrap(bytes))
                        .toString();
                sources.add(new SourceText(file.toString(), text));
            } catch (CharacterCodingException e) {
                throw problem(file, "is not UTF-8 text");
            } catch (IOException e) {
                throw problem(file, "cannot be read: " + reason(e));
            }
        }
        return new Snapshot(List.copyOf(sources), fingerprint(sources));
    }

    private static List<Path> files(Path path) throws PolicyValidationException {
        if (!Files.isDirectory(path)) {
            return List.of(path);
        }
        List<Path> files = new ArrayList<>();
        try {
            Files.walkFileTree(path, EnumSet.of(FileVisitOption.FOLLOW_LINKS), MAX_DEPTH, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return !dir.equals(path) && hidden(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile() && !hidden(file) && isYaml(file)) {
                        files.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof FileSystemLoopException || e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE; // a symlink loop, or a dangling link mid-swap
                    }
                    throw e;
                }
            });
        } catch (IOException e) {
            throw problem(path, "cannot be listed: " + reason(e));
        }
        files.sort(Comparator.comparing(file -> path.relativize(file).toString()));
        return files;
    }

    /** The reason in words: the exception's message often only repeats the path. */
    private static String reason(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "it disappeared while being read";
        }
        if (e instanceof FileSystemException fileSystem && fileSystem.getReason() != null) {
            return fileSystem.getReason();
        }
        return e.getMessage() == null ? "an I/O error" : FindingMessages.withoutJavaNames(e.getMessage());
    }

    private static boolean hidden(Path path) {
        Path name = path.getFileName();
        return name != null && name.toString().startsWith(".");
    }

    private static boolean isYaml(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    private static String fingerprint(List<SourceText> sources) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            for (SourceText source : sources) {
                sha256.update(source.name().getBytes(StandardCharsets.UTF_8));
                sha256.update((byte) 0);
                sha256.update(source.text().getBytes(StandardCharsets.UTF_8));
                sha256.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static PolicyValidationException problem(Path path, String message) {
        return new PolicyValidationException(List.of(new PolicyProblem(path.toString(), 0, null, message)));
    }
}
