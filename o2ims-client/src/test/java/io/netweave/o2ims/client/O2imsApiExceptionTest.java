package io.netweave.o2ims.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.netweave.o2ims.model.ProblemDetails;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class O2imsApiExceptionTest {

  private static <T> T roundTrip(T value, Class<T> type)
      throws IOException, ClassNotFoundException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return type.cast(in.readObject());
    }
  }

  @Test
  void theProblemSurvivesJavaSerialization() throws Exception {
    ProblemDetails problem =
        new ProblemDetails(
            Optional.of("about:blank"),
            "Conflict",
            409,
            "duplicate subscription",
            Optional.of("/o2ims-infrastructureInventory/v1/subscriptions"),
            Map.of("subscriptionId", "6a1d5c34-0000-4000-8000-000000000001"));
    O2imsApiException sent =
        new O2imsApiException("POST", "https://o2ims.example.net/x", 409, problem);

    O2imsApiException received = roundTrip(sent, O2imsApiException.class);

    assertThat(received.problem()).isEqualTo(problem);
    assertThat(received.status()).isEqualTo(409);
    assertThat(received.getMessage()).isEqualTo(sent.getMessage());
    assertThat(received.getStackTrace()).isEqualTo(sent.getStackTrace());
  }

  @Test
  void aProblemWithoutOptionalMembersSurvivesJavaSerialization() throws Exception {
    ProblemDetails problem = ProblemDetails.of(502, "Bad Gateway", "<html>", null);
    O2imsApiException received =
        roundTrip(
            new O2imsApiException("GET", "https://o2ims.example.net/x", 502, problem),
            O2imsApiException.class);
    assertThat(received.problem()).isEqualTo(problem);
    assertThat(received.problem().type()).isEmpty();
    assertThat(received.problem().instance()).isEmpty();
    assertThat(received.problem().additionalAttributes()).isEmpty();
  }
}
