package dev.cuifu.ingest.shop;

/**
 * The operator, authenticated by {@code Authorization: Bearer <cuifu.ingest.operator-token>}. A
 * controller parameter of this type makes the endpoint operator-only ({@link OperatorResolver}).
 */
public record Operator() {}
