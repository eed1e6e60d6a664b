package io.netweave.o2ims.server.internal.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netweave.o2ims.model.O2Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonBodyProblemTest {
  private final ObjectMapper mapper = O2Json.newMapper();

  private QueryProblem problem(byte[] body) {
    JacksonException e = catchThrowableOfType(JacksonException.class, () -> mapper.readTree(body));
    QueryProblem p = JsonBodyProblem.of(e, mapper.getFactory().streamReadConstraints());
    assertThat(p.kind()).isEqualTo(QueryProblem.Kind.BAD_REQUEST);
    assertThat(p.getMessage())
        .doesNotContainIgnoringCase("jackson")
        .doesNotContain("()")
        .doesNotContain("`")
        .doesNotContain("JSON String, Number");
    return p;
  }

  private QueryProblem problem(String body) {
    return problem(body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void eachKindOfSyntaxErrorHasItsPlainMessageAndPosition() {
    assertThat(problem("{\"a\": tru}").getMessage())
        .isEqualTo(
            "the request body is not valid JSON: a value is not a string, number, object, array,"
                + " true, false or null (line 1, column 7, at /a)");
    assertThat(problem("{\"a\":\"x\ty\"}").getMessage())
        .startsWith("the request body is not valid JSON: a control character in a string");
    assertThat(problem("{\"a\":01}").getMessage())
        .isEqualTo(
            "the request body is not valid JSON: a number is malformed (line 1, column 7, at /a)");
    assertThat(problem("{'a':1}").getMessage())
        .isEqualTo(
            "the request body is not valid JSON: unexpected character ''' (line 1, column 2)");
    assertThat(problem("{\"a\":[1,\u00a0]}").getMessage()).contains("unexpected character U+00A0");
    assertThat(
            problem(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '(', '"', '}'})
                .getMessage())
        .startsWith("the request body is not valid JSON: it is not valid UTF-8");
  }

  @Test
  void theAttributesCarryLineColumnAndPointer() {
    QueryProblem p = problem("{\"b\":{\"c\":[1,2,@]}}");
    assertThat(p.attributes())
        .containsEntry("line", "1")
        .containsEntry("column", "16")
        .containsEntry("pointer", "/b/c/2");
  }

  @Test
  void aParserLimitIsNamedByWhatItLimitsAndItsValue() {
    QueryProblem p = problem("{\"a\":\"" + "s".repeat(1) + "\", \"n\":" + "9".repeat(1001) + "}");
    assertThat(p.getMessage())
        .isEqualTo("the request body is refused: a number is longer than 1000 characters");
    assertThat(p.attributes()).containsEntry("limit", "1000");
  }
}
