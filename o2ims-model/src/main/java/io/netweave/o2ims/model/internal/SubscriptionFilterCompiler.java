package io.netweave.o2ims.model.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.netweave.o2ims.model.ApiView;
import io.netweave.o2ims.model.Filter;
import io.netweave.o2ims.model.InvalidQueryException;
import io.netweave.o2ims.model.ObjectSchema;
import io.netweave.o2ims.model.ObjectType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Splits a parsed subscription filter into its pseudo-attribute terms ({@code objectType}, {@code
 * notificationEventType}) and its attribute terms, and works out which object types it can select.
 * Every attribute term must validate against at least one selectable type's v1 schema; a positive
 * term ({@code eq in cont gt...}) also removes the types that lack its attribute, since it could
 * never match them. One instance per parse; immutable once built.
 */
public final class SubscriptionFilterCompiler {
  private static final String OBJECT_TYPE = "objectType";
  private static final String EVENT_TYPE = "notificationEventType";
  private static final JsonNode[] EVENTS = {event(0), event(1), event(2)};

  private final Set<ObjectType> objectTypes;
  private final List<Filter.Term> eventTerms;
  private final List<Filter.Term> attributeTerms;

  private SubscriptionFilterCompiler(
      Set<ObjectType> objectTypes, List<Filter.Term> eventTerms, List<Filter.Term> attributeTerms) {
    this.objectTypes = objectTypes;
    this.eventTerms = eventTerms;
    this.attributeTerms = attributeTerms;
  }

  /**
   * Compiles parsed terms.
   *
   * @param input the filter text, for error messages
   * @throws InvalidQueryException (parameter {@code filter}) when a term fits no selectable type
   */
  public static SubscriptionFilterCompiler compile(List<Filter.Term> terms, String input) {
    return compile(terms, input, ApiView.V1);
  }

  /** Compiles parsed terms against the types and schemas of a view. */
  public static SubscriptionFilterCompiler compile(
      List<Filter.Term> terms, String input, ApiView view) {
    Set<ObjectType> types = EnumSet.copyOf(view.objectTypes());
    List<Filter.Term> events = new ArrayList<>();
    List<Filter.Term> attributes = new ArrayList<>();
    for (Filter.Term term : terms) {
      if (isPseudo(term, OBJECT_TYPE)) {
        narrow(types, term, input, view);
      } else if (isPseudo(term, EVENT_TYPE)) {
        checkEvent(term, input);
        events.add(term);
      } else {
        attributes.add(term);
      }
    }
    if (types.isEmpty()) {
      throw new InvalidQueryException(
          "filter", "the objectType terms exclude every object type", input, -1);
    }
    for (Filter.Term term : attributes) {
      InvalidQueryException firstError = null;
      boolean firstErrorKnown = false;
      Set<ObjectType> fitting = EnumSet.noneOf(ObjectType.class);
      for (ObjectType type : types) {
        ObjectSchema schema = view.schema(type);
        try {
          term.validate(schema);
          fitting.add(type);
        } catch (InvalidQueryException e) {
          boolean known = schema.attribute(term.path()).isPresent();
          if (firstError == null || (known && !firstErrorKnown)) {
            firstError = e;
            firstErrorKnown = known;
          }
        }
      }
      if (fitting.isEmpty()) {
        String path = PathSyntax.join(term.path());
        String reason = firstError == null ? "" : " (" + firstError.getMessage() + ")";
        throw new InvalidQueryException(
            "filter",
            "attribute '"
                + path
                + "' does not fit any object type the filter selects ("
                + wireNames(types)
                + ")"
                + reason,
            input,
            -1);
      }
      if (!term.operator().negated()) {
        types.retainAll(fitting);
      }
    }
    return new SubscriptionFilterCompiler(types, List.copyOf(events), List.copyOf(attributes));
  }

  private static String wireNames(Set<ObjectType> types) {
    List<String> names = new ArrayList<>();
    for (ObjectType type : types) {
      names.add(type.wireName());
    }
    return String.join(", ", names);
  }

  private static boolean isPseudo(Filter.Term term, String name) {
    return term.path().size() == 1 && term.path().get(0).equals(name);
  }

  private static void narrow(Set<ObjectType> types, Filter.Term term, String input, ApiView view) {
    Filter.Operator op = term.operator();
    if (op != Filter.Operator.EQ
        && op != Filter.Operator.NEQ
        && op != Filter.Operator.IN
        && op != Filter.Operator.NIN) {
      throw new InvalidQueryException(
          "filter", "objectType takes only eq, neq, in or nin, not " + op.wireName(), input, -1);
    }
    Set<ObjectType> named = EnumSet.noneOf(ObjectType.class);
    for (String value : term.values()) {
      named.add(
          ObjectType.fromWireName(value.strip())
              .orElseThrow(
                  () ->
                      new InvalidQueryException(
                          "filter",
                          "unknown objectType '"
                              + value
                              + "'; use one of "
                              + wireNames(view.objectTypes()),
                          input,
                          -1)));
    }
    if (!op.negated()) {
      for (ObjectType type : named) {
        if (!view.objectTypes().contains(type)) {
          throw new InvalidQueryException(
              "filter",
              "objectType "
                  + type.wireName()
                  + " is not notified to "
                  + view.segment()
                  + " subscriptions (/v2/subscriptions has it); use one of "
                  + wireNames(view.objectTypes()),
              input,
              -1);
        }
      }
    }
    if (op.negated()) {
      types.removeAll(named);
    } else {
      types.retainAll(named);
    }
  }

  private static void checkEvent(Filter.Term term, String input) {
    if (term.operator().substring()) {
      throw new InvalidQueryException(
          "filter", "notificationEventType does not take " + term.operator().wireName(), input, -1);
    }
    for (String value : term.values()) {
      String v = value.strip();
      if (!v.equals("0") && !v.equals("1") && !v.equals("2")) {
        throw new InvalidQueryException(
            "filter",
            "notificationEventType is 0 (create), 1 (modify) or 2 (delete), not '" + value + "'",
            input,
            -1);
      }
    }
  }

  private static JsonNode event(int code) {
    return JsonNodeFactory.instance.objectNode().put(EVENT_TYPE, code);
  }

  /** The pseudo-object that {@code notificationEventType} terms are evaluated against. */
  public static JsonNode eventNode(int code) {
    return EVENTS[code];
  }

  public Set<ObjectType> objectTypes() {
    return objectTypes;
  }

  public List<Filter.Term> eventTerms() {
    return eventTerms;
  }

  public List<Filter.Term> attributeTerms() {
    return attributeTerms;
  }
}
