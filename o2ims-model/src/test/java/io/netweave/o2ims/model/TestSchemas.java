package io.netweave.o2ims.model;

import io.netweave.o2ims.model.ObjectSchema.AttributeType;

/** Schemas with the attribute types the v1 tables do not use (numbers, booleans). */
final class TestSchemas {
  static final ObjectSchema TYPED =
      ObjectSchema.builder("Typed", "id")
          .attribute("id", AttributeType.UUID)
          .attribute("ready", AttributeType.BOOLEAN)
          .attribute("count", AttributeType.NUMBER)
          .build();

  private TestSchemas() {}
}
