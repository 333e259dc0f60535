package io.weighbridge.check;

import io.weighbridge.policy.PolicySet;
import io.weighbridge.policy.PolicyValidationException;
import java.nio.file.Path;

/**
 * Reads policies to try instead of the installed ones. The dry-run surfaces depend on this seam
 * rather than on the loader's static methods, so the loader can change behind one adapter.
 */
public interface PolicyReader {

    /** Parses policy text given inline; {@code sourceName} names it in problems. */
    PolicySet parse(String yaml, String sourceName) throws PolicyValidationException;

    /** Loads a policy file, or every policy file under a folder. */
    PolicySet load(Path fileOrFolder) throws PolicyValidationException;
}
