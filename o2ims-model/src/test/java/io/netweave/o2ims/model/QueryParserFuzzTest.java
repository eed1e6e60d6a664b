package io.netweave.o2ims.model;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer fuzz tests of every query parser: only {@link InvalidQueryException} may escape. Under
 * {@code mvn test} they run in regression mode over the seeds in {@code
 * src/test/resources/io/netweave/o2ims/model/QueryParserFuzzTestInputs}; to fuzz for real run
 * {@code JAZZER_FUZZ=1 mvn -pl o2ims-model test -Dtest=QueryParserFuzzTest#filterParser} (one
 * method at a time). {@link QueryParserRandomizedTest} covers the same ground with generated inputs
 * on every build.
 */
class QueryParserFuzzTest {

  @FuzzTest(maxDuration = "60s")
  void filterParser(FuzzedDataProvider data) {
    QueryInputs.filter(data.consumeRemainingAsString());
  }

  @FuzzTest(maxDuration = "60s")
  void subscriptionFilterParser(FuzzedDataProvider data) {
    QueryInputs.subscriptionFilter(data.consumeRemainingAsString());
  }

  @FuzzTest(maxDuration = "60s")
  void fieldSelectorParser(FuzzedDataProvider data) {
    QueryInputs.selector(data.consumeRemainingAsString());
  }

  @FuzzTest(maxDuration = "60s")
  void pageMarkerDecoder(FuzzedDataProvider data) {
    String fingerprint = data.consumeString(40);
    QueryInputs.marker(data.consumeRemainingAsString(), fingerprint);
  }
}
