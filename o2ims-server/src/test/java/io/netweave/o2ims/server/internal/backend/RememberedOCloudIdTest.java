package io.netweave.o2ims.server.internal.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RememberedOCloudIdTest {
  @TempDir Path dir;

  @Test
  void anIdWrittenForAClusterIsReadBackForThatClusterOnly() {
    Path file = dir.resolve("data").resolve(RememberedOCloudId.FILE);
    UUID id = UUID.randomUUID();
    assertThat(new RememberedOCloudId(file, "central").read()).isEmpty();
    new RememberedOCloudId(file, "central").write(id);
    assertThat(new RememberedOCloudId(file, "central").read()).contains(id);
    assertThat(new RememberedOCloudId(file, "edge-1").read()).isEmpty();
    UUID replaced = UUID.randomUUID();
    new RememberedOCloudId(file, "central").write(replaced);
    assertThat(new RememberedOCloudId(file, "central").read()).contains(replaced);
    assertThat(file.resolveSibling(RememberedOCloudId.FILE + ".tmp")).doesNotExist();
  }

  @Test
  void anUnreadableFileIsIgnored() throws IOException {
    Path file = dir.resolve(RememberedOCloudId.FILE);
    Files.writeString(file, "cluster=central\noCloudId=not-a-uuid\n");
    assertThat(new RememberedOCloudId(file, "central").read()).isEmpty();
  }
}
