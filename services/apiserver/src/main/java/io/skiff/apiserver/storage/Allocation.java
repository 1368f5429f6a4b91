package io.skiff.apiserver.storage;

/**
 * One value of a shared pool ({@code serviceips}, {@code servicenodeports}) held by the object whose
 * uid is {@code owner}. The database keeps each (pool, value) at most once.
 */
public record Allocation(String pool, String value, String owner) {}
