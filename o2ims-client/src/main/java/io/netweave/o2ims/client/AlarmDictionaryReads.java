package io.netweave.o2ims.client;

import io.netweave.o2ims.client.internal.Api;
import io.netweave.o2ims.client.internal.Pages;
import io.netweave.o2ims.model.AlarmDictionary;
import io.netweave.o2ims.model.ApiView;
import io.netweave.o2ims.model.ObjectSchema;
import java.util.UUID;
import java.util.stream.Stream;
import okhttp3.HttpUrl;

/**
 * The alarm dictionary reads one inventory view serves ({@code resourceTypes/{id}/alarmDictionary},
 * {@code alarmDictionaries}, {@code alarmDictionaries/{id}}), shared by {@link O2imsClient} (v1)
 * and {@link InventoryV2}, which carry the public methods and their Javadoc. Thread-safe.
 */
final class AlarmDictionaryReads {
  private final Api api;
  private final String view;

  AlarmDictionaryReads(Api api, ApiView view) {
    this.api = api;
    this.view = view.segment();
  }

  AlarmDictionary ofType(UUID resourceTypeId) {
    return api.json()
        .object(
            api.get(
                api.inventory(view, "resourceTypes", resourceTypeId.toString(), "alarmDictionary")),
            AlarmDictionary.class);
  }

  Stream<AlarmDictionary> list(Query query) {
    if (!query.selectsAllAttributes()) {
      throw new IllegalArgumentException(
          "alarmDictionaries(query) returns whole records; drop fields");
    }
    HttpUrl first =
        Api.withQuery(
            api.inventory(view, "alarmDictionaries"),
            query.validate(ObjectSchema.ALARM_DICTIONARY));
    var reader = api.json().listReader(AlarmDictionary.class);
    return Pages.stream(api.getRequest(first), api::get, page -> api.json().list(page, reader));
  }

  AlarmDictionary byId(UUID alarmDictionaryId) {
    return api.json()
        .object(
            api.get(api.inventory(view, "alarmDictionaries", alarmDictionaryId.toString())),
            AlarmDictionary.class);
  }
}
