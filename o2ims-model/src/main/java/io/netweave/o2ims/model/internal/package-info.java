/**
 * Implementation details of the model module (parsers, evaluators, JSON freezing). May change
 * without notice; use the public types of {@code io.netweave.o2ims.model} instead.
 */
package io.netweave.o2ims.model.internal;
