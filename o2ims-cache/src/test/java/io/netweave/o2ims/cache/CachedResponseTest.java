package io.netweave.o2ims.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class CachedResponseTest {
  private static final byte[] BODY = "[{\"a\":1}]".getBytes(StandardCharsets.UTF_8);

  @Test
  void theBodysLengthIsItsDecimalTextMadeOnce() {
    CachedResponse response = new CachedResponse(200, Map.of(), BODY);

    assertThat(response.bodyLength()).isEqualTo(Integer.toString(BODY.length)).isEqualTo("9");
    assertThat(response.bodyLength()).isSameAs(response.bodyLength());
    assertThat(new CachedResponse(200, Map.of(), new byte[0]).bodyLength()).isEqualTo("0");
  }

  @Test
  void aResponseNobodyAskedToCompressHoldsNoGzipBody() {
    CachedResponse response = new CachedResponse(200, Map.of(), BODY);

    assertThat(response.gzipBody()).isEmpty();
    assertThat(response.weight()).isEqualTo(BODY.length + 64);
  }

  @Test
  void concurrentFirstCallsCompressOnceAndShareTheBytes() throws Exception {
    CachedResponse response = new CachedResponse(200, Map.of(), BODY);
    AtomicInteger compressions = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    UnaryOperator<byte[]> gzip =
        identity -> {
          compressions.incrementAndGet();
          return new byte[] {1, 2, 3};
        };
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<byte[]>> calls = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        calls.add(
            pool.submit(
                () -> {
                  start.await();
                  return response.gzipBody(gzip);
                }));
      }
      start.countDown();
      byte[] first = calls.get(0).get(30, TimeUnit.SECONDS);
      for (Future<byte[]> call : calls) {
        assertThat(call.get(30, TimeUnit.SECONDS)).isSameAs(first);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(compressions).hasValue(1);
    assertThat(response.gzipBody()).hasValueSatisfying(b -> assertThat(b).containsExactly(1, 2, 3));
    assertThat(response.weight()).isEqualTo(BODY.length + 64 + 3);
  }

  @Test
  void aFailedCompressionKeepsNothingAndTheNextCallTriesAgain() {
    CachedResponse response = new CachedResponse(200, Map.of(), BODY);

    assertThatThrownBy(
            () ->
                response.gzipBody(
                    identity -> {
                      throw new IllegalStateException("deflater broke");
                    }))
        .hasMessage("deflater broke");

    assertThat(response.gzipBody()).isEmpty();
    assertThat(response.gzipBody(identity -> new byte[] {9})).containsExactly(9);
  }

  @Test
  void equalityIsStatusHeadersAndTheSameBodyArray() {
    CachedResponse a = new CachedResponse(200, Map.of("X", "1"), BODY);

    assertThat(a).isEqualTo(new CachedResponse(200, Map.of("X", "1"), BODY));
    assertThat(a).hasSameHashCodeAs(new CachedResponse(200, Map.of("X", "1"), BODY));
    assertThat(a).isNotEqualTo(new CachedResponse(200, Map.of("X", "1"), BODY.clone()));
  }
}
