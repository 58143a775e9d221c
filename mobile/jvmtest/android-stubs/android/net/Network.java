package android.net;

/** Network stands in for Android's class (see ../../README.md). */
public class Network {}
