package dev.cuifu.reminder.web;

/** One bad field of a request: its path in the body (e.g. {@code quietHours.start}) and why. */
public record FieldProblem(String field, String message) {}
