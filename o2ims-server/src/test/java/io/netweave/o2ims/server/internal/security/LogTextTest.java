package io.netweave.o2ims.server.internal.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogTextTest {
  @Test
  void controlCharactersQuotesAndBackslashesCannotSurvive() {
    assertThat(LogText.clean("/x\r\nevent=write \"a\\b\"\u2028\u0085", 100))
        .isEqualTo("/x__event=write _a_b___");
  }

  @Test
  void valuesAreCutAtTheirLimit() {
    assertThat(LogText.clean("a".repeat(500), 10)).hasSize(10);
  }

  @Test
  void credentialParametersAreRedactedWhateverTheirSpelling() {
    assertThat(LogText.redactQuery("filter=(eq,a,b)&access_token=x&ID_TOKEN=y&acc%65ss_token=z&q"))
        .isEqualTo(
            "filter=(eq,a,b)&access_token=REDACTED&ID_TOKEN=REDACTED&acc%65ss_token=REDACTED&q");
  }

  @Test
  void jsonLinesEscapeEverything() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("path", "/x\n\"y\"");
    fields.put("status", 404);
    assertThat(LogText.json(fields)).isEqualTo("{\"path\":\"/x\\n\\\"y\\\"\",\"status\":404}");
  }
}
