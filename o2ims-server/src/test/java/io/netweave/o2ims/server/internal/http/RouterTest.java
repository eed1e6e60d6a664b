package io.netweave.o2ims.server.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The router picks, among the templates that match a path, the first registered one that serves the
 * method; templates without parameters are found by one lookup, which must pick the same template
 * as that scan.
 */
class RouterTest {
  private final List<String> handled = new ArrayList<>();

  private Router.Route named(String name) {
    return (exchange, params) -> handled.add(name + params);
  }

  private Router.WriteRoute write(String name) {
    return (exchange, params, preconditions) -> handled.add(name + params);
  }

  private static HttpServerExchange request(String method, String path) {
    HttpServerExchange exchange = new HttpServerExchange(null);
    exchange.setRequestMethod(HttpString.tryFromString(method));
    exchange.setRequestPath(path);
    return exchange;
  }

  private String route(Router router, String method, String path) throws Exception {
    handled.clear();
    HttpServerExchange exchange = request(method, path);
    router.handleRequest(exchange);
    assertThat(handled).hasSize(1);
    return handled.get(0) + " as " + exchange.getAttachment(AccessLogHandler.ROUTE);
  }

  @Test
  void aLiteralTemplateIsFoundWithOrWithoutATrailingSlashAndHeadIsServedByGet() throws Exception {
    Router router =
        new Router().add("GET", "/api/v1/pools", named("list")).add("GET", "/", named("root"));
    assertThat(route(router, "GET", "/api/v1/pools")).isEqualTo("list{} as /api/v1/pools");
    assertThat(route(router, "GET", "/api/v1/pools/")).isEqualTo("list{} as /api/v1/pools");
    assertThat(route(router, "HEAD", "/api/v1/pools")).isEqualTo("list{} as /api/v1/pools");
    assertThat(route(router, "GET", "/")).isEqualTo("root{} as /");
  }

  @Test
  void aParameterTemplateRegisteredFirstWinsOverALaterLiteralAsTheScanWouldPick() throws Exception {
    Router router =
        new Router()
            .add("GET", "/api/v1/{collection}", named("any"))
            .add("GET", "/api/v1/pools", named("pools"))
            .addEvaluatingPreconditions("POST", "/api/v1/pools", write("create"));
    assertThat(route(router, "GET", "/api/v1/pools"))
        .isEqualTo("any{collection=pools} as /api/v1/{collection}");
    assertThat(route(router, "POST", "/api/v1/pools")).isEqualTo("create{} as /api/v1/pools");
  }

  @Test
  void aLiteralRegisteredFirstWinsAndALaterParameterTemplateServesTheMethodsItLacks()
      throws Exception {
    Router router =
        new Router()
            .add("GET", "/api/v1/pools", named("pools"))
            .add("GET", "/api/v1/{collection}", named("any"))
            .addEvaluatingPreconditions("DELETE", "/api/v1/{collection}", write("delete"));
    assertThat(route(router, "GET", "/api/v1/pools")).isEqualTo("pools{} as /api/v1/pools");
    assertThat(route(router, "DELETE", "/api/v1/pools"))
        .isEqualTo("delete{collection=pools} as /api/v1/{collection}");
    assertThat(route(router, "GET", "/api/v1/types"))
        .isEqualTo("any{collection=types} as /api/v1/{collection}");
  }

  @Test
  void aWrongMethodIs405WithEveryMatchingTemplatesMethodsAndAnUnknownPathIs404() {
    Router router =
        new Router()
            .add("GET", "/api/v1/pools", named("pools"))
            .addEvaluatingPreconditions("PUT", "/api/v1/{collection}", write("put"));
    assertThatThrownBy(() -> router.handleRequest(request("PATCH", "/api/v1/pools")))
        .isInstanceOfSatisfying(
            HttpProblem.class,
            p -> {
              assertThat(p.status()).isEqualTo(405);
              assertThat(p.headers()).containsEntry("Allow", "GET, HEAD, PUT");
            });
    assertThatThrownBy(() -> router.handleRequest(request("GET", "/api/v1/pools/x/y")))
        .isInstanceOfSatisfying(HttpProblem.class, p -> assertThat(p.status()).isEqualTo(404));
    assertThat(handled).isEmpty();
  }

  @Test
  void registeringTheSameMethodAndTemplateTwiceFails() {
    Router router = new Router().add("GET", "/api/v1/pools", named("pools"));
    assertThatThrownBy(() -> router.add("GET", "/api/v1/pools", named("again")))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aWriteCannotBeRegisteredAsAReadNorAReadAsAWrite() {
    Router router = new Router();
    assertThatThrownBy(() -> router.add("POST", "/api/v1/pools", named("create")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("addEvaluatingPreconditions");
    assertThatThrownBy(
            () -> router.addEvaluatingPreconditions("GET", "/api/v1/pools", write("pools")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * A write route is handed its request's preconditions and they fail only where it runs them: its
   * own refusals before that point win over 412.
   */
  @Test
  void aWriteRouteIsHandedItsRequestsPreconditionsWhichRefuseOnlyWhereItRunsThem()
      throws Exception {
    Router router =
        new Router()
            .addEvaluatingPreconditions(
                "DELETE",
                "/api/v1/pools/{poolId}",
                (exchange, params, preconditions) -> {
                  if (params.get("poolId").equals("missing")) {
                    throw new HttpProblem(404, "Not Found", "no pool", java.util.Map.of());
                  }
                  preconditions.run();
                  handled.add("deleted" + params);
                });
    for (String[] header :
        java.util.List.of(
            new String[] {"If-Match", "\"x\""}, new String[] {"If-None-Match", "*"})) {
      HttpServerExchange missing = request("DELETE", "/api/v1/pools/missing");
      missing.getRequestHeaders().put(HttpString.tryFromString(header[0]), header[1]);
      assertThatThrownBy(() -> router.handleRequest(missing))
          .isInstanceOfSatisfying(HttpProblem.class, p -> assertThat(p.status()).isEqualTo(404));
      HttpServerExchange found = request("DELETE", "/api/v1/pools/p1");
      found.getRequestHeaders().put(HttpString.tryFromString(header[0]), header[1]);
      assertThatThrownBy(() -> router.handleRequest(found))
          .isInstanceOfSatisfying(HttpProblem.class, p -> assertThat(p.status()).isEqualTo(412));
    }
    assertThat(handled).isEmpty();
    HttpServerExchange any = request("DELETE", "/api/v1/pools/p1");
    any.getRequestHeaders().put(HttpString.tryFromString("If-Match"), "*");
    router.handleRequest(any);
    assertThat(handled).containsExactly("deleted{poolId=p1}");
  }
}
