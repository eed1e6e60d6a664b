package io.netweave.o2ims.model.internal;

import io.netweave.o2ims.model.Filter;
import io.netweave.o2ims.model.InvalidQueryException;
import java.util.ArrayList;
import java.util.List;

/**
 * Single-pass, non-recursive parser of SOL013 filter text: {@code (op,path,value[,value]*)} terms
 * joined by {@code ;}. Runs in time linear in the input and never throws anything but {@link
 * InvalidQueryException}. Whitespace is ignored around terms, around the operator, around the path
 * and around a quoted value; an unquoted value keeps its spaces. Stateless.
 */
public final class FilterParser {
  /** Longest accepted filter text, to bound the work one request can cause. */
  public static final int MAX_LENGTH = 65_536;

  private final String text;
  private final String parameter;
  private final int n;
  private int pos;

  private FilterParser(String text, String parameter) {
    this.text = text;
    this.parameter = parameter;
    this.n = text.length();
  }

  /**
   * Parses one filter text into its terms (at least one).
   *
   * @param parameter the query parameter named in errors
   * @throws InvalidQueryException on any malformed input
   */
  public static List<Filter.Term> parse(String text, String parameter) {
    if (text == null) {
      throw new InvalidQueryException(parameter, "the filter is missing", "", -1);
    }
    if (text.length() > MAX_LENGTH) {
      throw new InvalidQueryException(
          parameter, "the filter is longer than " + MAX_LENGTH + " characters", "", MAX_LENGTH);
    }
    return new FilterParser(text, parameter).terms();
  }

  private List<Filter.Term> terms() {
    List<Filter.Term> terms = new ArrayList<>();
    skipSpaces();
    if (pos == n) {
      throw error("the filter is empty; expected a term such as (eq,name,value)", pos);
    }
    while (true) {
      terms.add(term());
      skipSpaces();
      if (pos == n) {
        return terms;
      }
      if (text.charAt(pos) != ';') {
        throw error("expected ';' between terms, found '" + text.charAt(pos) + "'", pos);
      }
      int semicolon = pos++;
      skipSpaces();
      if (pos == n) {
        throw error("trailing ';' without a term after it", semicolon);
      }
    }
  }

  private Filter.Term term() {
    int termStart = pos;
    if (text.charAt(pos) != '(') {
      throw error("expected '(' to start a term, found '" + text.charAt(pos) + "'", pos);
    }
    pos++;
    int opStart = pos;
    int opEnd = scanTo(',', "operator");
    String opText = text.substring(opStart, opEnd).strip();
    Filter.Operator op =
        Filter.Operator.fromWireName(opText)
            .orElseThrow(
                () ->
                    error(
                        "unknown operator '"
                            + opText
                            + "'; use one of eq, neq, gt, gte, lt, lte, in, nin, cont, ncont",
                        opStart));
    pos++;
    int pathStart = pos;
    int pathEnd = scanTo(',', "attribute path");
    int[] bounds = strip(pathStart, pathEnd);
    if (bounds[0] == bounds[1]) {
      throw error("empty attribute path", pathStart);
    }
    List<String> path = PathSyntax.split(text, bounds[0], bounds[1], parameter);
    pos++;
    List<String> values = new ArrayList<>(2);
    while (true) {
      values.add(value());
      char c = text.charAt(pos++);
      if (c == ')') {
        break;
      }
    }
    if (!op.multiValued() && values.size() > 1) {
      throw error(
          "operator '" + op.wireName() + "' takes exactly one value, found " + values.size(),
          termStart);
    }
    return new Filter.Term(op, path, values);
  }

  /** Scans an operator or path up to {@code ','}; a ')' or the end there means a missing value. */
  private int scanTo(char stop, String what) {
    while (pos < n) {
      char c = text.charAt(pos);
      if (c == stop) {
        return pos;
      }
      if (c == ')') {
        throw error(
            "missing " + ("operator".equals(what) ? "attribute path and " : "") + "value", pos);
      }
      if (c == '(' || c == ';' || c == '\'') {
        throw error("unexpected '" + c + "' in the " + what, pos);
      }
      pos++;
    }
    throw error("unterminated term: missing ')'", n);
  }

  /** Reads one value; leaves {@code pos} on the ',' or ')' that ends it. */
  private String value() {
    int start = pos;
    int quote = start;
    while (quote < n && isSpace(text.charAt(quote))) {
      quote++;
    }
    if (quote < n && text.charAt(quote) == '\'') {
      return quoted(quote);
    }
    while (pos < n) {
      char c = text.charAt(pos);
      if (c == ',' || c == ')') {
        return text.substring(start, pos);
      }
      if (c == '(' || c == ';' || c == '\'') {
        throw error("'" + c + "' in a value: put the value in single quotes", pos);
      }
      pos++;
    }
    throw error("unterminated term: missing ')'", n);
  }

  private String quoted(int open) {
    StringBuilder value = new StringBuilder();
    int i = open + 1;
    while (true) {
      if (i >= n) {
        throw error("unterminated quoted value", open);
      }
      char c = text.charAt(i);
      if (c == '\'') {
        if (i + 1 < n && text.charAt(i + 1) == '\'') {
          value.append('\'');
          i += 2;
          continue;
        }
        i++;
        break;
      }
      value.append(c);
      i++;
    }
    while (i < n && isSpace(text.charAt(i))) {
      i++;
    }
    if (i >= n) {
      throw error("unterminated term: missing ')'", n);
    }
    char c = text.charAt(i);
    if (c != ',' && c != ')') {
      throw error("expected ',' or ')' after a quoted value, found '" + c + "'", i);
    }
    pos = i;
    return value.toString();
  }

  private int[] strip(int start, int end) {
    while (start < end && isSpace(text.charAt(start))) {
      start++;
    }
    while (end > start && isSpace(text.charAt(end - 1))) {
      end--;
    }
    return new int[] {start, end};
  }

  private void skipSpaces() {
    while (pos < n && isSpace(text.charAt(pos))) {
      pos++;
    }
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }

  private InvalidQueryException error(String message, int at) {
    return new InvalidQueryException(parameter, message + " (at position " + at + ")", text, at);
  }
}
