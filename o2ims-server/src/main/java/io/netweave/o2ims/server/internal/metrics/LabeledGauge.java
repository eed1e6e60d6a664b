package io.netweave.o2ims.server.internal.metrics;

import com.codahale.metrics.Metric;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A gauge with one value per value of one label, such as a queue's length per subscription:
 * rendered by {@link PrometheusText} as one metric whose series carry the label ({@code
 * name{label="value"} n}), where a gauge registered per label value would be a metric name per
 * value, which no query can aggregate or select by. The values are read at each scrape. Immutable;
 * thread-safe if {@code values} is.
 */
public final class LabeledGauge implements Metric {
  private final String label;
  private final Supplier<Map<String, ? extends Number>> values;

  /**
   * @param label the label's name (a Prometheus label name)
   * @param values the current value of each label value, read at each scrape
   */
  public LabeledGauge(String label, Supplier<Map<String, ? extends Number>> values) {
    this.label = Objects.requireNonNull(label, "label");
    this.values = Objects.requireNonNull(values, "values");
  }

  /** The label's name. */
  public String label() {
    return label;
  }

  /** The current value of each label value. */
  public Map<String, ? extends Number> values() {
    return values.get();
  }
}
