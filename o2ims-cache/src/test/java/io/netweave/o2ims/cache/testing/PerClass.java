package io.netweave.o2ims.cache.testing;

import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension that holds one resource for a test class: started before the class's tests,
 * closed after them. Register it on a static field, {@code @RegisterExtension static final
 * PerClass<RedisServerProcess> redis = RedisServerProcess.perClass();}, then {@link #get()} is the
 * running resource. Shared with the server's tests through the test-jar.
 *
 * @param <T> the resource
 */
public class PerClass<T extends AutoCloseable> implements BeforeAllCallback, AfterAllCallback {
  private final Supplier<T> start;
  private T resource;

  /** Starts the resource with {@code start} before the class's tests. */
  public PerClass(Supplier<T> start) {
    this.start = start;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    resource = start.get();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    resource.close();
  }

  /** The running resource. */
  public T get() {
    if (resource == null) {
      throw new IllegalStateException("register with @RegisterExtension on a static field");
    }
    return resource;
  }
}
