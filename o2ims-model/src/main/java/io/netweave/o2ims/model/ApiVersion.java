package io.netweave.o2ims.model;

import java.util.Objects;

/** One served version of an API, e.g. {@code 1.0.0}. */
public record ApiVersion(String version) {
  public ApiVersion {
    Objects.requireNonNull(version, "version");
  }
}
