package android.os;

/** Bundle stands in for Android's class (see ../../README.md). */
public final class Bundle {}
