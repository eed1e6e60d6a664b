package io.netweave.o2ims.k8s.emulator;

import java.util.Optional;

/**
 * One request the emulator served, in the terms RBAC authorizes: a resource request (verb, API
 * group, resource, subresource, namespace, name, and the field selector, which lets a list or watch
 * be restricted by {@code resourceNames}) or a non-resource URL such as {@code /version}.
 *
 * @param verb {@code get}, {@code list}, {@code watch}, {@code create}, {@code update}, {@code
 *     patch}, {@code delete}; {@code get} for a non-resource URL
 * @param group the API group, empty for the core group; empty for a non-resource URL
 * @param resource the plural resource name; empty for a non-resource URL
 * @param subresource {@code status} or empty
 * @param namespace the namespace, empty for cluster-scoped requests
 * @param name the object's name, empty for collection requests
 * @param fieldSelector the {@code fieldSelector} query parameter, empty when absent
 * @param nonResourcePath the path of a non-resource request, empty for resource requests
 */
public record ApiRequest(
    String verb,
    String group,
    String resource,
    String subresource,
    String namespace,
    String name,
    String fieldSelector,
    String nonResourcePath) {

  static ApiRequest nonResource(String path) {
    return new ApiRequest("get", "", "", "", "", "", "", path);
  }

  /** Whether this is a non-resource URL request. */
  public boolean isNonResource() {
    return !nonResourcePath.isEmpty();
  }

  /**
   * The object name RBAC matches {@code resourceNames} against: the path's name, or for a list or
   * watch the name in a {@code metadata.name=} field selector.
   */
  public Optional<String> authorizedName() {
    if (!name.isEmpty()) {
      return Optional.of(name);
    }
    String prefix = "metadata.name=";
    if (fieldSelector.startsWith(prefix) && !fieldSelector.contains(",")) {
      return Optional.of(fieldSelector.substring(prefix.length()));
    }
    return Optional.empty();
  }
}
