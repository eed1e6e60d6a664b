package io.netweave.o2ims.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.netweave.o2ims.model.internal.SubscriptionFilterCompiler;
import java.util.Objects;
import java.util.Set;

/**
 * A subscription's {@code filter}: the same grammar as query filters plus the pseudo-attributes
 * {@code objectType} (values {@code ResourcePool Resource ResourceType DeploymentManager OCloud},
 * any case; operators {@code eq neq in nin}) and {@code notificationEventType} ({@code 0 1 2};
 * operators {@code eq neq in nin gt gte lt lte}). Selection semantics (DECISIONS.md): a
 * notification is sent when the object's state matches. Immutable, thread-safe.
 *
 * <p>Validation: {@code objectType} terms narrow the set of selectable types; every other attribute
 * must be valid (known, values of the right type) for at least one of them. A type lacking an
 * attribute used with a positive operator ({@code eq in cont gt...}) can never be selected, so it
 * is dropped from {@link #objectTypes()} too. A blank text is the same as no filter.
 */
public final class SubscriptionFilter {
  private static final SubscriptionFilter ALL =
      new SubscriptionFilter(ApiView.V1.objectTypes(), Filter.all(), Filter.all(), Filter.all());

  private final Set<ObjectType> objectTypes;
  private final Filter eventTerms;
  private final Filter attributeTerms;
  private final Filter whole;

  private SubscriptionFilter(
      Set<ObjectType> objectTypes, Filter eventTerms, Filter attributeTerms, Filter whole) {
    this.objectTypes = Set.copyOf(objectTypes);
    this.eventTerms = eventTerms;
    this.attributeTerms = attributeTerms;
    this.whole = whole;
  }

  /**
   * Parses and validates a subscription filter; every attribute must belong to one of the object
   * types the filter can select.
   *
   * @throws InvalidQueryException (parameter {@code filter}) on malformed input, unknown
   *     attributes, or a filter that can select no object type
   */
  public static SubscriptionFilter parse(String text) {
    return parse(text, ApiView.V1);
  }

  /**
   * Parses and validates a subscription filter against the object types and schemas of a view (so
   * {@code oCloudSiteId} and {@code objectType} {@code Location}/{@code OCloudSite} are valid in v2
   * only).
   *
   * @throws InvalidQueryException as {@link #parse(String)}
   */
  public static SubscriptionFilter parse(String text, ApiView view) {
    if (text != null && text.isBlank()) {
      return all(view);
    }
    Filter parsed = Filter.parse(text);
    SubscriptionFilterCompiler compiled =
        SubscriptionFilterCompiler.compile(parsed.terms(), text, view);
    return new SubscriptionFilter(
        compiled.objectTypes(),
        new Filter.And(compiled.eventTerms()),
        new Filter.And(compiled.attributeTerms()),
        parsed);
  }

  /** The filter of a subscription without one: selects every change. */
  public static SubscriptionFilter all() {
    return ALL;
  }

  /** The filter of a subscription without one in a view: selects every change of its types. */
  public static SubscriptionFilter all(ApiView view) {
    return view == ApiView.V1
        ? ALL
        : new SubscriptionFilter(view.objectTypes(), Filter.all(), Filter.all(), Filter.all());
  }

  /** The object types this filter can select (for indexing subscriptions by type). */
  public Set<ObjectType> objectTypes() {
    return objectTypes;
  }

  /** The parsed filter, pseudo-attribute terms included. */
  public Filter filter() {
    return whole;
  }

  /**
   * Whether a change is selected.
   *
   * @param state the v1 JSON of the post state (the prior state for a delete)
   */
  public boolean selects(ObjectType type, NotificationEventType eventType, JsonNode state) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(eventType, "eventType");
    if (!objectTypes.contains(type)) {
      return false;
    }
    if (!eventTerms.terms().isEmpty()) {
      JsonNode event = SubscriptionFilterCompiler.eventNode(eventType.code());
      if (!eventTerms.matches(event)) {
        return false;
      }
    }
    return attributeTerms.matches(state);
  }

  /** Canonical text, used to detect duplicate subscriptions (empty for "every change"). */
  public String canonical() {
    return whole.canonical();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SubscriptionFilter other && canonical().equals(other.canonical());
  }

  @Override
  public int hashCode() {
    return canonical().hashCode();
  }

  @Override
  public String toString() {
    return "SubscriptionFilter[" + canonical() + "]";
  }
}
