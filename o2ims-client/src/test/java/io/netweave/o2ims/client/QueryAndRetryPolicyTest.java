package io.netweave.o2ims.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netweave.o2ims.model.FieldSelector;
import io.netweave.o2ims.model.Filter;
import io.netweave.o2ims.model.InvalidQueryException;
import io.netweave.o2ims.model.ObjectSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryAndRetryPolicyTest {

  @Test
  void aMalformedFilterFailsWhenTheQueryIsBuilt() {
    assertThatThrownBy(() -> Query.builder().filter("(eq,name)"))
        .isInstanceOf(InvalidQueryException.class);
  }

  @Test
  void allFieldsBesideFieldsIsRefused() {
    assertThatThrownBy(() -> Query.builder().allFields().fields("name").build())
        .isInstanceOf(InvalidQueryException.class);
  }

  @Test
  void aSelectorKindGivenTwiceIsRefused() {
    assertThatThrownBy(() -> Query.builder().fields("name").fields("description"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("fields");
  }

  @Test
  void parametersKeepFiltersInOrderAndCarryTheSelectors() {
    Query q =
        Query.builder()
            .filter("(eq,name,a)")
            .filter(Filter.parse("(neq,description,'x,y')"))
            .excludeFields("extensions")
            .build();
    assertThat(q.parameters())
        .containsEntry(
            "filter", List.of("(eq,name,a)", Filter.parse("(neq,description,'x,y')").canonical()))
        .containsEntry("exclude_fields", List.of("extensions"));
    assertThat(q.selectsAllAttributes()).isFalse();
    assertThat(Query.all().parameters()).isEmpty();
    assertThat(Query.builder().filter(Filter.all()).build().parameters()).isEmpty();
  }

  @Test
  void aModelSelectorIsSentInItsCanonicalForm() {
    FieldSelector selector =
        FieldSelector.parse(
            Map.of(
                "fields",
                List.of("name,description"),
                "exclude_fields",
                List.of("extensions/site")));
    Query q = Query.builder().select(selector).build();
    assertThat(FieldSelector.parse(q.parameters())).isEqualTo(selector);
    assertThat(Query.builder().select(FieldSelector.all()).build().selectsAllAttributes()).isTrue();
  }

  @Test
  void allFieldsAndExcludeDefaultStillYieldWholeRecords() {
    assertThat(Query.builder().allFields().build().selectsAllAttributes()).isTrue();
    assertThat(Query.builder().excludeDefault().build().selectsAllAttributes()).isTrue();
    assertThat(Query.builder().allFields().build().parameters())
        .containsEntry("all_fields", List.of("true"));
  }

  @Test
  void validationUsesTheAddressedTypeAlone() {
    Query q = Query.builder().filter("(eq,globalAssetId,x)").build();
    assertThat(q.validate(ObjectSchema.RESOURCE_V1)).isSameAs(q);
    assertThatThrownBy(() -> q.validate(ObjectSchema.RESOURCE_POOL_V1))
        .isInstanceOf(InvalidQueryException.class);
  }

  @Test
  void backoffDoublesUpToTheMaximum() {
    RetryPolicy p = new RetryPolicy(6, Duration.ofMillis(100), Duration.ofMillis(500));
    assertThat(List.of(p.backoff(1), p.backoff(2), p.backoff(3), p.backoff(4)))
        .containsExactly(
            Duration.ofMillis(100),
            Duration.ofMillis(200),
            Duration.ofMillis(400),
            Duration.ofMillis(500));
  }

  @Test
  void impossiblePoliciesAreRefused() {
    assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RetryPolicy(2, Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
