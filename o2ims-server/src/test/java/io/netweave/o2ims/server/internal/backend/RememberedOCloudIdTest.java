package io.netweave.o2ims.server.internal.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RememberedOCloudIdTest {
  @TempDir Path dir;

  @Test
  void anIdWrittenForAClusterIsReadBackForThatClusterOnly() {
    Path file = dir.resolve("data").resolve(RememberedOCloudId.FILE);
    UUID id = UUID.randomUUID();
    assertThat(RememberedOCloudId.ofCluster(file, "central").read()).isEmpty();
    RememberedOCloudId.ofCluster(file, "central").write(id);
    assertThat(RememberedOCloudId.ofCluster(file, "central").read()).contains(id);
    assertThat(RememberedOCloudId.ofCluster(file, "edge-1").read()).isEmpty();
    UUID replaced = UUID.randomUUID();
    RememberedOCloudId.ofCluster(file, "central").write(replaced);
    assertThat(RememberedOCloudId.ofCluster(file, "central").read()).contains(replaced);
    assertThat(file.resolveSibling(RememberedOCloudId.FILE + ".tmp")).doesNotExist();
  }

  @Test
  void anUnreadableFileIsIgnored() throws IOException {
    Path file = dir.resolve(RememberedOCloudId.FILE);
    Files.writeString(file, "cluster=central\noCloudId=not-a-uuid\n");
    assertThat(RememberedOCloudId.ofCluster(file, "central").read()).isEmpty();
  }

  @Test
  void theDemoOCloudsIdIsKeptWithItsNameAndIsNotAClustersId() {
    Path file = dir.resolve("data").resolve(RememberedOCloudId.FILE);
    UUID id = UUID.randomUUID();
    RememberedOCloudId.ofDemo(file).write(id, Optional.of("alpha"));
    assertThat(RememberedOCloudId.ofDemo(file).readKept())
        .contains(new RememberedOCloudId.Kept(id, Optional.of("alpha")));
    assertThat(RememberedOCloudId.ofCluster(file, "demo").read()).isEmpty();
    assertThat(RememberedOCloudId.ofCluster(file, "kubernetes").read()).isEmpty();

    RememberedOCloudId.ofCluster(file, "kubernetes").write(id);
    assertThat(RememberedOCloudId.ofDemo(file).readKept()).isEmpty();
    assertThat(RememberedOCloudId.ofCluster(file, "kubernetes").readKept())
        .contains(new RememberedOCloudId.Kept(id, Optional.empty()));
  }
}
