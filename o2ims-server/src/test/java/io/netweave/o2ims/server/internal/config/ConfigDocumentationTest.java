package io.netweave.o2ims.server.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigDocumentationTest {
  @Test
  void everyKeyIsDocumentedInConfigurationMd() throws IOException {
    Path doc = Path.of("..", "docs", "configuration.md");
    assertThat(doc).as("docs/configuration.md at the repository root").isRegularFile();
    String text = Files.readString(doc);
    for (String key : new ConfigKeys().all().keySet()) {
      assertThat(text).as("docs/configuration.md documents " + key).contains("| `" + key + "` |");
    }
  }
}
