package org.fnnc.maven;

import java.io.File;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Generates a network class for every spec in {@code src/test/fnnc} into
 * {@code target/generated-test-sources/fnnc} and adds that directory to the project's test sources only.
 */
@Mojo(name = "generate-test", defaultPhase = LifecyclePhase.GENERATE_TEST_SOURCES, threadSafe = true,
        requiresDependencyResolution = ResolutionScope.TEST)
public class GenerateTestMojo extends AbstractGenerateMojo {

    /** Where the test specs are. */
    @Parameter(property = "fnnc.testSpecDirectory", defaultValue = "${project.basedir}/src/test/fnnc", required = true)
    File specDirectory;

    /** Where the generated test sources go; added to the project's test compile source roots. */
    @Parameter(property = "fnnc.testOutputDirectory",
            defaultValue = "${project.build.directory}/generated-test-sources/fnnc", required = true)
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
        project.addTestCompileSourceRoot(directory);
    }
}
