package io.netweave.o2ims.server.internal.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netweave.o2ims.model.ApiView;
import io.netweave.o2ims.model.FieldSelector;
import io.netweave.o2ims.model.Filter;
import io.netweave.o2ims.model.InvalidQueryException;
import io.netweave.o2ims.model.O2Json;
import io.netweave.o2ims.model.ObjectType;
import io.netweave.o2ims.model.PageMarkerCodec;
import io.netweave.o2ims.model.Resource;
import io.netweave.o2ims.server.internal.demo.DemoInventory;
import io.netweave.o2ims.server.internal.demo.DemoInventorySource;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class InventoryQueryServiceTest {
  static final UUID OCLOUD = UUID.fromString("262c8f17-52b5-4614-9e56-812ae21fa8a7");

  final DemoInventorySource demo =
      new DemoInventorySource(
          new DemoInventory(OCLOUD, OCLOUD, "test", "http://localhost", 3, 4), 50);
  final InventoryQueryService service =
      new InventoryQueryService(
          demo,
          O2Json.newMapper(),
          new PageMarkerCodec("secret".getBytes(StandardCharsets.UTF_8)),
          20);

  static ListQuery query(String filter, Map<String, List<String>> selectors) {
    return new ListQuery(
        filter.isEmpty() ? Filter.all() : Filter.parse(filter),
        FieldSelector.parse(selectors),
        Optional.empty());
  }

  UUID firstPool() {
    return UUID.fromString(
        service
            .list(ObjectType.RESOURCE_POOL, ListQuery.all(), "/p")
            .items()
            .get(0)
            .path("resourcePoolId")
            .asText());
  }

  @Test
  void listsEveryObjectOfATypeInIdOrder() {
    Page page = service.list(ObjectType.RESOURCE_TYPE, ListQuery.all(), "/types");
    assertThat(page.total()).isEqualTo(4);
    assertThat(page.nextMarker()).isEmpty();
    List<String> ids = new ArrayList<>();
    page.items().forEach(t -> ids.add(t.path("resourceTypeId").asText()));
    assertThat(ids).isSorted();
  }

  @Test
  void pagesByKeysetAndKeepsTheTotalOnEveryPage() {
    Page first = service.list(ObjectType.RESOURCE, ListQuery.all(), "/r");
    assertThat(first.items()).hasSize(20);
    assertThat(first.total()).isEqualTo(50);
    List<String> ids = new ArrayList<>();
    Page page = first;
    while (true) {
      page.items().forEach(r -> ids.add(r.path("resourceId").asText()));
      if (page.nextMarker().isEmpty()) {
        break;
      }
      page =
          service.list(
              ObjectType.RESOURCE,
              new ListQuery(Filter.all(), FieldSelector.all(), page.nextMarker()),
              "/r");
      assertThat(page.total()).isEqualTo(50);
    }
    assertThat(ids).hasSize(50).doesNotHaveDuplicates().isSorted();
  }

  @Test
  void aMarkerIsBoundToItsQuery() {
    String marker =
        service.list(ObjectType.RESOURCE, ListQuery.all(), "/r").nextMarker().orElseThrow();
    ListQuery other =
        new ListQuery(
            Filter.parse("(eq,extensions/ready,true)"), FieldSelector.all(), Optional.of(marker));
    assertThatThrownBy(() -> service.list(ObjectType.RESOURCE, other, "/r"))
        .isInstanceOf(InvalidQueryException.class);
    ListQuery tampered =
        new ListQuery(Filter.all(), FieldSelector.all(), Optional.of(marker.substring(1)));
    assertThatThrownBy(() -> service.list(ObjectType.RESOURCE, tampered, "/r"))
        .isInstanceOf(InvalidQueryException.class);
  }

  @Test
  void filtersAndSelectorsApplyToListsAndSingleObjects() {
    Page pools =
        service.list(
            ObjectType.RESOURCE_POOL,
            query("(eq,name,zone-b)", Map.of("fields", List.of("name"))),
            "/p");
    assertThat(pools.total()).isEqualTo(1);
    JsonNode pool = pools.items().get(0);
    assertThat(pool.has("resourcePoolId")).isTrue();
    assertThat(pool.has("description")).isTrue(); // simple attributes always come
    assertThat(pool.has("extensions")).isFalse();
    UUID id = UUID.fromString(pool.path("resourcePoolId").asText());
    JsonNode one =
        service.get(
            ObjectType.RESOURCE_POOL,
            id,
            FieldSelector.parse(Map.of("exclude_fields", List.of("extensions"))));
    assertThat(one.has("extensions")).isFalse();
    assertThat(one.path("name").asText()).isEqualTo("zone-b");
  }

  @Test
  void filterOnUnknownAttributeIsRejected() {
    assertThatThrownBy(
            () -> service.list(ObjectType.RESOURCE_POOL, query("(eq,nope,1)", Map.of()), "/p"))
        .isInstanceOf(InvalidQueryException.class);
  }

  @Test
  void unknownIdsAndResourcesUnderTheWrongPoolAreNotFound() {
    UUID unknown = UUID.randomUUID();
    assertThatThrownBy(
            () -> service.get(ObjectType.DEPLOYMENT_MANAGER, unknown, FieldSelector.all()))
        .isInstanceOfSatisfying(
            QueryProblem.class,
            p -> {
              assertThat(p.kind()).isEqualTo(QueryProblem.Kind.NOT_FOUND);
              assertThat(p.attributes()).containsEntry("deploymentManagerId", unknown.toString());
            });
    UUID pool = firstPool();
    JsonNode resource = service.resourcesOf(pool, ListQuery.all(), "/x").items().get(0);
    UUID resourceId = UUID.fromString(resource.path("resourceId").asText());
    assertThat(service.resource(pool, resourceId, FieldSelector.all())).isEqualTo(resource);
    UUID otherPool =
        UUID.fromString(
            service
                .list(ObjectType.RESOURCE_POOL, ListQuery.all(), "/p")
                .items()
                .get(1)
                .path("resourcePoolId")
                .asText());
    assertThatThrownBy(() -> service.resource(otherPool, resourceId, FieldSelector.all()))
        .isInstanceOfSatisfying(
            QueryProblem.class, p -> assertThat(p.kind()).isEqualTo(QueryProblem.Kind.NOT_FOUND));
    assertThatThrownBy(() -> service.resourcesOf(unknown, ListQuery.all(), "/x"))
        .isInstanceOf(QueryProblem.class);
  }

  @Test
  void answersFollowTheSourceWhenTheInventoryChanges() {
    long before = service.revision();
    int total = service.list(ObjectType.RESOURCE, ListQuery.all(), "/r").total();
    demo.addResource(
        new DemoInventorySource.NodeSpec(
            Optional.of("extra"),
            Optional.empty(),
            Optional.empty(),
            Optional.of(false),
            Optional.empty(),
            Map.of()));
    assertThat(service.revision()).isGreaterThan(before);
    assertThat(service.list(ObjectType.RESOURCE, ListQuery.all(), "/r").total())
        .isEqualTo(total + 1);
    assertThat(
            service
                .list(ObjectType.RESOURCE, query("(eq,extensions/ready,false)", Map.of()), "/r")
                .total())
        .isEqualTo(1);
  }

  @Test
  void alarmDictionariesComeFromTheResourceTypes() {
    assertThat(service.alarmDictionaries(ListQuery.all(), "/d").items()).hasSize(4);
    JsonNode type = service.list(ObjectType.RESOURCE_TYPE, ListQuery.all(), "/t").items().get(0);
    UUID typeId = UUID.fromString(type.path("resourceTypeId").asText());
    JsonNode dictionary = service.alarmDictionaryOf(typeId, FieldSelector.all());
    assertThat(
            service.alarmDictionary(
                UUID.fromString(dictionary.path("alarmDictionaryId").asText()),
                FieldSelector.all()))
        .isEqualTo(dictionary);
    // exactly the node alarms the gateway raises (DECISIONS.md "Monitoring")
    List<String> names = new java.util.ArrayList<>();
    dictionary.path("alarmDefinition").forEach(d -> names.add(d.path("alarmName").asText()));
    assertThat(names)
        .containsExactlyElementsOf(
            java.util.Arrays.stream(io.netweave.o2ims.model.NodeAlarm.values())
                .map(io.netweave.o2ims.model.NodeAlarm::alarmName)
                .toList());
  }

  @Test
  void theOCloudIsServedWithBothGlobalIdSpellings() {
    JsonNode ocloud = service.ocloud(FieldSelector.all());
    assertThat(ocloud.path("oCloudId").asText()).isEqualTo(OCLOUD.toString());
    assertThat(ocloud.path("globalcloudId")).isEqualTo(ocloud.path("globalCloudId"));
    assertThat(service.apiVersions().apiVersions()).isNotEmpty();
  }

  @Test
  void eachResourceIsServedAsItsRecordsJson() throws Exception {
    ObjectMapper mapper = O2Json.newMapper();
    Page page =
        service.list(
            ObjectType.RESOURCE,
            new ListQuery(Filter.all(), FieldSelector.all(), Optional.empty()),
            "/r");
    List<Resource> records = new ArrayList<>(demo.snapshot().resources().values()).subList(0, 20);

    for (int i = 0; i < records.size(); i++) {
      assertThat(new String(page.itemJson().get(i), StandardCharsets.UTF_8))
          .isEqualTo(mapper.writeValueAsString(mapper.valueToTree(records.get(i))));
    }
    assertThat(mapper.readTree(page.json())).isEqualTo(page.items()).hasSize(20);
  }

  @Test
  void filtersDecideOnTheStoredBytesAsOnTheWholeObject() {
    ObjectMapper mapper = O2Json.newMapper();
    InventoryQueryService all =
        new InventoryQueryService(
            demo, mapper, new PageMarkerCodec("secret".getBytes(StandardCharsets.UTF_8)), 1000);
    demo.modifyResource(
        demo.snapshot().resources().keySet().iterator().next(),
        new DemoInventorySource.NodeSpec(
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.of(false),
            Optional.of(true),
            Map.of("example.com/rack", "r1")));
    List<String> filters =
        List.of(
            "(eq,extensions/ready,false)",
            "(neq,extensions/ready,false)",
            "(eq,extensions/labels/example.com~1rack,r1)",
            "(neq,extensions/labels/example.com~1rack,r1)",
            "(eq,extensions/unschedulable,true);(eq,extensions/ready,false)",
            "(eq,extensions/labels/example.com~1rack,r1);(eq,extensions/ready,false)",
            "(in,extensions/nodeInfo/architecture,arm64,amd64);(eq,extensions/conditions/Ready,False);(neq,description,x)",
            "(eq,extensions/labels/example.com~1rack,r1);(eq,extensions/labels/kubernetes.io~1os,linux)",
            "(cont,description,node)",
            "(eq,extensions/conditions/Ready,True)",
            "(in,extensions/nodeInfo/architecture,arm64,amd64)",
            "(neq,elements/resourceId," + UUID.randomUUID() + ")",
            "(eq,extensions/capacity/cpu,8)",
            "(gt,extensions/nodeName,demo-node-0020)");
    for (String text : filters) {
      Filter filter = Filter.parse(text);
      List<String> expected = new ArrayList<>();
      demo.snapshot()
          .resources()
          .forEach(
              (id, r) -> {
                if (filter.matches(mapper.valueToTree(r))) {
                  expected.add(id.toString());
                }
              });
      List<String> served = new ArrayList<>();
      all.list(ObjectType.RESOURCE, query(text, Map.of()), "/r")
          .items()
          .forEach(r -> served.add(r.path("resourceId").asText()));
      assertThat(served).as(text).isEqualTo(expected);
    }
  }

  @Test
  void columnsAndTheirIndexesSelectAsTheWholeObjectBeforeAndAfterAChange() {
    ObjectMapper mapper = O2Json.newMapper();
    List<UUID> ids = new ArrayList<>(demo.snapshot().resources().keySet());
    UUID pool = firstPool();
    String someId = ids.get(7).toString();
    List<String> filters =
        List.of(
            "(eq,extensions/nodeName,node-007)",
            "(in,extensions/nodeName,node-003,node-041,node-003,nothing)",
            "(eq,resourceId," + someId.toUpperCase(java.util.Locale.ROOT) + ")",
            "(in,resourceId," + someId + "," + ids.get(9) + ")",
            "(eq,extensions/labels/example.com~1rack,r1)",
            "(eq,extensions/labels/example.com~1rack,r1);(eq,extensions/ready,false)",
            "(eq,extensions/ready,false);(eq,extensions/labels/example.com~1rack,r1)",
            "(neq,extensions/nodeName,node-007)",
            "(eq,extensions/ready,true)",
            "(eq,extensions/capacity/cpu,8);(in,extensions/labels/topology.kubernetes.io~1zone,"
                + "zone-a,zone-b)",
            "(eq,elements/resourceId," + someId + ")");
    for (int round = 0; round < 2; round++) {
      for (String text : filters) {
        Filter filter = Filter.parse(text);
        for (UUID inPool : java.util.Arrays.asList(null, pool)) {
          List<String> expected = new ArrayList<>();
          demo.snapshot()
              .resources()
              .forEach(
                  (id, r) -> {
                    if ((inPool == null || inPool.equals(r.resourcePoolId()))
                        && filter.matches(mapper.valueToTree(r))) {
                      expected.add(id.toString());
                    }
                  });
          assertThat(servedIds(text, inPool)).as(round + " " + text).isEqualTo(expected);
        }
      }
      // a change: the next round's tables carry the columns of the unchanged resources
      demo.modifyResource(
          ids.get(7),
          new DemoInventorySource.NodeSpec(
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              Optional.of(false),
              Optional.empty(),
              Map.of("example.com/rack", "r1")));
      demo.modifyResource(
          ids.get(3),
          new DemoInventorySource.NodeSpec(
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              Map.of("example.com/rack", "r2")));
    }
  }

  @Test
  void filterColumnsBuiltAheadAnswerAsTheWholeObjectAndAreCarriedAcrossChanges() {
    ObjectMapper mapper = O2Json.newMapper();
    List<UUID> ids = new ArrayList<>(demo.snapshot().resources().keySet());
    List<List<String>> paths =
        List.of(
            FilterColumns.path("extensions/nodeName"),
            FilterColumns.path("extensions/labels/example.com~1rack"));
    assertThat(paths.get(1)).containsExactly("extensions", "labels", "example.com/rack");

    assertThat(service.prepareFilters(paths)).as("built at first").isTrue();
    assertThat(service.prepareFilters(paths)).as("built once").isFalse();
    List<String> filters =
        List.of(
            "(eq,extensions/nodeName,node-007)",
            "(in,extensions/nodeName,node-003,node-041)",
            "(eq,extensions/labels/example.com~1rack,r1)",
            "(neq,extensions/labels/example.com~1rack,r1)");
    for (int round = 0; round < 2; round++) {
      for (String text : filters) {
        Filter filter = Filter.parse(text);
        List<String> expected = new ArrayList<>();
        demo.snapshot()
            .resources()
            .forEach(
                (id, r) -> {
                  if (filter.matches(mapper.valueToTree(r))) {
                    expected.add(id.toString());
                  }
                });
        assertThat(servedIds(text, null)).as(round + " " + text).isEqualTo(expected);
      }
      demo.modifyResource(
          ids.get(round == 0 ? 7 : 9),
          new DemoInventorySource.NodeSpec(
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              Map.of("example.com/rack", "r1")));
      assertThat(service.prepareFilters(paths)).as("carried to the next revision").isFalse();
    }
    assertThat(service.prepareFilters(List.of())).isFalse();
  }

  @Test
  void filterColumnsAreResourceAttributePathsAFilterCanName() {
    assertThat(FilterColumns.path("extensions/nodeName")).containsExactly("extensions", "nodeName");
    assertThatThrownBy(() -> FilterColumns.path("nosuchfield"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nosuchfield");
    assertThatThrownBy(() -> FilterColumns.path("extensions/a,b"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FilterColumns.path("(eq,name,x);(eq,name"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** The ids a filtered list serves, following every page (20 per page). */
  List<String> servedIds(String filter, UUID pool) {
    List<String> served = new ArrayList<>();
    Optional<String> marker = Optional.empty();
    do {
      ListQuery q = new ListQuery(Filter.parse(filter), FieldSelector.all(), marker);
      Page page =
          pool == null
              ? service.list(ObjectType.RESOURCE, q, "/r")
              : service.resourcesOf(pool, q, "/p/" + pool);
      page.items().forEach(r -> served.add(r.path("resourceId").asText()));
      assertThat(page.total()).isGreaterThanOrEqualTo(served.size());
      marker = page.nextMarker();
    } while (marker.isPresent());
    return served;
  }

  @Test
  void aChangeReserializesOnlyTheChangedResourceAndEveryViewSharesTheBytes() {
    InventoryQueryService v2 = service.inView(ApiView.V2);
    List<UUID> ids = new ArrayList<>(demo.snapshot().resources().keySet());
    Page before = service.list(ObjectType.RESOURCE, ListQuery.all(), "/r");
    Page beforeV2 = v2.list(ObjectType.RESOURCE, ListQuery.all(), "/r");
    assertThat(beforeV2.itemJson().get(0)).isSameAs(before.itemJson().get(0));

    demo.modifyResource(
        ids.get(1),
        new DemoInventorySource.NodeSpec(
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Map.of("example.com/changed", "yes")));
    Page after = service.list(ObjectType.RESOURCE, ListQuery.all(), "/r");
    Page afterV2 = v2.list(ObjectType.RESOURCE, ListQuery.all(), "/r");

    assertThat(after.itemJson().get(0)).isSameAs(before.itemJson().get(0));
    assertThat(after.itemJson().get(2)).isSameAs(before.itemJson().get(2));
    assertThat(after.itemJson().get(1)).isNotSameAs(before.itemJson().get(1));
    assertThat(
            after
                .items()
                .get(1)
                .path("extensions")
                .path("labels")
                .path("example.com/changed")
                .asText())
        .isEqualTo("yes");
    assertThat(before.items().get(1).path("extensions").path("labels").has("example.com/changed"))
        .isFalse();
    assertThat(afterV2.itemJson().get(1)).isSameAs(after.itemJson().get(1));
  }

  /** Every page of a list, followed by its markers: the items' JSON and each page's total. */
  static List<String> pages(java.util.function.Function<ListQuery, Page> list, Filter filter) {
    List<String> out = new ArrayList<>();
    ListQuery query = new ListQuery(filter, FieldSelector.all(), Optional.empty());
    while (true) {
      Page page = list.apply(query);
      out.add("total " + page.total());
      page.items().forEach(item -> out.add(item.toString()));
      if (page.nextMarker().isEmpty()) {
        return out;
      }
      query = new ListQuery(filter, FieldSelector.all(), page.nextMarker());
    }
  }

  @Test
  void anEngineCarryingItsTablesAcrossRandomChangesAnswersAsAFreshEngine() {
    java.util.Random random = new java.util.Random(61206L);
    List<UUID> pools = new ArrayList<>();
    service
        .list(ObjectType.RESOURCE_POOL, ListQuery.all(), "/p")
        .items()
        .forEach(p -> pools.add(UUID.fromString(p.path("resourcePoolId").asText())));
    List<String> filters =
        List.of(
            "(eq,extensions/nodeName,%s)",
            "(in,extensions/nodeName,%s,%s)",
            "(eq,extensions/ready,true)",
            "(eq,extensions/labels/example.com~1rack,r%d)",
            "(in,extensions/labels/example.com~1rack,r%d,r%d);(neq,extensions/ready,false)",
            "(eq,resourcePoolId,%s)",
            "(neq,extensions/labels/example.com~1rack,r%d)");
    int added = 0;
    for (int step = 0; step < 120; step++) {
      List<UUID> ids = new ArrayList<>(demo.snapshot().resources().keySet());
      for (int c = random.nextInt(4); c > 0; c--) {
        int what = random.nextInt(10);
        if (what < 2 && ids.size() > 10) {
          demo.removeResource(ids.remove(random.nextInt(ids.size())));
        } else if (what < 5) {
          ids.add(
              demo.addResource(
                      new DemoInventorySource.NodeSpec(
                          Optional.of("added-" + added++),
                          Optional.of(pools.get(random.nextInt(pools.size()))),
                          Optional.empty(),
                          Optional.of(random.nextBoolean()),
                          Optional.empty(),
                          Map.of("example.com/rack", "r" + random.nextInt(3))))
                  .resourceId());
        } else {
          demo.modifyResource(
              ids.get(random.nextInt(ids.size())),
              new DemoInventorySource.NodeSpec(
                  Optional.empty(),
                  Optional.empty(),
                  Optional.empty(),
                  Optional.of(random.nextBoolean()),
                  Optional.empty(),
                  Map.of("example.com/rack", "r" + random.nextInt(3))));
        }
      }
      InventoryQueryService fresh =
          new InventoryQueryService(
              demo,
              O2Json.newMapper(),
              new PageMarkerCodec("secret".getBytes(StandardCharsets.UTF_8)),
              20);
      for (int q = 0; q < 4; q++) {
        String template = filters.get(random.nextInt(filters.size()));
        Object[] args = new Object[2];
        for (int a = 0; a < 2; a++) {
          args[a] =
              template.contains("nodeName")
                  ? nodeName(ids.get(random.nextInt(ids.size())))
                  : template.contains("resourcePoolId")
                      ? pools.get(random.nextInt(pools.size())).toString().toUpperCase()
                      : (Object) random.nextInt(3);
        }
        Filter filter = Filter.parse(String.format(template, args));
        UUID pool = pools.get(random.nextInt(pools.size()));
        assertThat(pages(qy -> service.resourcesOf(pool, qy, "/r"), filter))
            .as("%s in pool %s, step %d", filter, pool, step)
            .isEqualTo(pages(qy -> fresh.resourcesOf(pool, qy, "/r"), filter));
        assertThat(pages(qy -> service.list(ObjectType.RESOURCE, qy, "/all"), filter))
            .as("%s, step %d", filter, step)
            .isEqualTo(pages(qy -> fresh.list(ObjectType.RESOURCE, qy, "/all"), filter));
      }
    }
  }

  String nodeName(UUID resourceId) {
    return demo.snapshot().resources().get(resourceId).extensions().get("nodeName").toString();
  }
}
