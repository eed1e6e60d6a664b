package io.netweave.o2ims.k8s.internal;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ListMeta;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeList;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Lists nodes in pages of {@value #PAGE_SIZE} ({@code limit}/{@code continue}) and joins them into
 * one list carrying the first page's resourceVersion, as client-go's pager does for informers. Each
 * page is compacted as it arrives, so a large cluster's list is never held whole as Kubernetes
 * objects. Stateless apart from its query.
 */
public final class NodePager {
  static final int PAGE_SIZE = 500;

  private final CoreV1Api api;
  private final LenientCalls lenient;
  private final String labelSelector;
  private final String fieldSelector;
  private final UnaryOperator<V1Node> compact;

  public NodePager(
      CoreV1Api api,
      LenientCalls lenient,
      String labelSelector,
      String fieldSelector,
      UnaryOperator<V1Node> compact) {
    this.api = api;
    this.lenient = lenient;
    this.labelSelector = labelSelector;
    this.fieldSelector = fieldSelector;
    this.compact = compact;
  }

  public V1NodeList list(String resourceVersion) throws ApiException {
    List<V1Node> items = new ArrayList<>();
    String next = null;
    String listVersion = null;
    do {
      V1NodeList page =
          lenient.list(
              api.listNode()
                  .labelSelector(labelSelector)
                  .fieldSelector(fieldSelector)
                  .limit(PAGE_SIZE)
                  ._continue(next)
                  .resourceVersion(next == null ? resourceVersion : null)
                  .buildCall(null),
              V1NodeList.class,
              V1Node.class);
      for (V1Node node : page.getItems()) {
        items.add(compact.apply(node));
      }
      V1ListMeta meta = page.getMetadata();
      if (listVersion == null && meta != null) {
        listVersion = meta.getResourceVersion();
      }
      next =
          meta == null || meta.getContinue() == null || meta.getContinue().isEmpty()
              ? null
              : meta.getContinue();
    } while (next != null);
    return new V1NodeList().metadata(new V1ListMeta().resourceVersion(listVersion)).items(items);
  }
}
