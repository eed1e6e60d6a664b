package io.netweave.o2ims.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Dockerfile agrees with the build and the chart: the jar it copies is the one Maven builds,
 * the command is the chart's, the user is the chart's numeric non-root user, the port is the
 * gateway's. No Docker engine runs here, so the image itself is not built by the test suite
 * (docs/operations.md); {@link ContainerSmokeIT} starts the jar exactly as this command does.
 */
class DockerfileTest {
  private final DockerfileInstructions dockerfile = DockerfileInstructions.read();
  private final V1Deployment deployment = RenderedChart.render(null).deployment();
  private final V1Container chart = HelmChartTest.gateway(deployment);

  @Test
  void theImageRunsOnAJre17AndIsBuiltWithMaven() {
    assertThat(dockerfile.all())
        .filteredOn(i -> i.keyword().equals("FROM"))
        .extracting(DockerfileInstructions.Instruction::arguments)
        .containsExactly("maven:3.9-eclipse-temurin-17 AS build", "eclipse-temurin:17-jre");
  }

  @Test
  void theCopiedJarIsTheOneTheBuildProducesAndTheCommandStarts() throws IOException {
    String pom = Files.readString(Repository.path("o2ims-server/pom.xml"));
    Matcher finalName = Pattern.compile("<finalName>([^<]+)</finalName>").matcher(pom);
    assertThat(finalName.find()).isTrue();
    String built = "/src/o2ims-server/target/" + finalName.group(1) + ".jar";
    String copy =
        dockerfile.runtime("COPY").stream()
            .filter(c -> c.startsWith("--from=build "))
            .findFirst()
            .orElseThrow();
    String[] parts = copy.split("\\s+");
    assertThat(parts[1]).isEqualTo(built);
    List<String> entrypoint = dockerfile.execForm("ENTRYPOINT");
    assertThat(entrypoint.subList(entrypoint.size() - 2, entrypoint.size()))
        .containsExactly("-jar", parts[2]);
    assertThat(dockerfile.all())
        .anySatisfy(i -> assertThat(i.arguments()).contains("-pl o2ims-server -am package"));
  }

  @Test
  void theChartRunsTheImagesExactCommand() {
    assertThat(chart.getCommand()).isEqualTo(dockerfile.execForm("ENTRYPOINT"));
    assertThat(chart.getArgs()).isEqualTo(dockerfile.execForm("CMD"));
    assertThat(dockerfile.execForm("ENTRYPOINT"))
        .contains("-XX:MaxRAMPercentage=75.0", "-XX:+ExitOnOutOfMemoryError");
    String config = dockerfile.execForm("CMD").get(1);
    assertThat(dockerfile.runtime("COPY")).contains("deploy/docker/config.yaml " + config);
    assertThat(chart.getVolumeMounts())
        .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo(config));
  }

  @Test
  void theUserIsTheChartsNumericNonRootUser() {
    assertThat(dockerfile.single("USER")).isEqualTo("10001:10001");
    var pod = deployment.getSpec().getTemplate().getSpec().getSecurityContext();
    assertThat(pod.getRunAsUser()).isEqualTo(10001L);
    assertThat(pod.getRunAsGroup()).isEqualTo(10001L);
    assertThat(chart.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
  }

  @Test
  void theExposedPortIsTheGatewaysAndTheChartsPort() throws IOException {
    assertThat(dockerfile.single("EXPOSE")).isEqualTo("8080");
    assertThat(chart.getPorts())
        .singleElement()
        .satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(8080));
    assertThat(Files.readString(Repository.path("deploy/docker/config.yaml")))
        .contains("port: 8080");
    assertThat(RenderedChart.render(null).configYaml()).contains("port: 8080");
  }

  @Test
  void theDataDirectoryIsTheVolumeAndTheWorkingDirectoryIsNotWritable() {
    assertThat(dockerfile.single("VOLUME")).isEqualTo("[\"/var/lib/netweave\"]");
    assertThat(dockerfile.single("WORKDIR")).isEqualTo("/opt/netweave");
    assertThat(chart.getVolumeMounts())
        .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/var/lib/netweave"));
  }

  @Test
  void theImageCarriesOciLabels() {
    String labels = String.join(" ", dockerfile.runtime("LABEL"));
    for (String key :
        List.of("title", "description", "version", "revision", "source", "licenses")) {
      assertThat(labels).contains("org.opencontainers.image." + key + "=");
    }
  }
}
