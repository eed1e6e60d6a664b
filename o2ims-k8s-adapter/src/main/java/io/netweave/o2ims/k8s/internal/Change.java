package io.netweave.o2ims.k8s.internal;

import io.netweave.o2ims.model.InventoryObject;
import io.netweave.o2ims.model.spi.InventoryChange;
import java.util.Objects;

/** A change of one O2 object before it is given the revision of its batch. */
record Change(InventoryObject prior, InventoryObject post) {
  Change {
    if (prior == null && post == null) {
      throw new IllegalArgumentException("a change has a prior or a post state");
    }
  }

  static Change of(InventoryObject prior, InventoryObject post) {
    return new Change(prior, post);
  }

  boolean isChange() {
    return !Objects.equals(prior, post);
  }

  InventoryChange at(long revision) {
    if (prior == null) {
      return InventoryChange.created(post, revision);
    }
    if (post == null) {
      return InventoryChange.deleted(prior, revision);
    }
    return InventoryChange.modified(prior, post, revision);
  }
}
