package io.netweave.o2ims.model;

import java.util.List;
import java.util.Objects;

/** The versions served under a URI prefix ({@code api_versions}). */
public record ApiVersions(String uriPrefix, List<ApiVersion> apiVersions) {
  public ApiVersions {
    Objects.requireNonNull(uriPrefix, "uriPrefix");
    apiVersions = List.copyOf(apiVersions);
  }
}
