package io.netweave.o2ims.client.internal;

import io.netweave.o2ims.client.O2imsApiException;
import io.netweave.o2ims.client.O2imsPageMarkerException;
import io.netweave.o2ims.client.O2imsResponseException;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import okhttp3.HttpUrl;
import okhttp3.Request;

/**
 * Streams a SOL013-paged list. The first page is fetched when the stream is made (so a bad query or
 * an unknown pool fails at the call), each further page only when the consumer reaches it, by
 * following the {@code Link: <...>; rel="next"} header (URLs relative to the page that announced
 * them are resolved against it). A link back to a page already visited is an error, not a loop. A
 * 400 to a next-page link is an {@link O2imsPageMarkerException}: the first page accepted the
 * query, so the refusal is about the link's marker (one another server process signed).
 */
public final class Pages {
  private static final Pattern LINK =
      Pattern.compile("<([^>]*)>((?:\\s*;\\s*[A-Za-z*]+\\s*=\\s*(?:\"[^\"]*\"|[^;,]*))*)");
  private static final Pattern NEXT =
      Pattern.compile(";\\s*rel\\s*=\\s*(?:\"([^\"]*)\"|([^;,\\s]*))", Pattern.CASE_INSENSITIVE);

  private Pages() {}

  /**
   * The items of every page, lazily.
   *
   * @param fetch GETs one page
   * @param parse reads one page's items
   */
  public static <T> Stream<T> stream(
      Request first, Function<Request, Exchange> fetch, Function<Exchange, List<T>> parse) {
    PageIterator<T> iterator = new PageIterator<>(first, fetch, parse);
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(
            iterator, Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.IMMUTABLE),
        false);
  }

  /** The {@code rel="next"} target of an answer's {@code Link} headers, resolved. */
  public static Optional<HttpUrl> next(Exchange page) {
    for (String header : page.headers().values("Link")) {
      Matcher link = LINK.matcher(header);
      while (link.find()) {
        Matcher rel = NEXT.matcher(link.group(2));
        while (rel.find()) {
          String rels = rel.group(1) != null ? rel.group(1) : rel.group(2);
          for (String r : rels.trim().split("\\s+")) {
            if (r.equalsIgnoreCase("next")) {
              HttpUrl target = page.url().resolve(link.group(1).trim());
              if (target == null) {
                throw new O2imsResponseException(
                    "unusable next-page link from " + page.url() + ": " + link.group(1), null);
              }
              return Optional.of(target);
            }
          }
        }
      }
    }
    return Optional.empty();
  }

  private static final class PageIterator<T> implements Iterator<T> {
    private final Request template;
    private final Function<Request, Exchange> fetch;
    private final Function<Exchange, List<T>> parse;
    private final Set<HttpUrl> visited = new HashSet<>();
    private Iterator<T> current;
    private Optional<HttpUrl> next;

    PageIterator(
        Request first, Function<Request, Exchange> fetch, Function<Exchange, List<T>> parse) {
      this.template = first;
      this.fetch = fetch;
      this.parse = parse;
      load(first);
    }

    private void load(Request request) {
      visited.add(request.url());
      Exchange page = fetch.apply(request);
      current = parse.apply(page).iterator();
      next = Pages.next(page);
      if (next.isPresent() && visited.contains(next.get())) {
        throw new O2imsResponseException(
            "the server's next-page link loops back to " + next.get(), null);
      }
    }

    @Override
    public boolean hasNext() {
      while (!current.hasNext() && next.isPresent()) {
        HttpUrl link = next.get();
        try {
          load(template.newBuilder().url(link).build());
        } catch (O2imsApiException e) {
          if (e.status() == 400) {
            throw new O2imsPageMarkerException(link.toString(), e.status(), e.problem());
          }
          throw e;
        }
      }
      return current.hasNext();
    }

    @Override
    public T next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return current.next();
    }
  }
}
