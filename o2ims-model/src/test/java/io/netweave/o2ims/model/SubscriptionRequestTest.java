package io.netweave.o2ims.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SubscriptionRequestTest {
  static final UUID CONSUMER = UUID.fromString("6a1d5c34-0000-4000-8000-000000000001");

  @Test
  void aRequestIsWrittenWithoutOptionals() {
    SubscriptionRequest request =
        SubscriptionRequest.to(URI.create("https://smo/cb"))
            .withFilter("(eq,objectType,Resource)")
            .withConsumerSubscriptionId(CONSUMER);
    assertThat(request)
        .isEqualTo(
            new SubscriptionRequest(
                "https://smo/cb", Optional.of(CONSUMER), Optional.of("(eq,objectType,Resource)")));
    assertThat(SubscriptionRequest.to(URI.create("https://smo/cb")))
        .isEqualTo(new SubscriptionRequest("https://smo/cb", Optional.empty(), Optional.empty()));
  }

  @Test
  void aMissingValueIsRefusedNamingIt() {
    SubscriptionRequest request = SubscriptionRequest.to(URI.create("https://smo/cb"));
    assertThatThrownBy(() -> request.withFilter(null)).hasMessage("filter");
    assertThatThrownBy(() -> request.withConsumerSubscriptionId(null))
        .hasMessage("consumerSubscriptionId");
    assertThatThrownBy(() -> SubscriptionRequest.to(null)).hasMessage("callback");
  }
}
