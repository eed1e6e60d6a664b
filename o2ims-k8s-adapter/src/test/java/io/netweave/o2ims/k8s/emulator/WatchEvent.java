package io.netweave.o2ims.k8s.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One stored change: {@code prior} is absent ({@code null}) for an addition, {@code object} is the
 * deleted object (carrying the deletion's resourceVersion) for a deletion.
 */
record WatchEvent(
    long resourceVersion, String type, EmulatedKind kind, ObjectNode object, ObjectNode prior) {}
