package io.netweave.o2ims.server.internal.http;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * The private Undertow fields that one gateway feature reads ({@link Http2Resets}, {@link
 * Http2Streams}, {@link Http2BodyLimit}), looked up once when the feature's class loads: a field
 * that is missing, or not of the expected type (a later Undertow's layout), gives an empty {@link
 * Optional} and a WARN that says what the gateway does without it, {@code cannot read <what>
 * (<error>): <degrades>}, through the feature's own logger; the feature then falls back to what it
 * did before it read the field.
 *
 * <p>A feature that needs several fields looks them all up through one instance: once a lookup has
 * failed, every later one gives an empty {@link Optional} without looking and without a WARN, so
 * the feature warns once, about the first field missing, and its last field is empty whenever any
 * is. The handles read with the access mode the caller picks ({@code get}, or {@code getVolatile}
 * for a field Undertow declares volatile). Not thread-safe: meant for one static initializer.
 */
final class UndertowFields {
  private final Logger log;
  private final String what;
  private final String degrades;
  private boolean failed; // a lookup failed and warned: later ones give nothing, silently

  /**
   * The fields of a feature that cannot work without them: {@code what} names what they are read
   * for ("Undertow's HTTP/2 open streams"), {@code degrades} says what happens without them, both
   * as written in the WARN line.
   */
  UndertowFields(Logger log, String what, String degrades) {
    this.log = log;
    this.what = what;
    this.degrades = degrades;
  }

  /**
   * A handle on the field {@code name} of {@code owner}, declared of exactly {@code type}; empty,
   * with the WARN, if there is no such field; empty without a WARN if an earlier lookup failed.
   */
  Optional<VarHandle> find(Class<?> owner, String name, Class<?> type) {
    if (failed) {
      return Optional.empty();
    }
    try {
      return Optional.of(lookup(owner, name, type));
    } catch (ReflectiveOperationException | RuntimeException e) {
      return missing(e);
    }
  }

  /**
   * As {@link #find(Class, String, Class)}, for a field of {@code outer}'s nested class {@code
   * nested} (one Undertow does not expose, such as {@code
   * AbstractFramedChannel.FrameReadListener}), loaded by {@code outer}'s class loader without
   * initializing it; the handle's one coordinate is that class ({@link
   * VarHandle#coordinateTypes()}).
   */
  Optional<VarHandle> findInNested(Class<?> outer, String nested, String name, Class<?> type) {
    if (failed) {
      return Optional.empty();
    }
    try {
      Class<?> owner = Class.forName(outer.getName() + "$" + nested, false, outer.getClassLoader());
      return Optional.of(lookup(owner, name, type));
    } catch (ReflectiveOperationException | RuntimeException e) {
      return missing(e);
    }
  }

  private static VarHandle lookup(Class<?> owner, String name, Class<?> type)
      throws ReflectiveOperationException {
    return MethodHandles.privateLookupIn(owner, MethodHandles.lookup())
        .findVarHandle(owner, name, type);
  }

  private Optional<VarHandle> missing(Exception e) {
    failed = true;
    log.warn("cannot read {} ({}): {}", what, e.toString(), degrades);
    return Optional.empty();
  }
}
