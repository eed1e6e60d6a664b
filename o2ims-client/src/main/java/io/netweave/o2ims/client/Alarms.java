package io.netweave.o2ims.client;

import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netweave.o2ims.client.internal.Api;
import io.netweave.o2ims.client.internal.Pages;
import io.netweave.o2ims.model.AlarmEventRecord;
import io.netweave.o2ims.model.AlarmServiceConfiguration;
import io.netweave.o2ims.model.ApiVersions;
import io.netweave.o2ims.model.ObjectSchema;
import io.netweave.o2ims.model.ProbableCause;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import okhttp3.HttpUrl;

/**
 * The alarms of a server's monitoring API ({@code /o2ims-infrastructureMonitoring/v1}): alarm
 * records (list with queries, streamed across pages; get), acknowledging and clearing them, the
 * alarm service configuration and the probable causes. Writes are retried only after a 429 (see
 * {@link RetryPolicy}). Thread-safe; obtained from {@link O2imsClient} and valid until it is
 * closed.
 *
 * <pre>{@code
 * Query critical = Query.builder().filter("(eq,perceivedSeverity,0);(eq,alarmAcknowledged,false)").build();
 * client.alarms().list(critical).forEach(a -> client.alarms().acknowledge(a.alarmEventRecordId()));
 * }</pre>
 *
 * <p>Errors: {@link io.netweave.o2ims.model.InvalidQueryException} for a query that does not fit
 * alarm records (before sending), {@link O2imsApiException} for non-2xx answers (404 unknown id,
 * 409 clearing an AUTOMATIC alarm, 400 a refused body), other {@link O2imsException}s for transport
 * failures.
 */
public final class Alarms {
  private static final String MERGE_PATCH = "application/merge-patch+json";

  private final Api api;
  private final HttpUrl url;
  private final ObjectReader listReader;
  private final ObjectReader causeReader;

  Alarms(Api api) {
    this.api = api;
    this.url = api.monitoring("v1", "alarms");
    this.listReader = api.json().listReader(AlarmEventRecord.class);
    this.causeReader = api.json().listReader(ProbableCause.class);
  }

  /** The versions the monitoring API offers ({@code GET {MON}/api_versions}). */
  public ApiVersions apiVersions() {
    return api.json().object(api.get(api.monitoring("api_versions")), ApiVersions.class);
  }

  /** Every alarm record, active and cleared, page after page. */
  public Stream<AlarmEventRecord> list() {
    return list(Query.all());
  }

  /**
   * The records matching the query; filters may use the {@code ...Id} aliases.
   *
   * @throws IllegalArgumentException if the query has a selector (use {@link #select(Query)})
   */
  public Stream<AlarmEventRecord> list(Query query) {
    if (!query.selectsAllAttributes()) {
      throw new IllegalArgumentException(
          "a query with fields/exclude_fields returns partial objects: use select(query)");
    }
    HttpUrl first = Api.withQuery(url, validated(query));
    return Pages.stream(api.getRequest(first), api::get, page -> api.json().list(page, listReader));
  }

  /** The records matching the query, projected by its selector. */
  public Stream<ObjectNode> select(Query query) {
    HttpUrl first = Api.withQuery(url, validated(query));
    return Pages.stream(api.getRequest(first), api::get, page -> api.json().trees(page));
  }

  /**
   * One record.
   *
   * @throws O2imsApiException with status 404 if there is none with this id
   */
  public AlarmEventRecord get(UUID id) {
    return api.json().object(api.get(item(id)), AlarmEventRecord.class);
  }

  /** One record, or empty if the server answers 404. */
  public Optional<AlarmEventRecord> find(UUID id) {
    try {
      return Optional.of(get(id));
    } catch (O2imsApiException e) {
      if (e.status() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * Acknowledges an alarm (the server sends one ACKNOWLEDGE notification the first time;
   * acknowledging again, or a cleared alarm, changes nothing).
   *
   * @throws O2imsApiException 404 for an unknown id (409 for a repeat when the server is so
   *     configured)
   */
  public void acknowledge(UUID id) {
    api.send("PATCH", item(id), Map.of("alarmAcknowledged", true), MERGE_PATCH);
  }

  /**
   * Clears an alarm whose definition is MANUAL.
   *
   * @throws O2imsApiException 409 if the alarm's definition is AUTOMATIC (it clears by itself)
   */
  public void clear(UUID id) {
    api.send("PATCH", item(id), Map.of("perceivedSeverity", 5), MERGE_PATCH);
  }

  /** The alarm service configuration. */
  public AlarmServiceConfiguration configuration() {
    return api.json().object(api.get(configurationUrl()), AlarmServiceConfiguration.class);
  }

  /** Replaces the alarm service configuration (PUT). */
  public AlarmServiceConfiguration configure(AlarmServiceConfiguration configuration) {
    return api.json()
        .object(
            api.send("PUT", configurationUrl(), configuration, "application/json"),
            AlarmServiceConfiguration.class);
  }

  /**
   * Changes only the retention period (days, at least 1) (PATCH).
   *
   * @throws IllegalArgumentException before sending, if {@code days} is below 1 (as {@link
   *     AlarmServiceConfiguration}'s constructor for {@link #configure})
   */
  public AlarmServiceConfiguration retentionPeriod(int days) {
    if (days < 1) {
      throw new IllegalArgumentException("retentionPeriod must be at least 1 (day), not " + days);
    }
    return api.json()
        .object(
            api.send("PATCH", configurationUrl(), Map.of("retentionPeriod", days), MERGE_PATCH),
            AlarmServiceConfiguration.class);
  }

  /** Every probable cause, page after page. */
  public Stream<ProbableCause> probableCauses() {
    HttpUrl first = api.monitoring("v1", "probableCauses");
    return Pages.stream(
        api.getRequest(first), api::get, page -> api.json().list(page, causeReader));
  }

  /**
   * One probable cause.
   *
   * @throws O2imsApiException with status 404 if there is none with this id
   */
  public ProbableCause probableCause(UUID id) {
    return api.json()
        .object(
            api.get(api.monitoring("v1", "probableCauses", id.toString())), ProbableCause.class);
  }

  private Query validated(Query query) {
    return query.validate(ObjectSchema.ALARM_EVENT_RECORD_FILTER, ObjectSchema.ALARM_EVENT_RECORD);
  }

  private HttpUrl configurationUrl() {
    return api.monitoring("v1", "alarmServiceConfiguration");
  }

  private HttpUrl item(UUID id) {
    return url.newBuilder().addPathSegment(id.toString()).build();
  }
}
