package io.netweave.o2ims.server.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netweave.o2ims.server.internal.security.AuthenticatedPrincipal;
import io.netweave.o2ims.server.internal.security.Role;
import io.undertow.server.HttpServerExchange;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BodyReadersTest {
  private static HttpServerExchange from(String subject) {
    HttpServerExchange exchange = new HttpServerExchange(null);
    exchange.putAttachment(
        AuthenticatedPrincipal.KEY,
        AuthenticatedPrincipal.token(subject, "https://idp.test", Set.of(Role.SUBSCRIBER)));
    return exchange;
  }

  @Test
  void aClientPastItsBodiesIsRefused429UntilOneIsRead() {
    BodyReaders readers = new BodyReaders(2, 10);
    BodyReaders.Permit first = readers.acquire(from("alice"));
    BodyReaders.Permit second = readers.acquire(from("alice"));
    assertThatThrownBy(() -> readers.acquire(from("alice")))
        .isInstanceOfSatisfying(
            HttpProblem.class,
            p -> {
              assertThat(p.status()).isEqualTo(429);
              assertThat(p.headers()).containsEntry("Retry-After", "1");
            });
    readers.acquire(from("bob")).close();
    first.close();
    first.close(); // a second close gives nothing back twice
    readers.acquire(from("alice")).close();
    second.close();
  }

  @Test
  void pastTheTotalEveryClientIsRefused503AndNothingIsCountedForTheRefusal() {
    BodyReaders readers = new BodyReaders(2, 3);
    BodyReaders.Permit a = readers.acquire(from("a"));
    readers.acquire(from("b"));
    readers.acquire(from("c"));
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> readers.acquire(from("d")))
          .isInstanceOfSatisfying(HttpProblem.class, p -> assertThat(p.status()).isEqualTo(503));
    }
    a.close();
    // the refusals counted nothing for d: it is admitted
    readers.acquire(from("d"));
    assertThatThrownBy(() -> readers.acquire(from("e")))
        .isInstanceOfSatisfying(HttpProblem.class, p -> assertThat(p.status()).isEqualTo(503));
  }
}
