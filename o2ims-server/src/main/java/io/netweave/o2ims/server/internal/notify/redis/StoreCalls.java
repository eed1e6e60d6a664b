package io.netweave.o2ims.server.internal.notify.redis;

import io.lettuce.core.RedisException;
import io.netweave.o2ims.server.spi.StoreUnavailableException;
import java.util.function.Supplier;

/** Turns Lettuce's failures to reach Redis into the stores' {@link StoreUnavailableException}. */
final class StoreCalls {
  private StoreCalls() {}

  /**
   * Runs {@code call}; a {@link RedisException} (not connected, connection lost, command timeout, a
   * script's error) becomes a {@link StoreUnavailableException} naming {@code store}.
   */
  static <T> T call(String store, Supplier<T> call) {
    try {
      return call.get();
    } catch (RedisException e) {
      throw new StoreUnavailableException(store, e);
    }
  }

  /** {@link #call} for a call without a result. */
  static void run(String store, Runnable call) {
    call(
        store,
        () -> {
          call.run();
          return null;
        });
  }
}
