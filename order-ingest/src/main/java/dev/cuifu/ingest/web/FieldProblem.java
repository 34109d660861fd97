package dev.cuifu.ingest.web;

/** One bad field of a request: its path in the body (e.g. {@code events[3].buyerPhone}) and why. */
public record FieldProblem(String field, String message) {}
