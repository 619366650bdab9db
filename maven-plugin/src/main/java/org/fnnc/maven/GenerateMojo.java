package org.fnnc.maven;

import java.io.File;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Generates a network class for every spec in {@code src/main/fnnc} into
 * {@code target/generated-sources/fnnc} and adds that directory to the project's sources.
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true,
        requiresDependencyResolution = ResolutionScope.COMPILE)
public class GenerateMojo extends AbstractGenerateMojo {

    /** Where the specs are. */
    @Parameter(property = "fnnc.specDirectory", defaultValue = "${project.basedir}/src/main/fnnc", required = true)
    File specDirectory;

    /** Where the generated sources go; added to the project's compile source roots. */
    @Parameter(property = "fnnc.outputDirectory", defaultValue = "${project.build.directory}/generated-sources/fnnc",
            required = true)
    File outputDirectory;

    @Override
    File specDirectory() {
        return specDirectory;
    }

    @Override
    File outputDirectory() {
        return outputDirectory;
    }

    @Override
    void addSourceRoot(String directory) {
        project.addCompileSourceRoot(directory);
    }
}
