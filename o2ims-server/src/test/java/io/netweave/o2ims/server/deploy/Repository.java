package io.netweave.o2ims.server.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths in the repository, found by walking up from the working directory to {@code deploy/}. */
final class Repository {
  private Repository() {}

  /** The repository root (the directory holding {@code deploy/helm/netweave}). */
  static Path root() {
    Path start = Path.of("").toAbsolutePath();
    for (Path p = start; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("deploy/helm/netweave/Chart.yaml"))) {
        return p;
      }
    }
    throw new IllegalStateException("no deploy/helm/netweave above " + start);
  }

  static Path chart() {
    return root().resolve("deploy/helm/netweave");
  }

  static Path path(String relative) {
    return root().resolve(relative);
  }
}
