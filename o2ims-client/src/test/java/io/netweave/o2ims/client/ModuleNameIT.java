package io.netweave.o2ims.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The packaged SDK jar resolves on the module path under its stable name. */
class ModuleNameIT {
  @Test
  void theSdkJarIsTheModuleIoNetweaveO2imsClient() throws Exception {
    Path jar;
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      List<Path> jars =
          files
              .filter(p -> p.getFileName().toString().matches("o2ims-client-.*\\.jar"))
              .filter(p -> !p.getFileName().toString().contains("tests"))
              .toList();
      assertThat(jars).as("the packaged SDK jar in target/").hasSize(1);
      jar = jars.get(0);
    }
    List<ModuleReference> modules = List.copyOf(ModuleFinder.of(jar).findAll());
    assertThat(modules).hasSize(1);
    assertThat(modules.get(0).descriptor().name()).isEqualTo("io.netweave.o2ims.client");
  }
}
