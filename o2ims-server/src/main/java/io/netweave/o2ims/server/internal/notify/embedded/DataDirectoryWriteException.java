package io.netweave.o2ims.server.internal.notify.embedded;

import io.netweave.o2ims.server.spi.StoreUnavailableException;

/**
 * A store file in {@code storage.data_dir} could not be written (the file system is full, read-only
 * after an error, or the volume is gone), or is being reopened after such a failure. The write did
 * not happen: nothing of it is on disk, and the store holds what it held before. The HTTP layer
 * answers {@code 503} with {@code Retry-After}, as for an unreachable Redis store; the stores
 * recover by themselves once a write succeeds again ({@link DataDirectoryHealth#recover()}).
 */
public final class DataDirectoryWriteException extends StoreUnavailableException {
  private static final long serialVersionUID = 1L;

  DataDirectoryWriteException(String message) {
    super(message);
  }
}
