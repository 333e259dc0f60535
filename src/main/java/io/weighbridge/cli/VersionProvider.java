package io.weighbridge.cli;

import picocli.CommandLine;

/** The version of the jar, as Maven wrote it into the manifest. */
class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = WeighbridgeCommand.class.getPackage().getImplementationVersion();
        return new String[] {"weighbridge " + (version == null ? "(development build)" : version)};
    }
}
