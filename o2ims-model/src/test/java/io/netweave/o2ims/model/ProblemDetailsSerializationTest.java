package io.netweave.o2ims.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProblemDetailsSerializationTest {

  private static Object javaRoundTrip(Object value) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return in.readObject();
    }
  }

  @Test
  void everyMemberSurvivesJavaSerialization() throws Exception {
    ProblemDetails problem =
        new ProblemDetails(
            Optional.of("about:blank"),
            "Not Found",
            404,
            "resource pool not found",
            Optional.of("/o2ims-infrastructureInventory/v1/resourcePools/x"),
            Map.of("resourcePoolId", "x", "b", "y"));
    Object back = javaRoundTrip(problem);
    assertThat(back).isInstanceOf(ProblemDetails.class).isEqualTo(problem);
    assertThat(((ProblemDetails) back).additionalAttributes())
        .containsExactly(Map.entry("b", "y"), Map.entry("resourcePoolId", "x"));
  }

  @Test
  void absentMembersStayAbsentAfterJavaSerialization() throws Exception {
    ProblemDetails problem = ProblemDetails.of(500, "Internal Server Error", "", null);
    ProblemDetails back = (ProblemDetails) javaRoundTrip(problem);
    assertThat(back).isEqualTo(problem);
    assertThat(back.type()).isEmpty();
    assertThat(back.instance()).isEmpty();
  }

  @Test
  void theJsonFormIsUnchanged() throws Exception {
    ProblemDetails problem =
        ProblemDetails.of(409, "Conflict", "duplicate", "/x").withAttribute("subscriptionId", "s");
    assertThat(O2Json.newMapper().writeValueAsString(problem))
        .isEqualTo(
            "{\"title\":\"Conflict\",\"status\":409,\"detail\":\"duplicate\",\"instance\":\"/x\","
                + "\"additionalAttributes\":{\"subscriptionId\":\"s\"}}");
  }
}
