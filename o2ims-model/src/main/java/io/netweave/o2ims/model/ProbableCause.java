package io.netweave.o2ims.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;
import java.util.UUID;

/** A probable cause of alarms (X.733 name), as {@code /probableCauses} serves it. */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProbableCause(UUID probableCauseId, String name, String description) {
  public ProbableCause {
    Objects.requireNonNull(probableCauseId, "probableCauseId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
  }
}
