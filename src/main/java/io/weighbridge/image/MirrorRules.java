package io.weighbridge.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * Where the nodes pull an image from instead of its own registry, so that it is weighed there:
 * the mirror file of {@code weighbridge.registry.mirrors-file} ({@code docs/mirrors.md}), either
 * YAML ({@link MirrorSets}: RegistryMirrors, ImageDigestMirrorSet, ImageTagMirrorSet) or a
 * containers-registries.conf ({@link RegistriesConf}, TOML), each with the semantics of what
 * applies it.
 */
sealed interface MirrorRules permits MirrorSets, RegistriesConf {
    MirrorRules NONE = new MirrorSets(List.of());

    /** Where to look for {@code reference}, in order; just the reference itself when no rule applies. */
    List<Candidate> candidates(ImageReference reference);

    /** Settings of the file that were read but are not applied, one line each, to be logged. */
    default List<String> notes() {
        return List.of();
    }

    /**
     * One place to look. {@code role} says what it is to the user's reference; a candidate with a
     * {@code refusal} is not contacted, and the refusal is its reason in the failure message.
     */
    record Candidate(ImageReference reference, Role role, String refusal) {
        enum Role {
            /** The user's own reference. */
            SOURCE,
            /** A mirror of it. */
            MIRROR,
            /** Where registries.conf's {@code location} moves the source. */
            LOCATION
        }

        static Candidate source(ImageReference reference) {
            return new Candidate(reference, Role.SOURCE, null);
        }

        static Candidate mirror(ImageReference reference) {
            return new Candidate(reference, Role.MIRROR, null);
        }

        static Candidate location(ImageReference reference) {
            return new Candidate(reference, Role.LOCATION, null);
        }

        Candidate refused(String why) {
            return new Candidate(reference, role, why);
        }

        /** Whether an answer from here is weighed elsewhere than the user's reference names. */
        boolean elsewhere() {
            return role != Role.SOURCE;
        }

        /** How failure messages name it: {@code source}, {@code mirror quay.example/app}, {@code location …}. */
        String label() {
            return role == Role.SOURCE ? "source" : role.name().toLowerCase(Locale.ROOT) + " " + reference.name();
        }
    }

    /**
     * The rules of {@code weighbridge.registry.mirrors-file}, its notes logged. A file that cannot
     * be read is a reason no image can be weighed, given as is: weighing at the source instead
     * would weigh what the nodes do not pull.
     */
    static MirrorRules fromConfig(RegistryConfig config) {
        MirrorRules rules;
        try {
            rules = config.mirrorsFile().map(MirrorRules::load).orElse(NONE);
        } catch (IllegalArgumentException e) {
            throw new WeighingException("weighbridge.registry.mirrors-file " + e.getMessage(), e);
        }
        Logger log = Logger.getLogger(MirrorRules.class);
        rules.notes().forEach(note -> log.warn(note));
        return rules;
    }

    /** Reads a mirrors file, TOML or YAML; fails with one line naming the file and where in it. */
    static MirrorRules load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    file + ": cannot be read (" + OneLine.cap(String.valueOf(e.getMessage()), 160) + ")");
        }
        String name = file.getFileName() == null
                ? file.toString()
                : file.getFileName().toString();
        return parse(text, file.toString(), name.endsWith(".conf") || name.endsWith(".toml") || isToml(text));
    }

    /** Reads the text of a mirrors file called {@code fileName}, telling TOML from YAML by its content. */
    static MirrorRules parse(String text, String fileName) {
        return parse(text, fileName, isToml(text));
    }

    private static MirrorRules parse(String text, String fileName, boolean toml) {
        return toml ? RegistriesConfFile.parse(text, fileName) : MirrorSets.parse(text, fileName);
    }

    /**
     * TOML when the first line that is not blank or a comment opens a table ({@code [[registry]]})
     * or sets a key ({@code unqualified-search-registries = […]}); YAML documents start with a
     * key and a colon, {@code ---} or {@code apiVersion:}.
     */
    private static boolean isToml(String text) {
        return text.lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .findFirst()
                .map(line -> line.startsWith("[") || line.matches("[A-Za-z0-9_.\"'-]+\\s*=.*"))
                .orElse(false);
    }
}
