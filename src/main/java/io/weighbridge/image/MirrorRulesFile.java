package io.weighbridge.image;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.openshift.api.model.config.v1.ImageDigestMirrorSet;
import io.fabric8.openshift.api.model.config.v1.ImageDigestMirrorSetList;
import io.fabric8.openshift.api.model.config.v1.ImageDigestMirrors;
import io.fabric8.openshift.api.model.config.v1.ImageTagMirrorSet;
import io.fabric8.openshift.api.model.config.v1.ImageTagMirrorSetList;
import io.fabric8.openshift.api.model.config.v1.ImageTagMirrors;
import io.weighbridge.image.MirrorSets.AppliesTo;
import io.weighbridge.image.MirrorSets.Rule;
import io.weighbridge.image.MirrorSets.Scope;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads a mirrors file ({@code docs/mirrors.md}): YAML documents of Weighbridge's own
 * {@code RegistryMirrors}, or OpenShift's {@code ImageDigestMirrorSet} / {@code ImageTagMirrorSet}
 * read into fabric8's {@code config.openshift.io/v1} model, alone or in lists as
 * {@code oc get imagedigestmirrorset -o yaml} prints several. Every mistake is one line naming the
 * file, the document and the field.
 */
final class MirrorRulesFile {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final KubernetesSerialization KUBERNETES = new KubernetesSerialization();
    private static final String NEVER_CONTACT_SOURCE = "NeverContactSource";
    private static final String ALLOW_CONTACT_SOURCE = "AllowContactSource";

    private MirrorRulesFile() {}

    /** Weighbridge's own form: {@code spec.mirrors} entries, with {@code pullFrom} instead of a kind per direction. */
    record RegistryMirrors(String apiVersion, String kind, JsonNode metadata, Spec spec) {
        record Spec(List<Entry> mirrors) {}

        record Entry(String source, List<String> mirrors, String pullFrom, String mirrorSourcePolicy) {}
    }

    static List<Rule> parse(String yaml, String fileName) {
        List<Rule> rules = new ArrayList<>();
        try (JsonParser parser = YAML.getFactory().createParser(yaml);
                MappingIterator<JsonNode> documents = YAML.readValues(parser, JsonNode.class)) {
            int index = 0;
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                index++;
                if (document != null && !document.isNull() && !document.isMissingNode()) {
                    rules.addAll(read(document, fileName + " document " + index));
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException invalid) {
                throw invalid;
            }
            throw new IllegalArgumentException(
                    fileName + ": not valid YAML (" + OneLine.cap(e.getMessage(), 160) + ")");
        }
        return rules;
    }

    private static List<Rule> read(JsonNode document, String where) {
        if (!document.isObject()) {
            throw new IllegalArgumentException(where + ": must be a mapping with a kind");
        }
        String kind = document.path("kind").asText("");
        return switch (kind) {
            case "RegistryMirrors" -> ownRules(typed(document, RegistryMirrors.class, where), where);
            case "ImageDigestMirrorSet" -> digestRules(typed(document, ImageDigestMirrorSet.class, where), where);
            case "ImageTagMirrorSet" -> tagRules(typed(document, ImageTagMirrorSet.class, where), where);
            case "ImageDigestMirrorSetList" ->
                eachItem(
                        typed(document, ImageDigestMirrorSetList.class, where).getItems(),
                        MirrorRulesFile::digestRules,
                        where);
            case "ImageTagMirrorSetList" ->
                eachItem(
                        typed(document, ImageTagMirrorSetList.class, where).getItems(),
                        MirrorRulesFile::tagRules,
                        where);
            case "List" -> listItems(document, where);
            default ->
                throw new IllegalArgumentException(where + ": kind must be RegistryMirrors, ImageDigestMirrorSet, "
                        + "ImageTagMirrorSet or a List of them, not '" + OneLine.cap(kind, 60) + "'");
        };
    }

    /** {@code kind: List}, as {@code oc get … -o yaml} prints several objects: each item by its own kind. */
    private static List<Rule> listItems(JsonNode list, String where) {
        JsonNode items = list.path("items");
        if (!items.isArray()) {
            throw new IllegalArgumentException(where + ": items: must be a list");
        }
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            rules.addAll(read(items.get(i), where + " items[" + i + "]"));
        }
        return rules;
    }

    private interface RulesOf<T> {
        List<Rule> rules(T item, String where);
    }

    private static <T> List<Rule> eachItem(List<T> items, RulesOf<T> rulesOf, String where) {
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < (items == null ? 0 : items.size()); i++) {
            rules.addAll(rulesOf.rules(items.get(i), where + " items[" + i + "]"));
        }
        return rules;
    }

    private static List<Rule> digestRules(ImageDigestMirrorSet set, String where) {
        List<ImageDigestMirrors> entries =
                set == null || set.getSpec() == null ? null : set.getSpec().getImageDigestMirrors();
        return openShiftRules(
                entries,
                where,
                "spec.imageDigestMirrors",
                AppliesTo.DIGESTS,
                entry -> new OpenShiftEntry(
                        entry.getSource(),
                        entry.getMirrors(),
                        entry.getMirrorSourcePolicy(),
                        entry.getAdditionalProperties()));
    }

    private static List<Rule> tagRules(ImageTagMirrorSet set, String where) {
        List<ImageTagMirrors> entries =
                set == null || set.getSpec() == null ? null : set.getSpec().getImageTagMirrors();
        return openShiftRules(
                entries,
                where,
                "spec.imageTagMirrors",
                AppliesTo.TAGS,
                entry -> new OpenShiftEntry(
                        entry.getSource(),
                        entry.getMirrors(),
                        entry.getMirrorSourcePolicy(),
                        entry.getAdditionalProperties()));
    }

    /** What a digest and a tag mirror entry share; fabric8 gives their classes no common type. */
    private record OpenShiftEntry(
            String source, List<String> mirrors, String mirrorSourcePolicy, Map<String, Object> unknown) {}

    private static <E> List<Rule> openShiftRules(
            List<E> entries, String where, String field, AppliesTo appliesTo, Function<E, OpenShiftEntry> view) {
        requireList(entries, where, field);
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            String at = where + ": " + field + "[" + i + "]";
            requireEntry(entries.get(i), at);
            OpenShiftEntry entry = view.apply(entries.get(i));
            rejectUnknown(entry.unknown(), at);
            rules.add(rule(entry.source(), entry.mirrors(), entry.mirrorSourcePolicy(), appliesTo, at));
        }
        return rules;
    }

    private static List<Rule> ownRules(RegistryMirrors mirrors, String where) {
        List<RegistryMirrors.Entry> entries =
                mirrors.spec() == null ? null : mirrors.spec().mirrors();
        String field = "spec.mirrors";
        requireList(entries, where, field);
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            RegistryMirrors.Entry entry = entries.get(i);
            String at = where + ": " + field + "[" + i + "]";
            requireEntry(entry, at);
            AppliesTo appliesTo = switch (entry.pullFrom() == null ? "digests" : entry.pullFrom()) {
                case "digests" -> AppliesTo.DIGESTS;
                case "tags" -> AppliesTo.TAGS;
                case "all" -> AppliesTo.ALL;
                default -> throw new IllegalArgumentException(at + ".pullFrom: must be digests, tags or all");
            };
            rules.add(rule(entry.source(), entry.mirrors(), entry.mirrorSourcePolicy(), appliesTo, at));
        }
        return rules;
    }

    private static Rule rule(String source, List<String> mirrorNames, String policy, AppliesTo appliesTo, String at) {
        if (source == null) {
            throw new IllegalArgumentException(at + ".source: missing");
        }
        Scope sourceScope = Scope.parse(source, at + ".source");
        List<Scope> mirrors = new ArrayList<>();
        List<String> names = mirrorNames == null ? List.of() : mirrorNames;
        for (int m = 0; m < names.size(); m++) {
            mirrors.add(Scope.parse(names.get(m), at + ".mirrors[" + m + "]"));
        }
        String sourcePolicy = policy == null ? ALLOW_CONTACT_SOURCE : policy;
        if (!sourcePolicy.equals(ALLOW_CONTACT_SOURCE) && !sourcePolicy.equals(NEVER_CONTACT_SOURCE)) {
            throw new IllegalArgumentException(
                    at + ".mirrorSourcePolicy: must be AllowContactSource or NeverContactSource");
        }
        boolean never = sourcePolicy.equals(NEVER_CONTACT_SOURCE);
        if (never && mirrors.isEmpty()) {
            throw new IllegalArgumentException(at + ": NeverContactSource needs at least one mirror");
        }
        return new Rule(sourceScope, mirrors, appliesTo, never);
    }

    private static void requireList(Collection<?> entries, String where, String field) {
        if (entries == null) {
            throw new IllegalArgumentException(where + ": " + field + ": must be a list");
        }
    }

    private static void requireEntry(Object entry, String at) {
        if (entry == null) {
            throw new IllegalArgumentException(at + ": must be a mapping with a source");
        }
    }

    /** fabric8's model keeps fields it does not know aside; in a mirror entry they are mistakes (a misspelt mirrorSourcePolicy). */
    private static void rejectUnknown(Map<String, Object> additional, String at) {
        if (additional != null && !additional.isEmpty()) {
            throw new IllegalArgumentException(
                    at + "." + OneLine.cap(additional.keySet().iterator().next(), 60) + ": unknown field");
        }
    }

    /** Weighbridge's own form by plain Jackson (unknown fields refused); OpenShift's objects by fabric8's serialization. */
    private static <T> T typed(JsonNode document, Class<T> type, String where) {
        try {
            return type == RegistryMirrors.class
                    ? YAML.convertValue(document, type)
                    : KUBERNETES.convertValue(document, type);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + describe(e.getCause() != null ? e.getCause() : e));
        }
    }

    /** {@code spec.imageDigestMirrors[0].mirrors: must be a list}, from where Jackson stopped and what it wanted there. */
    private static String describe(Throwable failure) {
        if (!(failure instanceof JsonMappingException mapping)) {
            return "cannot be read (" + OneLine.cap(String.valueOf(failure.getMessage()), 120) + ")";
        }
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : mapping.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        String what;
        if (mapping instanceof UnrecognizedPropertyException) {
            what = "unknown field";
        } else if (mapping instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            what = "must be " + expected(mismatch.getTargetType());
        } else {
            what = "cannot be read (" + OneLine.cap(mapping.getOriginalMessage(), 120) + ")";
        }
        return (path.length() == 0 ? "" : path + ": ") + what;
    }

    private static String expected(Class<?> type) {
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        if (type == String.class) {
            return "a string";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        return "a mapping";
    }
}
