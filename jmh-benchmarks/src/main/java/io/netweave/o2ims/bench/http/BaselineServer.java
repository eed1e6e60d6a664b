package io.netweave.o2ims.bench.http;

import io.undertow.Undertow;
import io.undertow.util.Headers;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The practical limit of this machine for the HTTP load run: a minimal Undertow server that answers
 * every request with one fixed byte array (a response body captured from the gateway), with no
 * routing, no cache and no serialization. {@code bench/http-load.sh} runs it beside the gateway in
 * the same run so that the two are compared under the same load generator and machine state.
 *
 * <p>Run: {@code java -cp jmh-benchmarks/target/benchmarks.jar
 * io.netweave.o2ims.bench.http.BaselineServer PORT BODY_FILE}
 */
public final class BaselineServer {
  private BaselineServer() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: BaselineServer PORT BODY_FILE");
      System.exit(2);
    }
    int port = Integer.parseInt(args[0]);
    byte[] body = Files.readAllBytes(Path.of(args[1]));
    ByteBuffer shared = ByteBuffer.allocateDirect(body.length).put(body).flip();
    Undertow server =
        Undertow.builder()
            .addHttpListener(port, "127.0.0.1")
            .setHandler(
                exchange -> {
                  exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
                  exchange.getResponseSender().send(shared.duplicate());
                })
            .build();
    server.start();
    System.out.println("baseline listening on http://127.0.0.1:" + port + "/");
  }
}
