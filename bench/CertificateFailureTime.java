import io.netweave.o2ims.client.O2imsClient;
import io.netweave.o2ims.client.O2imsException;

/**
 * Wall time of one SDK call that cannot succeed because the client does not trust the server's
 * certificate: {@code client.oCloud()} with the default retry policy against a gateway serving a
 * certificate of its own (not in the JDK's trust store). Three calls warm up, then ROUNDS are
 * printed with the exception each ended with. Any SDK build runs it (the CLI jar holds the SDK):
 *
 * <pre>
 * openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout key.pem -out cert.pem \
 *     -days 2 -subj /CN=o2ims.example.net -addext subjectAltName=DNS:o2ims.example.net
 * java -jar o2ims-server/target/o2ims-server.jar --port 18443 --data-dir /tmp/nw-tls \
 *     --tls-cert cert.pem --tls-key key.pem &
 * java -cp o2ims-client/target/o2ims-cli.jar bench/CertificateFailureTime.java https://localhost:18443 5
 * </pre>
 */
public class CertificateFailureTime {
  public static void main(String[] args) {
    if (args.length != 2 || !args[0].startsWith("https://") || !args[1].matches("[1-9][0-9]*")) {
      usage();
    }
    String url = args[0];
    int rounds = Integer.parseInt(args[1]);
    try (O2imsClient client = O2imsClient.builder().baseUrl(url).build()) {
      for (int i = -3; i < rounds; i++) {
        long start = System.nanoTime();
        String failure;
        try {
          client.oCloud();
          failure = "no failure";
        } catch (O2imsException e) {
          failure = e.getClass().getSimpleName();
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        if (i >= 0) {
          System.out.println(ms + " ms " + failure);
        }
      }
    }
  }

  static void usage() {
    System.err.println("usage: java -cp o2ims-client/target/o2ims-cli.jar bench/CertificateFailureTime.java https://HOST:PORT ROUNDS");
    System.exit(2);
  }
}
