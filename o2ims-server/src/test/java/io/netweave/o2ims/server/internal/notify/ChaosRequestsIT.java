package io.netweave.o2ims.server.internal.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.netweave.o2ims.server.internal.notify.ChaosRequests.Answered;
import io.netweave.o2ims.server.internal.notify.ChaosRequests.Failed;
import io.netweave.o2ims.server.internal.notify.ChaosRequests.ToKilledReplica;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

/**
 * How {@link ChaosRequests} sorts the ends of requests, against real HTTP servers on loopback (a
 * {@link CallbackReceiver} answering, or stopped so that its port refuses connections).
 */
class ChaosRequestsIT {
  private final ChaosRequests requests = new ChaosRequests();

  /** A stopped server's base URL: connecting to it is refused. */
  private static String stopped() {
    try (CallbackReceiver receiver = new CallbackReceiver()) {
      return receiver.url("");
    }
  }

  @Test
  void anAnswerIsAnAnswerWhateverItsStatus() throws Exception {
    try (CallbackReceiver replica = new CallbackReceiver()) {
      replica.answer("/readyz", n -> 503);

      ChaosRequests.Exchange exchange = requests.send(replica.url(""), "GET", "/readyz", null);

      assertThat(exchange).isInstanceOf(Answered.class);
      assertThat(exchange.response())
          .hasValueSatisfying(r -> assertThat(r.statusCode()).isEqualTo(503));
      assertThat(requests.failures()).isEmpty();
      assertThat(requests.toKilledReplicas()).isZero();
    }
  }

  @Test
  void noAnswerFromAReplicaThePlanKilledIsExpected() throws Exception {
    String base = stopped();
    requests.killing(base);

    ChaosRequests.Exchange exchange = requests.send(base, "GET", "/readyz", null);

    assertThat(exchange).isInstanceOf(ToKilledReplica.class);
    assertThat(exchange.response()).isEmpty();
    assertThat(((ToKilledReplica) exchange).cause()).isInstanceOf(ConnectException.class);
    assertThat(requests.toKilledReplicas()).isEqualTo(1);
    assertThat(requests.failures()).isEmpty();
  }

  @Test
  void noAnswerFromAReplicaThePlanDidNotKillIsAFailure() throws Exception {
    String base = stopped();
    requests.killing(stopped());

    ChaosRequests.Exchange exchange = requests.send(base, "POST", "/subscriptions", "{}");

    assertThat(exchange).isInstanceOf(Failed.class);
    assertThat(exchange.response()).isEmpty();
    assertThat(requests.toKilledReplicas()).isZero();
    assertThat(requests.failures())
        .singleElement()
        .asString()
        .startsWith("POST " + base + "/subscriptions: java.net.ConnectException");
  }
}
