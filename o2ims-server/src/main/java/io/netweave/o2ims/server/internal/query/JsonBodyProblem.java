package io.netweave.o2ims.server.internal.query;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns the JSON parser's refusal of a request body into a 400 whose detail says, in our own stable
 * words, what is wrong and where: the line and column, the JSON pointer of the member being read,
 * and for a parser limit the limit's value. Jackson's own messages name its classes and methods
 * ({@code StreamReadConstraints.getMaxNestingDepth()}, {@code
 * com.fasterxml.jackson.databind.JsonNode}) and change between versions, so they are never quoted;
 * they are only read to tell the kinds of syntax error apart, and an unknown kind gets the plain
 * "not valid JSON" with its position. Stateless. Public so that every handler that reads a JSON
 * body (the services here, the demo profile's admin routes) answers the same way.
 */
public final class JsonBodyProblem {
  private static final String PREFIX = "the request body is not valid JSON: ";

  private JsonBodyProblem() {}

  /** The 400 for a body the parser refused, with the parser limits the body was read under. */
  public static QueryProblem of(JacksonException e, StreamReadConstraints limits) {
    if (e instanceof StreamConstraintsException) {
      return limit(e, limits);
    }
    Map<String, String> attributes = new LinkedHashMap<>();
    String where = position(e, attributes);
    return new QueryProblem(QueryProblem.Kind.BAD_REQUEST, PREFIX + what(e) + where, attributes);
  }

  private static String what(JacksonException e) {
    if (e instanceof JsonEOFException) {
      return "it ends before the value is complete (an object, array or string is not closed)";
    }
    String message = String.valueOf(e.getOriginalMessage());
    if (message.startsWith("Duplicate field '")) {
      return "a member appears twice in one object";
    }
    if (message.startsWith("Trailing token")) {
      return "more follows the JSON value";
    }
    if (message.startsWith("Unrecognized token")) {
      return "a value is not a string, number, object, array, true, false or null";
    }
    if (message.startsWith("Unexpected character")) {
      return "unexpected character" + character(message);
    }
    if (message.startsWith("Illegal unquoted character")) {
      return "a control character in a string must be escaped (\\n, \\t, \\u0000...)";
    }
    if (message.startsWith("Invalid numeric value") || message.startsWith("Non-standard token")) {
      return "a number is malformed";
    }
    if (message.startsWith("Invalid UTF-8") || message.startsWith("Invalid UTF-32")) {
      return "it is not valid UTF-8";
    }
    return "a syntax error";
  }

  /** " 'x'" for the character Jackson names as "('x' (code 120))", or "" when it cannot tell. */
  private static String character(String message) {
    int at = message.indexOf("(code ");
    if (at < 0) {
      return "";
    }
    int end = message.indexOf(')', at);
    try {
      int code = Integer.parseInt(message.substring(at + "(code ".length(), end).strip());
      return code >= 0x21 && code < 0x7F
          ? " '" + (char) code + "'"
          : String.format(" U+%04X", code);
    } catch (NumberFormatException | IndexOutOfBoundsException notANumber) {
      return "";
    }
  }

  /** " (line L, column C, at /a/b)" with the same in the attributes, or "" without a location. */
  private static String position(JacksonException e, Map<String, String> attributes) {
    StringBuilder where = new StringBuilder();
    JsonLocation location = e.getLocation();
    if (location != null && location.getLineNr() > 0) {
      attributes.put("line", Integer.toString(location.getLineNr()));
      where.append("line ").append(location.getLineNr());
      if (location.getColumnNr() > 0) {
        attributes.put("column", Integer.toString(location.getColumnNr()));
        where.append(", column ").append(location.getColumnNr());
      }
    }
    if (e.getProcessor() instanceof JsonParser parser && parser.getParsingContext() != null) {
      String pointer = parser.getParsingContext().pathAsPointer().toString();
      if (!pointer.isEmpty()) {
        attributes.put("pointer", pointer);
        where.append(where.length() == 0 ? "" : ", ").append("at ").append(pointer);
      }
    }
    return where.length() == 0 ? "" : " (" + where + ")";
  }

  private static QueryProblem limit(JacksonException e, StreamReadConstraints limits) {
    String message = String.valueOf(e.getOriginalMessage());
    String what;
    long limit;
    if (message.contains("getMaxNestingDepth")) {
      limit = limits.getMaxNestingDepth();
      what = "objects and arrays are nested more than " + limit + " levels deep";
    } else if (message.contains("getMaxNumberLength")) {
      limit = limits.getMaxNumberLength();
      what = "a number is longer than " + limit + " characters";
    } else if (message.contains("getMaxStringLength")) {
      limit = limits.getMaxStringLength();
      what = "a string is longer than " + limit + " characters";
    } else if (message.contains("getMaxNameLength")) {
      limit = limits.getMaxNameLength();
      what = "a member name is longer than " + limit + " characters";
    } else if (message.contains("getMaxDocumentLength")) {
      limit = limits.getMaxDocumentLength();
      what = "it is longer than " + limit + " bytes";
    } else if (message.contains("getMaxTokenCount")) {
      limit = limits.getMaxTokenCount();
      what = "it has more than " + limit + " tokens";
    } else {
      return QueryProblem.badRequest("the request body exceeds a limit of the JSON parser");
    }
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("limit", Long.toString(limit));
    String where = position(e, attributes);
    return new QueryProblem(
        QueryProblem.Kind.BAD_REQUEST, "the request body is refused: " + what + where, attributes);
  }
}
