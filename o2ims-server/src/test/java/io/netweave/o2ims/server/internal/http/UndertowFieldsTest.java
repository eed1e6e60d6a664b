package io.netweave.o2ims.server.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.netweave.o2ims.server.internal.security.LogCapture;
import io.undertow.protocols.http2.Http2Channel;
import io.undertow.protocols.http2.Http2DataStreamSinkChannel;
import io.undertow.protocols.http2.Http2StreamSinkChannel;
import io.undertow.protocols.http2.Http2StreamSourceChannel;
import io.undertow.server.protocol.framed.AbstractFramedChannel;
import io.undertow.server.protocol.http2.Http2ServerConnection;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * The lookups of private fields behind {@link Http2Resets}, {@link Http2Streams} and {@link
 * Http2BodyLimit}, on a class of this test's own laid out like Undertow's ({@link Layout}): a field
 * that is there is read; one that is missing, or of another type, or whose class is missing, gives
 * nothing and exactly one WARN saying what degrades, on the feature's logger; after that, every
 * lookup through the same instance gives nothing, without another WARN.
 */
class UndertowFieldsTest {
  private static final String DEGRADES = "such streams stay open until their connection closes";

  @RegisterExtension final LogCapture log = LogCapture.of(UndertowFieldsTest.class);

  private final UndertowFields fields = newFields();

  /** Private fields, as Undertow's are, of the kinds the gateway reads. */
  @SuppressWarnings({"FieldCanBeLocal", "FieldMayBeFinal", "unused"})
  private static final class Layout {
    private final Deque<String> held = new ArrayDeque<>(List.of("frame"));
    private volatile boolean reset = true;
    private volatile int open = 3;

    /** An inner class, as Undertow's read listener is: its enclosing instance is {@code this$0}. */
    private final class Listener {
      Deque<String> frames() {
        return held; // uses the enclosing instance, so that javac keeps this$0
      }
    }
  }

  @Test
  void aFieldThatIsThereIsReadWithoutAWarning() {
    Layout layout = new Layout();

    Optional<VarHandle> held = fields.find(Layout.class, "held", Deque.class);
    Optional<VarHandle> reset = fields.find(Layout.class, "reset", boolean.class);
    Optional<VarHandle> open = fields.find(Layout.class, "open", int.class);

    assertThat(held).hasValueSatisfying(h -> assertThat(h.get(layout)).isSameAs(layout.held));
    assertThat(reset).hasValueSatisfying(h -> assertThat((boolean) h.getVolatile(layout)).isTrue());
    assertThat(open).hasValueSatisfying(h -> assertThat((int) h.getVolatile(layout)).isEqualTo(3));
    assertThat(log.events()).isEmpty();
  }

  @Test
  void aFieldOfANestedClassIsReadAndTheHandleNamesThatClass() {
    Layout layout = new Layout();
    Object listener = layout.new Listener();

    Optional<VarHandle> outer =
        fields.findInNested(Layout.class, "Listener", "this$0", Layout.class);

    assertThat(outer)
        .hasValueSatisfying(
            h -> {
              assertThat(h.coordinateTypes()).containsExactly(Layout.Listener.class);
              assertThat(h.get(listener)).isSameAs(layout);
            });
    assertThat(log.events()).isEmpty();
  }

  @Test
  void aMissingFieldGivesNothingAndOneWarningSayingWhatDegrades() {
    assertThat(fields.find(Layout.class, "window", int.class)).isEmpty();

    assertThat(warnings())
        .singleElement()
        .satisfies(
            line ->
                assertThat(line)
                    .startsWith("cannot read the layout's streams (java.lang.NoSuchFieldException")
                    .contains("window")
                    .endsWith("): " + DEGRADES));
  }

  @Test
  void aFieldOfAnotherTypeIsTakenAsMissing() {
    // each through its own instance: after a miss, an instance no longer looks
    assertThat(newFields().find(Layout.class, "open", long.class)).isEmpty();
    assertThat(newFields().find(Layout.class, "held", ArrayDeque.class)).isEmpty(); // a subtype
    assertThat(newFields().find(Layout.class, "held", Object.class)).isEmpty(); // a supertype

    assertThat(warnings())
        .hasSize(3)
        .allSatisfy(
            line ->
                assertThat(line)
                    .startsWith("cannot read the layout's streams (java.lang.NoSuchFieldException")
                    .endsWith("): " + DEGRADES));
  }

  @Test
  void aMissingNestedClassGivesNothingAndOneWarning() {
    assertThat(fields.findInNested(Layout.class, "ReadListener", "this$0", Layout.class)).isEmpty();

    assertThat(warnings())
        .singleElement()
        .satisfies(
            line ->
                assertThat(line)
                    .startsWith(
                        "cannot read the layout's streams (java.lang.ClassNotFoundException: "
                            + Layout.class.getName()
                            + "$ReadListener): ")
                    .endsWith(DEGRADES));
  }

  @Test
  void afterAMissingFieldEveryLaterLookupGivesNothingWithoutAnotherWarning() {
    assertThat(fields.find(Layout.class, "window", int.class)).isEmpty();
    // a field and a nested class's field that are there are no longer looked up
    assertThat(fields.find(Layout.class, "held", Deque.class)).isEmpty();
    assertThat(fields.findInNested(Layout.class, "Listener", "this$0", Layout.class)).isEmpty();
    assertThat(fields.find(Layout.class, "absent", int.class)).isEmpty();

    assertThat(warnings())
        .singleElement()
        .satisfies(line -> assertThat(line).contains("window").endsWith("): " + DEGRADES));
  }

  @Test
  void afterAMissingNestedClassEveryLaterLookupGivesNothingWithoutAnotherWarning() {
    assertThat(fields.findInNested(Layout.class, "ReadListener", "this$0", Layout.class)).isEmpty();
    assertThat(fields.findInNested(Layout.class, "Listener", "this$0", Layout.class)).isEmpty();
    assertThat(fields.find(Layout.class, "reset", boolean.class)).isEmpty();

    assertThat(warnings())
        .singleElement()
        .satisfies(line -> assertThat(line).contains("ReadListener").endsWith(DEGRADES));
  }

  /**
   * Undertow's own layout, the one the build uses: each field the gateway reads is there, with the
   * type the gateway expects.
   */
  @Test
  void theUndertowInTheBuildHasEveryFieldTheGatewayReads() {
    record Read(Class<?> owner, String name, Class<?> type) {}
    List<Read> reads =
        List.of(
            new Read(
                Http2ServerConnection.class, "responseChannel", Http2DataStreamSinkChannel.class),
            new Read(Http2StreamSinkChannel.class, "reset", boolean.class),
            new Read(AbstractFramedChannel.class, "heldFrames", Deque.class),
            new Read(Http2Channel.class, "receiveConcurrentStreams", int.class),
            new Read(Http2ServerConnection.class, "channel", Http2Channel.class),
            new Read(Http2ServerConnection.class, "requestChannel", Http2StreamSourceChannel.class),
            new Read(Http2Channel.class, "currentStreams", Map.class),
            new Read(Http2StreamSourceChannel.class, "flowControlWindow", int.class));

    // each through its own instance, so that every missing field is named, not only the first
    assertThat(reads)
        .allSatisfy(
            read ->
                assertThat(newFields().find(read.owner(), read.name(), read.type()))
                    .as(read.owner().getSimpleName() + "." + read.name())
                    .isPresent());
    assertThat(
            newFields()
                .findInNested(
                    AbstractFramedChannel.class,
                    "FrameReadListener",
                    "this$0",
                    AbstractFramedChannel.class))
        .isPresent();
    assertThat(newFields().findInNested(Http2Channel.class, "StreamHolder", "sent", boolean.class))
        .isPresent();
    assertThat(Http2Streams.available()).isTrue();
    assertThat(log.events()).isEmpty();
  }

  private static UndertowFields newFields() {
    return new UndertowFields(
        LoggerFactory.getLogger(UndertowFieldsTest.class), "the layout's streams", DEGRADES);
  }

  /** The WARN lines captured, formatted; every captured line must be one. */
  private List<String> warnings() {
    List<ILoggingEvent> events = log.events();
    assertThat(events).extracting(ILoggingEvent::getLevel).containsOnly(Level.WARN);
    return events.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }
}
